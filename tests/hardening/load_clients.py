"""N clients, each on its own keep-alive connection, sending M storing requests to a served simulator.

Every key is noted as sent before its request leaves and as acknowledged only when the
answer says the write was taken, so after a crash the two lists bound what the store
may hold: everything acknowledged, nothing that was never sent.
"""

from __future__ import annotations

import threading
import traceback
from dataclasses import dataclass, field

import requests

from konform.evidence import Exchange
from tests.hardening.writes import Post, Writes
from tests.serving import Served

TIMEOUT = 30.0


@dataclass
class Tally:
    """What the clients sent, what was acknowledged, what was answered otherwise, what broke off,
    and any client's own failure."""

    sent: list[str] = field(default_factory=list)
    acknowledged: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    changed: threading.Condition = field(default_factory=threading.Condition)

    def note(self, into: list[str], entry: str) -> None:
        with self.changed:
            into.append(entry)
            self.changed.notify_all()

    def in_flight(self) -> int:
        """Writes sent and not yet answered (call with `changed` held)."""
        return len(self.sent) - len(self.acknowledged) - len(self.refused) - len(self.broken)


def send(http: requests.Session, post: Post, body: bytes, title: str) -> Exchange:
    """POST one write and read the whole answer.

    The response is closed at once: one left open keeps its keep-alive connection open,
    and a server stopping gracefully waits for that connection.
    """
    with http.post(post.url, data=body, headers=post.headers, timeout=TIMEOUT) as answer:
        return Exchange(
            title=title,
            url=post.url,
            status=answer.status_code,
            response_body=answer.content,
            response_headers=dict(answer.headers),
        )


def _client(served: Served, writes: Writes, post: Post, client: int, count: int, tally: Tally) -> None:
    try:
        with served.session() as http:
            for index in range(count):
                if not _write(http, writes, post, writes.key(client, index), tally):
                    return  # the simulator is gone (killed): this client stops
    except Exception:  # a client's own failure must reach the test, not die with its thread
        tally.note(tally.failed, traceback.format_exc())


def _write(http: requests.Session, writes: Writes, post: Post, key: str, tally: Tally) -> bool:
    """Send one write and note its fate; False once the connection broke off."""
    body = writes.body(key)
    tally.note(tally.sent, key)
    try:
        exchange = send(http, post, body, writes.registry)
    except requests.RequestException as error:
        tally.note(tally.broken, f"{key}: {type(error).__name__}")
        return False
    if writes.acknowledged(exchange, key):
        tally.note(tally.acknowledged, key)
    else:
        tally.note(tally.refused, f"{key}: HTTP {exchange.status} {exchange.response_body[:300]!r}")
    return True


def start_clients(
    served: Served, writes: Writes, posts: list[Post], *, writes_each: int
) -> tuple[Tally, list[threading.Thread]]:
    """One client per entry of `posts`, each in its own thread; the caller joins them."""
    tally = Tally()
    threads = [
        threading.Thread(target=_client, args=(served, writes, post, client, writes_each, tally), daemon=True)
        for client, post in enumerate(posts)
    ]
    for thread in threads:
        thread.start()
    return tally, threads


def join(threads: list[threading.Thread]) -> None:
    for thread in threads:
        thread.join(timeout=TIMEOUT * 2)
        assert not thread.is_alive(), "a load client hung"

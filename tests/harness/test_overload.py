"""Overload is deterministic: past the in-flight cap a simulator answers 503 + Retry-After at once.

"At once" is shown without timing: the refusals come back while the request that holds
the one slot is still unfinished, blocked in its own work (not awaiting its body).
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
import requests
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from generators import sysvak as gen
from konform import soap, store
from konform.server import Server
from konform.simulator import Simulator
from konform.sysvak import embedded, messages
from konform.sysvak.embedded import RunningSysvak
from konform.sysvak.model import Vaksinand

DEADLINE = 60.0


class HeldSimulator(Simulator):
    """A simulator whose /hold requests wait until the test releases them."""

    def __init__(self, database: object) -> None:
        super().__init__(database)  # type: ignore[arg-type]
        self.gate: asyncio.Event | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self.holding = 0
        self.arrived = threading.Condition()

    def routes(self) -> list[BaseRoute]:
        return [Route("/hold", self.hold), Route("/ping", self.ping)]

    async def hold(self, request: Request) -> Response:
        if self.gate is None:
            self.gate, self.loop = asyncio.Event(), asyncio.get_running_loop()
        with self.arrived:
            self.holding += 1
            self.arrived.notify_all()
        await self.gate.wait()
        return PlainTextResponse("released")

    async def ping(self, request: Request) -> Response:
        return PlainTextResponse("pong")

    def wait_until_holding(self, count: int) -> bool:
        """Block until `count` /hold requests are inside the simulator (or the deadline passes)."""
        with self.arrived:
            return self.arrived.wait_for(lambda: self.holding >= count, timeout=DEADLINE)

    def release(self) -> None:
        assert self.loop is not None and self.gate is not None
        self.loop.call_soon_threadsafe(self.gate.set)


@pytest.fixture
def held(tmp_path: Path) -> Iterator[tuple[HeldSimulator, Server]]:
    simulator = HeldSimulator(store.open_database(tmp_path / "held.sqlite", ""))
    server = Server(simulator.app()).start()
    yield simulator, server
    if simulator.gate is not None:
        simulator.release()
    server.stop()


def session() -> requests.Session:
    http = requests.Session()
    http.trust_env = False
    return http


def test_past_the_cap_the_answer_is_503_with_retry_after_and_the_server_keeps_serving(
    held: tuple[HeldSimulator, Server],
) -> None:
    simulator, server = held
    set_cap = session().put(server.url + "/_konform/limits", json={"max_in_flight": 2}, timeout=30)
    assert set_cap.json()["max_in_flight"] == 2
    answers: list[int] = []
    holders = [
        threading.Thread(
            target=lambda: answers.append(session().get(server.url + "/hold", timeout=30).status_code)
        )
        for _ in range(2)
    ]
    for holder in holders:
        holder.start()
    assert simulator.wait_until_holding(2)
    refused = session().get(server.url + "/ping", timeout=30)
    assert refused.status_code == 503
    assert refused.headers["Retry-After"] == "1"
    fault = soap.parse_fault(refused.content)
    assert fault is not None
    assert "simulator busy: 2 requests in flight (limit 2)" in fault[1]
    limits = session().get(server.url + "/_konform/limits", timeout=30)
    assert limits.status_code == 200  # the control API stays reachable under load
    simulator.release()
    for holder in holders:
        holder.join(timeout=DEADLINE)
    assert answers == [200, 200]
    assert session().get(server.url + "/ping", timeout=30).text == "pong"


def test_without_a_cap_nothing_is_refused(held: tuple[HeldSimulator, Server]) -> None:
    _simulator, server = held
    assert session().get(server.url + "/_konform/limits", timeout=30).json()["max_in_flight"] is None
    assert [session().get(server.url + "/ping", timeout=30).status_code for _ in range(5)] == [200] * 5


@pytest.mark.parametrize("cap", [0, -1, "2", True])
def test_a_cap_that_is_not_a_positive_integer_is_refused(
    held: tuple[HeldSimulator, Server], cap: object
) -> None:
    _simulator, server = held
    answer = session().put(server.url + "/_konform/limits", json={"max_in_flight": cap}, timeout=30)
    assert answer.status_code == 400
    assert "positive integer" in answer.json()["error"]


CLIENTS = 20
CHILD = "03852153767"  # synthetic (month + 80)


def hendelse_message(day: int) -> bytes:
    """A HendelseRequest MsgHead with its own MsgId: a vaksinasjon on day `day` of 2022."""
    event = gen.hendelse("MMR", date(2022, 1, 1) + timedelta(days=day))
    request = gen.request_for(Vaksinand(ident=gen.person_ident(CHILD)), event)
    return gen.msghead(messages.request(request))[0]


@pytest.fixture
def sysvak(tmp_path: Path) -> Iterator[RunningSysvak]:
    running = embedded.start(tmp_path / "sysvak")
    running.simulator.add_person({"ident": CHILD, "fornavn": "Ida", "etternavn": "Hansen"})
    # Another writer holds the database below; the simulator waits for it as long as the
    # test needs instead of SQLite's default 5 s, so nothing here depends on time passing.
    running.simulator.db.execute("PRAGMA busy_timeout = 600000")
    yield running
    running.stop()


def test_requests_past_the_cap_are_refused_while_a_message_is_processed(sysvak: RunningSysvak) -> None:
    """A HendelseRequest blocked in its SQLite write holds the one slot; twenty clients sending
    at the same moment all get 503 with Retry-After at once, and are served once it is done."""
    url = sysvak.endpoint.url
    headers = {"Content-Type": "application/xml; charset=utf-8"}
    assert session().put(sysvak.server.url + "/_konform/limits", json={"max_in_flight": 1}, timeout=30).ok
    writer = sqlite3.connect(sysvak.database, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another writer (a backup, say) holds the database
    held: list[requests.Response] = []

    def hold() -> None:  # until it holds the slot itself, not the probe below
        while not held or held[-1].status_code == 503:
            held.append(session().post(url, data=hendelse_message(0), headers=headers, timeout=DEADLINE))

    holder = threading.Thread(target=hold)
    try:
        holder.start()
        probe = session()
        while probe.get(f"{url}/responses/probe", timeout=DEADLINE).status_code != 503:
            pass  # the message has not reached the simulator yet
        start = threading.Barrier(CLIENTS)
        refused: list[requests.Response] = []

        def client(day: int) -> None:
            body = hendelse_message(day)
            start.wait(timeout=DEADLINE)
            refused.append(session().post(url, data=body, headers=headers, timeout=DEADLINE))

        clients = [threading.Thread(target=client, args=(day,)) for day in range(1, CLIENTS + 1)]
        for thread in clients:
            thread.start()
        for thread in clients:
            thread.join(timeout=DEADLINE)
        assert holder.is_alive()  # every refusal came back while the slot was still held
    finally:
        writer.execute("ROLLBACK")
        holder.join(timeout=DEADLINE)
        writer.close()
    assert [answer.status_code for answer in refused] == [503] * CLIENTS
    assert {answer.headers.get("Retry-After") for answer in refused} == {"1"}
    fault = soap.parse_fault(refused[0].content)
    assert fault is not None and "(limit 1)" in fault[1]
    assert held[-1].status_code == 200 and b"<Status>akseptert</Status>" in held[-1].content
    events = session().get(sysvak.server.url + "/_konform/sysvak/events", timeout=30).json()["events"]
    assert len(events) == 1  # the refused messages were not processed
    served = [
        session().post(url, data=hendelse_message(day), headers=headers, timeout=DEADLINE)
        for day in range(1, CLIENTS + 1)
    ]
    assert [answer.status_code for answer in served] == [200] * CLIENTS
    events = session().get(sysvak.server.url + "/_konform/sysvak/events", timeout=30).json()["events"]
    assert len(events) == 1 + CLIENTS

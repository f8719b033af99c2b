"""`konform serve <registry> --max-in-flight N`: past N requests in flight the answer is 503 at once.

N writes are held in flight by the test itself: each sends its headers and part of its
body, and the simulator waits for the rest. Further writes are then refused with 503,
Retry-After and a SOAP fault instead of queueing; once the held writes are finished they
are served and stored, the refused ones are not, and the next write is served again.
"""

from __future__ import annotations

import http.client
import ssl
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from konform import soap
from konform.cli import main
from konform.evidence import Exchange
from tests.hardening.load_clients import TIMEOUT, send
from tests.hardening.writes import REGISTRIES, Post, Writes, writes_for
from tests.serving import Served, serving

CAP = 2
BEYOND = 4
HELD_BYTES = 64

pytestmark = pytest.mark.slow


def hold(served: Served, post: Post, body: bytes) -> http.client.HTTPConnection:
    """A write whose headers and first bytes are sent; the simulator waits for the rest."""
    url = urlsplit(post.url)
    host, port = url.hostname or "127.0.0.1", url.port
    connection: http.client.HTTPConnection
    if url.scheme == "https":
        context = ssl.create_default_context(cafile=served.state["ca"])
        if served.state.get("client_cert"):
            context.load_cert_chain(served.state["client_cert"], served.state["client_key"])
        connection = http.client.HTTPSConnection(host, port, context=context, timeout=TIMEOUT)
    else:
        connection = http.client.HTTPConnection(host, port, timeout=TIMEOUT)
    connection.putrequest("POST", url.path)
    for name, value in post.headers.items():
        connection.putheader(name, value)
    connection.putheader("Content-Length", str(len(body)))
    connection.endheaders(body[:HELD_BYTES])
    return connection


def finish(connection: http.client.HTTPConnection, body: bytes, post: Post) -> Exchange:
    """Send the rest of a held write and read its answer."""
    connection.send(body[HELD_BYTES:])
    answer = connection.getresponse()
    exchange = Exchange(title="held", url=post.url, status=answer.status, response_body=answer.read())
    connection.close()
    return exchange


def await_cap_reached(served: Served) -> int:
    """Probe with a GET (which stores nothing) until the simulator refuses; its status."""
    deadline = time.monotonic() + TIMEOUT
    with served.session() as probe:
        status = probe.get(served.state["url"], timeout=TIMEOUT).status_code
        while status != 503 and time.monotonic() < deadline:
            status = probe.get(served.state["url"], timeout=TIMEOUT).status_code
    return status


def beyond_the_cap(served: Served, writes: Writes, post: Post) -> list[Exchange]:
    """BEYOND writes sent at once, each on its own connection."""

    def one(index: int) -> Exchange:
        with served.session() as http_session:
            return send(http_session, post, writes.body(writes.key(1, index)), writes.registry)

    with ThreadPoolExecutor(BEYOND) as pool:
        return list(pool.map(one, range(BEYOND)))


@pytest.mark.parametrize("registry", REGISTRIES)
def test_past_the_cap_writes_are_refused_with_503_and_those_below_it_are_served(
    registry: str, tmp_path: Path
) -> None:
    writes = writes_for(registry)
    with serving(registry, tmp_path, "--max-in-flight", str(CAP)) as served:
        assert served.state["max_in_flight"] == CAP
        with served.session() as control:
            limits = control.get(served.state["control_url"] + "/_konform/limits", timeout=TIMEOUT)
        assert limits.json()["max_in_flight"] == CAP
        post = writes.prepare(served)
        held_keys = [writes.key(0, index) for index in range(CAP)]
        bodies = [writes.body(key) for key in held_keys]
        held = [hold(served, post, body) for body in bodies]
        assert await_cap_reached(served) == 503

        refused = beyond_the_cap(served, writes, post)
        assert [answer.status for answer in refused] == [503] * BEYOND
        retry_after = [
            value
            for answer in refused
            for name, value in answer.response_headers.items()
            if name.lower() == "retry-after"
        ]
        assert retry_after == ["1"] * BEYOND
        for answer in refused:
            fault = soap.parse_fault(answer.response_body)
            assert fault is not None, answer.response_body[:300]
            assert f"requests in flight (limit {CAP})" in fault[1]

        finished = [finish(connection, body, post) for connection, body in zip(held, bodies, strict=True)]
        assert [
            writes.acknowledged(answer, key) for answer, key in zip(finished, held_keys, strict=True)
        ] == [True] * CAP
        assert sorted(writes.stored(served)) == sorted(held_keys)

        after = writes.key(2, 0)
        with served.session() as http_session:
            again = send(http_session, post, writes.body(after), registry)
        assert writes.acknowledged(again, after), again.response_body[:300]


@pytest.mark.parametrize("registry", REGISTRIES)
@pytest.mark.parametrize("value", ["0", "-3", "many"])
def test_a_cap_that_is_not_a_positive_integer_is_a_usage_error(
    registry: str, value: str, tmp_path: Path
) -> None:
    folder = tmp_path / "sim"
    result = CliRunner().invoke(main, ["serve", registry, "--folder", str(folder), "--max-in-flight", value])
    assert result.exit_code == 2
    assert "Invalid value for '--max-in-flight'" in result.output
    assert "Traceback" not in result.output
    assert not folder.exists()


@pytest.mark.parametrize("registry", REGISTRIES)
def test_every_serve_command_documents_the_cap(registry: str) -> None:
    result = CliRunner().invoke(main, ["serve", registry, "--help"])
    assert result.exit_code == 0
    assert "--max-in-flight N" in result.output
    assert "503 with Retry-After" in result.output

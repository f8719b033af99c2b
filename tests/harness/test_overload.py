"""Overload is deterministic: past the in-flight cap a simulator answers 503 + Retry-After at once."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from konform import soap, store
from konform.server import Server
from konform.simulator import Simulator

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

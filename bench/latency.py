"""A pytest plugin for the remote-target benchmark: every simulator listener behind a LatencyProxy.

`PYTEST_ADDOPTS="-p bench.latency"` loads it in `konform certify`'s pytest and in each of
its workers; BENCH_ONE_WAY_MS (the delay each way) and BENCH_TRAFFIC (a folder) configure
it. The embedded simulators start as usual, but the URLs every scenario is given (service,
control API) lead through a proxy, so the suite runs as against a registry across the
internet. Each process writes what crossed its proxies to BENCH_TRAFFIC when it ends.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from bench.proxy import LatencyProxy, Traffic
from konform import server

PROXIES: list[LatencyProxy] = []
#: Round trips per test (its fixtures' included: the first test of a registry starts its simulator).
PER_TEST: dict[str, int] = {}
_listen = server.Server.__init__


def _behind_proxy(self: server.Server, app: Any, **options: Any) -> None:
    _listen(self, app, **options)
    proxy = LatencyProxy(self.host, self.port, float(os.environ["BENCH_ONE_WAY_MS"]) / 1000).start()
    PROXIES.append(proxy)
    self.port = proxy.port  # the URL the simulator gives out; uvicorn keeps the bound socket


server.Server.__init__ = _behind_proxy  # type: ignore[method-assign]


def _round_trips() -> int:
    return sum(proxy.traffic.round_trips for proxy in PROXIES)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> object:
    before = _round_trips()
    try:
        return (yield)
    finally:
        PER_TEST[item.nodeid] = _round_trips() - before


def pytest_unconfigure(config: pytest.Config) -> None:
    folder = Path(os.environ["BENCH_TRAFFIC"])
    folder.mkdir(parents=True, exist_ok=True)
    totals = {key: sum(asdict(proxy.traffic)[key] for proxy in PROXIES) for key in asdict(Traffic())}
    found = json.dumps({**totals, "per_test": PER_TEST})
    (folder / f"{os.getpid()}.json").write_text(found, encoding="utf-8")

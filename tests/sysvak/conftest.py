"""One embedded SYSVAK simulator for konform's own SYSVAK tests, reset before each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from konform.sysvak import embedded
from konform.sysvak.client import SysvakClient, SysvakControl


@pytest.fixture(scope="session")
def sysvak_sim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[embedded.RunningSysvak]:
    running = embedded.start(tmp_path_factory.mktemp("sysvak-sim"))
    yield running
    running.stop()


@pytest.fixture
def sysvak_ctl(sysvak_sim: embedded.RunningSysvak) -> Iterator[SysvakControl]:
    control = SysvakControl(str(sysvak_sim.endpoint.control_url))
    control.select_profile("correct")
    control.reset()
    yield control
    control.close()


@pytest.fixture
def sysvak_cli(sysvak_sim: embedded.RunningSysvak, sysvak_ctl: SysvakControl) -> Iterator[SysvakClient]:
    with SysvakClient(sysvak_sim.endpoint) as client:
        yield client

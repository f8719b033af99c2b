"""One embedded BRS simulator for konform's own BRS tests, reset before each test, and its STS."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from lxml import etree

from konform.brs import embedded
from konform.brs.client import BrsClient
from konform.brs.control_client import BrsControl
from konform.dgws.sts import TestSts

Mint = Callable[..., etree._Element]


@pytest.fixture(scope="session")
def brs_running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[embedded.RunningBrs]:
    running = embedded.start(tmp_path_factory.mktemp("brs-sim"))
    yield running
    running.stop()


@pytest.fixture
def brs_ctl(brs_running: embedded.RunningBrs) -> Iterator[BrsControl]:
    control = BrsControl(str(brs_running.endpoint.control_url))
    control.select_profile("correct")
    control.reset()
    yield control
    control.close()


@pytest.fixture(scope="session")
def brs_test_sts(brs_running: embedded.RunningBrs) -> TestSts:
    return TestSts.from_pki(brs_running.pki)


@pytest.fixture
def mint(brs_test_sts: TestSts, brs_ctl: BrsControl) -> Mint:
    """A card for a CVR (default: the whitelisted caller) at a level, valid from the simulator's now."""

    def card(cvr: str = embedded.CVR, level: int = 3, **options: object) -> etree._Element:
        options.setdefault("not_before", brs_ctl.now())
        return brs_test_sts.mint(level=level, cvr=cvr, **options)  # type: ignore[arg-type]

    return card


@pytest.fixture
def brs_api(brs_running: embedded.RunningBrs, mint: Mint) -> Iterator[BrsClient]:
    """A client calling as the whitelisted CVR with a level-3 card minted per request."""
    with BrsClient(brs_running.endpoint, lambda: mint()) as client:
        yield client


@pytest.fixture
def pki_folder(brs_running: embedded.RunningBrs) -> Path:
    return brs_running.pki.folder

"""One embedded SPOR simulator for konform's own SPOR tests, reset before each test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

import pytest
from lxml import etree

from konform.spor import embedded
from konform.spor.client import SporClient, SporControl
from konform.spor.model import registration_xml

UNIT = embedded.DEFAULT_UNIT

#: The guide's own example values (§7.1, §7.2.3) and Skatteverket's test personnummer.
EXAMPLE = {
    "recipientMessageSplit": "SPOR",
    "systemId": UNIT,
    "behandlingsnummer": "2200054",
    "personnummer": "191212121212",
    "operationsanmalan": "2022-04-01T09:12:00+01:00",
    "operationsdatum": "2022-04-13",
    "anlantOperationsavdelning": "2022-04-13T13:10:00+01:00",
    "operationsstart": "2022-04-13T13:54:22+01:00",
    "operationsslut": "2022-04-13T15:02:00+01:00",
    "lamnatOperationsavdelning": "2022-04-13T15:40:00+01:00",
    "atgarder": ["JAB30"],
    "kommentar": "Planerad operation",
}


class Example(Protocol):
    def __call__(self, **changes: Any) -> etree._Element: ...


@pytest.fixture(scope="session")
def spor_example() -> Example:
    """Build the example registration with some variables changed (None leaves one out)."""

    def build(**changes: Any) -> etree._Element:
        return registration_xml(**{**EXAMPLE, **changes})

    return build


@pytest.fixture(scope="session")
def spor_sim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[embedded.RunningSpor]:
    running = embedded.start(tmp_path_factory.mktemp("spor-sim"))
    yield running
    running.stop()


@pytest.fixture
def spor_ctl(spor_sim: embedded.RunningSpor) -> Iterator[SporControl]:
    control = SporControl(str(spor_sim.endpoint.control_url), spor_sim.pki.ca)
    control.select_profile("correct")
    control.reset()
    yield control
    control.close()


@pytest.fixture
def spor_cli(spor_sim: embedded.RunningSpor, spor_ctl: SporControl) -> Iterator[SporClient]:
    with SporClient(spor_sim.endpoint) as client:
        yield client


@pytest.fixture
def pki_folder(spor_sim: embedded.RunningSpor) -> Path:
    return spor_sim.pki.folder

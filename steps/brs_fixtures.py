"""Fixtures of the BRS steps: the target (embedded simulator or a profile), its STS, control API, client."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from generators.brs import synthetic_cprs
from konform import pki, runseed
from konform.brs import embedded
from konform.brs.client import BrsClient
from konform.brs.control_client import BrsControl
from konform.clock import Clock
from konform.dgws.sts import TestSts
from konform.targets import Endpoint, Target
from steps.brs_world import BrsScenario, Caller


@pytest.fixture(scope="session")
def brs_endpoint(target: Target, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoint]:
    """BRS under test: the embedded simulator for `sim`, else the profile's [<target>.brs]."""
    if not target.embedded:
        yield target.endpoint("brs")
        return
    running = embedded.start(tmp_path_factory.mktemp("brs"))
    try:
        yield running.endpoint
    finally:
        running.stop()


def _sts(endpoint: Endpoint, key: str, cert: str) -> TestSts | None:
    if endpoint.options.get(key) and endpoint.options.get(cert):
        return TestSts.from_files(Path(endpoint.options[key]), Path(endpoint.options[cert]))
    return None


@pytest.fixture(scope="session")
def brs_sts(brs_endpoint: Endpoint) -> TestSts | None:
    return _sts(brs_endpoint, "sts_key", "sts_cert")


@pytest.fixture(scope="session")
def brs_untrusted_sts(brs_endpoint: Endpoint, tmp_path_factory: pytest.TempPathFactory) -> TestSts:
    """An STS the target must not trust: the profile's, else one from a fresh, unknown CA."""
    found = _sts(brs_endpoint, "untrusted_sts_key", "untrusted_sts_cert")
    return found or TestSts.from_pki(pki.create(tmp_path_factory.mktemp("brs-foreign-pki")), untrusted=True)


@pytest.fixture(scope="session")
def brs_session_control(brs_endpoint: Endpoint) -> Iterator[BrsControl | None]:
    if not brs_endpoint.control_url:
        yield None
        return
    control = BrsControl(brs_endpoint.control_url, brs_endpoint.ca)
    yield control
    control.close()


@pytest.fixture(scope="session")
def brs_client(brs_endpoint: Endpoint) -> Iterator[BrsClient]:
    """One zeep client per session (loading the WSDLs is the slow part); each scenario sets its card."""

    def no_card() -> etree._Element:
        raise RuntimeError("no scenario has set the ID card")

    with BrsClient(brs_endpoint, no_card) as client:
        yield client


@pytest.fixture
def brs(
    request: pytest.FixtureRequest,
    brs_endpoint: Endpoint,
    brs_session_control: BrsControl | None,
    brs_sts: TestSts | None,
    brs_untrusted_sts: TestSts,
    brs_client: BrsClient,
) -> BrsScenario:
    """Per scenario: a reset simulator with its clock frozen at the real time, when there is one,
    and the scenario's own synthetic people, drawn from the run's seed."""
    clock = Clock()
    options = brs_endpoint.options
    rng = runseed.rng(f"brs-people:{request.node.nodeid}")
    patient, professional, second = synthetic_cprs(rng, 3)
    scenario = BrsScenario(
        endpoint=brs_endpoint,
        control=brs_session_control,
        sts=brs_sts,
        untrusted_sts=brs_untrusted_sts,
        clock=clock,
        caller=Caller(str(options.get("cvr", embedded.CVR))),
        other_cvr=str(options.get("other_cvr", embedded.OTHER_CVR)),
        unlisted_cvr=str(options.get("unlisted_cvr", embedded.UNLISTED_CVR)),
        client=brs_client,
        people=(patient, professional, second),
        tag=f"{rng.getrandbits(48):012x}",
    )
    if brs_sts is not None:
        brs_sts.clock = clock
    scenario.restart()
    return scenario

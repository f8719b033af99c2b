"""Fixtures for the DGWS tests: one test PKI and STS per session, a fresh verifier per test."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from lxml import etree

from konform import pki
from konform.clock import Clock
from konform.dgws import DgwsFault, TestSts, Verifier, wrap
from konform.dgws import namespaces as ns

WHITELISTED_CVR = "25520041"
PAYLOAD_NS = "urn:konform:test:echo"


@pytest.fixture(scope="session")
def dgws_pki(tmp_path_factory: pytest.TempPathFactory) -> pki.Pki:
    return pki.ensure(tmp_path_factory.mktemp("dgws-pki"))


@pytest.fixture(scope="session")
def sts(dgws_pki: pki.Pki) -> TestSts:
    return TestSts.from_pki(dgws_pki)


@pytest.fixture(scope="session")
def untrusted_sts(dgws_pki: pki.Pki) -> TestSts:
    return TestSts.from_pki(dgws_pki, untrusted=True)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def verifier(dgws_pki: pki.Pki, clock: Clock) -> Verifier:
    return Verifier([dgws_pki.sts_cert], clock=clock, cvr_whitelist={WHITELISTED_CVR})


def payload() -> etree._Element:
    element = etree.Element(f"{{{PAYLOAD_NS}}}Echo", nsmap={"e": PAYLOAD_NS})
    element.text = "hej"
    return element


@pytest.fixture
def request_with() -> Callable[..., etree._Element]:
    """A parsed request envelope carrying `card` (and header options), ready to tamper with."""

    def build(card: etree._Element, **options: object) -> etree._Element:
        return etree.fromstring(wrap(payload(), card, **options))

    return build


@pytest.fixture
def refusal(verifier: Verifier) -> Callable[..., DgwsFault]:
    """The DgwsFault the verifier raises for a request (failing the test if it accepts it)."""

    def refuse(request: etree._Element | bytes, *, min_level: int = 1) -> DgwsFault:
        with pytest.raises(DgwsFault) as caught:
            verifier.verify(request, min_level=min_level)
        return caught.value

    return refuse


@pytest.fixture
def card_value() -> Callable[[etree._Element, str], etree._Element]:
    """The saml:AttributeValue element of the card attribute `name` inside a request."""

    def find(request: etree._Element, name: str) -> etree._Element:
        path = f".//{ns.q(ns.SAML, 'Attribute')}[@Name='{name}']/{ns.q(ns.SAML, 'AttributeValue')}"
        found = request.find(path)
        assert found is not None, name
        return found

    return find

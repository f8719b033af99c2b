"""The zeep plugin adds DGWS headers to a real zeep client's envelope that the verifier accepts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
from lxml import etree
from zeep import Client
from zeep.transports import Transport

from konform.dgws import TestSts, Verifier, idcard, wrap
from konform.dgws import namespaces as ns
from konform.dgws.zeep_plugin import DgwsPlugin

WSDL = Path(__file__).with_name("dgws_echo.wsdl")


@pytest.fixture(scope="module")
def client() -> Client:
    session = requests.Session()
    session.trust_env = False  # STACK gotcha 4
    return Client(str(WSDL), transport=Transport(session=session))


def _egress(plugin: DgwsPlugin, client: Client) -> bytes:
    envelope = client.create_message(client.service, "Echo", text="hej")
    envelope, _ = plugin.egress(envelope, {}, None, {})
    return etree.tostring(envelope)


def test_plugin_headers_on_a_zeep_envelope_are_accepted_by_the_verifier(
    sts: TestSts, verifier: Verifier, client: Client
) -> None:
    plugin = DgwsPlugin(sts.mint(level=4), flow_id="flow-7")
    card = verifier.verify(_egress(plugin, client), min_level=4)
    assert (card.level, card.message_id, card.flow_id) == (4, plugin.last_message_id, "flow-7")


def test_plugin_sends_a_fresh_message_id_each_time(sts: TestSts, verifier: Verifier, client: Client) -> None:
    plugin = DgwsPlugin(sts.mint(level=3))
    first, second = _egress(plugin, client), _egress(plugin, client)
    ids = {verifier.verify(first).message_id, verifier.verify(second).message_id}
    assert len(ids) == 2


def test_plugin_reads_a_card_file_and_replaces_old_headers(
    sts: TestSts, verifier: Verifier, client: Client, tmp_path: Path
) -> None:
    card_file = tmp_path / "card.xml"
    card_file.write_bytes(etree.tostring(sts.mint(level=3)))
    plugin = DgwsPlugin(card_file)
    envelope = client.create_message(client.service, "Echo", text="hej")
    for _ in range(2):
        envelope, _ = plugin.egress(envelope, {}, None, {})
    assert len(envelope.findall(f".//{ns.SECURITY}")) == 1
    assert verifier.verify(envelope).level == 3


def test_plugin_calls_a_card_source_per_request(sts: TestSts, verifier: Verifier, client: Client) -> None:
    minted: list[etree._Element] = []

    def source() -> etree._Element:
        minted.append(sts.mint(level=3))
        return minted[-1]

    plugin = DgwsPlugin(source)
    verifier.verify(_egress(plugin, client))
    verifier.verify(_egress(plugin, client))
    assert len(minted) == 2


def test_card_keeps_its_own_namespace_prefixes_when_wrapped(
    sts: TestSts, verifier: Verifier, client: Client
) -> None:
    """lxml renames prefixes of a moved element to ones declared above it; the signature must survive."""
    start = datetime.now(UTC).replace(microsecond=0)
    assertion = idcard.build(
        level=2,
        cvr="25520041",
        not_before=start,
        not_on_or_after=start + timedelta(hours=1),
        care_provider_name="test",
        it_system="test",
        issuer="test",
    )
    token = assertion.find(f".//{ns.q(ns.WSSE, 'UsernameToken')}")
    assert token is not None and token.getparent() is not None
    odd = etree.SubElement(token.getparent(), ns.q(ns.WSSE, "UsernameToken"), nsmap={"o": ns.WSSE})
    odd.extend(list(token))
    token.getparent().remove(token)
    card = idcard.sign(assertion, sts.key, sts.cert)
    assert verifier.verify(_egress(DgwsPlugin(card), client)).level == 2
    assert verifier.verify(wrap(etree.Element("{urn:konform:test:echo}Echo"), card)).level == 2
    naive = client.create_message(client.service, "Echo", text="hej")
    security = etree.SubElement(
        etree.SubElement(naive, "{http://schemas.xmlsoap.org/soap/envelope/}Header"), ns.SECURITY
    )
    security.append(card)
    assert "<o:UsernameToken" not in etree.tostring(naive).decode()  # the hazard the splice avoids

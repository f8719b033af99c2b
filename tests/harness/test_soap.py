"""SOAP 1.1 envelopes and the hardened parser refuse what a registry must refuse."""

from __future__ import annotations

import pytest
from lxml import etree

from konform import soap, xml

PAYLOAD = b"<p:ping xmlns:p='urn:example'>1</p:ping>"


def envelope(body: bytes) -> bytes:
    return (
        b"<soap:Envelope xmlns:soap='http://schemas.xmlsoap.org/soap/envelope/'><soap:Body>"
        + body
        + b"</soap:Body></soap:Envelope>"
    )


def test_a_built_envelope_parses_back_to_its_payload() -> None:
    payload = etree.fromstring(PAYLOAD)
    parsed = soap.parse(soap.build(payload))
    assert parsed.payload is not None
    assert parsed.payload.tag == "{urn:example}ping"
    assert parsed.payload.text == "1"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"not xml at all", "not well-formed"),
        (b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>', "DTD"),
        (b'<!DOCTYPE a SYSTEM "file:///etc/passwd"><a/>', "DTD"),
        (b"<a>" * 100 + b"</a>" * 100, "nesting"),
    ],
)
def test_hostile_xml_is_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(xml.UnsafeXml, match=reason):
        xml.parse(data)


def test_billion_laughs_is_refused_before_expansion() -> None:
    entities = "".join(f'<!ENTITY l{i} "&l{i - 1};&l{i - 1};">' for i in range(1, 10))
    data = f'<!DOCTYPE a [<!ENTITY l0 "ha">{entities}]><a>&l9;</a>'.encode()
    with pytest.raises(xml.UnsafeXml, match="DTD"):
        xml.parse(data)


def test_soap12_envelope_is_a_version_mismatch_fault() -> None:
    data = b"<e:Envelope xmlns:e='http://www.w3.org/2003/05/soap-envelope'><e:Body/></e:Envelope>"
    with pytest.raises(soap.Fault, match=r"SOAP 1\.2"):
        soap.parse(data)


def test_a_body_with_two_payloads_is_a_client_fault() -> None:
    with pytest.raises(soap.Fault, match="one element") as caught:
        soap.parse(envelope(PAYLOAD + PAYLOAD))
    assert caught.value.code == "Client"


def test_a_fault_envelope_round_trips() -> None:
    detail = etree.fromstring(b"<d:FaultCode xmlns:d='urn:d'>syntax_error</d:FaultCode>")
    parsed = soap.parse_fault(soap.fault_envelope("Client", "bad header", [detail]))
    assert parsed is not None
    code, text, found = parsed
    assert (code, text) == ("soap:Client", "bad header")
    assert found is not None
    assert found[0].text == "syntax_error"

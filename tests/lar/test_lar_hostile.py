"""Hostile input gets a specific fault, nothing is stored, and LAR keeps serving.

As for SPOR (malformed XML, DTDs and entities, size, content type, SOAP version, unknown
operations), plus what DGWS adds: XML signature wrapping and a tampered assertion.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

import pytest
from lar_helpers import allergy
from lxml import etree

from konform import soap, xml
from konform.dgws import header
from konform.dgws import namespaces as ns
from konform.lar import model
from konform.lar.cards import Cards
from konform.lar.client import LarClient, LarControl

SERVICE = model.SERVICE_NS


def wrapped(body: str, *, envelope_ns: str = soap.SOAP11) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="{envelope_ns}">'
        f"<soap:Body>{body}</soap:Body></soap:Envelope>"
    ).encode()


REQUEST = etree.tostring(model.request_xml(model.REGISTER, allergy())).decode()

#: (name, body, content type, HTTP status, DGWS FaultCode or None, a fragment the faultstring carries)
HOSTILE: list[tuple[str, bytes, str, int, str | None, str]] = [
    ("not XML", b"this is not XML", soap.CONTENT_TYPE, 500, "syntax_error", "not well-formed XML"),
    ("empty body", b"", soap.CONTENT_TYPE, 500, "syntax_error", "not well-formed XML"),
    ("not UTF-8", b"\xff\xfe\x00<\x00x", soap.CONTENT_TYPE, 500, "syntax_error", "not well-formed XML"),
    ("SOAP 1.2 content type", wrapped(REQUEST), "application/soap+xml; charset=utf-8", 500, None, "SOAP 1.2"),
    (
        "not an envelope",
        REQUEST.encode(),
        soap.CONTENT_TYPE,
        500,
        "syntax_error",
        "expected a SOAP 1.1 Envelope",
    ),
    (
        "two body elements",
        wrapped(REQUEST + REQUEST),
        soap.CONTENT_TYPE,
        500,
        "syntax_error",
        "must hold one element",
    ),
    (
        "no DGWS header at all",
        wrapped(REQUEST),
        soap.CONTENT_TYPE,
        500,
        "missing_required_header",
        "wsse:Security",
    ),
]


@pytest.mark.parametrize(
    ("name", "body", "content_type", "status", "code", "fragment"), HOSTILE, ids=[h[0] for h in HOSTILE]
)
def test_hostile_input_gets_a_specific_fault_and_nothing_is_stored(
    lar_cli: LarClient,
    lar_ctl: LarControl,
    name: str,
    body: bytes,
    content_type: str,
    status: int,
    code: str | None,
    fragment: str,
) -> None:
    reply = lar_cli.post(body, content_type=content_type, title=name)
    assert reply.http_status == status
    assert soap.parse_fault(reply.exchange.response_body) is not None, "every 5xx is a well-formed SOAP fault"
    assert reply.fault_code == code
    assert fragment in (reply.fault_string or "")
    assert lar_ctl.stored() == []
    assert lar_cli.register(allergy()).status_code == "Success", "LAR keeps serving"


# -- signature wrapping and tampering --------------------------------------------------------------


def envelope(card: etree._Element) -> etree._Element:
    return xml.parse(header.wrap(model.request_xml(model.REGISTER, allergy()), card))


def the_card(request: etree._Element) -> etree._Element:
    found = request.find(f".//{ns.ASSERTION}")
    assert found is not None
    return found


def value_of(card: etree._Element, name: str) -> etree._Element:
    found = card.find(f".//{ns.q(ns.SAML, 'Attribute')}[@Name='{name}']/{ns.q(ns.SAML, 'AttributeValue')}")
    assert found is not None
    return found


def forged(card: etree._Element) -> etree._Element:
    copy_ = copy.deepcopy(card)
    value_of(copy_, "sosi:AuthenticationLevel").text = "4"
    value_of(copy_, "medcom:CareProviderID").text = "99999999"
    signature = copy_.find(ns.SIGNATURE)
    if signature is not None:
        copy_.remove(signature)
    return copy_


def _level(request: etree._Element) -> None:
    value_of(the_card(request), "sosi:AuthenticationLevel").text = "4"


def _cvr(request: etree._Element) -> None:
    value_of(the_card(request), "medcom:CareProviderID").text = "99999999"


def _validity(request: etree._Element) -> None:
    conditions = the_card(request).find(ns.q(ns.SAML, "Conditions"))
    assert conditions is not None
    conditions.set("NotOnOrAfter", "2099-01-01T00:00:00Z")


def _unsigned(request: etree._Element) -> None:
    card = the_card(request)
    card.remove(card.find(ns.SIGNATURE))  # type: ignore[arg-type]


def _second_assertion(request: etree._Element) -> None:
    card = the_card(request)
    card.addprevious(forged(card))


def _assertion_in_body(request: etree._Element) -> None:
    body = request.find(f"{{{soap.SOAP11}}}Body")
    assert body is not None
    body[0].append(forged(the_card(request)))


TAMPERED: dict[str, Callable[[etree._Element], None]] = {
    "AuthenticationLevel raised after signing": _level,
    "CareProviderID changed after signing": _cvr,
    "NotOnOrAfter extended after signing": _validity,
    "signature removed": _unsigned,
    "a second, unsigned assertion before the signed one": _second_assertion,
    "a forged assertion hidden in the body": _assertion_in_body,
}


@pytest.mark.parametrize("attack", sorted(TAMPERED))
def test_a_tampered_or_wrapped_card_is_an_invalid_signature_and_nothing_is_stored(
    lar_cli: LarClient, lar_ctl: LarControl, lar_cards: Cards, attack: str
) -> None:
    request = envelope(lar_cards.card(3))
    TAMPERED[attack](request)
    reply = lar_cli.post(etree.tostring(request), title=attack)
    assert (reply.http_status, reply.fault_code) == (500, "invalid_signature"), reply.summary()
    assert lar_ctl.stored() == []
    assert lar_cli.register(allergy()).status_code == "Success", "LAR keeps serving"


def test_a_card_from_an_untrusted_sts_is_an_invalid_idcard(
    lar_cli: LarClient, lar_ctl: LarControl, lar_cards: Cards
) -> None:
    reply = lar_cli.post(etree.tostring(envelope(lar_cards.card(4, untrusted=True))))
    assert (reply.fault_code, "not a trusted STS" in (reply.fault_string or "")) == ("invalid_idcard", True)
    assert lar_ctl.stored() == []


def test_an_unsigned_card_is_accepted_only_by_its_fault_profile(
    lar_cli: LarClient, lar_ctl: LarControl, lar_cards: Cards
) -> None:
    request = envelope(lar_cards.card(4))
    _unsigned(request)
    lar_ctl.select_profile("accepts-unsigned-assertion")
    assert lar_cli.post(etree.tostring(request)).status_code == "Success"

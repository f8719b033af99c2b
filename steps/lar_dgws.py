"""Steps for LAR's DGWS security (§3, §4.1, §4.2): the fault matrix, signature wrapping, ID-card levels.

Each When step builds one envelope the way a broken or hostile client would and makes
exactly one exchange with it (the replay row sends its envelope a first time beforehand).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from lxml import etree
from pytest_bdd import parsers, then, when

from konform import soap, xml
from konform.checks import require
from konform.dgws import header
from konform.dgws import namespaces as ns
from konform.lar import model, readings
from konform.lar.client import Reply
from konform.lar.model import Allergy, Operation
from steps.lar import READING, LarScenario, changed, newest_version, requirement_of

SAML_VALUE = ns.q(ns.SAML, "AttributeValue")


def content_for(lar: LarScenario, operation: Operation, allergy: etree._Element) -> etree._Element:
    """The allergy for register/update, or search criteria for its patient."""
    adapted = lar.adapt(allergy)
    if operation is model.GET:
        return model.criteria_xml(patient=Allergy(adapted).patient)
    return adapted


def wrapped(
    lar: LarScenario, operation: Operation, content: etree._Element, card: etree._Element
) -> etree._Element:
    """A request envelope with the card and a fresh medcom:Header, parsed so it can be tampered with."""
    return xml.parse(header.wrap(model.request_xml(operation, content), card))


def attribute_value(envelope: etree._Element, name: str) -> etree._Element:
    found = envelope.find(f".//{ns.q(ns.SAML, 'Attribute')}[@Name='{name}']/{SAML_VALUE}")
    assert found is not None, name
    return found


def level_changed_after_signing(envelope: etree._Element) -> etree._Element:
    """The card says level 3 when signed; the envelope now claims 4 (the signature no longer verifies)."""
    attribute_value(envelope, "sosi:AuthenticationLevel").text = "4"
    return envelope


def message_id_of(envelope: etree._Element) -> str | None:
    return envelope.findtext(f".//{ns.q(ns.MEDCOM, 'MessageID')}")


def post(lar: LarScenario, operation: Operation, envelope: etree._Element | bytes) -> Reply:
    body = (
        envelope
        if isinstance(envelope, bytes)
        else etree.tostring(envelope, xml_declaration=True, encoding="UTF-8")
    )
    message_id = None if isinstance(envelope, bytes) else message_id_of(envelope)
    return lar.client(4).post(body, title=operation.name, message_id=message_id, action=operation.name)


def versions_of(lar: LarScenario, operation: Operation, content: etree._Element) -> int:
    """How many versions LAR holds of the patient's allergies (0 for a read: it stores nothing)."""
    if operation is model.GET:
        return 0
    return len(lar.history(Allergy(content).patient or ""))


# -- the fault matrix ---------------------------------------------------------------------------------


def _no_header(lar: LarScenario, operation: Operation, content: etree._Element) -> etree._Element:
    return xml.parse(soap.build(model.request_xml(operation, content)))


def _no_message_id(lar: LarScenario, operation: Operation, content: etree._Element) -> etree._Element:
    envelope = wrapped(lar, operation, content, lar.card(4))
    found = envelope.find(f".//{ns.q(ns.MEDCOM, 'MessageID')}")
    assert found is not None
    found.getparent().remove(found)  # type: ignore[union-attr]
    return envelope


def _tampered(lar: LarScenario, operation: Operation, content: etree._Element) -> etree._Element:
    return level_changed_after_signing(wrapped(lar, operation, content, lar.card(3)))


def _untrusted(lar: LarScenario, operation: Operation, content: etree._Element) -> etree._Element:
    return wrapped(lar, operation, content, lar.card(4, untrusted=True))


def _expired(lar: LarScenario, operation: Operation, content: etree._Element) -> etree._Element:
    """With a control API LAR's clock moves past the card; without one the card has expired already."""
    if lar.control is not None:
        card = lar.card(4, ttl=timedelta(minutes=10))
        lar.control.advance_clock(timedelta(minutes=30).total_seconds())
    else:
        card = lar.card(4, not_before=datetime.now(UTC) - timedelta(hours=2), ttl=timedelta(hours=1))
    return wrapped(lar, operation, content, card)


def _level_3(lar: LarScenario, operation: Operation, content: etree._Element) -> etree._Element:
    return wrapped(lar, operation, content, lar.card(3))


def _foreign_cvr(lar: LarScenario, operation: Operation, content: etree._Element) -> etree._Element:
    if lar.cards.foreign_cvr is None:
        pytest.skip("the target names no CVR it has not whitelisted (option foreign_cvr)")
    return wrapped(lar, operation, content, lar.card(4, cvr=lar.cards.foreign_cvr))


def _seen_message_id(lar: LarScenario, operation: Operation, content: etree._Element) -> etree._Element:
    envelope = wrapped(lar, operation, content, lar.card(4))
    first = post(lar, operation, envelope)
    if first.fault_code is not None:
        raise RuntimeError(f"precondition failed: the first send was refused: {first.summary()}")
    return envelope


Defect = Callable[[LarScenario, Operation, etree._Element], etree._Element]
DEFECTS: dict[str, Defect] = {
    "no DGWS header": _no_header,
    "a medcom:Header without MessageID": _no_message_id,
    "a card whose AuthenticationLevel was changed after signing": _tampered,
    "a card signed by an STS LAR does not trust": _untrusted,
    "a card that has expired by LAR's clock": _expired,
    "a level 3 card": _level_3,
    "a card for a CVR LAR has not whitelisted": _foreign_cvr,
    "a MessageID LAR has already seen": _seen_message_id,
}


@pytest.fixture
def lar_before() -> dict[str, int]:
    """What LAR held just before the faulted exchange."""
    return {}


@when(parsers.re(r"the allergy is sent to (?P<name>\w+) with (?P<defect>.+)"), target_fixture="reply")
def send_with_defect(
    lar: LarScenario, allergy: etree._Element, lar_before: dict[str, int], name: str, defect: str
) -> Reply:
    operation = next(op for op in model.OPERATIONS.values() if op.name == name)
    content = content_for(lar, operation, allergy)
    envelope = DEFECTS[defect](lar, operation, content)
    lar_before.update(versions=versions_of(lar, operation, content), operation=operation is model.GET)
    return post(lar, operation, envelope)


# -- signature wrapping --------------------------------------------------------------------------------


def _forged(signed: etree._Element) -> etree._Element:
    """A copy of the card claiming level 4 and another CVR, without its signature."""
    forged = copy.deepcopy(signed)
    for attribute in forged.iter(ns.q(ns.SAML, "Attribute")):
        value = attribute.find(SAML_VALUE)
        if value is not None and attribute.get("Name") == "sosi:AuthenticationLevel":
            value.text = "4"
        if value is not None and attribute.get("Name") == "medcom:CareProviderID":
            value.text = "99999999"
    signature = forged.find(ns.SIGNATURE)
    if signature is not None:
        forged.remove(signature)
    return forged


def _card_of(envelope: etree._Element) -> etree._Element:
    found = envelope.find(f".//{ns.ASSERTION}")
    assert found is not None
    return found


def _unsigned(envelope: etree._Element) -> etree._Element:
    card = _card_of(envelope)
    signature = card.find(ns.SIGNATURE)
    assert signature is not None
    card.remove(signature)
    return envelope


def _second_assertion(envelope: etree._Element) -> etree._Element:
    card = _card_of(envelope)
    card.addprevious(_forged(card))
    return envelope


def _moved(envelope: etree._Element) -> etree._Element:
    card = _card_of(envelope)
    security = card.getparent()
    assert security is not None
    security.replace(card, _forged(card))
    soap_header = envelope.find(ns.SOAP_HEADER)
    assert soap_header is not None
    etree.SubElement(soap_header, "{urn:attacker}Wrapper").append(card)
    return envelope


WRAPPINGS: dict[str, Callable[[etree._Element], etree._Element]] = {
    "a card whose AuthenticationLevel was changed after signing": level_changed_after_signing,
    "a card whose ds:Signature was removed": _unsigned,
    "an unsigned level 4 assertion before the signed card": _second_assertion,
    "the signed card moved and a forgery in its place": _moved,
}


@when(
    parsers.re(r"the allergy is registered with (?P<how>a card whose .+|an unsigned .+|the signed card .+)"),
    target_fixture="reply",
)
def register_tampered(
    lar: LarScenario, allergy: etree._Element, lar_before: dict[str, int], how: str
) -> Reply:
    content = content_for(lar, model.REGISTER, allergy)
    level = 3 if "AuthenticationLevel" in how or "unsigned level 4" in how or "forgery" in how else 4
    envelope = WRAPPINGS[how](wrapped(lar, model.REGISTER, content, lar.card(level)))
    lar_before.update(versions=versions_of(lar, model.REGISTER, content))
    return post(lar, model.REGISTER, envelope)


# -- levels ------------------------------------------------------------------------------------------


@when(parsers.re(r"the allergy is registered with a level (?P<level>\d) card"), target_fixture="reply")
def register_at_level(
    lar: LarScenario, allergy: etree._Element, lar_before: dict[str, int], level: str
) -> Reply:
    content = content_for(lar, model.REGISTER, allergy)
    lar_before.update(versions=versions_of(lar, model.REGISTER, content))
    return lar.client(int(level)).send(model.REGISTER, content)


@when(parsers.re(r"the allergy is updated with a level (?P<level>\d) card"), target_fixture="reply")
def update_at_level(
    lar: LarScenario, allergy: etree._Element, lar_before: dict[str, int], level: str
) -> Reply:
    newest = newest_version(lar, lar.adapt(allergy))
    lar_before.update(versions=versions_of(lar, model.UPDATE, newest))
    return lar.client(int(level)).send(model.UPDATE, changed(newest, "note", "Opdateret"))


# -- Then -----------------------------------------------------------------------------------------------


@then(parsers.re(rf'LAR answers a SOAP fault with FaultCode "(?P<code>\w+)"{READING}'))
def soap_fault(request: pytest.FixtureRequest, reply: Reply, code: str, reading: str | None) -> None:
    """DGWS names the fault by its detail/medcom:FaultCode; its faultstring is free text, never judged."""
    require(
        requirement_of(request),
        (reply.http_status, reply.fault_code) == (500, code),
        expected=f"HTTP 500, a SOAP fault with detail/medcom:FaultCode {code}",
        received=reply.summary(),
        reading=readings.reading(reading),
    )


@then("the reply's medcom:Header names the request's MessageID")
def names_message_id(request: pytest.FixtureRequest, reply: Reply) -> None:
    require(
        requirement_of(request),
        reply.message_id is not None and reply.in_response_to == reply.message_id,
        expected=f"medcom:Header/Linking/InResponseToMessageID {reply.message_id}",
        received=f"InResponseToMessageID {reply.in_response_to}",
    )


@then(parsers.re(rf"the faulted request stored nothing{READING}"))
def stored_nothing(
    request: pytest.FixtureRequest,
    lar: LarScenario,
    allergy: etree._Element,
    lar_before: dict[str, int],
    reading: str | None,
) -> None:
    # A clock moved 30 minutes (the expired_idcard row) leaves the scenario's own cards valid.
    after = 0 if lar_before.get("operation") else len(lar.history(Allergy(lar.adapt(allergy)).patient or ""))
    require(
        requirement_of(request),
        after == lar_before["versions"],
        expected=f"{lar_before['versions']} stored versions, as before the request",
        received=f"{after} stored versions",
        reading=readings.reading(reading),
    )

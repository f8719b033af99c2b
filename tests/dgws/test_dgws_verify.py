"""The DGWS verifier accepts a minted card and refuses each defect with its DGWS fault code, in order."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import timedelta

import pytest
from lxml import etree

from konform import soap
from konform.clock import Clock
from konform.dgws import DgwsFault, TestSts, Verifier, verify
from konform.dgws import namespaces as ns

Build = Callable[..., etree._Element]
Refuse = Callable[..., DgwsFault]
Value = Callable[[etree._Element, str], etree._Element]


def test_minted_card_verifies_and_yields_what_the_sts_signed(
    sts: TestSts, verifier: Verifier, request_with: Build
) -> None:
    request = request_with(sts.mint(level=4, cvr="25520041"), flow_id="flow-1")
    card = verifier.verify(request, min_level=4)
    assert (card.level, card.type, card.cvr, card.version) == (4, "user", "25520041", "1.0.1")
    assert card.user is not None
    assert card.user.cpr == "0101701234"
    assert card.it_system == "konform"
    assert card.care_provider_name.endswith("CVR:25520041")
    assert card.not_on_or_after - card.not_before == timedelta(hours=1)
    assert card.flow_id == "flow-1"
    message_id = request.findtext(f".//{ns.q(ns.MEDCOM, 'MessageID')}")
    assert card.message_id == message_id
    assert "konform test STS" in card.sts_subject


def test_system_card_verifies_from_bytes_and_from_a_parsed_envelope(
    sts: TestSts, verifier: Verifier, request_with: Build
) -> None:
    data = etree.tostring(request_with(sts.mint(level=3, card_type="system")))
    assert verifier.verify(data).type == "system"
    again = etree.tostring(request_with(sts.mint(level=3)))
    card = verifier.verify(soap.parse(again), min_level=3)
    assert (card.user, card.subject) == (None, "25520041")


def test_authentication_level_changed_after_signing_is_invalid_signature(
    sts: TestSts, request_with: Build, refusal: Refuse, card_value: Value
) -> None:
    request = request_with(sts.mint(level=3))
    card_value(request, "sosi:AuthenticationLevel").text = "4"
    fault = refusal(request)
    assert fault.fault_code == verify.INVALID_SIGNATURE
    assert "does not verify" in fault.string


def test_card_from_the_untrusted_sts_is_invalid_idcard(
    untrusted_sts: TestSts, request_with: Build, refusal: Refuse
) -> None:
    fault = refusal(request_with(untrusted_sts.mint(level=4)))
    assert fault.fault_code == verify.INVALID_IDCARD
    assert "not a trusted STS" in fault.string


def test_card_past_its_not_on_or_after_is_expired(
    sts: TestSts, clock: Clock, request_with: Build, refusal: Refuse
) -> None:
    request = request_with(sts.mint(ttl=timedelta(hours=1)))
    clock.advance(timedelta(hours=1, seconds=1))
    fault = refusal(request)
    assert fault.fault_code == verify.EXPIRED_IDCARD
    assert "expired at" in fault.string


def test_card_before_its_not_before_is_expired_idcard(
    sts: TestSts, clock: Clock, request_with: Build, refusal: Refuse
) -> None:
    request = request_with(sts.mint(not_before=clock.now() + timedelta(minutes=10)))
    fault = refusal(request)
    assert fault.fault_code == verify.EXPIRED_IDCARD
    assert "not valid before" in fault.string


def test_level_3_card_for_a_level_4_operation_fails_the_security_level(
    sts: TestSts, request_with: Build, refusal: Refuse
) -> None:
    fault = refusal(request_with(sts.mint(level=3)), min_level=4)
    assert fault.fault_code == verify.SECURITY_LEVEL_FAILED
    assert "level 4" in fault.string


def test_cvr_outside_the_whitelist_is_not_authorized(
    sts: TestSts, request_with: Build, refusal: Refuse
) -> None:
    fault = refusal(request_with(sts.mint(cvr="12345678")))
    assert fault.fault_code == verify.NOT_AUTHORIZED
    assert "12345678" in fault.string


@pytest.mark.parametrize(
    ("remove", "named"),
    [
        (f".//{ns.SECURITY}", "wsse:Security"),
        (f".//{ns.MEDCOM_HEADER}", "medcom:Header"),
        (f".//{ns.ASSERTION}", "saml:Assertion"),
        (f"./{ns.SOAP_HEADER}", "wsse:Security"),
    ],
)
def test_missing_dgws_header_is_missing_required_header(
    sts: TestSts, request_with: Build, refusal: Refuse, remove: str, named: str
) -> None:
    request = request_with(sts.mint())
    doomed = request.find(remove)
    assert doomed is not None
    doomed.getparent().remove(doomed)
    fault = refusal(request)
    assert fault.fault_code == verify.MISSING_REQUIRED_HEADER
    assert named in fault.string


@pytest.mark.parametrize(
    ("path", "value", "named"),
    [
        (f".//{ns.q(ns.MEDCOM, 'SecurityLevel')}", "high", "SecurityLevel"),
        (f".//{ns.q(ns.MEDCOM, 'MessageID')}", "", "MessageID"),
        (f".//{ns.q(ns.MEDCOM, 'FlowStatus')}", "flow_walking", "FlowStatus"),
        (f".//{ns.q(ns.SAML, 'Conditions')}@NotOnOrAfter", "tomorrow", "NotOnOrAfter"),
        (f".//{ns.q(ns.SAML, 'Conditions')}@NotBefore", "2030-01-01T10:00:00+01:00", "Zulu"),
    ],
)
def test_garbage_in_the_headers_is_a_syntax_error(
    sts: TestSts, request_with: Build, refusal: Refuse, path: str, value: str, named: str
) -> None:
    request = request_with(sts.mint())
    where, _, attribute = path.partition("@")
    element = request.find(where)
    assert element is not None
    if attribute:
        element.set(attribute, value)
    else:
        element.text = value
    fault = refusal(request)
    assert fault.fault_code == verify.SYNTAX_ERROR
    assert named in fault.string


def test_linking_without_message_id_is_a_syntax_error(
    sts: TestSts, request_with: Build, refusal: Refuse
) -> None:
    request = request_with(sts.mint())
    message_id = request.find(f".//{ns.q(ns.MEDCOM, 'MessageID')}")
    message_id.getparent().remove(message_id)
    fault = refusal(request)
    assert (fault.fault_code, fault.message_id) == (verify.SYNTAX_ERROR, None)
    assert "MessageID" in fault.string


def test_not_well_formed_request_is_a_syntax_error(refusal: Refuse) -> None:
    assert refusal(b"<soap:Envelope").fault_code == verify.SYNTAX_ERROR


def test_replayed_message_id_is_a_processing_problem(
    sts: TestSts, verifier: Verifier, request_with: Build, refusal: Refuse
) -> None:
    request = request_with(sts.mint())
    verifier.verify(request)
    fault = refusal(request)
    assert fault.fault_code == verify.PROCESSING_PROBLEM
    assert "replay" in fault.string


def test_a_card_verified_before_is_still_refused_once_tampered_with(
    sts: TestSts, verifier: Verifier, request_with: Build, refusal: Refuse, card_value: Value
) -> None:
    card = sts.mint(level=3)
    first, second = request_with(copy.deepcopy(card)), request_with(copy.deepcopy(card))
    assert first.findtext(f".//{ns.q(ns.MEDCOM, 'MessageID')}") != second.findtext(
        f".//{ns.q(ns.MEDCOM, 'MessageID')}"
    )
    assert verifier.verify(first).level == 3
    assert verifier.verify(second).level == 3  # the same card again, under a new MessageID
    tampered = request_with(copy.deepcopy(card))
    card_value(tampered, "sosi:AuthenticationLevel").text = "4"
    fault = refusal(tampered)
    assert fault.fault_code == verify.INVALID_SIGNATURE
    assert "does not verify" in fault.string


@pytest.mark.parametrize(
    ("defects", "expected"),
    [
        ({"untrusted", "tampered"}, verify.INVALID_SIGNATURE),
        ({"untrusted", "expired"}, verify.INVALID_IDCARD),
        ({"expired", "level 3"}, verify.EXPIRED_IDCARD),
        ({"level 3", "not whitelisted"}, verify.SECURITY_LEVEL_FAILED),
        ({"syntax", "tampered"}, verify.SYNTAX_ERROR),
    ],
)
def test_checks_run_in_the_documented_order(
    sts: TestSts,
    untrusted_sts: TestSts,
    clock: Clock,
    request_with: Build,
    refusal: Refuse,
    card_value: Value,
    defects: set[str],
    expected: str,
) -> None:
    issuer = untrusted_sts if "untrusted" in defects else sts
    cvr = "12345678" if "not whitelisted" in defects else "25520041"
    request = request_with(issuer.mint(level=3, cvr=cvr))
    if "tampered" in defects:
        card_value(request, "medcom:ITSystemName").text = "forged"
    if "syntax" in defects:
        request.find(f".//{ns.q(ns.MEDCOM, 'SecurityLevel')}").text = "9"
    if "expired" in defects:
        clock.advance(timedelta(days=1))
    assert refusal(request, min_level=4 if "level 3" in defects else 1).fault_code == expected


def test_fault_envelope_names_the_code_and_links_to_the_request(
    sts: TestSts, request_with: Build, refusal: Refuse
) -> None:
    request = request_with(sts.mint(level=3))
    fault = refusal(request, min_level=4)
    assert fault.status == 500
    reply = etree.fromstring(fault.to_xml())
    assert reply.findtext(".//detail/medcom:FaultCode", namespaces=ns.NSMAP) == "security_level_failed"
    assert reply.findtext(".//faultcode") == "soap:Server"
    assert "level 4" in (reply.findtext(".//faultstring") or "")
    sent = request.findtext(".//medcom:MessageID", namespaces=ns.NSMAP)
    assert reply.findtext(".//medcom:Linking/medcom:InResponseToMessageID", namespaces=ns.NSMAP) == sent
    assert reply.findtext(".//medcom:SecurityLevel", namespaces=ns.NSMAP) == "3"
    assert reply.find(".//medcom:FlowStatus", namespaces=ns.NSMAP) is None

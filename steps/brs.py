"""Steps for features/brs: BRS treatmentRelation and the notification service (provider conformance).

Given arranges the caller, the request and, on a simulator, relation facts and the
clock; When makes one exchange; Then checks one thing under the scenario's @req tag.
Then steps on answers are in steps/brs_answers.py, notifications in steps/brs_notifications.py
and steps/brs_payload.py, properties in steps/brs_properties.py (state machines in
steps/brs_machine.py), the consumer side (`konform validate brs`) in steps/brs_validate.py.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import timedelta

from lxml import etree
from pytest_bdd import given, parsers, when

from konform.brs import schema
from konform.brs.model import ALL, TreatmentRelationRequest, q
from konform.dgws import header
from konform.dgws import namespaces as ns
from konform.identifiers import dk_cpr
from steps.brs_world import BrsScenario, Caller, Sent

pytest_plugins = [
    "steps.brs_fixtures",
    "steps.brs_answers",
    "steps.brs_notifications",
    "steps.brs_payload",
    "steps.brs_properties",
    "steps.brs_validate",
]

Request = TreatmentRelationRequest | etree._Element
#: Fields a step may set on the request model; others are edited in the XML as written.
MODEL_FIELDS = {
    "PatientCpr": "patient",
    "HealthProfessionalCpr": "professional",
    "TimeLimit": "time_limit",
    "ExternalReferenceId": "external_reference",
    "QueryableCvr": "queryable_cvr",
}


def categories(text: str) -> tuple[str, ...] | str:
    return ALL if text.strip() == ALL else tuple(c.strip() for c in text.split(",") if c.strip())


def as_xml(request: Request) -> etree._Element:
    return copy.deepcopy(request) if isinstance(request, etree._Element) else request.to_xml()


# -- Given --------------------------------------------------------------------------------------


@given(parsers.re(r"a caller with an ID card of level (?P<level>\d) from a whitelisted CVR"))
def whitelisted_caller(brs: BrsScenario, level: str) -> None:
    brs.caller = replace(brs.caller, level=int(level))


@given("a caller with an ID card of level 3 from a CVR that is not whitelisted")
def unlisted_caller(brs: BrsScenario) -> None:
    brs.caller = Caller(brs.unlisted_cvr)


@given("a request for a behandlingsrelation", target_fixture="brs_request")
def a_request(brs: BrsScenario) -> Request:
    return brs.request()


@given("a request for a behandlingsrelation without ExternalReferenceId", target_fixture="brs_request")
def without_external_reference(brs: BrsScenario) -> Request:
    return brs.request(external_reference=None)


@given("a request for a behandlingsrelation without a follow-up", target_fixture="brs_request")
def without_followup(brs: BrsScenario) -> Request:
    """No FollowupRelations, and so no TimeLimit or QueryableCvr either: nothing to follow up."""
    return brs.request(time_limit=None, queryable_cvr=None, followup=())


@given("a request for a behandlingsrelation with its own ExternalReferenceId", target_fixture="brs_request")
def with_own_reference(brs: BrsScenario) -> Request:
    return brs.request(external_reference=brs.reference())


@given("a request for a behandlingsrelation whose PatientCpr fails modulus 11", target_fixture="brs_request")
def without_modulus_11(brs: BrsScenario) -> Request:
    return brs.request(patient=failing_modulus_11(brs.patient))


@given(
    "a request for a behandlingsrelation whose QueryableCvr is another whitelisted CVR",
    target_fixture="brs_request",
)
def for_another_cvr(brs: BrsScenario) -> Request:
    return brs.request(queryable_cvr=brs.other_cvr)


@given(
    parsers.re(r"a request for a behandlingsrelation with (?P<field>\w+) missing"),
    target_fixture="brs_request",
)
def without_field(brs: BrsScenario, field: str) -> Request:
    element = brs.request().to_xml()
    found = element.find(q(field))
    assert found is not None, field
    element.remove(found)
    return element


@given(
    parsers.re(r'a request for a behandlingsrelation with (?P<field>\w+) "(?P<value>[^"]*)"'),
    target_fixture="brs_request",
)
def with_value(brs: BrsScenario, field: str, value: str) -> Request:
    if field in ("AcceptableRelations", "FollowupRelations"):
        chosen = categories(value)
        return brs.request(**{"acceptable" if field == "AcceptableRelations" else "followup": chosen})
    if field in MODEL_FIELDS:
        return brs.request(**{MODEL_FIELDS[field]: value})
    element = brs.request().to_xml()
    found = next(element.iter(q(field)))
    found.text = value
    return element


@given("the document's example request", target_fixture="brs_request")
def example_request() -> Request:
    return etree.fromstring(schema.example("brs-request.xml"))


@given(
    parsers.re(
        r'BRS knows a relation of category "(?P<category>[^"]+)" between the patient and the professional'
        r"(?: (?P<days>\d+) days ago)?"
    )
)
def known_relation(brs: BrsScenario, category: str, days: str | None) -> None:
    if days is None:
        brs.relation(category)
        return
    end = brs.now() - timedelta(days=int(days))
    brs.relation(category, start=end - timedelta(hours=1), end=end)


@given("the request has been answered with SufficientRelation false")
def answered_insufficient(brs: BrsScenario, brs_request: Request) -> None:
    answer = send(brs, brs_request).answer
    if answer.is_fault or answer.response().sufficient:
        raise RuntimeError(f"precondition failed: expected SufficientRelation false, got {answer.summary()}")


@given(parsers.re(r"the clock has moved (?P<hours>\d+) hours? on"))
def clock_moved(brs: BrsScenario, hours: str) -> None:
    brs.advance(timedelta(hours=int(hours)))


def failing_modulus_11(cpr: str) -> str:
    """`cpr` with its last digit moved on until the modulus 11 check fails (valid since 2007)."""
    for step in range(10):
        candidate = cpr[:9] + str((int(cpr[9]) + step) % 10)
        if not dk_cpr.has_modulus11(candidate):
            return candidate
    raise AssertionError(f"no last digit of {cpr} fails modulus 11")  # cannot happen: one digit fits


# -- When: one exchange, nothing asserted ---------------------------------------------------------


def send(brs: BrsScenario, request: Request) -> Sent:
    if isinstance(request, TreatmentRelationRequest):
        return brs.send(request)
    card, validity = brs.card_for(brs.caller)
    answer = brs.client.post(copy.deepcopy(request), card=card)
    return Sent(TreatmentRelationRequest.from_xml(request), answer, validity, brs.caller)


@when("the request is sent", target_fixture="brs_sent")
@when("the request is sent as written", target_fixture="brs_sent")
def send_request(brs: BrsScenario, brs_request: Request) -> Sent:
    return send(brs, brs_request)


@when("the request is sent twice", target_fixture="brs_sent_twice")
def send_twice(brs: BrsScenario, brs_request: Request) -> tuple[Sent, Sent]:
    return send(brs, brs_request), send(brs, brs_request)


HEADERS = {"without a medcom:Header": ns.MEDCOM_HEADER, "without wsse:Security": ns.SECURITY}
CALLERS = {
    "with an ID card of level 2": {"level": 2},
    "with an ID card from an STS BRS does not trust": {"untrusted": True},
    "with an expired ID card": {"expired": True},
}


def caller_changes(brs: BrsScenario, case: str) -> dict[str, object]:
    """The caller changes a case names: another level or card, or a CVR that is not whitelisted."""
    return {"cvr": brs.unlisted_cvr} if case == "from a CVR that is not whitelisted" else CALLERS[case]


@when(
    parsers.re(
        r"the request is sent (?P<case>without a medcom:Header|without wsse:Security"
        r"|with an ID card of level 2|with an ID card from an STS BRS does not trust|with an expired ID card"
        r"|from a CVR that is not whitelisted)"
    ),
    target_fixture="brs_sent",
)
def send_case(brs: BrsScenario, brs_request: Request, case: str) -> Sent:
    if case in HEADERS:
        card, validity = brs.card_for(brs.caller)
        envelope = etree.fromstring(header.wrap(as_xml(brs_request), card))
        for block in list(envelope.iter(HEADERS[case])):
            parent = block.getparent()
            assert parent is not None
            parent.remove(block)
        answer = brs.client.post_raw(etree.tostring(envelope), title=f"treatmentRelation {case}")
        return Sent(TreatmentRelationRequest.from_xml(as_xml(brs_request)), answer, validity, brs.caller)
    with brs.calling_as(**caller_changes(brs, case)):
        return send(brs, brs_request)

"""Then steps on BRS's answers: body, DGWS faults, SufficientRelation, FollowupOrdered, references, WSDL."""

from __future__ import annotations

import pytest
from lxml import etree
from pytest_bdd import parsers, then, when

from konform.brs import rules, schema
from konform.brs.client import Answer
from konform.checks import require
from konform.evidence import Exchange
from steps.brs_world import BrsScenario, Sent, requirement_of

WSDL = "http://schemas.xmlsoap.org/wsdl/"
WSDL_SOAP = "http://schemas.xmlsoap.org/wsdl/soap/"


# -- Then: one check each, under the scenario's requirement -----------------------------------------


def well_formed(requirement: str, answer: Answer, tag: str, reading: str = "") -> None:
    """HTTP 200, no fault, the expected body element, valid by our schema."""
    problems = schema.violations(answer.payload) if answer.payload is not None else []
    ok = answer.status == 200 and not answer.is_fault and answer.payload is not None
    require(
        requirement,
        ok and answer.payload is not None and answer.payload.tag == tag and not problems,
        expected=f"HTTP 200 with a {etree.QName(tag).localname} valid by schemas/brs",
        received=f"{answer.summary()}; {[p.message for p in problems]}",
        reading=reading,
    )


@then(parsers.re(r"BRS answers with a treatmentRelationResponseBody(?P<ours> \(konform's reading\))?"))
def answers_response(request: pytest.FixtureRequest, brs_sent: Sent, ours: str | None) -> None:
    requirement = requirement_of(request)
    reading = rules.SCENARIO_READINGS[requirement] if ours else ""
    well_formed(requirement, brs_sent.answer, schema.RESPONSE, reading)


@then("the service refuses it with a DGWS fault")
def refused(request: pytest.FixtureRequest, brs_outcome: Answer) -> None:
    require(
        requirement_of(request),
        brs_outcome.status == 500 and brs_outcome.is_fault,
        expected="HTTP 500 with a SOAP fault (DGWS)",
        received=brs_outcome.summary(),
    )


@then(parsers.re(r"the service answers the DGWS fault code (?P<codes>\w+(?: or \w+)*) with a text"))
def fault_code(request: pytest.FixtureRequest, brs_outcome: Answer, codes: str) -> None:
    """One of the codes (where DGWS has two for the case, either) and a text, any text."""
    allowed = codes.split(" or ")
    require(
        requirement_of(request),
        brs_outcome.status == 500 and brs_outcome.fault_code in allowed and bool(brs_outcome.fault_string),
        expected=f"HTTP 500, medcom:FaultCode {codes} and a faultstring",
        received=brs_outcome.summary(),
    )


@then(parsers.re(r"the service refuses the breach with the DGWS fault code (?P<code>\w+) and a text"))
def breach_fault_code(request: pytest.FixtureRequest, brs_sent: Sent, code: str) -> None:
    refusal(requirement_of(request), brs_sent.answer, reading_of(brs_sent), code=code)


@then("the service refuses it with a fault text")
def refused_with_text(request: pytest.FixtureRequest, brs_sent: Sent) -> None:
    refusal(requirement_of(request), brs_sent.answer, reading_of(brs_sent))


def reading_of(sent: Sent) -> str:
    """Whether the guide's words ("") or konform's reading make a service refuse what was sent."""
    body = sent.body
    return rules.refusal_reading(body) if body is not None else rules.VALUE_READING


def refusal(requirement: str, answer: Answer, reading: str, *, code: str | None = None) -> None:
    """A request that breaks a rule is refused – on the guide's words, or on konform's `reading` –
    with a fault code (`code`, if named) and a text: "Fejl der returneres indeholder en fejlkode
    samt en fejltekst". What the text says is free: "Teksten [...] kan variere"."""
    if not answer.is_fault:
        require(requirement, False, expected="a SOAP fault", received=answer.summary(), reading=reading)
        return
    require(
        requirement,
        (code is None or answer.fault_code == code) and bool((answer.fault_string or "").strip()),
        expected=f"a fault{f' with medcom:FaultCode {code}' if code else ''} and a fault text",
        received=answer.summary(),
    )


@pytest.fixture
def brs_outcome(request: pytest.FixtureRequest) -> Answer:
    """The answer of the scenario's last exchange, whichever When step made it."""
    for name in ("brs_sent", "brs_answer"):
        if name in request.fixturenames:
            found = request.getfixturevalue(name)
            return found.answer if isinstance(found, Sent) else found
    raise RuntimeError("no When step made an exchange")


@then(parsers.re(r"SufficientRelation is (?P<value>true|false)"))
def sufficient_is(request: pytest.FixtureRequest, brs_sent: Sent, value: str) -> None:
    requirement = requirement_of(request)
    answer = brs_sent.answer.response() if not brs_sent.answer.is_fault else None
    received = answer.sufficient if answer else brs_sent.answer.summary()
    require(requirement, received == (value == "true"), expected=value, received=received)


@then(parsers.re(r'ActualRelations is (?:"(?P<listed>[^"]*)"|(?P<empty>empty))'))
def actual_is(request: pytest.FixtureRequest, brs_sent: Sent, listed: str | None, empty: str | None) -> None:
    """The categories found, in any order: the guide fixes none ("Hvad de faktiske relationer er")."""
    expected = set() if empty else {c.strip() for c in (listed or "").split(",")}
    answer = brs_sent.answer.response() if not brs_sent.answer.is_fault else None
    received = set(answer.actual) if answer else brs_sent.answer.summary()
    require(requirement_of(request), received == expected, expected=sorted(expected), received=received)


@then(parsers.re(r"FollowupOrdered is (?P<value>true|false)(?P<ours> \(konform's reading\))?"))
def followup_is(request: pytest.FixtureRequest, brs_sent: Sent, value: str, ours: str | None) -> None:
    requirement = requirement_of(request)
    answer = brs_sent.answer.response() if not brs_sent.answer.is_fault else None
    received = answer.followup_ordered if answer else brs_sent.answer.summary()
    reading = rules.SCENARIO_READINGS[requirement] if ours and answer else ""
    require(requirement, received == (value == "true"), expected=value, received=received, reading=reading)


@then(parsers.re(r'ExternalReferenceId is "(?P<value>[^"]+)"'))
def external_is(request: pytest.FixtureRequest, brs_sent: Sent, value: str) -> None:
    answer = brs_sent.answer.response() if not brs_sent.answer.is_fault else None
    received = answer.external_reference if answer else brs_sent.answer.summary()
    require(requirement_of(request), received == value, expected=value, received=received)


@then("ExternalReferenceId is the request's")
def external_echoed(request: pytest.FixtureRequest, brs_sent: Sent) -> None:
    sent = brs_sent.request.external_reference
    answer = brs_sent.answer.response() if not brs_sent.answer.is_fault else None
    received = answer.external_reference if answer else brs_sent.answer.summary()
    require(requirement_of(request), sent is not None and received == sent, expected=sent, received=received)


@then("ExternalReferenceId is set and differs from UniqueReferenceId")
def external_generated(request: pytest.FixtureRequest, brs_sent: Sent) -> None:
    answer = brs_sent.answer.response() if not brs_sent.answer.is_fault else None
    received = (answer.unique_reference, answer.external_reference) if answer else brs_sent.answer.summary()
    require(
        requirement_of(request),
        answer is not None
        and bool(answer.external_reference)
        and answer.external_reference != answer.unique_reference,
        expected="an ExternalReferenceId different from UniqueReferenceId",
        received=received,
    )


@then("the two answers have different UniqueReferenceIds")
def unique_per_request(request: pytest.FixtureRequest, brs_sent_twice: tuple[Sent, Sent]) -> None:
    answers = [s.answer.response() if not s.answer.is_fault else None for s in brs_sent_twice]
    ids = [a.unique_reference if a else None for a in answers]
    require(
        requirement_of(request),
        None not in ids and ids[0] != ids[1],
        expected="two different UniqueReferenceIds",
        received=ids,
    )


@then(
    "each answer is a treatmentRelationResponseBody whose SufficientRelation agrees with its ActualRelations"
)
def each_answer_consistent(request: pytest.FixtureRequest, brs_sent_twice: tuple[Sent, Sent]) -> None:
    requirement = requirement_of(request)
    for sent in brs_sent_twice:
        well_formed(requirement, sent.answer, schema.RESPONSE)
        answer = sent.answer.response()
        agrees = answer.sufficient == bool(set(answer.actual) & set(sent.request.acceptable))
        require(
            requirement,
            agrees,
            expected="SufficientRelation iff ActualRelations meets AcceptableRelations",
            received=answer,
        )


@when("the WSDL of the treatment relation service is fetched", target_fixture="brs_exchange")
def fetch_brs_wsdl(brs: BrsScenario) -> Exchange:
    return brs.client.wsdl("brs")


@when("the WSDL of the notification service is fetched", target_fixture="brs_exchange")
def fetch_notification_wsdl(brs: BrsScenario) -> Exchange:
    return brs.client.wsdl("notification")


@then(
    parsers.re(
        r"the WSDL describes (?P<operation>\w+) at an address ending in (?P<path>\S+)"
        r"(?P<ours> \(konform's reading\))?"
    )
)
def wsdl_describes(
    request: pytest.FixtureRequest, brs_exchange: Exchange, operation: str, path: str, ours: str | None
) -> None:
    requirement = requirement_of(request)
    addresses: list[str] = []
    operations: list[str] = []
    if brs_exchange.status == 200:
        root = etree.fromstring(brs_exchange.response_body)
        addresses = [a.get("location", "") for a in root.iter(f"{{{WSDL_SOAP}}}address")]
        operations = [o.get("name", "") for o in root.iter(f"{{{WSDL}}}operation")]
    require(
        requirement,
        operation in operations and bool(addresses) and all(a.endswith(path) for a in addresses),
        expected=f"HTTP 200, a WSDL with {operation} at …{path}",
        received=f"HTTP {brs_exchange.status}, operations {sorted(set(operations))}, addresses {addresses}",
        reading=rules.SCENARIO_READINGS[requirement] if ours else "",
    )

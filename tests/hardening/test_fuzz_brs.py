"""Fuzzing BRS treatmentRelation and notificationQuery under DGWS: mutated bodies, a signed card.

Mutations stay inside the SOAP Body, so every request reaches the body checks with a
valid level-3 card of a whitelisted CVR and its own MessageID. For every mutant: no
traceback, every 5xx a SOAP 1.1 fault with HTTP 500, a fault orders nothing; a reply
answers the request's MessageID, came from a body the correct BRS finds no error in,
and stored exactly the one follow-up it says it ordered, a fault carries BRS-FAULTS' code;
a notificationQuery changes nothing; and a valid request is served right after.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from fuzz_checks import (
    SOAP_BODY,
    ServerErrors,
    fuzzing,
    meta,
    must_fail,
    no_traceback,
    server_errors,
    soap_answer,
    soap_body_span,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from generators.brs import requests
from generators.mutations import byte_mutations, element_mutations
from konform import soap
from konform.brs import embedded, model, rules
from konform.brs.client import Answer, BrsClient
from konform.brs.control_client import BrsControl
from konform.dgws import header
from konform.dgws.namespaces import MEDCOM, q
from konform.dgws.sts import TestSts
from konform.dgws.verify import PROCESSING_PROBLEM, SYNTAX_ERROR

LEVELS = ("bytes", "elements")


@dataclass
class Fuzzed:
    client: BrsClient
    control: BrsControl
    card: etree._Element
    errors: ServerErrors


@pytest.fixture(scope="module")
def brs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fuzzed]:
    running = embedded.start(tmp_path_factory.mktemp("brs-fuzz"))
    # A DGWS card's longest usual lifetime, so a slow machine never outlives it during the module.
    card = TestSts.from_pki(running.pki).mint(level=3, cvr=embedded.CVR, ttl=timedelta(hours=24))
    control = BrsControl(str(running.endpoint.control_url))
    with server_errors() as errors, BrsClient(running.endpoint, lambda: card) as client:
        yield Fuzzed(client, control, card, errors)
    control.close()
    running.stop()


@dataclass(frozen=True)
class Case:
    mutant: bytes
    message_id: str


def cases(
    level: str, body: st.SearchStrategy[etree._Element], card: etree._Element
) -> st.SearchStrategy[Case]:
    @st.composite
    def build(draw: st.DrawFn) -> Case:
        message_id = header.new_message_id()
        message = header.wrap(draw(body), card, message_id=message_id)
        if level == "none":
            return Case(message, message_id)
        if level == "bytes":
            return Case(draw(byte_mutations(message, soap_body_span(message))), message_id)
        return Case(draw(element_mutations(message, SOAP_BODY)), message_id)

    return build()


def treatment_relations(brs: Fuzzed) -> st.SearchStrategy[etree._Element]:
    """Valid requests around the simulator's now when the test starts (never the module's load time)."""
    return requests(now=brs.control.now(), cvr=embedded.CVR).map(lambda request: request.to_xml())


def queries() -> st.SearchStrategy[etree._Element]:
    return st.integers(0, 3).map(model.query_xml)


def envelope_readable(body: bytes) -> bool:
    try:
        soap.parse(body)
    except soap.Fault:
        return False
    return True


def answered(brs: Fuzzed, case: Case, to: str) -> Answer:
    """Post the mutant; check there was no traceback and that the answer is sound SOAP.

    Only the Body is mutated, so a fault is BRS-FAULTS' syntax_error for an envelope that
    cannot be read and processing_problem for a body that breaks the rules.
    """
    logged = len(brs.errors.records)
    answer = brs.client.post_raw(case.mutant, to=to, title=f"{to} (mutated)")
    no_traceback(brs.errors, logged)
    soap_answer(answer.status, answer.exchange.response_body)
    if answer.is_fault:
        expected = PROCESSING_PROBLEM if envelope_readable(case.mutant) else SYNTAX_ERROR
        assert answer.fault_code == expected, f"{answer.fault_code}, not {expected}: {answer.fault_string}"
    else:
        replied = etree.fromstring(answer.exchange.response_body).findtext(
            f".//{q(MEDCOM, 'InResponseToMessageID')}"
        )
        assert replied == case.message_id, f"a reply to {replied}, not to {case.message_id}"
        payload = soap.parse(case.mutant).payload
        assert payload is not None
        problem = rules.first_error(payload)
        assert problem is None, f"answered a body with an error: {problem.message}"
    return answer


def check_treatment_relation(brs: Fuzzed, case: Case) -> None:
    brs.control.reset()
    answer = answered(brs, case, "brs")
    followups = brs.control.followups()
    if answer.is_fault:
        assert followups == [], f"a fault ({answer.fault_string}) and yet ordered {followups}"
    else:
        response = answer.response()
        ordered = [row["unique_id"] for row in followups]
        assert ordered == ([response.unique_reference] if response.followup_ordered else []), ordered
    valid = brs.client.treatment_relation(valid_request(brs.control.now()))
    assert not valid.is_fault, f"no longer serving: {valid.summary()}"


def valid_request(now: datetime) -> model.TreatmentRelationRequest:
    """A request BRS answers with a follow-up ordered one minute after `now`."""
    return model.TreatmentRelationRequest(
        organisation=model.Organisation("SorOrganisationIdentifier", "123456789012"),
        patient="0101004000",
        professional="0202004000",
        start=model.brs_time(now - timedelta(days=1)),
        end=model.brs_time(now),
        time_limit=model.brs_time(now + timedelta(minutes=1)),
        queryable_cvr=embedded.CVR,
        acceptable=("A",),
        followup=model.ALL,
        authorisation="ABCDE",
        external_reference=None,
    )


def test_the_requests_are_valid_before_they_are_mutated(brs: Fuzzed) -> None:
    @given(case=cases("none", treatment_relations(brs), brs.card), query=cases("none", queries(), brs.card))
    @settings(max_examples=3)
    def run(case: Case, query: Case) -> None:
        brs.control.reset()
        for sent, to in ((case, "brs"), (query, "notification")):
            answer = brs.client.post_raw(sent.mutant, to=to)
            assert not answer.is_fault, answer.summary()

    run()


@pytest.mark.parametrize("level", LEVELS)
def test_mutated_treatment_relation_never_breaks_brs(brs: Fuzzed, level: str) -> None:
    @given(case=cases(level, treatment_relations(brs), brs.card))
    @fuzzing()
    def run(case: Case) -> None:
        check_treatment_relation(brs, case)

    run()


@pytest.mark.parametrize("level", LEVELS)
def test_mutated_notification_query_changes_nothing_and_never_breaks_brs(brs: Fuzzed, level: str) -> None:
    brs.control.reset()
    assert brs.client.treatment_relation(valid_request(brs.control.now())).response().followup_ordered
    brs.control.advance(120)
    assert len(brs.client.notification_query(0).notifications()) == 1
    state = brs.control.followups(), brs.control.notifications()

    @given(case=cases(level, queries(), brs.card))
    @fuzzing()
    def run(case: Case) -> None:
        answered(brs, case, "notification")
        assert (brs.control.followups(), brs.control.notifications()) == state, "a query changed the store"
        assert len(brs.client.notification_query(0).notifications()) == 1, "no longer serving"

    run()


def test_the_fuzz_property_fails_against_a_brs_that_answers_a_validation_breach_with_syntax_error(
    brs: Fuzzed,
) -> None:
    @given(case=cases("elements", treatment_relations(brs), brs.card))
    @meta()
    def run(case: Case) -> None:
        check_treatment_relation(brs, case)

    must_fail(run, brs.control, "validation-syntax-error", "syntax_error, not processing_problem")

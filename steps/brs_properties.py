"""Properties of BRS run from Then steps: generated requests, and state machines over relations and time.

On a real target generated CPR-nummer are synthetic (born in the future) and QueryableCvr
is the caller's own; only invariants of each answer are checked (BRS-DRIFT). The state
machines arrange relation facts and move the clock, so they need a simulator.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given as for_all
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import run_state_machine_as_test
from pytest_bdd import then

from generators import brs as gen
from konform.brs import schema
from konform.brs.model import TreatmentRelationResponse
from konform.brs.relations import RelationFact
from konform.checks import require
from konform.dgws.verify import PROCESSING_PROBLEM
from steps.brs_answers import refusal
from steps.brs_machine import machine
from steps.brs_world import BrsScenario, requirement_of


def synthetic(brs: BrsScenario) -> bool:
    return brs.control is None


@then("every generated request that breaks one request rule is answered processing_problem with a text")
def every_breach_processing_problem(request: pytest.FixtureRequest, brs: BrsScenario) -> None:
    requirement = requirement_of(request)
    context = {"now": brs.now(), "cvr": brs.cvr, "synthetic": synthetic(brs)}

    @for_all(broken=st.one_of(gen.mutations("BRS-REQ", **context), gen.mutations("BRS-TIME", **context)))
    def answered(broken: gen.Broken) -> None:
        answer = brs.client.post(broken.body)
        refusal(requirement, answer, broken.reading, code=PROCESSING_PROBLEM)

    answered()


@then("every generated request with a timestamp in another format is refused with a fault text")
def every_bad_time_refused(request: pytest.FixtureRequest, brs: BrsScenario) -> None:
    requirement = requirement_of(request)

    @for_all(broken=gen.mutations("BRS-TIME", now=brs.now(), cvr=brs.cvr, synthetic=synthetic(brs)))
    def refused(broken: gen.Broken) -> None:
        refusal(requirement, brs.client.post(broken.body), broken.reading)

    refused()


@then("every generated valid request is answered with a treatmentRelationResponseBody")
def every_valid_answered(request: pytest.FixtureRequest, brs: BrsScenario) -> None:
    requirement = requirement_of(request)

    @for_all(sent=gen.requests(now=brs.now(), cvr=brs.cvr, synthetic=synthetic(brs)))
    def answered(sent: gen.TreatmentRelationRequest) -> None:
        answer = brs.send(sent).answer
        problems = schema.violations(answer.payload) if answer.payload is not None else ["no body"]
        ok = answer.status == 200 and answer.payload is not None and answer.payload.tag == schema.RESPONSE
        require(
            requirement,
            ok and not problems,
            expected="a valid treatmentRelationResponseBody",
            received=(answer.summary(), problems),
        )

    answered()


@then(
    "every generated request is answered with SufficientRelation true exactly when ActualRelations "
    "meets AcceptableRelations"
)
def every_answer_sufficient_iff(request: pytest.FixtureRequest, brs: BrsScenario) -> None:
    """On a simulator the facts are arranged, so the answer is judged against them: ActualRelations
    are the categories of the arranged relations that meet the request's RelationLookupTimeInterval
    (the control API's facts), SufficientRelation whether one of them is acceptable. Against a real
    BRS the facts are unknown (BRS-DRIFT): the answer must agree with itself."""
    requirement = requirement_of(request)
    now = brs.now()
    arranged: list[RelationFact] = []

    @for_all(data=st.data(), sent=gen.requests(now=now, cvr=brs.cvr, synthetic=synthetic(brs)))
    def consistent(data: st.DataObject, sent: gen.TreatmentRelationRequest) -> None:
        if brs.control is not None:
            facts = gen.relation_facts(
                patient=sent.patient, professional=sent.professional, organisation=sent.organisation, now=now
            )
            for fact in data.draw(st.lists(facts, max_size=3)):
                brs.control.add_relation(fact)
                arranged.append(fact)
        answer = brs.send(sent).answer
        if answer.is_fault:
            require(requirement, False, expected="an answer", received=answer.summary())
        sufficient_agrees(requirement, answer.response(), sent, arranged if brs.control is not None else None)

    consistent()


def sufficient_agrees(
    requirement: str,
    found: TreatmentRelationResponse,
    sent: gen.TreatmentRelationRequest,
    arranged: list[RelationFact] | None,
) -> None:
    """BRS-SUFFICIENT: ActualRelations are the categories of the `arranged` relations that meet the
    request (any order), SufficientRelation whether one is acceptable; with no arranged facts
    (None: a real BRS) the answer must at least agree with itself."""
    actual = set(found.actual) if arranged is None else {f.category for f in arranged if meets(f, sent)}
    expected = (bool(actual & set(sent.acceptable)), actual)
    require(
        requirement,
        (found.sufficient, set(found.actual)) == expected,
        expected=f"(SufficientRelation, ActualRelations) {expected}; acceptable {sent.acceptable}",
        received=found,
    )


def meets(fact: RelationFact, sent: gen.TreatmentRelationRequest) -> bool:
    """The fact is about the request's people and organisation and meets its lookup interval."""
    same = (fact.patient, fact.professional, fact.organisation) == (
        sent.patient,
        sent.professional,
        sent.organisation,
    )
    start, end = datetime.fromisoformat(sent.start), datetime.fromisoformat(sent.end)
    return same and fact.start <= end and start <= fact.end


@then("every generated request is answered with references as BRS-REFS says")
def every_answer_references(request: pytest.FixtureRequest, brs: BrsScenario) -> None:
    requirement = requirement_of(request)
    seen: set[str] = set()

    @for_all(sent=gen.requests(now=brs.now(), cvr=brs.cvr, synthetic=synthetic(brs)))
    def referenced(sent: gen.TreatmentRelationRequest) -> None:
        answer = brs.send(sent).answer
        if answer.is_fault:
            require(requirement, False, expected="an answer", received=answer.summary())
        found = answer.response()
        external_ok = (
            found.external_reference == sent.external_reference
            if sent.external_reference is not None
            else bool(found.external_reference) and found.external_reference != found.unique_reference
        )
        fresh = found.unique_reference not in seen
        seen.add(found.unique_reference)
        require(
            requirement,
            external_ok and fresh and bool(found.unique_reference),
            expected=f"a new UniqueReferenceId; ExternalReferenceId {sent.external_reference or '(new)'}",
            received=found,
        )

    referenced()


THROUGH = "through any sequence of relation facts, follow-ups and clock moves "


def run_machine(request: pytest.FixtureRequest, brs: BrsScenario, check: str) -> None:
    if brs.control is None:
        pytest.skip("relation facts and the clock are arranged through a simulator's control API")
    # One example is a whole history of exchanges with the target: a third of the profile's
    # examples (8 under `ci`, 133 under `thorough`), each of the profile's stateful steps.
    current = settings.default
    bounded = settings(current, max_examples=max(5, current.max_examples // 3))
    run_state_machine_as_test(machine(brs, requirement_of(request), check), settings=bounded)


@then(THROUGH + "BRS notifies exactly the follow-ups without an acceptable relation by their TimeLimit")
def machine_followups(request: pytest.FixtureRequest, brs: BrsScenario) -> None:
    run_machine(request, brs, "followup")


@then(
    THROUGH
    + "paging by SerialNumber returns each notification exactly once, in order, in pages of at most 100"
)
def machine_paging(request: pytest.FixtureRequest, brs: BrsScenario) -> None:
    run_machine(request, brs, "paging")


@then(THROUGH + "a CVR never sees another CVR's notifications")
def machine_cvr(request: pytest.FixtureRequest, brs: BrsScenario) -> None:
    run_machine(request, brs, "cvr")


@then(THROUGH + "each notification's RequestSource equals the original request")
def machine_payload(request: pytest.FixtureRequest, brs: BrsScenario) -> None:
    run_machine(request, brs, "payload")

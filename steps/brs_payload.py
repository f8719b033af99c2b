"""Steps on a notifikation's payload (NOTIF-PAYLOAD) and the certificate change (BRS-CERTCHANGE)."""

from __future__ import annotations

import pytest
from pytest_bdd import parsers, then, when

from konform.brs.client import Answer
from konform.brs.model import request_values
from konform.checks import require
from steps.brs_arrange import instant, the_notification
from steps.brs_world import BrsScenario, Sent, requirement_of


@then(
    parsers.re(
        r'the notifikation for the follow-up carries Type "BRS" and the request\'s and answer\'s values'
    )
)
def carries_values(request: pytest.FixtureRequest, brs_answer: Answer, brs_followup: Sent) -> None:
    requirement = requirement_of(request)
    note, sent = the_notification(requirement, brs_answer, brs_followup), brs_followup.request
    answer = brs_followup.answer.response()
    received = {
        "Type": note.type,
        "ExternalReferenceId": (note.external_reference, note.followup_external_reference),
        "UniqueId": note.unique_id,
        "QueryableCvr": (note.queryable_cvr, note.followup_queryable_cvr),
        "AcceptableRelations": set(note.acceptable),
        "TimeLimit": instant(note.time_limit),
        "relayer": (note.organisation, note.patient, note.professional),
    }
    expected = {
        "Type": "BRS",
        "ExternalReferenceId": (answer.external_reference, answer.external_reference),
        "UniqueId": answer.unique_reference,
        "QueryableCvr": (sent.queryable_cvr, sent.queryable_cvr),
        "AcceptableRelations": set(sent.acceptable),
        "TimeLimit": instant(sent.time_limit),
        "relayer": (sent.organisation, sent.patient, sent.professional),
    }
    require(requirement, received == expected, expected=expected, received=received)


@then(
    "the notifikation's RelationLookupTimeInterval is the validity period of the ID card "
    "the follow-up was ordered with, or the request's interval"
)
def lookup_is_card_validity(request: pytest.FixtureRequest, brs_answer: Answer, brs_followup: Sent) -> None:
    """"Intervallet sættes til id-kortets gyldighedsperiode" – and the guide's own example repeats the
    request's RelationLookupTimeInterval, so both are the guide's."""
    note = the_notification(requirement_of(request), brs_answer, brs_followup)
    received = (instant(note.lookup_start), instant(note.lookup_end))
    requested = (instant(brs_followup.request.start), instant(brs_followup.request.end))
    require(
        requirement_of(request),
        received in (brs_followup.card_validity, requested),
        expected=f"the ID card's validity {brs_followup.card_validity} or the request's interval {requested}",
        received=received,
    )


@then("the notifikation's RequestSource is the original request")
def request_source(request: pytest.FixtureRequest, brs_answer: Answer, brs_followup: Sent) -> None:
    note = the_notification(requirement_of(request), brs_answer, brs_followup)
    original = brs_followup.body
    received = request_values(note.request_source) if note.request_source is not None else None
    expected = request_values(original) if original is not None else None
    require(
        requirement_of(request),
        received == expected and expected is not None,
        expected=expected,
        received=received,
    )


@then(parsers.re(r'the notifikation\'s ActualRelations is "(?P<listed>[^"]+)"'))
def notification_actual(
    request: pytest.FixtureRequest, brs_answer: Answer, brs_followup: Sent, listed: str
) -> None:
    note = the_notification(requirement_of(request), brs_answer, brs_followup)
    expected = {c.strip() for c in listed.split(",")}
    require(requirement_of(request), set(note.actual) == expected, expected=expected, received=note.actual)


@when("the operator changes the caller's certificate to one for a new CVR", target_fixture="brs_new_cvr")
def certificate_change(brs: BrsScenario) -> str:
    if brs.control is None:
        pytest.skip("the certificate change is the operator's; a simulator's control API plays it")
    brs.control.certificate_change(brs.cvr, brs.unlisted_cvr)
    return brs.unlisted_cvr


# -- the certificate change -------------------------------------------------------------------------


def has_each(answer: Answer, sent: list[Sent], cvr: str) -> list[str]:
    """The UniqueIds of `sent` that `answer` lacks a notification for (with QueryableCvr `cvr`)."""
    if answer.is_fault or answer.payload is None:
        return [answer.summary()]
    listed = {(n.unique_id, n.queryable_cvr, n.followup_queryable_cvr) for n in answer.notifications()}
    wanted = [s.answer.response().unique_reference for s in sent]
    return [u for u in wanted if (u, cvr, cvr) not in listed]


@then(parsers.re(r"the new CVR gets the caller's (?P<count>\d+) notifikationer with itself as QueryableCvr"))
def new_cvr_gets(
    request: pytest.FixtureRequest, brs: BrsScenario, brs_arranged: list[Sent], brs_new_cvr: str, count: str
) -> None:
    with brs.calling_as(cvr=brs_new_cvr):
        missing = has_each(brs.query(0), brs_arranged, brs_new_cvr)
    require(
        requirement_of(request),
        len(brs_arranged) == int(count) and not missing,
        expected=f"a copy of each of {count} with QueryableCvr {brs_new_cvr}",
        received=f"missing {missing}",
    )


@then(parsers.re(r"the caller still gets its (?P<count>\d+) notifikationer"))
def old_cvr_keeps(
    request: pytest.FixtureRequest, brs: BrsScenario, brs_arranged: list[Sent], count: str
) -> None:
    missing = has_each(brs.query(0), brs_arranged, brs.cvr)
    require(
        requirement_of(request),
        not missing,
        expected=f"all {count} still for {brs.cvr}",
        received=f"missing {missing}",
    )


@then("the new CVR gets a notifikation for the follow-up")
def new_cvr_notified(
    request: pytest.FixtureRequest, brs: BrsScenario, brs_followup: Sent, brs_new_cvr: str
) -> None:
    with brs.calling_as(cvr=brs_new_cvr):
        missing = has_each(brs.query(0), [brs_followup], brs_new_cvr)
    require(
        requirement_of(request),
        not missing,
        expected=f"a notifikation for QueryableCvr {brs_new_cvr}",
        received=f"missing {missing}",
    )


@then("the new CVR can ask for notifications")
def new_cvr_served(request: pytest.FixtureRequest, brs: BrsScenario, brs_new_cvr: str) -> None:
    with brs.calling_as(cvr=brs_new_cvr):
        answer = brs.query(0)
    require(
        requirement_of(request),
        not answer.is_fault and answer.status == 200,
        expected="HTTP 200",
        received=answer.summary(),
    )

"""BRS judged by the guide's words, not by konform's own simulator: optional follow-ups, open
relation categories, fault texts of any wording, lists that are only judged once they came.

Each test here failed on konform before the catalogue was read against the guide again.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from lxml import etree

from konform.brs import judge, model, rules, schema
from konform.brs.client import BrsClient
from konform.brs.control_client import BrsControl
from konform.brs.relations import RelationFact
from konform.checks import NonConformance, readings
from steps.brs_answers import refusal
from steps.brs_arrange import answered
from steps.brs_properties import sufficient_agrees

ORG = model.Organisation("DoctorOrganisationIdentifier", "132435")


def example(*, without: tuple[str, ...] = (), relation: str | None = None) -> etree._Element:
    body = etree.fromstring(schema.example("brs-request.xml"))
    for name in without:
        found = body.find(model.q(name))
        assert found is not None, name
        body.remove(found)
    if relation is not None:
        next(body.iter(model.q("Relation"))).text = relation
    return body


def findings(body: etree._Element) -> list[tuple[str, str, bool]]:
    verdict = judge.judge_bytes(etree.tostring(body), judge.BrsSide())
    return [(f.requirement, f.severity, bool(f.reading)) for f in verdict.findings]


def request(now: datetime, **changes: object) -> model.TreatmentRelationRequest:
    base = model.TreatmentRelationRequest(
        organisation=ORG,
        patient="0101455234",
        professional="0202455678",
        start=model.brs_time(now - timedelta(days=1)),
        end=model.brs_time(now + timedelta(hours=1)),
        time_limit=None,
        queryable_cvr=None,
        acceptable=("A",),
        followup=(),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


# -- consumer: konform validate brs ------------------------------------------------------------------


def test_a_request_that_orders_no_follow_up_may_leave_out_its_fields() -> None:
    """"Hvis der i kaldet [...] er angivet at der skal bestilles opfølgninger": follow-ups are optional."""
    assert findings(example(without=("TimeLimit", "QueryableCvr", "FollowupRelations"))) == []


def test_a_follow_up_without_time_limit_is_an_error_resting_on_konforms_reading() -> None:
    assert findings(example(without=("TimeLimit",))) == [("BRS-REQ", "error", True)]


def test_a_category_outside_the_guides_examples_is_only_a_warning_naming_the_reading() -> None:
    """"En liste af acceptable relationer (f.eks. "A+, A, B")": examples, not a closed list."""
    assert findings(example(relation="X")) == [("BRS-REQ", "warning", True)]


def test_the_texts_all_and_service_provider_as_text_rest_on_konforms_choice_of_the_example() -> None:
    text = schema.example("brs-request.xml")
    all_caps = etree.fromstring(text.replace(b"<All>All</All>", b"<All>ALL</All>"))
    assert findings(all_caps) == [("BRS-REQ", "warning", True)]
    as_text = example()
    provider = as_text.find(model.q("ServiceProvider"))
    assert provider is not None
    provider[:] = []
    provider.text = "FMK"
    assert findings(as_text) == [("BRS-REQ", "error", True)]


def test_a_missing_obligatory_element_must_be_refused_on_the_guides_words_a_bad_value_on_a_reading() -> None:
    assert rules.refusal_reading(example(without=("PatientCpr",))) == ""
    assert rules.refusal_reading(example(without=("TimeLimit",))) == rules.FOLLOWUP_READING
    bad = example()
    next(bad.iter(model.q("PatientCpr"))).text = "3102601951"
    assert rules.refusal_reading(bad) == rules.VALUE_READING


# -- the simulator -------------------------------------------------------------------------------------


def test_brs_answers_a_request_without_a_follow_up_and_orders_none(
    brs_api: BrsClient, brs_ctl: BrsControl
) -> None:
    now = brs_ctl.set_clock(datetime.now(UTC).replace(microsecond=0))
    answer = brs_api.treatment_relation(request(now))
    assert not answer.is_fault, answer.summary()
    assert answer.response().followup_ordered is False and brs_ctl.followups() == []


def test_brs_answers_a_category_it_does_not_know(brs_api: BrsClient, brs_ctl: BrsControl) -> None:
    now = brs_ctl.set_clock(datetime.now(UTC).replace(microsecond=0))
    answer = brs_api.treatment_relation(request(now, acceptable=("A", "X")))
    assert not answer.is_fault, answer.summary()


# -- the provider checks -------------------------------------------------------------------------------


def test_a_fault_text_in_any_wording_passes_the_time_format_check_even_under_strict_readings(
    brs_api: BrsClient, brs_ctl: BrsControl
) -> None:
    """"Fault message vil indeholde yderligere beskrivelse af årsagen": the code, and any text."""
    brs_ctl.select_profile("independent")
    now = brs_ctl.set_clock(datetime.now(UTC).replace(microsecond=0))
    body = request(now, followup=model.ALL, queryable_cvr="25520041", time_limit="2013-09-30T11:04:37")
    answer = brs_api.post(body.to_xml())
    assert answer.fault_code == "processing_problem" and "TimeLimit" not in (answer.fault_string or "")
    with readings("strict"):
        refusal("BRS-TIME", answer, rules.VALUE_READING, code="processing_problem")


def test_no_check_of_a_notification_list_passes_on_a_fault(brs_api: BrsClient, brs_ctl: BrsControl) -> None:
    brs_ctl.select_profile("notification-query-fails")
    answer = brs_api.notification_query(0)
    assert answer.fault_code == "processing_problem"
    with pytest.raises(NonConformance, match="NOTIF-QUERY"):
        answered("NOTIF-QUERY", [answer])


def test_sufficient_relation_is_judged_against_the_arranged_relations_not_only_itself() -> None:
    """An answer that agrees with itself (nothing found, not sufficient) but not with what is known."""
    now = datetime(2026, 1, 31, 12, tzinfo=UTC)
    sent = request(now)
    fact = RelationFact(sent.patient, sent.professional, ORG, "A", now - timedelta(hours=1), now)
    silent = model.TreatmentRelationResponse(False, (), False, "u", "e")  # consistent, and wrong
    with pytest.raises(NonConformance, match="BRS-SUFFICIENT"):
        sufficient_agrees("BRS-SUFFICIENT", silent, sent, [fact])
    found = model.TreatmentRelationResponse(True, ("A",), False, "u", "e")
    sufficient_agrees("BRS-SUFFICIENT", found, sent, [fact])
    sufficient_agrees("BRS-SUFFICIENT", silent, sent, None)  # a real BRS: only agreement with itself

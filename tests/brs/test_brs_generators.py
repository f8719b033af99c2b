"""The BRS strategies are checked against the rules they serve: valid is valid, broken breaks one rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generators import brs as gen
from konform.brs import model, rules
from konform.identifiers import dk_cpr

NOW = datetime(2026, 1, 31, 22, 59, 40, tzinfo=UTC)


@given(request=gen.requests(now=NOW, cvr="25520041"))
def test_every_generated_request_is_valid(request: model.TreatmentRelationRequest) -> None:
    assert rules.body_findings(request.to_xml()) == []


@given(request=gen.requests(now=NOW, cvr="25520041", synthetic=True))
def test_synthetic_requests_use_cpr_numbers_born_in_the_future(
    request: model.TreatmentRelationRequest,
) -> None:
    assert dk_cpr.get_birth_date(request.patient) > NOW.date()


@pytest.mark.parametrize("requirement", ["BRS-REQ", "BRS-TIME"])
@given(data=st.data())
def test_every_mutation_breaks_exactly_its_rule_and_names_its_field(
    requirement: str, data: st.DataObject
) -> None:
    broken = data.draw(gen.mutations(requirement, now=NOW, cvr="25520041"))
    errors = [f for f in rules.body_findings(broken.body) if f.severity == "error"]
    assert errors and {f.requirement for f in errors} == {requirement}
    assert any(broken.field in f.message for f in errors)


@given(
    fact=gen.relation_facts(
        patient="0101601951",
        professional="0101601803",
        organisation=model.Organisation("DoctorOrganisationIdentifier", "1"),
        now=NOW,
    )
)
def test_relation_facts_end_after_they_start(fact: object) -> None:
    assert fact.end >= fact.start  # type: ignore[attr-defined]


@given(moment=st.datetimes(timezones=st.just(UTC)))
def test_brs_time_is_the_guides_format_and_reads_back(moment: datetime) -> None:
    text = model.brs_time(moment)
    assert model.TIME_FORMAT.fullmatch(text)
    assert model.parse_time(text) == moment.replace(microsecond=0)


def test_categories_are_listed_in_the_guides_order() -> None:
    assert model.categories(["C", "A+", "E", "A", "C"]) == ("A+", "A", "C", "E")


@given(request=gen.requests(now=NOW, cvr="25520041"))
def test_a_request_survives_xml_both_ways(request: model.TreatmentRelationRequest) -> None:
    assert model.TreatmentRelationRequest.from_xml(request.to_xml()) == request


def test_brs_time_is_danish_local_time() -> None:
    assert model.brs_time(NOW) == "2026-01-31T23:59:40+01:00"
    assert model.brs_time(NOW + timedelta(days=180)).endswith("+02:00")

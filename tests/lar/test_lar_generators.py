"""LAR strategies: valid ones pass every rule; each mutation breaks exactly its rule, naming its field."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from generators import lar as gen
from generators import lar_broken
from konform.identifiers import dk_cpr
from konform.lar import model, rules, schema
from konform.lar.model import GET, REGISTER, Allergy


def errors(operation: model.Operation, content: etree._Element) -> list[str]:
    payload = model.request_xml(operation, content)
    return [
        f"{f.requirement}: {f.message}" for f in rules.problems(payload, operation) if f.severity == "error"
    ]


@given(gen.allergies())
def test_generated_allergies_break_no_rule(allergy: etree._Element) -> None:
    assert errors(REGISTER, allergy) == []
    assert schema.schema().validate(model.request_xml(REGISTER, allergy))


@given(gen.allergies(synthetic=True))
def test_synthetic_allergies_carry_cpr_numbers_born_in_the_future(allergy: etree._Element) -> None:
    patient = Allergy(allergy).patient or ""
    assert dk_cpr.validate(patient, allow_future_birth_date=True) == patient
    assert not dk_cpr.is_valid(patient)


@given(gen.allergies(described_only=False))
def test_allergies_for_other_rules_always_code_their_reactions(allergy: etree._Element) -> None:
    assert all(reaction.child("manifestation") is not None for reaction in Allergy(allergy).reactions())


@given(gen.criteria())
def test_generated_criteria_break_no_rule(criteria: etree._Element) -> None:
    assert errors(GET, criteria) == []


@given(st.sampled_from(lar_broken.MUTATIONS).flatmap(lar_broken.broken))
def test_each_mutation_breaks_exactly_its_rule_and_the_answer_names_its_field(
    broken: lar_broken.Broken,
) -> None:
    payload = model.request_xml(broken.operation, broken.content)
    found = [f for f in rules.problems(payload, broken.operation) if f.severity == "error"]
    # A schema breach no rule covers is SCHEMA in a file judgement; LAR answers it under LAR-4.1.2-REPLY.
    expected = {schema.SCHEMA if broken.requirement == schema.REPLY else broken.requirement}
    assert {f.requirement for f in found} == expected, found
    assert any(broken.field in f.message for f in found), (broken.field, found)


def test_every_mutation_names_a_catalogue_rule() -> None:
    from konform import catalogue

    assert set(lar_broken.MUTATIONS) <= set(catalogue.load())

"""LAR's schema and rules: the guide's examples validate; schema errors become named field defects; errata."""

from __future__ import annotations

import pytest
from lar_helpers import EXAMPLES, allergy, example_content
from lxml import etree

from konform import soap, xml
from konform.checks import ReadingsMode, apply_readings
from konform.lar import model, rules, schema
from konform.lar.model import GET, REGISTER, UPDATE

NAMES = (
    "register-request",
    "register-response",
    "update-request",
    "update-response",
    "get-request",
    "get-response",
)


@pytest.mark.parametrize("name", NAMES)
def test_the_guides_examples_validate_as_written(name: str) -> None:
    body = xml.parse((EXAMPLES / f"{name}.xml").read_bytes()).find(f"{{{soap.SOAP11}}}Body")
    assert body is not None
    assert schema.schema().validate(body[0]), schema.schema().error_log


def test_only_the_declaration_of_the_update_examples_differs_from_the_guide() -> None:
    for name in ("update-request", "update-response"):
        printed = (EXAMPLES / f"{name}.as-printed.txt").read_text(encoding="utf-8")
        kept = (EXAMPLES / f"{name}.xml").read_text(encoding="utf-8")
        assert printed.startswith('<?xml version="1.0"> ')
        assert kept == printed.replace('<?xml version="1.0">', '<?xml version="1.0"?>', 1)
        with pytest.raises(xml.UnsafeXml):
            xml.parse(printed.encode())


def found(operation: model.Operation, content: etree._Element) -> list[tuple[str, str | None, str]]:
    payload = model.request_xml(operation, content)
    return [(f.requirement, f.element, f.severity) for f in rules.problems(payload, operation)]


def test_a_missing_required_field_is_one_finding_under_required() -> None:
    assert found(REGISTER, allergy(onsetDateTime=None)) == [
        ("LAR-4.1.1-REQUIRED", "onsetDateTime", "error"),
        ("LAR-4.3-CODES", "substance.code", "warning"),
    ]


def test_an_element_no_rule_knows_is_a_schema_finding_naming_it() -> None:
    content = allergy()
    onset = content.find(model.a("onsetDateTime"))
    assert onset is not None
    onset.addnext(etree.Element(model.a("asserter")))
    assert ("SCHEMA", "asserter", "error") in found(REGISTER, content)


def test_errata_are_named_in_the_messages() -> None:
    crit = rules.problems(model.request_xml(REGISTER, allergy(criticality="unnable-to-assess")), REGISTER)
    status = rules.problems(model.request_xml(REGISTER, allergy(clinicalStatus="Active")), REGISTER)
    assert any("erratum" in f.message for f in crit if f.requirement == "LAR-4.1.1-CRIT")
    assert any("erratum" in f.message for f in status if f.requirement == "LAR-4.1.1-STATUS")


def test_an_update_needs_identifier_and_version() -> None:
    content = allergy(identifier=None)
    assert ("LAR-4.1.1-IDENT", "identifier", "error") in found(UPDATE, content)
    assert ("LAR-4.1.1-VERSION", "versionId", "error") in found(UPDATE, content)
    assert found(REGISTER, content) == [("LAR-4.3-CODES", "substance.code", "warning")]


def test_drug_id_takes_any_urn_oid_and_cpr_is_never_judged_by_modulus_11() -> None:
    content = allergy(patient="0101505007")  # a synthetic CPR-nummer without modulus 11 (2050)
    system = content.find(f"{model.a('drugId')}/{model.a('system')}")
    assert system is not None
    system.text = "urn:oid:mangler_afklaring"
    assert [f for f in found(REGISTER, content) if f[2] == "error"] == []


def test_the_get_example_is_valid_and_a_requester_type_outside_the_table_is_not() -> None:
    criteria = example_content("get-request")
    assert found(GET, criteria) == []
    kind = criteria.find(f"{model.s('requesterOrganization')}/{model.s('type')}")
    assert kind is not None
    kind.set("value", "cvr")
    assert ("LAR-4.2.1-QUERY", "requesterOrganization.type", "error") in found(GET, criteria)


# -- the guide's words and konform's readings ------------------------------------------------------


def judged(content: etree._Element, mode: ReadingsMode) -> list[tuple[str, str | None, str]]:
    """What `konform validate lar` reports for a Register request under `mode` readings."""
    findings = apply_readings(rules.problems(model.request_xml(REGISTER, content), REGISTER), mode)
    return [(f.requirement, f.element, f.severity) for f in findings]


@pytest.mark.parametrize("system", [model.CPR, model.SOR, model.AUTORISATION, model.SKS])
def test_a_substance_outside_atc_is_named_under_codes_a_warning_unless_readings_are_strict(
    system: str,
) -> None:
    content = allergy()
    substance = content.find(f"{model.a('substance')}/{model.a('system')}")
    assert substance is not None
    substance.text = system
    assert ("LAR-4.3-CODES", "substance.system", "warning") in judged(content, "lenient")
    assert ("LAR-4.3-CODES", "substance.system", "error") in judged(content, "strict")
    [finding] = [
        f
        for f in rules.problems(model.request_xml(REGISTER, content), REGISTER)
        if f.element == "substance.system"
    ]
    assert finding.basis == "reading" and "kan være" in finding.reading


def test_the_guides_own_atc_substance_is_no_finding_of_the_substance_system() -> None:
    assert [f for f in judged(allergy(), "strict") if f[1] == "substance.system"] == []


def test_what_only_konforms_schema_names_is_a_reading_and_a_rule_of_the_guide_is_not() -> None:
    unknown = allergy()
    onset = unknown.find(model.a("onsetDateTime"))
    assert onset is not None
    onset.addnext(etree.Element(model.a("asserter")))
    assert ("SCHEMA", "asserter", "warning") in judged(unknown, "lenient")
    assert ("SCHEMA", "asserter", "error") in judged(unknown, "strict")
    capitalised = allergy(clinicalStatus="Active")  # the request table says active: the guide's words
    assert ("LAR-4.1.1-STATUS", "clinicalStatus", "error") in judged(capitalised, "lenient")


def test_the_tables_serverity_is_refused_only_by_konforms_reading() -> None:
    content = allergy()
    severity = content.find(f"{model.a('reaction')}/{model.a('severity')}")
    assert severity is not None
    severity.tag = model.a("serverity")
    assert ("LAR-4.1.1-REACTION", "serverity", "warning") in judged(content, "lenient")
    assert ("LAR-4.1.1-REACTION", "serverity", "error") in judged(content, "strict")

"""SPOR's consumer rules: each fires on its own mutation and nowhere else (§6–§7)."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from generators import spor as gen
from konform.spor import rules, stream
from konform.spor.model import REGISTRATION, registration_xml, request_xml
from konform.spor.side import SideInputs
from konform.validate import FileVerdict


def judge(data: bytes, side: SideInputs | None = None) -> FileVerdict:
    return rules.judge_stream(io.BytesIO(data), side or SideInputs())


def requirements(verdict: FileVerdict) -> list[str]:
    return [finding.requirement for finding in verdict.findings]


@given(gen.exports())
def test_a_clean_generated_export_has_no_findings(export: etree._Element) -> None:
    assert judge(gen.serialize(export)).findings == []


@pytest.mark.parametrize("requirement", sorted(gen.MUTATIONS))
@given(data=st.data())
def test_each_mutation_breaks_exactly_its_rule(requirement: str, data: st.DataObject) -> None:
    broken = data.draw(gen.MUTATIONS[requirement])
    assert requirements(judge(gen.serialize(broken))) == [requirement]


@pytest.mark.parametrize("requirement", sorted(gen.CASES))
@given(data=st.data())
def test_each_case_breaks_exactly_its_rule(
    requirement: str, data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    case = data.draw(gen.CASES[requirement])
    previous = None
    if case.previous is not None:
        previous = tmp_path_factory.mktemp("previous") / "export.xml"
        previous.write_bytes(gen.serialize(request_xml(case.previous, export_time=gen.NIGHT)))
    assert requirements(judge(case.export(), case.side(previous))) == [requirement]


def test_every_rule_is_registered_under_a_catalogue_id() -> None:
    from konform import catalogue

    ids = {rule.requirement for rule in rules.RULES}
    assert ids <= set(catalogue.load())
    assert ids == set(gen.MUTATIONS) | set(gen.CASES)


def test_identity_problem_is_none_for_personnummer_and_samordningsnummer() -> None:
    assert rules.identity_problem("191212121212") is None
    assert rules.identity_problem("191500722390") is None  # samordningsnummer, day 12 + 60


def test_identity_problem_names_the_number_and_the_defect() -> None:
    problem = rules.identity_problem("191212121213")
    assert problem is not None
    assert "191212121213" in problem
    assert "check digit" in problem


def test_fellista_reason_reads_as_spor_writes_it() -> None:
    element = registration_xml(
        operationsstart="2022-04-13T10:00:00+01:00", operationsslut="2022-04-13T09:00:00+01:00"
    )
    assert rules.fellista_reasons(element) == [
        "Operationsslut 2022-04-13T09:00:00+01:00 är före operationsstart 2022-04-13T10:00:00+01:00"
    ]


def test_fellista_compares_times_across_offsets() -> None:
    element = registration_xml(
        anlantOperationsavdelning="2022-04-13T10:30:00+02:00", operationsstart="2022-04-13T09:45:00+01:00"
    )
    assert rules.fellista_reasons(element) == []


def example(**changes: str | list[str] | None) -> etree._Element:
    values: dict[str, str | list[str] | None] = {
        "recipientMessageSplit": "SPOR",
        "systemId": gen.UNIT,
        "behandlingsnummer": "2200054",
        "personnummer": "191212121212",
        "planeringstidpunkt": "2022-04-12T08:00:00+01:00",
        "operationsanmalan": "2022-04-01T09:12:00+01:00",
        "anlantOperationsavdelning": "2022-04-13T13:10:00+01:00",
        "atgarder": ["JAB30"],
    }
    return registration_xml(**{**values, **changes})


def test_findings_carry_the_line_of_their_element_in_file_order() -> None:
    data = gen.serialize(request_xml([example(), example(behandlingsnummer="2", personnummer="1912")]))
    [finding] = judge(data).findings
    line = data.decode().splitlines().index("    <personnummer>1912</personnummer>") + 1
    assert (finding.line, finding.requirement, finding.element) == (line, "SPOR-7.1-PNR", "personnummer")
    assert "1912" in finding.message


def test_of_three_plannings_on_one_day_all_but_the_last_are_errors() -> None:
    times = ["2022-04-12T08:00:00+01:00", "2022-04-12T10:00:00+01:00", "2022-04-12T09:00:00+01:00"]
    data = gen.serialize(request_xml([example(planeringstidpunkt=t) for t in times]))
    lines = data.decode().splitlines()
    found = judge(data).findings
    assert requirements(judge(data)) == ["SPOR-6.3-LASTPLAN", "SPOR-6.3-LASTPLAN"]
    assert [lines[f.line - 1].strip()[20:39] for f in found] == ["2022-04-12T08:00:00", "2022-04-12T09:00:00"]


def test_plans_history_knows_a_later_planning_the_same_day() -> None:
    plans = {"2200054": (datetime.fromisoformat("2022-04-12T17:00:00+02:00"),)}
    verdict = judge(gen.serialize(request_xml([example()])), SideInputs(plans=plans))
    assert requirements(verdict) == ["SPOR-6.3-LASTPLAN"]
    assert "2022-04-12T17:00:00+02:00" in verdict.findings[0].message


def test_an_unchanged_resend_is_a_warning() -> None:
    verdict = judge(gen.serialize(request_xml([example(), example()])))
    assert [(f.requirement, f.severity) for f in verdict.findings] == [("SPOR-6.5-REPLACE", "warning")]


def test_the_nightly_deadline_uses_at_when_an_export_has_no_export_time() -> None:
    data = gen.serialize(request_xml([example()]))
    late = SideInputs(at=datetime.fromisoformat("2022-04-14T05:10:00+02:00"))
    early = SideInputs(at=datetime.fromisoformat("2022-04-14T03:10:00+02:00"))
    assert requirements(judge(data, late)) == ["SPOR-6.1-NIGHTLY"]
    assert requirements(judge(data, early)) == []


def test_a_bad_export_time_is_a_date_format_finding_only() -> None:
    data = gen.serialize(request_xml([example()], export_time="2022-04-14 05:10"))
    assert requirements(judge(data)) == ["SPOR-7.1-DATES"]


def test_a_soap_envelope_and_a_bare_registration_are_judged_alike() -> None:
    from konform import soap

    broken = example(personnummer="191212121213")
    enveloped = soap.build(request_xml([broken]))
    assert requirements(judge(enveloped)) == ["SPOR-7.1-PNR"]
    assert requirements(judge(gen.serialize(broken))) == ["SPOR-7.1-PNR"]


def test_strays_and_empty_requests_break_the_schema() -> None:
    request = request_xml([example()])
    etree.SubElement(request, "{urn:konform:spor:4.1}trailer")
    assert requirements(judge(gen.serialize(request))) == ["SPOR-7.2.2-SCHEMA"]
    assert requirements(judge(gen.serialize(request_xml([])))) == ["SPOR-7.2.2-SCHEMA"]


def test_the_reader_holds_no_more_registrations_than_one_chunk_brings() -> None:
    one = len(etree.tostring(example()))
    data = gen.serialize(
        request_xml([example(behandlingsnummer=str(n)) for n in range(1, 5 * stream.CHUNK // one)])
    )
    widest = 0
    for event in stream.read(io.BytesIO(data)):
        if event.kind == "registration":
            parent = event.element.getparent()
            assert parent is not None and event.element.tag == REGISTRATION
            widest = max(widest, len(parent))
    assert 0 < widest <= stream.CHUNK // one + 2

"""`konform validate sysvak`: output, exit codes and --msghead-xsd exactly as CONTRACTS.md fixes them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from generators import sysvak as gen
from konform.cli import main
from konform.sysvak import messages, rules
from konform.sysvak.client import SysvakClient, SysvakControl
from konform.sysvak.model import KodeverkRequest, Vaksinand
from steps.sysvak_phrases import request

PUBLIC = Path(__file__).resolve().parents[3] / "shared" / "reference" / "msghead" / "MsgHead-v1_2.xsd"
SUMMARY = "{} file(s): {} error(s), {} warning(s)"
HENDELSE = request("a HendelseRequest registering MMR on 2022-05-03 for 03852150024")
H_NUMBER = request(
    "a HendelseRequest registering MMR on 2022-05-03 for the H-nummer 14422250183 "
    "under offisiell personidentifikasjon (8327)"
)


def konform(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args])


def write(folder: Path, name: str, body: bytes) -> Path:
    path = folder / name
    path.write_bytes(body)
    return path


def test_a_conforming_message_gives_only_the_summary_and_exit_0(tmp_path: Path) -> None:
    path = write(tmp_path, "ok.xml", gen.message(HENDELSE))
    result = konform("validate", "sysvak", path)
    assert (result.exit_code, result.output) == (0, SUMMARY.format(1, 0, 0) + "\n")


def test_findings_name_file_line_requirement_severity_and_element(tmp_path: Path) -> None:
    path = write(tmp_path, "hnr.xml", gen.message(H_NUMBER, "with a ConversationRef"))
    result = konform("validate", "sysvak", path)
    lines = result.output.splitlines()
    assert result.exit_code == 1
    assert lines[-1] == SUMMARY.format(1, 2, 0)
    body = path.read_text(encoding="utf-8").splitlines()
    for line, requirement, word in zip(
        lines[:2],
        ("SYSVAK-3.6.4-CONVREF", "SYSVAK-3.7.1-HNR"),
        ("ConversationRef", "VaksinandIdent"),
        strict=True,
    ):
        where, _, rest = line.partition(": ")
        file, number = where.rsplit(":", 1)
        assert (file, rest.split()[:2]) == (str(path), [requirement, "error"])
        assert word in body[int(number) - 1]


@pytest.mark.parametrize(
    ("variant", "requirement"),
    [
        ("with two Documents", "SYSVAK-3.1-SINGLE"),
        ('with MsgInfo/Type "SOKREQUEST"', "SYSVAK-3.1-TYPES"),
        ('with MsgInfo/Type "HENDELESERESPONSE"', "SYSVAK-3.6.1-TYPE"),
        ("without GenDate", "SYSVAK-3.6.2-HEAD"),
        ('with RefDoc/MsgType "PDF"', "SYSVAK-3.6.2-HEAD"),
        ("with a ConversationRef", "SYSVAK-3.6.4-CONVREF"),
        ("declared ISO-8859-1", "SYSVAK-3.7.3-UTF8"),
    ],
)
def test_one_defect_in_the_head_gives_one_finding_under_its_rule(
    tmp_path: Path, variant: str, requirement: str
) -> None:
    verdict = rules.judge(write(tmp_path, "m.xml", gen.message(HENDELSE, variant)), rules.SideInputs())
    assert [f.requirement for f in verdict.findings] == [requirement]


@settings(max_examples=30)
@given(number=gen.official_numbers(), event=gen.hendelser(), kind=st.sampled_from(["ok", "broken", "h"]))
def test_generated_messages_are_judged_by_the_identifier_rules(number: str, event: object, kind: str) -> None:
    ident = {
        "ok": gen.person_ident(number),
        "broken": gen.person_ident(number[:-1] + str((int(number[-1]) + 1) % 10)),
        "h": gen.person_ident(number[:2] + f"{int(number[2:4]) % 40 + 40:02}" + number[4:], "HNR"),
    }[kind]
    body = gen.message(gen.request_for(Vaksinand(ident), event))  # type: ignore[arg-type]
    found = {f.requirement for f in rules.judge_bytes(body, rules.SideInputs(), name="m.xml").findings}
    assert found == {"ok": set(), "broken": {"SYSVAK-ID"}, "h": {"SYSVAK-3.7.1-HNR"}}[kind]


def test_a_change_without_a_required_field_is_an_error_under_the_whole_hendelse_rule(tmp_path: Path) -> None:
    partial = request("a HendelseRequest deleting MMR on 2022-05-03 without Batchnummer for 03852150024")
    verdict = rules.judge(write(tmp_path, "m.xml", gen.message(partial)), rules.SideInputs())
    assert [(f.requirement, "Batchnummer" in f.message) for f in verdict.findings] == [
        ("SYSVAK-4.2-FULL", True)
    ]


def test_an_unknown_element_is_a_schema_finding(tmp_path: Path) -> None:
    body = gen.message(HENDELSE).replace(b"<Batchnummer>", b"<Farge>rosa</Farge><Batchnummer>")
    verdict = rules.judge(write(tmp_path, "m.xml", body), rules.SideInputs())
    assert [f.requirement for f in verdict.findings] == ["SCHEMA"]


def test_at_makes_a_birth_date_after_it_invalid(tmp_path: Path) -> None:
    path = write(tmp_path, "m.xml", gen.message(HENDELSE))  # 03852150024: born 3 May 2021
    result = konform("validate", "sysvak", "--at", "2020-01-01T00:00:00+01:00", path)
    assert result.exit_code == 1 and "SYSVAK-ID error" in result.output
    assert konform("validate", "sysvak", "--at", "2020-01-01", path).exit_code == 2


def test_unusable_files_go_to_stderr_and_exit_2_while_the_others_are_judged(tmp_path: Path) -> None:
    good = write(tmp_path, "good.xml", gen.message(HENDELSE))
    latin = write(tmp_path, "latin.xml", gen.message(HENDELSE).replace(b"Testby", "Tøstby".encode("latin-1")))
    soap = write(tmp_path, "soap.xml", b'<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"/>')
    process = subprocess.run(
        [sys.executable, "-m", "konform", "validate", "sysvak", good, latin, soap, tmp_path / "missing.xml"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert process.returncode == 2
    assert process.stdout == SUMMARY.format(4, 0, 0) + ", 3 unusable\n"
    reasons = process.stderr.splitlines()
    assert [r.split(": ")[1] for r in reasons] == [str(latin), str(soap), str(tmp_path / "missing.xml")]
    assert "not UTF-8" in reasons[0] and "wrong root element" in reasons[1]


def test_json_and_junit_carry_the_same_findings(tmp_path: Path) -> None:
    path = write(tmp_path, "hnr.xml", gen.message(H_NUMBER))
    junit = tmp_path / "out" / "junit.xml"
    result = konform("validate", "sysvak", "--format", "json", "--junit", junit, path)
    data = json.loads(result.output)
    assert data["summary"] == {"files": 1, "errors": 1, "warnings": 0, "unusable": 0}
    assert [f["requirement"] for f in data["files"][0]["findings"]] == ["SYSVAK-3.7.1-HNR"]
    cases = etree.parse(str(junit)).getroot().iter("testcase")
    failed = [c.get("name") for c in cases if c.find("failure") is not None]
    assert failed == ["SYSVAK-3.7.1-HNR"]


@pytest.mark.skipif(not PUBLIC.is_file(), reason=f"the public MsgHead schema is not at {PUBLIC}")
def test_msghead_xsd_adds_what_the_official_schema_finds(tmp_path: Path) -> None:
    root = etree.fromstring(gen.message(HENDELSE))
    organisation = root.find(".//{*}Sender/{*}Organisation")
    assert organisation is not None
    etree.SubElement(organisation, organisation.tag.replace("Organisation", "TeleCom"))
    path = write(
        tmp_path, "m.xml", etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    )
    assert konform("validate", "sysvak", path).exit_code == 0
    result = konform("validate", "sysvak", "--msghead-xsd", PUBLIC, path)
    assert result.exit_code == 1
    assert "SYSVAK-3.6.2-HEAD error MsgHead-v1_2.xsd:" in result.output and "TeleCom" in result.output


def test_an_msghead_xsd_that_cannot_be_used_is_a_usage_error(tmp_path: Path) -> None:
    path = write(tmp_path, "m.xml", gen.message(HENDELSE))
    result = konform("validate", "sysvak", "--msghead-xsd", tmp_path / "nope.xsd", path)
    assert result.exit_code == 2 and "--msghead-xsd" in result.output


def test_recorded_judges_what_a_running_simulator_received(tmp_path: Path, sysvak_cli: SysvakClient) -> None:
    sysvak_cli.send(KodeverkRequest(gen.UNIT, "9051"))
    sysvak_cli.post(
        gen.msghead(messages.request(KodeverkRequest(gen.UNIT, "9051")), "with a ConversationRef")[0]
    )
    control = str(sysvak_cli.endpoint.control_url)
    second = SysvakControl(control).received()[-1]["id"]
    result = konform("validate", "sysvak", "--recorded", control)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{control}#{second}:8: SYSVAK-3.6.4-CONVREF error MsgInfo/ConversationRef on a message to SYSVAK: "
        "it starts the dialogue and carries none",
        SUMMARY.format(2, 1, 0),
    ]


def test_no_file_is_a_usage_error() -> None:
    result = konform("validate", "sysvak")
    assert result.exit_code == 2 and "give at least one FILE" in result.output


def test_the_judge_registry_lists_the_sysvak_rules_in_catalogue_order() -> None:
    from konform import catalogue
    from konform.validate import registry

    listed = registry.requirements_for("sysvak")
    order = list(catalogue.load())
    assert listed == sorted(listed, key=lambda r: order.index(r) if r in order else len(order))
    assert set(listed) == {r.requirement for r in rules.RULES}
    assert listed[-1] == "SCHEMA"  # what no catalogue rule covers comes last

"""`konform validate lar`: the guide's examples pass; output, exit codes, DGWS header (CONTRACTS.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from lar_helpers import EXAMPLES, allergy, example_content
from lxml import etree

from konform import pki, soap
from konform.cli import main
from konform.dgws import TestSts, header
from konform.lar import model

SUMMARY = "{} file(s): {} error(s), {} warning(s)"
REQUESTS = ("register-request", "update-request", "get-request")


def konform(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args])


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """The real command in a subprocess (`python -m konform`), as a vendor's CI runs it."""
    return subprocess.run(
        [sys.executable, "-m", "konform", *map(str, args)], capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="module")
def sts(tmp_path_factory: pytest.TempPathFactory) -> tuple[TestSts, pki.Pki]:
    keys = pki.ensure(tmp_path_factory.mktemp("lar-validate-pki"))
    return TestSts.from_pki(keys), keys


def envelope_file(folder: Path, card: etree._Element, operation: model.Operation = model.REGISTER) -> Path:
    content = example_content("get-request") if operation is model.GET else allergy()
    path = folder / f"{operation.name}.xml"
    path.write_bytes(header.wrap(model.request_xml(operation, content), card))
    return path


@pytest.mark.parametrize("name", REQUESTS)
def test_konform_validate_lar_on_each_of_the_documents_example_requests_exits_0(name: str) -> None:
    result = run("validate", "lar", EXAMPLES / f"{name}.xml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].startswith("1 file(s): 0 error(s)")
    assert result.stderr == ""


def test_the_bare_request_elements_of_the_examples_pass_too(tmp_path: Path) -> None:
    files = []
    for name in REQUESTS:
        body = etree.fromstring((EXAMPLES / f"{name}.xml").read_bytes()).find(f"{{{soap.SOAP11}}}Body")
        assert body is not None
        files.append(tmp_path / f"{name}-bare.xml")
        files[-1].write_bytes(etree.tostring(body[0]))
    result = konform("validate", "lar", *files)
    assert result.exit_code == 0, result.output
    assert "LAR-3-DGWS" not in result.output, "a bare element has no header to judge"


def test_the_guides_malformed_declaration_is_reported_as_unusable() -> None:
    result = run("validate", "lar", EXAMPLES / "update-request.as-printed.txt", EXAMPLES / "get-request.xml")
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("konform: ") and '<?xml version="1.0">' in line and "erratum" in line
    assert result.stdout.splitlines()[-1] == SUMMARY.format(2, 0, 1) + ", 1 unusable"


def test_a_breach_is_one_line_per_finding_naming_the_rule_and_exit_1(tmp_path: Path) -> None:
    path = tmp_path / "bad.xml"
    bad = allergy(criticality="unnable-to-assess")
    path.write_bytes(etree.tostring(model.request_xml(model.REGISTER, bad)))
    result = konform("validate", "lar", path)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(
        line.startswith(f"{path}:") and " LAR-4.1.1-CRIT error criticality 'unnable-to-assess'" in line
        for line in lines
    )
    assert lines[-1] == SUMMARY.format(1, 1, 1)  # and the warning for the guide's ATC code 648005


def test_json_output_has_the_contract_shape(tmp_path: Path) -> None:
    path = tmp_path / "bad.xml"
    path.write_bytes(etree.tostring(model.request_xml(model.REGISTER, allergy(recorder=None))))
    result = konform("validate", "lar", "--format", "json", path)
    data = json.loads(result.output)
    assert data["summary"] == {"files": 1, "errors": 1, "warnings": 1, "unusable": 0}
    [found] = [f for f in data["files"][0]["findings"] if f["severity"] == "error"]
    assert (found["requirement"], found["element"]) == ("LAR-4.1.1-REQUIRED", "recorder")


def test_junit_has_a_testcase_per_requirement(tmp_path: Path) -> None:
    junit = tmp_path / "junit.xml"
    result = konform("validate", "lar", "--junit", junit, EXAMPLES / "register-request.xml")
    assert result.exit_code == 0
    names = {case.get("name") for case in etree.parse(str(junit)).iter("testcase")}
    assert {"LAR-3-DGWS", "LAR-4.1.1-REQUIRED", "LAR-4.2-LEVEL", "LAR-4.3-CODES"} <= names


def test_an_envelope_card_is_judged_at_the_given_time(tmp_path: Path, sts: tuple[TestSts, pki.Pki]) -> None:
    start = datetime.now(UTC).replace(microsecond=0)
    path = envelope_file(tmp_path, sts[0].mint(level=4, not_before=start, ttl=timedelta(hours=1)))
    within = konform("validate", "lar", "--at", (start + timedelta(minutes=30)).isoformat(), path)
    after = konform("validate", "lar", "--at", (start + timedelta(hours=2)).isoformat(), path)
    assert within.exit_code == 0, within.output
    assert after.exit_code == 1 and "LAR-3-DGWS error DGWS expired_idcard" in after.output


def test_the_level_must_suffice_for_the_operation(tmp_path: Path, sts: tuple[TestSts, pki.Pki]) -> None:
    path = envelope_file(tmp_path, sts[0].mint(level=3), model.GET)
    result = konform("validate", "lar", path)
    assert result.exit_code == 1
    assert "LAR-4.2-LEVEL error DGWS security_level_failed" in result.output


def test_trust_judges_the_issuer(tmp_path: Path, sts: tuple[TestSts, pki.Pki]) -> None:
    untrusted = TestSts.from_pki(sts[1], untrusted=True)
    path = envelope_file(tmp_path, untrusted.mint(level=4))
    assert konform("validate", "lar", path).exit_code == 0, (
        "without --trust the card's own certificate checks it"
    )
    judged = konform("validate", "lar", "--trust", sts[1].sts_cert, path)
    assert judged.exit_code == 1 and "invalid_idcard" in judged.output


def test_a_placeholder_header_is_a_warning_and_no_header_an_error(tmp_path: Path) -> None:
    path = tmp_path / "no-header.xml"
    path.write_bytes(soap.build(model.request_xml(model.REGISTER, allergy())))
    result = konform("validate", "lar", path, EXAMPLES / "get-request.xml")
    assert result.exit_code == 1
    assert "LAR-3-DGWS error DGWS missing_required_header" in result.output
    assert "LAR-3-DGWS warning soap:Header holds only the guide's placeholder" in result.output


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["validate", "lar"], "give at least one FILE"),
        (["validate", "lar", "--at", "tomorrow", "x.xml"], "--at"),
        (["validate", "lar", "--at", "2026-01-01T10:00:00", "x.xml"], "no offset"),
    ],
)
def test_a_wrong_command_line_is_one_line_and_exit_2(args: list[str], fragment: str) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1 and fragment in result.stderr
    assert "Traceback" not in result.stderr


def test_unusable_files_are_named_and_the_others_judged(tmp_path: Path) -> None:
    response = EXAMPLES / "get-response.xml"
    broken = tmp_path / "broken.xml"
    broken.write_bytes(b"<not xml")
    result = run("validate", "lar", response, broken, tmp_path / "missing.xml", EXAMPLES / "get-request.xml")
    assert result.returncode == 2
    reasons = result.stderr.splitlines()
    assert len(reasons) == 3
    assert "is a LAR response" in reasons[0] and "cannot read" in reasons[2]
    assert result.stdout.splitlines()[-1] == SUMMARY.format(4, 0, 1) + ", 3 unusable"

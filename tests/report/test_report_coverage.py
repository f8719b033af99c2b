"""Coverage matrix from real allure-pytest-bdd results of a throw-away feature suite."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from konform import catalogue
from konform.catalogue import Requirement
from konform.cli.report import report_command
from konform.report import render_all
from konform.report.coverage import NOT_COVERED, build_coverage, to_html, to_markdown
from konform.report.results import read_results
from konform.report.summary import format_summary

FEATURE = """\
Feature: Sample registration
  @req:SPOR-3.1-MTLS
  Scenario: SPOR accepts a trusted client certificate
    Given a client
    Then the call succeeds

  @req:SPOR-3.1-MTLS @req:SPOR-3.1-ENV
  Scenario: SPOR refuses an untrusted client certificate
    Given a client
    Then the call fails

  @req:SPOR-3.1-ENV
  Scenario: SPOR names its environment
    Given a client
    Then the call succeeds

  @req:SPOR-4-STAGE
  Scenario: stage accepts the certification run
    Given a client
    Then the precondition is missing

  @req:LAR-3-DGWS @deviation
  Scenario: LAR demands a DGWS header
    Given a client
    Then the call fails

  @req:SYSVAK-99-NOPE
  Scenario: a stale tag
    Given a client
    Then the call succeeds

  Scenario: an untagged scenario
    Given a client
    Then the harness breaks
"""

CONFTEST = """\
import pytest

def pytest_bdd_apply_tag(tag, function):
    if tag.startswith("req:"):
        req = tag[4:]
        pytest.mark.allure_label(req, label_type="story")(function)
        pytest.mark.allure_label(req.split("-")[0], label_type="epic")(function)
        return True
    if tag == "deviation":
        pytest.mark.xfail(reason="baseline: approved until 2099-01-01", strict=False)(function)
        return True
    return None
"""

TESTS = """\
import pytest
from pytest_bdd import given, scenarios, then

scenarios("sample.feature")

@given("a client")
def client():
    return object()

@then("the call succeeds")
def succeeds():
    assert True

@then("the call fails")
def fails():
    assert False, "SPOR-3.1-MTLS: expected a TLS handshake failure"

@then("the precondition is missing")
def precondition():
    pytest.skip("no stage entry configured")

@then("the harness breaks")
def breaks():
    raise RuntimeError("simulator did not start")
"""


@pytest.fixture(scope="module")
def results_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """allure-results of a real pytest-bdd run: passed, failed, skipped, xfailed, broken."""
    project = tmp_path_factory.mktemp("suite")
    (project / "sample.feature").write_text(FEATURE, encoding="utf-8")
    (project / "conftest.py").write_text(CONFTEST, encoding="utf-8")
    (project / "test_sample.py").write_text(TESTS, encoding="utf-8")
    (project / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    results = project / "allure-results"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:allure_pytest",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:xdist",
            f"--alluredir={results}",
            "-q",
            str(project),
        ],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr  # 1 = some scenarios failed
    return results


NOW = datetime(2025, 5, 1, 12, 0, tzinfo=UTC)


def test_records_carry_names_statuses_and_labels(results_dir: Path) -> None:
    records = {r.name: r for r in read_results(results_dir)}
    refused = records["SPOR refuses an untrusted client certificate"]
    assert refused.status == "failed"
    assert sorted(refused.requirements) == ["SPOR-3.1-ENV", "SPOR-3.1-MTLS"]
    assert refused.feature == "Sample registration"
    assert refused.feature_file.endswith("sample.feature")
    assert records["LAR demands a DGWS header"].outcome == "xfailed"
    assert records["an untagged scenario"].outcome == "broken"


def test_verdicts_in_coverage_json(results_dir: Path, tmp_path: Path) -> None:
    render_all(results_dir, tmp_path, "stage", {"SPOR": "4.1"}, html=False, now=NOW)
    data = json.loads((tmp_path / "coverage.json").read_text(encoding="utf-8"))
    verdicts = {r["id"]: r["verdict"] for r in data["requirements"]}
    assert verdicts["SPOR-3.1-MTLS"] == "failed"  # one pass and one fail
    assert verdicts["SPOR-3.1-ENV"] == "failed"
    assert verdicts["SPOR-4-STAGE"] == "skipped"
    assert verdicts["LAR-3-DGWS"] == "approved with conditions"
    assert verdicts["SPOR-6.2-INCL"] == NOT_COVERED
    assert len(verdicts) == len(catalogue.load())
    assert data["generated"] == "2025-05-01T12:00:00+00:00"
    assert data["summary"]["unknown_ids"] == ["SYSVAK-99-NOPE"]
    assert data["summary"]["untagged_scenarios"] == 1
    mtls = next(r for r in data["requirements"] if r["id"] == "SPOR-3.1-MTLS")
    assert sorted(s["status"] for s in mtls["scenarios"]) == ["failed", "passed"]
    assert mtls["registry"] == "SPOR"
    assert mtls["section"] == catalogue.get("SPOR-3.1-MTLS").section


def test_passed_only_requirement_passes(results_dir: Path) -> None:
    reqs = {i: catalogue.get(i) for i in ("SPOR-3.1-ENV", "SPOR-6.2-INCL")}
    only_passes = [r for r in read_results(results_dir) if r.name == "SPOR names its environment"]
    matrix = build_coverage(only_passes, reqs, NOW)
    assert [row.verdict for row in matrix.rows] == ["passed", NOT_COVERED]


def test_not_tested_reason_replaces_not_covered() -> None:
    req = Requirement("X-1-A", "SPOR", "Doc", "1", "Rule.", frozenset(), "needs a real SITHS card")
    matrix = build_coverage([], {"X-1-A": req}, NOW)
    assert matrix.rows[0].verdict == "not tested: needs a real SITHS card"


def test_markdown_rows_grouped_by_registry(results_dir: Path) -> None:
    text = to_markdown(build_coverage(read_results(results_dir), generated=NOW), "stage")
    assert "| SPOR-3.1-MTLS | §3.1, 7.2.1 | failed | 1 passed, 1 failed |" in text
    assert "| SPOR-6.2-INCL | §6.2 | not covered | — |" in text
    assert text.index("## SPOR") < text.index("## LAR") < text.index("## Takecare")


def test_coverage_page_is_self_contained_with_anchors(results_dir: Path) -> None:
    page = to_html(build_coverage(read_results(results_dir), generated=NOW), "stage")
    for req in catalogue.load().values():
        assert f'<tr id="{req.anchor}">' in page
    assert 'id="req-SPOR-3-1-MTLS"' in page
    assert "<script" not in page
    assert "http://" not in page
    assert "https://" not in page
    assert '<span class="flag">interp.</span>' in page


def test_summary_names_gaps_and_html(results_dir: Path, tmp_path: Path) -> None:
    summary = render_all(results_dir, tmp_path, "stage", html=False, now=NOW)
    text = format_summary(summary)
    assert "target stage" in text
    assert "Failed (2): SPOR-3.1-MTLS, SPOR-3.1-ENV" in text
    assert "SPOR-6.2-INCL" in text
    assert "HTML report:   skipped (not requested)" in text
    assert "Scenarios without a requirement tag: 1 (1 broken)" in text
    assert "Failed without a requirement tag (1): an untagged scenario" in text
    spor = next(line for line in text.splitlines() if line.startswith("SPOR "))
    assert spor.split() == ["SPOR", "18", "3", "2", "2", "0", "1", "0"]


def test_cli_writes_reports(results_dir: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        report_command,
        [
            "--results",
            str(results_dir),
            "--out",
            str(tmp_path),
            "--target",
            "stage",
            "--interface-version",
            "SPOR=4.1",
            "--no-html",
        ],
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "coverage.md").exists()
    assert (tmp_path / "html" / "coverage.html").exists()
    assert "konform report · target stage" in result.output
    props = (results_dir / "environment.properties").read_text(encoding="ascii")
    assert "target=stage" in props
    assert "interface\\ SPOR=4.1" in props


def test_cli_without_results_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(report_command, ["--results", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert "no Allure results" in result.output


def test_cli_rejects_bad_interface_version(results_dir: Path, tmp_path: Path) -> None:
    args = ["--results", str(results_dir), "--out", str(tmp_path), "--interface-version", "4.1"]
    result = CliRunner().invoke(report_command, args)
    assert result.exit_code == 2
    assert "REGISTRY=VERSION" in result.output

"""Coverage matrix from real allure-pytest-bdd results of a throw-away feature suite (conftest.py)."""

from __future__ import annotations

import html
import json
from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner

from konform import catalogue
from konform.catalogue import Requirement
from konform.cli.report import report_command
from konform.report import render_all
from konform.report.coverage import FLAG_LABELS, build_coverage
from konform.report.coverage_pages import to_html, to_markdown
from konform.report.results import read_results

NOW = datetime(2025, 5, 1, 12, 0, tzinfo=UTC)


def verdicts_of(results_dir: Path, tmp_path: Path, scope: tuple[str, ...] = ()) -> dict[str, str]:
    render_all(results_dir, tmp_path, "stage", {"SPOR": "4.1"}, html=False, now=NOW, scope=scope)
    data = json.loads((tmp_path / "coverage.json").read_text(encoding="utf-8"))
    return {r["id"]: r["verdict"] for r in data["requirements"]}


def test_records_carry_names_statuses_labels_and_skip_reasons(results_dir: Path) -> None:
    records = {r.name: r for r in read_results(results_dir)}
    refused = records["SPOR refuses an untrusted client certificate"]
    assert refused.status == "failed"
    assert sorted(refused.requirements) == ["SPOR-3.1-ENV", "SPOR-3.1-MTLS"]
    assert refused.feature == "Sample registration"
    assert refused.feature_file.endswith("sample.feature")
    assert refused.failure["requirement"] == "SPOR-3.1-MTLS"
    assert records["LAR demands a DGWS header"].outcome == "xfailed"
    assert records["an untagged scenario"].outcome == "broken"
    assert records["stage accepts the certification run"].skip_reason == (
        "the target names no file upload entry (options.upload_url)"
    )
    assert records["konform's own export is sent by the nightly deadline"].own_material
    assert not records["SPOR answers for RMS units"].own_material
    (warning,) = records["SPOR keeps the times it was sent"].warnings
    assert warning.startswith("SPOR-7.1-DATES: ")


def test_each_requirement_gets_one_status_with_its_reason(results_dir: Path, tmp_path: Path) -> None:
    verdicts = verdicts_of(results_dir, tmp_path)
    assert verdicts["SPOR-3.1-MTLS"] == "failed"  # one pass and one fail
    assert verdicts["SPOR-3.1-ENV"] == "failed"
    assert verdicts["SPOR-7.4-RMS"] == "demonstrated"
    assert verdicts["SPOR-4-STAGE"] == "not demonstrated: needs a profile key or test data"
    assert verdicts["SPOR-7.3-FELLISTA"] == "not demonstrated: needs a control API"
    assert verdicts["LAR-3-DGWS"] == "approved with conditions"
    assert verdicts["SPOR-6.2-INCL"] == "not demonstrated: not run"
    assert len(verdicts) == len(catalogue.load())


def test_a_pass_beside_a_skip_does_not_demonstrate_the_requirement(results_dir: Path, tmp_path: Path) -> None:
    """One scenario of SPOR-7.1-PNR passed, the other needed a control API: not "passed"."""
    assert verdicts_of(results_dir, tmp_path)["SPOR-7.1-PNR"] == "not demonstrated: needs a control API"


def test_konform_judging_its_own_material_is_no_evidence_about_the_target(
    results_dir: Path, tmp_path: Path
) -> None:
    verdict = verdicts_of(results_dir, tmp_path)["SPOR-6.1-NIGHTLY"]
    assert verdict == "not demonstrated: only konform judging its own material"


def test_a_warning_on_a_reading_is_counted_and_kept_apart(results_dir: Path, tmp_path: Path) -> None:
    render_all(results_dir, tmp_path, "stage", html=False, now=NOW, scope=())
    data = json.loads((tmp_path / "coverage.json").read_text(encoding="utf-8"))
    dates = next(r for r in data["requirements"] if r["id"] == "SPOR-7.1-DATES")
    assert dates["verdict"] == "demonstrated, with 1 warning on konform's readings"
    assert dates["status"] == "demonstrated"
    assert "a stored time keeps the offset it was sent with" in dates["warnings"][0]
    assert data["summary"]["warnings"] == 1


def test_the_summary_counts_reasons_and_states_the_verdict(results_dir: Path, tmp_path: Path) -> None:
    render_all(results_dir, tmp_path, "stage", html=False, now=NOW, scope=())
    summary = json.loads((tmp_path / "coverage.json").read_text(encoding="utf-8"))["summary"]
    assert summary["not_demonstrated_reasons"]["needs a control API"] == 2
    assert summary["not_demonstrated_reasons"]["needs a profile key or test data"] == 1
    assert summary["failed"] == ["SPOR-3.1-MTLS", "SPOR-3.1-ENV"]
    assert summary["verdict"].startswith("non-conformant: 2 of 79 requirements in scope failed")
    assert summary["unknown_ids"] == ["SYSVAK-99-NOPE"]
    assert summary["untagged_scenarios"] == 1


def test_a_run_of_one_registry_is_judged_on_that_registry_only(results_dir: Path, tmp_path: Path) -> None:
    verdicts = verdicts_of(results_dir, tmp_path, scope=("SPOR",))
    registries = {catalogue.epic(i) for i in verdicts}
    # LAR-3-DGWS is in scope only because a scenario of this run reached it.
    assert set(verdicts) == {r.id for r in catalogue.load().values() if r.registry == "SPOR"} | {"LAR-3-DGWS"}
    assert registries == {"SPOR", "LAR"}
    text = (tmp_path / "coverage.md").read_text(encoding="utf-8")
    assert "## SYSVAK" not in text and "## SPOR" in text
    page = (tmp_path / "html" / "coverage.html").read_text(encoding="utf-8")
    assert "req-SYSVAK-3-1-TYPES" not in page and "req-SPOR-7-1-PNR" in page


def test_a_re_render_is_judged_on_the_registries_its_results_name(results_dir: Path, tmp_path: Path) -> None:
    """`konform report` of a `--registry` run: the results say which registries the run was about."""
    render_all(results_dir, tmp_path, "stage", html=False, now=NOW)
    summary = json.loads((tmp_path / "coverage.json").read_text(encoding="utf-8"))["summary"]
    assert summary["scope"] == ["SPOR", "LAR", "SYSVAK"]  # the sample's epics; no BRS or Takecare
    assert set(summary["registries"]) == {"SPOR", "LAR", "SYSVAK"}


def test_not_tested_reason_is_shown_with_not_run() -> None:
    req = Requirement("X-1-A", "SPOR", "Doc", "1", "Rule.", frozenset(), "needs a real SITHS card")
    (row,) = build_coverage([], {"X-1-A": req}, NOW).rows
    assert row.verdict == "not demonstrated: not run"
    assert row.status.detail == "not tested: needs a real SITHS card"


def test_markdown_rows_grouped_by_registry(results_dir: Path) -> None:
    text = to_markdown(build_coverage(read_results(results_dir), generated=NOW), "stage")
    mtls, incl = catalogue.get("SPOR-3.1-MTLS").basis, catalogue.get("SPOR-6.2-INCL").basis
    assert f"| SPOR-3.1-MTLS | §3.1, 7.2.1 | {mtls} | failed | 1 passed, 1 failed |" in text
    assert f"| SPOR-6.2-INCL | §6.2 | {incl} | not demonstrated: not run | — |" in text
    assert "**Verdict: non-conformant: 2 of 79" in text
    assert text.index("## SPOR") < text.index("## LAR") < text.index("## Takecare")


def test_coverage_page_is_self_contained_with_anchors(results_dir: Path) -> None:
    page = to_html(build_coverage(read_results(results_dir), generated=NOW), "stage")
    for req in catalogue.load().values():
        assert f'<tr id="{req.anchor}">' in page
    assert 'id="req-SPOR-3-1-MTLS"' in page
    assert "<script" not in page
    assert "http://" not in page
    assert "https://" not in page
    assert '<td class="v nd">not demonstrated: needs a control API</td>' in page
    for req in catalogue.load().values():  # each row shows its flags and what they make its basis
        row = page[page.index(f'<tr id="{req.anchor}">') :]
        row = row[: row.index("</tr>")]
        assert f"Basis: {html.escape(catalogue.BASIS_TEXT[req.basis])}</div>" in row
        assert all(f'<span class="flag">{FLAG_LABELS[f]}</span>' in row for f in req.flags)


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
    assert "konform · target stage" in result.output
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

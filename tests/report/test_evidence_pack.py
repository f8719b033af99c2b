"""The evidence pack an auditor receives: honest statuses, each failure in full, a checkable manifest."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from konform import __version__, catalogue
from konform.deviations import Deviation
from konform.report import render_all
from konform.report.evidence_pack import MANIFEST, Pack, write
from konform.report.run import RunInfo
from konform.targets import Endpoint, Target


def basis_text(requirement: str) -> str:
    """How a failure of a document check under `requirement` words its basis (the row's flags vary)."""
    row = catalogue.get(requirement)
    extra = f" (catalogue row {catalogue.BASIS_TEXT[row.basis]})" if row.basis != "document" else ""
    return "the document's text" + extra


WHEN = datetime(2025, 5, 1, 12, 0, tzinfo=UTC)
RUN = RunInfo(seed=4711, rerun="konform certify --registry=spor --target=stage --seed=4711", commit="abc123")
STAGE = Target("stage", "stage", endpoints={"spor": Endpoint("https://spor.test/ws")})


@pytest.fixture(scope="module")
def pack(results_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Pack:
    reports = tmp_path_factory.mktemp("reports")
    (reports / "junit.xml").write_text("<testsuites/>", encoding="utf-8")
    summary = render_all(results_dir, reports, "stage", html=False, now=WHEN, scope=["SPOR"], run=RUN)
    baseline = [Deviation("LAR-3-DGWS", "header fixed in release 7", date(2099, 1, 1))]
    return write(reports, summary, STAGE, registries=["SPOR"], baseline=baseline, when=WHEN)


def test_the_pack_states_the_run_and_a_verdict_that_names_what_was_not_demonstrated(pack: Pack) -> None:
    text = (pack.folder / "summary.md").read_text(encoding="utf-8")
    assert pack.folder.name == "2025-05-01-spor-stage"
    assert f"**Verdict: {pack.verdict}**" in text
    assert pack.verdict.startswith("non-conformant: 2 of 18 requirements in scope failed")
    assert "not demonstrated (needs a control API: 2" in pack.verdict
    assert f"| konform | {__version__} (Python " in text
    assert "| konform commit | abc123 |" in text
    assert "| Seed | 4711 (" in text
    assert "| Rerun | konform certify --registry=spor --target=stage --seed=4711 |" in text
    assert "| Scope | SPOR |" in text


def test_every_requirement_of_the_scope_has_its_status_and_no_other(pack: Pack) -> None:
    text = (pack.folder / "summary.md").read_text(encoding="utf-8")
    assert "| [SPOR-7.1-PNR](html/coverage.html#req-SPOR-7-1-PNR) |" in text
    pnr, rms = catalogue.get("SPOR-7.1-PNR").basis, catalogue.get("SPOR-7.4-RMS").basis
    assert f"| not demonstrated: needs a control API | {pnr} | 1 passed, 1 skipped" in text
    assert "| [SPOR-7.4-RMS](html/coverage.html#req-SPOR-7-4-RMS) | " in text
    assert f"| demonstrated | {rms} | 1 passed |" in text
    assert "LAR-3-DGWS" not in text.split("## Known deviations")[0]
    assert "SYSVAK-" not in text
    page = (pack.folder / "summary.html").read_text(encoding="utf-8")
    assert "<td>not demonstrated: only konform judging its own material</td>" in page
    assert "<td>passed</td>" not in page


def test_a_failure_shows_scenario_section_rule_expected_received_basis_and_reproducer(pack: Pack) -> None:
    text = (pack.folder / "summary.md").read_text(encoding="utf-8")
    failure = text[text.index("### 1. SPOR-3.1-MTLS") : text.index("## Warnings")]
    assert "Integration mot SPOR, Svenskt PeriOperativt Register 4.1 (UCR) §3.1, 7.2.1 (failed)" in failure
    assert "- **Scenario:** SPOR refuses an untrusted client certificate" in failure
    assert "([rule text](html/coverage.html#req-SPOR-3-1-MTLS))" in failure
    assert "- **Expected:** a TLS handshake failure" in failure
    assert "- **Received:** HTTP 200" in failure
    assert f"- **Basis:** {basis_text('SPOR-3.1-MTLS')}" in failure
    request = "failures/01-SPOR-3.1-MTLS.request.xml"
    assert f"--data-binary @{request} --cert client.pem" in failure
    assert (pack.folder / request).read_text(encoding="utf-8") == "<registration/>"
    mtls = catalogue.get("SPOR-3.1-MTLS").basis
    assert f"| failed | {mtls} | 1 passed, 1 failed |" in text  # the row; the failure is listed below


def test_warnings_are_listed_apart_from_failures(pack: Pack) -> None:
    text = (pack.folder / "summary.md").read_text(encoding="utf-8")
    warnings = text[text.index("## Warnings on konform's readings (1)") : text.index("## Not demonstrated")]
    assert "SPOR-7.1-DATES" in warnings and "a stored time keeps the offset it was sent with" in warnings
    assert "SPOR-7.1-DATES" not in text[text.index("## Failures") : text.index("## Warnings")]


def test_the_manifest_lists_every_file_and_sha256sum_checks_it(pack: Pack, tmp_path: Path) -> None:
    lines = (pack.folder / MANIFEST).read_text(encoding="utf-8").splitlines()
    listed = {line.split("  ", 1)[1]: line.split("  ", 1)[0] for line in lines}
    files = {p.relative_to(pack.folder).as_posix() for p in pack.folder.rglob("*") if p.is_file()}
    assert set(listed) == files - {MANIFEST}
    assert {"summary.md", "summary.html", "coverage.json", "junit.xml", "html/coverage.html"} <= set(listed)
    for name, digest in listed.items():
        assert hashlib.sha256((pack.folder / name).read_bytes()).hexdigest() == digest
    if shutil.which("sha256sum") is None:
        pytest.skip("no sha256sum on this machine; the digests were checked above")
    copy = tmp_path / "pack"
    shutil.copytree(pack.folder, copy)
    assert subprocess.run(["sha256sum", "-c", MANIFEST], cwd=copy, capture_output=True).returncode == 0
    (copy / "coverage.json").write_text(json.dumps({"tampered": True}), encoding="utf-8")
    checked = subprocess.run(["sha256sum", "-c", MANIFEST], cwd=copy, capture_output=True, text=True)
    assert checked.returncode == 1 and "coverage.json: FAILED" in checked.stdout


def test_an_approved_deviation_keeps_its_meaning(results_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "junit.xml").write_text("<testsuites/>", encoding="utf-8")
    summary = render_all(results_dir, tmp_path, "stage", html=False, now=WHEN, run=RUN)
    baseline = [Deviation("LAR-3-DGWS", "header fixed in release 7", date(2099, 1, 1))]
    pack = write(tmp_path, summary, STAGE, registries=["LAR"], baseline=baseline, when=WHEN)
    text = (pack.folder / "summary.md").read_text(encoding="utf-8")
    assert f"| approved with conditions | {catalogue.get('LAR-3-DGWS').basis} |" in text
    assert "| LAR-3-DGWS | header fixed in release 7 | 2099-01-01 | active |" in text
    assert "SPOR-" not in text

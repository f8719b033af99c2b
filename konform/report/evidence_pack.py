"""The certification evidence pack a vendor hands to the registry (SPOR-4-STAGE, TC-EVIDENCE).

reports/evidence/<YYYY-MM-DD>-<registry>-<target>/ holds the Allure HTML, JUnit XML, the
coverage matrix, a one-page summary (Markdown and HTML: the verdict, the target, konform's
version and commit, the run's seed and readings, every requirement's status, each failure
with its rule, expected vs received, basis and reproducer, the warnings apart from the
failures, what was not demonstrated and why, known deviations), the request of each
failure under failures/, and MANIFEST.sha256 (`sha256sum -c MANIFEST.sha256` in the folder
checks that nothing was changed since).
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from konform import catalogue
from konform.deviations import Deviation
from konform.report import evidence_pages
from konform.report import status as statuses
from konform.report.coverage import RequirementCoverage
from konform.report.failures import Failure
from konform.report.summary import Summary
from konform.targets import Target

MANIFEST = "MANIFEST.sha256"


@dataclass(frozen=True)
class Pack:
    folder: Path
    verdict: str


def deviation_state(deviation: Deviation, row: RequirementCoverage | None, today: date) -> str:
    if not deviation.active(today):
        return "expired"
    if row is not None and row.status.kind == statuses.DEMONSTRATED:
        return "stale (its scenarios pass)"
    return "active"


def write(
    reports: Path,
    summary: Summary,
    target: Target,
    *,
    registries: list[str],
    baseline: list[Deviation],
    when: datetime,
) -> Pack:
    """Write the pack for `registries` (epic names; empty = the run's scope) and return where it is."""
    label = "-".join(r.lower() for r in registries) or "all"
    folder = reports / "evidence" / f"{when:%Y-%m-%d}-{label}-{target.name}"
    shutil.rmtree(folder, ignore_errors=True)  # a rerun the same day replaces the pack whole
    folder.mkdir(parents=True)
    for name in ("junit.xml", "coverage.md", "coverage.json", "pytest.log"):
        if (reports / name).exists():
            shutil.copy2(reports / name, folder / name)
    if summary.html_index is not None and summary.html_index.exists():
        shutil.copytree(summary.html_index.parent, folder / "html", dirs_exist_ok=True)
    elif summary.coverage_html.exists():
        (folder / "html").mkdir(exist_ok=True)
        shutil.copy2(summary.coverage_html, folder / "html" / "coverage.html")
    rows = [
        row
        for row in summary.coverage.rows
        if not registries or catalogue.epic(row.requirement.id) in registries
    ]
    verdict = statuses.verdict([row.status for row in rows])
    by_id = {row.requirement.id: row for row in rows}
    devs = [
        (d, deviation_state(d, by_id.get(d.requirement), when.date()))
        for d in baseline
        if d.requirement in by_id
    ]
    failures = [
        f
        for f in summary.failures
        if not registries or any(catalogue.epic(i) in registries for i in (f.requirement, *f.tags) if i)
    ]
    page = evidence_pages.Page(
        facts=evidence_pages.facts(target, when, registries, summary.run),
        verdict=verdict,
        rows=rows,
        failures=failures,
        requests=_write_requests(folder, failures),
        deviations=devs,
        rerun=summary.run.rerun,
    )
    (folder / "summary.md").write_text(evidence_pages.markdown(page), encoding="utf-8")
    (folder / "summary.html").write_text(evidence_pages.html_page(page), encoding="utf-8")
    write_manifest(folder)
    return Pack(folder, verdict)


def _write_requests(folder: Path, failures: list[Failure]) -> list[str]:
    """failures/<NN>-<ID>.request.xml for each failure that sent one; their paths ("" for none)."""
    paths = []
    for number, failure in enumerate(failures, 1):
        if not failure.request:
            paths.append("")
            continue
        name = f"failures/{number:02d}-{failure.requirement or 'scenario'}.request.xml"
        (folder / "failures").mkdir(exist_ok=True)
        (folder / name).write_text(failure.request, encoding="utf-8")
        paths.append(name)
    return paths


def write_manifest(folder: Path) -> Path:
    """MANIFEST.sha256 in `sha256sum` format: one line per file of the pack, paths relative."""
    lines = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"{digest}  {path.relative_to(folder).as_posix()}")
    target = folder / MANIFEST
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target

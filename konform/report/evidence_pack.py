"""The certification evidence pack a vendor hands to the registry (SPOR-4-STAGE, TC-EVIDENCE).

reports/evidence/<YYYY-MM-DD>-<registry>-<target>/ holds the Allure HTML, JUnit XML,
the coverage matrix and a one-page summary (Markdown and HTML): target and URLs, date,
konform and interface versions, per-requirement verdicts and known deviations.
"""

from __future__ import annotations

import html
import platform
import shutil
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from konform import __version__, catalogue
from konform.deviations import Deviation
from konform.report.coverage import APPROVED, RequirementCoverage
from konform.report.summary import Summary
from konform.targets import Target


@dataclass(frozen=True)
class Pack:
    folder: Path
    verdict: str


def deviation_state(deviation: Deviation, row: RequirementCoverage | None, today: date) -> str:
    if not deviation.active(today):
        return "expired"
    if row is not None and row.verdict == "passed":
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
    """Write the pack for `registries` (epic names; empty = all) and return where it is."""
    label = "-".join(r.lower() for r in registries) or "all"
    folder = reports / "evidence" / f"{when:%Y-%m-%d}-{label}-{target.name}"
    folder.mkdir(parents=True, exist_ok=True)
    for source, name in (
        (reports / "junit.xml", "junit.xml"),
        (reports / "coverage.md", "coverage.md"),
        (reports / "coverage.json", "coverage.json"),
    ):
        if source.exists():
            shutil.copy2(source, folder / name)
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
    verdict = _verdict(rows)
    facts = _facts(target, when, registries)
    today = when.date()
    by_id = {row.requirement.id: row for row in rows}
    devs = [
        (d, deviation_state(d, by_id.get(d.requirement), today)) for d in baseline if d.requirement in by_id
    ]
    (folder / "summary.md").write_text(_markdown(facts, verdict, rows, devs), encoding="utf-8")
    (folder / "summary.html").write_text(_html(facts, verdict, rows, devs), encoding="utf-8")
    return Pack(folder, verdict)


def _verdict(rows: list[RequirementCoverage]) -> str:
    verdicts = {row.verdict for row in rows}
    if "failed" in verdicts or "broken" in verdicts:
        return "non-conformant"
    if APPROVED in verdicts:
        return "conformant with approved deviations"
    return "conformant"


def _facts(target: Target, when: datetime, registries: list[str]) -> list[tuple[str, str]]:
    shown = registries or list(catalogue.INTERFACE_VERSIONS)
    urls = (
        ", ".join(f"{name}: {endpoint.url}" for name, endpoint in sorted(target.endpoints.items()))
        or "embedded konform simulators (started by the run, loopback only)"
    )
    facts = [
        ("Target", f"{target.name} ({target.environment})"),
        ("Endpoints", urls),
        ("Date", when.isoformat(timespec="seconds")),
        ("konform", f"{__version__} (Python {platform.python_version()})"),
    ]
    facts += [(f"Interface {r}", catalogue.INTERFACE_VERSIONS.get(r, "—")) for r in shown]
    return facts


def _counts(row: RequirementCoverage) -> str:
    counts = row.counts
    return ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "—"


def _markdown(
    facts: list[tuple[str, str]],
    verdict: str,
    rows: list[RequirementCoverage],
    devs: list[tuple[Deviation, str]],
) -> str:
    lines = ["# konform certification evidence", "", f"**Verdict: {verdict}**", ""]
    lines += ["| | |", "|---|---|", *(f"| {k} | {v} |" for k, v in facts), ""]
    lines += ["## Requirements", "", "| requirement | source | verdict | scenarios |", "|---|---|---|---|"]
    lines += [
        f"| {r.requirement.id} | {r.requirement.document} §{r.requirement.section} | {r.verdict} | "
        f"{_counts(r)} |"
        for r in rows
    ]
    lines += ["", "## Known deviations", ""]
    if devs:
        lines += ["| requirement | reason | expires | state |", "|---|---|---|---|"]
        lines += [f"| {d.requirement} | {d.reason} | {d.expires} | {state} |" for d, state in devs]
    else:
        lines.append("None.")
    lines += ["", "Files: `html/index.html` (Allure report), `html/coverage.html`, `junit.xml`,"]
    lines += ["`coverage.md`, `coverage.json`.", ""]
    return "\n".join(lines)


def _html(
    facts: list[tuple[str, str]],
    verdict: str,
    rows: list[RequirementCoverage],
    devs: list[tuple[Deviation, str]],
) -> str:
    e = html.escape
    fact_rows = "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in facts)
    req_rows = "".join(
        f'<tr class="{e(r.verdict.split(":")[0].replace(" ", "-"))}"><td>{e(r.requirement.id)}</td>'
        f"<td>{e(r.requirement.document)} §{e(r.requirement.section)}</td><td>{e(r.verdict)}</td>"
        f"<td>{e(_counts(r))}</td></tr>"
        for r in rows
    )
    dev_rows = (
        "".join(
            f"<tr><td>{e(d.requirement)}</td><td>{e(d.reason)}</td><td>{d.expires}</td><td>{e(s)}</td></tr>"
            for d, s in devs
        )
        or '<tr><td colspan="4">None.</td></tr>'
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>konform certification evidence</title>
<style>body{{font-family:sans-serif;margin:2em;max-width:70em}}table{{border-collapse:collapse;margin:1em 0}}
td,th{{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}}
.failed,.broken{{background:#fdd}}.passed{{background:#efe}}.approved-with-conditions{{background:#ffd}}</style>
</head><body>
<h1>konform certification evidence</h1>
<p id="verdict"><strong>Verdict: {e(verdict)}</strong></p>
<table id="facts">{fact_rows}</table>
<h2>Requirements</h2>
<table id="requirements">
<tr><th>requirement</th><th>source</th><th>verdict</th><th>scenarios</th></tr>{req_rows}</table>
<h2>Known deviations</h2>
<table id="deviations">
<tr><th>requirement</th><th>reason</th><th>expires</th><th>state</th></tr>{dev_rows}</table>
<p>Allure report: <a href="html/index.html">html/index.html</a> ·
coverage: <a href="html/coverage.html">html/coverage.html</a> · JUnit: <a href="junit.xml">junit.xml</a></p>
</body></html>
"""

"""The evidence pack's one-page summary, as Markdown and as HTML (konform/report/evidence_pack.py)."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime

from konform import catalogue
from konform.deviations import Deviation
from konform.report import status as statuses
from konform.report.coverage import RequirementCoverage, counts_text
from konform.report.failures import Failure
from konform.report.run import RunInfo
from konform.targets import Target

_READINGS = {
    "lenient": "lenient: a check resting on konform's reading beyond the document's words is a warning",
    "strict": "strict: a check resting on konform's reading beyond the document's words fails",
}


@dataclass(frozen=True)
class Page:
    facts: list[tuple[str, str]]
    verdict: str
    rows: list[RequirementCoverage]
    failures: list[Failure]
    requests: list[str]  # per failure: its request file in the pack, or ""
    deviations: list[tuple[Deviation, str]]
    rerun: str = ""

    @property
    def warnings(self) -> list[tuple[str, str]]:
        return [(row.requirement.id, text) for row in self.rows for text in row.warnings]


def facts(target: Target, when: datetime, registries: list[str], run: RunInfo) -> list[tuple[str, str]]:
    shown = registries or list(run.scope) or list(catalogue.INTERFACE_VERSIONS)
    urls = (
        ", ".join(f"{name}: {endpoint.url}" for name, endpoint in sorted(target.endpoints.items()))
        or "embedded konform simulators (started by the run, loopback only)"
    )
    seed = (
        f"{run.seed} (the run's identifiers and UUIDs are drawn from it; --seed {run.seed} draws them again)"
        if run.seed is not None
        else "none: derandomized draws (every run draws the same data)"
    )
    result = [
        ("Target", f"{target.name} ({target.environment})"),
        ("Endpoints", urls),
        ("Scope", ", ".join(shown)),
        ("Date", when.isoformat(timespec="seconds")),
        ("konform", run.konform),
        ("konform commit", run.commit or "unknown (not run from a git checkout)"),
        ("Seed", seed),
        ("Readings", _READINGS.get(run.readings, run.readings)),
    ]
    if run.rerun:
        result.append(("Rerun", run.rerun))
    return result + [(f"Interface {r}", catalogue.INTERFACE_VERSIONS.get(r, "—")) for r in shown]


def _curl(failure: Failure, request: str) -> str:
    return failure.curl.replace("@request.xml", f"@{request}") if request else failure.curl


def _where(failure: Failure) -> str:
    row = failure.catalogue_row
    return f"{row.document} §{row.section}" if row else "not in the catalogue"


def _not_demonstrated(rows: list[RequirementCoverage]) -> list[tuple[str, list[RequirementCoverage]]]:
    missing = [row for row in rows if row.status.kind == statuses.NOT_DEMONSTRATED]
    return [
        (r, [row for row in missing if row.status.reason == r])
        for r in statuses.REASONS
        if any(row.status.reason == r for row in missing)
    ]


def _md(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def markdown(page: Page) -> str:
    lines = ["# konform certification evidence", "", f"**Verdict: {page.verdict}**", ""]
    lines += ["| | |", "|---|---|", *(f"| {k} | {_md(v)} |" for k, v in page.facts), ""]
    lines += ["## Requirements", "", "| requirement | source | verdict | basis | scenarios |"]
    lines.append("|---|---|---|---|---|")
    for r in page.rows:
        req = r.requirement
        detail = f" – {r.status.detail}" if r.status.detail else ""
        lines.append(
            f"| [{req.id}](html/coverage.html#{req.anchor}) | {_md(req.document)} §{req.section} "
            f"| {r.verdict} | {req.basis} | {_md(counts_text(r) + detail)} |"
        )
    lines += ["", f"## Failures ({len(page.failures)})", ""]
    for number, (failure, request) in enumerate(zip(page.failures, page.requests, strict=True), 1):
        row = failure.catalogue_row
        title = failure.requirement or "(no requirement)"
        lines.append(f"### {number}. {title} – {_where(failure)} ({failure.outcome})")
        lines.append("")
        items = [("Scenario", f"{failure.scenario} (`{failure.feature_file}`)")]
        if row:
            items.append(("Rule", f"{_md(row.rule)} ([rule text](html/coverage.html#{row.anchor}))"))
        items += [("Check", failure.check), ("Expected", failure.expected), ("Received", failure.received)]
        items += [("Error", failure.error), ("Basis", failure.basis_text), ("Exchange", failure.exchange)]
        items += [("Reproduce", f"`{_curl(failure, request)}`" if failure.curl else "")]
        items += [
            ("Hypothesis", " ".join(failure.hypothesis)),
            ("Rerun", f"`{page.rerun}`" if page.rerun else ""),
        ]
        lines += [f"- **{name}:** {_md(value)}" for name, value in items if value]
        lines.append("")
    if not page.failures:
        lines += ["None.", ""]
    lines += [f"## Warnings on konform's readings ({len(page.warnings)})", ""]
    lines += ["Not failures: checks resting on konform's reading beyond the document's words.", ""]
    lines += [f"- {_md(text)}" for _, text in page.warnings] or ["None."]
    lines += ["", "## Not demonstrated", ""]
    groups = _not_demonstrated(page.rows)
    lines += [
        f"- {reason} ({len(rows)}): "
        + ", ".join(r.requirement.id for r in rows)
        + f" – {statuses.HINTS[reason]}"
        for reason, rows in groups
    ]
    lines += [] if groups else ["None: every requirement in scope was demonstrated or failed."]
    lines += ["", "## Known deviations", ""]
    if page.deviations:
        lines += ["| requirement | reason | expires | state |", "|---|---|---|---|"]
        lines += [
            f"| {d.requirement} | {_md(d.reason)} | {d.expires} | {state} |" for d, state in page.deviations
        ]
    else:
        lines.append("None.")
    lines += ["", "Files: `html/index.html` (Allure report), `html/coverage.html` (every rule's text),"]
    lines += ["`junit.xml`, `coverage.md`, `coverage.json`, `failures/` (each failure's request),"]
    lines += ["`MANIFEST.sha256` (check with `sha256sum -c MANIFEST.sha256` in this folder).", ""]
    return "\n".join(lines)


_CSS = """body{font-family:sans-serif;margin:2em;max-width:75em}table{border-collapse:collapse;margin:1em 0}
td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}
.failed,.broken{background:#fdd}.demonstrated{background:#efe}.approved-with-conditions{background:#ffd}
.not-demonstrated{background:#f3f3f3}dt{font-weight:bold;float:left;clear:left;width:7em}dd{margin-left:8em}
code{white-space:pre-wrap;word-break:break-all}"""


def html_page(page: Page) -> str:
    e = html.escape
    fact_rows = "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in page.facts)
    req_rows = "".join(
        f'<tr class="{e(r.status.kind.replace(" ", "-"))}">'
        f'<td><a href="html/coverage.html#{e(r.requirement.anchor)}">{e(r.requirement.id)}</a></td>'
        f"<td>{e(r.requirement.document)} §{e(r.requirement.section)}</td>"
        f"<td>{e(r.verdict)}</td><td>{e(r.requirement.basis)}</td>"
        f"<td>{e(counts_text(r))}{(' – ' + e(r.status.detail)) if r.status.detail else ''}</td></tr>"
        for r in page.rows
    )
    failures = (
        "".join(
            _html_failure(n, f, req, page.rerun)
            for n, (f, req) in enumerate(zip(page.failures, page.requests, strict=True), 1)
        )
        or "<p>None.</p>"
    )
    warnings = "".join(f"<li><code>{e(text)}</code></li>" for _, text in page.warnings) or "<li>None.</li>"
    missing = (
        "".join(
            f"<li>{e(reason)} ({len(rows)}): {e(', '.join(r.requirement.id for r in rows))}"
            f" <small>– {e(statuses.HINTS[reason])}</small></li>"
            for reason, rows in _not_demonstrated(page.rows)
        )
        or "<li>None: every requirement in scope was demonstrated or failed.</li>"
    )
    dev_rows = (
        "".join(
            f"<tr><td>{e(d.requirement)}</td><td>{e(d.reason)}</td><td>{d.expires}</td><td>{e(s)}</td></tr>"
            for d, s in page.deviations
        )
        or '<tr><td colspan="4">None.</td></tr>'
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>konform certification evidence</title>
<style>{_CSS}</style></head><body>
<h1>konform certification evidence</h1>
<p id="verdict"><strong>Verdict: {e(page.verdict)}</strong></p>
<table id="facts">{fact_rows}</table>
<h2>Requirements</h2>
<table id="requirements">
<tr><th>requirement</th><th>source</th><th>verdict</th><th>basis</th><th>scenarios</th></tr>{req_rows}</table>
<h2>Failures ({len(page.failures)})</h2>
<div id="failures">{failures}</div>
<h2>Warnings on konform's readings ({len(page.warnings)})</h2>
<p>Not failures: checks resting on konform's reading beyond the document's words.</p>
<ul id="warnings">{warnings}</ul>
<h2>Not demonstrated</h2>
<ul id="not-demonstrated">{missing}</ul>
<h2>Known deviations</h2>
<table id="deviations">
<tr><th>requirement</th><th>reason</th><th>expires</th><th>state</th></tr>{dev_rows}</table>
<p>Allure report: <a href="html/index.html">html/index.html</a> ·
coverage: <a href="html/coverage.html">html/coverage.html</a> · JUnit: <a href="junit.xml">junit.xml</a> ·
manifest: <a href="{"MANIFEST.sha256"}">MANIFEST.sha256</a> (<code>sha256sum -c MANIFEST.sha256</code>)</p>
</body></html>
"""


def _html_failure(number: int, failure: Failure, request: str, rerun: str) -> str:
    e, row = html.escape, failure.catalogue_row
    items = [("Scenario", f"{failure.scenario} ({failure.feature_file})")]
    if row:
        items.append(("Rule", row.rule))
    items += [("Check", failure.check), ("Expected", failure.expected), ("Received", failure.received)]
    items += [("Error", failure.error), ("Basis", failure.basis_text), ("Exchange", failure.exchange)]
    items += [("Reproduce", _curl(failure, request)), ("Hypothesis", "\n".join(failure.hypothesis))]
    items += [("Rerun", rerun)]
    rule_link = f' · <a href="html/coverage.html#{e(row.anchor)}">rule text</a>' if row else ""
    body = "".join(f"<dt>{e(k)}</dt><dd><code>{e(v)}</code></dd>" for k, v in items if v)
    title = failure.requirement or "(no requirement)"
    return (
        f'<div class="failure {e(failure.outcome)}"><h3>{number}. {e(title)}'
        f" – {e(_where(failure))} ({e(failure.outcome)}){rule_link}</h3><dl>{body}</dl></div>"
    )

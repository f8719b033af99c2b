"""coverage.md and coverage.html: the matrix of konform/report/coverage.py for people."""

from __future__ import annotations

import html
from pathlib import Path

from konform import catalogue
from konform.report.coverage import FLAG_LABELS, Coverage, RequirementCoverage, counts_text, source_text
from konform.report.status import APPROVED, BROKEN, DEMONSTRATED, FAILED, NOT_DEMONSTRATED


def scope_text(coverage: Coverage) -> str:
    """ "SPOR" or "every registry": what the run was about."""
    return ", ".join(coverage.scope) if coverage.scope else "every registry"


def to_markdown(coverage: Coverage, target: str = "") -> str:
    """coverage.md: the verdict, then one table per registry with ID, source, basis, status, scenarios."""
    stamp = coverage.generated.isoformat(timespec="seconds")
    lines = ["# Requirement coverage", ""]
    lines.append(
        f"Generated {stamp}"
        + (f" for target `{target}`" if target else "")
        + f"; scope: {scope_text(coverage)}."
    )
    lines += ["", f"**Verdict: {coverage.verdict}**"]
    for registry, rows in coverage.by_registry().items():
        documents = list(dict.fromkeys(r.requirement.document for r in rows))
        lines += ["", f"## {registry}", "", "Source: " + "; ".join(documents), ""]
        lines += ["| ID | Source | Basis | Status | Scenarios |", "|---|---|---|---|---|"]
        for row in rows:
            cells = [
                row.requirement.id,
                source_text(row, with_document=len(documents) > 1),
                row.requirement.basis,
                row.verdict + (f" ({row.status.detail})" if row.status.detail else ""),
                counts_text(row),
            ]
            lines.append("| " + " | ".join(_md_cell(c) for c in cells) + " |")
    if coverage.unknown:
        lines += ["", "## Results naming unknown IDs", ""]
        lines += [f"- {i}: {len(s)} scenario(s)" for i, s in sorted(coverage.unknown.items())]
    return "\n".join(lines) + "\n"


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def write_markdown(coverage: Coverage, path: Path, target: str = "") -> Path:
    """Write coverage.md."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(to_markdown(coverage, target), encoding="utf-8")
    return path


_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#1f2328}
table{border-collapse:collapse;width:100%;margin-bottom:2em}
th,td{border:1px solid #d0d7de;padding:.35em .5em;text-align:left;vertical-align:top}
th{background:#f6f8fa} tr:target{background:#fff8c5;outline:2px solid #d4a72c}
.v{font-weight:600} .passed,.demonstrated{color:#1a7f37} .failed{color:#cf222e}
.broken{color:#bc4c00} .skipped,.nd{color:#6e7781} .approved{color:#8250df}
.flag{font-size:85%;border:1px solid #d0d7de;border-radius:1em;padding:0 .5em}
.why{font-weight:400;font-size:90%;color:#57606a}
ul{margin:0;padding-left:1.2em} .id{white-space:nowrap;font-family:monospace}
"""
#: CSS class of a status kind or a scenario outcome.
_CLASS = {
    "passed": "passed",
    DEMONSTRATED: "demonstrated",
    FAILED: "failed",
    BROKEN: "broken",
    "unknown": "broken",
    "skipped": "skipped",
    "xfailed": "approved",
    APPROVED: "approved",
    NOT_DEMONSTRATED: "nd",
}


def to_html(coverage: Coverage, target: str = "") -> str:
    """coverage.html: self-contained, one row per requirement in scope with id=<anchor>."""
    e = html.escape
    stamp = coverage.generated.isoformat(timespec="seconds")
    kinds = coverage.summary()["verdicts"]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>konform – requirement coverage</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>Requirement coverage</h1>",
        f'<p id="verdict"><strong>Verdict: {e(coverage.verdict)}</strong></p>',
        f"<p>Target <b>{e(target or '—')}</b> · scope {e(scope_text(coverage))} · generated {e(stamp)} · "
        + " · ".join(f"{n} {e(k)}" for k, n in kinds.items())
        + ' · <a href="index.html">Allure report</a></p>',
    ]
    for registry, rows in coverage.by_registry().items():
        documents = list(dict.fromkeys(r.requirement.document for r in rows))
        parts.append(f"<h2>{e(registry)}</h2><p>Source: {e('; '.join(documents))}</p>")
        parts.append(
            "<table><tr><th>ID</th><th>Source</th><th>Rule</th><th>Status</th><th>Scenarios</th></tr>"
        )
        parts += [_html_row(row, with_document=len(documents) > 1) for row in rows]
        parts.append("</table>")
    return "\n".join([*parts, "</body></html>", ""])


def _html_row(row: RequirementCoverage, *, with_document: bool) -> str:
    e, req = html.escape, row.requirement
    flags = "".join(f' <span class="flag">{e(FLAG_LABELS.get(f, f))}</span>' for f in sorted(req.flags))
    basis = f'<div class="why">Basis: {e(catalogue.BASIS_TEXT[req.basis])}</div>'
    css = _CLASS.get(row.status.kind, "nd")
    why = f'<div class="why">{e(row.status.detail)}</div>' if row.status.detail else ""
    warnings = "".join(f"<li>warning: {e(w.splitlines()[0])}</li>" for w in row.warnings)
    scenarios = "".join(
        f'<li><span class="{_CLASS.get(s.outcome, "nd")}">{e(s.outcome)}</span> {e(s.name)}'
        + (" <i>(konform's own material)</i>" if s.own_material else "")
        + (f' <span class="why">– {e(s.skip_reason)}</span>' if s.skip_reason else "")
        + "</li>"
        for s in row.scenarios
    )
    listed = f"<ul>{scenarios}{warnings}</ul>" if scenarios or warnings else "—"
    return (
        f'<tr id="{e(req.anchor)}"><td class="id"><a href="#{e(req.anchor)}">{e(req.id)}</a>'
        f"</td><td>{e(source_text(row, with_document=with_document))}</td>"
        f'<td>{e(req.rule)}{flags}{basis}</td><td class="v {css}">{e(row.verdict)}</td>'
        f"<td>{why}{listed}</td></tr>"
    )


def write_html(coverage: Coverage, path: Path, target: str = "") -> Path:
    """Write coverage.html (normally reports/html/coverage.html, beside Allure's index.html)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(to_html(coverage, target), encoding="utf-8")
    return path

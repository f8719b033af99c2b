"""Requirement coverage: every catalogue ID → its scenarios → one verdict.

Verdict of an ID, from its scenarios (worst first): "failed" if any failed; "broken"
(harness error) if any broke; "approved with conditions" if any is a baselined
known deviation (non-strict xfail); "passed" if any passed (skips beside a pass
show in the counts); "skipped" if all were skipped. With no scenario at all:
"not tested: <reason>" when the catalogue gives a reason, else "not covered".
"""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from konform import catalogue
from konform.catalogue import Requirement
from konform.report.results import OUTCOMES, TestRecord

NOT_COVERED = "not covered"
APPROVED = "approved with conditions"
#: Flag → how the report shows it.
FLAG_LABELS = {"interp": "interp.", "erratum": "erratum", "konform": "konform"}


@dataclass(frozen=True)
class ScenarioResult:
    """A scenario as the coverage matrix shows it."""

    name: str
    outcome: str
    feature_file: str


@dataclass(frozen=True)
class RequirementCoverage:
    """One catalogue requirement with the scenarios that test it and its verdict."""

    requirement: Requirement
    scenarios: tuple[ScenarioResult, ...]

    @property
    def counts(self) -> Counter[str]:
        """How many of its scenarios ended in each outcome."""
        return Counter(s.outcome for s in self.scenarios)

    @property
    def verdict(self) -> str:
        """The requirement's overall verdict (see the module docstring)."""
        counts = self.counts
        if not self.scenarios:
            reason = self.requirement.not_tested_reason
            return f"not tested: {reason}" if reason else NOT_COVERED
        if counts["failed"]:
            return "failed"
        if counts["broken"] or counts["unknown"]:
            return "broken"
        if counts["xfailed"]:
            return APPROVED
        return "passed" if counts["passed"] else "skipped"


@dataclass(frozen=True)
class Coverage:
    """The whole matrix, plus results that name no or an unknown requirement."""

    rows: tuple[RequirementCoverage, ...]
    generated: datetime
    unknown: Mapping[str, tuple[ScenarioResult, ...]] = field(default_factory=dict)
    untagged: tuple[ScenarioResult, ...] = ()

    def by_registry(self) -> dict[str, list[RequirementCoverage]]:
        """Rows grouped by registry, registries and rows in catalogue order."""
        groups: dict[str, list[RequirementCoverage]] = {}
        for row in self.rows:
            groups.setdefault(row.requirement.registry, []).append(row)
        return groups

    def summary(self) -> dict[str, Any]:
        """Verdict counts overall and per registry, and the IDs that need attention."""
        return {
            "requirements": len(self.rows),
            "verdicts": dict(Counter(_verdict_kind(r.verdict) for r in self.rows)),
            "registries": {
                registry: dict(Counter(_verdict_kind(r.verdict) for r in rows))
                for registry, rows in self.by_registry().items()
            },
            "not_covered": [r.requirement.id for r in self.rows if r.verdict == NOT_COVERED],
            "failed": [r.requirement.id for r in self.rows if r.verdict == "failed"],
            "unknown_ids": sorted(self.unknown),
            "untagged_scenarios": len(self.untagged),
        }


def _verdict_kind(verdict: str) -> str:
    return "not tested" if verdict.startswith("not tested:") else verdict


def build_coverage(
    records: Iterable[TestRecord],
    requirements: Mapping[str, Requirement] | None = None,
    generated: datetime | None = None,
) -> Coverage:
    """Match results to the catalogue (konform's own unless `requirements` is given)."""
    reqs = catalogue.load() if requirements is None else requirements
    found: dict[str, list[ScenarioResult]] = {}
    untagged: list[ScenarioResult] = []
    for record in records:
        scenario = ScenarioResult(record.display_name, record.outcome, record.feature_file)
        if not record.requirements:
            untagged.append(scenario)
        for req_id in record.requirements:
            found.setdefault(req_id, []).append(scenario)
    return Coverage(
        rows=tuple(RequirementCoverage(r, tuple(found.get(i, ()))) for i, r in reqs.items()),
        generated=generated or datetime.now(UTC),
        unknown={i: tuple(s) for i, s in found.items() if i not in reqs},
        untagged=tuple(untagged),
    )


def to_json(coverage: Coverage, target: str = "") -> dict[str, Any]:
    """The machine-readable matrix written to coverage.json."""
    return {
        "generated": coverage.generated.isoformat(timespec="seconds"),
        "target": target,
        "requirements": [
            {
                "id": row.requirement.id,
                "registry": row.requirement.registry,
                "document": row.requirement.document,
                "section": row.requirement.section,
                "flags": sorted(row.requirement.flags),
                "anchor": row.requirement.anchor,
                "verdict": row.verdict,
                "counts": {o: row.counts[o] for o in OUTCOMES if row.counts[o]},
                "scenarios": [
                    {"name": s.name, "status": s.outcome, "feature_file": s.feature_file}
                    for s in row.scenarios
                ],
            }
            for row in coverage.rows
        ],
        "summary": coverage.summary(),
    }


def write_json(coverage: Coverage, path: Path, target: str = "") -> Path:
    """Write coverage.json."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(to_json(coverage, target), indent=2, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def counts_text(row: RequirementCoverage) -> str:
    """Scenario counts as "2 passed, 1 skipped" ("—" when there are none)."""
    counts = row.counts
    return ", ".join(f"{counts[o]} {o}" for o in OUTCOMES if counts[o]) or "—"


def source_text(row: RequirementCoverage, *, with_document: bool) -> str:
    """Where the rule comes from: "§3.1", or "<document> §3.1"."""
    section = f"§{row.requirement.section}"
    return f"{row.requirement.document} {section}" if with_document else section


def to_markdown(coverage: Coverage, target: str = "") -> str:
    """coverage.md: one table per registry with ID, source, verdict and scenario counts."""
    stamp = coverage.generated.isoformat(timespec="seconds")
    lines = ["# Requirement coverage", ""]
    lines.append(f"Generated {stamp}" + (f" for target `{target}`." if target else "."))
    for registry, rows in coverage.by_registry().items():
        documents = list(dict.fromkeys(r.requirement.document for r in rows))
        lines += ["", f"## {registry}", "", "Source: " + "; ".join(documents), ""]
        lines += ["| ID | Source | Verdict | Scenarios |", "|---|---|---|---|"]
        for row in rows:
            cells = [
                row.requirement.id,
                source_text(row, with_document=len(documents) > 1),
                row.verdict,
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
.v{font-weight:600;white-space:nowrap} .passed{color:#1a7f37} .failed{color:#cf222e}
.broken{color:#bc4c00} .skipped,.nc,.nt{color:#6e7781} .approved{color:#8250df}
.flag{font-size:85%;border:1px solid #d0d7de;border-radius:1em;padding:0 .5em}
ul{margin:0;padding-left:1.2em} .id{white-space:nowrap;font-family:monospace}
"""
#: CSS class of a verdict or a scenario outcome.
_CLASS = {
    "passed": "passed",
    "failed": "failed",
    "broken": "broken",
    "unknown": "broken",
    "skipped": "skipped",
    "xfailed": "approved",
    APPROVED: "approved",
    NOT_COVERED: "nc",
}


def to_html(coverage: Coverage, target: str = "") -> str:
    """coverage.html: self-contained, one row per requirement with id=<anchor>."""
    e = html.escape
    stamp = coverage.generated.isoformat(timespec="seconds")
    verdicts = coverage.summary()["verdicts"]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>konform – requirement coverage</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>Requirement coverage</h1>",
        f"<p>Target <b>{e(target or '—')}</b> · generated {e(stamp)} · "
        + " · ".join(f"{n} {e(v)}" for v, n in sorted(verdicts.items()))
        + ' · <a href="index.html">Allure report</a></p>',
    ]
    for registry, rows in coverage.by_registry().items():
        documents = list(dict.fromkeys(r.requirement.document for r in rows))
        parts.append(f"<h2>{e(registry)}</h2><p>Source: {e('; '.join(documents))}</p>")
        parts.append(
            "<table><tr><th>ID</th><th>Source</th><th>Rule</th><th>Verdict</th><th>Scenarios</th></tr>"
        )
        parts += [_html_row(row, with_document=len(documents) > 1) for row in rows]
        parts.append("</table>")
    return "\n".join([*parts, "</body></html>", ""])


def _html_row(row: RequirementCoverage, *, with_document: bool) -> str:
    e, req = html.escape, row.requirement
    flags = "".join(f' <span class="flag">{e(FLAG_LABELS.get(f, f))}</span>' for f in sorted(req.flags))
    css = _CLASS.get(row.verdict, "nt")
    scenarios = "".join(
        f'<li><span class="{_CLASS.get(s.outcome, "nt")}">{e(s.outcome)}</span> {e(s.name)}</li>'
        for s in row.scenarios
    )
    return (
        f'<tr id="{e(req.anchor)}"><td class="id"><a href="#{e(req.anchor)}">{e(req.id)}</a>'
        f"</td><td>{e(source_text(row, with_document=with_document))}</td>"
        f'<td>{e(req.rule)}{flags}</td><td class="v {css}">{e(row.verdict)}</td>'
        f"<td>{f'<ul>{scenarios}</ul>' if scenarios else '—'}</td></tr>"
    )


def write_html(coverage: Coverage, path: Path, target: str = "") -> Path:
    """Write coverage.html (normally reports/html/coverage.html, beside Allure's index.html)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(to_html(coverage, target), encoding="utf-8")
    return path

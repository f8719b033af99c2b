"""What a run ends with: the terminal summary, and the same as one JSON object."""

from __future__ import annotations

import textwrap
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from konform.report import status as statuses
from konform.report.coverage import Coverage, RequirementCoverage
from konform.report.coverage_pages import scope_text
from konform.report.failures import Failure, block
from konform.report.run import RunInfo

_KINDS = (
    statuses.DEMONSTRATED,
    statuses.FAILED,
    statuses.BROKEN,
    statuses.APPROVED,
    statuses.NOT_DEMONSTRATED,
)
_HEAD = {statuses.APPROVED: "approved", statuses.NOT_DEMONSTRATED: "not demonstr."}


@dataclass(frozen=True)
class Summary:
    """What a report run produced: the matrix, the failures, the run's facts and the files."""

    coverage: Coverage
    target: str
    coverage_md: Path
    coverage_json: Path
    coverage_html: Path
    html_index: Path | None
    html_skipped: str = ""
    failures: tuple[Failure, ...] = ()
    run: RunInfo = field(default_factory=RunInfo)

    @property
    def verdict(self) -> str:
        return self.coverage.verdict

    @property
    def failed(self) -> list[str]:
        """IDs whose status is "failed" (a non-conformance)."""
        return self.coverage.ids(statuses.FAILED)

    @property
    def not_demonstrated(self) -> list[str]:
        return self.coverage.ids(statuses.NOT_DEMONSTRATED)

    @property
    def warnings(self) -> list[tuple[str, str]]:
        """(requirement, warning text) of every warning on konform's readings."""
        return [(row.requirement.id, text) for row in self.coverage.rows for text in row.warnings]


def format_summary(summary: Summary, width: int = 100) -> str:
    """Per registry the requirements by status, each failure as one block, the warnings,
    what was not demonstrated and why, where the reports are, and the verdict last."""
    cov, run = summary.coverage, summary.run
    stamp = cov.generated.strftime("%Y-%m-%d %H:%M %Z").strip()
    lines = [f"konform · target {summary.target} · scope {scope_text(cov)} · {stamp}"]
    facts = [f"readings {run.readings}", f"konform {run.konform}"]
    if run.seed is not None:
        facts.insert(0, f"seed {run.seed} (draw the same data again with --seed {run.seed})")
    lines += [" · ".join(facts), ""]
    header = f"{'registry':<12}{'in scope':>9}" + "".join(f"{_HEAD.get(k, k):>14}" for k in _KINDS)
    lines += [header, "-" * len(header)]
    for registry, rows in cov.by_registry().items():
        lines.append(_row(registry, rows))
    lines += ["-" * len(header), _row("total", list(cov.rows))]
    failed = [f for f in summary.failures if f.outcome == "failed"]
    if failed:
        lines += ["", f"Failures ({_scenarios(len(failed))}):", ""]
        for failure in failed:
            rerun = f"rerun: {run.rerun}" if run.rerun else ""
            lines += [block(failure, rerun=rerun, width=width), ""]
    lines += _not_judged([f for f in summary.failures if f.outcome != "failed"], width)
    if summary.warnings:
        lines += ["", f"Warnings on konform's readings ({len(summary.warnings)}), not failures; "]
        lines[-1] += "--readings strict makes them fail:"
        lines += [f"  ⚠ {_warning_line(text)}" for _, text in summary.warnings]
    lines += _not_demonstrated(cov, width)
    if cov.unknown:
        lines += _listing("Results naming unknown IDs", sorted(cov.unknown), width)
    if cov.untagged:
        untagged = Counter(s.outcome for s in cov.untagged)
        text = ", ".join(f"{n} {outcome}" for outcome, n in untagged.most_common())
        lines.append(f"Scenarios without a requirement tag: {len(cov.untagged)} ({text})")
        names = sorted({s.name for s in cov.untagged if s.outcome in ("failed", "broken")})
        lines += _listing("Failed without a requirement tag", names, width)
    lines.append("")
    if summary.html_index is not None:
        lines.append(f"HTML report:   {summary.html_index}")
    else:
        lines.append(f"HTML report:   skipped ({summary.html_skipped or 'not requested'})")
    lines.append(f"Coverage page: {summary.coverage_html}")
    lines.append(f"Coverage:      {summary.coverage_md}, {summary.coverage_json}")
    return "\n".join(lines)


def verdict_line(summary: Summary) -> str:
    return f"Verdict: {summary.verdict}"


def _row(name: str, rows: list[RequirementCoverage]) -> str:
    kinds = Counter(row.status.kind for row in rows)
    return f"{name:<12}{len(rows):>9}" + "".join(f"{kinds[k]:>14}" for k in _KINDS)


def _scenarios(count: int) -> str:
    return f"{count} scenario" + ("" if count == 1 else "s")


def _not_judged(broken: list[Failure], width: int, limit: int = 10) -> list[str]:
    """Scenarios that could not be judged: one line each, or one line per error when many."""
    if not broken:
        return []
    lines = ["", f"Could not be judged ({_scenarios(len(broken))}; harness or transport errors):"]
    if len(broken) <= limit:
        for failure in broken:
            text = f"  ✗ {failure.requirement or '(no requirement)'} · {failure.scenario} – {failure.error}"
            lines.append(text if len(text) <= width * 2 else text[: width * 2 - 1] + "…")
        return lines
    errors: dict[str, list[Failure]] = {}
    for failure in broken:
        errors.setdefault(failure.error.split(":", 1)[0] or "error", []).append(failure)
    for found in sorted(errors.values(), key=len, reverse=True):
        first = found[0].error
        clipped = first if len(first) <= width else first[: width - 1] + "…"
        lines.append(f"  {len(found)} × {clipped}")
    return lines


def _warning_line(text: str) -> str:
    """ "<ID> – expected …; received … – konform's reading: …" on one line."""
    head, *rest = text.splitlines() or [""]
    requirement, _, title = head.partition(": ")
    fields = {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in rest) if v}
    parts = [requirement if title in ("", f"{requirement} not met") else head]
    if fields.get("Expected") or fields.get("Received"):
        parts.append(f"expected {fields.get('Expected', '')}; received {fields.get('Received', '')}")
    basis = fields.get("Basis", "")
    if basis:
        parts.append(basis.replace(", not the document's words", ""))
    return " – ".join(parts)


def _not_demonstrated(cov: Coverage, width: int) -> list[str]:
    rows = [row for row in cov.rows if row.status.kind == statuses.NOT_DEMONSTRATED]
    if not rows:
        return []
    lines = ["", f"Not demonstrated ({len(rows)}):"]
    for reason in statuses.REASONS:
        mine = [row for row in rows if row.status.reason == reason]
        if not mine:
            continue
        lines += _listing(f"  {reason}", [row.requirement.id for row in mine], width, indent="    ")
        lines += textwrap.wrap(
            statuses.HINTS[reason], width, initial_indent="    (", subsequent_indent="     "
        )
        lines[-1] += ")"
        skips = dict.fromkeys(
            s.skip_reason
            for row in mine
            for s in row.scenarios
            if s.skip_reason and reason != statuses.CONTROL_API
        )
        lines += [f"    – {text}" for text in list(skips)[:6]]
    return lines


def _listing(title: str, ids: list[str], width: int, limit: int = 40, indent: str = "  ") -> list[str]:
    if not ids:
        return []
    more = f", … {len(ids) - limit} more in coverage.md" if len(ids) > limit else ""
    text = f"{title} ({len(ids)}): " + ", ".join(ids[:limit]) + more
    return textwrap.wrap(text, width=width, subsequent_indent=indent, break_on_hyphens=False)


def to_json(summary: Summary, *, exit_code: int, evidence_pack: Path | None = None) -> dict[str, Any]:
    """`konform certify --format json`: one object with everything the terminal shows."""
    cov, run = summary.coverage, summary.run
    return {
        "verdict": summary.verdict,
        "exit_code": exit_code,
        "target": summary.target,
        "scope": list(cov.scope) or "all",
        "seed": run.seed,
        "readings": run.readings,
        "require_all": run.require_all,
        "rerun": run.rerun,
        "konform": run.konform,
        "commit": run.commit,
        "generated": cov.generated.isoformat(timespec="seconds"),
        "counts": {"requirements": len(cov.rows), **cov.summary()["verdicts"]},
        "not_demonstrated_reasons": statuses.reason_counts(row.status for row in cov.rows),
        "requirements": [
            {
                "id": row.requirement.id,
                "registry": row.requirement.registry,
                "section": row.requirement.section,
                "basis": row.requirement.basis,
                "status": row.status.kind,
                "reason": row.status.reason,
                "detail": row.status.detail,
                "warnings": len(row.warnings),
            }
            for row in cov.rows
        ],
        "failures": [failure.to_json() for failure in summary.failures],
        "warnings": [{"requirement": req, "text": text} for req, text in summary.warnings],
        "reports": {
            "coverage_md": str(summary.coverage_md),
            "coverage_json": str(summary.coverage_json),
            "coverage_html": str(summary.coverage_html),
            "html": str(summary.html_index) if summary.html_index else None,
            "evidence_pack": str(evidence_pack) if evidence_pack else None,
        },
    }

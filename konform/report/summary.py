"""The one-screen terminal summary that ends a certification run."""

from __future__ import annotations

import textwrap
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from konform.report.coverage import NOT_COVERED, Coverage

_COLUMNS = ("passed", "failed", "broken", "skipped", "xfailed")


@dataclass(frozen=True)
class Summary:
    """What a report run produced: the matrix and where each output landed."""

    coverage: Coverage
    target: str
    coverage_md: Path
    coverage_json: Path
    coverage_html: Path
    html_index: Path | None
    html_skipped: str = ""

    @property
    def failed(self) -> list[str]:
        """IDs whose verdict is "failed" (a non-conformance)."""
        return [r.requirement.id for r in self.coverage.rows if r.verdict == "failed"]

    @property
    def not_covered(self) -> list[str]:
        """IDs with no scenario and no not-tested reason."""
        return [r.requirement.id for r in self.coverage.rows if r.verdict == NOT_COVERED]


def format_summary(summary: Summary, width: int = 100) -> str:
    """Registry × scenario outcomes, requirement verdicts, gaps, and where the HTML is."""
    cov = summary.coverage
    stamp = cov.generated.strftime("%Y-%m-%d %H:%M %Z").strip()
    lines = [f"konform report · target {summary.target} · {stamp}", ""]
    header = f"{'registry':<12}{'reqs':>6}{'covered':>9}" + "".join(f"{c:>9}" for c in _COLUMNS)
    lines += [header, "-" * len(header)]
    for registry, rows in cov.by_registry().items():
        outcomes = Counter(s.outcome for r in rows for s in r.scenarios)
        lines.append(_row(registry, len(rows), sum(1 for r in rows if r.scenarios), outcomes))
    outcomes = Counter(s.outcome for r in cov.rows for s in r.scenarios)
    covered = sum(1 for r in cov.rows if r.scenarios)
    lines += ["-" * len(header), _row("total", len(cov.rows), covered, outcomes)]
    lines.append("(scenario counts; a scenario testing two IDs counts under each)")
    verdicts = Counter(r.verdict.split(":")[0] for r in cov.rows)
    lines += ["", "Requirements: " + ", ".join(f"{n} {v}" for v, n in verdicts.most_common())]
    lines += _listing("Failed", summary.failed, width)
    lines += _listing("Not covered", summary.not_covered, width)
    lines += _listing("Unknown IDs in results", sorted(cov.unknown), width)
    if cov.untagged:
        untagged = Counter(s.outcome for s in cov.untagged)
        outcomes_text = ", ".join(f"{n} {outcome}" for outcome, n in untagged.most_common())
        lines.append(f"Scenarios without a requirement tag: {len(cov.untagged)} ({outcomes_text})")
        lines += _listing("Failed without a requirement tag", _failed_names(cov), width)
    lines.append("")
    if summary.html_index is not None:
        lines.append(f"HTML report:   {summary.html_index}")
    else:
        lines.append(f"HTML report:   skipped ({summary.html_skipped or 'not requested'})")
    lines.append(f"Coverage page: {summary.coverage_html}")
    lines.append(f"Coverage:      {summary.coverage_md}, {summary.coverage_json}")
    return "\n".join(lines)


def _row(name: str, reqs: int, covered: int, outcomes: Counter[str]) -> str:
    cells = "".join(f"{outcomes[c]:>9}" for c in _COLUMNS)
    return f"{name:<12}{reqs:>6}{covered:>9}{cells}"


def _listing(title: str, ids: list[str], width: int, limit: int = 30) -> list[str]:
    if not ids:
        return []
    more = f", … {len(ids) - limit} more in coverage.md" if len(ids) > limit else ""
    text = f"{title} ({len(ids)}): " + ", ".join(ids[:limit]) + more
    return textwrap.wrap(text, width=width, subsequent_indent="  ", break_on_hyphens=False)


def _failed_names(cov: Coverage) -> list[str]:
    """The untagged scenarios that did not pass, by name."""
    return sorted({s.name for s in cov.untagged if s.outcome in ("failed", "broken")})

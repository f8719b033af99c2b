"""Requirement coverage: every catalogue ID in scope → its scenarios → one status.

The status of each requirement (demonstrated, failed, not demonstrated with the reason, …)
is decided once, in konform/report/status.py, and every report shows that one. A run of
some registries (`konform certify --registry spor`) is judged on their requirements only:
the others are out of scope, not gaps.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from konform import catalogue
from konform.catalogue import Requirement
from konform.report import status as statuses
from konform.report.results import OUTCOMES, TestRecord
from konform.report.status import APPROVED, NOT_DEMONSTRATED, Scenario, Status

__all__ = ["APPROVED", "NOT_DEMONSTRATED", "Coverage", "RequirementCoverage", "build_coverage"]

#: Flag → how the report shows it.
FLAG_LABELS = {"interp": "interp.", "erratum": "erratum", "konform": "konform"}
ScenarioResult = Scenario


@dataclass(frozen=True)
class RequirementCoverage:
    """One catalogue requirement with the scenarios that test it, its status and warnings."""

    requirement: Requirement
    scenarios: tuple[Scenario, ...]
    status: Status
    warnings: tuple[str, ...] = ()

    @property
    def counts(self) -> Counter[str]:
        """How many of its scenarios ended in each outcome."""
        return Counter(s.outcome for s in self.scenarios)

    @property
    def verdict(self) -> str:
        """The status as every report shows it."""
        return self.status.text


@dataclass(frozen=True)
class Coverage:
    """The matrix of the requirements in scope, plus results that name no or an unknown one."""

    rows: tuple[RequirementCoverage, ...]
    generated: datetime
    unknown: Mapping[str, tuple[Scenario, ...]] = field(default_factory=dict)
    untagged: tuple[Scenario, ...] = ()
    #: The registries (report epics) the run was about; () = every registry.
    scope: tuple[str, ...] = ()

    def by_registry(self) -> dict[str, list[RequirementCoverage]]:
        """Rows grouped by registry, registries and rows in catalogue order."""
        groups: dict[str, list[RequirementCoverage]] = {}
        for row in self.rows:
            groups.setdefault(row.requirement.registry, []).append(row)
        return groups

    @property
    def verdict(self) -> str:
        """The headline verdict over the requirements in scope."""
        return statuses.verdict([row.status for row in self.rows])

    def ids(self, kind: str) -> list[str]:
        """The IDs whose status is of `kind`."""
        return [row.requirement.id for row in self.rows if row.status.kind == kind]

    def summary(self) -> dict[str, Any]:
        """Status counts overall and per registry, the reasons, and the IDs that need attention."""
        return {
            "requirements": len(self.rows),
            "scope": list(self.scope) or "all",
            "verdict": self.verdict,
            "verdicts": _kinds(self.rows),
            "not_demonstrated_reasons": statuses.reason_counts(r.status for r in self.rows),
            "registries": {registry: _kinds(rows) for registry, rows in self.by_registry().items()},
            "failed": self.ids(statuses.FAILED),
            "broken": self.ids(statuses.BROKEN),
            "not_demonstrated": self.ids(NOT_DEMONSTRATED),
            "warnings": sum(len(r.warnings) for r in self.rows),
            "unknown_ids": sorted(self.unknown),
            "untagged_scenarios": len(self.untagged),
        }


def _kinds(rows: Iterable[RequirementCoverage]) -> dict[str, int]:
    found = Counter(row.status.kind for row in rows)
    return {kind: found[kind] for kind in statuses.KINDS if found[kind]}


def in_scope(requirement: Requirement, scope: Sequence[str], reached: set[str]) -> bool:
    """A requirement is in scope when its registry is, or a scenario of the run reached it
    (`--registry identifiers` runs shared rules tagged with other registries' IDs)."""
    return not scope or catalogue.epic(requirement.id) in scope or requirement.id in reached


def scope_of(records: Iterable[TestRecord]) -> tuple[str, ...]:
    """The registries (epics) results name, in catalogue order; () (every registry) when they
    name all of them or none."""
    named = {record.epic for record in records if record.epic}
    every = list(dict.fromkeys(catalogue.EPICS.values()))
    if not named or set(every) <= named:
        return ()
    return tuple([epic for epic in every if epic in named] + sorted(named - set(every)))


def build_coverage(
    records: Iterable[TestRecord],
    requirements: Mapping[str, Requirement] | None = None,
    generated: datetime | None = None,
    *,
    scope: Sequence[str] = (),
) -> Coverage:
    """Match results to the catalogue (konform's own unless `requirements` is given).

    `scope`: the registries (report epics: "SPOR", "BRS", …) the run was about; empty for all.
    """
    reqs = catalogue.load() if requirements is None else requirements
    found: dict[str, list[Scenario]] = {}
    warned: dict[str, list[str]] = {}
    untagged: list[Scenario] = []
    for record in records:
        scenario = Scenario(
            record.display_name, record.outcome, record.feature_file, record.skip_reason, record.own_material
        )
        if not record.requirements:
            untagged.append(scenario)
        for req_id in record.requirements:
            found.setdefault(req_id, []).append(scenario)
        for text in record.warnings:  # under the ID the warning names ("<ID>: <title>…")
            named = text.split(":", 1)[0].strip()
            if named not in reqs and record.requirements:
                named = record.requirements[0]
            warned.setdefault(named, []).append(text)
    rows = []
    for req_id, requirement in reqs.items():
        if not in_scope(requirement, scope, set(found)):
            continue
        texts = tuple(dict.fromkeys(warned.get(req_id, ())))
        scenarios = tuple(found.get(req_id, ()))
        judged = statuses.judge(scenarios, warnings=len(texts), not_tested=requirement.not_tested_reason)
        rows.append(RequirementCoverage(requirement, scenarios, judged, texts))
    return Coverage(
        rows=tuple(rows),
        generated=generated or datetime.now(UTC),
        unknown={i: tuple(s) for i, s in found.items() if i not in reqs},
        untagged=tuple(untagged),
        scope=tuple(scope),
    )


def row_json(row: RequirementCoverage) -> dict[str, Any]:
    """One requirement as coverage.json and `certify --format json` show it."""
    req = row.requirement
    return {
        "id": req.id,
        "registry": req.registry,
        "document": req.document,
        "section": req.section,
        "flags": sorted(req.flags),
        "basis": req.basis,
        "anchor": req.anchor,
        "verdict": row.verdict,
        "status": row.status.kind,
        "reason": row.status.reason,
        "detail": row.status.detail,
        "warnings": list(row.warnings),
        "counts": {o: row.counts[o] for o in OUTCOMES if row.counts[o]},
        "scenarios": [
            {
                "name": s.name,
                "status": s.outcome,
                "feature_file": s.feature_file,
                **({"skip_reason": s.skip_reason} if s.skip_reason else {}),
                **({"own_material": True} if s.own_material else {}),
            }
            for s in row.scenarios
        ],
    }


def to_json(coverage: Coverage, target: str = "") -> dict[str, Any]:
    """The machine-readable matrix written to coverage.json."""
    return {
        "generated": coverage.generated.isoformat(timespec="seconds"),
        "target": target,
        "requirements": [row_json(row) for row in coverage.rows],
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

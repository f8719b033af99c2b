"""What a run showed about each requirement, decided once for every report.

A requirement is **demonstrated** only when scenarios of it ran against the target and
every one passed. A skipped scenario, a requirement no scenario of this run reached, and
a scenario that judges konform's own material (tag `@own-material`: an export konform
generated, say) are never evidence about the target: the requirement is then **not
demonstrated**, with the reason. Worst first:

- `failed` – a scenario found a non-conformance;
- `broken` – a scenario could not be judged (a harness or transport error);
- `approved with conditions` – a failing scenario is an approved known deviation;
- `not demonstrated: <reason>` – a scenario of it was skipped (the reason is the skip's
  kind: needs a control API, needs a profile key or test data, …), or none ran against
  the target (only konform judging its own material; not run);
- `demonstrated` – "…, with N warning(s) on konform's readings" when a check resting on
  konform's reading beyond the document's words was not met (lenient readings).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

DEMONSTRATED = "demonstrated"
FAILED = "failed"
BROKEN = "broken"
APPROVED = "approved with conditions"
NOT_DEMONSTRATED = "not demonstrated"
#: Kinds, worst first.
KINDS = (FAILED, BROKEN, APPROVED, NOT_DEMONSTRATED, DEMONSTRATED)

CONTROL_API = "needs a control API"
PROFILE_KEY = "needs a profile key or test data"
OWN_MATERIAL = "only konform judging its own material"
NOT_RUN = "not run"
SKIPPED = "skipped for another reason"
#: Reasons a requirement is not demonstrated, in the order reports list them.
REASONS = (CONTROL_API, PROFILE_KEY, OWN_MATERIAL, SKIPPED, NOT_RUN)
#: What a reader can do about each reason.
HINTS = {
    CONTROL_API: "these scenarios arrange facts through a simulator's control API: a target "
    "without control_url cannot run them",
    PROFILE_KEY: "the target profile lacks what each skip names (docs/reference/targets.md)",
    OWN_MATERIAL: "rules for what a client sends, checked here on konform's own generated material: "
    "judge your system's messages with `konform validate <registry>`",
    SKIPPED: "each scenario's skip reason says why",
    NOT_RUN: "no scenario of it ran in this run",
}

_CONTROL_API = re.compile(r"@sim-only|control API", re.I)
_PROFILE_KEY = re.compile(
    r"names no|offers no|\boptions?[ .]\w|profile|test (?:numbers|lists|card)|KONFORM_|synthetic|\bSTS\b",
    re.I,
)


@dataclass(frozen=True)
class Scenario:
    """One scenario result as the status needs it."""

    name: str
    outcome: str
    feature_file: str
    skip_reason: str = ""
    own_material: bool = False


@dataclass(frozen=True)
class Status:
    """A requirement's status: its kind, why it is not demonstrated, and its warnings."""

    kind: str
    reason: str = ""
    detail: str = ""
    warnings: int = 0

    @property
    def text(self) -> str:
        """As every report shows it: "demonstrated", "not demonstrated: needs a control API", …"""
        if self.kind == NOT_DEMONSTRATED:
            return f"{NOT_DEMONSTRATED}: {self.reason}"
        if self.kind == DEMONSTRATED and self.warnings:
            plural = "s" if self.warnings > 1 else ""
            return f"{DEMONSTRATED}, with {self.warnings} warning{plural} on konform's readings"
        return self.kind


def skip_kind(reason: str) -> str:
    """The kind of a skip, from its reason: a control API, a profile key or test data, or other."""
    if _CONTROL_API.search(reason):
        return CONTROL_API
    if _PROFILE_KEY.search(reason):
        return PROFILE_KEY
    return SKIPPED


def judge(scenarios: Sequence[Scenario], *, warnings: int = 0, not_tested: str = "") -> Status:
    """The status of a requirement from its scenarios' results (the module docstring says how)."""
    outcomes = Counter(s.outcome for s in scenarios)
    if outcomes["failed"]:
        return Status(FAILED, warnings=warnings)
    if outcomes["broken"] or outcomes["unknown"]:
        return Status(BROKEN, warnings=warnings)
    if outcomes["xfailed"]:
        return Status(APPROVED, warnings=warnings)
    on_target = [s for s in scenarios if not s.own_material]
    passed = sum(1 for s in on_target if s.outcome == "passed")
    skipped = [s for s in on_target if s.outcome == "skipped"]
    if skipped:
        kinds = Counter(skip_kind(s.skip_reason) for s in skipped)
        reason = min(kinds, key=REASONS.index)
        detail = "; ".join(dict.fromkeys(s.skip_reason for s in skipped if s.skip_reason))
        return Status(NOT_DEMONSTRATED, reason, detail, warnings)
    if passed:
        return Status(DEMONSTRATED, warnings=warnings)
    if scenarios:
        detail = f"{len(scenarios)} scenario(s) judged konform's own material, not the target"
        return Status(NOT_DEMONSTRATED, OWN_MATERIAL, detail, warnings)
    return Status(NOT_DEMONSTRATED, NOT_RUN, f"not tested: {not_tested}" if not_tested else "", warnings)


def reason_counts(statuses: Iterable[Status]) -> dict[str, int]:
    """How many requirements are not demonstrated for each reason, in REASONS order."""
    found = Counter(s.reason for s in statuses if s.kind == NOT_DEMONSTRATED)
    return {reason: found[reason] for reason in REASONS if found[reason]}


def verdict(statuses: Sequence[Status]) -> str:
    """The headline: never a plain "conformant" while a requirement in scope is not demonstrated."""
    kinds = Counter(s.kind for s in statuses)
    total = len(statuses)
    warned = sum(s.warnings for s in statuses)
    warned_text = (
        f", with {warned} warning{'s' if warned > 1 else ''} on konform's readings" if warned else ""
    )
    missing = kinds[NOT_DEMONSTRATED]
    reasons = ", ".join(f"{reason}: {n}" for reason, n in reason_counts(statuses).items())
    missing_text = f"{missing} not demonstrated ({reasons})" if missing else ""
    if total == 0:
        return "nothing judged: no requirement in scope"
    if kinds[FAILED] or kinds[BROKEN]:
        parts = [f"{kinds[FAILED]} of {total} requirements in scope failed"]
        if kinds[BROKEN]:
            parts.append(f"{kinds[BROKEN]} could not be judged")
        head = "non-conformant" if kinds[FAILED] else "not judged"
        rest = [f"{kinds[DEMONSTRATED]} demonstrated", missing_text]
        return f"{head}: {', '.join(parts)}; " + "; ".join(r for r in rest if r) + warned_text
    good = kinds[DEMONSTRATED] + kinds[APPROVED]
    approved = f" ({kinds[APPROVED]} with approved deviations)" if kinds[APPROVED] else ""
    if missing and not good:
        none = f"{missing} of {total} requirements in scope not demonstrated ({reasons})"
        return f"nothing demonstrated: {none}{warned_text}"
    if missing:
        return f"conformant on {good} of {total} requirements in scope{approved}; {missing_text}{warned_text}"
    if kinds[APPROVED]:
        return (
            f"conformant with approved deviations on {kinds[APPROVED]} of {total} requirements{warned_text}"
        )
    return f"conformant{warned_text}"

"""Which requirements each test failed on, as JSON: what a fault-profile meta-test reads.

Loaded by konform's pytest front end when `--outcomes PATH` is given. Each entry:
{nodeid: {"requirements": [tag IDs], "named": [IDs the NonConformance names],
"warned": [IDs of reading-checks that failed as warnings],
"outcome": "passed|failed|skipped"}}; a failure in any phase counts as failed. A
state-machine scenario checks several rules, and its NonConformance says which broke.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from konform.checks import NonConformance


def _nonconformances(error: BaseException) -> Iterator[NonConformance]:
    if isinstance(error, NonConformance):
        yield error
    for inner in getattr(error, "exceptions", ()):
        yield from _nonconformances(inner)


#: The reading-checks that failed as warnings in a test (konform.checks.require), kept by
#: the readings front end in konform.pytest_plugin.
WARNINGS = pytest.StashKey[list[NonConformance]]()


class OutcomesPlugin:
    """Collects every test's outcome and writes them when the session ends."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.outcomes: dict[str, dict[str, Any]] = {}

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
        report = yield
        tags = sorted({str(m.kwargs["id"]) for m in item.iter_markers("requirement")})
        entry = self.outcomes.setdefault(
            item.nodeid, {"requirements": tags, "named": [], "warned": [], "outcome": "passed"}
        )
        if report.when == "call":
            warned = {w.requirement for w in item.stash.get(WARNINGS, [])}
            entry["warned"] = sorted(set(entry.get("warned", [])) | warned)
        if report.failed:
            entry["outcome"] = "failed"
            if call.excinfo is not None:
                named = {nc.requirement for nc in _nonconformances(call.excinfo.value)}
                entry["named"] = sorted(set(entry["named"]) | named)
        elif report.skipped and entry["outcome"] == "passed":
            entry["outcome"] = "skipped"
        return report

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        self.path.write_text(json.dumps(self.outcomes, indent=1, ensure_ascii=False), encoding="utf-8")


def failed_requirements(outcomes: dict[str, dict[str, Any]], *, by: str = "requirements") -> set[str]:
    """The requirement IDs of failed tests: by their tags, or (by="named") by what their failure names,
    falling back to the tags where a failure names none."""
    failed = [entry for entry in outcomes.values() if entry["outcome"] == "failed"]
    if by == "named":
        return {r for entry in failed for r in (entry.get("named") or entry["requirements"])}
    return {r for entry in failed for r in entry["requirements"]}


def warned_requirements(outcomes: dict[str, dict[str, Any]]) -> set[str]:
    """The requirement IDs whose reading-checks failed as warnings, in any test."""
    return {r for entry in outcomes.values() for r in entry.get("warned", [])}

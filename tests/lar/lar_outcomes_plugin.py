"""pytest plugin for LAR's fault-profile meta-test: which requirements each failed scenario names, as JSON.

Loaded with `-p lar_outcomes_plugin` (this folder on PYTHONPATH); writes to the file named
by $KONFORM_OUTCOMES: {nodeid: {"requirements": [...], "outcome": "passed|failed|skipped"}}.
As SPOR's meta-test plugin does, with one refinement: a failure that is a NonConformance
counts under the requirement it names (a state-machine scenario checks several rules and
says which one broke); any other failure counts under the scenario's @req tags.

It registers the Hypothesis profile `lar-meta`: `ci` without shrinking, with fewer examples
and steps. Which scenarios fail does not depend on shrinking, and every profile's deviation
shows in the first few examples.
"""

from __future__ import annotations

import json
import os
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import Phase, settings

from konform.checks import NonConformance

OUTCOMES: dict[str, dict[str, Any]] = {}


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """Before Hypothesis loads the profile named on the command line; `ci` exists by now."""
    meta = settings(
        settings.get_profile("ci"),
        phases=(Phase.explicit, Phase.reuse, Phase.generate),
        max_examples=10,
        stateful_step_count=10,
    )
    settings.register_profile("lar-meta", meta)


def _nonconformances(error: BaseException) -> Iterator[NonConformance]:
    if isinstance(error, NonConformance):
        yield error
    for inner in getattr(error, "exceptions", ()):
        yield from _nonconformances(inner)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
    report = yield
    tags = sorted({str(m.kwargs["id"]) for m in item.iter_markers("requirement")})
    entry = OUTCOMES.setdefault(item.nodeid, {"requirements": tags, "outcome": "passed"})
    if report.failed:
        entry["outcome"] = "failed"
        named = [nc.requirement for nc in _nonconformances(call.excinfo.value)] if call.excinfo else []
        entry["requirements"] = sorted(set(named)) if named else tags
    elif report.skipped and entry["outcome"] == "passed":
        entry["outcome"] = "skipped"
    return report


def pytest_sessionfinish(session: pytest.Session) -> None:
    target = os.environ.get("KONFORM_OUTCOMES")
    if target:
        Path(target).write_text(json.dumps(OUTCOMES, indent=1, ensure_ascii=False), encoding="utf-8")

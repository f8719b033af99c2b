"""pytest plugin for the fault-profile meta-test: each test's requirement IDs and outcome, as JSON.

Loaded with `-p spor_outcomes_plugin` (this folder on PYTHONPATH); writes to the file named
by $KONFORM_OUTCOMES: {nodeid: {"requirements": [...], "outcome": "passed|failed|skipped"}}.
A failure in any phase (setup, call, teardown) counts as failed.

It also registers the Hypothesis profile `spor-meta`: `ci` without the shrink and explain
phases. Which scenarios fail does not depend on them, and shrinking a state machine
against a broken simulator costs more than the whole run.
"""

from __future__ import annotations

import json
import os
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import Phase, settings

OUTCOMES: dict[str, dict[str, Any]] = {}


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """Before Hypothesis loads the profile named on the command line; `ci` exists by now."""
    meta = settings(settings.get_profile("ci"), phases=(Phase.explicit, Phase.reuse, Phase.generate))
    settings.register_profile("spor-meta", meta)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
    report = yield
    entry = OUTCOMES.setdefault(
        item.nodeid,
        {
            "requirements": sorted({str(m.kwargs["id"]) for m in item.iter_markers("requirement")}),
            "outcome": "passed",
        },
    )
    if report.failed:
        entry["outcome"] = "failed"
    elif report.skipped and entry["outcome"] == "passed":
        entry["outcome"] = "skipped"
    return report


def pytest_sessionfinish(session: pytest.Session) -> None:
    target = os.environ.get("KONFORM_OUTCOMES")
    if target:
        Path(target).write_text(json.dumps(OUTCOMES, indent=1, ensure_ascii=False), encoding="utf-8")

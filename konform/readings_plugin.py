"""pytest front end for readings: under lenient readings a failed reading-check is a warning.

A check resting on konform's reading beyond the document's words (konform.checks.require
with `reading=`) fails a scenario only under `--readings strict`; otherwise it is recorded
here as a warning: in the scenario's Allure result (label "konform-warning" with the
requirement ID, and the warning's text as an attachment), in the pytest report's
user_properties and sections, and in the terminal summary.
"""

from __future__ import annotations

from typing import Any

import allure
import pytest

from konform import checks, outcomes

#: The reading-checks that failed as warnings in a test (shared with the outcomes file).
WARNINGS = outcomes.WARNINGS


class ReadingsPlugin:
    """Judges each scenario under `--readings`: lenient turns a failed reading-check into a warning."""

    def __init__(self, mode: checks.ReadingsMode) -> None:
        self.mode = mode

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Any:
        with checks.readings(self.mode) as warned:
            try:
                return (yield)
            finally:
                item.stash[WARNINGS] = list(warned)
                for warning in warned:
                    _attach_warning(warning)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
        report = yield
        if report.when == "call":
            for warning in item.stash.get(WARNINGS, []):
                report.user_properties.append(("konform-warning", str(warning)))
                report.sections.append((f"konform warning {warning.requirement}", str(warning)))
        return report

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        lines = [
            value
            for report in terminalreporter.stats.get("passed", []) + terminalreporter.stats.get("failed", [])
            for name, value in report.user_properties
            if name == "konform-warning"
        ]
        if lines and not terminalreporter.config.option.no_summary:  # certify lists them itself
            terminalreporter.section("konform: warnings (konform's readings, not the document's words)")
            for line in dict.fromkeys(lines):
                terminalreporter.write_line(line)


def _attach_warning(warning: checks.NonConformance) -> None:
    allure.dynamic.label("konform-warning", warning.requirement)
    title = f"Warning {warning.requirement}: konform's reading not met"
    allure.attach(str(warning), title, allure.attachment_type.TEXT)

"""A check resting on konform's reading: a warning under lenient readings, a failure under strict ones."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from konform.checks import Finding, NonConformance, apply_readings, readings, require

SCENARIO = """
from konform.checks import require

def test_reading_not_met():
    require("SPOR-7.1-DATES", False, expected="an offset", received="local time",
            reading="a date-time carries its UTC offset")
    require("SPOR-7.1-PNR", True, expected="a valid personnummer", received="one")

def test_document_not_met():
    require("SPOR-7.1-PNR", False, expected="a valid personnummer", received="a wrong check digit")
"""


def _run(tmp_path: Path, mode: str) -> tuple[dict[str, dict[str, object]], str]:
    (tmp_path / "test_scenario.py").write_text(SCENARIO, encoding="utf-8")
    outcomes = tmp_path / f"outcomes-{mode}.json"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "konform.pytest_plugin",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:allure_pytest",
            str(tmp_path),
            f"--readings={mode}",
            f"--outcomes={outcomes}",
            "-q",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    results = json.loads(outcomes.read_text(encoding="utf-8"))
    return {node.split("::")[-1]: entry for node, entry in results.items()}, run.stdout


def test_lenient_readings_warn_and_the_document_still_fails(tmp_path: Path) -> None:
    results, stdout = _run(tmp_path, "lenient")
    assert results["test_reading_not_met"]["outcome"] == "passed"
    assert results["test_reading_not_met"]["warned"] == ["SPOR-7.1-DATES"]
    assert results["test_document_not_met"]["outcome"] == "failed"
    assert results["test_document_not_met"]["named"] == ["SPOR-7.1-PNR"]
    assert "konform's reading, not the document's words: a date-time carries its UTC offset" in stdout


def test_strict_readings_fail_on_the_reading(tmp_path: Path) -> None:
    results, _ = _run(tmp_path, "strict")
    assert results["test_reading_not_met"]["outcome"] == "failed"
    assert results["test_reading_not_met"]["named"] == ["SPOR-7.1-DATES"]
    assert results["test_reading_not_met"]["warned"] == []


def test_strict_raises_and_lenient_collects() -> None:
    with readings("strict"), pytest.raises(NonConformance) as failure:
        require("SPOR-7.1-DATES", False, expected="x", received="y", reading="ours")
    assert failure.value.basis == "reading"
    with readings("lenient") as warned:
        require("SPOR-7.1-DATES", False, expected="x", received="y", reading="ours")
    assert [w.requirement for w in warned] == ["SPOR-7.1-DATES"]


def test_validate_turns_reading_errors_into_warnings_unless_strict() -> None:
    findings = [
        Finding(
            3, "SPOR-6.2-INCL", "error", "treatment 1 missing", reading="var 310 means it should be sent"
        ),
        Finding(4, "SPOR-7.1-PNR", "error", "bad check digit"),
    ]
    lenient = apply_readings(findings, "lenient")
    assert [f.severity for f in lenient] == ["warning", "error"]
    assert "konform's reading" in lenient[0].message and "konform's reading" not in lenient[1].message
    assert [f.severity for f in apply_readings(findings, "strict")] == ["error", "error"]

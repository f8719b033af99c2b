"""Known deviations: approved failures are xfails until their expiry date; stale ones are reported."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from test_requirement_tags import make_project, run_pytest

FEATURE = """\
Feature: Deviations
  @req:SPOR-7.1-PNR
  Scenario: broken
    Given the target fails

  @req:SPOR-7.1-HSA
  Scenario: fine
    Given nothing
"""

STEPS = """
from pytest_bdd import given

@given("the target fails")
def fails():
    raise AssertionError("SPOR-7.1-PNR: the target accepted a bad Luhn digit")
"""


def project(tmp_path: Path, baseline: str) -> Path:
    root = make_project(tmp_path, FEATURE)
    with (root / "features" / "spor" / "test_routing.py").open("a", encoding="utf-8") as module:
        module.write(STEPS)
    (root / "deviations.toml").write_text(baseline, encoding="utf-8")
    return root


def entry(requirement: str, expires: date) -> str:
    return (
        f'[[deviation]]\nrequirement = "{requirement}"\nreason = "fix in release 5.2"\n'
        f"expires = {expires}\n"
    )


def test_an_approved_deviation_turns_its_failure_into_an_xfail(tmp_path: Path) -> None:
    root = project(tmp_path, entry("SPOR-7.1-PNR", date.today() + timedelta(days=30)))
    result = run_pytest(root, "-q", "-rx")
    assert result.returncode == 0, result.stdout
    assert "1 xfailed" in result.stdout
    assert "approved deviation SPOR-7.1-PNR" in result.stdout


def test_an_expired_deviation_fails_the_run(tmp_path: Path) -> None:
    root = project(tmp_path, entry("SPOR-7.1-PNR", date.today() - timedelta(days=1)))
    result = run_pytest(root, "-q")
    assert result.returncode == 1
    assert "1 failed" in result.stdout
    assert "known deviation SPOR-7.1-PNR expired" in result.stdout


def test_an_expired_deviation_fails_the_run_even_when_its_scenarios_pass(tmp_path: Path) -> None:
    root = project(tmp_path, entry("SPOR-7.1-HSA", date.today() - timedelta(days=1)))
    result = run_pytest(root, "-q", "-k", "fine")
    assert result.returncode == 1
    assert "known deviation SPOR-7.1-HSA expired" in result.stdout


def test_a_deviation_whose_scenarios_pass_is_reported_stale(tmp_path: Path) -> None:
    root = project(tmp_path, entry("SPOR-7.1-HSA", date.today() + timedelta(days=30)))
    result = run_pytest(root, "-q", "-k", "fine")
    assert result.returncode == 0
    assert "known deviation SPOR-7.1-HSA is stale" in result.stdout


def test_a_deviation_naming_an_unknown_requirement_is_refused(tmp_path: Path) -> None:
    root = project(tmp_path, entry("NOPE-1", date.today()))
    result = run_pytest(root, "-q")
    assert result.returncode != 0
    assert "NOPE-1" in result.stdout + result.stderr

"""The @req:<ID> tag route: marker selection, Allure labels, unknown IDs fail collection."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

FEATURE = """\
Feature: Tag routing
  @req:SPOR-7.1-PNR
  Scenario: first
    Given nothing

  @req:SPOR-7.1-HSA @req:SYSVAK-ID
  Scenario: second
    Given nothing

  @req:SPOR-7.1-HSA @sim-only
  Scenario: third
    Given nothing
"""

STEPS = """\
from pytest_bdd import given, scenarios
scenarios("routing.feature")

@given("nothing")
def nothing():
    pass
"""


def make_project(root: Path, feature: str = FEATURE) -> Path:
    features = root / "features" / "spor"
    features.mkdir(parents=True)
    (features / "routing.feature").write_text(feature, encoding="utf-8")
    (features / "test_routing.py").write_text(STEPS, encoding="utf-8")
    (root / "conftest.py").write_text('pytest_plugins = ["konform.pytest_plugin"]\n', encoding="utf-8")
    (root / "pytest.ini").write_text(
        "[pytest]\naddopts = -p no:allure_pytest -p no:cacheprovider --strict-markers --strict-config\n",
        encoding="utf-8",
    )
    return root


def run_pytest(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_requirement_marker_selects_exactly_the_tagged_scenarios(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    result = run_pytest(project, "--collect-only", "-q", "-m", "requirement(id='SPOR-7.1-HSA')")
    selected = sorted(line for line in result.stdout.splitlines() if "::" in line)
    assert result.returncode == 0, result.stdout + result.stderr
    assert selected == [
        "features/spor/test_routing.py::test_second",
        "features/spor/test_routing.py::test_third",
    ]


def test_unknown_requirement_tag_fails_collection_naming_the_tag(tmp_path: Path) -> None:
    project = make_project(tmp_path, FEATURE.replace("@req:SPOR-7.1-PNR", "@req:NOPE-1"))
    result = run_pytest(project, "--collect-only", "-q")
    assert result.returncode != 0
    assert "@req:NOPE-1" in result.stdout + result.stderr


def test_scenarios_carry_story_epic_and_link_labels(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    results = tmp_path / "allure-results"
    run = run_pytest(project, "-p", "allure_pytest_bdd", f"--alluredir={results}", "-q")
    assert run.returncode == 0, run.stdout + run.stderr
    by_name: dict[str, dict[str, object]] = {}
    for path in results.glob("*-result.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        by_name[data["name"]] = data
    second = by_name["second"]
    labels = {(label["name"], label["value"]) for label in second["labels"]}  # type: ignore[index]
    assert {("story", "SPOR-7.1-HSA"), ("story", "SYSVAK-ID"), ("epic", "SPOR")} <= labels
    links = [link["url"] for link in second["links"]]  # type: ignore[index]
    assert "coverage.html#req-SPOR-7-1-HSA" in links


def test_sim_only_scenarios_are_skipped_with_a_reason_against_a_real_target(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    (project / "targets.toml").write_text(
        '[stage]\n[stage.spor]\nurl = "https://stage.invalid/spor/ws/4_1/RegistrationService"\n',
        encoding="utf-8",
    )
    result = run_pytest(project, "--target", "stage", "-rs", "-q")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 skipped" in result.stdout
    assert "@sim-only" in result.stdout


def test_a_production_profile_is_refused_without_allow_production(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    (project / "targets.toml").write_text(
        '[prod]\nproduction = true\n[prod.spor]\nurl = "https://prod.invalid/spor"\n', encoding="utf-8"
    )
    result = run_pytest(project, "--target", "prod", "-q")
    assert result.returncode != 0
    assert "--allow-production" in result.stderr + result.stdout

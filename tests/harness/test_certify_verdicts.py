"""Honest verdicts end to end: skips reach the report as "not demonstrated", --require-all fails on them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from konform.cli.certify import decide_exit
from konform.report import render_all
from tests.harness.test_requirement_tags import make_project, run_pytest
from tests.serving import serving

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2025, 5, 1, 12, 0, tzinfo=UTC)


def test_a_sim_only_scenario_skipped_against_a_profile_is_in_the_report(tmp_path: Path) -> None:
    """A @sim-only skip leaves an Allure result with its reason (a setup skip would leave none)."""
    project = make_project(tmp_path)
    (project / "targets.toml").write_text(
        '[stage]\n[stage.spor]\nurl = "https://stage.invalid/spor/ws/4_1/RegistrationService"\n',
        encoding="utf-8",
    )
    results = tmp_path / "allure-results"
    run = run_pytest(project, "-p", "allure_pytest_bdd", f"--alluredir={results}", "--target", "stage", "-q")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "2 passed, 1 skipped" in run.stdout
    summary = render_all(results, tmp_path / "out", "stage", html=False, now=NOW, scope=["SPOR"])
    rows = {row.requirement.id: row for row in summary.coverage.rows}
    third = next(s for s in rows["SPOR-7.1-HSA"].scenarios if s.name == "third")
    assert third.outcome == "skipped"
    assert third.skip_reason.startswith("@sim-only: needs facts only a simulator can arrange (target stage")
    assert rows["SPOR-7.1-HSA"].verdict == "not demonstrated: needs a control API"
    assert rows["SPOR-7.1-PNR"].verdict == "demonstrated"


def test_require_all_turns_not_demonstrated_into_exit_1(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    (project / "targets.toml").write_text('[stage]\n[stage.spor]\nurl = "https://stage.invalid/x"\n')
    results = tmp_path / "allure-results"
    run_pytest(project, "-p", "allure_pytest_bdd", f"--alluredir={results}", "--target", "stage", "-q")
    summary = render_all(results, tmp_path / "out", "stage", html=False, now=NOW, scope=["SPOR"])
    assert summary.not_demonstrated  # SPOR-7.1-HSA's @sim-only scenario, and the SPOR rows no scenario ran
    assert decide_exit(0, summary, require_all=False) == 0
    assert decide_exit(0, summary, require_all=True) == 1
    assert decide_exit(1, summary, require_all=True) == 1
    assert decide_exit(0, summary, require_all=True, stopped="spor endpoint …: refused") == 2


@pytest.fixture(scope="module")
def served_spor(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """`konform serve spor`, named in a profile WITHOUT its control_url."""
    folder = tmp_path_factory.mktemp("spor-served")
    with serving("spor", folder) as running:
        state = running.state
        lines = ["[served]", 'environment = "konform serve spor, no control API"', "", "[served.spor]"]
        lines += [f"{key} = {json.dumps(state[key])}" for key in ("url", "client_cert", "client_key", "ca")]
        lines.append(f"system_id = {json.dumps(state['units'][0])}")
        (folder / "targets.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        yield folder / "targets.toml", state["url"]


def test_against_a_served_simulator_without_control_url_skips_are_not_demonstrated(
    served_spor: tuple[Path, str], tmp_path: Path
) -> None:
    targets_file, url = served_spor
    reports = tmp_path / "reports"
    command = [sys.executable, "-m", "konform", "certify", "--registry", "spor", "--target", "served"]
    command += ["--targets-file", str(targets_file), "--reports", str(reports), "--require-all"]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "KONFORM_"))}
    run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, check=False)
    tail = run.stdout[-4000:] + run.stderr[-2000:]
    assert run.returncode == 1, tail
    assert re.search(r"^--require-all: \d+ requirement\(s\) not demonstrated$", run.stdout, re.M), tail
    verdict = run.stdout.strip().splitlines()[-1]
    assert verdict.startswith("Verdict: ") and "not demonstrated (needs a control API: " in verdict, tail
    assert "Verdict: conformant\n" not in run.stdout + "\n"
    seed = re.search(r"^konform: run seed (\d+) ", run.stdout, re.M)
    assert seed, tail  # a served simulator keeps its data: the run draws from its own seed
    (pack,) = (reports / "evidence").glob("*-spor-served")
    summary = (pack / "summary.md").read_text(encoding="utf-8")
    assert url in summary
    assert f"| Seed | {seed[1]} (" in summary
    assert "not demonstrated: needs a control API" in summary
    fellista = next(line for line in summary.splitlines() if line.startswith("| [SPOR-7.3-FELLISTA]"))
    assert "| not demonstrated: needs a control API |" in fellista and "@sim-only" in fellista
    assert re.search(r"^- needs a control API \(\d+\): .*SPOR-7\.3-FELLISTA", summary, re.M)
    coverage = json.loads((reports / "coverage.json").read_text(encoding="utf-8"))
    assert {r["registry"] for r in coverage["requirements"]} == {"SPOR"}
    assert coverage["summary"]["not_demonstrated_reasons"]["needs a control API"] >= 1

"""Meta-test: the SPOR features fail on exactly the requirements each fault profile breaks.

One `konform serve spor` process plays SPOR; for the correct behaviour and every fault
profile, the test switches the profile through the control API, runs `pytest
features/spor` against it as a named target, and compares the requirement IDs of the
failed scenarios with the profile's `breaks` set. A profile that breaks only konform's
readings of the guide (`reading_breaks`) fails under `--readings strict` and shows only as
"warned" under the default lenient readings. The converse: the "independent" profile, a
correct SPOR written differently, passes with no failure at all.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from konform.faults import profiles
from konform.outcomes import failed_requirements, warned_requirements
from konform.spor import simulator
from konform.spor.behaviour import SporBehaviour
from tests.serving import serving

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
RUN_TIMEOUT = 600.0
TARGET = "spor-meta"
PROFILES = profiles(SporBehaviour)
assert simulator.INDEPENDENT.name in PROFILES
#: Every profile under lenient readings; those that break a reading once more under strict ones.
RUNS = [(name, "lenient") for name in sorted(PROFILES)]
RUNS += [(name, "strict") for name in sorted(PROFILES) if PROFILES[name].reading_breaks]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A `konform serve spor` process, awaited by polling its state file and its listeners."""
    folder = tmp_path_factory.mktemp("spor-served")
    with serving("spor", folder) as running:
        yield {**running.state, "folder": folder}


@pytest.fixture(scope="module")
def targets_file(served: dict[str, Any]) -> Path:
    keys = ["url", "client_cert", "client_key", "ca", "control_url", "no_certificate_url", "upload_url"]
    keys += ["untrusted_client_cert", "untrusted_client_key"]
    lines = [f"[{TARGET}]", 'environment = "konform SPOR simulator (fault-profile meta-test)"', ""]
    lines += [f"[{TARGET}.spor]", *(f"{key} = {json.dumps(served[key])}" for key in keys)]
    lines.append(f"system_id = {json.dumps(served['units'][0])}")
    path = Path(served["folder"]) / "targets.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("profile", "readings"), RUNS, ids=[f"{p}-{r}" for p, r in RUNS])
def test_the_features_fail_on_exactly_what_the_profile_breaks(
    served: dict[str, Any], targets_file: Path, profile: str, readings: str, tmp_path: Path
) -> None:
    with requests.Session() as session:
        session.trust_env = False
        session.verify = served["ca"]
        fault_url = served["control_url"] + "/_konform/fault"
        switched = session.put(fault_url, json={"profile": profile}, timeout=30)
    assert switched.json()["profile"] == profile
    outcomes_file = tmp_path / "outcomes.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "KONFORM_"))}
    command = [sys.executable, "-m", "pytest", "features/spor", "--target", TARGET]
    # meta = ci without shrinking (konform/pytest_plugin.py): the same failures, found as fast.
    command += ["--targets-file", str(targets_file), "--hypothesis-profile=meta", "--seed=fixed"]
    command += ["-p", "no:cacheprovider", "--outcomes", str(outcomes_file), "-q", "--readings", readings]
    command += ["--junitxml", str(tmp_path / "junit.xml")]
    run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT)
    tail = run.stdout[-6000:] + run.stderr[-2000:]
    assert run.returncode in (0, 1), f"the feature run did not complete (exit {run.returncode}):\n{tail}"
    outcomes = json.loads(outcomes_file.read_text(encoding="utf-8"))
    ran = [entry for entry in outcomes.values() if entry["outcome"] != "skipped"]
    assert len(ran) >= 50, f"only {len(ran)} SPOR scenarios ran against the served simulator:\n{tail}"
    failed = failed_requirements(outcomes)
    warned = warned_requirements(outcomes)
    behaviour = PROFILES[profile]
    expected = behaviour.breaks if readings == "strict" else behaviour.breaks - behaviour.reading_breaks
    assert failed == set(expected), (
        f"profile {profile!r} ({behaviour.deviation}) should fail exactly {sorted(expected)} under "
        f"{readings} readings; failed: {sorted(failed)}, warned: {sorted(warned)}\n{tail}"
    )
    if readings == "lenient":
        # what only a reading catches shows as a warning, never as a failure
        assert behaviour.reading_breaks <= warned - failed, (
            f"profile {profile!r} should show {sorted(behaviour.reading_breaks)} as warned; "
            f"warned: {sorted(warned)}\n{tail}"
        )
    if profile == "correct":
        assert warned == set(), f"konform's own simulator breaks konform's readings: {sorted(warned)}\n{tail}"


def test_certify_against_a_simulator_addressed_only_by_a_profile_writes_the_evidence_pack(
    served: dict[str, Any], targets_file: Path, tmp_path: Path
) -> None:
    """As a vendor certifies against stage: a profile, nothing embedded (TC-EVIDENCE, SPOR-4-STAGE)."""
    with requests.Session() as session:
        session.trust_env = False
        session.verify = served["ca"]
        session.put(served["control_url"] + "/_konform/fault", json={"profile": "correct"}, timeout=30)
        session.post(served["control_url"] + "/_konform/reset", timeout=30)
    reports = tmp_path / "reports"
    command = [sys.executable, "-m", "konform", "certify", "--registry", "spor", "--target", TARGET]
    command += ["--targets-file", str(targets_file), "--reports", str(reports)]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "KONFORM_"))}
    run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    packs = list((reports / "evidence").glob(f"*-spor-{TARGET}"))
    assert len(packs) == 1, run.stdout[-2000:]
    summary = (packs[0] / "summary.md").read_text(encoding="utf-8")
    assert served["url"] in summary
    assert "**Verdict: conformant" in summary  # and, since §6 judges konform's own exports, qualified
    assert "SPOR-7.2.3-RESULT" in summary
    assert (packs[0] / "junit.xml").exists()

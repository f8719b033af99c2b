"""Meta-test: the LAR features fail on exactly the requirements each fault profile breaks.

As SPOR's meta-test: `konform serve lar` plays LAR; for the correct behaviour and every
fault profile the profile is switched through the control API, `pytest features/lar` runs
against the served simulator as a named target, and the requirement IDs of the failed
scenarios must equal the profile's `breaks`. With lenient readings (the default) the IDs
warned on must equal the profile's `readings` – where it departs only from konform's
reading of the guide – and with `--readings strict`, run on the scenarios of those IDs,
they fail too. The converse: the correct simulator and `independent`, a LAR written
otherwise in every way the guide allows, fail nothing. Two served simulators take the runs
in turn (the machine has two cores).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
import requests

from konform.faults import profiles
from konform.lar import faults  # noqa: F401  (defines the fault profiles)
from konform.lar.behaviour import LarBehaviour
from konform.outcomes import failed_requirements, warned_requirements
from tests.serving import serving

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
RUN_TIMEOUT = 600.0
WORKERS = 2
PROFILES = profiles(LarBehaviour)
OPTIONS = ("sts_key", "sts_cert", "untrusted_sts_key", "untrusted_sts_cert", "cvr", "foreign_cvr")

pytestmark = pytest.mark.slow


def _targets_file(state: dict[str, Any], folder: Path) -> Path:
    lines = [
        "[lar-meta]",
        'environment = "konform LAR simulator (fault-profile meta-test)"',
        "",
        "[lar-meta.lar]",
    ]
    lines += [f"url = {json.dumps(state['url'])}", f"control_url = {json.dumps(state['control_url'])}"]
    lines += [f"{key} = {json.dumps(state[key])}" for key in OPTIONS]
    path = folder / "targets.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _run(
    state: dict[str, Any], targets: Path, profile: str, folder: Path, readings: str = "lenient"
) -> dict[str, Any]:
    """Switch the served simulator to `profile`, run features/lar against it, return what failed
    and what was warned on; strict readings run only the scenarios of the profile's readings."""
    with requests.Session() as session:
        session.trust_env = False
        switched = session.put(
            state["control_url"] + "/_konform/fault", json={"profile": profile}, timeout=30
        )
    assert switched.json()["profile"] == profile
    outcomes_file = folder / f"outcomes-{profile}-{readings}.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "KONFORM_"))}
    command = [sys.executable, "-m", "pytest", "features/lar", "--target", "lar-meta"]
    command += ["--targets-file", str(targets), "--hypothesis-profile=meta", "--seed=fixed"]
    command += ["-p", "no:cacheprovider", "--outcomes", str(outcomes_file), "-q", f"--readings={readings}"]
    if readings == "strict":
        ids = sorted(PROFILES[profile].readings)
        command += ["-m", " or ".join(f"requirement(id='{i}')" for i in ids)]
    started = time.monotonic()
    run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT)
    seconds = time.monotonic() - started
    tail = run.stdout[-6000:] + run.stderr[-2000:]
    outcomes = json.loads(outcomes_file.read_text(encoding="utf-8")) if outcomes_file.exists() else {}
    failed = failed_requirements(outcomes, by="named")
    warned = warned_requirements(outcomes)
    ran = sum(1 for entry in outcomes.values() if entry["outcome"] != "skipped")
    return {
        "exit": run.returncode,
        "failed": failed,
        "warned": warned,
        "ran": ran,
        "tail": tail,
        "seconds": seconds,
    }


#: Every run: each profile with lenient readings, and with strict ones each profile that
#: departs from a konform reading.
RUNS = [(name, "lenient") for name in sorted(PROFILES)] + [
    (name, "strict") for name in sorted(PROFILES) if PROFILES[name].readings
]


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[tuple[str, str], dict[str, Any]]]:
    """Every run, two served simulators taking them in turn; keyed by (profile, readings)."""
    with ExitStack() as stack:
        servers = []
        for worker in range(WORKERS):
            folder = tmp_path_factory.mktemp(f"lar-served-{worker}")
            state = stack.enter_context(serving("lar", folder)).state
            servers.append((state, _targets_file(state, folder), folder))
        queues = [RUNS[worker::WORKERS] for worker in range(WORKERS)]

        def work(worker: int) -> dict[tuple[str, str], dict[str, Any]]:
            state, targets, folder = servers[worker]
            return {run: _run(state, targets, run[0], folder, run[1]) for run in queues[worker]}

        with ThreadPoolExecutor(WORKERS) as pool:
            found: dict[tuple[str, str], dict[str, Any]] = {}
            for part in pool.map(work, range(WORKERS)):
                found.update(part)
        yield found


@pytest.mark.parametrize("profile", sorted(PROFILES), ids=str)
def test_the_features_fail_on_exactly_what_the_profile_breaks(
    results: dict[tuple[str, str], dict[str, Any]], profile: str
) -> None:
    result = results[(profile, "lenient")]
    assert result["exit"] in (0, 1), (
        f"the feature run did not complete (exit {result['exit']}):\n{result['tail']}"
    )
    assert result["ran"] >= 80, (
        f"only {result['ran']} LAR scenarios ran against the served simulator:\n{result['tail']}"
    )
    expected = set(PROFILES[profile].breaks)
    assert result["failed"] == expected, (
        f"profile {profile!r} ({PROFILES[profile].deviation}) should fail exactly {sorted(expected)}; "
        f"failed: {sorted(result['failed'])}\n{result['tail']}"
    )
    readings = set(PROFILES[profile].readings)
    assert result["warned"] == readings, (
        f"profile {profile!r} should be warned on exactly konform's readings {sorted(readings)} "
        f"with lenient readings; warned: {sorted(result['warned'])}\n{result['tail']}"
    )


@pytest.mark.parametrize("profile", sorted(name for name in PROFILES if PROFILES[name].readings), ids=str)
def test_strict_readings_fail_on_exactly_the_readings_a_profile_departs_from(
    results: dict[tuple[str, str], dict[str, Any]], profile: str
) -> None:
    result = results[(profile, "strict")]
    assert result["exit"] in (0, 1), (
        f"the strict run did not complete (exit {result['exit']}):\n{result['tail']}"
    )
    assert result["ran"] >= 1, f"no scenario of {sorted(PROFILES[profile].readings)} ran:\n{result['tail']}"
    expected = set(PROFILES[profile].breaks) | set(PROFILES[profile].readings)
    assert result["failed"] == expected, (
        f"profile {profile!r} ({PROFILES[profile].deviation}) should fail exactly {sorted(expected)} with "
        f"--readings strict; failed: {sorted(result['failed'])}\n{result['tail']}"
    )


def test_a_lar_written_otherwise_as_the_guide_allows_fails_nothing() -> None:
    independent = PROFILES["independent"]
    assert independent.breaks == frozenset() and independent.readings, independent.deviation


def test_there_are_at_least_ten_fault_profiles() -> None:
    assert len([name for name in PROFILES if PROFILES[name].breaks or PROFILES[name].readings]) >= 10

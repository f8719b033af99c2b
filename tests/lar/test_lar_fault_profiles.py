"""Meta-test: the LAR features fail on exactly the requirements each fault profile breaks.

As SPOR's meta-test: `konform serve lar` plays LAR; for the correct behaviour and every
fault profile the profile is switched through the control API, `pytest features/lar` runs
against the served simulator as a named target, and the requirement IDs of the failed
scenarios must equal the profile's `breaks`. Two served simulators take the profiles in
turn (the machine has two cores), so the whole matrix costs a few minutes, not ten.
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
from konform.outcomes import failed_requirements
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


def _run(state: dict[str, Any], targets: Path, profile: str, folder: Path) -> dict[str, Any]:
    """Switch the served simulator to `profile`, run features/lar against it, return what failed."""
    with requests.Session() as session:
        session.trust_env = False
        switched = session.put(
            state["control_url"] + "/_konform/fault", json={"profile": profile}, timeout=30
        )
    assert switched.json()["profile"] == profile
    outcomes_file = folder / f"outcomes-{profile}.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "KONFORM_"))}
    command = [sys.executable, "-m", "pytest", "features/lar", "--target", "lar-meta"]
    command += ["--targets-file", str(targets), "--hypothesis-profile=meta", "--seed=fixed"]
    command += ["-p", "no:cacheprovider", "--outcomes", str(outcomes_file), "-q"]
    started = time.monotonic()
    run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT)
    seconds = time.monotonic() - started
    tail = run.stdout[-6000:] + run.stderr[-2000:]
    outcomes = json.loads(outcomes_file.read_text(encoding="utf-8")) if outcomes_file.exists() else {}
    failed = failed_requirements(outcomes, by="named")
    ran = sum(1 for entry in outcomes.values() if entry["outcome"] != "skipped")
    return {"exit": run.returncode, "failed": failed, "ran": ran, "tail": tail, "seconds": seconds}


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, dict[str, Any]]]:
    """Every profile's run, two served simulators taking them in turn."""
    with ExitStack() as stack:
        servers = []
        for worker in range(WORKERS):
            folder = tmp_path_factory.mktemp(f"lar-served-{worker}")
            state = stack.enter_context(serving("lar", folder)).state
            servers.append((state, _targets_file(state, folder), folder))
        names = sorted(PROFILES)
        queues = [names[worker::WORKERS] for worker in range(WORKERS)]

        def work(worker: int) -> dict[str, dict[str, Any]]:
            state, targets, folder = servers[worker]
            return {name: _run(state, targets, name, folder) for name in queues[worker]}

        with ThreadPoolExecutor(WORKERS) as pool:
            found: dict[str, dict[str, Any]] = {}
            for part in pool.map(work, range(WORKERS)):
                found.update(part)
        yield found


@pytest.mark.parametrize("profile", sorted(PROFILES), ids=str)
def test_the_features_fail_on_exactly_what_the_profile_breaks(
    results: dict[str, dict[str, Any]], profile: str
) -> None:
    result = results[profile]
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


def test_there_are_at_least_ten_fault_profiles() -> None:
    assert len(PROFILES) - 1 >= 10, sorted(PROFILES)

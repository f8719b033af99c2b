"""Meta-test: the BRS features fail on exactly the requirements each fault profile breaks.

As for SPOR (tests/spor/test_spor_fault_profiles.py): `konform serve brs` plays BRS; for
the correct behaviour and every fault profile the profile is switched through the control
API, `pytest features/brs` runs against the simulator as a named target, and the
requirement IDs of the failed scenarios must equal the profile's `breaks`. Outcomes are
collected by konform's `--outcomes` option (konform/outcomes.py), under the Hypothesis
profile `meta` (`ci` without shrinking).

To stay within a few minutes, two simulators serve two queues of runs at once; each
parametrized test then judges the run of its own profile. Only the runs the selected tests
need are made (`-k independent` runs one).

Readings: the runs are lenient (the default), so a profile whose deviation only a check
resting on konform's reading catches (`readings_only`) shows there as "warned", and fails on
exactly its IDs in a second run with `--readings strict`. The correct behaviour and the
independently written one (`independent`: correct by the guide, written the other way
wherever the guide leaves the choice open) must pass with no failure and no warning.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
import requests

from konform.brs.behaviour import BrsBehaviour
from konform.faults import profiles
from konform.outcomes import failed_requirements, warned_requirements
from tests.serving import serving

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
RUN_TIMEOUT = 600.0
PROFILES = profiles(BrsBehaviour)
READING_PROFILES = sorted(name for name, profile in PROFILES.items() if profile.readings_only)
Job = tuple[str, str]  # (profile, readings)
#: The test functions that run the features, and the readings each runs them under.
JOBS = {
    "test_the_features_fail_on_exactly_what_the_profile_breaks": "lenient",
    "test_with_strict_readings_a_profile_that_breaks_a_reading_fails_on_exactly_its_ids": "strict",
}
WORKERS = max(1, min(2, os.cpu_count() or 1))
#: Every BRS scenario runs against a served simulator (control API, STS keys): none may be skipped.
MIN_SCENARIOS = 90
KEYS = (
    "url",
    "control_url",
    "notification_url",
    "gos_notification_url",
    "sts_key",
    "sts_cert",
    "untrusted_sts_key",
    "untrusted_sts_cert",
    "cvr",
    "other_cvr",
    "unlisted_cvr",
)


def _switch(state: dict[str, Any], profile: str | None) -> dict[str, Any]:
    with requests.Session() as session:
        session.trust_env = False
        try:
            method, payload = ("PUT", {"profile": profile}) if profile else ("GET", None)
            answer = session.request(
                method, state["control_url"] + "/_konform/fault", json=payload, timeout=30
            )
            return dict(answer.json())
        except (requests.RequestException, ValueError):
            return {}


def _targets_file(folder: Path, state: dict[str, Any]) -> Path:
    lines = ["[brs-meta]", 'environment = "konform BRS simulator (fault-profile meta-test)"', ""]
    lines += ["[brs-meta.brs]", *(f"{key} = {json.dumps(state[key])}" for key in KEYS)]
    path = folder / "targets.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _run(state: dict[str, Any], targets: Path, job: Job, folder: Path) -> dict[str, Any]:
    """Switch the job's profile on, run the BRS features against the simulator under the job's
    readings, return their outcomes."""
    profile, readings = job
    if _switch(state, profile).get("profile") != profile:
        return {"error": f"the simulator did not switch to {profile!r}"}
    outcomes_file = folder / f"{profile}-{readings}.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "KONFORM_"))}
    command = [sys.executable, "-m", "pytest", "features/brs", "--target", "brs-meta"]
    command += ["--targets-file", str(targets), "--hypothesis-profile=meta", "--seed=fixed"]
    command += ["-p", "no:cacheprovider", "--outcomes", str(outcomes_file), "-q", "--readings", readings]
    run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT)
    tail = run.stdout[-6000:] + run.stderr[-2000:]
    if run.returncode not in (0, 1) or not outcomes_file.exists():
        return {"error": f"the feature run did not complete (exit {run.returncode}):\n{tail}"}
    return {"outcomes": json.loads(outcomes_file.read_text(encoding="utf-8")), "tail": tail}


@pytest.fixture(scope="module")
def runs(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[Job, dict[str, Any]]]:
    """The runs the selected tests judge, two at a time on two served simulators."""
    todo: queue.Queue[Job] = queue.Queue()
    for job in dict.fromkeys(
        (item.callspec.params["profile"], JOBS[item.originalname])
        for item in request.session.items
        if getattr(item, "originalname", "") in JOBS
    ):
        todo.put(job)
    results: dict[Job, dict[str, Any]] = {}
    served = []
    with ExitStack() as stack:
        for worker in range(WORKERS):
            folder = tmp_path_factory.mktemp(f"brs-served-{worker}")
            state = stack.enter_context(serving("brs", folder)).state
            served.append((state, _targets_file(folder, state), folder))

        def work(state: dict[str, Any], targets: Path, folder: Path) -> None:
            while True:
                try:
                    job = todo.get_nowait()
                except queue.Empty:
                    return
                results[job] = _run(state, targets, job, folder)

        threads = [threading.Thread(target=work, args=(s, t, f)) for s, t, f in served]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        yield results


def _completed(run: dict[str, Any]) -> dict[str, dict[str, Any]]:
    assert "error" not in run, run.get("error")
    outcomes: dict[str, dict[str, Any]] = run["outcomes"]
    ran = [entry for entry in outcomes.values() if entry["outcome"] != "skipped"]
    assert len(ran) == len(outcomes) >= MIN_SCENARIOS, (
        f"{len(outcomes) - len(ran)} of {len(outcomes)} BRS scenarios were skipped:\n{run['tail']}"
    )
    return outcomes



@pytest.mark.parametrize("profile", sorted(PROFILES), ids=str)
def test_the_features_fail_on_exactly_what_the_profile_breaks(
    runs: dict[Job, dict[str, Any]], profile: str
) -> None:
    behaviour, run = PROFILES[profile], runs[(profile, "lenient")]
    outcomes = _completed(run)
    failed, warned = failed_requirements(outcomes), warned_requirements(outcomes)
    expected = set(behaviour.breaks - behaviour.readings_only)
    assert failed == expected, (
        f"profile {profile!r} ({behaviour.deviation}) should fail exactly {sorted(expected)} "
        f"(and only warn on {sorted(behaviour.readings_only)}); failed: {sorted(failed)}\n{run['tail']}"
    )
    assert behaviour.readings_only <= warned <= behaviour.breaks, (
        f"profile {profile!r} should be warned about exactly what it breaks through konform's readings, "
        f"{sorted(behaviour.readings_only)}, and nothing it does not break; warned: {sorted(warned)}"
    )


@pytest.mark.parametrize("profile", READING_PROFILES, ids=str)
def test_with_strict_readings_a_profile_that_breaks_a_reading_fails_on_exactly_its_ids(
    runs: dict[Job, dict[str, Any]], profile: str
) -> None:
    behaviour, run = PROFILES[profile], runs[(profile, "strict")]
    failed = failed_requirements(_completed(run))
    assert failed == set(behaviour.breaks), (
        f"profile {profile!r} ({behaviour.deviation}) should fail exactly {sorted(behaviour.breaks)} "
        f"under strict readings; failed: {sorted(failed)}\n{run['tail']}"
    )


def test_brs_has_fault_profiles_a_reading_only_one_and_an_independent_correct_behaviour() -> None:
    faults = [p for p in PROFILES.values() if p.breaks]
    assert len(faults) >= 8 and READING_PROFILES
    assert all(p.readings_only <= p.breaks for p in faults)
    assert PROFILES["independent"].breaks == frozenset() == PROFILES["correct"].breaks

"""Meta-test: the SYSVAK features fail on exactly the requirements each fault profile breaks.

As for SPOR (tests/spor/test_spor_fault_profiles.py): a `konform serve sysvak` process
plays SYSVAK; for the correct behaviour and every fault profile, the test switches the
profile through the control API, runs `pytest features/sysvak` against it as a named
target, and compares the requirement IDs of the failed scenarios with the profile's
`breaks`. Two served simulators run two profiles at a time (one per core). Outcomes are
collected by konform's `--outcomes` option (konform/outcomes.py), under the Hypothesis
profile `meta` (`ci` without shrinking).

Readings: the runs are lenient (the default), so a profile whose deviation only a check
resting on konform's reading catches (`readings_only`) shows as "warned" there, and fails
on exactly its IDs in a second run with `--readings strict`. The correct behaviour and the
independently written one (`independent`: correct, every open wire detail written the
other way) must pass with no failure and no warning.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from konform.faults import profiles
from konform.outcomes import failed_requirements, warned_requirements
from konform.sysvak.behaviour import SysvakBehaviour
from tests.serving import serving

ROOT = Path(__file__).resolve().parents[2]
RUN_TIMEOUT = 600.0
TARGET = "sysvak-meta"
PROFILES = profiles(SysvakBehaviour)
READING_PROFILES = sorted(name for name, profile in PROFILES.items() if profile.readings_only)
#: Every SYSVAK scenario runs against a served simulator (it has a control API): none may be skipped.
MIN_SCENARIOS = 80


@dataclass(frozen=True)
class Served:
    """One `konform serve sysvak` process and a targets file naming it."""

    state: dict[str, Any]
    targets_file: Path


Job = tuple[str, str]  # (profile, readings)
#: The test functions that run the features, and the readings each runs them under.
JOBS = {
    "test_the_sysvak_features_fail_on_exactly_what_the_profile_breaks": "lenient",
    "test_with_strict_readings_a_profile_that_breaks_a_reading_fails_on_exactly_its_ids": "strict",
}


@dataclass(frozen=True)
class Run:
    """One feature run against one profile: pytest's exit code, the outcomes and the output's tail."""

    returncode: int
    outcomes: dict[str, dict[str, Any]]
    tail: str


class Runner:
    """Runs the features against profiles on the served simulators, the next one while this one is judged.

    Each simulator carries one profile at a time, so a run borrows a simulator for its
    whole duration. Without pytest-xdist, the run of the next selected profile starts
    at once; a worker of xdist runs only the profile it is asked for.
    """

    def __init__(self, served: list[Served], order: list[Job], folder: Path) -> None:
        self.idle: queue.Queue[Served] = queue.Queue()
        for one in served:
            self.idle.put(one)
        self.order, self.folder = order, folder
        self.pool = ThreadPoolExecutor(max_workers=len(served))
        self.runs: dict[Job, Future[Run]] = {}

    def result(self, profile: str, readings: str = "lenient") -> Run:
        job = (profile, readings)
        self._submit(job)
        if job in self.order and self.order.index(job) + 1 < len(self.order):
            self._submit(self.order[self.order.index(job) + 1])
        return self.runs[job].result()

    def _submit(self, job: Job) -> None:
        if job not in self.runs:
            self.runs[job] = self.pool.submit(self._run, job)

    def _run(self, job: Job) -> Run:
        served = self.idle.get()
        try:
            return _run_features(served, *job, self.folder / "-".join(job))
        finally:
            self.idle.put(served)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def _serve(folder: Path, stack: ExitStack) -> Served:
    """Start `konform serve sysvak` (stopped with `stack`) and write a targets file naming it."""
    state = stack.enter_context(serving("sysvak", folder)).state
    lines = [f"[{TARGET}]", 'environment = "konform SYSVAK simulator (fault-profile meta-test)"', ""]
    lines += [f"[{TARGET}.sysvak]", *(f"{key} = {json.dumps(state[key])}" for key in ("url", "control_url"))]
    targets_file = folder / "targets.toml"
    targets_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Served(state, targets_file)


def _control(state: dict[str, Any], method: str, payload: Any = None) -> requests.Response:
    with requests.Session() as session:
        session.trust_env = False
        try:
            return session.request(method, state["control_url"] + "/_konform/fault", json=payload, timeout=30)
        except requests.RequestException:
            return requests.Response()


def _run_features(served: Served, profile: str, readings: str, folder: Path) -> Run:
    switched = _control(served.state, "PUT", {"profile": profile})
    assert switched.json()["profile"] == profile, switched.text
    folder.mkdir(parents=True)
    outcomes_file = folder / "outcomes.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "KONFORM_"))}
    command = [sys.executable, "-m", "pytest", "features/sysvak", "--target", TARGET, "--tb=short"]
    command += ["--targets-file", str(served.targets_file), "--hypothesis-profile=meta", "--seed=fixed"]
    command += ["-p", "no:cacheprovider", "--outcomes", str(outcomes_file), "-q", "--readings", readings]
    run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT)
    outcomes = json.loads(outcomes_file.read_text(encoding="utf-8")) if outcomes_file.exists() else {}
    return Run(run.returncode, outcomes, run.stdout[-6000:] + run.stderr[-2000:])


@pytest.fixture(scope="module")
def runner(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runner]:
    worker = hasattr(request.config, "workerinput")  # under xdist, each worker runs only what it is given
    selected: list[Job] = [
        (item.callspec.params["profile"], JOBS[item.originalname])
        for item in request.session.items
        if getattr(item, "originalname", "") in JOBS
    ]
    parallel = 1 if worker or len(selected) < 2 else max(1, min(2, os.cpu_count() or 1))
    folder = tmp_path_factory.mktemp("sysvak-meta")
    with ExitStack() as stack:
        served = [_serve(folder / f"served-{n}", stack) for n in range(parallel)]
        runner = Runner(served, [] if worker else selected, folder / "runs")
        stack.callback(runner.close)
        yield runner


def _completed(run: Run) -> None:
    assert run.returncode in (0, 1), f"the feature run did not complete (exit {run.returncode}):\n{run.tail}"
    ran = [entry for entry in run.outcomes.values() if entry["outcome"] != "skipped"]
    assert len(ran) >= MIN_SCENARIOS, (
        f"only {len(ran)} SYSVAK scenarios ran against the served simulator:\n{run.tail}"
    )



@pytest.mark.slow
@pytest.mark.parametrize("profile", sorted(PROFILES), ids=str)
def test_the_sysvak_features_fail_on_exactly_what_the_profile_breaks(runner: Runner, profile: str) -> None:
    behaviour, run = PROFILES[profile], runner.result(profile)
    _completed(run)
    failed, warned = failed_requirements(run.outcomes), warned_requirements(run.outcomes)
    expected = set(behaviour.breaks - behaviour.readings_only)
    assert failed == expected, (
        f"profile {profile!r} ({behaviour.deviation}) should fail exactly {sorted(expected)} "
        f"(and only warn on {sorted(behaviour.readings_only)}); failed: {sorted(failed)}\n{run.tail}"
    )
    assert behaviour.readings_only <= warned <= behaviour.breaks, (
        f"profile {profile!r} should be warned about exactly what it breaks through konform's "
        f"readings, {sorted(behaviour.readings_only)}, and about nothing it does not break; "
        f"warned: {sorted(warned)}\n{run.tail}"
    )


@pytest.mark.slow
@pytest.mark.parametrize("profile", READING_PROFILES, ids=str)
def test_with_strict_readings_a_profile_that_breaks_a_reading_fails_on_exactly_its_ids(
    runner: Runner, profile: str
) -> None:
    behaviour, run = PROFILES[profile], runner.result(profile, "strict")
    _completed(run)
    failed = failed_requirements(run.outcomes)
    assert failed == set(behaviour.breaks), (
        f"profile {profile!r} ({behaviour.deviation}) should fail exactly {sorted(behaviour.breaks)} "
        f"under --readings strict; failed: {sorted(failed)}\n{run.tail}"
    )


def test_an_independently_written_sysvak_is_a_profile_that_breaks_nothing() -> None:
    """The converse of the fault profiles: correct, and written differently on the wire."""
    assert PROFILES["independent"].breaks == frozenset()
    assert PROFILES["independent"].readings_only == frozenset()
    assert READING_PROFILES, "no profile breaks only a konform reading: the strict run would prove nothing"

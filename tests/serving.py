"""`konform serve <registry>` as a separate process for a test: started, awaited, stopped or killed.

Readiness is polled (the state file, then an answer from the service and the control
API) while waiting on the process itself, so a simulator that dies on start is
reported with its output at once instead of after a timeout.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[1]
READY_TIMEOUT = 60.0
STOP_TIMEOUT = 15.0
POLL = 0.05


class NotServing(RuntimeError):
    """`konform serve` exited or did not answer in time; the message carries its output."""


@dataclass
class Served:
    """A running `konform serve` process and the state file it wrote."""

    registry: str
    process: subprocess.Popen[bytes]
    state: dict[str, Any]
    log: Path

    def session(self) -> requests.Session:
        """A requests session that trusts the simulator's CA and presents its client certificate."""
        return session_for(self.state)

    def stop(self) -> int:
        """SIGTERM and wait (SIGKILL if it will not stop); the exit code."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
        return self.process.wait()

    def kill(self) -> int:
        """SIGKILL (kill -9): no shutdown code runs in the simulator; the exit code."""
        self.process.kill()
        return self.process.wait()


def session_for(state: dict[str, Any]) -> requests.Session:
    http = requests.Session()
    http.trust_env = False  # the CA bundle variables would override `verify`
    if state.get("ca"):
        http.verify = state["ca"]
    if state.get("client_cert") and state.get("client_key"):
        http.cert = (state["client_cert"], state["client_key"])
    return http


def start(
    registry: str, folder: Path, *options: str, cwd: Path = ROOT, default_folder: bool = False
) -> Served:
    """Start `konform serve <registry> --folder <folder>/sim …` and return once it answers.

    With `default_folder` no --folder is given: the simulator uses its defaults under `cwd`.
    """
    folder.mkdir(parents=True, exist_ok=True)
    state_file = folder / "state.json"
    state_file.unlink(missing_ok=True)  # a restart on the same folder must not read the old one
    log = folder / "serve.log"
    command = [sys.executable, "-m", "konform", "serve", registry]
    command += [] if default_folder else ["--folder", str(folder / "sim")]
    command += ["--state-file", str(state_file), *options]
    with log.open("ab") as output:
        process = subprocess.Popen(command, cwd=cwd, stdout=output, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if state_file.exists():
            state: dict[str, Any] = json.loads(state_file.read_text(encoding="utf-8"))
            if _answers(state):
                return Served(registry, process, state, log)
        try:
            process.wait(timeout=POLL)  # the readiness poll's pause doubles as a watch for an early exit
        except subprocess.TimeoutExpired:
            continue
        raise NotServing(f"konform serve {registry} exited ({process.returncode}):\n{log.read_text()}")
    process.kill()
    process.wait()
    raise NotServing(f"konform serve {registry} not ready after {READY_TIMEOUT} s:\n{log.read_text()}")


def _answers(state: dict[str, Any]) -> bool:
    """The service listener answers (any HTTP status) and the control API says 200."""
    with session_for(state) as http:
        try:
            http.get(state["url"], timeout=30)
            return http.get(state["control_url"] + "/_konform/limits", timeout=30).status_code == 200
        except requests.RequestException:
            return False


@contextmanager
def serving(
    registry: str, folder: Path, *options: str, cwd: Path = ROOT, default_folder: bool = False
) -> Iterator[Served]:
    """`start`, then stop the process however the block ends (a killed one stays dead)."""
    served = start(registry, folder, *options, cwd=cwd, default_folder=default_folder)
    try:
        yield served
    finally:
        served.stop()

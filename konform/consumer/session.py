"""A consumer certification session: start the simulator, hand the system its environment,
run CMD or wait, judge what was received, write the evidence pack, decide the exit code."""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import ssl
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import httpx

from konform import catalogue
from konform.checks import Finding, ReadingsMode, apply_readings
from konform.consumer.plan import Plan
from konform.consumer.verdicts import TaskVerdict


@dataclass
class Started:
    """A registry's simulator started for a session, and what the vendor's system needs."""

    #: KONFORM_<R>_URL, _CA, _CLIENT_CERT, _CLIENT_KEY, _IDCARD, _STS_CERT, _STS_KEY, _CONTROL_URL
    #: (as the registry has them; the session adds _PLAN and _PLAN_FILE)
    env: dict[str, str]
    #: for GET <control_url>/_konform/received
    control_url: str
    ca: Path | None
    stop: Callable[[], None]
    #: the registry's own schema the simulator serves (the hook's binding object); None: konform's
    binding: Any = None


@dataclass(frozen=True)
class Received:
    """One message the simulator received (a row of its `/_konform/received`)."""

    id: int
    at: str
    path: str
    content_type: str | None
    body: bytes
    status: int
    response: bytes

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Received:
        """From the control API's JSON (bodies there are text)."""

        def raw(value: Any) -> bytes:
            if isinstance(value, bytes):
                return value
            return str(value or "").encode("utf-8")

        return cls(
            id=int(row["id"]),
            at=str(row.get("at") or ""),
            path=str(row.get("path") or ""),
            content_type=row.get("content_type"),
            body=raw(row.get("body")),
            status=int(row.get("status") or 0),
            response=raw(row.get("response")),
        )


class HarnessProblem(Exception):
    """The session could not run (CMD not found, the simulator could not start, …): exit 2."""


def about(message: Received | int, finding: Finding) -> Finding:
    """`finding` naming the received message it is about ("received #<id>: …"), as the pack reads it."""
    number = message.id if isinstance(message, Received) else message
    prefix = f"received #{number}: "
    return (
        finding if finding.message.startswith(prefix) else replace(finding, message=prefix + finding.message)
    )


def env_name(registry: str, key: str) -> str:
    return f"KONFORM_{registry.upper()}_{key}"


def environment(plan: Plan, started: Started, folder: Path) -> dict[str, str]:
    """What CMD's environment gains: the hook's variables, the plan as JSON and as a file."""
    plan_file = folder / "plan.json"
    plan_file.write_text(plan.as_json() + "\n", encoding="utf-8")
    return {
        **started.env,
        env_name(plan.registry, "PLAN"): plan.as_json(),
        env_name(plan.registry, "PLAN_FILE"): str(plan_file.resolve()),
    }


def export_lines(env: dict[str, str], registry: str) -> list[str]:
    """`export K=V` lines a shell can paste; the plan's JSON is read from its file."""
    plan, plan_file = env_name(registry, "PLAN"), env_name(registry, "PLAN_FILE")
    lines = [f"export {key}={shlex.quote(value)}" for key, value in env.items() if key != plan]
    if plan_file in env:
        lines.append(f'export {plan}="$(cat {shlex.quote(env[plan_file])})"')
    return lines


def fresh_folder(folder: Path) -> Path:
    """The session's folder with no state from an earlier session (the test PKI is kept)."""
    folder.mkdir(parents=True, exist_ok=True)
    for entry in folder.iterdir():
        if entry.name == "pki":
            continue
        if entry.is_dir():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    return folder


def fetch_received(started: Started, since: int = 0) -> list[Received]:
    """Every message the simulator received after id `since`, oldest first."""
    verify: ssl.SSLContext | bool = ssl.create_default_context(cafile=str(started.ca)) if started.ca else True
    url = f"{started.control_url.rstrip('/')}/_konform/received?since={since}"
    try:
        response = httpx.get(url, timeout=30.0, trust_env=False, verify=verify)
        response.raise_for_status()
        rows = response.json()
    except (httpx.HTTPError, ValueError, OSError) as error:
        raise HarnessProblem(f"cannot read what the simulator received ({url}): {error}") from None
    return [Received.from_row(row) for row in rows if isinstance(row, dict)]


#: The shell's exit codes for a command it could not find or not execute.
NOT_FOUND = {126: "cannot be executed", 127: "not found"}


def check_command(command: str) -> None:
    """HarnessProblem when CMD's first word is no command the shell can find (before anything starts)."""
    try:
        words = shlex.split(command)
    except ValueError as error:
        raise HarnessProblem(f"--run {command!r}: {error}") from None
    if not words or "=" in words[0] or any(c in words[0] for c in "$`;|&<>(){}"):
        return  # an assignment or shell syntax: the shell decides
    found = subprocess.run(["sh", "-c", 'command -v "$1"', "sh", words[0]], capture_output=True)
    if found.returncode != 0:
        raise HarnessProblem(f"--run {command!r}: the command {words[0]!r} is not found")


def run_command(command: str, env: dict[str, str], timeout: float | None) -> tuple[int | None, str]:
    """Run CMD through the shell with `env` added; (its exit code or None after --timeout, a note)."""
    process = subprocess.Popen(command, shell=True, env={**os.environ, **env}, start_new_session=True)
    try:
        code = process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait()
        return None, f"--run {command!r} did not finish within --timeout; stopped it and judged what it sent"
    except KeyboardInterrupt:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait()
        return None, f"--run {command!r} interrupted; judged what it sent"
    if code in NOT_FOUND:
        raise HarnessProblem(f"--run {command!r}: the command {NOT_FOUND[code]} (shell exit {code})")
    return code, f"--run {command!r} exited {code}"


def settle(
    verdicts: list[TaskVerdict], raw: list[Finding], mode: ReadingsMode
) -> tuple[list[TaskVerdict], list[Finding]]:
    """Findings and verdicts as reported under `mode` (``konform.checks.apply_readings``).

    Under lenient readings a requirement a task was "done wrongly" on only through findings
    that rest on konform's reading is no longer held against the task.
    """
    findings = apply_readings(raw, mode)
    errors = {f.requirement for f in findings if f.severity == "error"}
    softened = {f.requirement for f in raw if f.severity == "error" and f.reading} - errors
    settled = []
    for verdict in verdicts:
        if verdict.state == "done wrongly" and set(verdict.requirements) <= softened:
            note = f" (warnings on konform's readings: {', '.join(verdict.requirements)})"
            verdict = replace(verdict, state="done", why=verdict.why + note)
        settled.append(verdict)
    return settled, findings


def failed(verdicts: list[TaskVerdict], findings: list[Finding]) -> list[str]:
    """Every requirement of a task not done or done wrongly, and of every error finding."""
    ids = {r for v in verdicts if not v.passed for r in v.requirements}
    ids |= {f.requirement for f in findings if f.severity == "error"}
    order = list(catalogue.load())
    return sorted(ids, key=lambda r: (order.index(r) if r in order else len(order), r))


def exit_code(verdicts: list[TaskVerdict], findings: list[Finding]) -> int:
    """0 when every task is done and no finding is an error, else 1."""
    return 1 if failed(verdicts, findings) or any(not v.passed for v in verdicts) else 0

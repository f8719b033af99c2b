"""`konform certify --consumer spor`: the session judges a vendor's system, not konform's simulator.

Each session runs the command line in-process (the simulator in a background thread, CMD
through the shell); the reference client must pass, each broken variant must fail on
exactly the requirement IDs examples/clients/spor/variants.toml names.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any, Protocol

import pytest
from click.testing import CliRunner

from konform.cli import main
from konform.consumer.plan import load_plan
from konform.spor import consumer

ROOT = Path(__file__).resolve().parents[2]
CLIENT = ROOT / "examples" / "clients" / "spor" / "client.py"
VARIANTS = tomllib.loads((CLIENT.parent / "variants.toml").read_text(encoding="utf-8"))
PLAN = load_plan(consumer.PLAN)


@pytest.fixture(scope="module")
def state(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One simulator folder for the module: each session empties it but keeps its test PKI."""
    return tmp_path_factory.mktemp("spor-consumer")


@pytest.fixture
def session(state: Path) -> Session:
    def run(tmp_path: Path, command: str, system: str = "Test OPS") -> tuple[int, dict[str, Any], Path]:
        """Run one session writing into tmp_path; (exit code, result.json, the pack's folder)."""
        args = ["-q", "certify", "--consumer", "spor", "--system", system, "--run", command]
        args += ["--folder", str(state), "--reports", str(tmp_path / "reports")]
        outcome = CliRunner().invoke(main, args)
        last = outcome.output.strip().splitlines()[-1]
        assert last.startswith("evidence: "), outcome.output
        pack = Path(last.removeprefix("evidence: "))
        return outcome.exit_code, json.loads((pack / "result.json").read_text(encoding="utf-8")), pack

    return run


class Session(Protocol):
    def __call__(
        self, tmp_path: Path, command: str, system: str = ...
    ) -> tuple[int, dict[str, Any], Path]: ...


def client(variant: str | None = None) -> str:
    command = [sys.executable, str(CLIENT)] + (["--break", variant] if variant else [])
    return shlex.join(command)


def test_a_system_that_sends_nothing_fails_with_every_task_not_done(tmp_path: Path, session: Session) -> None:
    code, result, pack = session(tmp_path, "true")
    assert code == 1 and result["exit"] == 1
    assert [t["id"] for t in result["tasks"]] == [task.id for task in PLAN.tasks]
    assert {t["state"] for t in result["tasks"]} == {"not done"}
    every = {r for task in PLAN.tasks for r in task.requirements}
    assert set(result["failed"]) == every
    assert "| not done |" in (pack / "summary.md").read_text(encoding="utf-8")


def test_the_reference_client_passes_and_the_pack_holds_its_messages(
    tmp_path: Path, session: Session
) -> None:
    code, result, pack = session(tmp_path, client())
    assert (code, result["failed"]) == (0, []), result
    assert {t["state"] for t in result["tasks"]} == {"done"}
    assert len(result["messages"]) == 2
    for message in result["messages"]:
        assert b"postRegistration" in (pack / message["request"]).read_bytes()
        assert b"resultCode" in (pack / message["response"]).read_bytes()
    manifest = subprocess.run(
        ["sha256sum", "-c", "--quiet", "MANIFEST.sha256"], cwd=pack, capture_output=True
    )
    assert manifest.returncode == 0, manifest.stdout
    assert result["plan_version"] == PLAN.version and result["konform_version"]


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_each_broken_client_fails_on_exactly_its_requirements(
    tmp_path: Path, session: Session, variant: str
) -> None:
    code, result, _ = session(tmp_path, client(variant), system=f"broken {variant}")
    assert code == 1
    assert result["failed"] == VARIANTS[variant]["breaks"], result["tasks"]


def test_a_wrong_luhn_digit_fails_with_its_requirement_and_the_message_is_in_the_pack(
    tmp_path: Path, session: Session
) -> None:
    _, result, pack = session(tmp_path, client("wrong-luhn"))
    pnr = [f for f in result["findings"] if f["requirement"] == "SPOR-7.1-PNR"]
    assert pnr and pnr[0]["severity"] == "error" and pnr[0]["section"] == "§7.1"
    shown = next(m for m in result["messages"] if f"received #{m['id']}" == pnr[0]["file"])
    assert b"198112189877" in (pack / shown["request"]).read_bytes()


def test_consumer_results_carry_their_own_allure_epic(tmp_path: Path, session: Session) -> None:
    _, _, pack = session(tmp_path, client("wrong-unit"), system="My OPS")
    tests = [
        json.loads(p.read_text(encoding="utf-8")) for p in (pack / "allure-results").glob("*-result.json")
    ]
    assert len(tests) == len(PLAN.tasks)
    epics = {label["value"] for test in tests for label in test["labels"] if label["name"] == "epic"}
    assert epics == {"Consumer: My OPS"}
    assert {t["status"] for t in tests} == {"passed", "failed"}


def test_the_session_exports_the_connection_and_the_plan_to_cmd(tmp_path: Path, session: Session) -> None:
    out = tmp_path / "out.txt"
    session(tmp_path, f"env > {shlex.quote(str(out))}")
    lines = out.read_text(encoding="utf-8").splitlines()
    names = {line.split("=", 1)[0] for line in lines if line.startswith("KONFORM_SPOR_")}
    wanted = {"URL", "CA", "CLIENT_CERT", "CLIENT_KEY", "CONTROL_URL", "PLAN", "PLAN_FILE"}
    assert {f"KONFORM_SPOR_{name}" for name in wanted} <= names
    plan_file = next(line.split("=", 1)[1] for line in lines if line.startswith("KONFORM_SPOR_PLAN_FILE="))
    assert json.loads(Path(plan_file).read_text(encoding="utf-8"))["data"] == PLAN.data


def test_a_command_that_is_not_found_is_exit_2_in_one_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "konform",
            "certify",
            "--consumer",
            "spor",
            "--run",
            "no-such-command-xyz --go",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "konform: --run 'no-such-command-xyz --go': the command 'no-such-command-xyz' is not found"
    ]
    assert not (tmp_path / "reports").exists()


@pytest.mark.parametrize("text", ["5x", "-1m", "soon"])
def test_a_timeout_that_is_no_duration_is_a_usage_error(text: str) -> None:
    outcome = CliRunner().invoke(main, ["certify", "--consumer", "spor", "--run", "true", "--timeout", text])
    assert outcome.exit_code == 2 and "--timeout" in outcome.output


def test_the_plan_is_shown_as_text_and_json() -> None:
    text = CliRunner().invoke(main, ["certify", "--consumer", "spor", "--plan"])
    assert text.exit_code == 0 and all(task.id in text.output for task in PLAN.tasks)
    data = CliRunner().invoke(main, ["certify", "--consumer", "spor", "--plan", "--format", "json"])
    assert json.loads(data.output)["tasks"][0]["id"] == PLAN.tasks[0].id

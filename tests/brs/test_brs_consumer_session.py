"""`konform certify --consumer brs`: the reference client passes, each broken variant fails on its IDs.

The session runs in this process (click's runner); the client runs as the subprocess a
vendor's CI would start. Every session shares one folder, so the test PKI is made once.
"""

from __future__ import annotations

import json
import shlex
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from konform.brs import consumer
from konform.cli import main
from konform.consumer.plan import load_plan

ROOT = Path(__file__).resolve().parents[2]
CLIENT = ROOT / "examples" / "clients" / "brs" / "client.py"
VARIANTS: dict[str, dict[str, Any]] = tomllib.loads(CLIENT.with_name("variants.toml").read_text("utf-8"))
PLAN = load_plan(consumer.PLAN)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("brs-consumer")


def certify(folder: Path, reports: Path, command: str) -> tuple[int, dict[str, Any], Path]:
    """Run a session; its exit code, the evidence pack's result.json and the pack's folder."""
    args = ["certify", "--consumer", "brs", "--run", command, "--folder", str(folder / "session")]
    result = CliRunner().invoke(main, [*args, "--reports", str(reports), "--system", "reference client"])
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("evidence: "), result.output
    pack = Path(last.removeprefix("evidence: "))
    return result.exit_code, json.loads((pack / "result.json").read_text("utf-8")), pack


def client(*args: str) -> str:
    return shlex.join([sys.executable, str(CLIENT), *args])


def test_the_reference_client_does_every_task(folder: Path, tmp_path: Path) -> None:
    code, result, _ = certify(folder, tmp_path, client())
    assert [task["id"] for task in result["tasks"]] == [task.id for task in PLAN.tasks]
    assert [task["state"] for task in result["tasks"]] == ["done"] * len(PLAN.tasks), result["tasks"]
    assert result["failed"] == [] and code == 0 and result["exit"] == 0
    assert result["findings"] == []
    poll = next(task for task in result["tasks"] if task["id"] == "brs-poll-all")
    assert len(poll["messages"]) >= 2, "120 waiting notifications cannot arrive in one answer of 100"


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_a_broken_variant_fails_on_exactly_its_requirements(name: str, folder: Path, tmp_path: Path) -> None:
    code, result, _ = certify(folder, tmp_path, client("--break", name))
    assert sorted(result["failed"]) == sorted(VARIANTS[name]["breaks"]), result["tasks"]
    assert code == 1 and result["exit"] == 1


def test_a_timestamp_in_another_format_is_named_with_its_message(folder: Path, tmp_path: Path) -> None:
    _, result, pack = certify(folder, tmp_path, client("--break", "zulu-time"))
    ask = next(task for task in result["tasks"] if task["id"] == "brs-ask")
    assert ask["state"] == "done wrongly" and ask["requirements"] == ["BRS-TIME"]
    finding = next(f for f in result["findings"] if f["file"] == f"received #{ask['messages'][0]}")
    assert finding["requirement"] == "BRS-TIME" and finding["severity"] == "error"
    shown = next(m for m in result["messages"] if m["id"] == ask["messages"][0])
    assert b"Z</start>" in (pack / shown["request"]).read_bytes()


def test_a_system_that_sends_nothing_has_every_task_not_done(folder: Path, tmp_path: Path) -> None:
    code, result, _ = certify(folder, tmp_path, "true")
    assert code == 1 and {task["state"] for task in result["tasks"]} == {"not done"}
    assert set(result["failed"]) == {r for task in PLAN.tasks for r in task.requirements}

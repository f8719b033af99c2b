"""`konform certify --consumer sysvak`: the reference client passes, each broken variant fails on its IDs.

The session runs as a vendor's CI runs it (the CLI, `--run` a command); the reference
client is examples/clients/sysvak/client.py, which knows nothing of konform. Each broken
variant (`--break NAME`, listed in variants.toml) must fail with exactly the requirement
IDs the table names in result.json's "failed".
"""

from __future__ import annotations

import json
import shlex
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from konform.cli import main

ROOT = Path(__file__).resolve().parents[2]
CLIENT = ROOT / "examples" / "clients" / "sysvak" / "client.py"
VARIANTS: dict[str, dict[str, Any]] = tomllib.loads(
    (CLIENT.parent / "variants.toml").read_text(encoding="utf-8")
)


@dataclass(frozen=True)
class Session:
    exit_code: int
    output: str
    result: dict[str, Any]
    pack: Path


def certify(tmp_path: Path, *client_args: str) -> Session:
    command = shlex.join([sys.executable, str(CLIENT), *client_args])
    outcome = CliRunner().invoke(
        main,
        [
            "certify", "--consumer", "sysvak", "--run", command, "--system", "reference-journal",
            "--folder", str(tmp_path / "state"), "--reports", str(tmp_path / "reports"),
        ],
    )  # fmt: skip
    last = outcome.output.strip().splitlines()[-1] if outcome.output.strip() else ""
    assert last.startswith("evidence: "), outcome.output
    pack = Path(last.removeprefix("evidence: "))
    result = json.loads((pack / "result.json").read_text(encoding="utf-8"))
    return Session(outcome.exit_code, outcome.output, result, pack)


def test_the_reference_client_does_every_task_and_passes(tmp_path: Path) -> None:
    session = certify(tmp_path)
    states = {task["id"]: task["state"] for task in session.result["tasks"]}
    assert len(states) == 7 and set(states.values()) == {"done"}, session.output
    assert session.result["failed"] == [] and session.result["findings"] == []
    assert session.exit_code == 0, session.output
    assert "reference-journal" in session.pack.name


BROKEN = sorted(name for name, variant in VARIANTS.items() if variant["breaks"])
DIFFERENT = sorted(name for name, variant in VARIANTS.items() if not variant["breaks"])


@pytest.mark.parametrize("name", DIFFERENT)
def test_a_correct_client_written_differently_passes(tmp_path: Path, name: str) -> None:
    session = certify(tmp_path, "--break", name)
    assert session.result["failed"] == [] and session.exit_code == 0, session.output
    assert {task["state"] for task in session.result["tasks"]} == {"done"}, session.output


@pytest.mark.parametrize("name", BROKEN)
def test_each_broken_variant_fails_on_exactly_its_requirements(tmp_path: Path, name: str) -> None:
    session = certify(tmp_path, "--break", name)
    assert session.exit_code == 1, session.output
    assert session.result["failed"] == VARIANTS[name]["breaks"], session.output
    wrong = [task for task in session.result["tasks"] if task["state"] != "done"]
    assert wrong and all(task["state"] == "done wrongly" for task in wrong), wrong
    assert all(task["messages"] for task in wrong), "each verdict names the messages that showed it"
    for finding in session.result["findings"]:  # each finding with the message it is about, in the pack
        number = int(finding["file"].removeprefix("received #"))
        assert (session.pack / "messages" / f"{number:03}-request.xml").read_bytes().startswith(b"<?xml")

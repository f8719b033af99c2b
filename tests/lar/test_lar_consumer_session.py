"""`konform certify --consumer lar`: the reference client passes, each broken variant fails on its IDs.

The session runs in this process (click's runner); the client runs as the subprocess a
vendor's CI would start. Every session shares one folder, so the test PKI is made once.
"""

from __future__ import annotations

import functools
import json
import shlex
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from lxml import etree

from konform.cli import main
from konform.consumer.plan import load_plan
from konform.lar import consumer

ROOT = Path(__file__).resolve().parents[2]
CLIENT = ROOT / "examples" / "clients" / "lar" / "client.py"
VARIANTS: dict[str, dict[str, Any]] = tomllib.loads(CLIENT.with_name("variants.toml").read_text("utf-8"))
SAML_ASSERTION = "{urn:oasis:names:tc:SAML:2.0:assertion}Assertion"


Session = tuple[int, dict[str, Any]]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("lar-consumer")


def certify(folder: Path, reports: Path, command: str) -> Session:
    """Run a session; its exit code and the evidence pack's result.json."""
    result = CliRunner().invoke(
        main,
        [
            *("certify", "--consumer", "lar", "--run", command, "--folder", str(folder / "session")),
            *("--reports", str(reports), "--system", "reference client"),
        ],
    )
    last = result.output.strip().splitlines()[-1] if result.output.strip() else ""
    assert last.startswith("evidence: "), result.output
    pack = Path(last.removeprefix("evidence: "))
    return result.exit_code, json.loads((pack / "result.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def variant(folder: Path) -> Callable[[str], Session]:
    """The session of a broken variant, run once per module (two tests read the same one)."""

    @functools.cache
    def run(name: str) -> Session:
        return certify(folder, folder / f"reports-{name}", client("--break", name))

    return run


def client(*args: str) -> str:
    return shlex.join([sys.executable, str(CLIENT), *args])


def test_the_reference_client_does_every_task(folder: Path, tmp_path: Path) -> None:
    code, result = certify(folder, tmp_path, client())
    plan = load_plan(consumer.PLAN)
    assert [task["id"] for task in result["tasks"]] == [task.id for task in plan.tasks]
    assert [task["state"] for task in result["tasks"]] == ["done"] * len(plan.tasks), result["tasks"]
    assert result["failed"] == [] and code == 0 and result["exit"] == 0
    assert all(f["severity"] != "error" for f in result["findings"]), result["findings"]


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_a_broken_variant_fails_on_exactly_its_requirements(
    name: str, variant: Callable[[str], Session]
) -> None:
    code, result = variant(name)
    assert sorted(result["failed"]) == sorted(VARIANTS[name]["breaks"]), result["tasks"]
    assert code == 1 and result["exit"] == 1


def test_a_message_breaking_a_rule_is_named_in_the_pack(variant: Callable[[str], Session]) -> None:
    _, result = variant("capital-status")
    register = next(task for task in result["tasks"] if task["id"] == "lar-register")
    assert register["state"] == "done wrongly" and register["requirements"] == ["LAR-4.1.1-STATUS"]
    [finding] = [f for f in result["findings"] if f["severity"] == "error"]
    assert finding["requirement"] == "LAR-4.1.1-STATUS" and "'Active'" in finding["message"]
    assert finding["file"] == f"received #{register['messages'][0]}"


def test_the_connection_details_reach_the_command(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    code, result = certify(folder, tmp_path, f"env > {shlex.quote(str(out))}")
    exported = dict(line.split("=", 1) for line in out.read_text("utf-8").splitlines() if "=" in line)
    assert exported["KONFORM_LAR_URL"].startswith("http://127.0.0.1:")
    card = etree.parse(exported["KONFORM_LAR_IDCARD"]).getroot()
    assert card.tag == SAML_ASSERTION
    assert "KONFORM_LAR_PLAN" in exported
    # Nothing was sent: every task is not done, and the session fails.
    assert {task["state"] for task in result["tasks"]} == {"not done"} and code == 1

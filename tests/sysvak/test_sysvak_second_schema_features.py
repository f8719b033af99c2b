"""The SYSVAK features pass against `konform serve sysvak` serving a second, different schema.

One simulator is started with `--schema tests/sysvak/second_schema --binding …/binding.toml`;
a targets profile names it with the same `binding`, so the feature suite sends and reads
its messages in that schema. Every scenario must pass, none be skipped and no reading-check
warn: konform's rules work on the concepts, whichever schema carries them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from lxml import etree

from konform.outcomes import failed_requirements, warned_requirements
from tests.serving import Served, serving

ROOT = Path(__file__).resolve().parents[2]
SECOND = Path(__file__).resolve().parent / "second_schema"
BINDING = SECOND / "binding.toml"
NAMESPACE = "urn:example:vaccination-events:2"
TARGET = "sysvak-second-schema"
RUN_TIMEOUT = 600.0
#: Every SYSVAK scenario runs against a served simulator (it has a control API): none may be skipped.
MIN_SCENARIOS = 80


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("sysvak-second")
    with serving("sysvak", folder, "--schema", str(SECOND), "--binding", str(BINDING)) as running:
        yield running


def payload_of(body: bytes) -> etree._Element:
    content = etree.fromstring(body).find(".//{http://www.kith.no/xmlstds/msghead/2006-05-24}Content")
    assert content is not None and len(content) == 1, body[:600]
    return content[0]


def test_the_simulator_answers_a_message_in_the_second_schema_in_that_schema(served: Served) -> None:
    with requests.Session() as session:
        session.trust_env = False
        reply = session.post(
            served.state["url"],
            data=(SECOND / "KodeverkRequest.xml").read_bytes(),
            headers={"Content-Type": "application/xml; charset=utf-8"},
            timeout=30,
        )
    assert reply.status_code == 200, reply.text
    answer = payload_of(reply.content)
    assert answer.tag == f"{{{NAMESPACE}}}CodeSetResult"
    assert answer.find(f"{{{NAMESPACE}}}Outcome").get("status") == "akseptert"  # type: ignore[union-attr]
    assert served.state["binding"] == str(BINDING)


def run_features(served: Served, folder: Path) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    targets_file = folder / "targets.toml"
    lines = [f"[{TARGET}]", 'environment = "konform SYSVAK simulator in a second schema"', ""]
    lines += [
        f"[{TARGET}.sysvak]",
        *(f"{key} = {json.dumps(served.state[key])}" for key in ("url", "control_url")),
    ]
    lines.append(f"binding = {json.dumps(str(BINDING))}")
    targets_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outcomes_file = folder / "outcomes.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "KONFORM_"))}
    command = [sys.executable, "-m", "pytest", "features/sysvak", "--target", TARGET, "--tb=short"]
    command += ["--targets-file", str(targets_file), "--hypothesis-profile=ci", "--seed=fixed"]
    command += ["-p", "no:cacheprovider", "--outcomes", str(outcomes_file), "-q"]
    run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT)
    outcomes = json.loads(outcomes_file.read_text(encoding="utf-8")) if outcomes_file.exists() else {}
    return run, outcomes


def test_the_sysvak_features_pass_against_the_simulator_serving_the_second_schema(
    served: Served, tmp_path: Path
) -> None:
    run, outcomes = run_features(served, tmp_path)
    tail = run.stdout[-6000:] + run.stderr[-2000:]
    assert run.returncode == 0, tail
    assert failed_requirements(outcomes) == set(), tail
    assert warned_requirements(outcomes) == set(), tail
    passed = [name for name, entry in outcomes.items() if entry["outcome"] == "passed"]
    assert len(passed) == len(outcomes) >= MIN_SCENARIOS, tail

"""The SPOR features pass against `konform serve spor` serving a second, different schema.

One simulator is started with `--schema tests/spor/second_schema --binding …/binding.toml`;
a targets profile names it with the same `binding`, so the feature suite writes its requests
and reads the answers in that schema. Every scenario that runs against konform's own schema
must pass here too: konform's rules and the simulator work on the concepts, whichever
schema carries them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from lxml import etree

from konform.outcomes import failed_requirements
from tests.serving import Served, serving

ROOT = Path(__file__).resolve().parents[2]
SECOND = Path(__file__).resolve().parent / "second_schema"
BINDING = SECOND / "binding.toml"
NAMESPACE = "urn:example:ucr:spor"
TARGET = "spor-second-schema"
RUN_TIMEOUT = 600.0
KEYS = ("url", "client_cert", "client_key", "ca", "control_url", "no_certificate_url", "upload_url")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("spor-second")
    with serving("spor", folder, "--schema", str(SECOND), "--binding", str(BINDING)) as running:
        yield running


def test_the_simulator_serves_the_second_schema(served: Served) -> None:
    with requests.Session() as session:
        session.trust_env = False
        session.verify = served.state["ca"]
        wsdl = session.get(served.state["no_certificate_url"] + "?wsdl", timeout=30)
    assert served.state["url"].endswith("/ucr/spor/inrapportering")
    assert served.state["binding"] == str(BINDING)
    assert etree.fromstring(wsdl.content).get("targetNamespace") == NAMESPACE


def test_the_spor_features_pass_against_the_second_schema(served: Served, tmp_path: Path) -> None:
    targets_file = tmp_path / "targets.toml"
    lines = [f"[{TARGET}]", 'environment = "konform SPOR simulator in a second schema"', ""]
    lines += [f"[{TARGET}.spor]", *(f"{key} = {json.dumps(served.state[key])}" for key in KEYS)]
    lines += [f"system_id = {json.dumps(served.state['units'][0])}", f"binding = {json.dumps(str(BINDING))}"]
    targets_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outcomes_file = tmp_path / "outcomes.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "KONFORM_"))}
    command = [sys.executable, "-m", "pytest", "features/spor", "--target", TARGET, "--tb=short"]
    command += ["--targets-file", str(targets_file), "--hypothesis-profile=meta", "--seed=fixed"]
    command += ["-p", "no:cacheprovider", "--outcomes", str(outcomes_file), "-q"]
    run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT)
    tail = run.stdout[-6000:] + run.stderr[-2000:]
    assert run.returncode == 0, f"the SPOR features failed against the second schema:\n{tail}"
    outcomes = json.loads(outcomes_file.read_text(encoding="utf-8"))
    ran = [entry for entry in outcomes.values() if entry["outcome"] != "skipped"]
    assert len(ran) >= 50, f"only {len(ran)} SPOR scenarios ran against the second schema:\n{tail}"
    assert failed_requirements(outcomes) == set(), tail

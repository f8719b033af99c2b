"""The SPOR features pass against a simulator serving a second, different schema.

`konform serve spor --schema tests/spor/second_schema --binding …/binding.toml` serves that
schema's WSDL; `konform certify --registry spor` with the same options starts the embedded
simulator in it, and the feature suite writes its requests and reads the answers in it.
Every scenario that runs against konform's own schema must pass here too: konform's rules
and the simulator work on the concepts, whichever schema carries them.
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

from tests.serving import Served, serving

ROOT = Path(__file__).resolve().parents[2]
SECOND = Path(__file__).resolve().parent / "second_schema"
BINDING = SECOND / "binding.toml"
NAMESPACE = "urn:example:ucr:spor"
RUN_TIMEOUT = 600.0


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


def test_certify_passes_the_spor_features_on_the_embedded_simulator_in_the_second_schema(
    tmp_path: Path,
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "KONFORM_"))}
    command = [sys.executable, "-m", "konform", "certify", "--registry", "spor", "--format", "json"]
    command += ["--binding", str(BINDING), "--schema", str(SECOND), "--reports", str(tmp_path)]
    run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT)
    log = tmp_path / "pytest.log"
    tail = (log.read_text(encoding="utf-8")[-6000:] if log.exists() else "") + run.stderr[-2000:]
    assert run.returncode == 0, f"the SPOR features failed in the second schema:\n{tail}"
    summary = json.loads(run.stdout)
    assert summary["exit_code"] == 0 and summary["failures"] == [], tail
    assert f"--binding={BINDING}" in summary["rerun"]
    suite = etree.parse(str(tmp_path / "junit.xml")).getroot().find("testsuite")
    assert suite is not None
    ran = int(suite.get("tests", "0")) - int(suite.get("skipped", "0"))
    assert ran >= 50 and int(suite.get("failures", "0")) == int(suite.get("errors", "0")) == 0, tail
    # The suite's client wrote its requests in the second schema, which the simulator answered.
    bodies = [p.read_bytes() for p in (tmp_path / "allure-results").glob("*-attachment.xml")]
    sent = [body for body in bodies if b"<inrapportering" in body]
    assert sent and all(NAMESPACE.encode() in body for body in sent)

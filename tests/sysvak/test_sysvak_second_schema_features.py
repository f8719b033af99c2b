"""The SYSVAK features pass against a simulator serving a second, different schema.

`konform serve sysvak --schema tests/sysvak/second_schema --binding …/binding.toml` answers
in that schema; `konform certify --registry sysvak --binding …/binding.toml` starts the
embedded simulator in it, and the feature suite sends and reads its messages in it. Every
scenario must pass, none be skipped and no reading-check warn: konform's rules work on the
concepts, whichever schema carries them.
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
NAMESPACE = "urn:example:vaccination-events:2"
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


def test_certify_passes_the_sysvak_features_on_the_embedded_simulator_in_the_second_schema(
    tmp_path: Path,
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "KONFORM_"))}
    command = [sys.executable, "-m", "konform", "certify", "--registry", "sysvak", "--format", "json"]
    command += ["--binding", str(BINDING), "--reports", str(tmp_path)]  # its schema beside it
    run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT)
    log = tmp_path / "pytest.log"
    tail = (log.read_text(encoding="utf-8")[-6000:] if log.exists() else "") + run.stderr[-2000:]
    assert run.returncode == 0, f"the SYSVAK features failed in the second schema:\n{tail}"
    summary = json.loads(run.stdout)
    assert summary["exit_code"] == 0 and summary["failures"] == [], tail
    assert sum(row["warnings"] for row in summary["requirements"]) == 0, tail
    suite = etree.parse(str(tmp_path / "junit.xml")).getroot().find("testsuite")
    assert suite is not None
    counts = {key: int(suite.get(key, "0")) for key in ("tests", "skipped", "failures", "errors")}
    assert counts["tests"] >= MIN_SCENARIOS and counts["skipped"] == counts["failures"] == 0, counts
    assert counts["errors"] == 0, tail
    # The suite's client and the embedded simulator spoke the second schema.
    bodies = [p.read_bytes() for p in (tmp_path / "allure-results").glob("*-attachment.xml")]
    assert any(NAMESPACE.encode() in body for body in bodies)

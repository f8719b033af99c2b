"""`konform certify --binding/--schema`: a consumer session in a second SPOR schema, and usage errors.

The consumer session's simulator serves the bound schema and its judge reads it, as
`konform validate spor --schema/--binding` does: a system sending the second schema gets
the same finding IDs it would get in konform's. (The feature suite against the embedded
simulator on the second schema runs in test_spor_second_schema_features.py.)
"""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from konform.cli import main

SECOND = Path(__file__).resolve().parent / "second_schema"
BINDING = SECOND / "binding.toml"
PNR = "SPOR-7.1-PNR"
#: CMD of the session: posts each file named to the bound upload entry, with the client certificate.
POSTER = """
import os, sys, requests
with requests.Session() as http:
    http.trust_env = False
    http.verify = os.environ["KONFORM_SPOR_CA"]
    http.cert = (os.environ["KONFORM_SPOR_CLIENT_CERT"], os.environ["KONFORM_SPOR_CLIENT_KEY"])
    for name in sys.argv[1:]:
        with open(name, "rb") as body:
            answer = http.post(os.environ["KONFORM_SPOR_UPLOAD_URL"], data=body.read(),
                               headers={"Content-Type": "application/xml; charset=utf-8"}, timeout=60)
        print(name, answer.status_code)
"""


def test_a_consumer_session_in_a_second_schema_judges_it_wrong_luhn_digit_and_all(tmp_path: Path) -> None:
    correct = (SECOND / "upload.xml").read_text(encoding="utf-8")
    wrong = correct.replace("<personnummer>191212121212<", "<personnummer>191212121213<", 1)
    assert wrong != correct
    (tmp_path / "correct.xml").write_text(correct, encoding="utf-8")
    (tmp_path / "wrong.xml").write_text(wrong, encoding="utf-8")
    (tmp_path / "post.py").write_text(POSTER, encoding="utf-8")
    files = [str(tmp_path / name) for name in ("post.py", "correct.xml", "wrong.xml")]
    args = ["-q", "certify", "--consumer", "spor", "--binding", str(BINDING), "--schema", str(SECOND)]
    args += ["--run", shlex.join([sys.executable, *files]), "--system", "OPS in the second schema"]
    args += ["--folder", str(tmp_path / "state"), "--reports", str(tmp_path / "reports")]
    outcome = CliRunner().invoke(main, args)
    last = outcome.output.strip().splitlines()[-1]
    assert last.startswith("evidence: "), outcome.output
    result = json.loads((Path(last.removeprefix("evidence: ")) / "result.json").read_text(encoding="utf-8"))
    assert outcome.exit_code == 1 and PNR in result["failed"], result
    # Both messages reached the bound upload entry and were read as SPOR registrations:
    # the only error is the wrong check digit, in the second message, on its line.
    errors = [f for f in result["findings"] if f["severity"] == "error"]
    assert [(f["requirement"], f["file"]) for f in errors] == [(PNR, "received #2")], errors
    assert errors[0]["line"] == 8
    assert "191212121213" in errors[0]["message"]


@pytest.mark.parametrize("registry", ["lar", "brs"])
def test_a_binding_for_lar_or_brs_is_a_usage_error_in_one_line(tmp_path: Path, registry: str) -> None:
    binding = tmp_path / "binding.toml"
    binding.write_text(f'registry = "{registry}"\nname = "official"\n', encoding="utf-8")
    outcome = CliRunner().invoke(main, ["certify", "--binding", str(binding), "--schema", str(tmp_path)])
    lines = outcome.output.strip().splitlines()
    assert outcome.exit_code == 2 and len(lines) == 1, outcome.output
    assert f"{registry.upper()} has no binding" in lines[0]
    assert f"konform validate {registry}" in lines[0]


def test_a_schema_per_binding_or_none(tmp_path: Path) -> None:
    args = ["certify", "--binding", str(BINDING), "--schema", str(SECOND), "--schema", str(tmp_path)]
    outcome = CliRunner().invoke(main, args)
    assert outcome.exit_code == 2 and len(outcome.output.strip().splitlines()) == 1, outcome.output
    assert "one --schema DIR per --binding FILE" in outcome.output

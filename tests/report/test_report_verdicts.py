"""The verdict line, the failure blocks and the JSON summary (konform/report/status.py, summary.py)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from konform import catalogue
from konform.report import render_all
from konform.report.run import RunInfo
from konform.report.status import (
    APPROVED,
    CONTROL_API,
    DEMONSTRATED,
    FAILED,
    NOT_DEMONSTRATED,
    OWN_MATERIAL,
    PROFILE_KEY,
    SKIPPED,
    Status,
    skip_kind,
    verdict,
)
from konform.report.summary import Summary, format_summary, to_json

NOW = datetime(2025, 5, 1, 12, 0, tzinfo=UTC)
RUN = RunInfo(seed=4711, rerun="konform certify --registry=spor --target=stage --seed=4711", commit="abc123")


@pytest.fixture(scope="module")
def summary(results_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Summary:
    out = tmp_path_factory.mktemp("out")
    return render_all(results_dir, out, "stage", html=False, now=NOW, scope=["SPOR"], run=RUN)


def test_plain_conformant_only_when_every_requirement_is_demonstrated() -> None:
    assert verdict([Status(DEMONSTRATED)] * 3) == "conformant"
    line = verdict([Status(DEMONSTRATED)] * 41 + [Status(NOT_DEMONSTRATED, CONTROL_API)] * 38)
    assert (
        line == "conformant on 41 of 79 requirements in scope; 38 not demonstrated (needs a control API: 38)"
    )
    assert not line.startswith("conformant;") and "not demonstrated" in line


def test_the_verdict_counts_each_reason_and_names_failures_and_warnings() -> None:
    statuses = [
        Status(DEMONSTRATED, warnings=2),
        Status(NOT_DEMONSTRATED, PROFILE_KEY),
        Status(NOT_DEMONSTRATED, OWN_MATERIAL),
        Status(NOT_DEMONSTRATED, CONTROL_API),
        Status(APPROVED),
    ]
    assert verdict(statuses) == (
        "conformant on 2 of 5 requirements in scope (1 with approved deviations); 3 not demonstrated "
        "(needs a control API: 1, needs a profile key or test data: 1, only konform judging its own "
        "material: 1), with 2 warnings on konform's readings"
    )
    failing = verdict([Status(FAILED), Status(DEMONSTRATED), Status(NOT_DEMONSTRATED, CONTROL_API)])
    assert failing == (
        "non-conformant: 1 of 3 requirements in scope failed; 1 demonstrated; 1 not demonstrated "
        "(needs a control API: 1)"
    )


@pytest.mark.parametrize(
    ("reason", "kind"),
    [
        (
            "@sim-only: needs facts only a simulator can arrange (target stage has no control API)",
            CONTROL_API,
        ),
        ("reading what SPOR stored needs a simulator's control API", CONTROL_API),
        ("the target names no file upload entry (options.upload_url); SPOR's is a web page", PROFILE_KEY),
        ('the target names no "utan certifikat" entry (options.no_certificate_url)', PROFILE_KEY),
        ("the target names no untrusted STS (options untrusted_sts_key, untrusted_sts_cert)", PROFILE_KEY),
        ("minting ID cards needs the STS the target trusts (options sts_key, sts_cert)", PROFILE_KEY),
        ("generated data for a real registry must be synthetic: set KONFORM_SE_TEST_NUMBERS", PROFILE_KEY),
        ("the target offers no card of level 3 with these properties: it names no STS key", PROFILE_KEY),
        ("the moon is in the wrong phase", SKIPPED),
    ],
)
def test_each_skip_the_steps_make_has_its_kind(reason: str, kind: str) -> None:
    assert skip_kind(reason) == kind


def test_a_failure_is_one_block_with_rule_expected_received_basis_and_reproducer(summary: Summary) -> None:
    text = format_summary(summary)
    start = text.index("✗ SPOR-3.1-MTLS · Integration mot SPOR")
    block = text[start : text.index("\n\n", start)]
    assert "§3.1, 7.2.1 · failed" in block
    assert "Scenario: SPOR refuses an untrusted client certificate (" in block
    assert "sample.feature; also tagged SPOR-3.1-ENV)" in block
    assert "Rule:     The web service is protected by mutual TLS" in block
    assert "Check:    SPOR answered a client with an untrusted certificate" in block
    assert "Expected: a TLS handshake failure" in block
    assert "Received: HTTP 200" in block
    basis = " ".join(block[block.index("Basis:") :].split("Exchange:")[0].split())
    row = catalogue.get("SPOR-3.1-MTLS")
    extra = f" (catalogue row {catalogue.BASIS_TEXT[row.basis]})" if row.basis != "document" else ""
    assert basis == "Basis: the document's text" + extra
    curl = "Reproduce: curl -sS -i https://spor.test/ws -X POST --data-binary @request.xml --cert client.pem"
    assert curl in block
    assert "rerun: konform certify --registry=spor --target=stage --seed=4711" in block
    for internals in ("Traceback", "def ", "konform/checks.py", "('", "raise "):
        assert internals not in text, internals


def test_the_summary_lists_warnings_apart_and_what_was_not_demonstrated(summary: Summary) -> None:
    text = format_summary(summary)
    warnings = text.index("Warnings on konform's readings (1)")
    assert text.index("Failures (") < warnings
    assert (
        "⚠ SPOR-7.1-DATES – expected a time with its UTC offset; received 2025-05-01T12:00:00 – "
        "konform's reading: a stored time keeps the offset it was sent with"
    ) in text
    assert "needs a control API (2): SPOR-7.1-PNR, SPOR-7.3-FELLISTA" in text
    assert "– the target names no file upload entry (options.upload_url)" in text
    assert "seed 4711 (draw the same data again with --seed 4711)" in text
    assert "SYSVAK" not in text.split("Failures")[0]  # a SPOR run's table names only SPOR
    assert "Could not be judged (1 scenario;" in text
    assert "an untagged scenario – RuntimeError: simulator did not start" in text


def test_the_json_summary_has_every_requirement_with_status_reason_and_the_run(summary: Summary) -> None:
    data = json.loads(json.dumps(to_json(summary, exit_code=1, evidence_pack=Path("pack"))))
    assert data["exit_code"] == 1
    assert data["seed"] == 4711
    assert data["target"] == "stage"
    assert data["scope"] == ["SPOR"]
    assert data["verdict"] == summary.verdict
    assert re.match(r"non-conformant: 2 of \d+ requirements in scope failed", data["verdict"])
    by_id = {r["id"]: r for r in data["requirements"]}
    assert by_id["SPOR-7.1-PNR"]["status"] == "not demonstrated"
    assert by_id["SPOR-7.1-PNR"]["reason"] == "needs a control API"
    assert by_id["SPOR-7.1-DATES"]["warnings"] == 1
    (mtls,) = [f for f in data["failures"] if f["requirement"] == "SPOR-3.1-MTLS"]
    assert mtls["expected"] == "a TLS handshake failure" and mtls["received"] == "HTTP 200"
    assert mtls["basis"] == "document" and mtls["row_basis"] == catalogue.get("SPOR-3.1-MTLS").basis
    assert mtls["section"].endswith("§3.1, 7.2.1") and mtls["anchor"] == "req-SPOR-3-1-MTLS"
    assert data["counts"]["failed"] == 2
    assert data["warnings"][0]["requirement"] == "SPOR-7.1-DATES"


def test_a_run_that_demonstrated_nothing_says_so() -> None:
    line = verdict([Status(NOT_DEMONSTRATED, OWN_MATERIAL)] * 7)
    assert line == (
        "nothing demonstrated: 7 of 7 requirements in scope not demonstrated "
        "(only konform judging its own material: 7)"
    )


def test_report_quiet_prints_only_the_verdict_line(results_dir: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from konform.cli import main

    result = CliRunner().invoke(
        main, ["report", "-q", "--no-html", "--results", str(results_dir), "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [line for line in result.output.splitlines() if line]
    assert len(result.output.splitlines()) == 1
    assert result.output.startswith("Verdict: ")

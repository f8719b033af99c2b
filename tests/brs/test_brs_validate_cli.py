"""`konform validate brs`: output, exit codes and side inputs as CONTRACTS.md fixes them."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from lxml import etree

from konform import pki
from konform.brs import embedded, schema
from konform.brs.client import BrsClient
from konform.brs.control_client import BrsControl
from konform.cli import main
from konform.dgws import header
from konform.dgws.sts import TestSts

SUMMARY = "{} file(s): {} error(s), {} warning(s)"


def konform(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args])


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def vendor_sts(tmp_path_factory: pytest.TempPathFactory) -> tuple[TestSts, Path]:
    keys = pki.create(tmp_path_factory.mktemp("vendor-pki"))
    return TestSts.from_pki(keys), keys.sts_cert


def test_the_guides_examples_give_no_finding_and_exit_0(tmp_path: Path) -> None:
    files = [
        write(tmp_path, name, schema.example(name))
        for name in ("brs-request.xml", "notification-request.xml")
    ]
    result = konform("validate", "brs", *files)
    assert (result.exit_code, result.output.splitlines()) == (0, [SUMMARY.format(2, 0, 0)])


def test_each_finding_is_one_line_under_its_requirement(tmp_path: Path) -> None:
    bad = schema.example("brs-request.xml").replace(b"<All>All</All>", b"<All>ALL</All>")
    bad = bad.replace(b"0101601951", b"3102601951").replace(b"11:04:37+02:00", b"11:04:37")
    path = write(tmp_path, "bad.xml", bad)
    result = konform("validate", "brs", path)
    lines = result.output.splitlines()
    assert result.exit_code == 1
    assert [line.split(" ", 3)[:3] for line in lines[:-1]] == [
        [f"{path}:5:", "BRS-REQ", "error"],
        [f"{path}:11:", "BRS-TIME", "error"],
        [f"{path}:18:", "BRS-REQ", "warning"],  # the text's ALL: an erratum konform settles, a reading
    ]
    assert "PatientCpr" in lines[0] and "TimeLimit" in lines[1] and "erratum" in lines[2]
    assert lines[-1] == SUMMARY.format(1, 2, 1)


def test_a_cpr_without_modulus_11_is_never_a_finding(tmp_path: Path) -> None:
    path = write(
        tmp_path, "mod11.xml", schema.example("brs-request.xml").replace(b"0101601951", b"0101601952")
    )
    assert konform("validate", "brs", path).exit_code == 0


def test_another_type_of_notification_is_a_warning_and_exits_0(tmp_path: Path) -> None:
    path = write(tmp_path, "lar.xml", schema.example("notification-request.xml").replace(b">BRS<", b">LAR<"))
    result = konform("validate", "brs", path)
    assert result.exit_code == 0
    assert " NOTIF-QUERY warning " in result.output


def test_unusable_files_are_reported_on_stderr_and_exit_2(tmp_path: Path) -> None:
    files = [
        write(tmp_path, "not.xml", b"not XML"),
        write(tmp_path, "response.xml", schema.example("brs-response.xml")),
        write(tmp_path, "ok.xml", schema.example("brs-request.xml")),
    ]
    run = subprocess.run(
        [sys.executable, "-m", "konform", "validate", "brs", *map(str, files), str(tmp_path / "missing.xml")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2
    errors = run.stderr.splitlines()
    assert len(errors) == 3 and all(line.startswith("konform: ") for line in errors)
    assert "treatmentRelationResponseBody" in errors[1]
    assert run.stdout.splitlines()[-1] == SUMMARY.format(4, 0, 0) + ", 3 unusable"


def test_json_and_junit_outputs(tmp_path: Path) -> None:
    path = write(tmp_path, "t.xml", schema.example("brs-request.xml").replace(b"31908574", b"31908575"))
    junit = tmp_path / "junit.xml"
    result = konform("validate", "brs", "--format", "json", "--junit", junit, path)
    data = json.loads(result.output)
    assert data["summary"] == {"files": 1, "errors": 1, "warnings": 0, "unusable": 0}
    (finding,) = data["files"][0]["findings"]
    assert (finding["requirement"], finding["element"]) == ("BRS-REQ", "QueryableCvr")
    cases = etree.parse(str(junit)).getroot().iter("testcase")
    assert {case.get("name") for case in cases} >= {"BRS-DGWS", "BRS-REQ", "BRS-TIME", "NOTIF-QUERY"}


def test_an_envelope_is_judged_with_its_dgws_headers(
    tmp_path: Path, vendor_sts: tuple[TestSts, Path]
) -> None:
    sts, cert = vendor_sts
    body = etree.fromstring(schema.example("brs-request.xml"))
    level2 = write(tmp_path, "level2.xml", header.wrap(body, sts.mint(level=2, cvr="25520041")))
    level3 = write(tmp_path, "level3.xml", header.wrap(body, sts.mint(level=3, cvr="25520041")))
    assert konform("validate", "brs", level3).exit_code == 0
    assert konform("validate", "brs", "--trust", cert, "--cvr", "25520041", level3).exit_code == 0
    result = konform("validate", "brs", level2)
    assert result.exit_code == 1 and "BRS-DGWS error security_level_failed" in result.output
    later = (datetime.now(UTC) + timedelta(hours=3)).isoformat()
    expired = konform("validate", "brs", "--at", later, level3)
    assert expired.exit_code == 1 and "expired_idcard" in expired.output
    other = konform("validate", "brs", "--trust", cert, "--cvr", "55832218", level3)
    assert other.exit_code == 1 and "not_authorized" in other.output


def test_a_card_from_an_untrusted_sts_is_found_with_trust(
    tmp_path: Path, vendor_sts: tuple[TestSts, Path]
) -> None:
    foreign = TestSts.from_pki(pki.create(tmp_path / "foreign"))
    path = write(
        tmp_path,
        "foreign.xml",
        header.wrap(etree.fromstring(schema.example("brs-request.xml")), foreign.mint(level=3)),
    )
    result = konform("validate", "brs", "--trust", vendor_sts[1], path)
    assert result.exit_code == 1 and "invalid_idcard" in result.output


def test_a_bad_at_or_no_file_is_a_usage_error(tmp_path: Path) -> None:
    assert konform("validate", "brs").exit_code == 2
    result = konform("validate", "brs", "--at", "2013-09-30T11:04:37", write(tmp_path, "x.xml", b"<x/>"))
    assert result.exit_code == 2 and "--at" in result.output


def test_recorded_requests_of_a_running_simulator_are_judged(
    brs_running: embedded.RunningBrs, brs_api: BrsClient, brs_ctl: BrsControl
) -> None:
    brs_api.post(etree.fromstring(schema.example("brs-request.xml")))
    result = konform("validate", "brs", "--recorded", str(brs_running.endpoint.control_url))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == SUMMARY.format(1, 0, 0)

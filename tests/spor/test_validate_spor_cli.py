"""`konform validate spor`: output, exit codes and side inputs exactly as CONTRACTS.md fixes them."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from lxml import etree

from generators import spor as gen
from konform.cli import main
from konform.spor.model import registration_xml, request_xml

NS = {"s": "urn:konform:spor:4.1"}
SUMMARY = "{} file(s): {} error(s), {} warning(s)"


def konform(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args])


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """The real command in a subprocess (`python -m konform`), as a vendor's CI runs it."""
    return subprocess.run(
        [sys.executable, "-m", "konform", *map(str, args)], capture_output=True, text=True, timeout=120
    )


def example(number: str, **changes: str | list[str] | None) -> etree._Element:
    values: dict[str, str | list[str] | None] = {
        "recipientMessageSplit": "SPOR",
        "systemId": gen.UNIT,
        "behandlingsnummer": number,
        "personnummer": "191212121212",
        "planeringstidpunkt": "2024-12-30T08:00:00+01:00",
        "operationsanmalan": "2024-12-01T09:12:00+01:00",
        "anlantOperationsavdelning": "2025-01-01T13:10:00+01:00",
        "operationsstart": "2025-01-01T13:54:22+01:00",
        "atgarder": ["JAB30"],
    }
    return registration_xml(**{**values, **changes})


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    path = tmp_path / "clean.xml"
    path.write_bytes(gen.serialize(request_xml([example("1001")], export_time=gen.NIGHT)))
    return path


def test_a_clean_export_exits_0_with_only_the_summary(clean: Path) -> None:
    result = run("validate", "spor", clean)
    assert (result.returncode, result.stdout, result.stderr) == (0, SUMMARY.format(1, 0, 0) + "\n", "")


def test_a_big_generated_export_is_clean(tmp_path: Path) -> None:
    path = gen.write_export(tmp_path / "big.xml", 2000, seed=7)
    result = konform("validate", "spor", path)
    assert (result.exit_code, result.stdout) == (0, SUMMARY.format(1, 0, 0) + "\n")


def acceptance_export() -> list[etree._Element]:
    """One defect for each rule a file can show (with side inputs), one registration each."""
    return [
        example("1001"),
        example("1002", personnummer="191212121213"),
        example("1003", systemId="SE2321000131E1"),
        example("1004", kommentar=""),
        example("1005", operationsanmalan="2024-12-01T09:12:00"),
        example("1006", recipientMessageSplit="UCR"),
        example("1007", atgarder=["H-CAR"]),
        example("1008", operationsslut="2025-01-01T13:00:00+01:00"),
        example("1009", personnummer="189001019802"),
        example("1010", kommentar="Akut"),
        example("1011"),
        example("1010", kommentar="Akut"),
    ]


def test_acceptance_each_rule_is_reported_once_with_its_id_and_line(tmp_path: Path) -> None:
    export = tmp_path / "export.xml"
    data = gen.serialize(request_xml(acceptance_export()))
    export.write_bytes(data)
    (tmp_path / "block-list.txt").write_text("# declined\n18900101-9802\n\n", encoding="utf-8")
    (tmp_path / "treatments.txt").write_text(
        "1001 310 540 585\n1013 310 410\n1014 310 540\n", encoding="utf-8"
    )
    (tmp_path / "plans.txt").write_text("1011 2024-12-30T10:00:00+01:00\n", encoding="utf-8")
    sides = [f"--{name}={tmp_path / name}.txt" for name in ("block-list", "treatments", "plans")]
    result = run("validate", "spor", *sides, "--at", "2025-01-02T05:10:00+01:00", export)
    root = etree.fromstring(data)

    def line(xpath: str) -> int:
        [found] = root.xpath(xpath, namespaces=NS)
        return int(found.sourceline)

    registration = "//s:registration[s:behandlingsnummer='{}']"
    expected = {
        ("SPOR-6.1-NIGHTLY", 2),
        ("SPOR-6.2-INCL", 0),
        ("SPOR-6.4-ABORTED", 0),
        ("SPOR-7.1-PNR", line(registration.format(1002) + "/s:personnummer")),
        ("SPOR-7.1-HSA", line(registration.format(1003) + "/s:systemId")),
        ("SPOR-7.1-NOEMPTY", line(registration.format(1004) + "/s:kommentar")),
        ("SPOR-7.1-DATES", line(registration.format(1005) + "/s:operationsanmalan")),
        ("SPOR-7.4-RMS", line(registration.format(1006) + "/s:recipientMessageSplit")),
        ("SPOR-7.2.2-SCHEMA", line(registration.format(1007) + "/s:atgarder/s:kvaKod")),
        ("SPOR-7.3-FELLISTA", line(registration.format(1008) + "/s:operationsslut")),
        ("SPOR-6.6-OPTOUT", line(registration.format(1009) + "/s:personnummer")),
        ("SPOR-6.5-REPLACE", line(f"({registration.format(1010)})[2]")),
        ("SPOR-6.3-LASTPLAN", line(registration.format(1011) + "/s:planeringstidpunkt")),
    }
    *findings, summary = result.stdout.splitlines()
    reported = [(f.split(": ", 1)[1].split()[0], int(f.split(":")[1])) for f in findings]
    assert sorted(reported) == sorted(expected)
    assert all(f.startswith(f"{export}:") for f in findings)
    # 6.2, 6.4 and the local time of 7.1-DATES rest on konform's readings: errors when readings
    # are strict, warnings when lenient; together with the rest always 13 findings.
    counts = [int(n) for n in summary.split(": ")[1].replace(" error(s),", "").split()[:2]]
    assert sum(counts) == 13 and counts[0] >= 7, summary
    assert (result.returncode, result.stderr) == (1, "")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"this is not XML", "not well-formed XML"),
        (
            b'<registration xmlns="urn:konform:spor:4.1"><kommentar>\xe5</kommentar></registration>',
            "not UTF-8",
        ),
        (b'<?xml version="1.0" encoding="ISO-8859-1"?><registration/>', "not UTF-8"),
        (b'<registrering xmlns="urn:konform:spor:4.1"/>', "wrong root element"),
        (b'<Message xmlns="urn:oasis:names:tc:emergency:EDXL"/>', "wrong registry"),
        (b"", "empty file"),
    ],
)
def test_unusable_input_exits_2_with_one_line_on_stderr(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "input.xml"
    path.write_bytes(content)
    result = konform("validate", "spor", path)
    [line] = result.stderr.splitlines()
    assert line.startswith(f"konform: {path}: ") and reason in line
    assert (result.exit_code, result.stdout) == (2, SUMMARY.format(1, 0, 0) + ", 1 unusable\n")


def test_unusable_input_never_shows_a_traceback(tmp_path: Path, clean: Path) -> None:
    garbage = tmp_path / "garbage.xml"
    garbage.write_bytes(b"\xff\xfe\x00garbage")
    result = run("validate", "spor", garbage, tmp_path / "missing.xml", clean)
    assert result.returncode == 2
    named = [line.split(": ")[1] for line in result.stderr.splitlines()]
    assert named == [str(garbage), str(tmp_path / "missing.xml")]
    assert "Traceback" not in result.stderr
    assert result.stdout.splitlines()[-1] == SUMMARY.format(3, 0, 0) + ", 2 unusable"


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "spor", "--at", "yesterday", "x.xml"],
        ["validate", "spor", "--at", "2025-01-02T05:10:00", "x.xml"],
        ["validate", "nkr", "x.xml"],
        ["validate", "lar", "x.xml"],
        ["validate", "spor"],
        ["validate", "spor", "--block-list", "/nonexistent/block.txt", "x.xml"],
        ["validate", "spor", "--format", "yaml", "x.xml"],
    ],
)
def test_a_wrong_command_line_exits_2_with_one_line(args: list[str]) -> None:
    result = konform(*args)
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("konform: ")


@pytest.mark.parametrize("variable", ["999", "²"])  # "²" is a Unicode digit that int() refuses
def test_side_inputs_with_errors_name_the_file_and_line(tmp_path: Path, clean: Path, variable: str) -> None:
    treatments = tmp_path / "treatments.txt"
    treatments.write_text(f"1001 310\n1002 {variable}\n", encoding="utf-8")
    result = konform("validate", "spor", "--treatments", treatments, clean)
    assert result.exit_code == 2
    assert result.stderr.strip() == f"konform: --treatments {treatments}:2: unknown variable {variable!r}" + (
        " (known: 105 310 410 450 540 585 800)"
    )


def test_json_output_has_the_contract_shape(tmp_path: Path, clean: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_bytes(gen.serialize(example("1002", personnummer="191212121213")))
    garbage = tmp_path / "garbage.xml"
    garbage.write_bytes(b"<")
    result = konform("validate", "spor", "--format", "json", clean, broken, garbage)
    document = json.loads(result.stdout)
    assert set(document) == {"files", "summary"}
    assert document["summary"] == {"files": 3, "errors": 1, "warnings": 0, "unusable": 1}
    files = [(str(clean), True), (str(broken), True), (str(garbage), False)]
    assert [(f["file"], f["usable"]) for f in document["files"]] == files
    [finding] = document["files"][1]["findings"]
    assert set(finding) == {"line", "requirement", "severity", "message", "element"}
    expected = ("SPOR-7.1-PNR", "error", "personnummer")
    assert (finding["requirement"], finding["severity"], finding["element"]) == expected
    assert document["files"][2]["reason"].startswith("not well-formed XML")
    assert document["files"][0]["reason"] is None
    assert result.exit_code == 2


def test_junit_has_one_testcase_per_file_and_requirement(tmp_path: Path, clean: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_bytes(gen.serialize(example("1002", personnummer="191212121213")))
    report = tmp_path / "reports" / "validate.xml"
    result = konform("validate", "spor", "--junit", report, clean, broken)
    suites = etree.parse(str(report)).getroot()
    assert [suite.get("name") for suite in suites] == [str(clean), str(broken)]
    names = [case.get("name") for case in suites[0]]
    assert "SPOR-7.1-PNR" in names and len(names) == len(set(names)) == 13
    failed = [case.get("name") for case in suites[1] if case.find("failure") is not None]
    assert failed == ["SPOR-7.1-PNR"]
    assert (suites.get("tests"), suites.get("failures")) == ("26", "1")
    assert result.exit_code == 1


class _Received(BaseHTTPRequestHandler):
    body = b"[]"

    def do_GET(self) -> None:
        self.send_response(200 if self.path == "/_konform/received" else 404)
        self.send_header("content-type", "application/json")
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        """Quiet."""


def record(number: int, body: str, path: str = "/spor/ws/4_1/RegistrationService") -> dict[str, object]:
    """One entry of `GET /_konform/received`."""
    return {
        "id": number,
        "at": "2025-01-01T10:00:00+00:00",
        "path": path,
        "content_type": "text/xml; charset=utf-8" if body else None,
        "body": body,
        "status": 200,
        "response": "",
    }


@pytest.fixture
def simulator() -> Iterator[str]:
    """A stand-in for a running SPOR simulator's control API: two recorded messages."""
    good = gen.serialize(request_xml([example("1001")])).decode()
    bad = gen.serialize(example("1002", systemId="X")).decode()
    _Received.body = json.dumps([record(7, good), record(8, bad), record(9, "", "/x?wsdl")]).encode()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Received)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    thread.join()
    server.server_close()


def test_recorded_judges_every_message_the_simulator_received(simulator: str) -> None:
    result = konform("validate", "spor", "--recorded", simulator)
    *findings, summary = result.stdout.splitlines()
    assert [f.split(" ")[:3] for f in findings] == [[f"{simulator}#8:4:", "SPOR-7.1-HSA", "error"]]
    assert summary == SUMMARY.format(2, 1, 0)
    assert result.exit_code == 1


def test_recorded_without_a_simulator_is_a_command_line_error() -> None:
    result = konform("validate", "spor", "--recorded", "http://127.0.0.1:9")
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("konform: --recorded http://127.0.0.1:9: ")


def test_no_progress_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    path = gen.write_export(tmp_path / "big.xml", 500, seed=1)
    assert konform("validate", "spor", path).stderr == ""

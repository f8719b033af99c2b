"""`konform validate takecare`: findings, lines, exit codes and unusable input (CONTRACTS.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "takecare" / "declaration.example.toml"
THREE = Path(__file__).parent / "declarations" / "three-findings.toml"


def konform(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "konform", "validate", "takecare", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )


def test_the_example_declaration_exits_0() -> None:
    result = konform(str(EXAMPLE))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "1 file(s): 0 error(s), 0 warning(s)"


def test_xchange_lab_results_intelligence_decisions_and_4now_writes_give_three_findings() -> None:
    result = konform(str(THREE))
    lines = result.stdout.splitlines()
    assert result.returncode == 1
    assert lines == [
        f"{THREE}:16: TC-XCHANGE error XChange may only be used to write journal notes; "
        "declared: lab-results",
        f"{THREE}:23: TC-INTELLIGENCE error Intelligence data must not be used for medical decisions",
        f"{THREE}:28: TC-ACCESS error 4Now is read only (Skriva: NEJ); the declaration writes through it",
        "1 file(s): 3 error(s), 0 warning(s)",
    ]


def test_json_names_the_element(tmp_path: Path) -> None:
    data = json.loads(konform("--format", "json", str(THREE)).stdout)
    elements = [f["element"] for f in data["files"][0]["findings"]]
    assert elements == ["channels.0.purposes", "channels.1.purposes", "channels.2.write"]
    assert data["summary"] == {"files": 1, "errors": 3, "warnings": 0, "unusable": 0}


def test_a_schema_breach_is_reported_as_schema_with_its_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text(EXAMPLE.read_text(encoding="utf-8").replace('name = "XChange"', 'name = "Telefax"'))
    result = konform(str(broken))
    assert result.returncode == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"{broken}:23: SCHEMA error channels.1.name: 'Telefax' is not one of")


def test_unusable_files_give_one_stderr_line_each_and_the_others_are_judged(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.toml"
    garbage.write_text("this = = not toml", encoding="utf-8")
    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes('[solution]\nname = "V\xe5rd"\n'.encode("latin-1"))
    result = konform(str(garbage), str(latin1), str(EXAMPLE), str(tmp_path / "missing.toml"))
    assert result.returncode == 2
    errors = result.stderr.splitlines()
    assert len(errors) == 3
    assert errors[0].startswith(f"konform: {garbage}: not TOML")
    assert errors[1] == f"konform: {latin1}: not UTF-8"
    assert errors[2].startswith(f"konform: {tmp_path / 'missing.toml'}: cannot read")
    assert "Traceback" not in result.stderr
    assert result.stdout.splitlines()[-1] == "4 file(s): 0 error(s), 0 warning(s), 3 unusable"


def test_a_finding_on_konforms_reading_is_a_warning_naming_it_unless_readings_are_strict(
    tmp_path: Path,
) -> None:
    """TC-PROCESS's order of evidence and TC-ACCESS's "Internet: NEJ" are konform's readings of the
    document: `konform validate` warns about them, and fails on them only with --readings strict."""
    early = tmp_path / "early.toml"
    text = THREE.read_text(encoding="utf-8").replace('stage = "security-review"', 'stage = "pua"')
    early.write_text(text.replace("internet_exposed = false", "internet_exposed = true"), encoding="utf-8")
    lenient = konform(str(early))
    readings = [line for line in lenient.stdout.splitlines() if "konform's reading" in line]
    assert {line.split(" ")[1] for line in readings} == {"TC-PROCESS", "TC-ACCESS"}
    assert all(line.split(" ")[2] == "warning" for line in readings), readings
    assert any("Internet: NEJ" in line and "cannot be reached from the internet" in line for line in readings)
    assert lenient.stdout.splitlines()[-1].startswith("1 file(s): 3 error(s), ")  # the document's three stay
    strict = konform("--readings", "strict", str(early))
    errors = [line for line in strict.stdout.splitlines() if " error " in line]
    assert {line.split(" ")[1] for line in errors} == {
        "TC-XCHANGE",
        "TC-INTELLIGENCE",
        "TC-ACCESS",
        "TC-PROCESS",
    }
    assert strict.returncode == 1

"""Schema bindings for SPOR: `konform validate spor --schema/--binding` on a deliberately different schema.

tests/spor/second_schema/ holds a SPOR schema konform did not design (another namespace,
other names, wrappers, variables keyed by `nr`) with its binding, and the same content in
both schemas. The same content must give the same findings – IDs, severities, elements, and
lines that point at the element each finding is about in its own file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from konform.cli import main

SECOND = Path(__file__).parent / "second_schema"
BINDING = SECOND / "binding.toml"
EXAMPLE = Path(__file__).parents[2] / "examples" / "requests" / "spor" / "upload.xml"
#: Where each concept's value sits on its line in the second schema's files.
MARKERS = {
    "exportTime": "exporttid=",
    "registration": "<registrering>",
    "recipientMessageSplit": "<mottagare>",
    "systemId": "<hsaId>",
    "personnummer": "<personnummer>",
    "operationsanmalan": 'nr="310"',
    "avfordFranVantelistan": 'nr="450"',
    "anlantOperationsavdelning": 'nr="540"',
    "operationsdatum": "<datum>",
    "operationsslut": "<slut>",
    "kvaKod": "<kva>",
    "kommentar": "<kommentar>",
}


def konform(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args])


def findings(*args: str | Path) -> tuple[int, list[tuple[str, str, str, int]]]:
    result = konform("validate", "spor", "--format", "json", "--at", "2025-01-02T10:00:00+01:00", *args)
    [verdict] = json.loads(result.stdout)["files"]
    found = [(f["requirement"], f["severity"], f["element"], f["line"]) for f in verdict["findings"]]
    return result.exit_code, found


def bound(path: Path) -> tuple[int, list[tuple[str, str, str, int]]]:
    return findings("--schema", SECOND, "--binding", BINDING, path)


def test_a_correct_file_is_clean_in_either_schema() -> None:
    assert bound(SECOND / "upload.xml") == findings(EXAMPLE) == (0, [])


def test_the_same_faults_give_the_same_findings_at_their_own_lines() -> None:
    code, second = bound(SECOND / "faults.xml")
    own_code, own = findings(SECOND / "faults-konform.xml")
    assert code == own_code == 1
    assert sorted(f[:3] for f in second) == sorted(f[:3] for f in own)
    required = {"SPOR-7.1-PNR", "SPOR-7.1-NOEMPTY", "SPOR-7.1-DATES", "SPOR-7.1-HSA", "SPOR-7.4-RMS"}
    assert required <= {f[0] for f in second}  # several kinds of fault, not a lucky empty list
    lines = (SECOND / "faults.xml").read_text().splitlines()
    own_lines = (SECOND / "faults-konform.xml").read_text().splitlines()
    for requirement, _, element, line in second:
        assert MARKERS[element] in lines[line - 1], (requirement, element, line)
    for requirement, _, element, line in own:
        marker = "exportTime=" if element == "exportTime" else f"<{element}>"
        assert marker in own_lines[line - 1], (requirement, element, line)


def test_a_schema_breach_is_worded_by_the_bound_xsd() -> None:
    result = konform("validate", "spor", "--schema", SECOND, "--binding", BINDING, SECOND / "faults.xml")
    assert "for type 'fritext'" in result.stdout  # the second schema's type name, not konform's 'text'


def test_konforms_own_file_is_not_the_second_schemas() -> None:
    result = konform("validate", "spor", "--schema", SECOND, "--binding", BINDING, EXAMPLE)
    assert result.exit_code == 2 and "not a SPOR message" in result.stderr


def test_a_full_sample_passes_the_binding_check() -> None:
    assert bound_with_sample(BINDING, SECOND / "sample.xml").exit_code == 0


def bound_with_sample(binding: Path, sample: Path) -> Result:
    return konform("validate", "spor", "--schema", SECOND, "--binding", binding, "--sample", sample, sample)


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (('"variable.105"', '"operationsnummer"'), "unknown concept 'operationsnummer'"),
        (
            ("u:patient/u:personnummer", "u:patient/u:pnr"),
            "concept 'personnummer' (u:patient/u:pnr) matches nothing",
        ),
        (
            ("u:operation/u:datum", "u:operation/u:datum["),
            "concept 'operationsdatum': XPath 'u:operation/u:datum['",
        ),
        (
            ('u = "urn:example:ucr:spor"', 'u = "urn:example:ucr:spor:v2"'),
            "namespace u = 'urn:example:ucr:spor:v2'",
        ),
        (
            ('kommentar = "u:kommentar"', 'kommentar = "x:kommentar"'),
            "concept 'kommentar': XPath 'x:kommentar'",
        ),
    ],
)
def test_a_broken_binding_exits_2_with_one_line_naming_it(
    tmp_path: Path, change: tuple[str, str], named: str
) -> None:
    text = BINDING.read_text(encoding="utf-8")
    assert change[0] in text
    broken = tmp_path / "binding.toml"
    broken.write_text(text.replace(change[0], change[1]), encoding="utf-8")
    result = bound_with_sample(broken, SECOND / "sample.xml")
    [line] = result.stderr.splitlines()
    assert result.exit_code == 2 and line.startswith("konform: ") and named in line, line

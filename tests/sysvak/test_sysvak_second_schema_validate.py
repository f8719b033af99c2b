"""`konform validate sysvak --schema DIR --binding FILE` on a second, deliberately different schema.

tests/sysvak/second_schema/ holds a SYSVAK payload schema unlike konform's (another
namespace, other names and nesting, attributes for codes and identifications), its binding,
and the three example requests of examples/requests/sysvak/ with the same content, laid out
so that every element a rule reports on sits on the same line. Each fault is made in both
files alike; the findings must be the same IDs on the same lines.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from konform.cli import main

HERE = Path(__file__).resolve().parent
SECOND = HERE / "second_schema"
BINDING = SECOND / "binding.toml"
OURS = HERE.parents[1] / "examples" / "requests" / "sysvak"
BOUND = ("--schema", str(SECOND), "--binding", str(BINDING))
UNIT_OID = "2.16.578.1.12.4.1.1.9051"


def konform(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args])


def judged(path: Path, *options: str) -> list[tuple[int, str]]:
    result = konform("validate", "sysvak", "--format", "json", *options, path)
    assert result.exit_code in (0, 1), result.output
    [verdict] = json.loads(result.output)["files"]
    assert verdict["usable"], verdict["reason"]
    return [(f["line"], f["requirement"]) for f in verdict["findings"]]


#: name → (file, the change in konform's schema, the same change in the second schema)
FAULTS: dict[str, tuple[str, tuple[str, str], tuple[str, str]]] = {
    "correct": ("HendelseRequest.xml", ("", ""), ("", "")),
    "correct search": ("SokRequest.xml", ("", ""), ("", "")),
    "correct code list request": ("KodeverkRequest.xml", ("", ""), ("", "")),
    "unit under another code list": (
        "HendelseRequest.xml",
        (f'V="HER" S="{UNIT_OID}"', 'V="HER" S="2.16.578.1.12.4.1.1.9999"'),
        (f'idType="HER" idSystem="{UNIT_OID}"', 'idType="HER" idSystem="2.16.578.1.12.4.1.1.9999"'),
    ),
    "unit type not in 9051": (
        "KodeverkRequest.xml",
        (f'V="HER" S="{UNIT_OID}"', f'V="XYZ" S="{UNIT_OID}"'),
        ('idType="HER"', 'idType="XYZ"'),
    ),
    "H-nummer under 8327": (
        "HendelseRequest.xml",
        ("03852150024", "14422250183"),
        ("03852150024", "14422250183"),
    ),
    "bad check digit in a search": (
        "SokRequest.xml",
        ("03852150024", "03852150025"),
        ("03852150024", "03852150025"),
    ),
    "hendelse without Batchnummer": (
        "HendelseRequest.xml",
        ("<Batchnummer>A1</Batchnummer>", ""),
        ("<Batch>A1</Batch>", ""),
    ),
    "unknown element in the hendelse": (
        "HendelseRequest.xml",
        ("<Batchnummer>A1</Batchnummer>", "<Batchnumer>A1</Batchnumer>"),
        ("<Batch>A1</Batch>", "<Btch>A1</Btch>"),
    ),
    "MsgHead names another message": (
        "HendelseRequest.xml",
        ('V="HENDELSEREQUEST" DN="HENDELSEREQUEST"', 'V="SOKREQUEST" DN="SOKREQUEST"'),
        ('V="HENDELSEREQUEST" DN="HENDELSEREQUEST"', 'V="SOKREQUEST" DN="SOKREQUEST"'),
    ),
}


def faulty(source: Path, change: tuple[str, str], folder: Path, tag: str) -> Path:
    """`source` with `change` made once: in the SYSVAK message when it holds `old`, else in the head."""
    head, content, payload = source.read_text(encoding="utf-8").partition("<Content>")
    old, new = change
    if old and old in payload:
        assert payload.count(old) == 1, f"{old!r} in {source}"
        payload = payload.replace(old, new)
    elif old:
        assert head.count(old) == 1, f"{old!r} in {source}"
        head = head.replace(old, new)
    text = head + content + payload
    path = folder / f"{tag}-{source.name}"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("fault", FAULTS)
def test_the_same_content_gives_the_same_findings_on_the_same_lines_in_either_schema(
    tmp_path: Path, fault: str
) -> None:
    name, ours, second = FAULTS[fault]
    in_ours = judged(faulty(OURS / name, ours, tmp_path, "ours"))
    in_second = judged(faulty(SECOND / name, second, tmp_path, "second"), *BOUND)
    assert in_second == in_ours
    assert (in_ours == []) == fault.startswith("correct")


def test_konforms_own_schema_through_the_options_is_the_default(tmp_path: Path) -> None:
    path = faulty(OURS / "HendelseRequest.xml", ("03852150024", "14422250183"), tmp_path, "ours")
    builtin = OURS.parents[2] / "schemas" / "sysvak"
    assert judged(path, "--schema", str(builtin)) == judged(path) == [(42, "SYSVAK-3.7.1-HNR")]


def test_a_file_in_konforms_schema_is_not_a_sysvak_message_for_the_second_binding() -> None:
    """The head names a HENDELSEREQUEST; the bound schema's root element is another one."""
    found = judged(OURS / "HendelseRequest.xml", *BOUND)
    assert ("SYSVAK-3.1-TYPES") in {requirement for _, requirement in found}


def broken(tmp_path: Path, old: str, new: str) -> Path:
    text = BINDING.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "binding.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "named"),
    [
        ('"hendelse.vaksinekode" =', '"hendelse.vaccine" =', "'hendelse.vaccine'"),
        (
            '"hendelse.vaksinekode" = "@vaccine"',
            '"hendelse.vaksinekode" = "v:Vaccine[1"',
            "'hendelse.vaksinekode'",
        ),
        ('v = "urn:example:vaccination-events:2"', 'v = "urn:example:elsewhere"', "urn:example:elsewhere"),
        ('"hendelse.merknad" = "v:Note"\n', "", "'hendelse.merknad'"),
    ],
    ids=["unknown concept", "invalid XPath", "namespace the schema lacks", "concept left out"],
)
def test_a_broken_binding_is_a_usage_error_in_one_line_naming_it(
    tmp_path: Path, old: str, new: str, named: str
) -> None:
    path = broken(tmp_path, old, new)
    result = konform(
        "validate", "sysvak", "--schema", SECOND, "--binding", path, SECOND / "HendelseRequest.xml"
    )
    assert result.exit_code == 2
    [line] = result.output.strip().splitlines()
    assert named in line and str(path) in line


def test_with_a_sample_showing_every_concept_the_binding_is_used(tmp_path: Path) -> None:
    result = konform(
        "validate", "sysvak", *BOUND, "--sample", SECOND / "sample.xml", SECOND / "HendelseRequest.xml"
    )
    assert result.exit_code == 0, result.output


def test_a_concept_that_matches_nothing_in_the_sample_is_a_usage_error_naming_it(tmp_path: Path) -> None:
    path = broken(tmp_path, '"hendelse.batchnummer" = "v:Batch"', '"hendelse.batchnummer" = "v:BatchNo"')
    args = ("validate", "sysvak", "--schema", SECOND, "--binding", path, "--sample", SECOND / "sample.xml")
    result = konform(*args, SECOND / "HendelseRequest.xml")
    assert result.exit_code == 2
    [line] = result.output.strip().splitlines()
    assert "'hendelse.batchnummer'" in line and "matches nothing" in line

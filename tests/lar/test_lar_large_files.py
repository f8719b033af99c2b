"""`konform validate lar` on files larger than any request: streamed, every reaction judged, limits named.

The files are generated here, a few MB each; what is asserted is the findings (the memory
figures are bench/large_files.py's).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.large_files import write_lar
from konform import pki
from konform.lar import schema
from konform.lar.judge import LarSide, judge
from konform.validate.bounded import MAX_ELEMENTS


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> pki.Pki:
    return pki.ensure(tmp_path_factory.mktemp("lar-large-pki"))


def _reaction_offsets(data: bytes) -> list[int]:
    return [match.start() for match in re.finditer(rb"<\w+:reaction>", data)]


def _line(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _change(data: bytes, offset: int, old: bytes, new: bytes) -> bytes:
    at = data.index(old, offset)
    return data[:at] + new + data[at + len(old) :]


def test_a_large_signed_request_verifies_and_every_reaction_is_judged(tmp_path: Path, keys: pki.Pki) -> None:
    path = tmp_path / "large.xml"
    count = write_lar(path, 2_000_000, keys)
    data = path.read_bytes()
    offsets = _reaction_offsets(data)
    assert len(offsets) == count > 5000
    lines = _line(data, offsets[3000]), _line(data, offsets[4500])
    data = _change(data, offsets[4500], b"urn:oid:1.2.208.176.2.4.12", b"urn:oid:9.9.9")
    data = _change(data, offsets[3000], b'value="mild"', b'value="awful"')  # the earlier one last
    path.write_bytes(data)
    verdict = judge(path, LarSide(trusted=(keys.sts_cert,)))
    errors = [(f.requirement, f.line, f.element) for f in verdict.findings if f.severity == "error"]
    assert errors == [
        (schema.REACTION, lines[0], "severity"),
        (schema.CODES, lines[1], "manifestation.system"),
    ]
    assert not [f for f in verdict.findings if f.requirement == schema.DGWS]


def test_a_text_node_over_the_limit_is_a_finding_naming_the_field_and_the_limit(
    tmp_path: Path, keys: pki.Pki
) -> None:
    path = tmp_path / "long-description.xml"
    write_lar(path, 10_000, keys)
    data = path.read_bytes()
    description = b"Severe reaction was observed for several hours"
    path.write_bytes(data.replace(description, b"x" * 10_500_000, 1))
    verdict = judge(path, LarSide())
    assert [(f.requirement, f.severity, f.element) for f in verdict.findings] == [
        (schema.REACTION, "error", "manifestationDescription")
    ]
    assert "over konform's limit of 10 000 000 bytes" in verdict.findings[0].message


def test_a_request_holding_too_many_elements_at_once_is_a_finding(tmp_path: Path, keys: pki.Pki) -> None:
    path = tmp_path / "many-notes.xml"
    write_lar(path, 10_000, keys)
    data = path.read_bytes()
    note = re.search(rb"<(\w+):note>[^<]*</\1:note>", data)
    assert note is not None
    notes = (note[0] + b"\n") * (2 * MAX_ELEMENTS)
    path.write_bytes(data[: note.start()] + notes + data[note.start() :])
    verdict = judge(path, LarSide())
    assert [(f.severity, f.element) for f in verdict.findings] == [
        ("error", "MedicationAllergyIntoleranceReduced")
    ]
    assert "more than konform's limit of 100 000 elements" in verdict.findings[0].message

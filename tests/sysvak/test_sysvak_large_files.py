"""`konform validate sysvak` on files larger than any message: a plain finding or reason, never read whole.

The files are generated here; what is asserted is the findings (the memory figures are
bench/large_files.py's).
"""

from __future__ import annotations

from pathlib import Path

from bench.large_files import write_sysvak
from konform.sysvak.judging import SCHEMA
from konform.sysvak.rules import SideInputs, judge
from konform.validate import Unusable


def test_a_text_node_over_the_limit_is_a_finding_naming_the_field_and_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "long-merknad.xml"
    write_sysvak(path, 10_500_000)
    verdict = judge(path, SideInputs())
    assert [(f.requirement, f.severity, f.element) for f in verdict.findings] == [
        (SCHEMA, "error", "Merknad")
    ]
    assert "over konform's limit of 10 000 000 bytes" in verdict.findings[0].message


def test_a_byte_that_is_not_utf8_deep_in_a_file_names_its_offset(tmp_path: Path) -> None:
    path = tmp_path / "latin.xml"
    write_sysvak(path, 3_000_000)
    data = path.read_bytes()
    at = data.index(b"x" * 100) + 2_000_000
    path.write_bytes(data[:at] + b"\xe6" + data[at + 1 :])
    try:
        judge(path, SideInputs())
    except Unusable as unusable:
        assert unusable.reason.startswith(f"not UTF-8 (byte {at});")
    else:
        raise AssertionError("a file with a byte that is not UTF-8 was judged")


def test_a_small_message_from_the_same_writer_is_judged_whole(tmp_path: Path) -> None:
    path = tmp_path / "small.xml"
    write_sysvak(path, 0)  # a Merknad of two characters
    assert [f for f in judge(path, SideInputs()).findings if f.severity == "error"] == []

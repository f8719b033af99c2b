"""`konform validate brs` on files larger than any request: streamed, every relation judged, limits named.

The files are generated here, a few MB each; what is asserted is the findings (the memory
figures are bench/large_files.py's).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.large_files import write_brs
from konform import pki
from konform.brs.judge import BrsSide, judge
from konform.brs.schema import REQ

CVR = "31908574"  # the example's QueryableCvr, whitelisted


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> tuple[pki.Pki, bytes]:
    folder = tmp_path_factory.mktemp("brs-large")
    keys = pki.ensure(folder / "pki")
    path = folder / "large.xml"
    assert write_brs(path, 1_000_000, keys) > 20_000
    return keys, path.read_bytes()


def _relation(data: bytes, index: int) -> re.Match[bytes]:
    return list(re.finditer(rb"<(\w+:)?Relation>[^<]*</(\w+:)?Relation>", data))[index]


def _judged(tmp_path: Path, keys: pki.Pki, data: bytes) -> list[tuple[str, str, int]]:
    path = tmp_path / "request.xml"
    path.write_bytes(data)
    verdict = judge(path, BrsSide(sts_certs=(keys.sts_cert,), whitelist=frozenset({CVR})))
    return [(f.requirement, f.severity, f.line) for f in verdict.findings]


def _with(data: bytes, index: int, category: bytes) -> tuple[bytes, int]:
    found = _relation(data, index)
    line = data.count(b"\n", 0, found.start()) + 1
    text = found[0].replace(b">" + found[0].split(b">")[1].split(b"<")[0] + b"<", b">" + category + b"<", 1)
    return data[: found.start()] + text + data[found.end() :], line


def test_a_large_signed_request_verifies_with_no_finding(
    tmp_path: Path, large: tuple[pki.Pki, bytes]
) -> None:
    keys, data = large
    assert _judged(tmp_path, keys, data) == []


def test_a_relation_deep_in_a_large_request_is_judged(tmp_path: Path, large: tuple[pki.Pki, bytes]) -> None:
    keys, data = large
    unknown, line = _with(data, 15_000, b"Q")
    assert _judged(tmp_path, keys, unknown) == [(REQ, "warning", line)]


def test_a_schema_error_on_one_relation_silences_the_category_notes_as_in_a_small_file(
    tmp_path: Path, large: tuple[pki.Pki, bytes]
) -> None:
    keys, data = large
    unknown, _ = _with(data, 15_000, b"Q")
    blank, line = _with(unknown, 18_000, b" ")
    assert _judged(tmp_path, keys, blank) == [(REQ, "error", line)]

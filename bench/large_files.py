"""`konform validate lar|brs|sysvak` on one large file: peak RSS, goal < 150 MB (docs/reference/limits.md).

Each file is written on the fly in a temporary folder (BENCH_LARGE_MB, default 200 MB):
LAR a RegisterPatientAllergy envelope whose allergy has some 700 000 reactions, BRS a
treatmentRelation envelope with millions of AcceptableRelations, both with a signed ID
card that must still verify; SYSVAK a HendelseRequest whose Merknad is one text node of
that size, which konform must answer with its text-node limit. Each run is one
`konform validate` child measured alone (wall time, peak RSS) and its findings checked.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from bench import results

MEGABYTES = int(os.environ.get("BENCH_LARGE_MB", "200"))
GOAL_MB = 150
#: Runs the command as its own child; prints [exit code, wall s, peak RSS MB] (bench/runs.py's reason).
LAUNCHER = """
import json, os, sys, time
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.dup2(os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC), 1)
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
print(json.dumps([os.waitstatus_to_exitcode(status), time.perf_counter() - started, usage.ru_maxrss / 1024]))
"""


def _repeat(path: Path, envelope: bytes, record: bytes, size: int) -> int:
    """Write `envelope` with its one `record` repeated until the file has about `size` bytes."""
    head, tail = envelope.split(record, 1)
    count = max(1, (size - len(head) - len(tail)) // (len(record) + 1))
    with path.open("wb") as out:
        out.write(head)
        block = (record + b"\n") * 1000
        for _ in range(count // 1000):
            out.write(block)
        out.write((record + b"\n") * (count % 1000))
        out.write(tail)
    return count


def write_lar(path: Path, size: int, keys: Any) -> int:
    """A RegisterPatientAllergy envelope (level-4 card) of about `size` bytes; the number of reactions."""
    from bench.lar import allergy
    from konform.dgws import TestSts, header
    from konform.lar import model

    envelope = header.wrap(
        model.request_xml(model.REGISTER, allergy("register-request.xml")),
        TestSts.from_pki(keys).mint(level=4),
    )
    record = re.search(rb"<(\w+):reaction>.*?</\1:reaction>", envelope, re.S)
    assert record is not None
    return _repeat(path, envelope, record[0], size)


def write_brs(path: Path, size: int, keys: Any) -> int:
    """A treatmentRelation envelope (level-3 card) of about `size` bytes; the number of relations."""
    from bench.brs import EXAMPLES
    from konform import xml
    from konform.dgws import TestSts, header

    card = TestSts.from_pki(keys).mint(level=3, cvr="31908574")
    envelope = header.wrap(xml.parse((EXAMPLES / "brs-request.xml").read_bytes()), card)
    acceptable = re.search(
        rb"<(\w+:)?AcceptableRelations>\s*(<(\w+:)?Relation>[^<]*</(\w+:)?Relation>)", envelope
    )
    assert acceptable is not None
    return _repeat(path, envelope, acceptable[2], size)


def write_sysvak(path: Path, size: int) -> int:
    """A HendelseRequest MsgHead whose Merknad is one text node of about `size` bytes; its length."""
    from bench.sysvak import SEARCHED
    from generators import sysvak as gen
    from konform.sysvak.model import Vaksinand

    event = replace(gen.hendelse("MMR", date(2021, 5, 3)), merknad="x")
    message = gen.message(gen.request_for(Vaksinand(ident=gen.person_ident(SEARCHED)), event))
    marker = b"</Merknad>"
    if marker not in message:
        raise RuntimeError("the generated HendelseRequest has no Merknad to fill")
    head, tail = message.split(marker, 1)
    length = max(1, size - len(message))
    with path.open("wb") as out:
        out.write(head)
        block = b"x" * (1 << 20)
        for _ in range(length >> 20):
            out.write(block)
        out.write(b"x" * (length % (1 << 20)))
        out.write(marker + tail)
    return length


def run(command: list[str], folder: Path) -> tuple[int, float, float, dict[str, Any]]:
    """(exit code, wall seconds, peak RSS MB, the --format json report) of one `konform validate`."""
    out = folder / "out.json"
    launched = subprocess.run(
        [sys.executable, "-I", "-S", "-c", LAUNCHER, str(out), *command],
        stdout=subprocess.PIPE,
        check=True,
    )
    code, seconds, rss = json.loads(launched.stdout)
    return code, seconds, rss, json.loads(out.read_text(encoding="utf-8"))


def registries(keys: Any) -> dict[str, tuple[Callable[[Path, int], int], list[str], str, int]]:
    """Per registry: the writer, extra options, what the file repeats, and the exit code expected."""
    trust = ["--trust", str(keys.sts_cert)]
    return {
        "lar": (lambda path, size: write_lar(path, size, keys), trust, "reactions", 0),
        "brs": (
            lambda path, size: write_brs(path, size, keys),
            [*trust, "--cvr", "31908574"],
            "relations",
            0,
        ),
        "sysvak": (write_sysvak, [], "characters in one Merknad", 1),
    }


def main() -> dict[str, Any]:
    """Write each registry's large file, judge it, print and merge the figures under "large_files"."""
    from konform import pki

    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="konform-bench-large-") as name:
        folder = Path(name)
        keys = pki.ensure(folder / "pki")
        for registry, (write, options, unit, expected) in registries(keys).items():
            path = folder / f"{registry}.xml"
            count = write(path, MEGABYTES * 10**6)
            megabytes = round(path.stat().st_size / 1e6, 1)
            command = [
                sys.executable,
                "-m",
                "konform",
                "validate",
                registry,
                "--format",
                "json",
                *options,
                str(path),
            ]
            code, seconds, rss, report = run(command, folder)
            findings = [
                f"{f['requirement']} {f['severity']}: {f['message']}" for f in report["files"][0]["findings"]
            ]
            path.unlink()
            figures[registry] = {
                "megabytes": megabytes,
                "count": count,
                "unit": unit,
                "seconds": round(seconds, 1),
                "peak_rss_mb": round(rss, 1),
                "exit_code": code,
                "expected_exit_code": expected,
                "findings": findings[:5],
            }
            print(
                f"konform validate {registry}, {megabytes} MB ({count} {unit}): {seconds:.1f} s, "
                f"peak RSS {rss:.0f} MB, exit {code} (expected {expected}); {findings[:2]}"
            )
    results.merge("large_files", figures)
    return figures


if __name__ == "__main__":
    main()

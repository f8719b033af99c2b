"""The suite is green however slow the machine: no time taken at import, no sleeps, a wide test PKI.

A module that fixes `NOW` when it is imported fails once more time passes between
collection and its test than the material made "now" allows (a test PKI, an ID card).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509

from konform import pki
from tests.clock_at_import import SINCE, clock_calls_at_import, sleeps

ROOT = Path(__file__).resolve().parents[2]
#: Code whose module-level statements run when the suite is collected.
IMPORTED = ("tests", "features", "steps", "generators", "konform", "conftest.py")
#: Where a sleep would be a test waiting for behaviour (the product's own readiness poll is not).
NO_SLEEPS = ("tests", "features", "steps", "generators", "conftest.py")
FIXED_AT_IMPORT = "from datetime import UTC, datetime\nNOW = datetime.now(UTC).replace(microsecond=0)\n"


def sources(tops: tuple[str, ...]) -> list[Path]:
    return sorted(
        p for top in tops for p in ([ROOT / top] if top.endswith(".py") else (ROOT / top).rglob("*.py"))
    )


def collect_with_guard(folder: Path, report: Path, *arguments: str) -> dict[str, object]:
    """Collect the tests in `folder` with the import-time plugin; its JSON report."""
    env = {**os.environ, SINCE: repr(time.time()), "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"]
    command += ["-p", "tests.clock_at_import", "--clock-captures", str(report), *arguments]
    run = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    found: dict[str, object] = json.loads(report.read_text(encoding="utf-8"))
    return found


def test_no_module_reads_a_clock_while_it_is_imported() -> None:
    files = sources(IMPORTED)
    assert len(files) > 200, "the scan found too few modules to mean anything"
    found = {
        str(p.relative_to(ROOT)): lines
        for p in files
        if (lines := clock_calls_at_import(p.read_text("utf-8")))
    }
    assert found == {}, f"times taken at import (take them in the test or fixture instead): {found}"


def test_no_test_step_or_generator_sleeps() -> None:
    found = {
        str(p.relative_to(ROOT)): lines for p in sources(NO_SLEEPS) if (lines := sleeps(p.read_text("utf-8")))
    }
    assert found == {}, f"sleeps (control the simulator's clock or wait on an event instead): {found}"


@pytest.mark.parametrize(
    ("source", "lines"),
    [
        (FIXED_AT_IMPORT, [2]),
        ("import time\nclass T:\n    started = time.monotonic()\n", [3]),
        ("from datetime import date\ndef f(day=date.today()):\n    return day\n", [2]),
        ("from datetime import datetime\ndef f():\n    return datetime.now()\n", []),
        ("from datetime import time\nNIGHT = time(3, 30)\n", []),
        ("import time\nif __name__ == '__main__':\n    print(time.time())\n", []),
    ],
)
def test_the_scan_tells_import_time_clock_reads_from_reads_in_a_call(source: str, lines: list[int]) -> None:
    assert clock_calls_at_import(source) == lines


def test_the_scan_finds_a_sleep() -> None:
    assert sleeps("import time\ndef wait():\n    time.sleep(1)\n") == [3]


@pytest.mark.slow
def test_no_collected_module_keeps_the_time_it_was_imported_at(tmp_path: Path) -> None:
    report = collect_with_guard(ROOT, tmp_path / "captures.json", "tests", "features")
    assert isinstance(report["modules"], int) and report["modules"] > 200, report["modules"]
    assert report["captures"] == [], "globals holding the wall clock of the import: " + json.dumps(
        report["captures"]
    )


def test_the_collection_guard_names_a_module_that_fixes_now_at_import(tmp_path: Path) -> None:
    (tmp_path / "pytest.ini").write_text("[pytest]\naddopts = -p no:allure_pytest\n", encoding="utf-8")
    body = "\n\ndef test_uses_it() -> None:\n    assert NOW\n"
    (tmp_path / "test_fixed.py").write_text(FIXED_AT_IMPORT + "LATER = (NOW, 'x')\n" + body, encoding="utf-8")
    (tmp_path / "test_constant.py").write_text(
        "from datetime import UTC, datetime\nTHEN = datetime(2013, 9, 30, tzinfo=UTC)\n"
        + body.replace("NOW", "THEN"),
        encoding="utf-8",
    )
    report = collect_with_guard(tmp_path, tmp_path / "captures.json")
    assert report["modules"] == 2
    captured = {(c["module"], c["name"]) for c in report["captures"]}  # type: ignore[union-attr, index]
    assert captured == {("test_fixed", "NOW"), ("test_fixed", "LATER.0")}


def test_the_test_pki_is_valid_from_years_before_it_was_made_to_years_after(tmp_path: Path) -> None:
    made = datetime.now(UTC)
    folder = pki.create(tmp_path).folder
    for name in (
        "ca.pem",
        "server.pem",
        "client.pem",
        "sts.pem",
        "untrusted-sts.pem",
        "untrusted-client.pem",
    ):
        cert = x509.load_pem_x509_certificate((folder / name).read_bytes())
        assert cert.not_valid_before_utc <= made - timedelta(days=365), name
        assert cert.not_valid_after_utc >= made + timedelta(days=5 * 365), name

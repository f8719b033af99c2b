"""Wall time of the full `konform certify` against the embedded simulators: serial and with workers.

Both runs must give the same verdicts (every scenario passed, the same requirement
summary) and complete Allure results, else the parallel figure means nothing. The
suite's own time (junit.xml) is recorded beside the wall time, which adds start-up and
the report and evidence pack. Goals: serial < 60 s, >= 1.7x faster with two workers.
Set BENCH_CERTIFY=0 to skip (it is the longest part of `make bench`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from lxml import etree

from bench import results

WORKERS = int(os.environ.get("BENCH_CERTIFY_WORKERS", "2"))
#: Serial and parallel runs alternate this many times; the fastest of each counts, since a
#: busy machine only ever adds time.
REPEAT = int(os.environ.get("BENCH_CERTIFY_REPEAT", "2"))
#: Where PYTHONDONTWRITEBYTECODE is set, every pytest process (two workers and their
#: controller under -n 2) compiles konform and rewrites the steps anew; the runs write
#: their bytecode as an ordinary checkout does, and the first run's compiling is not counted.
WRITES_BYTECODE = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def run(reports: Path, workers: int) -> dict[str, Any]:
    """One `konform certify` into `reports`: wall and suite seconds, and what it concluded."""
    command = [sys.executable, "-m", "konform", "certify", "--reports", str(reports)]
    if workers > 1:
        command += ["-n", str(workers)]
    with tempfile.TemporaryFile() as output:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=WRITES_BYTECODE)
        _, status, usage = os.wait4(child.pid, 0)  # usage covers the pytest workers too
        seconds = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            output.seek(0)
            tail = output.read().decode(errors="replace")[-3000:]
            raise RuntimeError(f"{' '.join(command[2:])} exited {os.waitstatus_to_exitcode(status)}:\n{tail}")
    suite = etree.parse(str(reports / "junit.xml")).getroot()
    suite = suite if suite.tag == "testsuite" else suite[0]
    summary = json.loads((reports / "coverage.json").read_text(encoding="utf-8"))["summary"]
    return {
        "workers": workers,
        "seconds": round(seconds, 1),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),
        "suite_seconds": round(float(suite.get("time", "0")), 1),
        "scenarios": int(suite.get("tests", "0")),
        "not_passed": sum(int(suite.get(key, "0")) for key in ("failures", "errors", "skipped")),
        "allure_results": len(list((reports / "allure-results").glob("*-result.json"))),
        "requirements": summary["requirements"],
        "verdicts": summary["verdicts"],
    }


def main() -> dict[str, Any]:
    """Run certify serially and in parallel, check they agree, print and merge the figures."""
    if os.environ.get("BENCH_CERTIFY", "1") == "0":
        print("konform certify: skipped (BENCH_CERTIFY=0)")
        return {}
    runs: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="konform-bench-certify-") as folder:
        for round_ in range(REPEAT):
            order = (1, WORKERS) if round_ % 2 == 0 else (WORKERS, 1)
            runs += [run(Path(folder) / f"{round_}-{workers}", workers) for workers in order]
    same = ("scenarios", "not_passed", "allure_results", "requirements", "verdicts")
    differ = [key for key in same if len({json.dumps(run_[key]) for run_ in runs}) > 1]
    if differ:
        raise RuntimeError(f"certify -n {WORKERS} and serial runs concluded differently in {differ}")
    incomplete = [run_ for run_ in runs if run_["allure_results"] != run_["scenarios"]]
    if incomplete:
        raise RuntimeError(
            f"Allure results missing: {[(r['workers'], r['allure_results']) for r in incomplete]}"
        )
    serial = min((run_ for run_ in runs if run_["workers"] == 1), key=lambda run_: run_["seconds"])
    parallel = min((run_ for run_ in runs if run_["workers"] == WORKERS), key=lambda run_: run_["seconds"])
    figures = {
        "cpus": os.cpu_count(),
        "repeat": REPEAT,
        "all_seconds": {
            str(workers): [r["seconds"] for r in runs if r["workers"] == workers] for workers in (1, WORKERS)
        },
        "serial": serial,
        "parallel": parallel,
        "speedup": round(serial["seconds"] / parallel["seconds"], 2),
        "suite_speedup": round(serial["suite_seconds"] / parallel["suite_seconds"], 2),
    }
    print(
        f"konform certify: {serial['scenarios']} scenarios, {serial['requirements']} requirements, "
        f"fastest of {REPEAT} alternating runs each"
    )
    for run_ in (serial, parallel):
        print(
            f"  {run_['workers']} worker(s)  {run_['seconds']:>6} s  (suite {run_['suite_seconds']} s, "
            f"CPU {run_['cpu_seconds']} s)"
        )
    print(f"  speed-up       {figures['speedup']:>6}x  (suite {figures['suite_speedup']}x)")
    results.merge("certify", figures)
    return figures


if __name__ == "__main__":
    main()

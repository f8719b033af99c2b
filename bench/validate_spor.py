"""`konform validate spor` against plain lxml whole-tree XSD validation of the same export (STACK.md).

Both run as subprocesses; wall time from the parent, peak RSS from `os.wait4` for that
child alone. Targets: validate >= 0.6x lxml's throughput, peak RSS < 100 MB (figures only).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import results
from generators.spor import write_export
from konform.spor.schema import SCHEMA_PATH

SIZES = (10_000, 100_000)
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
LXML = (
    "import sys; from lxml import etree; "
    "schema = etree.XMLSchema(etree.parse(sys.argv[1])); "
    "sys.exit(0 if schema.validate(etree.parse(sys.argv[2])) else 1)"
)


def measure(command: list[str]) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak RSS in MB) of `command`, medians over REPEAT runs.

    CPU time (user + system of that child) is reported too: on a busy machine it moves
    less than wall time.
    """
    runs = []
    for _ in range(REPEAT):
        with tempfile.TemporaryFile() as errors:
            started = time.perf_counter()
            child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
            _, status, usage = os.wait4(child.pid, 0)
            elapsed = time.perf_counter() - started
            child.returncode = os.waitstatus_to_exitcode(status)
            if child.returncode not in (0, 1):
                errors.seek(0)
                raise RuntimeError(f"{command[:4]} exited {child.returncode}: {errors.read().decode()}")
        runs.append((elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024))
    return tuple(statistics.median(run[i] for run in runs) for i in range(3))  # type: ignore[return-value]


def bench_size(folder: Path, size: int) -> dict[str, Any]:
    export = write_export(folder / f"export-{size}.xml", size, seed=size)
    megabytes = export.stat().st_size / 1e6
    results: dict[str, Any] = {"registrations": size, "megabytes": round(megabytes, 1)}
    commands = {
        "konform": [sys.executable, "-m", "konform", "validate", "spor", str(export)],
        "lxml": [sys.executable, "-c", LXML, str(SCHEMA_PATH), str(export)],
    }
    for tool, command in commands.items():
        seconds, cpu, rss = measure(command)
        results[tool] = {
            "seconds": round(seconds, 3),
            "cpu_seconds": round(cpu, 3),
            "registrations_per_s": round(size / seconds),
            "mb_per_s": round(megabytes / seconds, 1),
            "peak_rss_mb": round(rss, 1),
        }
    results["throughput_ratio"] = round(results["lxml"]["seconds"] / results["konform"]["seconds"], 2)
    results["cpu_ratio"] = round(results["lxml"]["cpu_seconds"] / results["konform"]["cpu_seconds"], 2)
    return results


def table(figures: dict[str, Any]) -> str:
    header = ("size", "MB", "tool", "s", "CPU s", "reg/s", "MB/s", "peak RSS MB")
    lines = ["{:>8} {:>6} {:<8} {:>7} {:>7} {:>8} {:>6} {:>12}".format(*header)]
    for result in figures.values():
        if not isinstance(result, dict) or "registrations" not in result:
            continue
        for tool in ("konform", "lxml"):
            row = result[tool]
            lines.append(
                f"{result['registrations']:>8} {result['megabytes']:>6} {tool:<8} {row['seconds']:>7} "
                f"{row['cpu_seconds']:>7} "
                f"{row['registrations_per_s']:>8} {row['mb_per_s']:>6} {row['peak_rss_mb']:>12}"
            )
        lines.append(
            f"{'':>8} {'':>6} ratio    konform/lxml throughput = {result['throughput_ratio']}x"
            f" (by CPU time {result['cpu_ratio']}x)"
        )
    return "\n".join(lines)


def main() -> dict[str, Any]:
    """Run the benchmark, print the table and merge the figures into reports/bench.json."""
    startup, _, startup_rss = measure([sys.executable, "-m", "konform", "--version"])
    figures: dict[str, Any] = {
        "konform_startup_s": round(startup, 3),
        "konform_startup_rss_mb": round(startup_rss, 1),
        "repeat": REPEAT,
        "cpus": os.cpu_count(),
    }
    with tempfile.TemporaryDirectory(prefix="konform-bench-") as folder:
        for size in SIZES:
            figures[f"{size}"] = bench_size(Path(folder), size)
    print("konform validate spor vs lxml whole-tree XSD validation (medians of", REPEAT, "runs)")
    print(table(figures))
    print(f"konform start-up alone: {figures['konform_startup_s']} s, {figures['konform_startup_rss_mb']} MB")
    results.merge("validate_spor", figures)
    return figures

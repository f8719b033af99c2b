"""Wall time, CPU time and peak RSS of a child process, and `konform validate` against its baseline."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from typing import Any

REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))


#: Runs the command as its own child and prints [exit code, wall s, CPU s, peak RSS MB] of it alone.
#: Linux carries a process's peak RSS across fork and exec, so a child of the (large)
#: benchmark process would report at least the benchmark's own size; this small launcher
#: (no site packages) keeps that floor at a bare interpreter's few MB.
LAUNCHER = """
import json, os, sys, time
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    os.execvp(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
elapsed = time.perf_counter() - started
cpu = usage.ru_utime + usage.ru_stime
print(json.dumps([os.waitstatus_to_exitcode(status), elapsed, cpu, usage.ru_maxrss / 1024]))
"""


def measure(command: list[str]) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak RSS in MB) of `command`, medians over REPEAT runs.

    CPU time (user + system) is reported beside wall time because on a busy machine it
    moves less.
    """
    runs = []
    for _ in range(REPEAT):
        with tempfile.TemporaryFile() as errors:
            launched = subprocess.run(
                [sys.executable, "-I", "-S", "-c", LAUNCHER, *command],
                stdout=subprocess.PIPE,
                stderr=errors,
                check=False,
            )
            code, elapsed, cpu, rss = json.loads(launched.stdout)
            if code != 0:  # both tools must find the benchmark's valid input valid
                errors.seek(0)
                raise RuntimeError(f"{command[:5]} exited {code}: {errors.read().decode()[-2000:]}")
        runs.append((elapsed, cpu, rss))
    wall, cpu, rss = (statistics.median(run[i] for run in runs) for i in range(3))
    return wall, cpu, rss


def compare(commands: dict[str, list[str]], units: int, megabytes: float, unit: str) -> dict[str, Any]:
    """Run "konform" and "lxml" on the same input of `units` items; their figures and the ratios."""
    figures: dict[str, Any] = {unit: units, "megabytes": round(megabytes, 2)}
    for tool, command in commands.items():
        seconds, cpu, rss = measure(command)
        figures[tool] = {
            "seconds": round(seconds, 3),
            "cpu_seconds": round(cpu, 3),
            f"{unit}_per_s": round(units / seconds),
            "mb_per_s": round(megabytes / seconds, 1),
            "peak_rss_mb": round(rss, 1),
        }
    figures["throughput_ratio"] = round(figures["lxml"]["seconds"] / figures["konform"]["seconds"], 2)
    figures["cpu_ratio"] = round(figures["lxml"]["cpu_seconds"] / figures["konform"]["cpu_seconds"], 2)
    return figures


def show(title: str, sizes: list[dict[str, Any]], unit: str) -> None:
    """Print one validate benchmark's figures, a block per size."""
    print(f"{title} (medians of {REPEAT} runs)")
    print(
        "{:>8} {:>7} {:<8} {:>7} {:>7} {:>9} {:>6} {:>12}".format(
            unit, "MB", "tool", "s", "CPU s", "/s", "MB/s", "peak RSS MB"
        )
    )
    for size in sizes:
        for tool in ("konform", "lxml"):
            row = size[tool]
            rate = row[f"{unit}_per_s"]
            print(
                f"{size[unit]:>8} {size['megabytes']:>7} {tool:<8} {row['seconds']:>7} "
                f"{row['cpu_seconds']:>7} {rate:>9} {row['mb_per_s']:>6} {row['peak_rss_mb']:>12}"
            )
        print(f"{'':>17} ratio konform/lxml {size['throughput_ratio']}x (by CPU time {size['cpu_ratio']}x)")

"""One table of every figure in reports/bench.json: what, figure, baseline, ratio, goal.

`python -m bench.summary` prints it as text; `--markdown` prints the README's table.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from bench import results

VALIDATE_GOAL = ">= 0.6x, < 100 MB"
SIMULATOR_GOAL = ">= 0.5x"
LARGE_GOAL_MB = 150
Row = tuple[str, str, str, str, str]
#: bench.json key, registry, the security each request passes.
SIMULATORS = (
    ("spor_simulator", "SPOR", "mutual TLS"),
    ("lar", "LAR", "DGWS ID card"),
    ("brs", "BRS", "DGWS ID card"),
    ("sysvak", "SYSVAK", "plain HTTP"),
)


def _number(value: float) -> str:
    return f"{value:,.0f}".replace(",", " ")


def _validate_rows(name: str, sizes: list[dict[str, Any]], unit: str, label: str) -> list[Row]:
    rows = []
    for size in sizes:
        konform, lxml = size["konform"], size["lxml"]
        met = size["throughput_ratio"] >= 0.6 and konform["peak_rss_mb"] < 100
        rows.append(
            (
                f"konform validate {name}, {_number(size[unit])} {label} ({size['megabytes']} MB)",
                f"{_number(konform[f'{unit}_per_s'])} {label}/s, peak RSS {konform['peak_rss_mb']:.0f} MB",
                f"lxml: {_number(lxml[f'{unit}_per_s'])} {label}/s, peak RSS {lxml['peak_rss_mb']:.0f} MB",
                f"{size['throughput_ratio']}x",
                f"{VALIDATE_GOAL}: {'met' if met else 'missed'}",
            )
        )
    return rows


def _simulator_rows(registry: str, security: str, figures: dict[str, Any]) -> list[Row]:
    rows = []
    for name, found in figures["operations"].items():
        met = found["ratio_to_bare"] >= 0.5
        rows.append(
            (
                f"{registry} {name} ({security}, SQLite)",
                f"{_number(found['rps'])} req/s",
                f"bare endpoint: {_number(figures['bare_rps'])} req/s",
                f"{found['ratio_to_bare']}x",
                f"{SIMULATOR_GOAL}: {'met' if met else 'missed'}",
            )
        )
    return rows


def _certify_rows(figures: dict[str, Any]) -> list[Row]:
    serial, parallel = figures["serial"], figures["parallel"]
    what = f"konform certify, {serial['scenarios']} scenarios, {serial['requirements']} requirements"
    return [
        (
            f"{what}, serial",
            f"{serial['seconds']} s",
            "",
            "",
            f"< 60 s: {'met' if serial['seconds'] < 60 else 'missed'}",
        ),
        (
            f"{what}, -n {parallel['workers']}",
            f"{parallel['seconds']} s",
            f"serial: {serial['seconds']} s",
            f"{figures['speedup']}x faster",
            f">= 1.7x: {'met' if figures['speedup'] >= 1.7 else 'missed'}",
        ),
    ]


def _remote_rows(figures: dict[str, Any]) -> list[Row]:
    rows = []
    rtt = 2 * figures["one_way_ms"]
    for registry, runs in figures["registries"].items():
        serial = runs.get("1")
        for workers, found in runs.items():
            if workers == "1" and len(runs) > 1:
                continue
            sent = f"{found['scenarios']} scenarios, {_number(found.get('round_trips', 0))} round trips"
            baseline = f"serial: {serial['seconds']} s" if serial and found is not serial else ""
            speedup = f"{round(serial['seconds'] / found['seconds'], 2)}x faster" if baseline else ""
            rows.append(
                (
                    f"konform certify --registry {registry} at {rtt} ms RTT, -n {workers}",
                    f"{found['seconds']} s ({sent})",
                    baseline,
                    speedup,
                    f"< 120 s with -n 4: {'met' if found['seconds'] < 120 else 'missed'}",
                )
            )
    return rows


def _large_rows(figures: dict[str, Any]) -> list[Row]:
    """`konform validate` on one large file per registry: peak RSS, and the findings it should give."""
    rows = []
    for registry, found in figures.items():
        met = found["peak_rss_mb"] < LARGE_GOAL_MB and found["exit_code"] == found["expected_exit_code"]
        rows.append(
            (
                f"konform validate {registry}, one {found['megabytes']} MB file "
                f"({_number(found['count'])} {found['unit']})",
                f"peak RSS {found['peak_rss_mb']:.0f} MB, {found['seconds']} s, exit {found['exit_code']}",
                "",
                "",
                f"< {LARGE_GOAL_MB} MB, exit {found['expected_exit_code']}: {'met' if met else 'missed'}",
            )
        )
    return rows


def rows(figures: dict[str, Any]) -> list[Row]:
    """The table's rows, in the order of the issue's deliverables."""
    found: list[Row] = []
    if "validate_spor" in figures:
        found += _validate_rows("spor", figures["validate_spor"]["sizes"], "registrations", "registrations")
    for name, messages in figures.get("validate_messages", {}).items():
        found += _validate_rows(name, messages["sizes"], "messages", "messages")
    if figures.get("large_files"):
        found += _large_rows(figures["large_files"])
    for key, registry, security in SIMULATORS:
        if key in figures:
            found += _simulator_rows(registry, security, figures[key])
    if figures.get("certify"):
        found += _certify_rows(figures["certify"])
    if figures.get("remote"):
        found += _remote_rows(figures["remote"])
    return found


def text(table: list[Row]) -> str:
    header: Row = ("what", "figure", "baseline in the same run", "ratio", "goal")
    widths = [max(len(row[i]) for row in [header, *table]) for i in range(5)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in [header, *table]
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def _typeset(cell: str) -> str:
    return re.sub(r"(\d)x\b", "\\1×", cell.replace(">=", "≥")) or "—"


def markdown(table: list[Row]) -> str:
    lines = ["| what | figure | baseline in the same run | ratio | goal |", "|---|---|---|---|---|"]
    lines += ["| " + " | ".join(_typeset(cell) for cell in row) + " |" for row in table]
    return "\n".join(lines)


def main(arguments: list[str]) -> int:
    figures = json.loads(results.REPORT.read_text(encoding="utf-8"))
    table = rows(figures)
    print(markdown(table) if "--markdown" in arguments else text(table))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""`konform validate spor` against plain lxml whole-tree XSD validation of the same export (STACK.md).

An export file holds many registrations, so the two sizes are two exports
(BENCH_SPOR_SIZES registrations, default 10 000 and 100 000). Goals: >= 0.6x lxml's
throughput, peak RSS < 100 MB.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench import results, runs
from generators.spor import write_export
from konform.spor.schema import SCHEMA_PATH

SIZES = tuple(int(size) for size in os.environ.get("BENCH_SPOR_SIZES", "10000,100000").split(","))
NAMESPACE = "urn:konform:spor:4.1"


def main() -> dict[str, Any]:
    """Run the benchmark, print the table and merge the figures into reports/bench.json."""
    startup, _, startup_rss = runs.measure([sys.executable, "-m", "konform", "--version"])
    figures: dict[str, Any] = {
        "konform_startup_s": round(startup, 3),
        "konform_startup_rss_mb": round(startup_rss, 1),
        "repeat": runs.REPEAT,
        "cpus": os.cpu_count(),
        "sizes": [],
    }
    with tempfile.TemporaryDirectory(prefix="konform-bench-") as folder:
        for size in SIZES:
            export = write_export(Path(folder) / f"export-{size}.xml", size, seed=size)
            commands = {
                "konform": [sys.executable, "-m", "konform", "validate", "spor", str(export)],
                "lxml": [
                    sys.executable,
                    "-m",
                    "bench.lxml_baseline",
                    str(SCHEMA_PATH),
                    NAMESPACE,
                    str(export),
                ],
            }
            megabytes = export.stat().st_size / 1e6
            figures["sizes"].append(runs.compare(commands, size, megabytes, "registrations"))
    runs.show("konform validate spor vs lxml whole-tree XSD validation", figures["sizes"], "registrations")
    print(f"konform start-up alone: {figures['konform_startup_s']} s, {figures['konform_startup_rss_mb']} MB")
    results.merge("validate_spor", figures)
    return figures


if __name__ == "__main__":
    main()

"""`python -m bench` (`make bench`): run every benchmark, write reports/bench.json, print one table."""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import UTC, datetime

from bench import (
    brs,
    certify,
    lar,
    large_files,
    remote,
    results,
    spor_simulator,
    summary,
    sysvak,
    validate_messages,
    validate_spor,
)


def main() -> int:
    results.REPORT.unlink(missing_ok=True)  # one run's figures, never mixed with an earlier run's
    started = time.perf_counter()
    validate_spor.main()
    validate_messages.main()
    large_files.main()
    for simulator in (spor_simulator, lar, brs, sysvak):
        simulator.main()
    certify.main()
    remote.main()
    results.merge(
        "run",
        {
            "finished": datetime.now(UTC).isoformat(timespec="seconds"),
            "seconds": round(time.perf_counter() - started),
            "cpus": os.cpu_count(),
            "load_average": os.getloadavg(),
        },
    )
    print()
    print(summary.text(summary.rows(json.loads(results.REPORT.read_text(encoding="utf-8")))))
    print(f"\nFigures: {results.REPORT}; the README's table: python -m bench.summary --markdown")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`konform certify` per registry against its simulator across a simulated internet link.

Every simulator listener (service and control API) sits behind a LatencyProxy adding
BENCH_ONE_WAY_MS (25 ms) each way, so a round trip costs 50 ms, as to a registry's stage
environment; TLS passes through. Each registry is certified serially and with
BENCH_REMOTE_WORKERS (4) workers; the figures are wall time and what crossed the proxies
(connections, round trips). Goal: every registry under 2 minutes with the workers. The
proxies count round trips, not scenarios: `python -m bench.remote` prints both.
Set BENCH_REMOTE=0 to skip; BENCH_REMOTE_REGISTRIES=spor,lar limits it.
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

ONE_WAY_MS = int(os.environ.get("BENCH_ONE_WAY_MS", "25"))
#: Each registry is certified once per entry: serially (1) and with 4 workers.
WORKERS = tuple(int(n) for n in os.environ.get("BENCH_REMOTE_WORKERS", "1,4").split(","))
#: The scenarios that send the most round trips, listed per registry.
HEAVIEST = 5
REGISTRIES = tuple(os.environ.get("BENCH_REMOTE_REGISTRIES", "spor,lar,brs,sysvak").split(","))
GOAL_SECONDS = 120


def run(registry: str, workers: int, folder: Path) -> dict[str, Any]:
    """One `konform certify --registry <registry>` behind the proxies: wall time and traffic."""
    reports, traffic = folder / f"{registry}-{workers}", folder / f"{registry}-{workers}-traffic"
    command = [sys.executable, "-m", "konform", "certify", "--registry", registry, "--reports", str(reports)]
    if workers > 1:
        command += ["-n", str(workers)]
    environment = {
        **os.environ,
        "PYTEST_ADDOPTS": (os.environ.get("PYTEST_ADDOPTS", "") + " -p bench.latency").strip(),
        "BENCH_ONE_WAY_MS": str(ONE_WAY_MS),
        "BENCH_TRAFFIC": str(traffic),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(Path.cwd()), os.environ.get("PYTHONPATH")])),
    }
    started = time.perf_counter()
    done = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command[2:])} exited {done.returncode}:\n{done.stdout[-3000:]}")
    suite = etree.parse(str(reports / "junit.xml")).getroot()
    suite = suite if suite.tag == "testsuite" else suite[0]
    totals: dict[str, int] = {}
    per_test: dict[str, int] = {}
    for part in traffic.glob("*.json"):
        found = json.loads(part.read_text(encoding="utf-8"))
        per_test.update(found.pop("per_test"))
        for key, value in found.items():
            totals[key] = totals.get(key, 0) + value
    heaviest = sorted(per_test.items(), key=lambda item: -item[1])[:HEAVIEST]
    return {
        "workers": workers,
        "seconds": round(seconds, 1),
        "scenarios": int(suite.get("tests", "0")),
        "not_passed": sum(int(suite.get(key, "0")) for key in ("failures", "errors")),
        **totals,
        "heaviest": [{"test": name.split("::", 1)[-1], "round_trips": count} for name, count in heaviest],
    }


def main() -> dict[str, Any]:
    """Certify every registry serially and with workers behind the proxies; print and merge."""
    if os.environ.get("BENCH_REMOTE", "1") == "0":
        print("konform certify behind a 50 ms link: skipped (BENCH_REMOTE=0)")
        return {}
    figures: dict[str, Any] = {"one_way_ms": ONE_WAY_MS, "workers": WORKERS, "registries": {}}
    print(f"konform certify per registry, every listener behind a {2 * ONE_WAY_MS} ms round trip")
    columns = ("workers", "s", "scenarios", "connections", "round trips")
    print(f"  {'registry':<8} " + " ".join(f"{column:>11}" for column in columns))
    with tempfile.TemporaryDirectory(prefix="konform-bench-remote-") as folder:
        for registry in REGISTRIES:
            runs = [run(registry, workers, Path(folder)) for workers in WORKERS]
            figures["registries"][registry] = {str(found["workers"]): found for found in runs}
            for found in runs:
                print(
                    f"  {registry:<8} {found['workers']:>11} {found['seconds']:>11} {found['scenarios']:>11} "
                    f"{found.get('connections', 0):>11} {found.get('round_trips', 0):>11}"
                )
            for heavy in runs[0]["heaviest"]:
                print(f"    {heavy['round_trips']:>5} round trips  {heavy['test'][:100]}")
    results.merge("remote", figures)
    return figures


if __name__ == "__main__":
    main()

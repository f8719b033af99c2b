"""What every simulator benchmark shares: the server process, the bare endpoint, the rounds.

A benchmark module offers `serve(folder)`, run in its own process (STACK.md gotcha 9: a
load test needs the server out of the load generator's GIL). It serves the registry's
simulator (its security on, state in SQLite) and, on the same app and listener, a bare
endpoint that reads the body and answers a fixed reply without parsing anything, and
hands the listener to `listen`, which tells the parent the URL once it accepts
connections. The parent prepares every request before the clock starts, warms up with
one batch of each operation, then in each round measures the bare endpoint and every
operation; the figures are medians over the rounds.
"""

from __future__ import annotations

import json
import os
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from bench import load, results

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "1000"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
BARE_PATH = "/bench/bare"


def add_bare(app: Any, reply: bytes) -> None:
    """Add the bare endpoint to a simulator's Starlette app: read the body, answer `reply`."""
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    async def bare(request: Request) -> Response:
        await request.body()
        return Response(reply, media_type="text/xml; charset=utf-8")

    app.router.routes.append(Route(BARE_PATH, bare, methods=["POST"]))


def listen(server: Any, facts: dict[str, Any]) -> None:
    """Start `server` (a konform.server.Server), and once it accepts connections tell the parent
    its URL and `facts` (one JSON line on stdout); then serve until terminated."""
    server.start()
    print(json.dumps({"url": server.url, **facts}), flush=True)
    threading.Event().wait()


@contextmanager
def serving(module: str) -> Iterator[dict[str, Any]]:
    """Run `bench.<module>.serve(folder)` in its own process over a new folder; yield what it announced."""
    with tempfile.TemporaryDirectory(prefix=f"konform-bench-{module}-") as folder:
        command = [sys.executable, "-c", f"from bench.{module} import serve; serve({folder!r})"]
        server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        try:
            assert server.stdout is not None
            line = server.stdout.readline()
            if not line:
                raise RuntimeError(f"bench.{module}: the server process ended before it was listening")
            yield json.loads(line)
        finally:
            server.terminate()
            server.wait(timeout=15)


@dataclass(frozen=True)
class Operation:
    """One simulator operation: where it is posted, its SOAPAction and what a success reply contains.

    `batches` holds REPEAT + 1 prepared batches (the first is the warm-up); each request is
    new to the simulator (its own MessageID, identifier or registration).
    """

    name: str
    path: str
    batches: list[list[bytes]]
    expect: bytes
    action: str = ""


def mutual_tls(ca: str, cert: str, key: str) -> ssl.SSLContext:
    """A client context that trusts `ca` and presents `cert`."""
    tls = ssl.create_default_context(cafile=ca)
    tls.load_cert_chain(cert, key)
    tls.check_hostname = False
    return tls


def measure(url: str, operations: list[Operation], *, tls: ssl.SSLContext | None = None) -> dict[str, Any]:
    """Requests/s of the bare endpoint and of every operation (medians), and each ratio to bare."""
    bare_batch = operations[0].batches[0]

    def rate(path: str, batch: list[bytes], operation: Operation | None) -> float:
        action, expect = (operation.action, operation.expect) if operation else ("", b"")
        return load.run(url + path, batch, connections=CONNECTIONS, tls=tls, action=action, expect=expect)

    for operation in operations:
        rate(operation.path, operation.batches[0], operation)
    rate(BARE_PATH, bare_batch, None)
    bare: list[float] = []
    rates: dict[str, list[float]] = {operation.name: [] for operation in operations}
    for round_ in range(1, REPEAT + 1):
        bare.append(rate(BARE_PATH, bare_batch, None))
        for operation in operations:
            rates[operation.name].append(rate(operation.path, operation.batches[round_], operation))
    bare_rps = statistics.median(bare)
    return {
        "requests_per_round": len(bare_batch),
        "connections": CONNECTIONS,
        "repeat": REPEAT,
        "cpus": os.cpu_count(),
        "bare_rps": round(bare_rps),
        "operations": {
            name: {
                "rps": round(statistics.median(found)),
                "ratio_to_bare": round(statistics.median(found) / bare_rps, 3),
            }
            for name, found in rates.items()
        },
    }


def benchmark(
    module: str,
    title: str,
    security: str,
    operations: Callable[[dict[str, Any]], list[Operation]],
    tls: Callable[[dict[str, Any]], ssl.SSLContext] | None = None,
) -> dict[str, Any]:
    """Serve `bench.<module>`, measure its operations, print and merge the figures under `module`."""
    with serving(module) as endpoint:
        figures = measure(endpoint["url"], operations(endpoint), tls=tls(endpoint) if tls else None)
    figures["security"] = security
    show(title, figures)
    results.merge(module, figures)
    return figures


def show(title: str, figures: dict[str, Any]) -> None:
    """Print one benchmark's figures."""
    print(f"{title}: {figures['connections']} connections, medians of {figures['repeat']} rounds")
    print(f"  {'bare endpoint':<28} {figures['bare_rps']:>7} req/s")
    for name, found in figures["operations"].items():
        print(f"  {name:<28} {found['rps']:>7} req/s  ratio {found['ratio_to_bare']}")

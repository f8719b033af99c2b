"""LAR GetPatientAllergyList throughput with DGWS signature verification, against a bare endpoint.

One server process (konform's uvicorn stack, `konform.server.Server`) serves the LAR
simulator and, on the same app, a bare endpoint that reads the request body and answers
a fixed GetPatientAllergyList reply without parsing or verifying anything. A bounded
asyncio client (raw HTTP/1.1 keep-alive connections on 127.0.0.1, STACK.md gotcha 10)
sends each request with its own MessageID, all prepared before the clock starts (the
simulator refuses a replayed MessageID). Figures are merged into reports/bench.json
under "lar"; the ratio verified/bare is the figure to quote, absolute numbers drift.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench import load, results

REQUESTS = int(os.environ.get("BENCH_LAR_REQUESTS", "2000"))
CONCURRENCY = int(os.environ.get("BENCH_LAR_CONCURRENCY", "8"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
ALLERGIES = 3
BARE_PATH = "/bench/bare"
SERVICE_PATH = "/lar/MedicationAllergyService"


def serve(folder: str) -> None:
    """The server process: the LAR simulator plus the bare endpoint on one app; prints its URL."""
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    from konform import pki
    from konform.lar.simulator import LarSimulator
    from konform.server import Server

    keys = pki.ensure(Path(folder) / "pki")
    simulator = LarSimulator.open(Path(folder) / "lar.sqlite", trusted_sts=[keys.sts_cert])
    reply_file = Path(folder) / "reply.xml"
    reply: list[bytes] = []

    async def bare(request: Request) -> Response:
        await request.body()
        if not reply:
            reply.append(reply_file.read_bytes())  # a real reply, captured before the clock starts
        return Response(reply[0], media_type="text/xml; charset=utf-8")

    app = simulator.app()
    app.router.routes.append(Route(BARE_PATH, bare, methods=["POST"]))
    server = Server(app)
    options = {"sts_key": str(keys.sts_key), "sts_cert": str(keys.sts_cert)}
    print(json.dumps({"url": server.url, **options}), flush=True)
    server.serve_forever()


def _prepare(endpoint: dict[str, Any], count: int) -> tuple[list[bytes], bytes]:
    """`count` GetPatientAllergyList envelopes, each with its own MessageID, and one real reply."""
    import uuid

    from konform import soap, xml
    from konform.dgws import header
    from konform.lar import model
    from konform.lar.cards import Cards
    from konform.lar.client import LarClient
    from konform.targets import Endpoint

    target = Endpoint(url=endpoint["url"] + SERVICE_PATH, options=endpoint)
    card = Cards(target).card(4)
    patient = "1601010020"  # the guide's example patient (§5.1)
    body = xml.parse(Path("features/lar/examples/register-request.xml").read_bytes()).find(
        f"{{{soap.SOAP11}}}Body"
    )
    assert body is not None
    with LarClient(target, card) as client:
        for _ in range(ALLERGIES):
            allergy = body[0][0]
            model.put(allergy, "identifier", str(uuid.uuid4()))
            client.register(allergy)
        reply = client.get(model.criteria_xml(patient=patient)).exchange.response_body
    payload = model.request_xml(model.GET, model.criteria_xml(patient=patient))
    return [header.wrap(payload, card) for _ in range(count)], reply


def run(url: str, path: str, bodies: list[bytes]) -> float:
    """Requests per second for `bodies` sent to `path`; every answer must be HTTP 200."""
    return load.run(url + path, bodies, connections=CONCURRENCY, action="GetPatientAllergyList")


def main() -> dict[str, Any]:
    """Run the benchmark, print the figures and merge them into reports/bench.json under "lar"."""
    with tempfile.TemporaryDirectory(prefix="konform-bench-lar-") as folder:
        command = [sys.executable, "-c", f"from bench.lar import serve; serve({folder!r})"]
        server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        try:
            assert server.stdout is not None
            endpoint = json.loads(server.stdout.readline())
            prepared, reply = _prepare(endpoint, REQUESTS * (REPEAT + 1))
            (Path(folder) / "reply.xml").write_bytes(reply)
            verified, bare = [], []
            run(endpoint["url"], SERVICE_PATH, prepared[:REQUESTS])  # warm-up
            for round_ in range(1, REPEAT + 1):
                bodies = prepared[round_ * REQUESTS : (round_ + 1) * REQUESTS]
                verified.append(run(endpoint["url"], SERVICE_PATH, bodies))
                bare.append(run(endpoint["url"], BARE_PATH, bodies))
        finally:
            server.terminate()
            server.wait(timeout=15)
    figures = {
        "operation": "GetPatientAllergyList, DGWS verified (RSA-SHA256 signature, level, CVR, replay), "
        f"{ALLERGIES} allergies in the reply",
        "requests_per_round": REQUESTS,
        "concurrency": CONCURRENCY,
        "repeat": REPEAT,
        "cpus": os.cpu_count(),
        "verified_rps": round(statistics.median(verified)),
        "bare_rps": round(statistics.median(bare)),
        "ratio_verified_to_bare": round(statistics.median(verified) / statistics.median(bare), 3),
    }
    print(f"LAR GetPatientAllergyList, {CONCURRENCY} connections, medians of {REPEAT} rounds of {REQUESTS}:")
    print(f"  verified (DGWS)  {figures['verified_rps']:>7} req/s")
    print(f"  bare endpoint    {figures['bare_rps']:>7} req/s")
    print(f"  ratio            {figures['ratio_verified_to_bare']:>7}")
    results.merge("lar", figures)
    return figures


if __name__ == "__main__":
    main()

"""SPOR postRegistration throughput over mutual TLS, against a bare endpoint on the same listener.

One server process serves the SPOR simulator (schema validation, rules, SQLite) and, on
the same app and the same mTLS listener, a bare endpoint that reads the body and returns
a fixed postRegistrationResponse. The client presents the test client certificate and
keeps its connections alive, so the TLS handshake is paid once per connection for both.
Each request carries one new registration (a create, answered "Skapade"). Figures go to
reports/bench.json under "spor_simulator"; quote the ratio, absolute numbers drift.
"""

from __future__ import annotations

import json
import os
import ssl
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench import load, results

REQUESTS = int(os.environ.get("BENCH_SPOR_REQUESTS", "2000"))
CONNECTIONS = int(os.environ.get("BENCH_SPOR_CONNECTIONS", "8"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
SERVICE = "/spor/ws/4_1/RegistrationService"
BARE = "/bench/bare"


def serve(folder: str) -> None:
    """The server process: the SPOR simulator plus the bare endpoint on one mTLS listener."""
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    from konform.server import Server
    from konform.spor import embedded

    running = embedded.build(Path(folder))
    reply = (
        b'<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/'
        b'soap/envelope/"><soap:Body><postRegistrationResponse xmlns="urn:konform:spor:4.1"><result>'
        b"<behandlingsnummer>1</behandlingsnummer><resultCode>OK</resultCode><resultText>Skapade: 1"
        b"</resultText></result></postRegistrationResponse></soap:Body></soap:Envelope>"
    )

    async def bare(request: Request) -> Response:
        await request.body()
        return Response(reply, media_type="text/xml; charset=utf-8")

    app = running.simulator.app()
    app.router.routes.append(Route(BARE, bare, methods=["POST"]))
    server = Server(app, tls=running.mtls.tls)
    endpoint = running.endpoint
    facts = {"url": server.url, "ca": str(endpoint.ca), "cert": str(endpoint.client_cert)}
    print(json.dumps({**facts, "key": str(endpoint.client_key)}), flush=True)
    server.serve_forever()


def bodies(count: int, offset: int) -> list[bytes]:
    """`count` postRegistration envelopes, each creating a new behandlingsnummer."""
    from konform import soap
    from konform.spor import model
    from konform.spor.embedded import DEFAULT_UNIT

    prepared = []
    for number in range(offset, offset + count):
        registration = model.registration_xml(
            recipientMessageSplit="SPOR",
            systemId=DEFAULT_UNIT,
            behandlingsnummer=str(number),
            personnummer="189001019802",
            operationsanmalan="2022-04-13T13:54:22+01:00",
            atgarder=["UDH02"],
        )
        prepared.append(soap.build(model.request_xml([registration])))
    return prepared


def main() -> dict[str, Any]:
    """Run the benchmark, print the figures and merge them into reports/bench.json."""
    with tempfile.TemporaryDirectory(prefix="konform-bench-spor-") as folder:
        command = [sys.executable, "-c", f"from bench.spor_simulator import serve; serve({folder!r})"]
        server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        try:
            assert server.stdout is not None
            endpoint = json.loads(server.stdout.readline())
            tls = ssl.create_default_context(cafile=endpoint["ca"])
            tls.load_cert_chain(endpoint["cert"], endpoint["key"])
            tls.check_hostname = False
            prepared = bodies(REQUESTS * (REPEAT + 1), 1_000_000)
            simulated, bare = [], []
            load.run(endpoint["url"] + SERVICE, prepared[:REQUESTS], connections=CONNECTIONS, tls=tls)
            for round_ in range(1, REPEAT + 1):
                batch = prepared[round_ * REQUESTS : (round_ + 1) * REQUESTS]
                simulated.append(load.run(endpoint["url"] + SERVICE, batch, connections=CONNECTIONS, tls=tls))
                bare.append(load.run(endpoint["url"] + BARE, batch, connections=CONNECTIONS, tls=tls))
        finally:
            server.terminate()
            server.wait(timeout=15)
    figures = {
        "operation": "postRegistration over mutual TLS (schema, rules, SQLite WAL), one new registration",
        "requests_per_round": REQUESTS,
        "connections": CONNECTIONS,
        "repeat": REPEAT,
        "cpus": os.cpu_count(),
        "simulator_rps": round(statistics.median(simulated)),
        "bare_rps": round(statistics.median(bare)),
        "ratio_simulator_to_bare": round(statistics.median(simulated) / statistics.median(bare), 3),
    }
    print(f"SPOR postRegistration over mTLS, {CONNECTIONS} connections, medians of {REPEAT} rounds:")
    print(f"  simulator        {figures['simulator_rps']:>7} req/s")
    print(f"  bare endpoint    {figures['bare_rps']:>7} req/s")
    print(f"  ratio            {figures['ratio_simulator_to_bare']:>7}")
    results.merge("spor_simulator", figures)
    return figures


if __name__ == "__main__":
    main()

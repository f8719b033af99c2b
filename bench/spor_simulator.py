"""SPOR postRegistration throughput over mutual TLS, against a bare endpoint on the same listener.

The server process serves the SPOR simulator (schema validation, rules, SQLite WAL) and
the bare endpoint on the same mTLS listener; the client presents the test client
certificate and keeps its connections alive, so the handshake is paid once per
connection for both. Each request creates one new registration (answered "Skapade").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench import served

SERVICE = "/spor/ws/4_1/RegistrationService"
REPLY = (
    b'<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/'
    b'soap/envelope/"><soap:Body><postRegistrationResponse xmlns="urn:konform:spor:4.1"><result>'
    b"<behandlingsnummer>1</behandlingsnummer><resultCode>OK</resultCode><resultText>Skapade: 1"
    b"</resultText></result></postRegistrationResponse></soap:Body></soap:Envelope>"
)


def serve(folder: str) -> None:
    """The server process: the SPOR simulator plus the bare endpoint on one mTLS listener."""
    from konform.server import Server
    from konform.spor import embedded

    running = embedded.build(Path(folder))
    app = running.simulator.app()
    served.add_bare(app, REPLY)
    server = Server(app, tls=running.mtls.tls)
    endpoint = running.endpoint
    served.listen(
        server, {"ca": str(endpoint.ca), "cert": str(endpoint.client_cert), "key": str(endpoint.client_key)}
    )


def registrations(count: int, offset: int) -> list[bytes]:
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


def operations(_: dict[str, Any]) -> list[served.Operation]:
    """postRegistration, each request a new registration."""
    size = served.REQUESTS
    batches = [registrations(size, 1_000_000 + round_ * size) for round_ in range(served.REPEAT + 1)]
    return [served.Operation("postRegistration", SERVICE, batches, expect=b"Skapade")]


def main() -> dict[str, Any]:
    """Run the benchmark, print the figures and merge them into reports/bench.json under "spor_simulator"."""
    return served.benchmark(
        "spor_simulator",
        "SPOR over mutual TLS",
        "mutual TLS (client certificate); schema, rules, SQLite WAL",
        operations,
        tls=lambda endpoint: served.mutual_tls(endpoint["ca"], endpoint["cert"], endpoint["key"]),
    )


if __name__ == "__main__":
    main()

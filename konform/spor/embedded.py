"""Start the SPOR simulator for a test session or for `konform serve spor`.

Two listeners serve one app, as stage does (§3.1 "Adresser"): an mTLS entry that
requires a client certificate from the test CA, and an "utan certifikat" entry
(server TLS only) that also carries the control API's URL for the suite.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from konform import pki
from konform.server import Server, Tls
from konform.spor import wire as spor_wire
from konform.spor.simulator import SporSimulator
from konform.targets import Endpoint

#: A unit (SystemId) the embedded simulator knows from the start, for targets without a control API.
DEFAULT_UNIT = "SE2321000131-E000000000001"


@dataclass
class RunningSpor:
    """A started SPOR simulator: how to reach it, and how to stop it."""

    simulator: SporSimulator
    pki: pki.Pki
    database: Path
    mtls: Server
    no_certificate: Server
    endpoint: Endpoint = field(init=False)

    def __post_init__(self) -> None:
        wire = self.simulator.wire
        bound = {} if wire.canonical else {"binding": str(wire.binding.path)}
        self.endpoint = Endpoint(
            url=self.mtls.url + wire.path,
            client_cert=self.pki.client_cert,
            client_key=self.pki.client_key,
            ca=self.pki.ca,
            control_url=self.no_certificate.url,
            options={
                "no_certificate_url": self.no_certificate_url,
                "upload_url": self.mtls.url + wire.upload_path,
                "untrusted_client_cert": str(self.pki.untrusted_client_cert),
                "untrusted_client_key": str(self.pki.untrusted_client_key),
                "system_id": DEFAULT_UNIT,
                **bound,  # the binding the simulator speaks, for the suite's client
            },
        )

    @property
    def no_certificate_url(self) -> str:
        """The "utan certifikat" entry of the web service."""
        return self.no_certificate.url + self.simulator.wire.path

    def stop(self) -> None:
        self.mtls.stop()
        self.no_certificate.stop()
        self.simulator.db.close()


def build(
    folder: Path,
    *,
    port: int = 0,
    no_cert_port: int = 0,
    units: tuple[str, ...] = (DEFAULT_UNIT,),
    fault: str | None = None,
    pki_folder: Path | None = None,
    wire: spor_wire.Wire = spor_wire.BUILTIN_WIRE,
) -> RunningSpor:
    """Create (but do not start) both listeners over one simulator whose state lives in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    keys = pki.ensure(pki_folder or folder / "pki")
    mtls_tls = Tls(
        certfile=keys.server_cert,
        keyfile=keys.server_key,
        client_cas=[keys.ca],
        lenient_cas=[keys.untrusted_ca],
        requirement="SPOR-3.1-MTLS",
    )
    database = folder / "spor.sqlite"
    simulator = SporSimulator.open(database, control=True, units=units, tls=mtls_tls, wire=wire)
    if fault:
        simulator.select_profile(fault)
    app = simulator.app()
    mtls = Server(app, port=port, tls=mtls_tls)
    plain = Server(app, port=no_cert_port, tls=Tls(certfile=keys.server_cert, keyfile=keys.server_key))
    return RunningSpor(simulator=simulator, pki=keys, database=database, mtls=mtls, no_certificate=plain)


def start(
    folder: Path,
    *,
    units: tuple[str, ...] = (DEFAULT_UNIT,),
    fault: str | None = None,
    pki_folder: Path | None = None,
    wire: spor_wire.Wire = spor_wire.BUILTIN_WIRE,
) -> RunningSpor:
    """Build and start both listeners in background threads on free ports (xdist-safe)."""
    running = build(folder, units=units, fault=fault, pki_folder=pki_folder, wire=wire)
    running.mtls.start()
    try:
        running.no_certificate.start()
    except Exception:
        running.mtls.stop()
        raise
    return running

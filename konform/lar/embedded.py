"""Start the LAR simulator for a test session or for `konform serve lar`.

The simulator trusts the STS certificate of a konform test PKI (`konform pki`), plus any
extra certificates named; the endpoint it describes carries that STS's key so that the
suite can mint ID cards of any level, type, CVR and validity for it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from konform import pki
from konform.lar.simulator import DEFAULT_CVRS, SERVICE_PATH, LarSimulator
from konform.server import Server
from konform.targets import Endpoint

#: A CVR the default whitelist does not hold, for `not_authorized` (a valid CVR-nummer).
FOREIGN_CVR = "12345674"


@dataclass
class RunningLar:
    """A started (or built) LAR simulator: how to reach it, what it trusts, and how to stop it."""

    simulator: LarSimulator
    pki: pki.Pki
    database: Path
    server: Server
    trusted: list[Path]
    endpoint: Endpoint = field(init=False)

    def __post_init__(self) -> None:
        cvrs = self.simulator.whitelist.cvrs
        self.endpoint = Endpoint(
            url=self.server.url + SERVICE_PATH,
            control_url=self.server.url,
            options={
                "sts_key": str(self.pki.sts_key),
                "sts_cert": str(self.pki.sts_cert),
                "untrusted_sts_key": str(self.pki.untrusted_sts_key),
                "untrusted_sts_cert": str(self.pki.untrusted_sts_cert),
                "cvr": sorted(cvrs)[0] if cvrs else DEFAULT_CVRS[0],
                "foreign_cvr": FOREIGN_CVR,
            },
        )

    def stop(self) -> None:
        self.server.stop()
        self.simulator.db.close()


def build(
    folder: Path,
    *,
    port: int = 0,
    fault: str | None = None,
    pki_folder: Path | None = None,
    cvrs: Iterable[str] | None = DEFAULT_CVRS,
    trust: Iterable[Path] = (),
) -> RunningLar:
    """Create (but do not start) the listener over a simulator whose state lives in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    keys = pki.ensure(pki_folder or folder / "pki")
    trusted = [keys.sts_cert, *trust]
    database = folder / "lar.sqlite"
    simulator = LarSimulator.open(database, trusted_sts=trusted, cvrs=cvrs)
    if fault:
        simulator.select_profile(fault)
    server = Server(simulator.app(), port=port)
    return RunningLar(simulator=simulator, pki=keys, database=database, server=server, trusted=trusted)


def start(folder: Path, *, fault: str | None = None, pki_folder: Path | None = None) -> RunningLar:
    """Build and start the listener in a background thread on a free port (xdist-safe)."""
    running = build(folder, fault=fault, pki_folder=pki_folder)
    running.server.start()
    return running

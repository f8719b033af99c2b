"""Start the BRS simulator for a test session or for `konform serve brs`.

One plain-HTTP listener (NSP's test environments are http; DGWS secures the message)
serves BRS, the notification service and its gos alias, and the control API.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from konform import pki
from konform.brs.simulator import BRS_PATH, GOS_PATH, NOTIFICATION_PATH, BrsSimulator
from konform.server import Server
from konform.targets import Endpoint

#: CVRs the embedded simulator whitelists from the start: a caller, a second caller, the
#: guide's example QueryableCvr. UNLISTED is valid but not whitelisted (not_authorized).
CVR = "25520041"
OTHER_CVR = "55832218"
EXAMPLE_CVR = "31908574"
UNLISTED_CVR = "25469364"
WHITELIST = (CVR, OTHER_CVR, EXAMPLE_CVR)


@dataclass
class RunningBrs:
    """A started BRS simulator: how to reach it, and how to stop it."""

    simulator: BrsSimulator
    pki: pki.Pki
    database: Path
    server: Server
    whitelist: tuple[str, ...] = WHITELIST
    endpoint: Endpoint = field(init=False)

    def __post_init__(self) -> None:
        url = self.server.url
        callers = [*self.whitelist, OTHER_CVR][:2] if len(self.whitelist) < 2 else list(self.whitelist[:2])
        self.endpoint = Endpoint(
            url=url + BRS_PATH,
            control_url=url,
            options={
                "notification_url": url + NOTIFICATION_PATH,
                "gos_notification_url": url + GOS_PATH,
                "sts_key": str(self.pki.sts_key),
                "sts_cert": str(self.pki.sts_cert),
                "untrusted_sts_key": str(self.pki.untrusted_sts_key),
                "untrusted_sts_cert": str(self.pki.untrusted_sts_cert),
                "cvr": callers[0],
                "other_cvr": callers[1],
                "unlisted_cvr": UNLISTED_CVR,
            },
        )

    def stop(self) -> None:
        self.server.stop()
        self.simulator.db.close()


def build(
    folder: Path,
    *,
    port: int = 0,
    whitelist: tuple[str, ...] = WHITELIST,
    fault: str | None = None,
    pki_folder: Path | None = None,
) -> RunningBrs:
    """Create (but do not start) the listener over a simulator whose state lives in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    keys = pki.ensure(pki_folder or folder / "pki")
    database = folder / "brs.sqlite"
    simulator = BrsSimulator.open(database, trusted_sts=[keys.sts_cert], whitelist=whitelist)
    if fault:
        simulator.select_profile(fault)
    server = Server(simulator.app(), port=port)
    return RunningBrs(simulator=simulator, pki=keys, database=database, server=server, whitelist=whitelist)


def start(folder: Path, *, fault: str | None = None, pki_folder: Path | None = None) -> RunningBrs:
    """Build and start the listener in a background thread on a free port (xdist-safe)."""
    running = build(folder, fault=fault, pki_folder=pki_folder)
    running.server.start()
    return running

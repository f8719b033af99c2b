"""Start the SYSVAK simulator for a test session or for `konform serve sysvak`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from konform.server import Server
from konform.sysvak import codes
from konform.sysvak.code_lists import load as load_code_lists
from konform.sysvak.simulator import SERVICE_PATH, SysvakSimulator
from konform.targets import Endpoint


@dataclass
class RunningSysvak:
    """A started SYSVAK simulator: how to reach it, and how to stop it."""

    simulator: SysvakSimulator
    database: Path
    server: Server
    endpoint: Endpoint = field(init=False)

    def __post_init__(self) -> None:
        self.endpoint = Endpoint(url=self.server.url + SERVICE_PATH, control_url=self.server.url)

    def stop(self) -> None:
        self.server.stop()
        self.simulator.db.close()


def build(
    folder: Path, *, port: int = 0, fault: str | None = None, code_lists: Path | None = None
) -> RunningSysvak:
    """Create (but do not start) a listener over a simulator whose state lives in `folder`.

    `code_lists`: real code lists to use in place of konform's sample, for this process
    (konform.sysvak.code_lists; CodeListError if they cannot be read).
    """
    if code_lists is not None:
        codes.install(load_code_lists(code_lists))
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / "sysvak.sqlite"
    simulator = SysvakSimulator.open(database, control=True)
    if fault:
        simulator.select_profile(fault)
    return RunningSysvak(simulator=simulator, database=database, server=Server(simulator.app(), port=port))


def start(folder: Path, *, fault: str | None = None) -> RunningSysvak:
    """Build and start in a background thread on a free port (xdist-safe)."""
    running = build(folder, fault=fault)
    running.server.start()
    return running

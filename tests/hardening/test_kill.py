"""kill -9 of a simulator under load loses nothing it acknowledged and leaves nothing half-written.

The simulator's SQLite file (WAL, synchronous=NORMAL; konform/store.py says why that holds
across a killed process) belongs to the test: `konform serve` is killed with SIGKILL while
clients are writing, the file is checked as SQLite would find it after the crash, and a
new `konform serve` on the same folder must report every acknowledged write, once.
"""

from __future__ import annotations

import signal
import sqlite3
from collections import Counter
from pathlib import Path

import pytest

from tests.hardening.load_clients import join, send, start_clients
from tests.hardening.writes import REGISTRIES, writes_for
from tests.serving import serving, start

CLIENTS = 4
#: An upper bound: the kill comes long before the clients could finish.
WRITES_EACH = 500
KILL_AFTER = 40
AWAIT = 60.0
RESTARTED_CLIENT = 8

pytestmark = pytest.mark.slow


def integrity(database: Path) -> str:
    """SQLite's own verdict on the file after the crash (this also replays its write-ahead log)."""
    connection = sqlite3.connect(database)
    try:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        connection.close()


@pytest.mark.parametrize("registry", REGISTRIES)
def test_a_killed_simulator_restarts_with_every_acknowledged_write(registry: str, tmp_path: Path) -> None:
    writes = writes_for(registry)
    served = start(registry, tmp_path)
    try:
        post = writes.prepare(served)
        tally, clients = start_clients(served, writes, [post] * CLIENTS, writes_each=WRITES_EACH)
        with tally.changed:  # from here no client notes anything until the simulator is dead
            # Mid-load: enough acknowledged, and at that moment a write sent and not yet answered
            # (the clients share one interpreter and can all be between two writes at once).
            going = tally.changed.wait_for(
                lambda: len(tally.acknowledged) >= KILL_AFTER and tally.in_flight() > 0, timeout=AWAIT
            )
            exit_code = served.kill()
        join(clients)
        assert going, f"load did not get going: {tally.refused[:3]} {tally.failed[:1]}"
    finally:
        served.stop()
    assert exit_code == -signal.SIGKILL
    assert tally.failed == [], tally.failed[0]
    assert tally.refused == [], f"answered without acknowledging: {tally.refused[:3]}"
    assert 0 < len(tally.broken) <= CLIENTS  # each client stops at its first broken-off request
    acknowledged, sent = list(tally.acknowledged), set(tally.sent)
    assert integrity(Path(served.state["database"])) == "ok"

    with serving(registry, tmp_path) as restarted:
        stored = writes.stored(restarted)
        post = writes.prepare(restarted)
        key = writes.key(RESTARTED_CLIENT, 0)
        with restarted.session() as http:
            after = send(http, post, writes.body(key), registry)
        assert writes.acknowledged(after, key), after.response_body[:500]
    lost = set(acknowledged) - set(stored)
    assert lost == set(), f"{len(lost)} acknowledged writes lost, e.g. {sorted(lost)[:3]}"
    duplicated = [key for key, times in Counter(stored).items() if times > 1]
    assert duplicated == [], f"stored more than once: {duplicated[:3]}"
    assert set(stored) <= sent, "the store holds writes no client sent"

"""Under concurrent load every acknowledged write is stored exactly once, and nothing else is.

Each simulator runs as `konform serve` with its security on (SPOR over mutual TLS, LAR and
BRS under signed DGWS ID cards with a MessageID per request); N clients send M writes
each at once, and the acknowledgements are compared with what the control API reports.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests.hardening.load_clients import Tally, join, start_clients
from tests.hardening.writes import REGISTRIES, Post, writes_for
from tests.serving import serving

CLIENTS = 4
WRITES_EACH = 25

pytestmark = pytest.mark.slow


def assert_stored_exactly_once(tally: Tally, stored: list[str]) -> None:
    assert tally.failed == [], tally.failed[0]
    assert tally.refused == [], f"{len(tally.refused)} writes were not acknowledged: {tally.refused[:3]}"
    assert tally.broken == []
    assert len(tally.acknowledged) == CLIENTS * WRITES_EACH
    duplicated = [key for key, times in Counter(stored).items() if times > 1]
    assert duplicated == [], f"stored more than once: {duplicated[:3]}"
    assert sorted(stored) == sorted(tally.acknowledged)


@pytest.mark.parametrize("registry", REGISTRIES)
def test_every_acknowledged_write_is_stored_exactly_once(registry: str, tmp_path: Path) -> None:
    writes = writes_for(registry)
    with serving(registry, tmp_path) as served:
        post = writes.prepare(served)
        tally, clients = start_clients(served, writes, [post] * CLIENTS, writes_each=WRITES_EACH)
        join(clients)
        stored = writes.stored(served)
    assert_stored_exactly_once(tally, stored)


def test_spor_writes_through_both_entries_at_once_are_each_stored_once(tmp_path: Path) -> None:
    """The mTLS entry and the "utan certifikat" entry are two listeners over one SPOR state."""
    writes = writes_for("spor")
    with serving("spor", tmp_path) as served:
        mtls = writes.prepare(served)
        without_certificate = Post(served.state["no_certificate_url"], mtls.headers)
        posts = [mtls, without_certificate] * (CLIENTS // 2)
        tally, clients = start_clients(served, writes, posts, writes_each=WRITES_EACH)
        join(clients)
        stored = writes.stored(served)
    assert_stored_exactly_once(tally, stored)

"""Under concurrent load every acknowledged write is stored exactly once, and nothing else is.

Each simulator runs as `konform serve` with its security on (SPOR over mutual TLS, LAR and
BRS under signed DGWS ID cards with a MessageID per request); N clients send M writes
each at once, and the acknowledgements are compared with what the control API reports.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests.hardening.load_clients import join, start_clients
from tests.hardening.writes import REGISTRIES, writes_for
from tests.serving import serving

CLIENTS = 4
WRITES_EACH = 25

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("registry", REGISTRIES)
def test_every_acknowledged_write_is_stored_exactly_once(registry: str, tmp_path: Path) -> None:
    writes = writes_for(registry)
    with serving(registry, tmp_path) as served:
        post = writes.prepare(served)
        tally, clients = start_clients(served, writes, post, clients=CLIENTS, writes_each=WRITES_EACH)
        join(clients)
        stored = writes.stored(served)
    assert tally.refused == [], f"{len(tally.refused)} writes were not acknowledged: {tally.refused[:3]}"
    assert tally.broken == []
    assert len(tally.acknowledged) == CLIENTS * WRITES_EACH
    duplicated = [key for key, times in Counter(stored).items() if times > 1]
    assert duplicated == [], f"stored more than once: {duplicated[:3]}"
    assert sorted(stored) == sorted(tally.acknowledged)

"""One embedded LAR simulator for konform's own LAR tests, reset (and back to correct) before each test."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from konform.lar import embedded
from konform.lar.cards import Cards
from konform.lar.client import LarClient, LarControl


@pytest.fixture(scope="session")
def lar_sim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[embedded.RunningLar]:
    running = embedded.start(tmp_path_factory.mktemp("lar-sim"))
    yield running
    running.stop()


@pytest.fixture
def lar_ctl(lar_sim: embedded.RunningLar) -> Iterator[LarControl]:
    control = LarControl(str(lar_sim.endpoint.control_url))
    control.select_profile("correct")
    control.reset()
    yield control
    control.close()


@pytest.fixture
def lar_cards(lar_sim: embedded.RunningLar) -> Cards:
    return Cards(lar_sim.endpoint)


@pytest.fixture
def lar_cli(lar_sim: embedded.RunningLar, lar_ctl: LarControl, lar_cards: Cards) -> Iterator[LarClient]:
    """A client presenting a level-4 card (enough for every operation)."""
    with LarClient(lar_sim.endpoint, lar_cards.card(4)) as client:
        yield client


@pytest.fixture
def lar_client_at(lar_sim: embedded.RunningLar, lar_cards: Cards) -> Iterator[Callable[[int], LarClient]]:
    """Clients presenting a card of the level asked for."""
    made: list[LarClient] = []

    def at(level: int) -> LarClient:
        made.append(LarClient(lar_sim.endpoint, lar_cards.card(level)))
        return made[-1]

    yield at
    for client in made:
        client.close()

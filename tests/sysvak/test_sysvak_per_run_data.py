"""Against a target that keeps its data, SYSVAK's default child is the run's own synthetic person."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from generators import sysvak as gen
from konform import runseed
from konform.identifiers import no_fodselsnummer
from steps.sysvak_phrases import DEFAULT_CHILD, default_child, request


@pytest.fixture
def restore_seed() -> Iterator[None]:
    before = runseed.current()
    yield
    runseed.choose(None if before is None else str(before), persistent_target=False)


@pytest.mark.parametrize("seed", ["1", "2", "31337", "4294967295"])
def test_the_run_child_is_a_valid_synthetic_fodselsnummer_of_a_child(seed: str, restore_seed: None) -> None:
    runseed.choose(seed, persistent_target=True)
    number = gen.per_run_child()
    assert no_fodselsnummer.is_valid(number)
    assert no_fodselsnummer.get_number_type(number) == "synthetic"  # month + 80: never a real person
    assert 2015 <= no_fodselsnummer.get_birth_date(number).year <= 2022


def test_each_run_seed_draws_its_own_child_and_the_same_seed_the_same_one(restore_seed: None) -> None:
    children = set()
    for seed in ("11", "12", "13", "14"):
        runseed.choose(seed, persistent_target=True)
        children.add(gen.per_run_child())
        assert gen.per_run_child() in children  # the same child throughout one run
    assert len(children) == 4
    runseed.choose("11", persistent_target=True)
    assert gen.per_run_child() in children


def test_a_message_naming_no_vaksinand_is_about_the_run_child_against_a_persistent_target(
    restore_seed: None,
) -> None:
    runseed.choose("fixed", persistent_target=False)
    assert default_child() == DEFAULT_CHILD
    runseed.choose("424242", persistent_target=True)
    sent = request("a HendelseRequest")
    assert sent.vaksinand.ident is not None
    assert sent.vaksinand.ident.id == default_child() != DEFAULT_CHILD

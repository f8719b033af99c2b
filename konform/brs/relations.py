"""How BRS decides (Svar; BRS-SUFFICIENT, BRS-FOLLOWUP): pure functions over found relation categories."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from konform.brs.model import ALL, Organisation, categories

#: BRS-FOLLOWUP (interp.): what All and a list do when BRS finds no relation at all.
ALL_READING = (
    "the guide does not say whether a follow-up is ordered when no relation at all is found; konform "
    "reads All (\"opfølgning på alle kategorier\") as yes and a list of categories as no"
)


@dataclass(frozen=True)
class Decision:
    """What a treatmentRelation answer says: SufficientRelation, ActualRelations, FollowupOrdered."""

    sufficient: bool
    actual: tuple[str, ...]
    followup_ordered: bool


def decide(found: Iterable[str], acceptable: Iterable[str], followup: tuple[str, ...] | str) -> Decision:
    """SufficientRelation iff a found category is acceptable; otherwise a follow-up when the
    found categories meet FollowupRelations, or always with All (the catalogue's reading:
    All orders one even when nothing at all was found; a list does not)."""
    actual = categories(found)
    accepted = set(acceptable)
    sufficient = any(category in accepted for category in actual)
    if sufficient:
        ordered = False
    elif followup == ALL:
        ordered = True
    else:
        ordered = any(category in followup for category in actual)
    return Decision(sufficient, actual, ordered)


def overlaps(start: datetime, end: datetime, other_start: datetime, other_end: datetime) -> bool:
    """True if the closed intervals [start, end] and [other_start, other_end] share a moment."""
    return start <= other_end and other_start <= end


@dataclass(frozen=True)
class RelationFact:
    """A treatment relation the national registries know: who, where, which category, when.

    `known_from` is when BRS learned of it (the simulator's clock when it was arranged):
    a follow-up is satisfied only by a relation known by its TimeLimit.
    """

    patient: str
    professional: str
    organisation: Organisation
    category: str
    start: datetime
    end: datetime
    known_from: datetime | None = field(default=None, compare=False)

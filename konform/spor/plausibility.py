"""Judgements SPOR makes on schema-valid data: Skatteverket's rules (§7.1) and the Fellista (§7.3).

The consumer rules and the SPOR simulator share these, so both say the same thing.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date, datetime

from lxml import etree

from konform.identifiers import se_identity
from konform.identifiers.exceptions import ValidationError
from konform.spor.model import Registration

#: §7.3: the timed variables in the order they happen, with the Fellista's Swedish names.
TIMELINE = (
    ("operationsanmalan", "operationsanmälan"),
    ("anlantOperationsavdelning", "anlänt till operationsavdelningen"),
    ("operationsstart", "operationsstart"),
    ("operationsslut", "operationsslut"),
    ("lamnatOperationsavdelning", "lämnat operationsavdelningen"),
    ("lamnatPostop", "lämnat postop"),
)


def identity_problem(personnummer: str, *, today: date | None = None) -> str | None:
    """§7.1: None if the value passes Skatteverket's rules (personnummer or samordningsnummer), else why."""
    try:
        se_identity.validate(personnummer, today=today)
    except ValidationError as error:
        return str(error)
    return None


def out_of_order(
    registration: Registration, skip: frozenset[str] = frozenset()
) -> Iterator[tuple[str, str, str]]:
    """(earlier element, later element, Fellista reason) for each adjacent pair of present times
    that is out of order.

    Elements in `skip` (values that broke the schema) take no part in the comparison. Local
    times (no offset, which ISO 8601:2004 allows) compare with each other, never with a time
    that has an offset: which instant a local time means is not known.
    """
    texts = registration.texts
    present = [
        (name, label, text) for name, label in TIMELINE if (text := texts.get(name)) and name not in skip
    ]
    if _ordered_as_text(present):
        return
    parsed = [(name, label, text.strip(), when) for name, label, text in present if (when := _when(text))]
    for (name_a, label_a, value_a, time_a), (name_b, label_b, value_b, time_b) in itertools.pairwise(parsed):
        if (time_a.tzinfo is None) == (time_b.tzinfo is None) and time_b < time_a:
            yield name_a, name_b, f"{label_b[0].upper()}{label_b[1:]} {value_b} är före {label_a} {value_a}"


def _when(text: str) -> datetime | None:
    """A date-time, with its offset or local; None when it is not one."""
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        return None


def _ordered_as_text(present: list[tuple[str, str, str]]) -> bool:
    """Fast path: times written alike (`YYYY-MM-DDThh:mm:ss±hh:mm`, one offset) compare as text."""
    previous = ""
    offset = present[0][2][-6:] if present else ""
    for _, _, text in present:
        if len(text) != 25 or text[-6:] != offset or text < previous:
            return False
        previous = text
    return True


def fellista_reasons(registration: etree._Element) -> list[str]:
    """§7.3: why SPOR puts this (schema-valid) registration on the Fellista, in Swedish; [] if plausible."""
    return [reason for _, _, reason in out_of_order(Registration(registration))]

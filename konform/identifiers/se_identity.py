"""Personnummer or samordningsnummer (Swedish person identity, either kind).

SPOR (section 7.1, "Format för personnummer och samordningsnummer") takes either in one
field: 12 digits, no separator, valid by Skatteverket's rules. A day field of 60 or
more marks a samordningsnummer (:mod:`konform.identifiers.se_samordningsnummer`), anything
else is judged as a personnummer (:mod:`konform.identifiers.se_personnummer`).

Sources: SPOR integration guide §7.1 (catalogue SPOR-7.1-PNR); FINDINGS §7.1.

>>> validate_pnr_or_samordningsnummer('189001019802')
'189001019802'
>>> get_kind('191401682396')
'samordningsnummer'
>>> validate_pnr_or_samordningsnummer('18900101-9802')  # doctest: +ELLIPSIS
Traceback (most recent call last):
    ...
konform...InvalidFormat: personnummer or samordningsnummer 18900101-9802: only the digits 0-9 ...
>>> validate_pnr_or_samordningsnummer('18900101-9802', twelve_digits=False)
'189001019802'
"""

from __future__ import annotations

import datetime
from typing import Literal

from konform.identifiers import se_personnummer, se_samordningsnummer
from konform.identifiers._util import require_digits, require_text
from konform.identifiers.exceptions import ValidationError

NAME = "personnummer or samordningsnummer"

compact = se_personnummer.compact
format = se_personnummer.format


def get_kind(
    number: str, *, today: datetime.date | None = None
) -> Literal["personnummer", "samordningsnummer"]:
    """Return which kind of number this is, judged by the day field (60 or more: samordning)."""
    number = require_digits(compact(number, today=today), NAME, 12)
    is_samordning = int(number[6:8]) >= se_personnummer.SAMORDNING_DAY_OFFSET
    return "samordningsnummer" if is_samordning else "personnummer"


def validate_pnr_or_samordningsnummer(
    number: str, *, today: datetime.date | None = None, twelve_digits: bool = True
) -> str:
    """Return the 12-digit number if it is a valid personnummer or samordningsnummer.

    With `twelve_digits` (SPOR's rule) the value must be exactly 12 digits as given;
    without it, the short and separated forms are compacted first.
    """
    number = require_digits(require_text(number, NAME), NAME, 12) if twelve_digits else number
    if get_kind(number, today=today) == "samordningsnummer":
        return se_samordningsnummer.validate(number, today=today)
    return se_personnummer.validate(number, today=today)


validate = validate_pnr_or_samordningsnummer


def is_valid(number: str, *, today: datetime.date | None = None, twelve_digits: bool = True) -> bool:
    """True if the number is a valid personnummer or samordningsnummer."""
    try:
        return bool(validate(number, today=today, twelve_digits=twelve_digits))
    except ValidationError:
        return False

"""Samordningsnummer (Swedish co-ordination number).

Skatteverket gives a samordningsnummer to people who are not, or have not been,
registered in Sweden. It is built like a personnummer, ``YYYYMMDDNNNC``, but with 60
added to the day of birth (``XX = DD + 60``); the check digit is the Luhn digit over
the last ten digits, computed after adding 60.

Month ``00`` and day ``00`` (day field ``60``) are allowed: the birth month or day is
unknown. A day that does not exist in the month (31 April, day field ``91`` in month
``04``) is invalid, although 24 such numbers appear in Skatteverket's test list.

Sources: Inera/CGI "format YYYYMMXXNNGC, XX = DD + 60" (OID 1.2.752.129.2.1.3.3);
FINDINGS §7.1; ActiveLogin #126 and personnummer/csharp #119 (second-hand reports that
Skatteverket allows 00 and rejects the impossible days).

>>> validate('191500722390')
'191500722390'
>>> get_birth_date('191401682396')
datetime.date(1914, 1, 8)
>>> validate('192004912388')  # doctest: +ELLIPSIS
Traceback (most recent call last):
    ...
konform...InvalidComponent: samordningsnummer 192004912388: day 31 (field 91) does not exist in 1920-04
"""

from __future__ import annotations

import calendar
import datetime

from konform.identifiers import luhn
from konform.identifiers._util import require_digits
from konform.identifiers.exceptions import InvalidComponent, ValidationError
from konform.identifiers.se_personnummer import SAMORDNING_DAY_OFFSET, calc_check_digit, compact

NAME = "samordningsnummer"
__all__ = ["calc_check_digit", "compact", "format", "get_birth_date", "is_valid", "validate"]


def _parts(number: str) -> tuple[int, int, int]:
    """Return (year, month, day) with 0 for an unknown month or day; raise if impossible."""
    year, month, field = int(number[:4]), int(number[4:6]), int(number[6:8])
    day = field - SAMORDNING_DAY_OFFSET
    if day < 0 or day > 31:
        raise InvalidComponent(f"{NAME} {number}: day field {field} is not a day + 60 (expected 60-91)")
    if year < datetime.MINYEAR:
        raise InvalidComponent(f"{NAME} {number}: year {number[:4]} does not exist")
    if month > 12:
        raise InvalidComponent(f"{NAME} {number}: month {month:02} does not exist")
    if month and day > calendar.monthrange(year, month)[1]:
        raise InvalidComponent(
            f"{NAME} {number}: day {day} (field {field}) does not exist in {year}-{month:02}"
        )
    return year, month, day


def get_birth_date(number: str, *, today: datetime.date | None = None) -> datetime.date:
    """Return the birth date; InvalidComponent if month or day is 00 (unknown) or impossible."""
    number = require_digits(compact(number, today=today), NAME, 12)
    year, month, day = _parts(number)
    if not month or not day:
        raise InvalidComponent(f"{NAME} {number}: the birth date is partly unknown (00)")
    return datetime.date(year, month, day)


def validate(number: str, *, today: datetime.date | None = None) -> str:
    """Return the 12-digit samordningsnummer, or raise the ValidationError saying what is wrong."""
    today = today or datetime.date.today()
    number = require_digits(compact(number, today=today), NAME, 12)
    year, month, day = _parts(number)
    earliest = datetime.date(year, month or 1, day or 1)
    if earliest > today:
        raise InvalidComponent(f"{NAME} {number}: birth date {earliest} is after {today}")
    luhn.validate(number[2:], label=f"{NAME} {number}")
    return number


def is_valid(number: str, *, today: datetime.date | None = None) -> bool:
    """True if the number is a valid samordningsnummer."""
    try:
        return bool(validate(number, today=today))
    except ValidationError:
        return False


def format(number: str, *, today: datetime.date | None = None) -> str:
    """Return the number as YYYYMMXX-NNNC."""
    number = compact(number, today=today)
    return f"{number[:8]}-{number[8:]}"

"""Personnummer (Swedish personal identity number).

Skatteverket gives everyone registered in Sweden a personnummer: the birth date, a
three-digit birth number and a check digit. The full form has 12 digits,
``YYYYMMDDNNNC``; the short form ``YYMMDD-NNNC`` shows ``+`` instead of ``-`` from the
year the person turns 100 (Folkbokföringslagen 1991:481, §18). The check digit is the
Luhn digit over the last ten digits; the century is not part of it.

A samordningsnummer (day + 60) is a different identifier
(:mod:`konform.identifiers.se_samordningsnummer`); this module refuses it.

Sources: Skatteverket "Personnummer" (SKV 704); FINDINGS §7.1; Skatteverket's list of
testpersonnummer (all 41,129 pass).

>>> validate('18900101-9802')
'189001019802'
>>> validate('189001019803')  # doctest: +ELLIPSIS
Traceback (most recent call last):
    ...
konform...InvalidChecksum: personnummer 189001019803: check digit 3 does not match the Luhn digit 2
>>> format('189001019802')
'18900101-9802'
>>> get_birth_date('189001019802')
datetime.date(1890, 1, 1)
"""

from __future__ import annotations

import datetime

from konform.identifiers import luhn
from konform.identifiers._util import clean, is_ascii_digits, require_digits
from konform.identifiers.exceptions import InvalidComponent, ValidationError

NAME = "personnummer"
SAMORDNING_DAY_OFFSET = 60


def _add_century(ten: str, plus: bool, today: datetime.date) -> str:
    """Prefix YYMMDDNNNC with the century implied by the separator and today's date."""
    year = today.year - (today.year - int(ten[:2])) % 100
    day = int(ten[4:6])
    if day > SAMORDNING_DAY_OFFSET:
        day -= SAMORDNING_DAY_OFFSET
    if year == today.year and (int(ten[2:4]), day) > (today.month, today.day):
        year -= 100
    return f"{year - 100 if plus else year}{ten[2:]}"


def compact(number: str, *, today: datetime.date | None = None) -> str:
    """Return the 12-digit form: whitespace dropped, separator removed, century added.

    A 10-digit or ``YYMMDD-NNNC`` number gets the century in which the person is under
    100 on `today`; ``YYMMDD+NNNC`` one century earlier.

    >>> compact('900101+9802', today=datetime.date(2024, 1, 1))
    '189001019802'
    """
    number = clean(number, NAME, " ")
    if len(number) == 13 and number[8] in "-+":
        return number[:8] + number[9:]
    short = number[:6] + number[7:] if len(number) == 11 and number[6] in "-+" else number
    if len(short) == 10 and is_ascii_digits(short):
        return _add_century(short, number[6:7] == "+", today or datetime.date.today())
    return number


def calc_check_digit(number: str) -> str:
    """Return the check digit for the first 11 digits YYYYMMDDNNN (Luhn without the century)."""
    return luhn.calc_check_digit(number[2:11])


def get_birth_date(number: str, *, today: datetime.date | None = None) -> datetime.date:
    """Return the birth date; InvalidComponent if the digits do not form a calendar date."""
    number = require_digits(compact(number, today=today), NAME, 12)
    year, month, day = int(number[:4]), int(number[4:6]), int(number[6:8])
    if SAMORDNING_DAY_OFFSET <= day <= SAMORDNING_DAY_OFFSET + 31:
        raise InvalidComponent(
            f"{NAME} {number}: day {day} is a samordningsnummer (day + 60), not a personnummer"
        )
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise InvalidComponent(
            f"{NAME} {number}: {number[:4]}-{number[4:6]}-{number[6:8]} is not a calendar date"
        ) from None


def validate(number: str, *, today: datetime.date | None = None) -> str:
    """Return the 12-digit personnummer, or raise the ValidationError that says what is wrong."""
    today = today or datetime.date.today()
    number = require_digits(compact(number, today=today), NAME, 12)
    birth_date = get_birth_date(number)
    if birth_date > today:
        raise InvalidComponent(f"{NAME} {number}: birth date {birth_date} is after {today}")
    luhn.validate(number[2:], label=f"{NAME} {number}")
    return number


def is_valid(number: str, *, today: datetime.date | None = None) -> bool:
    """True if the number is a valid personnummer."""
    try:
        return bool(validate(number, today=today))
    except ValidationError:
        return False


def format(number: str, *, today: datetime.date | None = None) -> str:
    """Return the number as YYYYMMDD-NNNC."""
    number = compact(number, today=today)
    return f"{number[:8]}-{number[8:]}"

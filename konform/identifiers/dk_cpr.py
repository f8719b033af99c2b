"""CPR-nummer (Danish personal identification number).

Ten digits ``DDMMYY-SSSS``: the birth date and a four-digit serial number whose first
digit (the 7th digit) gives the century:

* 0-3: 1900-1999;
* 4 or 9: 2000-2036 when YY is 00-36, else 1937-1999;
* 5-8: 2000-2057 when YY is 00-57, else 1858-1899.

Until 1 October 2007 every CPR number satisfied modulus 11 (weights 4,3,2,7,6,5,4,3,2,1).
Since then numbers without it are issued and are "fuldt ud gyldige", so this module
never rejects a number for failing modulus 11; :func:`has_modulus11` only informs.

Sources: cpr.dk "Personnummeret i CPR" and its list of birth dates with non-modulus-11
numbers; da.wikipedia "CPR-nummer" (century table); FINDINGS §7.3.

Examples use birth dates in 2050 (synthetic, see :func:`validate`):

>>> validate('010150-5007', allow_future_birth_date=True)
'0101505007'
>>> has_modulus11('0101505007')
False
>>> validate('310450-5006', allow_future_birth_date=True)  # doctest: +ELLIPSIS
Traceback (most recent call last):
    ...
konform...InvalidComponent: CPR-nummer 3104505006: 31.04.2050 is not a calendar date
>>> validate('0101505007', today=datetime.date(2026, 1, 1))  # doctest: +ELLIPSIS
Traceback (most recent call last):
    ...
konform...InvalidComponent: CPR-nummer 0101505007: birth date 2050-01-01 is after 2026-01-01
>>> format('0101505007')
'010150-5007'
"""

from __future__ import annotations

import datetime

from konform.identifiers import mod11
from konform.identifiers._util import clean, require_digits
from konform.identifiers.exceptions import InvalidComponent, ValidationError

NAME = "CPR-nummer"
WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)


def compact(number: str) -> str:
    """Return the number without whitespace, spaces and hyphens."""
    return clean(number, NAME, " -")


def has_modulus11(number: str) -> bool:
    """True if the number satisfies modulus 11 (information only; not a validity rule)."""
    return mod11.remainder(compact(number), WEIGHTS) == 0


def calc_modulus11_digit(number: str) -> str | None:
    """Return the last digit that would satisfy modulus 11 for the first nine, or None."""
    digit = -mod11.weighted_sum(compact(number)[:9], WEIGHTS) % 11
    return None if digit == 10 else str(digit)


def get_century(number: str) -> int:
    """Return the birth century (1800, 1900 or 2000) from the 7th digit and the year."""
    number = require_digits(compact(number), NAME, 10)
    year, digit = int(number[4:6]), int(number[6])
    if digit <= 3:
        return 1900
    if digit in (4, 9):
        return 2000 if year <= 36 else 1900
    return 2000 if year <= 57 else 1800


def get_birth_date(number: str) -> datetime.date:
    """Return the birth date; InvalidComponent if the digits do not form a calendar date."""
    number = require_digits(compact(number), NAME, 10)
    year = get_century(number) + int(number[4:6])
    try:
        return datetime.date(year, int(number[2:4]), int(number[:2]))
    except ValueError:
        raise InvalidComponent(
            f"{NAME} {number}: {number[:2]}.{number[2:4]}.{year} is not a calendar date"
        ) from None


def validate(
    number: str, *, today: datetime.date | None = None, allow_future_birth_date: bool = False
) -> str:
    """Return the 10-digit number, or raise the ValidationError saying what is wrong.

    `allow_future_birth_date=True` accepts numbers born after `today`, the synthetic
    test numbers konform generates (a reading, FINDINGS §7.7; no official test range).
    """
    number = require_digits(compact(number), NAME, 10)
    birth_date = get_birth_date(number)
    today = today or datetime.date.today()
    if birth_date > today and not allow_future_birth_date:
        raise InvalidComponent(f"{NAME} {number}: birth date {birth_date} is after {today}")
    return number


def is_valid(
    number: str, *, today: datetime.date | None = None, allow_future_birth_date: bool = False
) -> bool:
    """True if the number is a valid CPR-nummer."""
    try:
        return bool(validate(number, today=today, allow_future_birth_date=allow_future_birth_date))
    except ValidationError:
        return False


def format(number: str) -> str:
    """Return the number as DDMMYY-SSSS."""
    number = compact(number)
    return f"{number[:6]}-{number[6:]}"

"""Fødselsnummer (Norwegian national identity number), with D-, H- and synthetic numbers.

Eleven digits ``DDMMYY III K1 K2``: birth date, a three-digit individual number that
also gives the century, and two mod-11 control digits. K1 has weights 3,7,6,1,8,9,4,5,2
over the first nine digits, K2 weights 5,4,3,2,7,6,5,4,3,2 over the first ten. Today K1
makes the weighted sum (K1 included, weight 1) divisible by 11; from 2032 Skatteetaten
also accepts remainders 1, 2 and 3, and K2 is computed from the actual K1. A control
digit that would have to be 10 makes the number impossible.

Individual numbers: 500-749 → 1854-1899 (YY ≥ 54); 000-499 → 1900-1999;
900-999 → 1940-1999 (YY ≥ 40); 500-999 → 2000-2039 (YY < 40).

Kinds of number, by their offsets: D-nummer: day + 40 (first digit + 4). H-nummer:
month + 40 (third digit + 4); NAV/Dolly synthetic numbers use the same + 40 and cannot
be told apart from H-nummer. Synthetic numbers from Skatteetaten (Tenor, syntetisk
Folkeregister): month + 80. FH-nummer (first digit 8 or 9, no birth date) are refused.

Sources: ehelse.no "Identifikatorer for personer"; skatteetaten.no "Nye fødselsnummer
og d-nummer fra 2032"; navikt/fnrvalidator #116, #469; FINDINGS §7.2.

>>> validate('17912099997')
'17912099997'
>>> get_number_type('57912075186')
'synthetic'
>>> get_birth_date('15507600333')
datetime.date(1976, 10, 15)
>>> validate('15507600333', allow_h_number=False)  # doctest: +ELLIPSIS
Traceback (most recent call last):
    ...
konform...InvalidComponent: fødselsnummer 15507600333: is an H-nummer (month + 40), not allowed here
>>> validate('17912099998')  # doctest: +ELLIPSIS
Traceback (most recent call last):
    ...
konform...InvalidChecksum: fødselsnummer 17912099998: control digit K2 is 8, expected 7
>>> format('17912099997')
'179120 99997'
"""

from __future__ import annotations

import datetime
from typing import Literal

from konform.identifiers import mod11
from konform.identifiers._util import clean, require_digits
from konform.identifiers.exceptions import InvalidChecksum, InvalidComponent, ValidationError

NAME = "fødselsnummer"
K1_WEIGHTS = (3, 7, 6, 1, 8, 9, 4, 5, 2, 1)
K2_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
K1_REMAINDERS = (0, 1, 2, 3)  # 0 only before 2032; all four must be accepted already
NumberType = Literal["fnr", "dnr", "hnr", "synthetic"]


def compact(number: str) -> str:
    """Return the number without whitespace, spaces and hyphens."""
    return clean(number, NAME, " -")


def calc_check_digit1(number: str, *, remainder: int = 0) -> str:
    """Return K1 for the first nine digits giving `remainder`; InvalidChecksum if K1 would be 10."""
    digit = (remainder - mod11.weighted_sum(number[:9], K1_WEIGHTS)) % 11
    if digit == 10:
        raise InvalidChecksum(f"{NAME} {number[:9]}: no K1 gives remainder {remainder}")
    return str(digit)


def calc_check_digit2(number: str) -> str:
    """Return K2 for the first ten digits; InvalidChecksum if K2 would be 10."""
    digit = -mod11.weighted_sum(number[:10], K2_WEIGHTS) % 11
    if digit == 10:
        raise InvalidChecksum(f"{NAME} {number[:10]}: no K2 exists for these ten digits")
    return str(digit)


def get_k1_remainder(number: str) -> int:
    """Return the K1 remainder (weighted sum incl. K1, mod 11): 0 today, 0-3 from 2032."""
    return mod11.remainder(compact(number)[:10], K1_WEIGHTS)


def get_number_type(number: str) -> NumberType:
    """Return "synthetic" (month + 80), "hnr" (month + 40), "dnr" (day + 40) or "fnr"."""
    number = require_digits(compact(number), NAME, 11)
    day, month = int(number[:2]), int(number[2:4])
    if day >= 80:
        raise InvalidComponent(f"{NAME} {number}: is an FH-nummer, which has no birth date")
    if month > 80:
        return "synthetic"
    if month > 40:
        return "hnr"
    return "dnr" if day > 40 else "fnr"


def _birth_year(number: str) -> int:
    year, individual = int(number[4:6]), int(number[6:9])
    if individual < 500:
        return 1900 + year
    if individual < 750 and year >= 54:
        return 1800 + year
    if year < 40:
        return 2000 + year
    if individual >= 900:
        return 1900 + year
    raise InvalidComponent(
        f"{NAME} {number}: individual number {individual:03} is not issued with year digits {year:02}"
    )


def get_birth_date(number: str) -> datetime.date:
    """Return the birth date, after removing the D-, H- or synthetic offsets."""
    number = require_digits(compact(number), NAME, 11)
    get_number_type(number)
    day, month, year = int(number[:2]), int(number[2:4]), _birth_year(number)
    day -= 40 if day > 40 else 0
    month -= 80 if month > 80 else 40 if month > 40 else 0
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise InvalidComponent(
            f"{NAME} {number}: {day:02}.{month:02}.{year} (offsets removed) is not a calendar date"
        ) from None


def _check_control_digits(number: str) -> None:
    remainder = get_k1_remainder(number)
    if remainder not in K1_REMAINDERS:
        raise InvalidChecksum(
            f"{NAME} {number}: control digit K1 {number[9]} leaves remainder {remainder}, "
            "expected 0 (or 1-3 under the 2032 rule)"
        )
    expected = -mod11.weighted_sum(number[:10], K2_WEIGHTS) % 11
    if expected == 10:
        raise InvalidChecksum(f"{NAME} {number}: no control digit K2 fits (it would have to be 10)")
    if number[10] != str(expected):
        raise InvalidChecksum(f"{NAME} {number}: control digit K2 is {number[10]}, expected {expected}")


def validate(
    number: str,
    *,
    today: datetime.date | None = None,
    allow_h_number: bool = True,
    allow_synthetic: bool = True,
) -> str:
    """Return the 11-digit number, or raise the ValidationError saying what is wrong.

    `allow_h_number=False` refuses month + 40 (e.g. SYSVAK's official person
    identification); `allow_synthetic=False` refuses Skatteetaten's month + 80.
    """
    number = require_digits(compact(number), NAME, 11)
    number_type = get_number_type(number)
    if number_type == "hnr" and not allow_h_number:
        raise InvalidComponent(f"{NAME} {number}: is an H-nummer (month + 40), not allowed here")
    if number_type == "synthetic" and not allow_synthetic:
        raise InvalidComponent(f"{NAME} {number}: is a synthetic number (month + 80)")
    birth_date = get_birth_date(number)
    today = today or datetime.date.today()
    if birth_date > today:
        raise InvalidComponent(f"{NAME} {number}: birth date {birth_date} is after {today}")
    _check_control_digits(number)
    return number


def is_valid(
    number: str,
    *,
    today: datetime.date | None = None,
    allow_h_number: bool = True,
    allow_synthetic: bool = True,
) -> bool:
    """True if the number is valid (with the same options as validate)."""
    try:
        return bool(
            validate(number, today=today, allow_h_number=allow_h_number, allow_synthetic=allow_synthetic)
        )
    except ValidationError:
        return False


def format(number: str) -> str:
    """Return the number as DDMMYY IIIKK."""
    number = compact(number)
    return f"{number[:6]} {number[6:]}"

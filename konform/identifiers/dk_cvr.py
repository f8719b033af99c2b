"""CVR-nummer (Danish business registration number, Det Centrale Virksomhedsregister).

Eight digits, the first not 0; the weighted sum with weights 2,7,6,5,4,3,2,1 is
divisible by 11. A ``DK`` prefix (the VAT form) is stripped.

Sources: python-stdnum ``stdnum.dk.cvr`` (read, not copied); FINDINGS §7.4; the CVRs in
public DGWS samples (25520041, 55832218, 25469364) pass.

>>> validate('DK 25520041')
'25520041'
>>> validate('25520042')  # doctest: +ELLIPSIS
Traceback (most recent call last):
    ...
konform...InvalidChecksum: CVR-nummer 25520042: weighted sum leaves remainder 1, expected 0
>>> calc_check_digit('2552004')
'1'
"""

from __future__ import annotations

from konform.identifiers import mod11
from konform.identifiers._util import clean, require_digits
from konform.identifiers.exceptions import InvalidChecksum, InvalidFormat, ValidationError

NAME = "CVR-nummer"
WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


def compact(number: str) -> str:
    """Return the number without whitespace, hyphens and a leading ``DK``."""
    number = clean(number, NAME, " -")
    return number[2:] if number[:2].upper() == "DK" else number


def checksum(number: str) -> int:
    """Return the weighted sum modulo 11 (0 for a valid number)."""
    return mod11.remainder(compact(number), WEIGHTS)


def calc_check_digit(number: str) -> str:
    """Return the 8th digit for the first seven; InvalidChecksum if it would have to be 10."""
    digit = -mod11.weighted_sum(number[:7], WEIGHTS) % 11
    if digit == 10:
        raise InvalidChecksum(f"{NAME} {number[:7]}: no check digit exists for these digits")
    return str(digit)


def validate(number: str) -> str:
    """Return the 8-digit number, or raise the ValidationError saying what is wrong."""
    number = require_digits(compact(number), NAME, 8)
    if number[0] == "0":
        raise InvalidFormat(f"{NAME} {number}: must not start with 0")
    remainder = checksum(number)
    if remainder:
        raise InvalidChecksum(f"{NAME} {number}: weighted sum leaves remainder {remainder}, expected 0")
    return number


def is_valid(number: str) -> bool:
    """True if the number is a valid CVR-nummer."""
    try:
        return bool(validate(number))
    except ValidationError:
        return False


def format(number: str) -> str:
    """Return the number as 8 digits."""
    return compact(number)

"""Luhn (mod 10) check digit, as used by Swedish personnummer and organisationsnummer.

Double every second digit from the right (starting with the digit left of the check
digit), add the digit sums; the number is valid when the total is divisible by 10.

>>> calc_check_digit('900101980')
'2'
>>> checksum('9001019802')
0
>>> validate('9001019803', label='personnummer 189001019803')  # doctest: +ELLIPSIS
Traceback (most recent call last):
    ...
konform...InvalidChecksum: personnummer 189001019803: check digit 3 does not match the Luhn digit 2
"""

from __future__ import annotations

from konform.identifiers.exceptions import InvalidChecksum


def checksum(digits: str) -> int:
    """Return the Luhn checksum (0 for a valid number) of a string of ASCII digits."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10


def calc_check_digit(payload: str) -> str:
    """Return the Luhn digit to append to the payload digits."""
    return str((10 - checksum(payload + "0")) % 10)


def is_valid(digits: str) -> bool:
    """True if the last digit is the Luhn digit of the digits before it."""
    return checksum(digits) == 0


def validate(digits: str, *, label: str) -> str:
    """Return the digits if the Luhn check holds, else raise InvalidChecksum naming `label`."""
    expected = calc_check_digit(digits[:-1])
    if digits[-1] != expected:
        raise InvalidChecksum(f"{label}: check digit {digits[-1]} does not match the Luhn digit {expected}")
    return digits

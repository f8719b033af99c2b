"""HSA-ID (identifier in the Swedish Hälso- och sjukvårdens adressregister, HSA).

SPOR's rule (integration guide §7.1, "Format för HSA-ID"): "HSA-ID antas ha formen
``\\w\\w\\d+\\-.*`` dvs. två bokstäver följt av siffror och ett minustecken följt av
något. Max 64 siffror totalt." Read literally, ``\\w`` also admits digits and ``_``, so
``1234-X`` and ``__1-x`` would pass; the guide's own words after "dvs." say two
*letters*, and konform follows them: two letters (any Unicode letter), one or more
digits, ``-``, then anything but a line break. "Max 64 siffror" (digits) is read as 64
characters (konform's reading; see ``konform.spor.readings.HSA_CHARACTERS``).

Inera's own description is stricter: ``SE`` + the directory owner's 10-digit
organisationsnummer + ``-`` + one or more of A-Z, a-z, 0-9, at most 31 characters
(:func:`has_inera_form`, information only).

Sources: SPOR integration guide §7.1 (catalogue SPOR-7.1-HSA); openEHR wiki quoting
Inera; FINDINGS §7.5.

>>> validate('SE0000000000-TEST1')
'SE0000000000-TEST1'
>>> has_inera_form('SE0000000000-TEST1')
True
>>> validate('SE0000000000TEST1')  # doctest: +ELLIPSIS
Traceback (most recent call last):
    ...
konform...InvalidFormat: HSA-ID SE0000000000TEST1: does not match the form "two letters, digits, ...
>>> is_valid('1234-X'), is_valid('__1-x')
(False, False)
"""

from __future__ import annotations

import re

from konform.identifiers._util import require_text, shown
from konform.identifiers.exceptions import InvalidFormat, InvalidLength, ValidationError

NAME = "HSA-ID"
MAX_LENGTH = 64
#: The guide's pattern ``\\w\\w\\d+\\-.*`` as its words explain it: two letters, digits, "-", anything.
SPOR_PATTERN = re.compile(r"[^\W\d_]{2}\d+-[^\n\r]*")
SPOR_FORM = "two letters, digits, '-', anything"
INERA_PATTERN = re.compile(r"SE[0-9]{10}-[A-Za-z0-9]+")
INERA_MAX_LENGTH = 31


def compact(number: str) -> str:
    """Return the HSA-ID without surrounding whitespace."""
    return require_text(number, NAME).strip()


def validate(number: str) -> str:
    """Return the HSA-ID, or raise the ValidationError saying what is wrong."""
    number = compact(number)
    if len(number) > MAX_LENGTH:
        raise InvalidLength(
            f"{NAME} {shown(number)}: has {len(number)} characters, at most {MAX_LENGTH} allowed"
        )
    if not SPOR_PATTERN.fullmatch(number):
        raise InvalidFormat(f'{NAME} {shown(number)}: does not match the form "{SPOR_FORM}"')
    return number


def is_valid(number: str) -> bool:
    """True if the value is a valid HSA-ID by SPOR's rule."""
    try:
        return bool(validate(number))
    except ValidationError:
        return False


def has_inera_form(number: str) -> bool:
    """True if the value also has Inera's stricter form (SE + orgnr + - + [A-Za-z0-9])."""
    number = compact(number)
    return len(number) <= INERA_MAX_LENGTH and bool(INERA_PATTERN.fullmatch(number))


def format(number: str) -> str:
    """Return the HSA-ID as is (without surrounding whitespace)."""
    return compact(number)

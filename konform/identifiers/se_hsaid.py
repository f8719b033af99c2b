"""HSA-ID (identifier in the Swedish Hälso- och sjukvårdens adressregister, HSA).

SPOR's rule (integration guide §7.1, "Format för HSA-ID"): the value matches
``\\w\\w\\d+\\-.*`` and has at most 64 characters. The guide says "64 siffror"
(digits); konform reads it as characters. The pattern is applied with Python's ``re``
and ``fullmatch``: ``\\w`` and ``\\d`` are Unicode-aware and ``.`` excludes only a
newline, which may be looser than SPOR's own (unpublished) implementation.

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
konform...InvalidFormat: HSA-ID SE0000000000TEST1: does not match \\w\\w\\d+\\-.*
"""

from __future__ import annotations

import re

from konform.identifiers._util import require_text, shown
from konform.identifiers.exceptions import InvalidFormat, InvalidLength, ValidationError

NAME = "HSA-ID"
MAX_LENGTH = 64
SPOR_PATTERN = re.compile(r"\w\w\d+\-.*")
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
        raise InvalidFormat(f"{NAME} {shown(number)}: does not match {SPOR_PATTERN.pattern}")
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

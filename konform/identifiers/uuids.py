"""UUID (RFC 4122 universally unique identifier), string form.

36 characters: 32 hexadecimal digits in groups of 8-4-4-4-12 separated by hyphens.
RFC 4122 §3: hex digits are case-insensitive on input and written in lower case.
Only the string form is checked: any version and variant (the nil UUID too) is accepted;
:func:`get_version` and :func:`has_rfc4122_variant` tell more. (Named ``uuids`` so it does not
shadow the standard library's ``uuid``.)

Sources: RFC 4122 §3 "Namespace Registration Template" (UUID string representation).

>>> validate('F81D4FAE-7DEC-11D0-A765-00A0C91E6BF6')
'f81d4fae-7dec-11d0-a765-00a0c91e6bf6'
>>> get_version('f81d4fae-7dec-11d0-a765-00a0c91e6bf6')
1
>>> validate('f81d4fae7dec11d0a76500a0c91e6bf6')  # doctest: +ELLIPSIS
Traceback (most recent call last):
    ...
konform...InvalidLength: UUID f81d4fae7dec11d0a76500a0c91e6bf6: has 32 characters, expected 36
"""

from __future__ import annotations

import re

from konform.identifiers._util import require_text, shown
from konform.identifiers.exceptions import InvalidFormat, InvalidLength, ValidationError

NAME = "UUID"
PATTERN = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def compact(number: str) -> str:
    """Return the UUID without surrounding whitespace, in lower case."""
    return require_text(number, NAME).strip().lower()


def validate(number: str) -> str:
    """Return the lower-case UUID, or raise the ValidationError saying what is wrong."""
    number = compact(number)
    if len(number) != 36:
        raise InvalidLength(f"{NAME} {shown(number)}: has {len(number)} characters, expected 36")
    if not (number.isascii() and PATTERN.fullmatch(number)):
        raise InvalidFormat(f"{NAME} {shown(number)}: expected 8-4-4-4-12 hexadecimal digits")
    return number


def is_valid(number: str) -> bool:
    """True if the value is a UUID in RFC 4122 string form."""
    try:
        return bool(validate(number))
    except ValidationError:
        return False


def get_version(number: str) -> int:
    """Return the version number (the first digit of the third group)."""
    return int(validate(number)[14], 16)


def has_rfc4122_variant(number: str) -> bool:
    """True if the variant bits are 10x (the RFC 4122 variant)."""
    return validate(number)[19] in "89ab"


def format(number: str) -> str:
    """Return the UUID in lower case."""
    return compact(number)

"""Small helpers the identifier modules share: type guard, cleaning, digit test."""

from __future__ import annotations

from konform.identifiers.exceptions import InvalidFormat, InvalidLength

_SHOWN_MAX = 40


def shown(value: object) -> str:
    """Return the value as it should appear in a message, shortened when very long.

    >>> shown('189001019802')
    '189001019802'
    >>> shown('9' * 50)
    '9999999999999999999999999999999999999999… (50 characters)'
    """
    text = value if isinstance(value, str) else repr(value)
    if len(text) > _SHOWN_MAX:
        return f"{text[:_SHOWN_MAX]}… ({len(text)} characters)"
    return text


def require_text(value: object, name: str) -> str:
    """Return the value if it is a str, else raise InvalidFormat naming what it was.

    >>> require_text(189001019802, 'personnummer')  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    konform...InvalidFormat: personnummer 189001019802: expected a string, got int
    """
    if not isinstance(value, str):
        raise InvalidFormat(f"{name} {shown(value)}: expected a string, got {type(value).__name__}")
    return value


def clean(value: object, name: str, separators: str) -> str:
    """Return the text without surrounding whitespace and without the separator characters."""
    text = require_text(value, name).strip()
    for separator in separators:
        text = text.replace(separator, "")
    return text


def is_ascii_digits(text: str) -> bool:
    """True if the text is one or more of the ASCII digits 0-9 (not other Unicode digits)."""
    return text.isascii() and text.isdigit()


def require_digits(number: str, name: str, length: int) -> str:
    """Return the number if it is exactly `length` ASCII digits, else raise.

    InvalidFormat for any other character comes before InvalidLength.
    """
    if not is_ascii_digits(number):
        raise InvalidFormat(f"{name} {shown(number)}: only the digits 0-9 are allowed")
    if len(number) != length:
        raise InvalidLength(f"{name} {shown(number)}: has {len(number)} digits, expected {length}")
    return number

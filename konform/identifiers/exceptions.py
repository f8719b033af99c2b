"""Exceptions the identifier validators raise (the python-stdnum hierarchy).

Every message names the identifier, the offending value and what is wrong, because it
ends up verbatim in user-facing findings::

    personnummer 189001019803: check digit 3 does not match the Luhn digit 2
"""

from __future__ import annotations


class ValidationError(ValueError):
    """The value is not a valid identifier; only subclasses are raised."""


class InvalidFormat(ValidationError):
    """The value has characters or a shape the identifier does not allow."""


class InvalidLength(InvalidFormat):
    """The value has the wrong number of characters."""


class InvalidChecksum(ValidationError):
    """A check digit or checksum does not match."""


class InvalidComponent(ValidationError):
    """A part of the value (a date, a range, a kind of number) is not acceptable."""

"""ATC-kod (WHO Anatomical Therapeutic Chemical classification code).

Five levels, each a complete prefix of the next: 1 anatomical main group (a letter),
2 therapeutic subgroup (two digits), 3 pharmacological subgroup (a letter),
4 chemical subgroup (a letter), 5 chemical substance (two digits); e.g. ``N``,
``N02``, ``N02B``, ``N02BE``, ``N02BE01`` (paracetamol). The main group is one of the 14
anatomical groups A B C D G H J L M N P R S V. Only the structure is checked, not
whether WHO has assigned the code.

Sources: WHO Collaborating Centre for Drug Statistics Methodology, "Structure and
principles" of the ATC classification.

>>> validate('N02BE01')
'N02BE01'
>>> get_level('N02B')
3
>>> validate('N02BE0')  # doctest: +ELLIPSIS
Traceback (most recent call last):
    ...
konform...InvalidLength: ATC-kod N02BE0: has 6 characters; a complete level has 1, 3, 4, 5 or 7
"""

from __future__ import annotations

import re

from konform.identifiers._util import clean, shown
from konform.identifiers.exceptions import (
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)

NAME = "ATC-kod"
ANATOMICAL_GROUPS = "ABCDGHJLMNPRSV"
LEVEL_BY_LENGTH = {1: 1, 3: 2, 4: 3, 5: 4, 7: 5}
PATTERN = re.compile(r"[A-Z](?:[0-9]{2}(?:[A-Z](?:[A-Z](?:[0-9]{2})?)?)?)?")


def compact(code: str) -> str:
    """Return the code without whitespace and spaces (letter case is kept)."""
    return clean(code, NAME, " ")


def validate(code: str) -> str:
    """Return the code, or raise the ValidationError saying what is wrong."""
    code = compact(code)
    if len(code) not in LEVEL_BY_LENGTH:
        raise InvalidLength(
            f"{NAME} {shown(code)}: has {len(code)} characters; a complete level has 1, 3, 4, 5 or 7"
        )
    if not PATTERN.fullmatch(code):
        raise InvalidFormat(
            f"{NAME} {code}: expected letter, 2 digits, letter, letter, 2 digits (capital A-Z)"
        )
    if code[0] not in ANATOMICAL_GROUPS:
        raise InvalidComponent(f"{NAME} {code}: {code[0]} is not an anatomical main group")
    return code


def is_valid(code: str) -> bool:
    """True if the value is a structurally valid ATC code of any level."""
    try:
        return bool(validate(code))
    except ValidationError:
        return False


def get_level(code: str) -> int:
    """Return the ATC level (1-5) of a valid code."""
    return LEVEL_BY_LENGTH[len(validate(code))]


def format(code: str) -> str:
    """Return the code as is (without spaces)."""
    return compact(code)

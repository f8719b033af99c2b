"""KVÅ-kod (Swedish Klassifikation av vårdåtgärder, code for a care procedure).

Two shapes (Socialstyrelsen): KKÅ-derived surgical codes, three letters and two digits
(``UDH02``), and KMÅ-structure codes, two letters and three digits (``AD041``,
``DG021``; radiology uses this shape too).

konform's reading uses the letters A-Z, Å, Ä, Ö and the digits 0-9. SPOR's pattern
``(\\w\\w\\d\\d\\d)|(\\w\\w\\w\\d\\d)`` is looser: ``\\w`` also admits digits, ``_``,
lower-case and other letters (:func:`matches_spor_pattern`, information only).

Sources: Socialstyrelsen "Klassifikation av vårdåtgärder (KVÅ)"; FINDINGS §6.

>>> validate('UDH02')
'UDH02'
>>> get_structure('AD041')
'KMÅ'
>>> validate('UD0H2')  # doctest: +ELLIPSIS
Traceback (most recent call last):
    ...
konform...InvalidFormat: KVÅ-kod UD0H2: expected two letters + three digits or three ...
>>> matches_spor_pattern('ud_02')
True
"""

from __future__ import annotations

import re
from typing import Literal

from konform.identifiers._util import clean, shown
from konform.identifiers.exceptions import InvalidFormat, InvalidLength, ValidationError

NAME = "KVÅ-kod"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖ"
KMA_PATTERN = re.compile(f"[{LETTERS}]{{2}}[0-9]{{3}}")
KKA_PATTERN = re.compile(f"[{LETTERS}]{{3}}[0-9]{{2}}")
SPOR_PATTERN = re.compile(r"(\w\w\d\d\d)|(\w\w\w\d\d)")


def compact(code: str) -> str:
    """Return the code without whitespace and spaces (letter case is kept)."""
    return clean(code, NAME, " ")


def get_structure(code: str) -> Literal["KMÅ", "KKÅ"]:
    """Return "KMÅ" (two letters, three digits) or "KKÅ" (three letters, two digits)."""
    return "KKÅ" if KKA_PATTERN.fullmatch(validate(code)) else "KMÅ"


def validate(code: str) -> str:
    """Return the code, or raise the ValidationError saying what is wrong."""
    code = compact(code)
    if len(code) != 5:
        raise InvalidLength(f"{NAME} {shown(code)}: has {len(code)} characters, expected 5")
    if not (KMA_PATTERN.fullmatch(code) or KKA_PATTERN.fullmatch(code)):
        raise InvalidFormat(
            f"{NAME} {code}: expected two letters + three digits or three letters + two digits"
            " (capital A-Z, Å, Ä, Ö; digits 0-9)"
        )
    return code


def is_valid(code: str) -> bool:
    """True if the value is a KVÅ code in konform's reading."""
    try:
        return bool(validate(code))
    except ValidationError:
        return False


def matches_spor_pattern(code: str) -> bool:
    """True if the value matches SPOR's looser ``\\w`` pattern (information only)."""
    return bool(SPOR_PATTERN.fullmatch(compact(code)))


def format(code: str) -> str:
    """Return the code as is (without spaces)."""
    return compact(code)

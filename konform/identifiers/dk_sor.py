"""SOR-kode (Danish Sundhedsvæsenets Organisationsregister identifier).

Only the structure is checked: one to 18 ASCII digits. What else a SOR code must
satisfy is uncertain:

* LAR's own examples use ``1234567890`` and ``12345``, so no minimum length is applied.
* HL7 DK core's invariant ``min-digits-sor`` asks for 11 or more digits in one version
  and 15 or more in another; both cite an SDS document not read here.
* The SOR ids seen in public examples (e.g. ``6071000016008``) look like SNOMED CT
  extension ids in namespace 1000016 (item id + ``1000016`` + ``00`` + a Verhoeff digit),
  which would cap the length at 18 digits. This is an inference from four samples;
  :func:`has_sct_form` reports the shape, it is never a validity rule.

Sources: HL7 DK core (OID 1.2.208.176.1.1); LAR examples; FINDINGS §7.4.

>>> validate('6071000016008')
'6071000016008'
>>> has_sct_form('6071000016008')
True
>>> validate('SOR12345')  # doctest: +ELLIPSIS
Traceback (most recent call last):
    ...
konform...InvalidFormat: SOR-kode SOR12345: only the digits 0-9 are allowed
"""

from __future__ import annotations

from konform.identifiers._util import clean, is_ascii_digits, shown
from konform.identifiers.exceptions import InvalidFormat, InvalidLength, ValidationError

NAME = "SOR-kode"
MAX_LENGTH = 18
SCT_NAMESPACE = "1000016"


def compact(number: str) -> str:
    """Return the code without whitespace and spaces."""
    return clean(number, NAME, " ")


def validate(number: str) -> str:
    """Return the code, or raise the ValidationError saying what is wrong."""
    number = compact(number)
    if not is_ascii_digits(number):
        raise InvalidFormat(f"{NAME} {shown(number)}: only the digits 0-9 are allowed")
    if len(number) > MAX_LENGTH:
        raise InvalidLength(f"{NAME} {shown(number)}: has {len(number)} digits, at most {MAX_LENGTH} allowed")
    return number


def is_valid(number: str) -> bool:
    """True if the value is structurally a SOR code."""
    try:
        return bool(validate(number))
    except ValidationError:
        return False


def has_sct_form(number: str) -> bool:
    """True if the code ends in namespace 1000016, partition 00 and one check digit."""
    number = compact(number)
    return len(number) > 10 and number[-10:-1] == SCT_NAMESPACE + "00"


def format(number: str) -> str:
    """Return the code as digits only."""
    return compact(number)

"""Identifiers the registries share, one module per family in python-stdnum's style.

Each module offers ``compact``, ``validate`` (the compact form, or a
:class:`~konform.identifiers.exceptions.ValidationError` subclass whose message names
the value and the defect), ``is_valid`` and ``format``, plus check-digit and birth-date
helpers where they apply. Validity that depends on the date takes ``today=``.

Sweden: ``se_personnummer``, ``se_samordningsnummer``, ``se_identity`` (either of the
two, as SPOR takes them), ``se_hsaid``, ``kva``.
Norway: ``no_fodselsnummer`` (with D-, H- and synthetic numbers).
Denmark: ``dk_cpr``, ``dk_cvr``, ``dk_sor``.
International: ``atc``, ``uuids``. Shared: ``exceptions``, ``luhn``, ``mod11``, and
``is_ascii_digits`` (``str.isdigit`` also accepts digits such as "²" that ``int`` refuses).
"""

from konform.identifiers import (
    atc,
    dk_cpr,
    dk_cvr,
    dk_sor,
    exceptions,
    kva,
    luhn,
    mod11,
    no_fodselsnummer,
    se_hsaid,
    se_identity,
    se_personnummer,
    se_samordningsnummer,
    uuids,
)
from konform.identifiers._util import is_ascii_digits

#: The identifier families (modules with compact/validate/is_valid/format).
FAMILIES = (
    se_personnummer,
    se_samordningsnummer,
    se_identity,
    se_hsaid,
    kva,
    no_fodselsnummer,
    dk_cpr,
    dk_cvr,
    dk_sor,
    atc,
    uuids,
)

__all__ = [
    "FAMILIES",
    "atc",
    "dk_cpr",
    "dk_cvr",
    "dk_sor",
    "exceptions",
    "is_ascii_digits",
    "kva",
    "luhn",
    "mod11",
    "no_fodselsnummer",
    "se_hsaid",
    "se_identity",
    "se_personnummer",
    "se_samordningsnummer",
    "uuids",
]

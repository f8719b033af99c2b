"""Person identifications in a SYSVAK message: fødselsnummer, D- and H-nummer under 8327 or 9032.

§3.7.1: H-nummer are not accepted for offisiell personidentifikasjon (8327), and SYSVAK
never returns one for it; they are accepted under other lists such as type
personidentifikasjon (9032). NAV's synthetic numbers (month + 40) look exactly like
H-nummer and are treated as such.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from lxml import etree

from konform.identifiers import no_fodselsnummer
from konform.identifiers.exceptions import ValidationError
from konform.sysvak import binding, codes
from konform.sysvak.binding import PERSON_IDENTS
from konform.sysvak.readers import idents

#: The code list (in use: sample or loaded) that holds a person's ID types, by its OID.
LISTS = {codes.OID_OFFICIAL_PERSON_ID: "8327", codes.OID_PERSON_ID_TYPES: "9032"}


@dataclass(frozen=True)
class Problem:
    requirement: str
    line: int
    message: str
    element: str


def number_kind(number: str) -> str | None:
    """FNR, DNR or HNR by the number's offsets (synthetic month + 80 as FNR/DNR); None if unreadable."""
    try:
        kind = no_fodselsnummer.get_number_type(number)
    except ValidationError:
        return None
    if kind == "synthetic":
        return "DNR" if int(number[0]) >= 4 else "FNR"
    return kind.upper()


def is_official(type_v: str, number: str) -> bool:
    """A fødselsnummer or D-nummer that FolkeregisterFHI could hold (never an H-nummer)."""
    return type_v in codes.codes_of("8327") and number_kind(number) in codes.OFFICIAL_PERSON_ID_TYPES


def ident_problems(
    payload: etree._Element, *, today: date | None = None, outgoing: bool = False
) -> Iterator[Problem]:
    """What is wrong with each person identification in `payload` (SYSVAK-ID or SYSVAK-3.7.1-HNR)."""
    for element, ident in idents(payload, PERSON_IDENTS):
        name, line = etree.QName(element).localname, int(element.sourceline or 0)
        type_id = binding.holder(element, "ident.type")
        typed = name if type_id is None or type_id is element else f"{name}/{etree.QName(type_id).localname}"
        listed = LISTS.get(ident.oid or "")
        if listed is None:
            yield Problem(
                "SYSVAK-ID",
                line,
                f"{typed} S={ident.oid!r}: a person's ID type comes from "
                f"8327 ({codes.OID_OFFICIAL_PERSON_ID}) or 9032 ({codes.OID_PERSON_ID_TYPES})",
                name,
            )
            continue
        kind = number_kind(ident.id)
        if "HNR" in (ident.type, kind) and ident.oid == codes.OID_OFFICIAL_PERSON_ID:
            verb = "is returned" if outgoing else "is sent"
            yield Problem(
                "SYSVAK-3.7.1-HNR",
                line,
                f"{name} {ident.id} {verb} as an H-nummer under offisiell "
                "personidentifikasjon (8327), which takes no H-nummer",
                name,
            )
            continue
        allowed = codes.codes_of(listed)
        if ident.type not in allowed:
            yield Problem(
                "SYSVAK-ID",
                line,
                f"{typed} V={ident.type!r} is not in the code list (known: {', '.join(allowed)})",
                name,
            )
            continue
        try:
            no_fodselsnummer.validate(ident.id, today=today)
        except ValidationError as error:
            yield Problem("SYSVAK-ID", line, f"{name}: {error}", name)
            continue
        if kind != ident.type:
            yield Problem(
                "SYSVAK-ID",
                line,
                f"{typed} V={ident.type!r}, but {ident.id} is a "
                f"{codes.PERSON_ID_TYPES.get(kind or '', kind)}",
                name,
            )

"""SYSVAK test data: hendelser, vaksinander and MsgHead variants, and Hypothesis strategies for them.

Persons are synthetic (Skatteetaten's month + 80 for fødselsnummer and D-nummer, month + 40
for H-nummer) unless a caller asks for the ordinary ranges; units are made-up HER-ids.
``msghead`` wraps a SYSVAK message the way a vendor's system would, or with one named
defect (the variants the features and `konform validate sysvak` tests use).
"""

from __future__ import annotations

import copy
import re
from datetime import date, timedelta

from hypothesis import strategies as st
from lxml import etree

from generators import identifiers as ids
from konform import runseed
from konform.identifiers import no_fodselsnummer
from konform.identifiers.exceptions import InvalidChecksum
from konform.msghead import build as mh
from konform.msghead import q
from konform.sysvak import codes, head, messages
from konform.sysvak.identity import number_kind
from konform.sysvak.model import (
    KINDS,
    NY,
    SLETTET,
    Bostedsomrade,
    Hendelse,
    HendelseRequest,
    Ident,
    Kind,
    Request,
    UtenIdent,
    Vaksinand,
)

UNIT = Ident.unit("8800001")
DIGITS = "0123456789"
BATCH_ALPHABET = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"


def person_ident(number: str, type_v: str | None = None, oid: str = codes.OID_OFFICIAL_PERSON_ID) -> Ident:
    """A person's identification; the type follows the number (FNR, DNR, HNR) unless given."""
    return Ident(number, type_v or number_kind(number) or "FNR", oid)


def per_run_child(purpose: str = "sysvak:child") -> str:
    """A synthetic fødselsnummer (month + 80) of a child born 2015–2022, drawn from the run's seed.

    Against a target that keeps its data every run draws its own child, so reruns do not
    pile hendelser on one person; a derandomized run draws the same one (konform.runseed).
    """
    draw = runseed.rng(purpose)
    born = date(2015, 1, 1) + timedelta(days=draw.randrange(8 * 365))
    head = f"{born.day:02}{born.month + 80:02}{born.year % 100:02}"
    start = draw.randrange(500)
    for individual in (500 + (start + step) % 500 for step in range(500)):  # born 2000–2039: 500–999
        nine = f"{head}{individual:03}"
        try:
            ten = nine + no_fodselsnummer.calc_check_digit1(nine)
            return ten + no_fodselsnummer.calc_check_digit2(ten)
        except InvalidChecksum:
            continue
    raise AssertionError(f"no individual number fits {head}")  # cannot happen: most of 500 fit


def hendelse(
    code: str,
    when: date,
    *,
    kind: Kind = "Vaksinasjon",
    aksjon: str = NY,
    batchnummer: str | None = "A1",
    arsak: str = "MK",
) -> Hendelse:
    """A whole hendelse: a vaksinasjon carries its Batchnummer, a manglende vaksinering its Arsak."""
    if kind == "Vaksinasjon":
        return Hendelse(kind, when, code, aksjon, batchnummer=batchnummer)
    return Hendelse(kind, when, code, aksjon, arsak=arsak)


def uten_ident(
    born: date, *, name: str | None = None, guardian: str | None = None, kommune: str | None = None
) -> UtenIdent:
    fornavn, _, etternavn = (name or "").partition(" ")
    return UtenIdent(
        fodselsdato=born,
        fornavn=fornavn or None,
        etternavn=etternavn or None,
        bostedsomrade=Bostedsomrade(kommune=kommune) if kommune else None,
        omsorgspersoner=(person_ident(guardian),) if guardian else (),
    )


def request_for(vaksinand: Vaksinand, event: Hendelse, unit: Ident = UNIT) -> HendelseRequest:
    return HendelseRequest(unit, vaksinand, event)


# -- MsgHead variants ---------------------------------------------------------------------------

MSGHEAD_PATHS = {
    "MsgId": "MsgInfo/MsgId",
    "MIGversion": "MsgInfo/MIGversion",
    "GenDate": "MsgInfo/GenDate",
    "Sender/Organisation/Ident": "MsgInfo/Sender/Organisation/Ident",
    "Receiver/Organisation/Ident": "MsgInfo/Receiver/Organisation/Ident",
    "RefDoc/MsgType": "Document/RefDoc/MsgType",
}
VARIANT = re.compile(
    r"(?:without (?P<without>\S+)"
    r'|with MsgInfo/Type "(?P<type>[A-Z]+)"'
    r'|with RefDoc/MsgType "(?P<msgtype>[A-Z]+)"'
    r"|with (?P<convref>a ConversationRef)"
    r"|with (?P<two>two Documents)"
    r"|declared (?P<encoding>ISO-8859-1)"
    r'|from the MsgHead sender (?P<sender>\d+) of type "(?P<sendertype>\w+)")?'
)


def _path(root: etree._Element, path: str) -> str:
    return "/".join(q(part) for part in path.split("/"))


def msghead(payload: etree._Element, variant: str = "", *, msg_id: str | None = None) -> tuple[bytes, str]:
    """A vendor's MsgHead around `payload` (pretty-printed), with the named defect; and its MsgId.

    Variants: "", "without <element>" (see MSGHEAD_PATHS), 'with MsgInfo/Type "X"',
    'with RefDoc/MsgType "X"', "with a ConversationRef", "with two Documents",
    "declared ISO-8859-1", 'from the MsgHead sender <id> of type "<V>"'.
    """
    found = VARIANT.fullmatch(variant.strip())
    if found is None:
        raise ValueError(f"unknown MsgHead variant {variant!r}")
    sender = head.SENDER
    if found["sender"]:
        sender = mh.Party(head.SENDER.name, (mh.Ident(found["sender"], found["sendertype"]),))
    root = head.wrap(
        copy.deepcopy(payload),
        type_code=found["type"],
        msg_id=msg_id,
        sender=sender,
        documents=2 if found["two"] else 1,
    )
    if found["without"]:
        element = root.find(_path(root, MSGHEAD_PATHS[found["without"]]))
        assert element is not None
        parent = element.getparent()
        assert parent is not None
        parent.remove(element)
    if found["msgtype"]:
        for element in root.iter(q("MsgType")):
            element.set("V", found["msgtype"])
    if found["convref"]:
        info = root.find(q("MsgInfo"))
        assert info is not None
        reference = etree.Element(q("ConversationRef"))
        etree.SubElement(reference, q("RefToParent")).text = "4f1e2c1a-0000-4000-8000-000000000001"
        etree.SubElement(reference, q("RefToConversation")).text = "4f1e2c1a-0000-4000-8000-000000000001"
        info.insert(list(info).index(info.find(q("Sender"))), reference)
    msg = root.findtext(f"{q('MsgInfo')}/{q('MsgId')}") or ""
    return mh.serialize(root, encoding=found["encoding"] or "UTF-8", pretty=True), msg


def message(request: Request, variant: str = "") -> bytes:
    """A vendor's MsgHead file for a HendelseRequest (or any request) with the named defect."""
    return msghead(messages.request(request), variant)[0]


# -- Hypothesis strategies --------------------------------------------------------------------


def batchnummers() -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(BATCH_ALPHABET), min_size=2, max_size=8).map("".join)


def konsultasjonsdatoer() -> st.SearchStrategy[date]:
    return st.dates(date(2019, 1, 1), date(2023, 12, 31))


@st.composite
def hendelser(
    draw: st.DrawFn,
    *,
    dates: st.SearchStrategy[date] | None = None,
    vaksinekoder: tuple[str, ...] = tuple(codes.VAKSINER),
    kinds: tuple[Kind, ...] = KINDS,
) -> Hendelse:
    """Whole hendelser (aksjon "ny") with every required field."""
    kind = draw(st.sampled_from(kinds))
    return hendelse(
        draw(st.sampled_from(vaksinekoder)),
        draw(konsultasjonsdatoer() if dates is None else dates),
        kind=kind,
        batchnummer=draw(batchnummers()),
        arsak=draw(st.sampled_from(sorted(codes.ARSAKER))),
    )


def official_numbers(*, synthetic: bool = True) -> st.SearchStrategy[str]:
    """Fødselsnummer and D-nummer (synthetic unless told otherwise)."""
    return st.one_of(ids.fodselsnummers(synthetic=synthetic), ids.d_nummers(synthetic=synthetic))


def numbers_with_bad_check_digit() -> st.SearchStrategy[str]:
    return ids.fodselsnummers_with_bad_check_digit()


def h_nummers() -> st.SearchStrategy[str]:
    return ids.h_nummers(born_between=(date(2000, 1, 1), date(2020, 12, 31)))


def deletion(event: Hendelse) -> Hendelse:
    return event.with_aksjon(SLETTET)

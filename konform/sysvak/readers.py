"""Read SYSVAK messages into the model, leniently: a missing element reads as None.

A broken answer from a target must still be judged, so nothing here raises on a
message that breaks our schema (schemas/sysvak/); the schema check is separate.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from lxml import etree

from konform.identifiers import is_ascii_digits
from konform.sysvak import model
from konform.sysvak.messages import q
from konform.sysvak.model import (
    Adresse,
    Behandlingsresultat,
    Bostedsomrade,
    Gateadresse,
    Hendelse,
    Ident,
    Kriterier,
    NavnSok,
    Person,
    UtenIdent,
    Valideringsmelding,
)
from konform.sysvak.schema import NS


def _text(element: etree._Element | None, name: str) -> str | None:
    found = None if element is None else element.find(q(name))
    return None if found is None or found.text is None else found.text.strip()


def _v(element: etree._Element | None, name: str) -> str | None:
    found = None if element is None else element.find(q(name))
    return None if found is None else found.get("V")


def _date(text: str | None) -> date | None:
    try:
        return None if text is None else date.fromisoformat(text)
    except ValueError:
        return None


def ident_of(element: etree._Element) -> Ident:
    """An identification element (Id, TypeId) as data."""
    type_id = element.find(q("TypeId"))
    return Ident(
        _text(element, "Id") or "",
        "" if type_id is None else type_id.get("V", ""),
        None if type_id is None else type_id.get("S"),
    )


def read_ident(element: etree._Element | None, name: str) -> Ident | None:
    found = None if element is None else element.find(q(name))
    return None if found is None else ident_of(found)


def read_bostedsomrade(element: etree._Element | None) -> Bostedsomrade | None:
    found = None if element is None else element.find(q("Bostedsområde"))
    if found is None:
        return None
    return Bostedsomrade(_v(found, "Fylke"), _v(found, "Kommune"), _v(found, "Bydel"))


def read_hendelse(element: etree._Element) -> Hendelse | None:
    kind = etree.QName(element).localname
    when = _date(_text(element, "Konsultasjonsdato"))
    if kind not in model.KINDS or when is None:
        return None
    dose = _text(element, "Dosenummer")
    return Hendelse(
        kind=kind,
        konsultasjonsdato=when,
        vaksinekode=_v(element, "Vaksinekode") or "",
        aksjon=_text(element, "HendelseAksjon") or "",
        merknad=_text(element, "Merknad"),
        batchnummer=_text(element, "Batchnummer"),
        dosenummer=int(dose) if dose and is_ascii_digits(dose) else None,
        arsak=_v(element, "Arsak"),
    )


def hendelser(parent: etree._Element) -> tuple[Hendelse, ...]:
    found = (read_hendelse(child) for child in parent if child.tag in (q(k) for k in model.KINDS))
    return tuple(h for h in found if h is not None)


def read_uten_ident(element: etree._Element | None) -> UtenIdent | None:
    if element is None:
        return None
    born = _date(_text(element, "Fodselsdato"))
    if born is None:
        return None
    guardians = tuple(ident_of(g) for g in element.findall(q("OmsorgspersonIdent")))
    return UtenIdent(
        fodselsdato=born,
        fornavn=_text(element, "Fornavn"),
        mellomnavn=_text(element, "Mellomnavn"),
        etternavn=_text(element, "Etternavn"),
        kjonn=_v(element, "Kjonn"),
        bostedsomrade=read_bostedsomrade(element),
        omsorgspersoner=guardians,
    )


def read_hendelse_request(root: etree._Element) -> model.HendelseRequest | None:
    hendelse_element = root.find(q("Hendelse"))
    vaksinand = None if hendelse_element is None else hendelse_element.find(q("Vaksinand"))
    unit = read_ident(root, "UtfortAvHelseenhet")
    found = () if hendelse_element is None else hendelser(hendelse_element)
    if unit is None or vaksinand is None or not found:
        return None
    return model.HendelseRequest(
        unit,
        model.Vaksinand(
            read_ident(vaksinand, "VaksinandIdent"), read_uten_ident(vaksinand.find(q("VaksinandUtenIdent")))
        ),
        found[0],
    )


def _read_navn(element: etree._Element | None, name: str) -> NavnSok | None:
    found = None if element is None else element.find(q(name))
    if found is None:
        return None
    return NavnSok(_text(found, "SokVerdi") or "", _text(found, "SokOperator") or "ErLik")


def read_sok_request(root: etree._Element) -> model.SokRequest | None:
    unit = read_ident(root, "UtfortAvHelseenhet")
    if unit is None:
        return None
    extended = root.find(q("UtvidetNavnSok"))
    return model.SokRequest(
        unit,
        Kriterier(
            person_ident=read_ident(root, "PersonIdent"),
            navn=_read_navn(root, "NavnSok"),
            fornavn=_read_navn(extended, "Fornavn"),
            mellomnavn=_read_navn(extended, "Mellomnavn"),
            etternavn=_read_navn(extended, "Etternavn"),
            fodselsdato=_text(root, "Fodselsdato"),
            kjonn=_v(root, "Kjonn"),
            bostedsomrade=read_bostedsomrade(root),
            postnummer=_text(root, "Postnummer"),
        ),
    )


def read_kodeverk_request(root: etree._Element) -> model.KodeverkRequest | None:
    unit, identifier = read_ident(root, "UtfortAvHelseenhet"), _text(root, "KodeverkId")
    return None if unit is None or identifier is None else model.KodeverkRequest(unit, identifier)


def read_resultat(root: etree._Element) -> Behandlingsresultat:
    element = root.find(q("Behandlingsresultat"))
    if element is None:
        return Behandlingsresultat("")
    meldinger = tuple(
        Valideringsmelding(
            _text(m, "Kode") or "",
            _text(m, "Alvorlighetsgrad") or "",
            _text(m, "Beskrivelse") or "",
            _text(m, "Element"),
        )
        for m in element.findall(q("Valideringsmelding"))
    )
    return Behandlingsresultat(_text(element, "Status") or "", meldinger)


def read_person(element: etree._Element) -> Person:
    adresse = element.find(q("Adresse"))
    street = None if adresse is None else adresse.find(q("Gateadresse"))
    return Person(
        ident=read_ident(element, "PersonIdent") or Ident("", ""),
        fornavn=_text(element, "Fornavn"),
        mellomnavn=_text(element, "Mellomnavn"),
        etternavn=_text(element, "Etternavn"),
        fodselsdato=_date(_text(element, "Fodselsdato")),
        kjonn=_v(element, "Kjonn"),
        status=_v(element, "RegisterstatusIFolkeregisteret"),
        adresse=None
        if adresse is None
        else Adresse(
            None
            if street is None
            else Gateadresse(
                _text(street, "Adresselinje") or "",
                _text(street, "Postnummer") or "",
                _text(street, "Poststed"),
            ),
            read_bostedsomrade(adresse),
        ),
    )


def read_response(root: etree._Element) -> model.Response | None:
    """A response element as data, or None if it is none of the three."""
    unit, result = read_ident(root, "UtfortAvHelseenhet"), read_resultat(root)
    if root.tag == q("HendelseResponse"):
        found = hendelser(root)
        return model.HendelseResponse(
            unit, result, read_ident(root, "VaksinandIdent"), found[0] if found else None
        )
    if root.tag == q("SokResponse"):
        treff = tuple(
            model.Treff(read_person(v.find(q("Person"))), hendelser(v))
            for v in root.findall(q("Vaksinand"))
            if v.find(q("Person")) is not None
        )
        return model.SokResponse(unit, result, treff)
    if root.tag == q("KodeverkResponse"):
        element = root.find(q("Kodeverk"))
        kodeverk = (
            None
            if element is None
            else model.Kodeverk(
                _text(element, "KodeverkId") or "",
                _text(element, "Navn") or "",
                tuple((k.get("V", ""), k.get("DN", "")) for k in element.iter(q("Kode"))),
            )
        )
        return model.KodeverkResponse(unit, result, kodeverk)
    return None


def read_request(root: etree._Element) -> model.Request | None:
    readers = {"HendelseRequest": read_hendelse_request, "SokRequest": read_sok_request}
    reader = readers.get(etree.QName(root).localname, read_kodeverk_request)
    return reader(root) if etree.QName(root).namespace == NS else None


def idents(root: etree._Element, names: Iterable[str]) -> list[tuple[etree._Element, Ident]]:
    """Every identification element called one of `names` below `root`, with its value."""
    wanted = {q(n) for n in names}
    return [(element, ident_of(element)) for element in root.iter() if element.tag in wanted]

"""Read SYSVAK messages into the model, leniently: a missing element reads as None.

A broken answer from a target must still be judged, so nothing here raises on a
message that breaks the schema; the schema check is separate. Every element and
attribute is found through the binding in use (konform.sysvak.binding), so the same
readers serve konform's schema (schemas/sysvak/) and a registry's own.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from lxml import etree

from konform.identifiers import is_ascii_digits
from konform.sysvak import binding, model
from konform.sysvak.binding import element, elements, text
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


def _date(found: str | None) -> date | None:
    try:
        return None if found is None else date.fromisoformat(found)
    except ValueError:
        return None


def ident_of(found: etree._Element) -> Ident:
    """An identification element (a unit's or a person's) as data."""
    return Ident(text(found, "ident.id") or "", text(found, "ident.type") or "", text(found, "ident.oid"))


def read_ident(parent: etree._Element | None, concept: str) -> Ident | None:
    found = element(parent, concept)
    return None if found is None else ident_of(found)


def read_bostedsomrade(parent: etree._Element | None, concept: str) -> Bostedsomrade | None:
    found = element(parent, concept)
    if found is None:
        return None
    parts = (text(found, f"bostedsomrade.{name}") for name in ("fylke", "kommune", "bydel"))
    return Bostedsomrade(*parts)


def read_hendelse(found: etree._Element, kind: str) -> Hendelse | None:
    when = _date(text(found, "hendelse.konsultasjonsdato"))
    if kind not in model.KINDS or when is None:
        return None
    dose = text(found, "hendelse.dosenummer")
    return Hendelse(
        kind=kind,
        konsultasjonsdato=when,
        vaksinekode=text(found, "hendelse.vaksinekode") or "",
        aksjon=text(found, "hendelse.aksjon") or "",
        merknad=text(found, "hendelse.merknad"),
        batchnummer=text(found, "hendelse.batchnummer"),
        dosenummer=int(dose) if dose and is_ascii_digits(dose) else None,
        arsak=text(found, "hendelse.arsak"),
    )


def hendelser(parent: etree._Element | None, where: str) -> tuple[Hendelse, ...]:
    """The hendelser below `parent`; `where` is the context (hendelse_request, hendelse_response, treff)."""
    found = (read_hendelse(e, kind) for kind, e in binding.hendelse_elements(parent, where))
    return tuple(h for h in found if h is not None)


def read_uten_ident(found: etree._Element | None) -> UtenIdent | None:
    if found is None:
        return None
    born = _date(text(found, "uten_ident.fodselsdato"))
    if born is None:
        return None
    guardians = tuple(ident_of(g) for g in elements(found, "uten_ident.omsorgsperson"))
    return UtenIdent(
        fodselsdato=born,
        fornavn=text(found, "uten_ident.fornavn"),
        mellomnavn=text(found, "uten_ident.mellomnavn"),
        etternavn=text(found, "uten_ident.etternavn"),
        kjonn=text(found, "uten_ident.kjonn"),
        bostedsomrade=read_bostedsomrade(found, "uten_ident.bostedsomrade"),
        omsorgspersoner=guardians,
    )


def read_hendelse_request(root: etree._Element) -> model.HendelseRequest | None:
    vaksinand = element(root, "hendelse_request.vaksinand")
    unit = read_ident(root, "unit")
    found = hendelser(root, "hendelse_request")
    if unit is None or vaksinand is None or not found:
        return None
    return model.HendelseRequest(
        unit,
        model.Vaksinand(
            read_ident(vaksinand, "vaksinand.ident"),
            read_uten_ident(element(vaksinand, "vaksinand.uten_ident")),
        ),
        found[0],
    )


def _read_navn(root: etree._Element, concept: str) -> NavnSok | None:
    found = element(root, concept)
    if found is None:
        return None
    return NavnSok(text(found, "navn.verdi") or "", text(found, "navn.operator") or "ErLik")


def read_sok_request(root: etree._Element) -> model.SokRequest | None:
    unit = read_ident(root, "unit")
    if unit is None:
        return None
    return model.SokRequest(
        unit,
        Kriterier(
            person_ident=read_ident(root, "sok_request.person_ident"),
            navn=_read_navn(root, "sok_request.navn"),
            fornavn=_read_navn(root, "sok_request.fornavn"),
            mellomnavn=_read_navn(root, "sok_request.mellomnavn"),
            etternavn=_read_navn(root, "sok_request.etternavn"),
            fodselsdato=text(root, "sok_request.fodselsdato"),
            kjonn=text(root, "sok_request.kjonn"),
            bostedsomrade=read_bostedsomrade(root, "sok_request.bostedsomrade"),
            postnummer=text(root, "sok_request.postnummer"),
        ),
    )


def read_kodeverk_request(root: etree._Element) -> model.KodeverkRequest | None:
    unit, identifier = read_ident(root, "unit"), text(root, "kodeverk_request.kodeverk_id")
    return None if unit is None or identifier is None else model.KodeverkRequest(unit, identifier)


def read_resultat(root: etree._Element) -> Behandlingsresultat:
    found = element(root, "resultat")
    if found is None:
        return Behandlingsresultat("")
    meldinger = tuple(
        Valideringsmelding(
            text(m, "melding.kode") or "",
            text(m, "melding.alvorlighetsgrad") or "",
            text(m, "melding.beskrivelse") or "",
            text(m, "melding.element"),
        )
        for m in elements(found, "resultat.melding")
    )
    return Behandlingsresultat(text(found, "resultat.status") or "", meldinger)


def read_person(found: etree._Element) -> Person:
    adresse = element(found, "person.adresse")
    street = element(adresse, "adresse.gateadresse")
    return Person(
        ident=read_ident(found, "person.ident") or Ident("", ""),
        fornavn=text(found, "person.fornavn"),
        mellomnavn=text(found, "person.mellomnavn"),
        etternavn=text(found, "person.etternavn"),
        fodselsdato=_date(text(found, "person.fodselsdato")),
        kjonn=text(found, "person.kjonn"),
        status=text(found, "person.status"),
        adresse=None
        if adresse is None
        else Adresse(
            None
            if street is None
            else Gateadresse(
                text(street, "gateadresse.adresselinje") or "",
                text(street, "gateadresse.postnummer") or "",
                text(street, "gateadresse.poststed"),
            ),
            read_bostedsomrade(adresse, "adresse.bostedsomrade"),
        ),
    )


def _treff(found: etree._Element) -> model.Treff | None:
    person = element(found, "treff.person")
    return None if person is None else model.Treff(read_person(person), hendelser(found, "treff"))


def read_response(root: etree._Element) -> model.Response | None:
    """A response element as data, or None if it is none of the three."""
    unit, result = read_ident(root, "unit"), read_resultat(root)
    if root.tag == binding.tag("HendelseResponse"):
        found = hendelser(root, "hendelse_response")
        return model.HendelseResponse(
            unit, result, read_ident(root, "hendelse_response.vaksinand_ident"), found[0] if found else None
        )
    if root.tag == binding.tag("SokResponse"):
        treff = (_treff(v) for v in elements(root, "sok_response.treff"))
        return model.SokResponse(unit, result, tuple(t for t in treff if t is not None))
    if root.tag == binding.tag("KodeverkResponse"):
        found_kodeverk = element(root, "kodeverk_response.kodeverk")
        kodeverk = (
            None
            if found_kodeverk is None
            else model.Kodeverk(
                text(found_kodeverk, "kodeverk.id") or "",
                text(found_kodeverk, "kodeverk.navn") or "",
                tuple(
                    (text(k, "kode.verdi") or "", text(k, "kode.navn") or "")
                    for k in elements(found_kodeverk, "kodeverk.kode")
                ),
            )
        )
        return model.KodeverkResponse(unit, result, kodeverk)
    return None


def read_request(root: etree._Element) -> model.Request | None:
    """A request element as data, or None if it is none of the three (or unreadable)."""
    readers = {
        binding.tag("HendelseRequest"): read_hendelse_request,
        binding.tag("SokRequest"): read_sok_request,
        binding.tag("KodeverkRequest"): read_kodeverk_request,
    }
    reader = readers.get(root.tag)
    if reader is None and etree.QName(root).namespace == binding.namespace():
        reader = read_kodeverk_request
    return None if reader is None else reader(root)


def idents(root: etree._Element, concepts: Iterable[str]) -> list[tuple[etree._Element, Ident]]:
    """Every identification element that one of `concepts` names, anywhere below `root`, with its value."""
    wanted = {binding.tag(concept) for concept in concepts}
    return [(found, ident_of(found)) for found in root.iter() if found.tag in wanted]

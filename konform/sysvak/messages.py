"""The six SYSVAK messages written as XML (schemas/sysvak/, our design of Dok 31 §4–§7).

Writers produce schema-valid elements from the model; ``konform.sysvak.readers`` reads
them back.
"""

from __future__ import annotations

from datetime import date

from lxml import etree

from konform.sysvak import model
from konform.sysvak.model import (
    Behandlingsresultat,
    Bostedsomrade,
    Hendelse,
    Ident,
    NavnSok,
    Person,
)
from konform.sysvak.schema import NS


def q(name: str) -> str:
    return f"{{{NS}}}{name}"


# -- writing ------------------------------------------------------------------------------------


def _add(parent: etree._Element, name: str, text: object = None, **attributes: str | None) -> etree._Element:
    element = etree.SubElement(parent, q(name), {k: v for k, v in attributes.items() if v is not None})
    if text is not None:
        element.text = text.isoformat() if isinstance(text, date) else str(text)
    return element


def _opt(parent: etree._Element, name: str, text: object) -> None:
    if text is not None:
        _add(parent, name, text)


def _root(name: str) -> etree._Element:
    return etree.Element(q(name), nsmap={None: NS})


def write_ident(parent: etree._Element, name: str, ident: Ident) -> None:
    element = _add(parent, name)
    _add(element, "Id", ident.id)
    _add(element, "TypeId", V=ident.type, S=ident.oid)


def write_bostedsomrade(parent: etree._Element, area: Bostedsomrade | None) -> None:
    if area is None:
        return
    element = _add(parent, "Bostedsområde")
    for name in ("fylke", "kommune", "bydel"):
        if getattr(area, name) is not None:
            _add(element, name.capitalize(), V=getattr(area, name))


def write_hendelse(parent: etree._Element, hendelse: Hendelse) -> None:
    element = _add(parent, hendelse.kind)
    _add(element, "HendelseAksjon", hendelse.aksjon)
    _add(element, "Konsultasjonsdato", hendelse.konsultasjonsdato)
    _add(element, "Vaksinekode", V=hendelse.vaksinekode)
    _opt(element, "Merknad", hendelse.merknad)
    if hendelse.kind == "Vaksinasjon":
        _opt(element, "Batchnummer", hendelse.batchnummer)
        _opt(element, "Dosenummer", hendelse.dosenummer)
    elif hendelse.arsak is not None:
        _add(element, "Arsak", V=hendelse.arsak)


def hendelse_request(request: model.HendelseRequest) -> etree._Element:
    root = _root("HendelseRequest")
    write_ident(root, "UtfortAvHelseenhet", request.unit)
    hendelse = _add(root, "Hendelse")
    vaksinand = _add(hendelse, "Vaksinand")
    if request.vaksinand.ident is not None:
        write_ident(vaksinand, "VaksinandIdent", request.vaksinand.ident)
    uten = request.vaksinand.uten_ident
    if uten is not None:
        element = _add(vaksinand, "VaksinandUtenIdent")
        for name in ("fornavn", "mellomnavn", "etternavn", "fodselsdato"):
            _opt(element, name.capitalize(), getattr(uten, name))
        if uten.kjonn is not None:
            _add(element, "Kjonn", V=uten.kjonn)
        write_bostedsomrade(element, uten.bostedsomrade)
        for guardian in uten.omsorgspersoner:
            write_ident(element, "OmsorgspersonIdent", guardian)
    write_hendelse(hendelse, request.hendelse)
    return root


def _navn(parent: etree._Element, name: str, search: NavnSok | None) -> None:
    if search is not None:
        element = _add(parent, name)
        _add(element, "SokVerdi", search.verdi)
        _add(element, "SokOperator", search.operator)


def sok_request(request: model.SokRequest) -> etree._Element:
    root, criteria = _root("SokRequest"), request.kriterier
    write_ident(root, "UtfortAvHelseenhet", request.unit)
    if criteria.person_ident is not None:
        write_ident(root, "PersonIdent", criteria.person_ident)
    _navn(root, "NavnSok", criteria.navn)
    if any((criteria.fornavn, criteria.mellomnavn, criteria.etternavn)):
        extended = _add(root, "UtvidetNavnSok")
        for part in ("fornavn", "mellomnavn", "etternavn"):
            _navn(extended, part.capitalize(), getattr(criteria, part))
    _opt(root, "Fodselsdato", criteria.fodselsdato)
    if criteria.kjonn is not None:
        _add(root, "Kjonn", V=criteria.kjonn)
    write_bostedsomrade(root, criteria.bostedsomrade)
    _opt(root, "Postnummer", criteria.postnummer)
    return root


def kodeverk_request(request: model.KodeverkRequest) -> etree._Element:
    root = _root("KodeverkRequest")
    write_ident(root, "UtfortAvHelseenhet", request.unit)
    _add(root, "KodeverkId", request.kodeverk_id)
    return root


def request(message: model.Request) -> etree._Element:
    if isinstance(message, model.HendelseRequest):
        return hendelse_request(message)
    if isinstance(message, model.SokRequest):
        return sok_request(message)
    return kodeverk_request(message)


def write_resultat(parent: etree._Element, result: Behandlingsresultat) -> None:
    element = _add(parent, "Behandlingsresultat")
    _add(element, "Status", result.status)
    for melding in result.meldinger:
        item = _add(element, "Valideringsmelding")
        _add(item, "Kode", melding.kode)
        _add(item, "Alvorlighetsgrad", melding.alvorlighetsgrad)
        _add(item, "Beskrivelse", melding.beskrivelse)
        _opt(item, "Element", melding.element)


def write_person(parent: etree._Element, person: Person) -> None:
    element = _add(parent, "Person")
    write_ident(element, "PersonIdent", person.ident)
    for name in ("fornavn", "mellomnavn", "etternavn", "fodselsdato"):
        _opt(element, name.capitalize(), getattr(person, name))
    if person.kjonn is not None:
        _add(element, "Kjonn", V=person.kjonn)
    if person.status is not None:
        _add(element, "RegisterstatusIFolkeregisteret", V=person.status)
    if person.adresse is not None:
        adresse = _add(element, "Adresse")
        street = person.adresse.gateadresse
        if street is not None:
            gate = _add(adresse, "Gateadresse")
            _add(gate, "Adresselinje", street.adresselinje)
            _add(gate, "Postnummer", street.postnummer)
            _opt(gate, "Poststed", street.poststed)
        write_bostedsomrade(adresse, person.adresse.bostedsomrade)


def response(message: model.Response) -> etree._Element:
    name = type(message).__name__
    root = _root(name)
    if message.unit is not None:
        write_ident(root, "UtfortAvHelseenhet", message.unit)
    if isinstance(message, model.HendelseResponse):
        if message.vaksinand_ident is not None:
            write_ident(root, "VaksinandIdent", message.vaksinand_ident)
        if message.hendelse is not None:
            write_hendelse(root, message.hendelse)
    elif isinstance(message, model.SokResponse):
        for treff in message.treff:
            vaksinand = _add(root, "Vaksinand")
            write_person(vaksinand, treff.person)
            for hendelse in treff.hendelser:
                write_hendelse(vaksinand, hendelse)
    elif message.kodeverk is not None:
        kodeverk = _add(root, "Kodeverk")
        _add(kodeverk, "KodeverkId", message.kodeverk.id)
        _add(kodeverk, "Navn", message.kodeverk.navn)
        for value, name in message.kodeverk.koder:
            _add(kodeverk, "Kode", V=value, DN=name)
    write_resultat(root, message.resultat)
    return root

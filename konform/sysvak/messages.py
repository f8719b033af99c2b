"""The six SYSVAK messages written as XML in the bound schema (Dok 31 §4–§7).

Writers produce elements from the model through the binding in use
(konform.sysvak.binding: konform's own schema, schemas/sysvak/, unless another is
installed), concept by concept in the schema's order; ``konform.sysvak.readers`` reads
them back.
"""

from __future__ import annotations

from lxml import etree

from konform.sysvak import binding, model
from konform.sysvak.binding import KINDS, write
from konform.sysvak.model import (
    Behandlingsresultat,
    Bostedsomrade,
    Hendelse,
    Ident,
    NavnSok,
    Person,
)


def _opt(parent: etree._Element, concept: str, value: object) -> None:
    if value is not None:
        write(parent, concept, value)


def _root(concept: str) -> etree._Element:
    tag = etree.QName(binding.tag(concept))
    return etree.Element(tag.text, nsmap={None: tag.namespace} if tag.namespace else None)


def write_ident(parent: etree._Element, concept: str, ident: Ident) -> None:
    element = write(parent, concept)
    write(element, "ident.id", ident.id)
    write(element, "ident.type", ident.type)
    _opt(element, "ident.oid", ident.oid)


def write_bostedsomrade(parent: etree._Element, concept: str, area: Bostedsomrade | None) -> None:
    if area is None:
        return
    element = write(parent, concept)
    for name in ("fylke", "kommune", "bydel"):
        _opt(element, f"bostedsomrade.{name}", getattr(area, name))


def write_hendelse(parent: etree._Element, where: str, hendelse: Hendelse) -> None:
    """The hendelse below `parent`; `where` is the context (hendelse_request, hendelse_response, treff)."""
    element = write(parent, f"{where}.{KINDS[hendelse.kind]}")
    write(element, "hendelse.aksjon", hendelse.aksjon)
    write(element, "hendelse.konsultasjonsdato", hendelse.konsultasjonsdato)
    write(element, "hendelse.vaksinekode", hendelse.vaksinekode)
    _opt(element, "hendelse.merknad", hendelse.merknad)
    if hendelse.kind == "Vaksinasjon":
        _opt(element, "hendelse.batchnummer", hendelse.batchnummer)
        _opt(element, "hendelse.dosenummer", hendelse.dosenummer)
    else:
        _opt(element, "hendelse.arsak", hendelse.arsak)


def hendelse_request(request: model.HendelseRequest) -> etree._Element:
    root = _root("HendelseRequest")
    write_ident(root, "unit", request.unit)
    vaksinand = write(root, "hendelse_request.vaksinand")
    if request.vaksinand.ident is not None:
        write_ident(vaksinand, "vaksinand.ident", request.vaksinand.ident)
    uten = request.vaksinand.uten_ident
    if uten is not None:
        element = write(vaksinand, "vaksinand.uten_ident")
        for name in ("fornavn", "mellomnavn", "etternavn", "fodselsdato", "kjonn"):
            _opt(element, f"uten_ident.{name}", getattr(uten, name))
        write_bostedsomrade(element, "uten_ident.bostedsomrade", uten.bostedsomrade)
        for guardian in uten.omsorgspersoner:
            write_ident(element, "uten_ident.omsorgsperson", guardian)
    write_hendelse(root, "hendelse_request", request.hendelse)
    return root


def _navn(parent: etree._Element, concept: str, search: NavnSok | None) -> None:
    if search is not None:
        element = write(parent, concept)
        write(element, "navn.verdi", search.verdi)
        write(element, "navn.operator", search.operator)


def sok_request(request: model.SokRequest) -> etree._Element:
    root, criteria = _root("SokRequest"), request.kriterier
    write_ident(root, "unit", request.unit)
    if criteria.person_ident is not None:
        write_ident(root, "sok_request.person_ident", criteria.person_ident)
    for part in ("navn", "fornavn", "mellomnavn", "etternavn"):
        _navn(root, f"sok_request.{part}", getattr(criteria, part))
    _opt(root, "sok_request.fodselsdato", criteria.fodselsdato)
    _opt(root, "sok_request.kjonn", criteria.kjonn)
    write_bostedsomrade(root, "sok_request.bostedsomrade", criteria.bostedsomrade)
    _opt(root, "sok_request.postnummer", criteria.postnummer)
    return root


def kodeverk_request(request: model.KodeverkRequest) -> etree._Element:
    root = _root("KodeverkRequest")
    write_ident(root, "unit", request.unit)
    write(root, "kodeverk_request.kodeverk_id", request.kodeverk_id)
    return root


def request(message: model.Request) -> etree._Element:
    if isinstance(message, model.HendelseRequest):
        return hendelse_request(message)
    if isinstance(message, model.SokRequest):
        return sok_request(message)
    return kodeverk_request(message)


def write_resultat(parent: etree._Element, result: Behandlingsresultat) -> None:
    element = write(parent, "resultat")
    write(element, "resultat.status", result.status)
    for melding in result.meldinger:
        item = write(element, "resultat.melding")
        write(item, "melding.kode", melding.kode)
        write(item, "melding.alvorlighetsgrad", melding.alvorlighetsgrad)
        write(item, "melding.beskrivelse", melding.beskrivelse)
        _opt(item, "melding.element", melding.element)


def write_person(parent: etree._Element, person: Person) -> None:
    element = write(parent, "treff.person")
    write_ident(element, "person.ident", person.ident)
    for name in ("fornavn", "mellomnavn", "etternavn", "fodselsdato", "kjonn", "status"):
        _opt(element, f"person.{name}", getattr(person, name))
    if person.adresse is not None:
        adresse = write(element, "person.adresse")
        street = person.adresse.gateadresse
        if street is not None:
            gate = write(adresse, "adresse.gateadresse")
            write(gate, "gateadresse.adresselinje", street.adresselinje)
            write(gate, "gateadresse.postnummer", street.postnummer)
            _opt(gate, "gateadresse.poststed", street.poststed)
        write_bostedsomrade(adresse, "adresse.bostedsomrade", person.adresse.bostedsomrade)


def response(message: model.Response) -> etree._Element:
    root = _root(type(message).__name__)
    if message.unit is not None:
        write_ident(root, "unit", message.unit)
    if isinstance(message, model.HendelseResponse):
        if message.vaksinand_ident is not None:
            write_ident(root, "hendelse_response.vaksinand_ident", message.vaksinand_ident)
        if message.hendelse is not None:
            write_hendelse(root, "hendelse_response", message.hendelse)
    elif isinstance(message, model.SokResponse):
        for treff in message.treff:
            vaksinand = write(root, "sok_response.treff")
            write_person(vaksinand, treff.person)
            for hendelse in treff.hendelser:
                write_hendelse(vaksinand, "treff", hendelse)
    elif message.kodeverk is not None:
        kodeverk = write(root, "kodeverk_response.kodeverk")
        write(kodeverk, "kodeverk.id", message.kodeverk.id)
        write(kodeverk, "kodeverk.navn", message.kodeverk.navn)
        for value, name in message.kodeverk.koder:
            code = write(kodeverk, "kodeverk.kode")
            write(code, "kode.verdi", value)
            write(code, "kode.navn", name)
    write_resultat(root, message.resultat)
    return root

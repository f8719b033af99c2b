"""SYSVAK's concepts and the binding that places them in a schema (konform.binding).

Every place where SYSVAK's code reads or writes a message's payload goes through the
binding in use: ``readers`` (XML to the model), ``messages`` (the model to XML), the
payload rules (the health unit's ID type, person identifications, schema breaches) and
the head rule that checks which message a MsgHead carries. konform's own schema
(schemas/sysvak/) is ``schemas/sysvak/binding.toml``, loaded by the same loader as a
binding for FHI's XSD (``--schema DIR --binding FILE``).

One binding is in use per process, as the code lists are (``konform.sysvak.codes``):
`konform serve sysvak` and `konform validate sysvak` install the one their options name,
a feature run the one its target profile names; ``active()`` is konform's own otherwise.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from lxml import etree

from konform import binding as core
from konform.binding import Binding, BindingError

__all__ = ["BUILTIN_PATH", "CONCEPTS", "Binding", "BindingError", "active", "install", "load", "using"]

BUILTIN_PATH = Path(__file__).resolve().parents[2] / "schemas" / "sysvak" / "binding.toml"

#: The six messages, by their names in Dok 31 §3.1.
MESSAGES = (
    "HendelseRequest",
    "HendelseResponse",
    "SokRequest",
    "SokResponse",
    "KodeverkRequest",
    "KodeverkResponse",
)
#: The two kinds of hendelse (Tabell 14, 15) and the concept suffix that places each.
KINDS = {"Vaksinasjon": "vaksinasjon", "ManglendeVaksinering": "manglende_vaksinering"}


def _fields(parent: str, prefix: str, *names: str) -> dict[str, str]:
    return {f"{prefix}.{name}": parent for name in names}


#: Every concept a SYSVAK binding maps, with the concept its XPath is relative to (None: a root).
CONCEPTS: dict[str, str | None] = {
    **dict.fromkeys(MESSAGES),
    "unit": None,
    "resultat": None,
    **_fields("unit", "ident", "id", "type", "oid"),
    **_fields("HendelseRequest", "hendelse_request", "vaksinand"),
    "hendelse_request.vaksinasjon": None,
    "hendelse_request.manglende_vaksinering": None,
    **_fields("hendelse_request.vaksinand", "vaksinand", "ident", "uten_ident"),
    **_fields(
        "vaksinand.uten_ident",
        "uten_ident",
        *("fornavn", "mellomnavn", "etternavn", "fodselsdato", "kjonn", "bostedsomrade", "omsorgsperson"),
    ),
    **_fields("uten_ident.bostedsomrade", "bostedsomrade", "fylke", "kommune", "bydel"),
    **_fields(
        "hendelse_request.vaksinasjon",
        "hendelse",
        *("aksjon", "konsultasjonsdato", "vaksinekode", "merknad", "batchnummer", "dosenummer"),
    ),
    "hendelse.arsak": "hendelse_request.manglende_vaksinering",
    "hendelse_response.vaksinand_ident": "HendelseResponse",
    "hendelse_response.vaksinasjon": None,
    "hendelse_response.manglende_vaksinering": None,
    **_fields(
        "SokRequest",
        "sok_request",
        *("person_ident", "navn", "fornavn", "mellomnavn", "etternavn"),
        *("fodselsdato", "kjonn", "bostedsomrade", "postnummer"),
    ),
    **_fields("sok_request.navn", "navn", "verdi", "operator"),
    "sok_response.treff": "SokResponse",
    "treff.person": "sok_response.treff",
    "treff.vaksinasjon": None,
    "treff.manglende_vaksinering": None,
    **_fields(
        "treff.person",
        "person",
        *("ident", "fornavn", "mellomnavn", "etternavn", "fodselsdato", "kjonn", "status", "adresse"),
    ),
    **_fields("person.adresse", "adresse", "gateadresse", "bostedsomrade"),
    **_fields("adresse.gateadresse", "gateadresse", "adresselinje", "postnummer", "poststed"),
    "kodeverk_request.kodeverk_id": "KodeverkRequest",
    "kodeverk_response.kodeverk": "KodeverkResponse",
    **_fields("kodeverk_response.kodeverk", "kodeverk", "id", "navn", "kode"),
    **_fields("kodeverk.kode", "kode", "verdi", "navn"),
    **_fields("resultat", "resultat", "status", "melding"),
    **_fields("resultat.melding", "melding", "kode", "alvorlighetsgrad", "beskrivelse", "element"),
}
#: The person identifications in a message (§3.7.1: fødselsnummer, D- and H-nummer).
PERSON_IDENTS = (
    "vaksinand.ident",
    "uten_ident.omsorgsperson",
    "hendelse_response.vaksinand_ident",
    "sok_request.person_ident",
    "person.ident",
)


def load(path: Path, *, schema_dir: Path | None = None, sample: Path | None = None) -> Binding:
    """A SYSVAK binding (``--binding FILE``, ``--schema DIR``, ``--sample FILE``); else BindingError."""
    parents = {concept: parent for concept, parent in CONCEPTS.items() if parent is not None}
    found = core.load(path, concepts=CONCEPTS, parents=parents, schema_dir=schema_dir, sample=sample)
    missing = [concept for concept in CONCEPTS if concept not in found.concepts]
    if missing:
        raise BindingError(
            f"binding {path}: concept {missing[0]!r} is not mapped (SYSVAK needs every concept)"
        )
    return found


def load_option(path: Path | None, *, schema_dir: Path | None = None, sample: Path | None = None) -> Binding:
    """The binding `--binding`, `--schema` and `--sample` name (konform's own without `--binding`)."""
    if path is None and schema_dir is None and sample is None:
        return active() if _active is None or _active.path == BUILTIN_PATH else load(BUILTIN_PATH)
    return load(path or BUILTIN_PATH, schema_dir=schema_dir, sample=sample)


_active: Binding | None = None


def active() -> Binding:
    """The binding in use in this process: the installed one, else konform's own."""
    global _active
    if _active is None:
        _active = load(BUILTIN_PATH)
    return _active


def install(chosen: Binding | None) -> None:
    """Use `chosen` from now on in this process (None: konform's own again)."""
    global _active
    _active = chosen


@contextmanager
def using(chosen: Binding) -> Iterator[Binding]:
    """Use `chosen` inside the block, then the binding used before."""
    before = _active
    install(chosen)
    try:
        yield chosen
    finally:
        install(before)


# -- reading and writing through the binding in use -----------------------------------------------


def tag(concept: str) -> str:
    return active().tag(concept)


def namespace() -> str:
    """The namespace of the six messages' root elements."""
    return etree.QName(tag("HendelseRequest")).namespace or ""


def element(node: etree._Element | None, concept: str) -> etree._Element | None:
    """The first element `concept` names below `node` (None if absent or an attribute)."""
    found = None if node is None else active().first(node, concept)
    return found if isinstance(found, etree._Element) else None


def elements(node: etree._Element | None, concept: str) -> list[etree._Element]:
    found = [] if node is None else active().select(node, concept)
    return [e for e in found if isinstance(e, etree._Element)]


def text(node: etree._Element | None, concept: str) -> str | None:
    """The concept's text or attribute value, stripped; None when absent."""
    found = None if node is None else active().text(node, concept)
    return None if found is None else found.strip()


def holder(node: etree._Element | None, concept: str) -> etree._Element | None:
    """The element that holds the concept (the element itself, or the one carrying its attribute)."""
    if node is None:
        return None
    path = active().compiled[concept]
    for step in path.steps:
        node = next((child for child in node if step.matches(child)), None)
        if node is None:
            return None
    return node


def write(node: etree._Element, concept: str, value: object = None) -> etree._Element:
    """Write the concept below `node` (a date as ISO 8601); the element written."""
    written = None if value is None else value.isoformat() if hasattr(value, "isoformat") else str(value)
    return active().write(node, concept, written)


def hendelse_elements(node: etree._Element | None, where: str) -> list[tuple[str, etree._Element]]:
    """The hendelser below `node` in document order, each with its kind; `where` names the context."""
    if node is None:
        return []
    # lxml keeps one proxy per node while it is referenced, so the dict's keys are the ones iter() yields
    found = {e: kind for kind, suffix in KINDS.items() for e in elements(node, f"{where}.{suffix}")}
    return [(found[e], e) for e in node.iter() if e in found]


def bound_name(name: str) -> str:
    """What the bound schema calls the element konform's schema calls `name` (features name konform's).

    The concept whose path in konform's schema ends in element `name` gives it: its last element
    step in the bound schema, or the attribute it is there. A name no concept ends in is kept.
    """
    chosen, builtin = active(), _builtin()
    if chosen.same_as(builtin):
        return name
    for concept, path in builtin.compiled.items():
        if path.steps and etree.QName(path.steps[-1].tag).localname == name and concept in chosen.compiled:
            bound = chosen.compiled[concept]
            return etree.QName(bound.steps[-1].tag).localname if bound.steps else bound.attribute or name
    return name


def _builtin() -> Binding:
    global _builtin_binding
    if _builtin_binding is None:
        _builtin_binding = active() if _active is None else load(BUILTIN_PATH)
    return _builtin_binding


_builtin_binding: Binding | None = None

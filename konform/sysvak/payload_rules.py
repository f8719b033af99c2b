"""SYSVAK's rules on the message itself (Dok 31 §3.5, §3.7.1, §4.2; fødselsnummer, D- and H-nummer)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from konform.checks import Finding
from konform.msghead.schema import SchemaError
from konform.sysvak import binding, codes, schema
from konform.sysvak.identity import ident_problems
from konform.sysvak.judging import FULL, SCHEMA, UNIT, Message, finding, line_of, rule


def _unit_path(payload: etree._Element) -> str:
    """libxml2's path of the message's child that holds the health unit (the first child if none does)."""
    steps = binding.active().compiled["unit"].steps
    children = (child for child in payload if isinstance(child.tag, str))
    for index, child in enumerate(children, 1):
        if steps and steps[0].matches(child):
            return f"/*/*[{index}]"
    return "/*/*[1]"


def _in_unit(error: SchemaError, unit: str) -> bool:
    return error.path == unit or error.path.startswith(unit + "/")


_UNEXPECTED = re.compile(r"Element '\{[^}]*\}([^']+)': This element is not expected")


def _missing(error: SchemaError) -> bool:
    """A required element left out: reported as missing, or as a known element arriving too early."""
    if "Missing child element" in error.message:
        return True
    unexpected = _UNEXPECTED.match(error.message)
    return unexpected is not None and unexpected.group(1) in schema.element_names()


def _classify(payload: etree._Element, error: SchemaError, unit: str) -> str:
    if _in_unit(error, unit):
        return UNIT
    return FULL if payload.tag == binding.tag("HendelseRequest") and _missing(error) else SCHEMA


def _schema_findings(message: Message, requirement: str) -> Iterator[Finding]:
    payload = message.payload
    if payload is None or not message.payload_errors:
        return
    unit = _unit_path(payload)
    for error in message.payload_errors:
        if _classify(payload, error, unit) == requirement:
            yield finding(error.line, requirement, error.message, error.path)


@rule(UNIT, "payload")
def health_unit(message: Message) -> Iterator[Finding]:
    """§3.5: the health unit's identification, with its ID type from code list 9051."""
    payload = message.payload
    if payload is None or etree.QName(payload).namespace != binding.namespace():
        return
    yield from _schema_findings(message, UNIT)
    unit = binding.element(payload, "unit")
    type_id = binding.holder(unit, "ident.type")
    if unit is None or type_id is None or binding.text(unit, "ident.type") is None:
        return
    name = etree.QName(type_id).localname
    where = etree.QName(unit).localname + ("" if type_id is unit else f"/{name}")
    oid, value = binding.text(unit, "ident.oid"), binding.text(unit, "ident.type")
    compiled = binding.active().compiled
    s, v = (compiled[c].attribute or "text" for c in ("ident.oid", "ident.type"))
    if oid != codes.OID_ORG_ID_TYPES:
        yield finding(
            line_of(type_id),
            UNIT,
            f"{where} {s}={oid!r}, expected the "
            f"code list for ID types of organisational units {codes.OID_ORG_ID_TYPES}",
            name,
        )
    elif value not in (known := codes.codes_of("9051")):
        yield finding(
            line_of(type_id),
            UNIT,
            f"{where} {v}={value!r} is not in code list 9051 (known: {', '.join(known)})",
            name,
        )


@rule("SYSVAK-ID", "payload")
def person_identifiers(message: Message) -> Iterator[Finding]:
    """Fødselsnummer, D- and H-nummer by Skatteetaten's rules, under the type their TypeId names."""
    if message.payload is not None:
        for problem in ident_problems(
            message.payload, today=message.today, outgoing=message.direction == "out"
        ):
            if problem.requirement == "SYSVAK-ID":
                yield finding(problem.line, "SYSVAK-ID", problem.message, problem.element)


@rule("SYSVAK-3.7.1-HNR", "payload")
def no_h_number_as_official(message: Message) -> Iterator[Finding]:
    """§3.7.1: no H-nummer under offisiell personidentifikasjon (8327), in or out."""
    if message.payload is not None:
        for problem in ident_problems(
            message.payload, today=message.today, outgoing=message.direction == "out"
        ):
            if problem.requirement == "SYSVAK-3.7.1-HNR":
                yield finding(problem.line, "SYSVAK-3.7.1-HNR", problem.message, problem.element)


@rule(FULL, "payload")
def whole_hendelse(message: Message) -> Iterator[Finding]:
    """§4.2: a hendelse, new, changed or deleted, is sent whole, with every required field."""
    yield from _schema_findings(message, FULL)


@rule(SCHEMA, "payload")
def other_schema_violations(message: Message) -> Iterator[Finding]:
    """What our schema forbids and no catalogue rule covers."""
    yield from _schema_findings(message, SCHEMA)

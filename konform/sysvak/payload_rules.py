"""SYSVAK's rules on the message itself (Dok 31 §3.5, §3.7.1, §4.2; fødselsnummer, D- and H-nummer)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from konform.checks import Finding
from konform.msghead.schema import SchemaError
from konform.sysvak import codes, schema
from konform.sysvak.identity import ident_problems
from konform.sysvak.judging import FULL, SCHEMA, UNIT, Message, finding, line_of, rule


def _in_unit(error: SchemaError) -> bool:
    return error.path == "/*/*[1]" or error.path.startswith("/*/*[1]/")


_UNEXPECTED = re.compile(r"Element '\{[^}]*\}([^']+)': This element is not expected")


def _missing(error: SchemaError) -> bool:
    """A required element left out: reported as missing, or as a known element arriving too early."""
    if "Missing child element" in error.message:
        return True
    unexpected = _UNEXPECTED.match(error.message)
    return unexpected is not None and unexpected.group(1) in schema.element_names()


def _classify(message: Message, error: SchemaError) -> str:
    if _in_unit(error):
        return UNIT
    is_hendelse = message.payload is not None and etree.QName(message.payload).localname == "HendelseRequest"
    return FULL if is_hendelse and _missing(error) else SCHEMA


def _schema_findings(message: Message, requirement: str) -> Iterator[Finding]:
    for error in message.payload_errors:
        if _classify(message, error) == requirement:
            yield finding(error.line, requirement, error.message, error.path)


@rule(UNIT, "payload")
def health_unit(message: Message) -> Iterator[Finding]:
    """§3.5: the health unit's identification, with its ID type from code list 9051."""
    payload = message.payload
    if payload is None or etree.QName(payload).namespace != schema.NS:
        return
    yield from _schema_findings(message, UNIT)
    unit = payload.find(f"{{{schema.NS}}}UtfortAvHelseenhet")
    type_id = None if unit is None else unit.find(f"{{{schema.NS}}}TypeId")
    if type_id is None:
        return
    if type_id.get("S") != codes.OID_ORG_ID_TYPES:
        yield finding(
            line_of(type_id),
            UNIT,
            f"UtfortAvHelseenhet/TypeId S={type_id.get('S')!r}, expected the "
            f"code list for ID types of organisational units {codes.OID_ORG_ID_TYPES}",
            "TypeId",
        )
    elif type_id.get("V") not in (known := codes.codes_of("9051")):
        yield finding(
            line_of(type_id),
            UNIT,
            f"UtfortAvHelseenhet/TypeId V={type_id.get('V')!r} is not in code "
            f"list 9051 (known: {', '.join(known)})",
            "TypeId",
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

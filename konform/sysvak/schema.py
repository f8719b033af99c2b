"""SYSVAK's XML schema (our design of Dok 31's lost type tables), compiled once."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

from konform import xml
from konform.msghead.schema import SchemaError, errors

NS = "urn:konform:sysvak:dok31:1.0"
SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas" / "sysvak"
#: Includes the six message schemas and the felleskomponenter.
SCHEMA_PATH = SCHEMA_DIR / "sysvak.xsd"


@cache
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH), xml.parser()))


@cache
def element_names() -> frozenset[str]:
    """Every element name our SYSVAK schemas declare."""
    xs = "{http://www.w3.org/2001/XMLSchema}element"
    return frozenset(
        str(element.get("name"))
        for path in SCHEMA_DIR.glob("*.xsd")
        for element in etree.parse(str(path), xml.parser()).iter(xs)
        if element.get("name")
    )


def violations(payload: etree._Element) -> list[SchemaError]:
    """Every violation of our schema by one SYSVAK message (the element may sit inside a MsgHead)."""
    return errors(schema(), payload)

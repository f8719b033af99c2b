"""SYSVAK's XML schema: konform's own (our design of Dok 31's lost type tables), or the one bound.

The schema that judges a payload is the main XSD of the binding in use
(konform.sysvak.binding); without an installed binding that is schemas/sysvak/sysvak.xsd.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

from konform import xml
from konform.msghead.schema import SchemaError, errors
from konform.sysvak import binding

NS = "urn:konform:sysvak:dok31:1.0"
SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas" / "sysvak"
#: Includes the six message schemas and the felleskomponenter.
SCHEMA_PATH = SCHEMA_DIR / "sysvak.xsd"
XS = "http://www.w3.org/2001/XMLSchema"


def schema() -> etree.XMLSchema:
    """The main XSD of the binding in use, compiled once."""
    return binding.active().xsd()


def path() -> Path:
    """The main XSD file of the binding in use."""
    return binding.active().main


def element_names() -> frozenset[str]:
    """Every element name the bound schema declares (its main XSD and what it includes or imports)."""
    return _declared(binding.active().main)


@cache
def _declared(main: Path) -> frozenset[str]:
    names: set[str] = set()
    pending, seen = [main], set()
    while pending:
        current = pending.pop()
        if current in seen or not current.is_file():
            continue
        seen.add(current)
        root = etree.parse(str(current), xml.parser()).getroot()
        names.update(str(e.get("name")) for e in root.iter(f"{{{XS}}}element") if e.get("name"))
        for link in root.iter(f"{{{XS}}}include", f"{{{XS}}}import"):
            if link.get("schemaLocation"):
                pending.append((current.parent / str(link.get("schemaLocation"))).resolve())
    return frozenset(names)


def violations(payload: etree._Element) -> list[SchemaError]:
    """Every violation of the bound schema by one SYSVAK message (the element may sit inside a MsgHead)."""
    return errors(schema(), payload)

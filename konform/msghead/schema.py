"""Check a MsgHead against our subset XSD, or against an official MsgHead XSD the user names."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree

from konform import xml
from konform.msghead import NS

SUBSET_PATH = (
    Path(__file__).resolve().parents[2] / "schemas" / "common" / "msghead" / "msghead-v1_2-subset.xsd"
)
XS = "http://www.w3.org/2001/XMLSchema"


@dataclass(frozen=True)
class SchemaError:
    """One schema violation: line, the element's XPath-ish path and libxml2's message."""

    line: int
    path: str
    message: str


class SchemaUnavailable(Exception):
    """An XSD that cannot be read or compiled."""


@cache
def subset() -> etree.XMLSchema:
    """Our subset of MsgHead v1.2, compiled once (payloads are not checked by it)."""
    return etree.XMLSchema(etree.parse(str(SUBSET_PATH), xml.parser()))


def errors(schema: etree.XMLSchema, root: etree._Element) -> list[SchemaError]:
    """Every violation of `schema` by the document `root`, in document order."""
    if schema.validate(root):
        return []
    return [SchemaError(int(e.line or 0), e.path or "", e.message) for e in schema.error_log]


@cache
def combined(msghead_xsd: Path, payload_xsds: tuple[Path, ...]) -> etree.XMLSchema:
    """An official MsgHead XSD together with the payload schemas its strict Content needs.

    The official schema declares RefDoc/Content with processContents="strict", so a
    payload validates only when its own schema is loaded alongside: a small driver
    schema imports both by file URI (nothing is fetched from the network).
    """
    if not msghead_xsd.is_file():
        raise SchemaUnavailable(f"{msghead_xsd}: no such file")
    imports = [(NS, msghead_xsd), *((_target_namespace(p), p) for p in payload_xsds)]
    driver = etree.Element(f"{{{XS}}}schema", nsmap={"xs": XS})
    for namespace, path in _unique(imports):
        etree.SubElement(
            driver, f"{{{XS}}}import", namespace=namespace, schemaLocation=path.resolve().as_uri()
        )
    try:
        return etree.XMLSchema(
            etree.fromstring(etree.tostring(driver), xml.parser(), base_url=str(msghead_xsd))
        )
    except (etree.XMLSchemaParseError, etree.XMLSyntaxError) as error:
        raise SchemaUnavailable(f"{msghead_xsd}: not a usable XML schema: {error}") from None


def _target_namespace(path: Path) -> str:
    return str(etree.parse(str(path), xml.parser()).getroot().get("targetNamespace", ""))


def _unique(pairs: Iterable[tuple[str, Path]]) -> list[tuple[str, Path]]:
    seen: dict[str, Path] = {}
    for namespace, path in pairs:
        seen.setdefault(namespace, path)
    return list(seen.items())

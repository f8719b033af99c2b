"""The schema files of a binding: which namespaces they define, and the main XSD compiled."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from lxml import etree

XS = "http://www.w3.org/2001/XMLSchema"
WSDL = "http://schemas.xmlsoap.org/wsdl/"
#: Namespaces every SOAP service may use without its schema files defining them.
STANDARD = frozenset(
    {
        XS,
        "http://www.w3.org/2001/XMLSchema-instance",
        "http://schemas.xmlsoap.org/soap/envelope/",
        "http://www.w3.org/2003/05/soap-envelope",
        WSDL,
        "http://schemas.xmlsoap.org/wsdl/soap/",
    }
)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def defined_namespaces(files: Iterable[Path]) -> frozenset[str]:
    """targetNamespace and imported namespaces of the files and of every XSD they include or import."""
    found = set(STANDARD)
    pending, seen = list(files), set()
    while pending:
        path = pending.pop()
        if path in seen or not path.is_file():
            continue
        seen.add(path)
        try:
            root = etree.parse(str(path), _PARSER).getroot()
        except etree.XMLSyntaxError:
            continue  # compile_xsd reports the main XSD; a broken extra file defines nothing
        for node in root.iter(f"{{{XS}}}schema", f"{{{WSDL}}}definitions"):
            if node.get("targetNamespace"):
                found.add(node.get("targetNamespace", ""))
        for node in root.iter(f"{{{XS}}}import", f"{{{XS}}}include"):
            if node.get("namespace"):
                found.add(node.get("namespace", ""))
            if node.get("schemaLocation"):
                pending.append((path.parent / node.get("schemaLocation", "")).resolve())
    return frozenset(found)


def compile_xsd(path: Path) -> etree.XMLSchema:
    """The XSD at `path` compiled by libxml2; ValueError names the file and libxml2's complaint."""
    try:
        return etree.XMLSchema(etree.parse(str(path), _PARSER))
    except (etree.XMLSyntaxError, etree.XMLSchemaParseError) as error:
        raise ValueError(f"schema {path.name} does not compile: {error}") from None

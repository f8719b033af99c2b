"""Hardened XML parsing shared by every simulator and by `konform validate`."""

from __future__ import annotations

from lxml import etree

#: Nesting deeper than this is refused; no registry message comes near it.
MAX_DEPTH = 64
#: An attribute value longer than this is refused; no registry message comes near it either.
MAX_ATTRIBUTE = 64 * 1024


class UnsafeXml(ValueError):
    """Input that is not well-formed XML or uses a feature we refuse (DTD, entities)."""


def parser() -> etree.XMLParser:
    """A parser that never loads a DTD, expands an entity or touches the network."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=False,
    )


def parse(data: bytes) -> etree._Element:
    """Parse `data` into an element tree or raise UnsafeXml saying why."""
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:65536]:
        raise UnsafeXml("DTDs and entity declarations are not allowed")
    try:
        root = etree.fromstring(data, parser())
    except etree.XMLSyntaxError as error:
        raise UnsafeXml(f"not well-formed XML: {error}") from None
    tree = root.getroottree()
    if tree.docinfo.doctype:
        raise UnsafeXml("DTDs and entity declarations are not allowed")
    check_limits(root)
    return root


#: Both limits as XPath, evaluated by libxml2: a Python walk of the tree cost several times
#: the parse itself on every request.
_TOO_DEEP = etree.XPath("boolean(" + "/".join(["*"] * MAX_DEPTH) + ")")
_LONG_ATTRIBUTE_OWNER = etree.XPath(f"descendant-or-self::*[@*[string-length(.) > {MAX_ATTRIBUTE}]][1]")


def check_limits(element: etree._Element) -> None:
    """UnsafeXml if the tree nests deeper than MAX_DEPTH or holds an attribute value past MAX_ATTRIBUTE."""
    if _TOO_DEEP(element):
        raise UnsafeXml(f"nesting deeper than {MAX_DEPTH} elements")
    owners = _LONG_ATTRIBUTE_OWNER(element)
    if owners:
        raise UnsafeXml(f"attribute value longer than {MAX_ATTRIBUTE} characters on {owners[0].tag}")


def local_name(element: etree._Element) -> str:
    return etree.QName(element).localname

"""Hypothesis strategies that mutate a valid message, at the byte and at the element level.

Each strategy takes the bytes of one valid message and draws a damaged copy of it:

* :func:`byte_mutations` flips, inserts, deletes, truncates or duplicates a slice of
  the bytes, optionally only inside a span (e.g. the SOAP Body, leaving a signed header whole);
* :func:`element_mutations` parses the message with lxml and deletes, duplicates,
  reorders or renames an element, replaces its content with a drawn XML-safe string,
  nothing, a type's edge value or an over-long string, drops or alters an attribute,
  or moves it to another namespace, optionally only below one element (e.g. the SOAP Body).

Some mutants stay valid by chance; a property over them must allow for that.
"""

from __future__ import annotations

import copy
import string
from collections.abc import Callable, Sequence

from hypothesis import strategies as st
from lxml import etree

from konform import xml

#: Characters lxml accepts in text and attribute values (STACK.md gotcha 3).
XML_SAFE = st.characters(exclude_categories=("Cs", "Cc", "Cn"))
#: Lengths of an over-long text: far past any field's limit, well inside a body limit.
OVER_LONG = st.integers(min_value=1_000, max_value=70_000)
NAMES = st.text(st.sampled_from(string.ascii_letters + "_"), min_size=1, max_size=16)
NAMESPACES = st.sampled_from(("", "urn:konform:fuzz", "http://schemas.xmlsoap.org/soap/envelope/"))

#: Values at the edges of XSD's simple types (numbers, dates, booleans, digits), a fuzzing dictionary.
EDGE_VALUES = (
    "0",
    "-1",
    "+1",
    "9223372036854775808",
    "-9223372036854775809",
    "1e309",
    "NaN",
    "INF",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-14:00",
    "-0001-01-01T00:00:00Z",
    "10000-01-01T00:00:00Z",
    "2024-02-29T24:00:00Z",
    "0001-01-01",
    "9999-12-31",
    "true",
    "1",
    "²",  # str.isdigit() says yes, int() says no
    "١٢",  # Arabic-Indic digits: int() reads 12, XSD's integers do not
)

Span = tuple[int, int]
ElementChange = Callable[[etree._Element, st.DrawFn], None]


# -- bytes -------------------------------------------------------------------------------------
@st.composite
def byte_mutations(draw: st.DrawFn, message: bytes, within: Span | None = None) -> bytes:
    """`message` with one byte-level change inside `within` (start, end; default: all of it)."""
    start, end = within or (0, len(message))
    if not 0 <= start < end <= len(message):
        raise ValueError(f"span {within} is not inside a message of {len(message)} bytes")
    kind = draw(st.sampled_from(("flip", "insert", "delete", "truncate", "duplicate")))
    at = draw(st.integers(start, end - 1))
    if kind == "flip":
        flipped = message[at] ^ draw(st.integers(1, 255))
        return message[:at] + bytes([flipped]) + message[at + 1 :]
    if kind == "insert":
        return message[:at] + draw(st.binary(min_size=1, max_size=16)) + message[at:]
    if kind == "truncate":
        return message[:at]
    length = draw(st.integers(1, min(64, end - at)))
    if kind == "delete":
        return message[:at] + message[at + length :]
    return message[: at + length] + message[at : at + length] + message[at + length :]


# -- elements ----------------------------------------------------------------------------------
@st.composite
def element_mutations(
    draw: st.DrawFn, message: bytes, below: str | None = None, changes: Sequence[str] = ()
) -> bytes:
    """`message` with one element-level change to an element below the one tagged `below`
    (Clark notation, e.g. "{http://schemas.xmlsoap.org/soap/envelope/}Body"; default: any element),
    one of `changes` (names in CHANGES; default: any).
    """
    root = xml.parse(message)
    candidates = _candidates(root, below)
    target = draw(st.sampled_from(range(len(candidates))))
    change = draw(st.sampled_from(sorted(changes or CHANGES)))
    CHANGES[change](candidates[target], draw)
    return etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8")


def _candidates(root: etree._Element, below: str | None) -> list[etree._Element]:
    scopes = [root] if below is None else list(root.iter(below))
    if not scopes:
        raise ValueError(f"the message has no element {below}")
    found = [e for scope in scopes for e in scope.iter() if isinstance(e.tag, str)]
    # without `below` the root is a candidate too; a named scope element itself is not
    candidates = [e for e in found if below is None or e not in scopes]
    if not candidates:
        raise ValueError(f"the message has no element below {below} to mutate")
    return candidates


def _delete(element: etree._Element, draw: st.DrawFn) -> None:
    parent = element.getparent()
    if parent is None:
        element.clear()
    else:
        parent.remove(element)


def _duplicate(element: etree._Element, draw: st.DrawFn) -> None:
    parent = element.getparent()
    if parent is None:
        element.append(copy.deepcopy(element))
    else:
        element.addnext(copy.deepcopy(element))


def _reorder(element: etree._Element, draw: st.DrawFn) -> None:
    parent = element.getparent()
    if parent is None:
        return
    siblings = list(parent)
    parent.remove(element)
    parent.insert(draw(st.integers(0, len(siblings) - 1)), element)


def _rename(element: etree._Element, draw: st.DrawFn) -> None:
    element.tag = etree.QName(etree.QName(element).namespace, draw(NAMES)).text


def _renamespace(element: etree._Element, draw: st.DrawFn) -> None:
    namespace = draw(NAMESPACES)
    local = etree.QName(element).localname
    element.tag = etree.QName(namespace, local).text if namespace else local


def _text(element: etree._Element, draw: st.DrawFn) -> None:
    _replace_content(element, draw(st.text(XML_SAFE, max_size=40)))


def _empty(element: etree._Element, draw: st.DrawFn) -> None:
    _replace_content(element, draw(st.sampled_from(("", " ", "\n  "))))


def _edge_value(element: etree._Element, draw: st.DrawFn) -> None:
    _replace_content(element, draw(st.sampled_from(EDGE_VALUES)))


def _over_long_text(element: etree._Element, draw: st.DrawFn) -> None:
    _replace_content(element, draw(XML_SAFE) * draw(OVER_LONG))


def _replace_content(element: etree._Element, text: str) -> None:
    for child in list(element):
        element.remove(child)
    element.text = text


def _attribute(element: etree._Element, draw: st.DrawFn) -> None:
    names = sorted(element.attrib)
    action = draw(st.sampled_from(("drop", "alter", "add") if names else ("add",)))
    if action == "drop":
        del element.attrib[draw(st.sampled_from(names))]
        return
    name = draw(st.sampled_from(names)) if action == "alter" else draw(NAMES)
    element.set(name, draw(st.text(XML_SAFE, max_size=40)))


CHANGES: dict[str, ElementChange] = {
    "delete": _delete,
    "duplicate": _duplicate,
    "reorder": _reorder,
    "rename": _rename,
    "namespace": _renamespace,
    "text": _text,
    "empty": _empty,
    "edge value": _edge_value,
    "over-long text": _over_long_text,
    "attribute": _attribute,
}

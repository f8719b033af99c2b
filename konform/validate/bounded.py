"""Reading one XML message in bounded memory, for `konform validate lar`, `brs` and `sysvak`.

The file is parsed as a stream (libxml2's push parser with konform/xml.py's hardened
settings). A registry may name repeated records (LAR's reaction, BRS's Relation): of each
run of such siblings the first stays in the tree, so that the message's own judge still
sees the order of its parts; every later one is handed to the registry's record judge as
soon as it is complete and followed, and dropped from the tree (the judge may keep it a
while, to judge records a batch at a time). A record that carries an id or a SAML assertion is
never dropped (a signature may point at it). What stays – the envelope and its header, the
request around its records – is held to the limits below (docs/reference/limits.md);
past one, reading stops with `Limit`, which the registry turns into a finding.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from konform import xml
from konform.validate import Unusable

CHUNK = 1 << 18
#: One text node or attribute value while parsing: libxml2's limit without huge_tree, kept.
MAX_TEXT = 10_000_000
#: Elements held at once (everything but the records already judged and dropped).
MAX_ELEMENTS = 100_000
#: Characters of text held at once in those elements.
MAX_HELD_TEXT = 32 * 2**20
#: How often (bytes read) the part held in memory is measured against the two limits above.
MEASURE_EVERY = 4 * 2**20
_SAFE = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}
_SIGNABLE = etree.XPath(
    "boolean(descendant-or-self::*[@*[local-name()='id' or local-name()='ID' or local-name()='Id']]"
    " or descendant::*[local-name()='Assertion'])"
)


def batch_schema(namespace: str, xsd: Path, batch: str, record: str, record_type: str) -> etree.XMLSchema:
    """A registry's XSD with one more element, `batch`: records of `record_type` (a prefix-free
    QName in `namespace`) judged a batch at a time; konform's own wrapper, never on the wire."""
    text = f"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:r="{namespace}"
        targetNamespace="{namespace}" elementFormDefault="qualified">
      <xs:include schemaLocation="{xsd.as_uri()}"/>
      <xs:element name="{batch}"><xs:complexType><xs:sequence>
        <xs:element name="{record}" type="r:{record_type}" maxOccurs="unbounded"/>
      </xs:sequence></xs:complexType></xs:element>
    </xs:schema>"""
    return etree.XMLSchema(etree.fromstring(text.encode(), xml.parser()))


class Limit(Exception):
    """Reading stopped at one of konform's limits: the line, the element and what was over it."""

    def __init__(self, line: int, element: str, text: str) -> None:
        super().__init__(text)
        self.line, self.element, self.text = line, element, text


@dataclass(frozen=True)
class Records:
    """A registry's repeated records: their tags, the parents they repeat in, and their judge."""

    tags: frozenset[str]
    parents: frozenset[str]
    judge: Callable[[etree._Element], None]


def chunks(source: BinaryIO) -> Iterator[bytes]:
    while chunk := source.read(CHUNK):
        yield chunk


def read(
    source: Iterable[bytes], check_root: Callable[[str], None], records: Records | None = None
) -> etree._Element:
    """The message's tree without its dropped records; Unusable or Limit when it cannot be read."""
    stream = iter(source)
    head, root_tag = _peek(stream, check_root)
    tags = [root_tag, *(records.tags if records else ())]
    parser = etree.XMLPullParser(events=("start", "end"), tag=tags, **_SAFE)
    reading = _Reading(records)
    measured = 0
    try:
        for chunk in itertools.chain(head, stream):
            parser.feed(chunk)
            reading.events(parser)
            measured += len(chunk)
            if measured >= MEASURE_EVERY and reading.root is not None:
                measured = 0
                _measure(reading.root)
        root = parser.close()
        reading.events(parser)
    except etree.XMLSyntaxError as error:
        raise _syntax(error, reading.root) from None
    reading.drop_all()
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None:
        raise Unusable("DTDs and entity declarations are not allowed")
    try:
        xml.check_limits(root)
    except xml.UnsafeXml as unsafe:
        raise Unusable(str(unsafe)) from None
    return root


class _Reading:
    """The parser's events: the root, and records handed to their judge and dropped."""

    def __init__(self, records: Records | None) -> None:
        self.records = records
        self.root: etree._Element | None = None
        self.pending: list[etree._Element] = []  # later records of a run, handed out once followed

    def events(self, parser: etree.XMLPullParser) -> None:
        for event, element in parser.read_events():
            if event == "start":
                if self.root is None:
                    self.root = element
            elif self.records is not None and element.tag in self.records.tags:
                self._record(element, self.records)

    def _record(self, element: etree._Element, records: Records) -> None:
        parent = element.getparent()
        if parent is None or parent.tag not in records.parents:
            return
        previous = element.getprevious()
        if previous is not None and any(pending is previous for pending in self.pending):
            # never the last child that is dropped: libxml2 may still be appending text to it
            self._hand_out(previous, records)
            previous = element.getprevious()
        if previous is None or previous.tag != element.tag:
            return  # the first of its run stays
        simple = not len(element) and not element.attrib  # a leaf: nothing to name, nest or overflow
        if simple or not _SIGNABLE(element):  # one a signature may name stays
            if not simple:
                _check_record(element)
            self.pending.append(element)

    def _hand_out(self, element: etree._Element, records: Records) -> None:
        self.pending = [pending for pending in self.pending if pending is not element]
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)
        records.judge(element)

    def drop_all(self) -> None:
        """After the parse: hand out the records still waiting for a follower."""
        if self.records is not None:
            for element in list(self.pending):
                self._hand_out(element, self.records)
        self.pending.clear()


def _check_record(record: etree._Element) -> None:
    depth = sum(1 for _ in record.iterancestors()) + 1
    try:
        if _deeper_than(xml.MAX_DEPTH - depth)(record):
            raise xml.UnsafeXml(f"nesting deeper than {xml.MAX_DEPTH} elements")
        xml.check_limits(record)
    except xml.UnsafeXml as unsafe:
        raise Unusable(str(unsafe)) from None


@cache
def _deeper_than(levels: int) -> etree.XPath:
    return etree.XPath("boolean(" + "/".join(["*"] * max(levels, 1)) + ")")


def _open_path(root: etree._Element) -> list[etree._Element]:
    """The elements still open while parsing: the root, its last child, that one's last child…"""
    path = [root]
    while len(path[-1]):
        path.append(path[-1][-1])
    return path


def _measure(root: etree._Element) -> None:
    held = int(root.xpath("count(//*)"))
    if held > MAX_ELEMENTS:
        crowded = max(_open_path(root), key=len)
        text = f"{xml.local_name(crowded)} holds more than konform's limit of {MAX_ELEMENTS:,} elements"
        raise Limit(crowded.sourceline or 0, xml.local_name(crowded), text.replace(",", " "))
    if sum(len(text) for text in root.itertext()) > MAX_HELD_TEXT:
        last = _open_path(root)[-1]
        text = f"the message's text outside its repeated records is over konform's limit of {MAX_HELD_TEXT:,}"
        raise Limit(last.sourceline or 0, xml.local_name(last), f"{text} characters".replace(",", " "))


def _syntax(error: etree.XMLSyntaxError, root: etree._Element | None) -> Exception:
    text = getattr(error, "msg", None) or str(error)
    if "XML_PARSE_HUGE" in text or "Resource limit" in text:
        last = _open_path(root)[-1] if root is not None else None
        name = xml.local_name(last) if last is not None else "the file"
        what = "text" if "Text node" in text else "a name or value"
        limit = f"{MAX_TEXT:,}".replace(",", " ")
        text = f"{name}: {what} over konform's limit of {limit} bytes for one text node or value"
        return Limit(error.lineno or 0, name, text)
    return Unusable(f"not well-formed XML: {error}")


def _peek(stream: Iterator[bytes], check_root: Callable[[str], None]) -> tuple[list[bytes], str]:
    """The chunks read until the root element is known, and its tag; Unusable for a wrong root."""
    head: list[bytes] = []
    parser = etree.XMLPullParser(events=("start",), **_SAFE)
    try:
        for chunk in stream:
            if not head and (b"<!DOCTYPE" in chunk[:4096] or b"<!ENTITY" in chunk[:65536]):
                raise Unusable("DTDs and entity declarations are not allowed")
            head.append(chunk)
            parser.feed(chunk)
            for _, element in parser.read_events():
                check_root(element.tag)
                return head, str(element.tag)
        parser.close()
    except etree.XMLSyntaxError as error:
        if not b"".join(head).strip():
            raise Unusable("not well-formed XML: the file is empty") from None
        raise _syntax(error, None) from None
    for _, element in parser.read_events():
        check_root(element.tag)
        return head, str(element.tag)
    raise Unusable("not well-formed XML: the file is empty" if not head else "not XML: no root element")

"""Reading a SPOR message in bounded memory: SOAP envelope, export (request) or one registration (§7).

Registrations are handed out one at a time and cleared afterwards, so memory does not
grow with the file (STACK.md: iterparse + per-record XSD).
"""

from __future__ import annotations

import codecs
import itertools
import re
from collections.abc import Callable, Iterator
from typing import BinaryIO, Literal, NamedTuple

from lxml import etree

from konform import xml
from konform.soap import SOAP11, SOAP12
from konform.spor.wire import BUILTIN_WIRE, Wire
from konform.validate import Unusable

CHUNK = 1 << 18
ENVELOPE = f"{{{SOAP11}}}Envelope"
BODY = f"{{{SOAP11}}}Body"
_DECLARED = re.compile(rb"""^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_SAFE = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}

Kind = Literal["request", "registration", "stray", "end"]


class Event(NamedTuple):
    """What the reader found: the request (at its start), a registration, a stray child, the end."""

    kind: Kind
    element: etree._Element


def read(
    stream: BinaryIO, *, progress: Callable[[int], None] | None = None, wire: Wire = BUILTIN_WIRE
) -> Iterator[Event]:
    """Events of one SPOR message in `wire`'s schema (elements as on the wire); Unusable when
    it is not UTF-8, not XML or not SPOR's."""
    done = 0

    def chunks() -> Iterator[bytes]:
        nonlocal done
        while chunk := stream.read(CHUNK):
            done += len(chunk)
            if progress is not None:
                progress(done)
            yield chunk

    source = chunks()
    head = _peek(source, wire)
    parser = etree.XMLPullParser(events=("end",), tag=[wire.request, wire.registration], **_SAFE)
    events = _Events(wire.request, wire.registration)
    try:
        for chunk in itertools.chain(head, source):
            parser.feed(chunk)
            yield from events.read(parser)
        root = parser.close()
        yield from events.read(parser)
        xml.check_limits(root)  # what is left: judged registrations are cleared, the rest is whole
    except etree.XMLSyntaxError as error:
        raise Unusable(_syntax(error)) from None
    except xml.UnsafeXml as unsafe:
        raise Unusable(str(unsafe)) from None
    yield Event("end", root)


def _syntax(error: etree.XMLSyntaxError) -> str:
    """libxml2 checks every byte sequence as it parses; its encoding errors mean "not UTF-8"."""
    text = getattr(error, "msg", None) or str(error)
    if "encoding" in text.lower() or "utf-8" in text.lower():
        return f"not UTF-8: {text}"
    return f"not well-formed XML: {text}"


class _Events:
    """Turns the parser's end events into Events, clearing each registration once it is judged."""

    def __init__(self, request_tag: str, registration_tag: str) -> None:
        self.request: etree._Element | None = None
        self.tags = (request_tag, registration_tag)

    def read(self, parser: etree.XMLPullParser) -> Iterator[Event]:
        request_tag, registration_tag = self.tags  # the bound schema's
        for _, element in parser.read_events():
            parent = element.getparent()
            if element.tag == request_tag:
                if self.request is None:  # a request without a single registration
                    self.request = element
                    yield Event("request", element)
                for child in element:
                    if isinstance(child.tag, str) and child.tag != registration_tag:
                        yield Event("stray", child)
                continue
            if parent is not None and parent is not self.request:
                if parent.tag != request_tag:
                    continue  # nested somewhere odd: the enclosing element's validation reports it
                self.request = parent
                yield Event("request", parent)  # its attributes are complete by now
            yield Event("registration", element)
            element.clear(keep_tail=True)
            if parent is not None:
                yield from self._strays(parent, element)

    def _strays(self, request: etree._Element, keep: etree._Element) -> Iterator[Event]:
        """Report and drop the request's children before `keep` (the registration just judged)."""
        while (first := request[0]) is not keep:
            if isinstance(first.tag, str) and first.tag != self.tags[1]:
                yield Event("stray", first)
            del request[0]


def _peek(source: Iterator[bytes], wire: Wire) -> list[bytes]:
    """Read until the root (and a SOAP Body's payload) is known; refuse what is not SPOR's."""
    head: list[bytes] = []
    parser = etree.XMLPullParser(events=("start",), **_SAFE)
    state: dict[str, etree._Element] = {}
    try:
        for chunk in source:
            if not head:
                _check_declaration(chunk)
            head.append(chunk)
            parser.feed(chunk)
            if _known(parser, state, wire):
                return head
        if head:
            parser.close()  # a tiny file: the push parser holds its last bytes back until the end
            if _known(parser, state, wire):
                return head
    except etree.XMLSyntaxError as error:
        raise Unusable(_syntax(error)) from None
    if "root" not in state:
        raise Unusable("empty file" if not head else "not XML: no root element")
    raise Unusable(f"the SOAP Body holds no {etree.QName(wire.request).localname}")


def _known(parser: etree.XMLPullParser, state: dict[str, etree._Element], wire: Wire) -> bool:
    """True once the root (and, in an envelope, the Body's payload) is known and acceptable."""
    for _, element in parser.read_events():
        if "root" not in state:
            state["root"] = element
            _check_doctype(element)
            if element.tag != ENVELOPE:
                _check_root(element, wire)
                return True
        elif element.tag == BODY and element.getparent() is state["root"]:
            state["body"] = element
        elif "body" in state and element.getparent() is state["body"]:
            _check_payload(element, wire)
            return True
    return False


def _check_declaration(chunk: bytes) -> None:
    if b"<!DOCTYPE" in chunk[:4096] or b"<!ENTITY" in chunk:  # before libxml2 expands a single one
        raise Unusable("DTDs and entity declarations are not allowed")
    if chunk.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)):
        raise Unusable("not UTF-8: the file starts with a UTF-16 or UTF-32 byte-order mark")
    declared = _DECLARED.match(chunk)
    if declared and declared[1].decode("ascii").lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise Unusable(f'not UTF-8: the XML declaration says encoding="{declared[1].decode("ascii")}"')


def _check_doctype(root: etree._Element) -> None:
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None:
        raise Unusable("DTDs and entity declarations are not allowed")


def _check_root(root: etree._Element, wire: Wire) -> None:
    if root.tag in (wire.request, wire.registration):
        return
    if root.tag == f"{{{SOAP12}}}Envelope":
        raise Unusable("SOAP 1.2 envelope; SPOR's RegistrationService speaks SOAP 1.1")
    qname = etree.QName(root)
    if qname.namespace == wire.namespace:
        request, registration = (etree.QName(tag).localname for tag in (wire.request, wire.registration))
        raise Unusable(
            f"wrong root element '{qname.localname}': expected {request}, "
            f"{registration} or a SOAP 1.1 Envelope"
        )
    raise Unusable(f"not a SPOR message (wrong registry?): root element is '{root.tag}'")


def _check_payload(payload: etree._Element, wire: Wire) -> None:
    if payload.tag == wire.request:
        return
    qname = etree.QName(payload)
    if qname.namespace == wire.namespace:
        expected = etree.QName(wire.request).localname
        raise Unusable(f"the SOAP Body holds '{qname.localname}', expected {expected}")
    raise Unusable(f"not a SPOR message (wrong registry?): the SOAP Body holds '{payload.tag}'")

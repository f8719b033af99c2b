"""SOAP 1.1 envelopes and faults, shared by every registry (document/literal)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml import etree

from konform import xml

SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
CONTENT_TYPE = "text/xml; charset=utf-8"


@dataclass
class Envelope:
    """A parsed SOAP 1.1 envelope: header blocks and the body's payload element."""

    root: etree._Element
    headers: list[etree._Element] = field(default_factory=list)
    payload: etree._Element | None = None


class Fault(Exception):
    """A SOAP fault to send back: code (Client/Server), text and optional detail."""

    def __init__(
        self, code: str, string: str, detail: Iterable[etree._Element] = (), status: int = 500
    ) -> None:
        super().__init__(string)
        self.code = code
        self.string = string
        self.detail = list(detail)
        self.status = status

    def to_xml(self, headers: Iterable[etree._Element] = ()) -> bytes:
        return fault_envelope(self.code, self.string, self.detail, headers)


def build(payload: etree._Element, headers: Iterable[etree._Element] = ()) -> bytes:
    """Serialise a SOAP 1.1 envelope around `payload`."""
    envelope = etree.Element(f"{{{SOAP11}}}Envelope", nsmap={"soap": SOAP11})
    header_blocks = list(headers)
    if header_blocks:
        header = etree.SubElement(envelope, f"{{{SOAP11}}}Header")
        header.extend(header_blocks)
    body = etree.SubElement(envelope, f"{{{SOAP11}}}Body")
    body.append(payload)
    return etree.tostring(envelope, xml_declaration=True, encoding="UTF-8")


def fault_envelope(
    code: str,
    string: str,
    detail: Iterable[etree._Element] = (),
    headers: Iterable[etree._Element] = (),
) -> bytes:
    """A SOAP 1.1 Fault; `code` is a local name in the envelope namespace (Client, Server)."""
    fault = etree.Element(f"{{{SOAP11}}}Fault", nsmap={"soap": SOAP11})
    etree.SubElement(fault, "faultcode").text = f"soap:{code}"
    etree.SubElement(fault, "faultstring").text = string
    detail_items = list(detail)
    if detail_items:
        etree.SubElement(fault, "detail").extend(detail_items)
    return build(fault, headers)


def parse(data: bytes) -> Envelope:
    """Parse a SOAP 1.1 request, or raise Fault (Client) naming what is wrong."""
    try:
        root = xml.parse(data)
    except xml.UnsafeXml as error:
        raise Fault("Client", str(error)) from None
    if root.tag == f"{{{SOAP12}}}Envelope":
        raise Fault("Client", "SOAP 1.2 envelope sent to a SOAP 1.1 endpoint (VersionMismatch)")
    if root.tag != f"{{{SOAP11}}}Envelope":
        raise Fault("Client", f"root element is {root.tag}, expected a SOAP 1.1 Envelope")
    envelope = Envelope(root=root)
    for child in root:
        if not isinstance(child.tag, str):
            continue
        if child.tag == f"{{{SOAP11}}}Header":
            envelope.headers = [h for h in child if isinstance(h.tag, str)]
        elif child.tag == f"{{{SOAP11}}}Body":
            payloads = [p for p in child if isinstance(p.tag, str)]
            if len(payloads) != 1:
                raise Fault("Client", f"SOAP Body must hold one element, found {len(payloads)}")
            envelope.payload = payloads[0]
    if envelope.payload is None:
        raise Fault("Client", "SOAP Envelope has no Body")
    return envelope


def parse_fault(data: bytes) -> tuple[str, str, etree._Element | None] | None:
    """(faultcode, faultstring, detail) of a fault response, or None if it is no fault."""
    try:
        root = xml.parse(data)
    except xml.UnsafeXml:
        return None
    found = root.find(f"{{{SOAP11}}}Body/{{{SOAP11}}}Fault")
    if found is None:
        return None
    return (
        found.findtext("faultcode") or "",
        found.findtext("faultstring") or "",
        found.find("detail"),
    )

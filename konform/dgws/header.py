"""DGWS SOAP headers: wsse:Security with the ID card, medcom:Header for requests and replies, faults."""

from __future__ import annotations

import copy
import functools
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from konform import soap, xml
from konform.clock import Clock
from konform.dgws.idcard import zulu
from konform.dgws.namespaces import MEDCOM, MEDCOM_HEADER, SAML, SECURITY, WSSE, WSU, q
from konform.identifiers import is_ascii_digits

SCHEMA = Path(__file__).resolve().parents[2] / "schemas" / "common" / "dgws" / "medcom-header.xsd"
FLOW_RUNNING = "flow_running"
FLOW_FINALIZED = "flow_finalized_succesfully"  # sic, as DGWS spells it


class HeaderSyntaxError(ValueError):
    """A medcom:Header that breaks the DGWS schema."""


@dataclass(frozen=True, kw_only=True)
class MedcomHeader:
    """The parts of a medcom:Header a verifier and a simulator use."""

    message_id: str
    flow_id: str | None = None
    in_response_to: str | None = None
    security_level: int | None = None
    flow_status: str | None = None
    require_nonrepudiation: bool = False


@functools.cache
def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def new_message_id() -> str:
    """A fresh, globally unique MessageID."""
    return str(uuid.uuid4())


def medcom_header(
    *,
    message_id: str | None = None,
    flow_id: str | None = None,
    in_response_to: str | None = None,
    security_level: int | None = None,
    flow_status: str | None = None,
    require_nonrepudiation: bool | None = None,
) -> etree._Element:
    """A medcom:Header with its children in schema order; MessageID is fresh unless given."""
    header = etree.Element(MEDCOM_HEADER, nsmap={"medcom": MEDCOM})
    if security_level is not None:
        etree.SubElement(header, q(MEDCOM, "SecurityLevel")).text = str(security_level)
    linking = etree.SubElement(header, q(MEDCOM, "Linking"))
    if flow_id:
        etree.SubElement(linking, q(MEDCOM, "FlowID")).text = flow_id
    etree.SubElement(linking, q(MEDCOM, "MessageID")).text = message_id or new_message_id()
    if in_response_to:
        etree.SubElement(linking, q(MEDCOM, "InResponseToMessageID")).text = in_response_to
    if flow_status:
        etree.SubElement(header, q(MEDCOM, "FlowStatus")).text = flow_status
    if require_nonrepudiation is not None:
        receipt = etree.SubElement(header, q(MEDCOM, "RequireNonRepudiationReceipt"))
        receipt.text = "yes" if require_nonrepudiation else "no"
    return header


def security(*, clock: Clock | None = None) -> etree._Element:
    """wsse:Security with a Zulu wsu:Timestamp (SEAL reads Zulu as DGWS 1.0.1)."""
    block = etree.Element(SECURITY, nsmap={"wsse": WSSE, "wsu": WSU})
    timestamp = etree.SubElement(block, q(WSU, "Timestamp"))
    etree.SubElement(timestamp, q(WSU, "Created")).text = zulu((clock or Clock()).now())
    return block


def card_level(card: etree._Element) -> int | None:
    """The AuthenticationLevel an ID card claims (unverified), or None if unreadable."""
    path = "saml:AttributeStatement/saml:Attribute[@Name='sosi:AuthenticationLevel']/saml:AttributeValue"
    text = (card.findtext(path, namespaces={"saml": SAML}) or "").strip()
    return int(text) if is_ascii_digits(text) else None


def add_request_headers(
    envelope: etree._Element,
    card: etree._Element,
    *,
    message_id: str | None = None,
    flow_id: str | None = None,
    security_level: int | None = None,
    flow_status: str | None = FLOW_RUNNING,
    require_nonrepudiation: bool = False,
    clock: Clock | None = None,
) -> etree._Element:
    """A new envelope: `envelope` with wsse:Security holding `card` and a fresh medcom:Header.

    Old DGWS header blocks are replaced; SecurityLevel defaults to the card's level.
    """
    envelope = copy.deepcopy(envelope)
    soap_ns = etree.QName(envelope).namespace
    soap_header = envelope.find(f"{{{soap_ns}}}Header")
    if soap_header is None:
        soap_header = etree.Element(f"{{{soap_ns}}}Header")
        envelope.insert(0, soap_header)
    for old in [*soap_header.findall(SECURITY), *soap_header.findall(MEDCOM_HEADER)]:
        soap_header.remove(old)
    # The card is spliced in as text: appending it with lxml would rename its namespace
    # prefixes to ones declared above it, which changes its exclusive c14n and breaks the signature.
    block, token = security(clock=clock), uuid.uuid4().hex
    block.append(etree.ProcessingInstruction("konform-card", token))
    medcom = medcom_header(
        message_id=message_id,
        flow_id=flow_id,
        security_level=security_level if security_level is not None else card_level(card),
        flow_status=flow_status,
        require_nonrepudiation=require_nonrepudiation,
    )
    soap_header.extend([block, medcom])
    data = etree.tostring(envelope).replace(
        f"<?konform-card {token}?>".encode(), etree.tostring(card, with_tail=False), 1
    )
    return xml.parse(data)


def wrap(payload: etree._Element, card: etree._Element, **options: Any) -> bytes:
    """A SOAP 1.1 request envelope around `payload` carrying `card` and a fresh medcom:Header."""
    envelope = add_request_headers(xml.parse(soap.build(payload)), card, **options)
    return etree.tostring(envelope, xml_declaration=True, encoding="UTF-8")


def parse_medcom(element: etree._Element) -> MedcomHeader:
    """Validate a medcom:Header against konform's schema and read it, or raise HeaderSyntaxError."""
    try:
        _schema().assertValid(element)  # the exception carries its own error log: thread-safe
    except etree.DocumentInvalid as error:
        last = error.error_log.last_error
        message = (last.message if last is not None else str(error)).replace(f"{{{MEDCOM}}}", "medcom:")
        raise HeaderSyntaxError(f"medcom:Header is not valid DGWS: {message}") from None
    linking = element.find(q(MEDCOM, "Linking"))
    assert linking is not None  # the schema requires it

    def text(parent: etree._Element, name: str) -> str | None:
        found = parent.findtext(q(MEDCOM, name))
        return found.strip() if found is not None else None

    level = text(element, "SecurityLevel")
    return MedcomHeader(
        message_id=text(linking, "MessageID") or "",
        flow_id=text(linking, "FlowID"),
        in_response_to=text(linking, "InResponseToMessageID"),
        security_level=int(level) if level is not None else None,
        flow_status=text(element, "FlowStatus"),
        require_nonrepudiation=text(element, "RequireNonRepudiationReceipt") == "yes",
    )


def response_headers(
    in_response_to: str | None,
    *,
    security_level: int = 1,
    flow_id: str | None = None,
    flow_status: str | None = FLOW_FINALIZED,
    clock: Clock | None = None,
) -> list[etree._Element]:
    """[wsse:Security, medcom:Header] for a reply: a new MessageID, InResponseToMessageID the request's."""
    return [
        security(clock=clock),
        medcom_header(
            flow_id=flow_id,
            in_response_to=in_response_to,
            security_level=security_level,
            flow_status=flow_status,
        ),
    ]


def fault_detail(code: str) -> etree._Element:
    """medcom:FaultCode for soap:Fault/detail."""
    element = etree.Element(q(MEDCOM, "FaultCode"), nsmap={"medcom": MEDCOM})
    element.text = code
    return element


def fault_envelope(
    code: str,
    text: str,
    *,
    in_response_to: str | None = None,
    security_level: int = 1,
    flow_id: str | None = None,
    headers: Iterable[etree._Element] | None = None,
    clock: Clock | None = None,
) -> bytes:
    """A DGWS fault reply: faultcode soap:Server (as SEAL writes it), detail/medcom:FaultCode = `code`."""
    if headers is None:
        # SEAL sets no FlowStatus on a fault reply.
        headers = response_headers(
            in_response_to, security_level=security_level, flow_id=flow_id, flow_status=None, clock=clock
        )
    return soap.fault_envelope("Server", text, [fault_detail(code)], headers)


class DgwsFault(soap.Fault):
    """A DGWS fault: HTTP 500, faultcode soap:Server, detail/medcom:FaultCode, reply medcom:Header."""

    def __init__(
        self, fault_code: str, text: str, *, message_id: str | None = None, security_level: int = 1
    ) -> None:
        super().__init__("Server", text, [fault_detail(fault_code)], status=500)
        self.fault_code = fault_code
        self.message_id = message_id
        self.security_level = security_level

    def to_xml(self, headers: Iterable[etree._Element] = ()) -> bytes:
        """The fault envelope; without `headers`, a reply medcom:Header linking to the request."""
        given = list(headers)
        return fault_envelope(
            self.fault_code,
            self.string,
            in_response_to=self.message_id,
            security_level=self.security_level,
            headers=given or None,
        )

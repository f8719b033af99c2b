"""Clients for a LAR endpoint: zeep on our WSDL with the DGWS plugin, raw posts, and the control API.

Every exchange goes through `konform.evidence.record`, so the report shows the request and
response envelopes and a curl reproducer. A SOAP fault is an answer here, not an error:
`Reply` carries the DGWS FaultCode; transport failures are recorded and re-raised. A reply
is read from the recorded bytes, never through zeep's deserialiser (an element konform's
WSDL does not know is no reason to fail); a reply that is no SOAP envelope with a
ReplyStatus or a fault fails the call that got it (`konform.replies.UnreadableReply`,
LAR-4.1.2-REPLY), its raw bytes in the report.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

import zeep
from lxml import etree
from zeep.wsdl import Document

from konform import replies, soap
from konform.control import Control
from konform.dgws import header
from konform.dgws import namespaces as dgws_ns
from konform.dgws.zeep_plugin import CardSource, DgwsPlugin
from konform.evidence import Exchange
from konform.lar import model, schema
from konform.lar.model import GET, REGISTER, UPDATE, Allergy, Operation
from konform.recording import RecordingSession, RecordingTransport, endpoint_certificate
from konform.targets import Endpoint

BINDING = f"{{{model.SERVICE_NS}}}MedicationAllergyServiceBinding"


@dataclass
class Reply:
    """What LAR answered: a ReplyStatus with allergies, or a SOAP fault with its DGWS FaultCode."""

    exchange: Exchange
    message_id: str | None = None
    status_code: str | None = None
    status_text: str | None = None
    allergies: list[Allergy] = field(default_factory=list)
    fault_code: str | None = None
    fault_string: str | None = None
    in_response_to: str | None = None
    #: Why the reply cannot be read (no XML, no SOAP envelope, no ReplyStatus), or None.
    unreadable: str | None = None

    @property
    def http_status(self) -> int | None:
        return self.exchange.status

    def summary(self) -> str:
        if self.unreadable is not None:
            return f"HTTP {self.http_status}, unreadable reply: {self.unreadable}"
        if self.fault_string is not None:
            return f"HTTP {self.http_status}, SOAP fault {self.fault_code}: {self.fault_string}"
        listed = ", ".join(f"{a.identifier} v{a.version} {a.clinical_status}" for a in self.allergies)
        return f"HTTP {self.http_status}, {self.status_code} {self.status_text!r}, allergies [{listed}]"


def reply_of(exchange: Exchange, message_id: str | None = None) -> Reply:
    """Read a LAR response envelope (a reply or a DGWS fault); `unreadable` says why it is neither."""
    reply = Reply(exchange, message_id=message_id)
    root = replies.envelope(exchange)
    if isinstance(root, str):
        reply.unreadable = root
        return reply
    linking = f"{{{soap.SOAP11}}}Header/{dgws_ns.MEDCOM_HEADER}/{dgws_ns.q(dgws_ns.MEDCOM, 'Linking')}"
    reply.in_response_to = root.findtext(f"{linking}/{dgws_ns.q(dgws_ns.MEDCOM, 'InResponseToMessageID')}")
    fault = soap.parse_fault(exchange.response_body)
    if fault is not None:
        reply.fault_string = fault[1]
        detail = fault[2]
        code = detail.findtext(dgws_ns.q(dgws_ns.MEDCOM, "FaultCode")) if detail is not None else None
        reply.fault_code = code.strip() if code else None
        return reply
    body = root.find(f"{{{soap.SOAP11}}}Body")
    wrapper = body[0] if body is not None and len(body) else None
    if wrapper is not None:
        status = wrapper.find(model.REPLY_STATUS)
        if status is not None:
            reply.status_code = (status.findtext(model.s("statusCode")) or "").strip()
            reply.status_text = status.findtext(model.s("statusText"))
        reply.allergies = model.allergies_in(wrapper)
    if not reply.status_code:
        reply.unreadable = "neither a SOAP fault nor a reply with ReplyStatus/statusCode (§4.1.2, §4.2.2)"
    return reply


def read(exchange: Exchange, message_id: str | None = None) -> Reply:
    """The reply to a call: `reply_of`, or UnreadableReply (LAR-4.1.2-REPLY) for this call."""
    reply = reply_of(exchange, message_id)
    if reply.unreadable is not None:
        raise replies.unreadable(schema.REPLY, exchange, reply.unreadable)
    return reply


class LarClient:
    """A vendor's view of LAR: zeep proxies from our WSDL, DGWS headers added by DgwsPlugin."""

    def __init__(self, endpoint: Endpoint, card: CardSource, *, url: str | None = None) -> None:
        self.endpoint = endpoint
        self.url = url or endpoint.url
        self.plugin = DgwsPlugin(card)
        self.http = RecordingSession(endpoint, endpoint_certificate(endpoint))
        self.transport = RecordingTransport(self.http, "LAR")
        client = zeep.Client(_wsdl(), transport=self.transport, plugins=[self.plugin])
        self.service = client.create_service(BINDING, self.url)

    def register(self, allergy: etree._Element) -> Reply:
        return self._call(REGISTER, MedicationAllergyIntoleranceReduced=_values(allergy))

    def update(self, allergy: etree._Element) -> Reply:
        return self._call(UPDATE, MedicationAllergyIntoleranceReduced=_values(allergy))

    def get(self, criteria: etree._Element) -> Reply:
        return self._call(GET, MedicationAllergyIntoleranceSearchCriteria=_values(criteria))

    def _call(self, operation: Operation, **values: Any) -> Reply:
        # zeep builds and sends the request; the answer is read from the recorded exchange.
        exchange = replies.call(
            self.transport, operation.name, getattr(self.service, operation.name), **values
        )
        return read(exchange, self.plugin.last_message_id)

    def send(
        self,
        operation: Operation,
        content: etree._Element | None,
        *,
        card: etree._Element | None = None,
        **options: Any,
    ) -> Reply:
        """A request built by hand (zeep would refuse a broken one), with a fresh DGWS header."""
        message_id = options.pop("message_id", None) or header.new_message_id()
        body = header.wrap(
            model.request_xml(operation, content),
            card or self.plugin.card(),
            message_id=message_id,
            **options,
        )
        return self.post(body, title=operation.name, message_id=message_id, action=operation.name)

    def post(
        self,
        body: bytes,
        *,
        title: str = "LAR",
        message_id: str | None = None,
        action: str = "",
        content_type: str = soap.CONTENT_TYPE,
    ) -> Reply:
        """A raw POST of an envelope as given (the guide's examples, tampered headers, hostile input)."""
        headers = {"Content-Type": content_type, "SOAPAction": f'"{action}"'}
        return read(self.http.exchange(title, "POST", self.url, body, headers), message_id)

    def close(self) -> None:
        self.http.session.close()

    def __enter__(self) -> LarClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


@functools.cache
def _wsdl() -> Document:
    """Our WSDL, parsed once per process (read-only; calls go through each client's transport)."""
    return Document(str(schema.WSDL_PATH), zeep.Transport())  # type: ignore[arg-type]  # zeep hints a class


def _values(element: etree._Element) -> dict[str, Any]:
    """A LAR element as zeep keyword values: coded values as {"value": …}, reactions as a list."""
    values: dict[str, Any] = {}
    for child in element:
        if not isinstance(child.tag, str):
            continue
        name = etree.QName(child).localname
        if len(child):
            value: Any = _values(child)
        elif child.get("value") is not None:
            value = {"value": child.get("value")}
        else:
            text = (child.text or "").strip()
            value = {"true": True, "false": False}.get(text, text) if name in _BOOLEANS else text
        if name == "reaction":
            values.setdefault(name, []).append(value)
        else:
            values[name] = value
    return values


_BOOLEANS = ("consentOverride", "includeHistory")


class LarControl(Control):
    """The LAR simulator's control API (/_konform/…): consent, outages, MinLog, the clock, fault profiles."""

    def set_clock(self, now: str) -> None:
        self.call("PUT", "/_konform/clock", {"now": now})

    def advance_clock(self, seconds: float) -> None:
        self.call("PUT", "/_konform/clock", {"advance_seconds": seconds})

    def consent(self, patient: str, *, negative: bool = False, withheld: list[str] | None = None) -> None:
        self.call(
            "PUT",
            "/_konform/lar/consent",
            {"patient": patient, "negative": negative, "withheld": withheld or []},
        )

    def backends_down(self, *names: str) -> None:
        self.call("PUT", "/_konform/lar/backends", {"down": list(names)})

    def minlog(self) -> list[dict[str, Any]]:
        return list(self.call("GET", "/_konform/lar/minlog")["minlog"])

    def stored(self, *, patient: str | None = None, identifier: str | None = None) -> list[dict[str, Any]]:
        """Every stored version (identifier, version, patient, status, xml), of one patient or allergy."""
        query = "&".join(f"{k}={v}" for k, v in (("patient", patient), ("identifier", identifier)) if v)
        return list(self.call("GET", f"/_konform/lar/allergies?{query}")["allergies"])

    def whitelist(self, cvrs: list[str] | None) -> None:
        self.call("PUT", "/_konform/lar/whitelist", {"cvrs": cvrs})

    def received(self, since: int = 0) -> list[dict[str, Any]]:
        return list(self.call("GET", f"/_konform/received?since={since}"))

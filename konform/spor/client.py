"""Clients for a SPOR endpoint: zeep on our WSDL, raw posts, the upload, the simulator's control API.

Every exchange with the target goes through `konform.evidence.record`, so the report
shows the request and response XML and a curl reproducer. Transport failures (an
mTLS refusal is a `requests.exceptions.ConnectionError`, STACK.md gotcha 5) are
recorded and then re-raised unchanged.
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import zeep
import zeep.exceptions
from lxml import etree

from konform import soap, xml
from konform.control import Control
from konform.evidence import Exchange
from konform.recording import RecordingSession, RecordingTransport, endpoint_certificate
from konform.spor import schema
from konform.spor.model import REQUEST, request_xml
from konform.spor.wire import BUILTIN_WIRE, Wire
from konform.spor.wire import load as load_wire
from konform.targets import Endpoint

NS = schema.NS
BINDING = f"{{{NS}}}RegistrationServiceBinding"
SOAP_ACTION = '"postRegistration"'


@dataclass(frozen=True)
class Result:
    """One registration's resultCode and resultText (§7.2.3)."""

    behandlingsnummer: str
    code: str
    text: str


@dataclass
class Answer:
    """What SPOR answered to one request: its results, or a SOAP fault's faultstring."""

    exchange: Exchange
    results: list[Result] = field(default_factory=list)
    fault: str | None = None

    @property
    def status(self) -> int | None:
        return self.exchange.status

    def result(self, behandlingsnummer: str) -> Result | None:
        return next((r for r in self.results if r.behandlingsnummer == behandlingsnummer), None)

    def refusal(self, behandlingsnummer: str) -> str | None:
        """How SPOR refused the registration, None if it did not.

        Either way the guide allows: §7.2.2's internal server error (HTTP 500, or a SOAP
        fault) or §7.2.3's resultCode ERROR for the registration.
        """
        if self.status == 500:
            return "HTTP 500 Internal Server Error"
        if self.fault is not None:
            return f"a SOAP fault (HTTP {self.status})"
        result = self.result(behandlingsnummer)
        return "resultCode ERROR" if result is not None and result.code == "ERROR" else None

    def message(self, behandlingsnummer: str) -> str:
        """What the answer says about the registration: the fault, the resultText, or the raw body."""
        result = self.result(behandlingsnummer)
        if self.fault is not None:
            return self.fault
        if result is not None:
            return result.text
        return self.exchange.response_body.decode("utf-8", "replace")


class SporFault(Exception):
    """SPOR answered a SOAP fault (e.g. §7.2.2's Unmarshalling Error)."""

    def __init__(self, answer: Answer) -> None:
        super().__init__(f"HTTP {answer.status}: {answer.fault}")
        self.answer = answer


def envelope(registrations: Iterable[etree._Element], wire: Wire = BUILTIN_WIRE) -> bytes:
    """The SOAP 1.1 request a client sends for `registrations` (copied, not moved), in `wire`'s schema."""
    return soap.build(wire.to_wire(request_xml(copy.deepcopy(r) for r in registrations)))


def wire_of(endpoint: Endpoint) -> Wire:
    """The schema the target speaks: its profile's `binding` (files in `schema`, else beside it),
    else konform's own."""
    binding, schema = endpoint.options.get("binding"), endpoint.options.get("schema")
    return _bound(str(binding), str(schema) if schema else None) if binding else BUILTIN_WIRE


@cache
def _bound(binding: str, schema: str | None = None) -> Wire:
    return load_wire(Path(binding), schema_dir=Path(schema) if schema else None)


def bound(body: bytes, wire: Wire) -> bytes:
    """A canonical request (an envelope or an export file) written in `wire`'s schema; else unchanged."""
    if wire.canonical:
        return body
    try:
        root = xml.parse(body)
    except (xml.UnsafeXml, ValueError):
        return body
    if root.tag == REQUEST:
        return etree.tostring(wire.to_wire(root), xml_declaration=True, encoding="UTF-8")
    payload = root.find(f"{{{soap.SOAP11}}}Body/{REQUEST}")
    return body if payload is None else soap.build(wire.to_wire(payload))


def answer_of(exchange: Exchange, wire: Wire = BUILTIN_WIRE) -> Answer:
    """Parse a web-service response (a postRegistrationResponse or a SOAP fault) in `wire`'s schema."""
    answer = Answer(exchange)
    fault = soap.parse_fault(exchange.response_body) if exchange.response_body else None
    if fault is not None:
        answer.fault = fault[1]
        return answer
    try:
        root = xml.parse(exchange.response_body)
    except xml.UnsafeXml:
        return answer
    field = wire.binding.text
    for item in root.iter(wire.result):
        answer.results.append(
            Result(
                behandlingsnummer=field(item, "result.behandlingsnummer") or "",
                code=field(item, "resultCode") or "",
                text=field(item, "resultText") or "",
            )
        )
    return answer


_UNSET: Any = object()


class SporClient:
    """A vendor's view of SPOR's RegistrationService (§3.1, §7.2), through a real zeep client."""

    def __init__(
        self, endpoint: Endpoint, *, url: str | None = None, certificate: tuple[Path, Path] | None = _UNSET
    ) -> None:
        if certificate is _UNSET:
            certificate = endpoint_certificate(endpoint)
        self.endpoint = endpoint
        self.url = url or endpoint.url
        self.http = RecordingSession(endpoint, certificate)
        self.transport = RecordingTransport(self.http, "postRegistration")
        self.wire = wire_of(endpoint)
        # zeep builds konform's own schema from its WSDL; a bound schema is written by its binding.
        if self.wire.canonical:
            client = zeep.Client(str(schema.WSDL_PATH), transport=self.transport)
            self.service = client.create_service(BINDING, self.url)

    def post_registrations(self, registrations: Iterable[etree._Element]) -> list[Result]:
        """postRegistration through zeep: one Result per registration, or SporFault."""
        answer = self.send(registrations)
        if answer.fault is not None or answer.status != 200:
            raise SporFault(answer)
        return answer.results

    def send(self, registrations: Iterable[etree._Element]) -> Answer:
        """postRegistration through zeep, the answer whatever it is (transport errors raise).

        zeep checks structure while it serialises (STACK.md gotcha 8: not patterns); a
        registration it refuses to build (a missing or unknown element) is posted as written.
        """
        registrations = list(registrations)
        if not self.wire.canonical:
            return answer_of(self.post(envelope(registrations)), self.wire)
        values = [_values(registration) for registration in registrations]
        self.transport.last = None
        try:
            # A fault is no error here: the answer is read from the recorded exchange below.
            with contextlib.suppress(zeep.exceptions.Fault, zeep.exceptions.TransportError):
                self.service.postRegistration(registration=values)
        except (zeep.exceptions.ValidationError, TypeError):
            return answer_of(self.post(envelope(registrations)))
        assert self.transport.last is not None
        return answer_of(self.transport.last)

    def post(
        self, body: bytes, *, content_type: str = soap.CONTENT_TYPE, title: str = "postRegistration"
    ) -> Exchange:
        """A raw POST to the web service (for payloads zeep would refuse to build), in the target's schema."""
        action = SOAP_ACTION if self.wire.canonical else f'"{self.wire.soap_action}"'
        headers = {"Content-Type": content_type, "SOAPAction": action}
        return self.http.exchange(title, "POST", self.url, bound(body, self.wire), headers)

    def upload(self, body: bytes, *, content_type: str = "text/xml; charset=utf-8") -> Exchange:
        """§3.2: upload an export file; the response body is the page's feedback text."""
        url = self.endpoint.options.get("upload_url")
        if not url:
            raise LookupError("the target names no file upload entry (options.upload_url)")
        headers, body = {"Content-Type": content_type}, bound(body, self.wire)
        return self.http.exchange("filbaserad dataöverföring", "POST", str(url), body, headers)

    def wsdl(self) -> Exchange:
        """§3.1: GET the WSDL at `?wsdl`."""
        return self.http.exchange("WSDL", "GET", self.url + "?wsdl", b"", {})

    def close(self) -> None:
        """Close pooled connections (a TLS server waits for idle ones when it shuts down)."""
        self.http.session.close()

    def __enter__(self) -> SporClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _values(registration: etree._Element) -> dict[str, object]:
    """A registration element as zeep keyword values (text kept exactly as given)."""
    values: dict[str, object] = {}
    for child in registration:
        if not isinstance(child.tag, str):
            continue
        name = etree.QName(child).localname
        if len(child):
            values[name] = {etree.QName(child[0]).localname: [item.text or "" for item in child]}
        else:
            values[name] = child.text or ""
    return values


class SporControl(Control):
    """The simulator's control API (/_konform/…): arrange facts, read state, switch fault profiles."""

    def set_clock(self, now: str) -> None:
        self.call("PUT", "/_konform/clock", {"now": now})

    def add_unit(self, system_id: str) -> None:
        self.call("POST", "/_konform/spor/units", {"systemId": system_id})

    def units(self) -> list[str]:
        return list(self.call("GET", "/_konform/spor/units")["units"])

    def fellista(self) -> dict[str, list[str]]:
        """The Fellista: behandlingsnummer → reasons (§7.3)."""
        entries = self.call("GET", "/_konform/spor/fellista")["fellista"]
        return {entry["behandlingsnummer"]: list(entry["reasons"]) for entry in entries}

    def registration(self, behandlingsnummer: str) -> etree._Element | None:
        """The stored registration, or None if SPOR holds nothing for the behandlingsnummer."""
        found = self.call("GET", f"/_konform/spor/registrations/{behandlingsnummer}", missing_ok=True)
        return None if found is None else xml.parse(found["xml"].encode("utf-8"))

    def registrations(self) -> list[dict[str, Any]]:
        return list(self.call("GET", "/_konform/spor/registrations")["registrations"])

    def received(self, since: int = 0) -> list[dict[str, Any]]:
        return list(self.call("GET", f"/_konform/received?since={since}"))

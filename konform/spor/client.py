"""Clients for a SPOR endpoint: zeep on our WSDL, raw posts, the upload, the simulator's control API.

Every exchange with the target goes through `konform.evidence.record`, so the report
shows the request and response XML and a curl reproducer. Transport failures (an
mTLS refusal is a `requests.exceptions.ConnectionError`, STACK.md gotcha 5) are
recorded and then re-raised unchanged.
"""

from __future__ import annotations

import contextlib
import copy
import shlex
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
import zeep
import zeep.exceptions
from lxml import etree
from requests.structures import CaseInsensitiveDict

from konform import soap, xml
from konform.control import Control
from konform.evidence import Exchange, record
from konform.spor import schema
from konform.spor.model import request_xml
from konform.targets import Endpoint

NS = schema.NS
BINDING = f"{{{NS}}}RegistrationServiceBinding"
SOAP_ACTION = '"postRegistration"'
TIMEOUT = 30.0


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


class SporFault(Exception):
    """SPOR answered a SOAP fault (e.g. §7.2.2's Unmarshalling Error)."""

    def __init__(self, answer: Answer) -> None:
        super().__init__(f"HTTP {answer.status}: {answer.fault}")
        self.answer = answer


class GetExchange(Exchange):
    """An exchange whose request is a GET (the WSDL): its reproducer is a GET too."""

    def curl(self) -> str:
        parts = ["curl", "-sS", "-i", self.url]
        for option, path in (("--cert", self.client_cert), ("--key", self.client_key), ("--cacert", self.ca)):
            if path:
                parts += [option, path]
        return " ".join(shlex.quote(p) for p in parts)


def envelope(registrations: Iterable[etree._Element]) -> bytes:
    """The SOAP 1.1 request a client sends for `registrations` (copied, not moved)."""
    return soap.build(request_xml(copy.deepcopy(r) for r in registrations))


def answer_of(exchange: Exchange) -> Answer:
    """Parse a web-service response (a postRegistrationResponse or a SOAP fault)."""
    answer = Answer(exchange)
    fault = soap.parse_fault(exchange.response_body) if exchange.response_body else None
    if fault is not None:
        answer.fault = fault[1]
        return answer
    try:
        root = xml.parse(exchange.response_body)
    except xml.UnsafeXml:
        return answer
    for item in root.iter(f"{{{NS}}}result"):
        answer.results.append(
            Result(
                behandlingsnummer=item.findtext(f"{{{NS}}}behandlingsnummer") or "",
                code=item.findtext(f"{{{NS}}}resultCode") or "",
                text=item.findtext(f"{{{NS}}}resultText") or "",
            )
        )
    return answer


class _Session:
    """A requests session for one endpoint and certificate; records every exchange."""

    def __init__(self, endpoint: Endpoint, certificate: tuple[Path, Path] | None) -> None:
        self.session = requests.Session()
        self.session.trust_env = False  # the CA bundle variables would override `verify` (gotcha 4)
        self.session.verify = str(endpoint.ca) if endpoint.ca else True
        self.ca = str(endpoint.ca) if endpoint.ca else None
        self.certificate = certificate
        if certificate:
            self.session.cert = (str(certificate[0]), str(certificate[1]))

    def exchange(self, title: str, method: str, url: str, body: bytes, headers: dict[str, str]) -> Exchange:
        kind = GetExchange if method == "GET" else Exchange
        exchange = kind(
            title=title,
            url=url,
            request_body=body,
            request_headers=dict(headers),
            client_cert=str(self.certificate[0]) if self.certificate else None,
            client_key=str(self.certificate[1]) if self.certificate else None,
            ca=self.ca,
        )
        try:
            response = self.session.request(method, url, data=body or None, headers=headers, timeout=TIMEOUT)
        except requests.RequestException as error:
            exchange.error = f"{type(error).__name__}: {error}"
            record(exchange)
            raise
        exchange.status = response.status_code
        exchange.response_body = response.content
        exchange.response_headers = dict(response.headers)
        return record(exchange)


class _RecordingTransport(zeep.Transport):
    """zeep's transport, posting through a recording session; keeps the last exchange."""

    def __init__(self, session: _Session) -> None:
        super().__init__(session=session.session, operation_timeout=TIMEOUT)
        self.recorder = session
        self.last: Exchange | None = None

    def post(self, address: str, message: bytes | str, headers: dict[str, str]) -> Any:
        body = message.encode("utf-8") if isinstance(message, str) else message
        self.last = self.recorder.exchange("postRegistration", "POST", address, body, headers)
        return _Replay(self.last)


@dataclass
class _Replay:
    """The recorded response in the shape zeep reads (status_code, content, headers, encoding)."""

    exchange: Exchange

    @property
    def status_code(self) -> int:
        return self.exchange.status or 0

    @property
    def content(self) -> bytes:
        return self.exchange.response_body

    @property
    def headers(self) -> CaseInsensitiveDict[str]:
        return CaseInsensitiveDict(self.exchange.response_headers)

    encoding = "utf-8"


_UNSET: Any = object()


class SporClient:
    """A vendor's view of SPOR's RegistrationService (§3.1, §7.2), through a real zeep client."""

    def __init__(
        self, endpoint: Endpoint, *, url: str | None = None, certificate: tuple[Path, Path] | None = _UNSET
    ) -> None:
        if certificate is _UNSET:
            cert, key = endpoint.client_cert, endpoint.client_key
            certificate = (cert, key) if cert and key else None
        self.endpoint = endpoint
        self.url = url or endpoint.url
        self.http = _Session(endpoint, certificate)
        self.transport = _RecordingTransport(self.http)
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
        """A raw POST to the web service (for payloads zeep would refuse to build)."""
        headers = {"Content-Type": content_type, "SOAPAction": SOAP_ACTION}
        return self.http.exchange(title, "POST", self.url, body, headers)

    def upload(self, body: bytes, *, content_type: str = "text/xml; charset=utf-8") -> Exchange:
        """§3.2: upload an export file; the response body is the page's feedback text."""
        url = self.endpoint.options.get("upload_url")
        if not url:
            raise LookupError("the target names no file upload entry (options.upload_url)")
        headers = {"Content-Type": content_type}
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

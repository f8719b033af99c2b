"""HTTP to a target with every exchange recorded as evidence, for plain requests and for zeep.

Header fields are kept as `konform.evidence.Headers`: every lookup of a recorded
exchange's headers ignores the case of the field name (RFC 9110 §5.1), so a check never
depends on whether a server writes `Content-Type` or `content-type`.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from typing import Any

import requests
import zeep
from requests.structures import CaseInsensitiveDict

from konform.evidence import Exchange, Headers, record
from konform.targets import Endpoint

TIMEOUT = 30.0


class RecordingSession:
    """A requests session for one endpoint that records every exchange.

    `certificate` is the client certificate and key to present, if any (mutual TLS).
    """

    def __init__(self, endpoint: Endpoint, certificate: tuple[Path, Path] | None = None) -> None:
        self.session = requests.Session()
        self.session.trust_env = False  # the CA bundle variables would override `verify` (STACK gotcha 4)
        self.ca = str(endpoint.ca) if endpoint.ca else None
        self.session.verify = self.ca or True
        self.certificate = certificate
        if certificate:
            self.session.cert = (str(certificate[0]), str(certificate[1]))

    def exchange(
        self, title: str, method: str, url: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> Exchange:
        """Send one request, record it with its answer (or transport error) and return it."""
        exchange = Exchange(
            title=title,
            url=url,
            request_body=body,
            request_headers=Headers(headers or {}),
            client_cert=str(self.certificate[0]) if self.certificate else None,
            client_key=str(self.certificate[1]) if self.certificate else None,
            ca=self.ca,
            method=method,
        )
        try:
            response = self.session.request(
                method, url, data=body or None, headers=headers or {}, timeout=TIMEOUT
            )
        except requests.RequestException as error:
            exchange.error = f"{type(error).__name__}: {error}"
            record(exchange)
            raise
        exchange.status = response.status_code
        exchange.response_body = response.content
        exchange.response_headers = Headers(response.headers)
        return record(exchange)

    def close(self) -> None:
        self.session.close()


def endpoint_certificate(endpoint: Endpoint) -> tuple[Path, Path] | None:
    """The client certificate and key an endpoint names, if both are given."""
    if endpoint.client_cert and endpoint.client_key:
        return endpoint.client_cert, endpoint.client_key
    return None


class RecordingTransport(zeep.Transport):
    """zeep's transport, posting through a recording session; keeps the last exchange."""

    def __init__(self, session: RecordingSession, title: str) -> None:
        super().__init__(session=session.session, operation_timeout=TIMEOUT)
        self.recorder = session
        self.title = title
        self.last: Exchange | None = None

    def post(self, address: str, message: bytes | str, headers: dict[str, str]) -> Any:
        body = message.encode("utf-8") if isinstance(message, str) else message
        self.last = self.recorder.exchange(self.title, "POST", address, body, headers)
        return Replay(self.last)


@dataclass
class Replay:
    """A recorded response in the shape zeep reads (status_code, content, headers, encoding)."""

    exchange: Exchange
    encoding = "utf-8"

    @property
    def status_code(self) -> int:
        return self.exchange.status or 0

    @property
    def content(self) -> bytes:
        return self.exchange.response_body

    @property
    def headers(self) -> CaseInsensitiveDict[str]:
        return CaseInsensitiveDict(self.exchange.response_headers)


@dataclass(frozen=True)
class ContentType:
    """A Content-Type field read as RFC 9110 §8.3 has it: the media type and its parameters.

    Type, subtype and parameter names compare without case, a parameter's value may be
    quoted (`charset="UTF-8"`), and a charset's value compares without case too.
    """

    media_type: str
    parameters: dict[str, str]

    @property
    def charset(self) -> str | None:
        """The charset parameter, lower-cased (None when the field names none)."""
        value = self.parameters.get("charset")
        return value.strip().lower() if value else None


def content_type(value: str | None) -> ContentType:
    """Parse a Content-Type field value; an empty or missing one gives media type ""."""
    if not value or not value.strip():
        return ContentType("", {})
    parsed = Message()
    parsed["content-type"] = value
    media = value.split(";", 1)[0].strip().lower()
    parameters = {
        name.lower(): str(parsed.get_param(name, "")) for name, _ in (parsed.get_params() or [])[1:]
    }
    return ContentType(media, parameters)

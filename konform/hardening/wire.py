"""Send hostile bytes exactly as built: one HTTP/1.1 request on its own connection, TLS where the URL says.

An HTTP library would fix what the attacks break on purpose (a Content-Length longer than
the body, a body past the limit that the server refuses before reading it), so this writes
the request itself.
"""

from __future__ import annotations

import http.client
import io
import itertools
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from konform import soap
from konform.dgws import namespaces as ns
from konform.hardening.attacks import Hostile

TIMEOUT = 30.0
CHUNK = 64 * 1024
#: How a refused client certificate shows: with TLS 1.3 the client learns of it only when reading.
TLS_ENDED = "the server ended the TLS connection without an HTTP answer"


@dataclass(frozen=True)
class Reply:
    """What came back: an HTTP answer, a refused TLS handshake, or nothing (the client hung up first)."""

    status: int | None = None
    content_type: str = ""
    body: bytes = field(default=b"", repr=False)
    refusal: str | None = None

    @property
    def fault_text(self) -> str:
        """A SOAP fault as "<code>: <faultstring>" (the DGWS FaultCode where there is one, else the
        faultcode), else the body as text, or why nothing came back."""
        if self.refusal is not None:
            return self.refusal
        fault = soap.parse_fault(self.body) if self.body.lstrip().startswith(b"<") else None
        if fault is None:
            return self.body.decode("utf-8", errors="replace")
        code, text, detail = fault
        dgws = detail.findtext(ns.q(ns.MEDCOM, "FaultCode")) if detail is not None else None
        return f"{(dgws or code).strip()}: {text}"

    @property
    def is_soap_fault(self) -> bool:
        return self.body.lstrip().startswith(b"<") and soap.parse_fault(self.body) is not None


@dataclass(frozen=True)
class Tls:
    """How to reach an https URL: the CA to trust and the client certificate to present (if any)."""

    ca: Path | None = None
    certificate: tuple[Path, Path] | None = None


def send(url: str, hostile: Hostile, tls: Tls = Tls()) -> Reply:
    """POST `hostile` to `url` and read the answer (a truncated request gets none: the client closes)."""
    parts = urlsplit(url)
    secure = parts.scheme == "https"
    host, port = parts.hostname or "127.0.0.1", parts.port or (443 if secure else 80)
    try:
        with _connect(host, port, secure, tls) as connection:
            connection.sendall(_head(parts.path or "/", f"{host}:{port}", hostile))
            if hostile.declared_length is not None:
                connection.sendall(hostile.body)
                return Reply()
            return _read(connection, _send_body(connection, hostile.body, hostile.padding))
    except TimeoutError:
        return Reply(refusal=f"no answer within {TIMEOUT:.0f} s")
    except OSError as lost:  # a refused handshake, or the connection reset before any answer
        return Reply(refusal=f"{TLS_ENDED} ({lost})" if secure else f"the connection was lost: {lost}")


def _connect(host: str, port: int, secure: bool, tls: Tls) -> socket.socket:
    raw = socket.create_connection((host, port), timeout=TIMEOUT)
    if not secure:
        return raw
    context = ssl.create_default_context(cafile=str(tls.ca) if tls.ca else None)
    if tls.certificate is not None:
        context.load_cert_chain(str(tls.certificate[0]), str(tls.certificate[1]))
    return context.wrap_socket(raw, server_hostname=host)


def _head(path: str, host: str, hostile: Hostile) -> bytes:
    length = (
        hostile.declared_length
        if hostile.declared_length is not None
        else len(hostile.body) + hostile.padding
    )
    lines = [f"POST {path} HTTP/1.1", f"Host: {host}", f"Content-Length: {length}", 'SOAPAction: ""']
    if hostile.content_type:
        lines.append(f"Content-Type: {hostile.content_type}")
    lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def _send_body(connection: socket.socket, body: bytes, padding: int) -> bytes:
    """Send the body (and padding) until the server answers early (a refused size) or stops reading;
    what it answered by then."""
    early = b""
    for chunk in _chunks(body, padding):
        early += _available(connection)
        if early:
            return early
        try:
            connection.sendall(chunk)
        except OSError:  # the server stopped reading: its answer (if any) is read next
            return early
    return early


def _chunks(body: bytes, padding: int) -> Iterator[bytes]:
    for start in range(0, len(body), CHUNK):
        yield body[start : start + CHUNK]
    full, rest = divmod(padding, CHUNK)
    yield from itertools.repeat(b"\n" * CHUNK, full)
    if rest:
        yield b"\n" * rest


def _available(connection: socket.socket) -> bytes:
    """Answer bytes already there, without waiting (a TLS session ticket alone is no answer)."""
    connection.setblocking(False)
    try:
        return connection.recv(CHUNK)
    except (ssl.SSLWantReadError, BlockingIOError):
        return b""
    finally:
        connection.settimeout(TIMEOUT)


def _read(connection: socket.socket, early: bytes) -> Reply:
    """Read to the end (every request says Connection: close) and parse the answer."""
    data = early
    try:
        while chunk := connection.recv(CHUNK):
            data += chunk
    except TimeoutError:
        raise  # a server that hangs: send() says so
    except ssl.SSLError as refused:
        if not data:
            return Reply(refusal=f"{TLS_ENDED} ({refused})")
    except OSError:
        pass  # closed after answering: what it sent is complete
    if not data:
        secure = isinstance(connection, ssl.SSLSocket)
        return Reply(refusal=TLS_ENDED if secure else "the server closed the connection without an answer")
    response = http.client.HTTPResponse(_Received(data))  # type: ignore[arg-type]
    response.begin()
    return Reply(response.status, response.getheader("content-type", ""), response.read())


class _Received:
    """Bytes already read, offered to http.client as if they were a socket."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def makefile(self, *_: object, **__: object) -> io.BytesIO:
        return io.BytesIO(self.data)

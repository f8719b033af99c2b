"""Before any scenario: does every endpoint of the target answer at all?

A target that cannot be reached would otherwise fail every scenario with a transport error
and hide the one cause behind hundreds of failures. For each endpoint of each registry in
scope: a TCP connection, a TLS handshake where the URL is https (with the profile's client
certificate and CA), and the WSDL where the registry's document promises one at `?wsdl`
(SPOR §3.1: "WSDL och endpoint för webbtjänsterna finns publicerade"; BRS: "WSDL findes
ved at tilføje "?wsdl"-postfix til adressen"). Timeouts are short: an endpoint that does
not answer within seconds is reported as unreachable, naming the registry, URL and error.
"""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests

from konform.targets import Endpoint, Target

#: Seconds for the TCP connection and the TLS handshake, and for the WSDL's answer.
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 10.0
#: Registries whose document promises the WSDL at the service URL + "?wsdl".
WSDL_PROMISED = frozenset({"spor", "brs"})
#: Endpoint options that name further URLs of a registry, and whether they take the client certificate.
EXTRA_URLS = {
    "upload_url": True,
    "no_certificate_url": False,
    "notification_url": True,
    "gos_notification_url": True,
    "control_url": True,
}


class Unreachable(Exception):
    """An endpoint of the target did not answer: the message is the one line to show."""


@dataclass(frozen=True)
class Check:
    """One URL to try, and how."""

    registry: str
    url: str
    endpoint: Endpoint
    client_certificate: bool = True
    wsdl: bool = False


def checks(target: Target, registries: Iterable[str] = ()) -> list[Check]:
    """What to try for `registries` (the profile's own registries when none are named)."""
    wanted = list(registries) or sorted(target.endpoints)
    found = []
    for registry in wanted:
        endpoint = target.endpoint(registry)  # TargetError names the missing section
        found.append(Check(registry, endpoint.url, endpoint, wsdl=registry in WSDL_PROMISED))
        urls = {"control_url": endpoint.control_url, **endpoint.options}
        for key, certificate in EXTRA_URLS.items():
            if isinstance(urls.get(key), str) and urls[key]:
                found.append(Check(registry, str(urls[key]), endpoint, client_certificate=certificate))
    return found


def check(target: Target, registries: Iterable[str] = ()) -> None:
    """Raise Unreachable for the first endpoint that does not answer."""
    for item in checks(target, registries):
        try:
            _reach(item)
        except Unreachable as error:
            raise Unreachable(f"{item.registry} endpoint {item.url}: {error}") from None


def _reach(item: Check) -> None:
    parts = urlsplit(item.url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Unreachable("not an http(s) URL")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        connection = socket.create_connection((parts.hostname, port), timeout=CONNECT_TIMEOUT)
    except socket.gaierror as error:
        raise Unreachable(f"host {parts.hostname} not found ({error.strerror})") from None
    except TimeoutError:
        raise Unreachable(
            f"no TCP connection to {parts.hostname}:{port} within {CONNECT_TIMEOUT:g} s"
        ) from None
    except OSError as error:
        raise Unreachable(f"TCP connection to {parts.hostname}:{port} failed: {_reason(error)}") from None
    with connection:
        if parts.scheme == "https":
            _handshake(connection, parts.hostname, item)
    if item.wsdl:
        _wsdl(item)


def _handshake(connection: socket.socket, hostname: str, item: Check) -> None:
    context = _context(item)
    try:
        with context.wrap_socket(connection, server_hostname=hostname) as tls:
            tls.settimeout(CONNECT_TIMEOUT)
    except ssl.SSLCertVerificationError as error:
        raise Unreachable(f"TLS handshake failed: {error.verify_message or error.reason}") from None
    except ssl.SSLError as error:
        raise Unreachable(f"TLS handshake failed: {error.reason or error}") from None
    except TimeoutError:
        raise Unreachable(f"no TLS handshake within {CONNECT_TIMEOUT:g} s") from None
    except OSError as error:
        raise Unreachable(f"TLS handshake failed: {_reason(error)}") from None


def _context(item: Check) -> ssl.SSLContext:
    endpoint = item.endpoint
    try:
        context = ssl.create_default_context(cafile=str(endpoint.ca) if endpoint.ca else _default_ca())
        if item.client_certificate and endpoint.client_cert:
            key = str(endpoint.client_key) if endpoint.client_key else None
            context.load_cert_chain(str(endpoint.client_cert), key)
    except (OSError, ssl.SSLError) as error:
        raise Unreachable(f"the profile's certificate files cannot be used: {_reason(error)}") from None
    return context


def _default_ca() -> str | None:
    """The CA bundle requests uses, so the check trusts what the scenarios' clients trust."""
    try:
        import certifi

        return str(certifi.where())
    except ImportError:  # pragma: no cover - requests depends on certifi
        return None


def _wsdl(item: Check) -> None:
    endpoint = item.endpoint
    with requests.Session() as http:
        http.trust_env = False
        http.verify = str(endpoint.ca) if endpoint.ca else True
        if endpoint.client_cert:
            http.cert = (
                (str(endpoint.client_cert), str(endpoint.client_key))
                if endpoint.client_key
                else str(endpoint.client_cert)
            )
        try:
            answer = http.get(item.url + "?wsdl", timeout=(CONNECT_TIMEOUT, READ_TIMEOUT))
        except requests.Timeout:
            raise Unreachable(f"no answer to ?wsdl within {READ_TIMEOUT:g} s") from None
        except requests.RequestException as error:
            raise Unreachable(f"fetching ?wsdl failed: {_reason(error)}") from None
    if answer.status_code != 200 or b"definitions" not in answer.content:
        raise Unreachable(
            f"?wsdl answered HTTP {answer.status_code} without a WSDL document, which the registry's "
            "document promises there (is the URL the service's address?)"
        )


def _reason(error: BaseException) -> str:
    """The innermost error's text on one line (urllib3 nests its causes several deep)."""
    while error.__cause__ is not None or error.__context__ is not None:
        error = error.__cause__ or error.__context__  # type: ignore[assignment]
    text = getattr(error, "strerror", None) or " ".join(str(error).split()) or type(error).__name__
    return str(text)

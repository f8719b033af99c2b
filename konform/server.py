"""Serve an ASGI simulator with uvicorn: in a background thread or in the foreground."""

from __future__ import annotations

import logging
import socket
import ssl
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

import uvicorn

READY_TIMEOUT = 60.0
#: How long a stopping server waits for open connections, idle TLS ones included (asyncio
#: would otherwise wait 30 s for each peer's close_notify).
STOP_GRACE = 2


log = logging.getLogger("konform.server")

#: OpenSSL's reasons for a refused handshake → what the simulator's log says about it.
_REFUSALS = {
    "PEER_DID_NOT_RETURN_A_CERTIFICATE": "without a client certificate",
    "CERTIFICATE_VERIFY_FAILED": "with a client certificate no trusted CA signed",
}
#: Reasons that say the client refused the simulator's certificate.
_CLIENT_REFUSED = {"SSLV3_ALERT_BAD_CERTIFICATE", "SSLV3_ALERT_CERTIFICATE_UNKNOWN", "TLSV1_ALERT_UNKNOWN_CA"}


def _peer() -> str:
    """host:port of the client whose handshake is running (asyncio's SSL protocol holds it)."""
    frame: FrameType | None = sys._getframe(2)
    for _ in range(4):
        if frame is None:
            break
        transport = getattr(frame.f_locals.get("self"), "_transport", None)
        if transport is not None and hasattr(transport, "get_extra_info"):
            peer = transport.get_extra_info("peername")
            if isinstance(peer, tuple) and len(peer) >= 2:
                return f"{peer[0]}:{peer[1]}"
        frame = frame.f_back
    return "an unknown peer"


class _LoggedHandshake(ssl.SSLObject):
    """A server-side TLS connection that says in the log why it refused a client's handshake."""

    requirement = ""

    def do_handshake(self) -> None:
        try:
            super().do_handshake()
        except (ssl.SSLWantReadError, ssl.SSLWantWriteError):
            raise
        except ssl.SSLError as error:
            reason = str(error.reason or "")
            rule = f" ({self.requirement})" if self.requirement else ""
            if reason in _REFUSALS:
                log.warning("TLS handshake %s from %s: refused%s", _REFUSALS[reason], _peer(), rule)
            elif reason in _CLIENT_REFUSED:
                log.warning(
                    "TLS handshake from %s failed: the client does not trust the simulator's "
                    "certificate (give it the test CA)",
                    _peer(),
                )
            else:
                log.info("TLS handshake from %s failed: %s", _peer(), reason or error)
            raise


@dataclass
class Tls:
    """Server certificate, and the CAs whose client certificates it requires (if any).

    `lenient_cas` are trusted too while `lenient` is switched on: a fault profile
    uses it to play a registry that accepts a certificate it should refuse. A refused
    handshake is logged (logger `konform.server`) naming the peer and `requirement`.
    """

    certfile: Path
    keyfile: Path
    client_cas: list[Path] = field(default_factory=list)
    lenient_cas: list[Path] = field(default_factory=list)
    lenient: bool = False
    requirement: str = ""

    def context(self) -> ssl.SSLContext:
        strict = self._build(self.client_cas)
        strict.sslobject_class = type(
            "LoggedHandshake", (_LoggedHandshake,), {"requirement": self.requirement}
        )
        if self.client_cas and self.lenient_cas:
            lenient = self._build(self.client_cas + self.lenient_cas)

            def choose(connection: Any, _name: str | None, _context: ssl.SSLContext) -> None:
                if self.lenient:
                    connection.context = lenient

            strict.sni_callback = choose
        return strict

    def _build(self, cas: list[Path]) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.load_cert_chain(self.certfile, self.keyfile)
        if cas:
            context.verify_mode = ssl.CERT_REQUIRED
            for ca in cas:
                context.load_verify_locations(ca)
        return context


class Server:
    """One uvicorn listener for `app` on 127.0.0.1 (port 0 picks a free port)."""

    def __init__(self, app: Any, *, host: str = "127.0.0.1", port: int = 0, tls: Tls | None = None) -> None:
        self.host = host
        self.tls = tls
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Accepted sockets inherit this; without it a plain-HTTP reply's body waits ~40 ms
        # for the delayed ACK of its headers (Nagle), since asyncio's own TCP_NODELAY skips
        # sockets made with proto 0.
        self._socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._socket.bind((host, port))
        self.port: int = self._socket.getsockname()[1]
        config = uvicorn.Config(
            app,
            log_level="warning",
            loop="asyncio",  # refused TLS handshakes are logged through asyncio's SSL protocol
            lifespan="off",
            access_log=False,
            # a client's pooled connection may idle for minutes on a loaded machine; closing it
            # under the client's next request resets that request (seen with the control API)
            timeout_keep_alive=600,
            timeout_graceful_shutdown=STOP_GRACE,
        )
        config.load()
        if tls is not None:
            config.ssl = tls.context()
        self._server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://{self.host}:{self.port}"

    def start(self) -> Server:
        """Serve in a daemon thread; return once the listener accepts connections."""
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + READY_TIMEOUT
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"simulator listener on {self.url} did not start")
            time.sleep(0.005)  # readiness poll, not a wait for behaviour
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=READY_TIMEOUT)
        self._socket.close()

    def serve_forever(self) -> None:
        """Serve in the calling thread until interrupted (for `konform serve`)."""
        self._server.run(sockets=[self._socket])

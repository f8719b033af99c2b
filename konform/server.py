"""Serve an ASGI simulator with uvicorn: in a background thread or in the foreground."""

from __future__ import annotations

import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import uvicorn

READY_TIMEOUT = 60.0
#: How long a stopping server waits for open connections, idle TLS ones included (asyncio
#: would otherwise wait 30 s for each peer's close_notify).
STOP_GRACE = 2


@dataclass
class Tls:
    """Server certificate, and the CAs whose client certificates it requires (if any).

    `lenient_cas` are trusted too while `lenient` is switched on: a fault profile
    uses it to play a registry that accepts a certificate it should refuse.
    """

    certfile: Path
    keyfile: Path
    client_cas: list[Path] = field(default_factory=list)
    lenient_cas: list[Path] = field(default_factory=list)
    lenient: bool = False

    def context(self) -> ssl.SSLContext:
        strict = self._build(self.client_cas)
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
            lifespan="off",
            access_log=False,
            timeout_keep_alive=30,
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

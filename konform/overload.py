"""A cap on requests in flight: past it a simulator answers 503 with Retry-After at once.

A vendor's system that hammers a simulator all night gets a clear, immediate answer it can
back off from, instead of a queue that grows until connections hang. The cap is read on
every request, so the control API can change it on a running simulator.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from konform import soap

Scope = dict[str, Any]
Receive = Callable[[], Any]
Send = Callable[[dict[str, Any]], Any]

RETRY_AFTER_SECONDS = 1
#: The control API stays reachable under load, so a harness can still observe and arrange.
CONTROL_PREFIX = "/_konform/"


class InFlightLimit:
    """ASGI middleware counting HTTP requests in flight against `limit()` (None: no cap)."""

    def __init__(self, app: Any, limit: Callable[[], int | None]) -> None:
        self.app = app
        self.limit = limit
        self.in_flight = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(CONTROL_PREFIX):
            await self.app(scope, receive, send)
            return
        cap = self.limit()
        if cap is not None and self.in_flight >= cap:
            await self._refuse(send, cap)
            return
        self.in_flight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1

    async def _refuse(self, send: Send, cap: int) -> None:
        body = soap.fault_envelope(
            "Server", f"simulator busy: {self.in_flight} requests in flight (limit {cap}); retry later"
        )
        headers = [
            (b"content-type", b"text/xml; charset=utf-8"),
            (b"content-length", str(len(body)).encode()),
            (b"retry-after", str(RETRY_AFTER_SECONDS).encode()),
        ]
        await send({"type": "http.response.start", "status": 503, "headers": headers})
        await send({"type": "http.response.body", "body": body})

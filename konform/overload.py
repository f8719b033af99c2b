"""A cap on requests in flight: past it a simulator answers 503 with Retry-After at once.

A vendor's system that hammers a simulator all night gets a clear, immediate answer it can
back off from, instead of a queue that grows until connections hang. The cap is read on
every request, so the control API can change it on a running simulator.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import Callable, Coroutine
from typing import Any, cast

from konform import soap

Scope = dict[str, Any]
Receive = Callable[[], Any]
Send = Callable[[dict[str, Any]], Any]

RETRY_AFTER_SECONDS = 1
#: How often a request waits for those handled on the listener to finish, once, as the first cap is set.
HANDOVER_POLL = 0.001
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


class HandlerLoop:
    """An event loop in its own daemon thread, where one simulator's handlers run.

    A simulator's handlers parse XML, verify signatures and write SQLite without
    awaiting: run on the listener's event loop, each would hold it until done, so no
    second request would even be read and the cap could never answer 503. On this loop
    they run one at a time, as before, while the listener's loop stays free to read
    requests, count them and refuse those past the cap. One loop per simulator keeps
    its SQLite connection on one thread, also when two listeners serve it (SPOR). Without
    a cap nothing is refused, so the loop starts only once a cap is first set: until
    then handlers run on the listener, saving two thread hand-overs a request.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._loop: asyncio.AbstractEventLoop | None = None
        self._starting = threading.Lock()

    @property
    def started(self) -> bool:
        return self._loop is not None

    def submit(self, coroutine: Coroutine[Any, Any, None]) -> concurrent.futures.Future[None]:
        with self._starting:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                threading.Thread(target=loop.run_forever, name=self.name, daemon=True).start()
                self._loop = loop
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop)


class OnHandlerLoop:
    """ASGI middleware: the rest of the app runs on a HandlerLoop; the listener's loop only relays.

    A body of a declared length within `body_limit()` is read on the listener's loop
    first (a slow sender keeps no handler waiting); a larger or chunked one is read by
    the handler through the listener's loop, so its own limit answers 413 as before. The
    response is sent once the handler is done. Paths in `on_listener` (state in memory
    only, such as the limits) are answered on the listener's loop, even while a handler
    is busy. Until `capped()` is first true, requests are handled on the listener; the
    first one on the HandlerLoop waits until those still running there are done.
    """

    def __init__(
        self,
        app: Any,
        handlers: HandlerLoop,
        capped: Callable[[], bool],
        body_limit: Callable[[], int],
        on_listener: tuple[str, ...],
    ) -> None:
        self.app = app
        self.handlers = handlers
        self.capped = capped
        self.body_limit = body_limit
        self.on_listener = on_listener
        self.on_listener_now = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in self.on_listener:
            await self.app(scope, receive, send)
            return
        if not self.handlers.started and not self.capped():
            self.on_listener_now += 1
            try:
                await self.app(scope, receive, send)
            finally:
                self.on_listener_now -= 1
            return
        while self.on_listener_now:  # only as the first cap is set: one SQLite thread at a time
            await asyncio.sleep(HANDOVER_POLL)
        listener = asyncio.get_running_loop()
        read = await self._read_ahead(scope, receive)

        async def replayed() -> dict[str, Any]:
            if read:
                return read.pop(0)
            later = asyncio.run_coroutine_threadsafe(receive(), listener)
            return cast(dict[str, Any], await asyncio.wrap_future(later))

        sent: list[dict[str, Any]] = []

        async def collect(message: dict[str, Any]) -> None:
            sent.append(message)

        await asyncio.wrap_future(self.handlers.submit(self.app(scope, replayed, collect)))
        for message in sent:
            await send(message)

    async def _read_ahead(self, scope: Scope, receive: Receive) -> list[dict[str, Any]]:
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if not declared.isdigit() or int(declared) > self.body_limit():
            return []
        messages = []
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request" or not message.get("more_body", False):
                return messages

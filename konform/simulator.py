"""What every registry simulator shares: limits, SOAP handling, store, clock, control API."""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from konform import soap, store
from konform.clock import Clock
from konform.faults import Behaviour, UnknownProfile, profiles, select
from konform.overload import HandlerLoop, InFlightLimit, OnHandlerLoop

#: Default cap on a request body; SPOR's nightly exports are uploaded as files instead.
MAX_BODY = 5 * 1024 * 1024
#: Answered from memory on the listener's loop, even while a handler is busy.
LIMITS_PATH = "/_konform/limits"

Handler = Callable[[Request], Awaitable[Response]]


class Simulator:
    """Base of every registry simulator; a subclass adds its operations and control routes."""

    registry = "konform"
    behaviour_base: type[Behaviour] = Behaviour

    def __init__(
        self, database: sqlite3.Connection, *, control: bool = True, max_body: int = MAX_BODY
    ) -> None:
        self.db = database
        self.clock = Clock()
        self.control = control
        self.max_body = max_body
        #: requests in flight beyond which the answer is 503 + Retry-After (None: no cap)
        self.max_in_flight: int | None = None
        self.behaviour: Any = self.behaviour_base()
        #: where the handlers run, so that the listener stays free to count and refuse
        self.handlers = HandlerLoop(f"konform-{self.registry}-handlers")

    # -- requests -------------------------------------------------------------------------
    async def read_body(self, request: Request, limit: int | None = None) -> bytes:
        """The request body, or a Fault: 413 once it passes the size limit, 400 if the client hangs up."""
        limit = self.max_body if limit is None else limit
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise soap.Fault("Client", f"request body over the limit of {limit} bytes", status=413)
        chunks: list[bytes] = []
        size = 0
        try:
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise soap.Fault("Client", f"request body over the limit of {limit} bytes", status=413)
                chunks.append(chunk)
        except ClientDisconnect:
            raise soap.Fault(
                "Client",
                f"request body truncated: the client closed the connection after {size} of "
                f"{declared or 'an unknown number of'} bytes",
                status=400,
            ) from None
        return b"".join(chunks)

    @staticmethod
    def require_xml_content_type(request: Request) -> None:
        content_type = request.headers.get("content-type", "")
        media = content_type.split(";")[0].strip().lower()
        if media not in ("text/xml", "application/xml", "application/soap+xml"):
            raise soap.Fault(
                "Client",
                f"content type {content_type or '(none)'!r} is not XML; send text/xml; charset=utf-8",
                status=415,
            )
        if media == "application/soap+xml":
            raise soap.Fault("Client", "SOAP 1.2 content type sent to a SOAP 1.1 endpoint (VersionMismatch)")

    def record(self, request: Request, body: bytes, response: Response) -> None:
        store.record_received(
            self.db,
            at=self.clock.now().isoformat(),
            path=request.scope["path"],  # request.url would build a URL object just for its path
            content_type=request.headers.get("content-type"),
            body=body,
            status=response.status_code,
            response=bytes(response.body),
        )

    @staticmethod
    def xml_response(body: bytes, status: int = 200) -> Response:
        return Response(body, status_code=status, media_type="text/xml; charset=utf-8")

    # -- the control API --------------------------------------------------------------------
    def routes(self) -> list[BaseRoute]:
        """The registry's own endpoints."""
        return []

    def control_routes(self) -> list[BaseRoute]:
        """The registry's own control endpoints (under /_konform/)."""
        return []

    def app(self) -> Starlette:
        routes = list(self.routes())
        if self.control:
            routes += [
                Route("/_konform/clock", self._clock, methods=["GET", "PUT", "DELETE"]),
                Route("/_konform/fault", self._fault, methods=["GET", "PUT"]),
                Route("/_konform/received", self._received, methods=["GET"]),
                Route("/_konform/reset", self._reset, methods=["POST"]),
                Route(LIMITS_PATH, self._limits, methods=["GET", "PUT"]),
                *self.control_routes(),
            ]
        limit = Middleware(InFlightLimit, limit=lambda: self.max_in_flight)
        offload = Middleware(
            OnHandlerLoop,
            handlers=self.handlers,
            capped=lambda: self.max_in_flight is not None,
            body_limit=lambda: self.max_body,
            on_listener=(LIMITS_PATH,),
        )
        return Starlette(routes=routes, middleware=[limit, offload])

    def reset(self) -> None:
        """Forget all state (a subclass clears its own tables too); keep the fault profile.

        The profile is the environment under test, not its data: a suite that resets
        between scenarios keeps testing the profile a meta-test switched on.
        """
        self.db.execute("DELETE FROM received")
        self.clock.reset()

    def select_profile(self, name: str) -> None:
        """Switch to the fault profile `name` (UnknownProfile if the registry has none by that name)."""
        self.behaviour = select(self.behaviour_base, name)
        self.on_behaviour_change()

    async def _clock(self, request: Request) -> Response:
        from datetime import datetime, timedelta

        if request.method == "PUT":
            data = await request.json()
            if "now" in data:
                self.clock.set(datetime.fromisoformat(data["now"]))
            if "advance_seconds" in data:
                self.clock.advance(timedelta(seconds=float(data["advance_seconds"])))
        elif request.method == "DELETE":
            self.clock.reset()
        return JSONResponse(self.clock.as_json())

    async def _fault(self, request: Request) -> Response:
        if request.method == "PUT":
            data = await request.json()
            try:
                self.select_profile(str(data.get("profile", "")))
            except UnknownProfile as error:
                return JSONResponse({"error": str(error)}, status_code=400)
        known = {name: p.deviation for name, p in profiles(self.behaviour_base).items()}
        return JSONResponse({"profile": self.behaviour.name, "profiles": known})

    def on_behaviour_change(self) -> None:
        """Hook for profiles that act outside request handling (e.g. TLS)."""

    async def _limits(self, request: Request) -> Response:
        if request.method == "PUT":
            data = await request.json()
            cap = data.get("max_in_flight") if isinstance(data, dict) else None
            if cap is not None and (not isinstance(cap, int) or isinstance(cap, bool) or cap < 1):
                return JSONResponse({"error": "max_in_flight must be a positive integer or null"}, 400)
            self.max_in_flight = cap
        return JSONResponse({"max_in_flight": self.max_in_flight, "max_body": self.max_body})

    async def _received(self, request: Request) -> Response:
        since = int(request.query_params.get("since", "0"))
        return JSONResponse(store.received(self.db, since))

    async def _reset(self, request: Request) -> Response:
        self.reset()
        return JSONResponse({"reset": True})

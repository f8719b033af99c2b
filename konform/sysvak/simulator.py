"""SYSVAK simulator over HTTP: one MsgHead per POST, the answer at once (200) or later (202 + GET).

The real register takes its messages as ebXML on Norsk helsenett (Dok 31 §3); this is a
plain HTTP transport over the same mottak (konform/sysvak/mottak.py), which knows
nothing about HTTP, so an ebXML adapter could sit beside this one:

* ``POST /sysvak/msghead`` with one MsgHead (``application/xml``): ``200`` with the answer
  MsgHead once processed; ``202`` with no body while it waits (§3.2, §3.6.3);
  ``400``/``413``/``415`` with a text reason when it cannot be taken at all.
* ``GET /sysvak/msghead/responses/<MsgId>``: ``404`` until the answer exists, then ``200``.

Control API under ``/_konform/sysvak/`` (plus the shared clock, fault, received, reset).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from konform import soap, store
from konform.identifiers import no_fodselsnummer
from konform.identifiers.exceptions import ValidationError
from konform.simulator import Simulator
from konform.sysvak import state
from konform.sysvak.behaviour import SysvakBehaviour
from konform.sysvak.folkeregister import Folkeregister
from konform.sysvak.model import FregPerson
from konform.sysvak.mottak import Mottak, Refused, UnknownMessage
from konform.sysvak.processing import Processor, Settings

SERVICE_PATH = "/sysvak/msghead"
RESPONSES_PATH = SERVICE_PATH + "/responses"
CONTROL = "/_konform/sysvak"
XML_TYPES = ("application/xml", "text/xml")


class SysvakSimulator(Simulator):
    """SYSVAK with its documented answers; state in SQLite."""

    registry = "sysvak"
    behaviour_base = SysvakBehaviour
    behaviour: SysvakBehaviour

    def __init__(self, database: sqlite3.Connection, *, control: bool = True) -> None:
        super().__init__(database, control=control)
        self.store = state.Store(database)
        self.folkeregister = Folkeregister(self.store)
        self.settings = Settings()
        self.processor = Processor(
            self.store, self.folkeregister, self.clock, lambda: self.behaviour, self.settings
        )
        self.mottak = Mottak(database, self.processor, self.clock, lambda: self.behaviour)

    @classmethod
    def open(cls, path: Path, *, control: bool = True) -> SysvakSimulator:
        return cls(store.open_database(path, state.SCHEMA), control=control)

    def routes(self) -> list[BaseRoute]:
        return [
            Route(SERVICE_PATH, self.receive, methods=["POST"]),
            Route(RESPONSES_PATH + "/{msg_id:path}", self.collect, methods=["GET"]),
        ]

    # -- the transport ----------------------------------------------------------------------------
    async def receive(self, request: Request) -> Response:
        body = b""
        try:
            media = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if media not in XML_TYPES:
                raise Refused(
                    f"content type {media or '(none)'!r} is not XML; send application/xml; charset=utf-8"
                )
            body = await self.read_body(request)
            accepted = self.mottak.accept(body)
            response = self.answer(accepted.response)
        except Refused as refused:
            status, text = self.behaviour.refusal(
                refused.reason, 415 if refused.reason.startswith("content type") else 400
            )
            response = _text(text, status)
        except soap.Fault as fault:  # the shared body limit speaks SOAP; this transport answers in text
            response = _text(f"SYSVAK: {fault.string}\n", fault.status)
        self.record(request, body, response)
        return response

    async def collect(self, request: Request) -> Response:
        msg_id = request.path_params["msg_id"]
        try:
            found = self.mottak.response(msg_id)
        except UnknownMessage:
            return _text(f"SYSVAK: no message with MsgId {msg_id!r} has reached SYSVAK\n", 404)
        if found is None:
            status, text = self.behaviour.not_yet(msg_id)
            return _text(text, status)
        return self.answer(found)

    def answer(self, body: bytes | None) -> Response:
        """The answer MsgHead (200), or the behaviour's reply to a message that waits."""
        if body is None:
            status, text = self.behaviour.waiting()
            return _text(text, status)
        name, value = self.behaviour.content_type()
        response = Response(body)
        response.raw_headers = [  # as spelt: a field name's case is the sender's choice
            (b"content-length", str(len(body)).encode("ascii")),
            (name.encode("latin-1"), value.encode("latin-1")),
        ]
        return response

    # -- state --------------------------------------------------------------------------------------
    def reset(self) -> None:
        """Forget data and settings; keep the fault profile (the environment under test, not its data)."""
        super().reset()
        self.behaviour.forget()
        self.store.clear()
        self.settings.max_hits = Settings().max_hits
        self.settings.programme = Settings().programme
        self.folkeregister.available = True
        self.mottak.held = False

    def add_person(self, data: dict[str, Any]) -> FregPerson:
        """A person in FolkeregisterFHI (replacing one with the same number, e.g. after a move)."""
        ident = str(data.get("ident", ""))
        try:
            no_fodselsnummer.validate(ident, allow_h_number=False, today=self.clock.now().date())
        except ValidationError as error:
            raise ValueError(f"FolkeregisterFHI holds fødselsnummer and D-nummer only: {error}") from None
        born = data.get("fodselsdato") or no_fodselsnummer.get_birth_date(ident).isoformat()
        person = FregPerson.from_json({**data, "fodselsdato": born})
        self.store.put_person(person)
        return person

    # -- the control API ----------------------------------------------------------------------------
    def control_routes(self) -> list[BaseRoute]:
        return [
            Route(f"{CONTROL}/persons", self._persons, methods=["GET", "POST"]),
            Route(f"{CONTROL}/subsystem", self._subsystem, methods=["GET", "PUT"]),
            Route(f"{CONTROL}/mottak", self._mottak, methods=["GET", "PUT"]),
            Route(f"{CONTROL}/mottak/poll", self._poll, methods=["POST"]),
            Route(f"{CONTROL}/reidentify", self._reidentify, methods=["POST"]),
            Route(f"{CONTROL}/reservations", self._reservations, methods=["GET", "POST"]),
            Route(f"{CONTROL}/settings", self._settings, methods=["GET", "PUT"]),
            Route(f"{CONTROL}/events", self._events, methods=["GET"]),
            Route(f"{CONTROL}/log", self._log, methods=["GET"]),
            Route(f"{CONTROL}/uten-ident", self._uten_ident, methods=["GET"]),
        ]

    async def _persons(self, request: Request) -> Response:
        if request.method == "POST":
            data = await request.json()
            given = data.get("persons", [data]) if isinstance(data, dict) else None
            if not isinstance(given, list) or not all(isinstance(p, dict) for p in given):
                return JSONResponse({"error": 'send a person {"ident": …} or {"persons": [...]}'}, 400)
            try:
                for person in given:
                    self.add_person(person)
            except (ValueError, TypeError, KeyError) as error:
                return JSONResponse({"error": str(error)}, 400)
        return JSONResponse({"persons": [p.as_json() for p in self.store.persons()]})

    async def _subsystem(self, request: Request) -> Response:
        if request.method == "PUT":
            self.folkeregister.available = bool((await request.json()).get("available", True))
            self.mottak.drain()
        return JSONResponse({"subsystem": self.folkeregister.name, "available": self.folkeregister.available})

    async def _mottak(self, request: Request) -> Response:
        if request.method == "PUT":
            self.mottak.held = bool((await request.json()).get("held", False))
            self.mottak.drain()
        return JSONResponse({"held": self.mottak.held, "pending": self.mottak.pending()})

    async def _poll(self, request: Request) -> Response:
        """§3.6.3: one polling round of a held mottak."""
        held, self.mottak.held = self.mottak.held, False
        try:
            answered = self.mottak.drain()
        finally:
            self.mottak.held = held
        return JSONResponse({"answered": answered, "pending": self.mottak.pending()})

    async def _reidentify(self, request: Request) -> Response:
        return JSONResponse({"linked": self.processor.vaksinander.reidentify()})

    async def _reservations(self, request: Request) -> Response:
        if request.method == "POST":
            ident = str((await request.json()).get("ident", ""))
            if not ident:
                return JSONResponse({"error": 'send {"ident": "<fødselsnummer>"}'}, 400)
            self.store.reserve(ident, self.clock.now().isoformat())
        return JSONResponse({"reservations": self.store.reservations()})

    async def _settings(self, request: Request) -> Response:
        if request.method == "PUT":
            data = await request.json()
            if "max_hits" in data:
                if not isinstance(data["max_hits"], int) or data["max_hits"] < 1:
                    return JSONResponse({"error": "max_hits is a positive integer"}, 400)
                self.settings.max_hits = data["max_hits"]
            if "programme" in data:
                self.settings.programme = frozenset(str(code) for code in data["programme"])
        return JSONResponse(
            {"max_hits": self.settings.max_hits, "programme": sorted(self.settings.programme)}
        )

    async def _events(self, request: Request) -> Response:
        wanted = request.query_params.get("vaksinand")
        events = self.store.events(wanted)
        return JSONResponse(
            {
                "events": [
                    {"id": e.id, "vaksinand": e.vaksinand, "unit": e.unit, **e.hendelse.as_json()}
                    for e in events
                ]
            }
        )

    async def _log(self, request: Request) -> Response:
        return JSONResponse({"log": self.store.log_entries()})

    async def _uten_ident(self, request: Request) -> Response:
        rows = self.store.uten_ident()
        return JSONResponse(
            {
                "vaksinander": [
                    {
                        "id": r.id,
                        "ident": r.ident,
                        "linked": r.linked,
                        "data": json.loads(state.uten_ident_json(r.data) or "null"),
                    }
                    for r in rows
                ]
            }
        )


def _text(text: str, status: int) -> Response:
    if not text:
        return Response(b"", status_code=status)
    return Response(text, status_code=status, media_type="text/plain; charset=utf-8")

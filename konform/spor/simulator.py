"""SPOR RegistrationService 4.1 simulator: postRegistration, the WSDL, the file upload, the Fellista.

Semantics from "Integration mot SPOR" §3, §6.5 and §7 and the catalogue's table "How
SPOR answers each breach"; every decision is a method of the active SporBehaviour so
that fault profiles can deviate from it (konform/spor/behaviour.py).
"""

from __future__ import annotations

import copy
import json
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from konform import soap, store, xml
from konform.server import Tls
from konform.simulator import Simulator
from konform.spor import independent, schema
from konform.spor.behaviour import SporBehaviour
from konform.spor.control_api import TABLES, SporControlApi, Transaction
from konform.spor.wire import BUILTIN_WIRE, Wire

NS = schema.NS
INDEPENDENT = independent.Independent  # a correct SPOR written differently, among the profiles

SERVICE_PATH = BUILTIN_WIRE.path  # konform's own schema; a bound simulator serves its binding's paths
UPLOAD_PATH = BUILTIN_WIRE.upload_path
WSDL_PATH = schema.WSDL_PATH
#: An export of a night's registrations is uploaded as one file (§3.2): allow far more than a SOAP call.
UPLOAD_MAX_BODY = 256 * 1024 * 1024

WSDL_SOAP = "http://schemas.xmlsoap.org/wsdl/soap/"


@dataclass(frozen=True)
class Result:
    """One registration's answer (§7.2.3)."""

    behandlingsnummer: str
    code: str
    text: str


class Rejected(Exception):
    """A registration of an upload that SPOR did not take: the whole file fails."""


class SporSimulator(SporControlApi, Simulator):
    """SPOR's RegistrationService with its documented answers, state in SQLite."""

    registry = "spor"
    behaviour_base = SporBehaviour
    behaviour: SporBehaviour

    def __init__(
        self,
        database: sqlite3.Connection,
        *,
        control: bool = True,
        units: Iterable[str] = (),
        tls: Tls | None = None,
        wire: Wire = BUILTIN_WIRE,
    ) -> None:
        super().__init__(database, control=control)
        self.wire = self.behaviour.wire = wire  # the schema it speaks; its decisions read konform's
        self.initial_units = list(units)
        self.tls = tls
        #: The mTLS and "utan certifikat" entries are two listeners, each with its own thread
        #: and event loop, over this one connection: their transactions take turns.
        self.writing = threading.Lock()
        self.add_units(self.initial_units)

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        control: bool = True,
        units: Iterable[str] = (),
        tls: Tls | None = None,
        wire: Wire = BUILTIN_WIRE,
    ) -> SporSimulator:
        """A simulator whose state lives in the SQLite file at `path`."""
        return cls(store.open_database(path, TABLES), control=control, units=units, tls=tls, wire=wire)

    # -- routes ---------------------------------------------------------------------------
    def routes(self) -> list[BaseRoute]:
        path, xsd = self.wire.path, self.wire.binding.main.name
        return [
            Route(path, self.service, methods=["GET", "POST"]),
            Route(f"{path.rsplit('/', 1)[0]}/{xsd}", self.xsd, methods=["GET"]),
            Route(self.wire.upload_path, self.upload, methods=["POST"]),
        ]

    # -- the web service (§3.1, §7.2) -------------------------------------------------------
    async def service(self, request: Request) -> Response:
        if request.method == "GET":
            return self.wsdl(request)
        body = b""
        try:
            self.require_xml_content_type(request)
            body = await self.read_body(request)
            response = self.xml_response(soap.build(self.post_registration(body)))
        except soap.Fault as fault:
            response = self.xml_response(fault.to_xml(), fault.status)
        self.record(request, body, response)
        return self.written(response)

    def written(self, response: Response) -> Response:
        """The response with its header names as the behaviour writes them (HTTP: any case)."""
        response.raw_headers = [(self.behaviour.header_name(k), v) for k, v in response.raw_headers]
        return response

    def post_registration(self, body: bytes) -> etree._Element:
        """The postRegistrationResponse for a request, or a soap.Fault (nothing stored)."""
        payload = soap.parse(body).payload
        assert payload is not None  # soap.parse guarantees a Body element
        if payload.tag != self.wire.request:
            wanted = self.wire.request
            raise soap.Fault("Client", f"Unexpected wrapper element {payload.tag} found. Expected {wanted}.")
        payload = self.wire.to_canonical(payload)
        refused, rest = self.refusals(payload)
        # A request whose registrations were all refused (ERROR) has nothing left to judge;
        # one that had none at all breaks the schema (§7.2.2) like any other.
        judged = len(rest) or not len(refused)
        error, admitted = self.behaviour.admit(rest) if judged else (None, rest)
        if error is not None:
            raise soap.Fault("Client", error, status=self.behaviour.schema_fault_status())
        with self.transaction():
            taken = iter([self.register(registration) for registration in _registrations(admitted)])
        results = [refused[i] if i in refused else next(taken) for i in range(len(_registrations(payload)))]
        response = etree.Element(f"{{{NS}}}postRegistrationResponse", nsmap={"spor": NS})
        for result in results:
            item = etree.SubElement(response, f"{{{NS}}}result")
            etree.SubElement(item, f"{{{NS}}}behandlingsnummer").text = result.behandlingsnummer
            etree.SubElement(item, f"{{{NS}}}resultCode").text = result.code
            etree.SubElement(item, f"{{{NS}}}resultText").text = result.text
        return self.wire.to_wire(response)

    def refusals(self, request: etree._Element) -> tuple[dict[int, Result], etree._Element]:
        """The registrations the behaviour answers ERROR up front (by position), and the rest."""
        registrations = _registrations(request)
        texts = self.behaviour.refuse(registrations)
        if not texts:
            return {}, request
        refused = {i: Result(_text(registrations[i], "behandlingsnummer"), "ERROR", texts[i]) for i in texts}
        dropped = {id(registrations[i]) for i in texts}
        rest = etree.Element(request.tag, dict(request.attrib), nsmap=request.nsmap)
        rest.extend(copy.deepcopy(child) for child in request if id(child) not in dropped)
        return refused, rest

    def register(self, registration: etree._Element) -> Result:
        """Create or replace one registration (§6.5, §7.2.3, §7.3); ERROR stores nothing."""
        number = _text(registration, "behandlingsnummer")
        system_id = _text(registration, "systemId")
        personnummer = _text(registration, "personnummer")
        behaviour = self.behaviour
        if not behaviour.unit_known(system_id, self.unit_registered(system_id)):
            return Result(number, "ERROR", behaviour.error_text(number, behaviour.unknown_unit(system_id)))
        problem = behaviour.identity_problem(personnummer, self.clock.now().date())
        if problem is not None:
            why = behaviour.bad_identity(personnummer, problem)
            return Result(number, "ERROR", behaviour.error_text(number, why))
        previous = self.registration(number)
        kept = copy.deepcopy(self.behaviour.stored(previous, registration))
        etree.cleanup_namespaces(kept)
        now = self.clock.now().isoformat()
        self.db.execute(
            "INSERT INTO spor_registrations (behandlingsnummer, system_id, xml, created, updated)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (behandlingsnummer)"
            " DO UPDATE SET system_id = excluded.system_id, xml = excluded.xml, updated = excluded.updated",
            (number, system_id, etree.tostring(kept, encoding="unicode"), now, now),
        )
        reasons = self.behaviour.fellista_reasons(kept)
        if reasons:
            self.db.execute(
                "INSERT INTO spor_fellista (behandlingsnummer, reasons, since) VALUES (?, ?, ?)"
                " ON CONFLICT (behandlingsnummer) DO UPDATE SET reasons = excluded.reasons",
                (number, json.dumps(reasons, ensure_ascii=False), now),
            )
        else:
            self.db.execute("DELETE FROM spor_fellista WHERE behandlingsnummer = ?", (number,))
        return Result(number, "OK", self.behaviour.result_text(number, created=previous is None))

    def wsdl(self, request: Request) -> Response:
        """§3.1: the WSDL at `?wsdl`, its soap:address naming the URL it was fetched from."""
        if not any(key.lower() == "wsdl" for key in request.query_params):
            where = self.wire.path
            fault = soap.Fault("Client", f"GET serves the WSDL at {where}?wsdl; operations are POSTed")
            return self.xml_response(fault.to_xml(), 405)
        if not self.behaviour.wsdl_published():
            return Response("Not Found", status_code=404, media_type="text/plain")
        document = etree.parse(str(self.wire.binding.wsdl or WSDL_PATH))
        for address in document.iter(f"{{{WSDL_SOAP}}}address"):
            address.set("location", str(request.url.replace(query="")))
        wsdl = etree.tostring(document, xml_declaration=True, encoding="UTF-8")
        return self.written(self.xml_response(wsdl))

    async def xsd(self, request: Request) -> Response:
        return self.xml_response(self.wire.binding.main.read_bytes())

    # -- the file upload (§3.2): same schema, all or nothing ------------------------------------
    async def upload(self, request: Request) -> Response:
        body = b""
        try:
            body = await self.read_upload(request)
            failure = self.take_upload(body)
        except soap.Fault as fault:
            failure = fault.string
        status, message = self.behaviour.upload_feedback(failure)
        page, content_type = self.behaviour.upload_page(message)
        response = Response(page, status_code=status, media_type=content_type)
        self.record(request, body, response)
        return self.written(response)

    async def read_upload(self, request: Request) -> bytes:
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media not in ("text/xml", "application/xml"):
            raise soap.Fault("Client", f"filen måste vara XML (text/xml), inte {media or 'utan typ'}")
        # An export file gets its own limit, far above the web service's.
        return await self.read_body(request, UPLOAD_MAX_BODY)

    def take_upload(self, body: bytes) -> str | None:
        """Store every registration of an export file, or nothing; the failure's reason if any."""
        try:
            root = xml.parse(body)
        except xml.UnsafeXml as unsafe:
            return str(unsafe)
        if root.tag != self.wire.request:
            return f"rotelementet är {root.tag}, förväntat {self.wire.request}"
        refused, rest = self.refusals(self.wire.to_canonical(root))
        if refused:
            return next(iter(refused.values())).text
        error, admitted = self.behaviour.admit(rest)
        if error is not None:
            return error
        try:
            with self.transaction():
                for registration in _registrations(admitted):
                    result = self.register(registration)
                    if result.code != "OK":
                        raise Rejected(result.text)
        except Rejected as rejected:
            return str(rejected)
        return None

    # -- state ---------------------------------------------------------------------------------
    def transaction(self) -> Transaction:
        return Transaction(self.db, self.writing)

    def add_units(self, system_ids: Iterable[str]) -> None:
        now = self.clock.now().isoformat()
        self.db.executemany(
            "INSERT OR IGNORE INTO spor_units (system_id, added) VALUES (?, ?)",
            [(system_id, now) for system_id in system_ids],
        )

    def unit_registered(self, system_id: str) -> bool:
        row = self.db.execute("SELECT 1 FROM spor_units WHERE system_id = ?", (system_id,)).fetchone()
        return row is not None

    def registration(self, number: str) -> etree._Element | None:
        row = self.db.execute(
            "SELECT xml FROM spor_registrations WHERE behandlingsnummer = ?", (number,)
        ).fetchone()
        return None if row is None else etree.fromstring(row["xml"], xml.parser())

    def reset(self) -> None:
        """Forget registrations, Fellista, units and received messages; keep the fault profile.

        The profile is the environment under test, not its data: a suite that resets
        between scenarios must keep testing the profile a meta-test switched on.
        """
        with self.writing:
            super().reset()
            for table in ("spor_fellista", "spor_registrations", "spor_units"):
                self.db.execute(f"DELETE FROM {table}")
            self.add_units(self.initial_units)

    def on_behaviour_change(self) -> None:
        self.behaviour.wire = self.wire
        if self.tls is not None:
            self.tls.lenient = self.behaviour.accepts_untrusted_certificates()


def _registrations(request: etree._Element) -> list[etree._Element]:
    return [child for child in request if child.tag == f"{{{NS}}}registration"]


def _text(registration: etree._Element, name: str) -> str:
    return (registration.findtext(f"{{{NS}}}{name}") or "").strip()

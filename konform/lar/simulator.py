"""LAR MedicationAllergyService simulator: SOAP 1.1 under DGWS 1.0.1, the WSDL, and its control API.

Envelope and DGWS problems are SOAP faults (HTTP 500, detail/medcom:FaultCode); everything
else, rule breaches included, is an HTTP 200 reply with a ReplyStatus (LAR-4.1.2-REPLY).
Every reply carries a medcom:Header whose InResponseToMessageID is the request's MessageID.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from cryptography import x509
from lxml import etree
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from konform import soap, store
from konform.dgws import DgwsFault, Verifier, response_headers
from konform.dgws import verify as dgws
from konform.lar import control, faults, model, schema
from konform.lar.behaviour import LarBehaviour
from konform.lar.service import LarService
from konform.lar.state import SCHEMA, SqliteMessageIds, State
from konform.simulator import Simulator

SERVICE_PATH = "/lar/MedicationAllergyService"
WSDL_SOAP = "http://schemas.xmlsoap.org/wsdl/soap/"
#: The fault profiles, registered as LarBehaviour subclasses when imported.
PROFILES = faults
#: The CVR of konform's examples (`konform idcard --cvr 25520041`) and of the DGWS samples.
DEFAULT_CVRS = ("25520041",)


class Whitelist:
    """The CVRs the simulator authorises (None: any), read live so the control API can change it."""

    def __init__(self, cvrs: Iterable[str] | None) -> None:
        self.initial = None if cvrs is None else frozenset(cvrs)
        self.cvrs = self.initial

    def __contains__(self, cvr: object) -> bool:
        return self.cvrs is None or cvr in self.cvrs

    def reset(self) -> None:
        self.cvrs = self.initial


class LarSimulator(Simulator):
    """LAR's three operations with the guide's answers; DGWS verified against the trusted STS certificates."""

    registry = "lar"
    behaviour_base = LarBehaviour
    behaviour: LarBehaviour

    def __init__(
        self,
        database: sqlite3.Connection,
        *,
        trusted_sts: Iterable[Path | bytes | x509.Certificate],
        cvrs: Iterable[str] | None = DEFAULT_CVRS,
        control: bool = True,
    ) -> None:
        super().__init__(database, control=control)
        self.state = State(database)
        self.whitelist = Whitelist(cvrs)
        self.down: set[str] = set()
        self.trusted = [_certificate(cert) for cert in trusted_sts]
        self.verifier = Verifier(
            self.trusted, clock=self.clock, cvr_whitelist=self.whitelist, memory=SqliteMessageIds(database)
        )

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        trusted_sts: Iterable[Path | bytes | x509.Certificate],
        cvrs: Iterable[str] | None = DEFAULT_CVRS,
        control: bool = True,
    ) -> LarSimulator:
        """A simulator whose state lives in the SQLite file at `path`."""
        return cls(store.open_database(path, SCHEMA), trusted_sts=trusted_sts, cvrs=cvrs, control=control)

    def routes(self) -> list[BaseRoute]:
        folder = SERVICE_PATH.rsplit("/", 1)[0]
        return [
            Route(SERVICE_PATH, self.service, methods=["GET", "POST"]),
            *(
                Route(f"{folder}/{path.name}", self._file(path), methods=["GET"])
                for path in (schema.SERVICE_XSD, schema.ALLERGY_XSD)
            ),
        ]

    def control_routes(self) -> list[BaseRoute]:
        return control.routes(self)

    # -- the web service ----------------------------------------------------------------------
    async def service(self, request: Request) -> Response:
        if request.method == "GET":
            return self.wsdl(request)
        body = b""
        try:
            self.require_xml_content_type(request)
            body = await self.read_body(request)
            response = self.xml_response(self.answer(body))
        except soap.Fault as fault:
            response = self.xml_response(fault.to_xml(), fault.status)
        response.raw_headers = [(self.behaviour.header_name(k), v) for k, v in response.raw_headers]
        self.record(request, body, response)
        return response

    def answer(self, body: bytes) -> bytes:
        """The reply envelope for a request body, or a DgwsFault (nothing stored)."""
        try:
            envelope = soap.parse(body)
        except soap.Fault as fault:
            raise DgwsFault(dgws.SYNTAX_ERROR, fault.string) from None
        payload = envelope.payload
        assert payload is not None  # soap.parse guarantees a Body element
        operation = model.OPERATIONS.get(payload.tag)
        level = self.behaviour.min_level(operation) if operation else 1
        card = self.behaviour.verify(self.verifier, envelope, level)
        if operation is None:
            known = ", ".join(op.name for op in model.OPERATIONS.values())
            text = f"unknown operation {payload.tag}; LAR offers {known}"
            raise DgwsFault(
                dgws.PROCESSING_PROBLEM, text, message_id=card.message_id, security_level=card.level
            )
        self.db.execute("BEGIN IMMEDIATE")
        try:
            outcome = LarService(self.state, self.clock, self.behaviour, self.down).answer(
                operation, payload, card
            )
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")
        reply = model.response_xml(operation, outcome.status, outcome.text, outcome.allergies)
        headers = response_headers(
            card.message_id, security_level=card.level, flow_id=card.flow_id, clock=self.clock
        )
        return soap.build(reply, headers)

    def wsdl(self, request: Request) -> Response:
        """The WSDL at `?wsdl`, its soap:address naming the URL it was fetched from."""
        if not any(key.lower() == "wsdl" for key in request.query_params):
            fault = soap.Fault("Client", f"GET serves the WSDL at {SERVICE_PATH}?wsdl; operations are POSTed")
            return self.xml_response(fault.to_xml(), 405)
        document = etree.parse(str(schema.WSDL_PATH))
        for address in document.iter(f"{{{WSDL_SOAP}}}address"):
            address.set("location", str(request.url.replace(query="")))
        return self.xml_response(etree.tostring(document, xml_declaration=True, encoding="UTF-8"))

    def _file(self, path: Path) -> control.Endpoint:
        async def serve(request: Request) -> Response:
            return self.xml_response(path.read_bytes())

        return serve

    # -- state ----------------------------------------------------------------------------------
    def reset(self) -> None:
        """Forget allergies, consent, MinLog, outages and MessageIDs; keep the fault profile."""
        super().reset()
        self.state.clear()
        self.down.clear()
        self.whitelist.reset()


def _certificate(cert: Path | bytes | x509.Certificate) -> x509.Certificate:
    if isinstance(cert, Path):
        cert = cert.read_bytes()
    return cert if isinstance(cert, x509.Certificate) else x509.load_pem_x509_certificate(cert)

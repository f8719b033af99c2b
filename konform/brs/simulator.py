"""The BRS simulator: treatmentRelation and notificationQuery under DGWS, with follow-ups on the clock.

Endpoints as the guide gives them (BRS-ENDPOINT): /brs-nsp/service/brs,
/brs-nsp/service/notification and the load balancer's alias /gos/service/notification,
each with its WSDL at `?wsdl`. Every decision is a method of the active BrsBehaviour
(konform/brs/behaviour.py); the control API is in konform/brs/control.py.
"""

from __future__ import annotations

import copy
import json
import sqlite3
import uuid
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime
from pathlib import Path

from lxml import etree
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from konform import soap, store
from konform.brs import control, render, rules, schema
from konform.brs.behaviour import BrsBehaviour
from konform.brs.model import TreatmentRelationRequest, TreatmentRelationResponse, parse_time, xs_long
from konform.brs.state import SCHEMA, BrsState, SqliteMessageIds, Whitelist, epoch
from konform.dgws import header
from konform.dgws.header import DgwsFault
from konform.dgws.verify import SYNTAX_ERROR, VerifiedCard, Verifier
from konform.simulator import Simulator

BRS_PATH = "/brs-nsp/service/brs"
NOTIFICATION_PATH = "/brs-nsp/service/notification"
GOS_PATH = "/gos/service/notification"
WSDL_SOAP = "http://schemas.xmlsoap.org/wsdl/soap/"


class BrsSimulator(Simulator):
    """BRS and the notification service with their documented answers; state in SQLite."""

    registry = "brs"
    behaviour_base = BrsBehaviour
    behaviour: BrsBehaviour

    def __init__(
        self,
        database: sqlite3.Connection,
        *,
        trusted_sts: Iterable[Path],
        whitelist: Iterable[str] = (),
        control: bool = True,
    ) -> None:
        super().__init__(database, control=control)
        self.state = BrsState(database)
        self.initial_whitelist = list(whitelist)
        self.state.whitelist(self.initial_whitelist, self.clock.now())
        self.verifier = Verifier(
            list(trusted_sts),
            clock=self.clock,
            cvr_whitelist=Whitelist(self.state, lambda: self.behaviour.ignores_whitelist()),
            memory=SqliteMessageIds(database),
        )
        self.answers: dict[tuple[str, ...], list[str]] = {}

    @classmethod
    def open(
        cls, path: Path, *, trusted_sts: Iterable[Path], whitelist: Iterable[str] = (), control: bool = True
    ) -> BrsSimulator:
        """A simulator whose state lives in the SQLite file at `path`."""
        database = store.open_database(path, SCHEMA)
        return cls(database, trusted_sts=trusted_sts, whitelist=whitelist, control=control)

    # -- routes -------------------------------------------------------------------------------
    def routes(self) -> list[BaseRoute]:
        return [
            Route(BRS_PATH, self._serving(self.treatment_relation, schema.BRS_WSDL), methods=["GET", "POST"]),
            Route(
                NOTIFICATION_PATH,
                self._serving(self.notification_query, schema.NOTIFICATION_WSDL),
                methods=["GET", "POST"],
            ),
            Route(GOS_PATH, self._gos, methods=["GET", "POST"]),
            Route("/brs-nsp/service/{name}.xsd", self._xsd, methods=["GET"]),
            Route("/gos/service/{name}.xsd", self._xsd, methods=["GET"]),
        ]

    def control_routes(self) -> list[BaseRoute]:
        return control.routes(self)

    def _serving(
        self, operation: Callable[[bytes], bytes], wsdl: Path
    ) -> Callable[[Request], Awaitable[Response]]:
        async def serve(request: Request) -> Response:
            if request.method == "GET":
                return self.wsdl(request, wsdl)
            body = b""
            try:
                self.require_xml_content_type(request)
                body = await self.read_body(request)
                response = self.xml_response(operation(body))
            except soap.Fault as fault:
                response = self.xml_response(fault.to_xml(), fault.status)
            response.raw_headers = [(self.behaviour.header_name(k), v) for k, v in response.raw_headers]
            self.record(request, body, response)
            return response

        return serve

    async def _gos(self, request: Request) -> Response:
        if not self.behaviour.serves_gos_alias():
            return Response("Not Found", status_code=404, media_type="text/plain")
        return await self._serving(self.notification_query, schema.NOTIFICATION_WSDL)(request)

    def wsdl(self, request: Request, path: Path) -> Response:
        """The WSDL at `?wsdl`, its soap:address naming the URL it was fetched from."""
        if not any(key.lower() == "wsdl" for key in request.query_params):
            fault = DgwsFault(
                SYNTAX_ERROR, f"GET serves the WSDL at {request.url.path}?wsdl; operations are POSTed"
            )
            return self.xml_response(fault.to_xml(), 405)
        document = etree.parse(str(path))
        for address in document.iter(f"{{{WSDL_SOAP}}}address"):
            address.set("location", str(request.url.replace(query="")))
        return self.xml_response(etree.tostring(document, xml_declaration=True, encoding="UTF-8"))

    async def _xsd(self, request: Request) -> Response:
        name = request.path_params["name"] + ".xsd"
        if name not in schema.XSD_FILES:
            return Response("Not Found", status_code=404, media_type="text/plain")
        return self.xml_response((schema.SCHEMA_DIR / name).read_bytes())

    # -- the services -------------------------------------------------------------------------
    def _verified(self, body: bytes, expected: str) -> tuple[VerifiedCard, etree._Element]:
        """The DGWS-verified card and the request body, or a DgwsFault (BRS-DGWS, BRS-FAULTS)."""
        try:
            envelope = soap.parse(body)
        except soap.Fault as fault:
            raise DgwsFault(SYNTAX_ERROR, fault.string) from None
        card = self.verifier.verify(envelope, min_level=self.behaviour.min_level())
        payload = envelope.payload
        assert payload is not None  # soap.parse guarantees one
        if payload.tag != expected:
            self._refuse(card, f"unexpected body element {payload.tag}; this endpoint expects {expected}")
        problem = rules.first_error(payload)
        if problem is not None:
            self._refuse(card, self.behaviour.fault_text(f"validation failed: {problem.message}"))
        return card, payload

    def _refuse(self, card: VerifiedCard, text: str) -> None:
        raise DgwsFault(
            self.behaviour.validation_code(), text, message_id=card.message_id, security_level=card.level
        )

    def _reply(self, card: VerifiedCard, payload: etree._Element) -> bytes:
        headers = header.response_headers(
            card.message_id, security_level=card.level, flow_id=card.flow_id, clock=self.clock
        )
        return soap.build(payload, headers)

    def treatment_relation(self, body: bytes) -> bytes:
        """treatmentRelation: the best known relation, and a follow-up if one is asked for."""
        card, payload = self._verified(body, schema.REQUEST)
        request = TreatmentRelationRequest.from_xml(payload)
        queryable = request.queryable_cvr
        if queryable is not None and not self.behaviour.accepts_queryable_cvr(card.cvr, queryable):
            self._refuse(card, f"QueryableCvr {queryable} is not the caller's CVR {card.cvr}")
        now = self.clock.now()
        with self.state.transaction():
            decision = self.behaviour.decide(self.lookup(request, now), request.acceptable, request.followup)
            unique = str(uuid.uuid4())
            external = self.behaviour.external_reference(request.external_reference, unique)
            if decision.followup_ordered:
                self.order_followup(request, payload, card, unique, external, now)
        listed = self.behaviour.listed(decision.actual)
        answer = TreatmentRelationResponse(
            decision.sufficient, listed, decision.followup_ordered, unique, external
        )
        return self._reply(card, answer.to_xml())

    def lookup(self, request: TreatmentRelationRequest, now: datetime) -> list[str]:
        """Categories of the relations BRS knows now within the request's RelationLookupTimeInterval."""
        who = (request.patient, request.professional, request.organisation.kind, request.organisation.value)
        start, end = epoch(parse_time(request.start)), epoch(parse_time(request.end))
        key = (*who, request.start, request.end)
        if self.behaviour.remembers_answers() and key in self.answers:
            return self.answers[key]
        found = self.state.found(who, start, end, epoch(now))
        if self.behaviour.remembers_answers():
            self.answers[key] = found
        return found

    def order_followup(
        self,
        request: TreatmentRelationRequest,
        payload: etree._Element,
        card: VerifiedCard,
        unique: str,
        external: str,
        now: datetime,
    ) -> None:
        if request.time_limit is None or request.queryable_cvr is None:
            return  # no follow-up without them (konform.brs.rules refuses FollowupRelations alone)
        requested = (parse_time(request.start), parse_time(request.end))
        start, end = self.behaviour.lookup_interval((card.not_before, card.not_on_or_after), requested)
        original = self.behaviour.request_source(copy.deepcopy(payload))
        etree.cleanup_namespaces(original)
        self.state.order_followup(
            {
                "unique_id": unique,
                "external_id": external,
                "queryable_cvr": request.queryable_cvr,
                "patient": request.patient,
                "professional": request.professional,
                "org_kind": request.organisation.kind,
                "org_value": request.organisation.value,
                "acceptable": request.acceptable,
                "time_limit": epoch(parse_time(request.time_limit)),
                "time_limit_text": request.time_limit,
                "lookup_start": epoch(start),
                "lookup_end": epoch(end),
                "lookup_start_text": self.behaviour.time_text(start),
                "lookup_end_text": self.behaviour.time_text(end),
                "request": etree.tostring(original, encoding="unicode"),
                "ordered_at": epoch(now),
            }
        )

    def settle_due(self) -> None:
        """Decide every follow-up whose TimeLimit has passed by the clock (BRS-FOLLOWUP).

        Only a relation BRS knew by TimeLimit counts, so the outcome does not depend on
        when this runs: before any read of notifications.
        """
        now = self.clock.now()
        with self.state.transaction():
            for row in self.state.due(epoch(now)):
                who = (row["patient"], row["professional"], row["org_kind"], row["org_value"])
                found = self.state.found(who, row["lookup_start"], row["lookup_end"], row["time_limit"])
                in_time = bool(set(found) & set(json.loads(row["acceptable"])))
                notify = self.behaviour.notifies(in_time)
                if notify:
                    listed = self.behaviour.listed(tuple(found))
                    self.state.notify(row["id"], row["queryable_cvr"], listed, epoch(now))
                self.state.settle(row["id"], "notified" if notify else "settled")

    def notification_query(self, body: bytes) -> bytes:
        """notificationQuery: the caller's notifications from SerialNumber on (NOTIF-QUERY, NOTIF-CVR)."""
        card, payload = self._verified(body, schema.QUERY)
        refusal = self.behaviour.query_fault()
        if refusal is not None:
            self._refuse(card, refusal)
        type_ = (payload.findtext(f"{{{schema.NOTIFICATION}}}Type") or "").strip()
        serial = xs_long(payload.findtext(f"{{{schema.NOTIFICATION}}}SerialNumber") or "0")
        self.settle_due()
        rows = self.behaviour.page(self.state, card.cvr or "", serial, type_)
        return self._reply(card, render.query_response(rows))

    # -- state ---------------------------------------------------------------------------------
    def reset(self) -> None:
        """Forget facts, follow-ups, notifications and received messages; keep the fault profile.

        The profile is the environment under test, not its data: a suite that resets
        between scenarios keeps testing the profile a meta-test switched on.
        """
        super().reset()
        self.state.clear()
        self.answers.clear()
        self.state.whitelist(self.initial_whitelist, self.clock.now())

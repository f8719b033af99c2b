"""The BRS simulator's control API under /_konform/brs/ (on only in a test environment).

- `POST /_konform/brs/relations` arranges a treatment-relation fact, known from the
  simulator's clock on: {"patient", "professional", "organisation": {"kind", "value"},
  "category", "start", "end"} (times ISO 8601 with offset). `GET` lists them.
- `GET|POST /_konform/brs/whitelist` reads or extends the CVR whitelist ({"cvr"} or {"cvrs"}).
- `POST /_konform/brs/certificate-change` {"old_cvr", "new_cvr"}: the operator's steps 1 and 4
  of the guide's procedure – whitelist the new CVR, duplicate the old CVR's alarms and
  notifications so that the copies belong to the new CVR.
- `GET /_konform/brs/followups` and `GET /_konform/brs/notifications[?cvr=]`: what BRS holds,
  after deciding every follow-up whose TimeLimit has passed by the clock.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from lxml import etree
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from konform.brs import render
from konform.brs.model import CATEGORIES, ORGANISATION_KINDS, Organisation
from konform.brs.relations import RelationFact
from konform.identifiers import dk_cvr
from konform.identifiers.exceptions import ValidationError

if TYPE_CHECKING:
    from konform.brs.simulator import BrsSimulator


class BadRequest(ValueError):
    """A control request the simulator cannot act on (answered 400 with the reason)."""


def routes(simulator: BrsSimulator) -> list[BaseRoute]:
    def handler(action: Any) -> Any:
        async def serve(request: Request) -> Response:
            try:
                data = await request.json() if request.method == "POST" else {}
                return JSONResponse(action(simulator, request, data))
            except (BadRequest, json.JSONDecodeError) as error:
                return JSONResponse({"error": str(error)}, status_code=400)

        return serve

    return [
        Route("/_konform/brs/relations", handler(_relations), methods=["GET", "POST"]),
        Route("/_konform/brs/whitelist", handler(_whitelist), methods=["GET", "POST"]),
        Route("/_konform/brs/certificate-change", handler(_certificate_change), methods=["POST"]),
        Route("/_konform/brs/followups", handler(_followups), methods=["GET"]),
        Route("/_konform/brs/notifications", handler(_notifications), methods=["GET"]),
    ]


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise BadRequest(f"{key!r} must be a non-empty string")
    return value.strip()


def _moment(data: dict[str, Any], key: str) -> datetime:
    try:
        moment = datetime.fromisoformat(_text(data, key))
    except ValueError:
        raise BadRequest(f"{key!r} must be an ISO 8601 date-time with an offset") from None
    if moment.tzinfo is None:
        raise BadRequest(f"{key!r} needs an offset (e.g. +01:00)")
    return moment


def _cvr(data: dict[str, Any], key: str) -> str:
    try:
        return dk_cvr.validate(_text(data, key))
    except ValidationError as error:
        raise BadRequest(f"{key!r}: {error}") from None


def fact(data: dict[str, Any]) -> RelationFact:
    """A relation fact from its JSON form (see the module docstring)."""
    if not isinstance(data, dict):
        raise BadRequest("send a JSON object")
    organisation = data.get("organisation")
    if not isinstance(organisation, dict) or organisation.get("kind") not in ORGANISATION_KINDS:
        raise BadRequest(
            f"'organisation' must be {{'kind': one of {list(ORGANISATION_KINDS)}, 'value': ...}}"
        )
    category = _text(data, "category")
    if len(category.split()) != 1:
        # Any category the registries may hold: the guide lists examples (e.g. CATEGORIES), no closed set.
        raise BadRequest(f"'category' must be one word, e.g. one of {list(CATEGORIES)}")
    start, end = _moment(data, "start"), _moment(data, "end")
    if end < start:
        raise BadRequest("'end' is before 'start'")
    return RelationFact(
        patient=_text(data, "patient"),
        professional=_text(data, "professional"),
        organisation=Organisation(str(organisation["kind"]), _text(organisation, "value")),
        category=category,
        start=start,
        end=end,
    )


def _relations(simulator: BrsSimulator, request: Request, data: Any) -> Any:
    if request.method == "POST":
        known_from = simulator.clock.now()
        identifier = simulator.state.add_relation(fact(data), known_from)
        return {"id": identifier, "known_from": known_from.isoformat()}
    return {"relations": simulator.state.relations()}


def _whitelist(simulator: BrsSimulator, request: Request, data: Any) -> Any:
    if request.method == "POST":
        if not isinstance(data, dict):
            raise BadRequest('send {"cvr": "<CVR>"} or {"cvrs": [...]}')
        given = data["cvrs"] if "cvrs" in data else [data.get("cvr")]
        if not isinstance(given, list):
            raise BadRequest("'cvrs' must be a list")
        cvrs = [_cvr({"cvr": value}, "cvr") for value in given]
        simulator.state.whitelist(cvrs, simulator.clock.now())
    return {"whitelist": simulator.state.whitelisted()}


def _certificate_change(simulator: BrsSimulator, request: Request, data: Any) -> Any:
    if not isinstance(data, dict):
        raise BadRequest('send {"old_cvr": "<CVR>", "new_cvr": "<CVR>"}')
    old, new = _cvr(data, "old_cvr"), _cvr(data, "new_cvr")
    if old == new:
        raise BadRequest("'old_cvr' and 'new_cvr' are the same")
    simulator.settle_due()
    with simulator.state.transaction():
        simulator.state.whitelist([new], simulator.clock.now())
        alarms, notifications = simulator.state.copy_cvr(
            old, new, move=simulator.behaviour.certificate_change_moves()
        )
    return {"old_cvr": old, "new_cvr": new, "alarms": alarms, "notifications": notifications}


def _followups(simulator: BrsSimulator, request: Request, data: Any) -> Any:
    simulator.settle_due()
    return {"followups": simulator.state.followups()}


def _notifications(simulator: BrsSimulator, request: Request, data: Any) -> Any:
    simulator.settle_due()
    cvr = request.query_params.get("cvr")
    rows = simulator.state.notifications(cvr=cvr, at_least=0, limit=None)
    return {
        "notifications": [
            {
                "serial": row["notification_serial"],
                "cvr": row["cvr"],
                "unique_id": row["unique_id"],
                "external_id": row["external_id"],
                "followup_serial": row["serial"],
                "actual": json.loads(row["actual"]),
                "xml": etree.tostring(render.notification(row), encoding="unicode"),
            }
            for row in rows
        ]
    }

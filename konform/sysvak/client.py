"""A vendor's view of SYSVAK over konform's HTTP transport, and the simulator's control API.

Every exchange with the target goes through `konform.evidence.record`, so the report
shows the request and response XML and a curl reproducer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from lxml import etree

from konform.control import Control
from konform.evidence import Exchange
from konform.msghead import build as mh
from konform.recording import RecordingSession, endpoint_certificate
from konform.sysvak import messages, readers, rules
from konform.sysvak.head import wrap
from konform.sysvak.model import Request, Response
from konform.targets import Endpoint
from konform.validate import Unusable

CONTENT_TYPE = "application/xml; charset=utf-8"


@dataclass
class Answer:
    """One message sent and what came back: the exchange, the MsgHead read by the rules, the payload."""

    msg_id: str
    exchange: Exchange
    message: rules.Message | None = None
    response: Response | None = None
    problem: str | None = None

    @property
    def status(self) -> int | None:
        return self.exchange.status


def read_answer(msg_id: str, exchange: Exchange) -> Answer:
    """Read a 200 answer as an outgoing MsgHead whose parent is `msg_id` (a 202 has no body)."""
    answer = Answer(msg_id, exchange)
    if exchange.status != 200 or not exchange.response_body:
        return answer
    try:
        answer.message = rules.read_message(
            exchange.response_body, direction="out", parent_msg_id=msg_id, utf8_only=False
        )
    except Unusable as unusable:
        answer.problem = unusable.reason
        return answer
    payload = answer.message.payload
    answer.response = None if payload is None else readers.read_response(payload)
    return answer


class SysvakClient:
    """Send MsgHead messages to SYSVAK and collect deferred answers."""

    def __init__(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint
        self.http = RecordingSession(endpoint, endpoint_certificate(endpoint))

    def post(
        self, body: bytes, *, content_type: str | None = CONTENT_TYPE, title: str = "MsgHead"
    ) -> Exchange:
        """One raw POST of a MsgHead (or of anything, to see how SYSVAK refuses it)."""
        headers = {"Content-Type": content_type} if content_type else {}
        return self.http.exchange(title, "POST", self.endpoint.url, body, headers)

    def collect(self, msg_id: str) -> Exchange:
        """GET the answer to message `msg_id` (404 until it exists)."""
        url = f"{self.endpoint.url}/responses/{quote(msg_id, safe='')}"
        return self.http.exchange(f"svar på {msg_id}", "GET", url)

    def send_msghead(
        self, root: etree._Element, *, encoding: str = "UTF-8", title: str | None = None
    ) -> Answer:
        msg_id = root.findtext(mh.q("MsgInfo") + "/" + mh.q("MsgId")) or ""
        kind = root.find(mh.q("MsgInfo") + "/" + mh.q("Type"))
        label = title or ("MsgHead" if kind is None else kind.get("V", "MsgHead"))
        return read_answer(msg_id, self.post(mh.serialize(root, encoding=encoding), title=label))

    def send(self, request: Request, **head: Any) -> Answer:
        """Wrap a SYSVAK message in a MsgHead, send it, read the answer."""
        return self.send_msghead(wrap(messages.request(request), **head))

    def collect_answer(self, msg_id: str) -> Answer:
        return read_answer(msg_id, self.collect(msg_id))

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> SysvakClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


class SysvakControl(Control):
    """The simulator's control API (/_konform/…): arrange facts, read state, switch fault profiles."""

    def set_clock(self, now: str) -> None:
        self.call("PUT", "/_konform/clock", {"now": now})

    def add_persons(self, *persons: dict[str, Any]) -> None:
        self.call("POST", "/_konform/sysvak/persons", {"persons": list(persons)})

    def set_subsystem(self, *, available: bool) -> None:
        self.call("PUT", "/_konform/sysvak/subsystem", {"available": available})

    def hold_mottak(self, *, held: bool) -> None:
        self.call("PUT", "/_konform/sysvak/mottak", {"held": held})

    def poll(self) -> int:
        return int(self.call("POST", "/_konform/sysvak/mottak/poll")["answered"])

    def reidentify(self) -> int:
        return int(self.call("POST", "/_konform/sysvak/reidentify")["linked"])

    def reserve(self, ident: str) -> None:
        self.call("POST", "/_konform/sysvak/reservations", {"ident": ident})

    def settings(self, **changes: Any) -> dict[str, Any]:
        return dict(self.call("PUT", "/_konform/sysvak/settings", changes))

    def events(self, vaksinand: str | None = None) -> list[dict[str, Any]]:
        query = f"?vaksinand={quote(vaksinand)}" if vaksinand else ""
        return list(self.call("GET", f"/_konform/sysvak/events{query}")["events"])

    def log(self) -> list[dict[str, Any]]:
        return list(self.call("GET", "/_konform/sysvak/log")["log"])

    def uten_ident(self) -> list[dict[str, Any]]:
        return list(self.call("GET", "/_konform/sysvak/uten-ident")["vaksinander"])

    def received(self, since: int = 0) -> list[dict[str, Any]]:
        return list(self.call("GET", f"/_konform/received?since={since}"))

"""One kind of storing request per simulator, each tagged with a key the client chooses.

A load or crash test sends `body(key)` for fresh keys, counts the answers that
`acknowledged` accepts, and compares them with `stored`: the keys the simulator's
own control API reports, one entry per stored row.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from lxml import etree

from generators import sysvak as sysvak_gen
from konform.brs import model as brs_model
from konform.brs import schema as brs_schema
from konform.brs.client import answer_of as brs_answer
from konform.brs.embedded import CVR as BRS_CVR
from konform.dgws import header
from konform.dgws.sts import TestSts
from konform.evidence import Exchange
from konform.lar import model as lar_model
from konform.lar.client import reply_of as lar_reply
from konform.msghead import build as msghead
from konform.spor.client import answer_of as spor_answer
from konform.spor.client import envelope as spor_envelope
from konform.spor.model import registration_xml
from konform.sysvak import messages as sysvak_messages
from konform.sysvak.client import read_answer as sysvak_answer
from konform.sysvak.head import wrap as sysvak_wrap
from konform.sysvak.model import HendelseResponse, Vaksinand
from steps.spor_world import EXAMPLE as SPOR_EXAMPLE
from tests.lar.lar_helpers import allergy
from tests.serving import Served


@dataclass(frozen=True)
class Post:
    """Where a storing request goes and with which headers."""

    url: str
    headers: dict[str, str]


class Writes(Protocol):
    """How to send, recognise and find one registry's storing request."""

    registry: str

    def prepare(self, served: Served) -> Post:
        """Arrange what the writes need on the served simulator; where to post them."""
        ...

    def key(self, client: int, index: int) -> str:
        """A key no other write of this simulator's life uses (`client` < 9)."""
        ...

    def body(self, key: str) -> bytes: ...

    def acknowledged(self, exchange: Exchange, key: str) -> bool:
        """Whether the answer says the write of `key` was taken."""
        ...

    def stored(self, served: Served) -> list[str]:
        """The key of every stored row, read through the control API (duplicates kept)."""
        ...


def _control(served: Served, path: str) -> Any:
    with served.session() as http:
        answer = http.get(served.state["control_url"] + path, timeout=30)
    answer.raise_for_status()
    return answer.json()


def _soap_headers(action: str = "") -> dict[str, str]:
    return {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": f'"{action}"'}


class SporWrites:
    """postRegistration of the guide's example over mutual TLS; the key is its behandlingsnummer."""

    registry = "spor"

    def prepare(self, served: Served) -> Post:
        return Post(served.state["url"], _soap_headers())

    def key(self, client: int, index: int) -> str:
        return f"{client + 1}{index:06}"

    def body(self, key: str) -> bytes:
        return spor_envelope([registration_xml(**SPOR_EXAMPLE, behandlingsnummer=key)])

    def acknowledged(self, exchange: Exchange, key: str) -> bool:
        answer = spor_answer(exchange)
        return exchange.status == 200 and [(r.behandlingsnummer, r.code) for r in answer.results] == [
            (key, "OK")
        ]

    def stored(self, served: Served) -> list[str]:
        rows = _control(served, "/_konform/spor/registrations")["registrations"]
        return [row["behandlingsnummer"] for row in rows]


class LarWrites:
    """RegisterMedicationAllergy under a signed DGWS ID card, each with its own MessageID;
    the key is the allergy's identifier."""

    registry = "lar"

    def __init__(self) -> None:
        self.card: etree._Element | None = None

    def prepare(self, served: Served) -> Post:
        sts = TestSts.from_files(Path(served.state["sts_key"]), Path(served.state["sts_cert"]))
        self.card = sts.mint(level=4, cvr=served.state["cvr"])
        return Post(served.state["url"], _soap_headers(lar_model.REGISTER.name))

    def key(self, client: int, index: int) -> str:
        return str(uuid.uuid4())

    def body(self, key: str) -> bytes:
        assert self.card is not None, "prepare() mints the ID card"
        return header.wrap(lar_model.request_xml(lar_model.REGISTER, allergy(identifier=key)), self.card)

    def acknowledged(self, exchange: Exchange, key: str) -> bool:
        reply = lar_reply(exchange)
        return (
            exchange.status == 200
            and reply.status_code == "Success"
            and [a.identifier for a in reply.allergies] == [key]
        )

    def stored(self, served: Served) -> list[str]:
        return [row["identifier"] for row in _control(served, "/_konform/lar/allergies")["allergies"]]


class BrsWrites:
    """treatmentRelation ordering a follow-up (no relation is known), under a signed DGWS ID card;
    the key is the request's ExternalReferenceId."""

    registry = "brs"

    def __init__(self) -> None:
        self.card: etree._Element | None = None
        self.request: brs_model.TreatmentRelationRequest | None = None

    def prepare(self, served: Served) -> Post:
        sts = TestSts.from_files(Path(served.state["sts_key"]), Path(served.state["sts_cert"]))
        now = datetime.now(UTC).replace(microsecond=0)
        self.card = sts.mint(level=3, cvr=BRS_CVR, not_before=now - timedelta(minutes=1))
        example = brs_model.TreatmentRelationRequest.from_xml(
            etree.fromstring(brs_schema.example("brs-request.xml"))
        )
        self.request = replace(
            example,
            start=brs_model.brs_time(now - timedelta(days=1)),
            end=brs_model.brs_time(now + timedelta(hours=1)),
            time_limit=brs_model.brs_time(now + timedelta(hours=2)),
            queryable_cvr=BRS_CVR,
            followup=brs_model.ALL,
        )
        return Post(served.state["url"], _soap_headers())

    def key(self, client: int, index: int) -> str:
        return f"konform-load-{client}-{index}-{uuid.uuid4()}"

    def body(self, key: str) -> bytes:
        assert self.card is not None and self.request is not None, "prepare() builds card and request"
        return header.wrap(replace(self.request, external_reference=key).to_xml(), self.card)

    def acknowledged(self, exchange: Exchange, key: str) -> bool:
        answer = brs_answer(exchange)
        if exchange.status != 200 or answer.payload is None or answer.payload.tag != brs_schema.RESPONSE:
            return False
        response = answer.response()
        return response.followup_ordered and response.external_reference == key

    def stored(self, served: Served) -> list[str]:
        return [row["external_id"] for row in _control(served, "/_konform/brs/followups")["followups"]]


class SysvakWrites:
    """A HendelseRequest registering a vaccination for a child Folkeregisteret knows;
    the key is the MsgHead's MsgId."""

    registry = "sysvak"
    CHILD = "03852150024"

    def __init__(self) -> None:
        self.days = itertools.count()

    def prepare(self, served: Served) -> Post:
        with served.session() as http:
            added = http.post(
                served.state["control_url"] + "/_konform/sysvak/persons",
                json={"persons": [{"ident": self.CHILD}]},
                timeout=30,
            )
        added.raise_for_status()
        return Post(served.state["url"], {"Content-Type": "application/xml; charset=utf-8"})

    def key(self, client: int, index: int) -> str:
        return str(uuid.uuid4())

    def body(self, key: str) -> bytes:
        # Distinct dates keep each vaccination its own hendelse.
        when = date(2020, 1, 1) + timedelta(days=next(self.days))
        event = sysvak_gen.hendelse("MMR", when)
        request = sysvak_gen.request_for(Vaksinand(sysvak_gen.person_ident(self.CHILD)), event)
        return msghead.serialize(sysvak_wrap(sysvak_messages.request(request), msg_id=key))

    def acknowledged(self, exchange: Exchange, key: str) -> bool:
        answer = sysvak_answer(key, exchange)
        response = answer.response
        return (
            exchange.status == 200
            and isinstance(response, HendelseResponse)
            and response.resultat.status == "akseptert"
        )

    def stored(self, served: Served) -> list[str]:
        return [row["msg_id"] for row in _control(served, "/_konform/sysvak/log")["log"]]


def writes_for(registry: str) -> Writes:
    made: dict[str, Callable[[], Writes]] = {
        "spor": SporWrites,
        "lar": LarWrites,
        "brs": BrsWrites,
        "sysvak": SysvakWrites,
    }
    return made[registry]()


REGISTRIES = ("spor", "lar", "brs", "sysvak")

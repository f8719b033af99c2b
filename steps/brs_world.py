"""The BRS target as a scenario sees it: who calls, with which ID card, on whose clock.

On a simulator (embedded or `konform serve brs`) every scenario starts from a reset
state with the clock frozen at the real time, and moves it through the control API;
ID cards are minted by the STS the target trusts, on the same clock. Against a real
BRS the clock is the real one and only structure and invariants are checked (BRS-DRIFT).
Each scenario asks about its own synthetic patient and professional, drawn from the run's
seed (konform.runseed): a rerun against a target that keeps its data meets new people.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

import pytest
from lxml import etree

from konform.brs.client import Answer, BrsClient
from konform.brs.control_client import BrsControl
from konform.brs.model import ALL, Organisation, TreatmentRelationRequest, brs_time
from konform.brs.relations import RelationFact
from konform.clock import Clock
from konform.dgws.sts import TestSts
from konform.targets import Endpoint

#: The guide's example ydernummer 132435 (its people are drawn per scenario: `people`).
ORGANISATION = Organisation("DoctorOrganisationIdentifier", "132435")
CARD_TTL = timedelta(hours=1)


def requirement_of(request: pytest.FixtureRequest) -> str:
    """The requirement the running scenario is tagged with (@req:<ID>)."""
    marker = request.node.get_closest_marker("requirement")
    if marker is None:
        raise RuntimeError(f"{request.node.nodeid} has no @req tag")
    return str(marker.kwargs["id"])


@dataclass(frozen=True)
class Caller:
    """Who calls: the CVR on the ID card, its level, and whether the card is bad on purpose."""

    cvr: str
    level: int = 3
    untrusted: bool = False
    expired: bool = False


@dataclass
class Sent:
    """One treatmentRelation exchange: what was sent, with which card, and the answer."""

    request: TreatmentRelationRequest
    answer: Answer
    card_validity: tuple[datetime, datetime]
    caller: Caller

    @property
    def body(self) -> etree._Element | None:
        """The request body exactly as it went over the wire."""
        envelope = etree.fromstring(self.answer.exchange.request_body)
        found = envelope.find("{http://schemas.xmlsoap.org/soap/envelope/}Body")
        return found[0] if found is not None and len(found) else None


@dataclass
class BrsScenario:
    """One scenario's view of the target."""

    endpoint: Endpoint
    control: BrsControl | None
    sts: TestSts | None
    untrusted_sts: TestSts | None
    clock: Clock
    caller: Caller
    other_cvr: str
    unlisted_cvr: str
    client: BrsClient
    #: The scenario's patient, professional and a second patient (synthetic, per run and scenario).
    people: tuple[str, str, str]
    #: Drawn with the people: what makes the scenario's ExternalReferenceIds its own.
    tag: str
    cards: dict[tuple[Caller, datetime], tuple[etree._Element, tuple[datetime, datetime]]] = field(
        default_factory=dict
    )
    unacceptable_known: bool = False

    def __post_init__(self) -> None:
        self.client.card = self.card

    @property
    def cvr(self) -> str:
        return self.caller.cvr

    @property
    def patient(self) -> str:
        return self.people[0]

    @property
    def professional(self) -> str:
        return self.people[1]

    def reference(self, number: int = 1) -> str:
        """An ExternalReferenceId of this scenario and run (never one an earlier run sent)."""
        return f"konform-{self.tag}-{number}"

    def now(self) -> datetime:
        return self.clock.now()

    def card_for(self, caller: Caller) -> tuple[etree._Element, tuple[datetime, datetime]]:
        """A signed ID card for `caller`, valid from now (expired: an hour before now)."""
        sts = self.untrusted_sts if caller.untrusted else self.sts
        if sts is None:
            pytest.skip("minting ID cards needs the STS the target trusts (options sts_key, sts_cert)")
        start = self.now().replace(microsecond=0) - (CARD_TTL * 2 if caller.expired else timedelta())
        key = (caller, start)
        if key not in self.cards:
            card = sts.mint(level=caller.level, cvr=caller.cvr, ttl=CARD_TTL, not_before=start)
            self.cards[key] = (card, (start, start + CARD_TTL))
        return self.cards[key]

    def card(self) -> etree._Element:
        return self.card_for(self.caller)[0]

    @contextmanager
    def calling_as(self, **changes: object) -> Iterator[Caller]:
        """Call as another caller (another CVR, level or card) for the duration of the block."""
        saved = self.caller
        self.caller = replace(saved, **changes)  # type: ignore[arg-type]
        try:
            yield self.caller
        finally:
            self.caller = saved

    def restart(self) -> None:
        """A reset simulator with its clock frozen at the real time (when the target has a control API)."""
        self.cards.clear()
        if self.control is not None:
            self.control.reset()
            self.clock.set(self.control.set_clock(datetime.now(UTC).replace(microsecond=0)))

    # -- time ----------------------------------------------------------------------------
    def advance(self, delta: timedelta) -> None:
        if self.control is None:
            pytest.skip("moving the clock needs a simulator's control API")
        self.control.advance(delta.total_seconds())
        self.clock.advance(delta)

    # -- requests ------------------------------------------------------------------------
    def request(self, **changes: object) -> TreatmentRelationRequest:
        """A request for the scenario's patient and professional around now, QueryableCvr the caller's."""
        now = self.now()
        base = TreatmentRelationRequest(
            organisation=ORGANISATION,
            patient=self.patient,
            professional=self.professional,
            start=brs_time(now - timedelta(days=1)),
            end=brs_time(now + timedelta(hours=1)),
            time_limit=brs_time(now + timedelta(hours=2)),
            queryable_cvr=self.cvr,
            acceptable=("A", "B"),
            followup=ALL,
        )
        return replace(base, **changes)  # type: ignore[arg-type]

    def send(self, request: TreatmentRelationRequest) -> Sent:
        validity = self.card_for(self.caller)[1]
        return Sent(request, self.client.treatment_relation(request), validity, self.caller)

    def relation(self, category: str, *, start: datetime | None = None, end: datetime | None = None) -> None:
        """Arrange a relation of the scenario's patient and professional, known from now on."""
        if self.control is None:
            pytest.skip("arranging a treatment relation needs a simulator's control API")
        now = self.now()
        fact = RelationFact(
            patient=self.patient,
            professional=self.professional,
            organisation=ORGANISATION,
            category=category,
            start=start or now - timedelta(hours=2),
            end=end or now + timedelta(hours=2),
        )
        self.control.add_relation(fact)

    def unacceptable_relation(self) -> None:
        """Once a scenario: a relation of category C, which no AcceptableRelations of the arranging
        steps holds – with it, FollowupRelations All orders a follow-up on the guide's words alone."""
        if not self.unacceptable_known:
            self.relation("C")
            self.unacceptable_known = True

    def query(self, serial: int, *, via: str = "notification") -> Answer:
        return self.client.notification_query(serial, via=via)

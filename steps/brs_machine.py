"""A state machine over relation facts, follow-ups and the clock, with four invariants to check.

Its oracle is written from the guide, not from the simulator: a follow-up whose TimeLimit
has passed is notified unless an acceptable relation known by the TimeLimit meets the ID
card's validity period. Each check reads only the caller's own notifications, so that a
machine judges one requirement.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, precondition, rule

from generators import brs as gen
from konform.brs import rules
from konform.brs.model import ALL, brs_time, request_values
from konform.brs.relations import RelationFact
from konform.checks import require
from steps.brs_arrange import answered
from steps.brs_world import ORGANISATION, BrsScenario


@dataclass
class Ordered:
    """What the machine knows of a follow-up it ordered."""

    unique: str
    cvr: str
    patient: str
    acceptable: tuple[str, ...]
    time_limit: datetime
    card: tuple[datetime, datetime]
    body: list[tuple[str, str]]


@dataclass
class Fact:
    patient: str
    category: str
    start: datetime
    end: datetime
    known: datetime


def machine(brs: BrsScenario, requirement: str, check: str) -> type[RuleBasedStateMachine]:
    """A machine arranging facts, ordering follow-ups and moving time; `check` picks its invariant."""
    cvrs = (brs.cvr, brs.other_cvr)
    # Two patients: enough for relations of one patient not to satisfy another's follow-up.
    patients = (brs.people[0], brs.people[2])

    class Notifications(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            brs.restart()
            self.facts: list[Fact] = []
            self.ordered: dict[str, Ordered] = {}

        @rule(
            patient=st.sampled_from(patients),
            category=st.sampled_from(("A", "B", "C", "D")),
            start=st.integers(-180, 120),
            minutes=st.integers(0, 240),
        )
        def relation(self, patient: str, category: str, start: int, minutes: int) -> None:
            begin = brs.now() + timedelta(minutes=start)
            fact = RelationFact(
                patient, brs.professional, ORGANISATION, category, begin, begin + timedelta(minutes=minutes)
            )
            assert brs.control is not None
            brs.control.add_relation(fact)
            self.facts.append(Fact(patient, category, fact.start, fact.end, brs.now()))

        @rule(
            patient=st.sampled_from(patients),
            caller=st.sampled_from(cvrs),
            queryable=st.sampled_from(cvrs),
            acceptable=gen.relation_lists(),
            followup=st.one_of(st.just(ALL), gen.relation_lists()),
            minutes=st.integers(1, 240),
            external=gen.references(),
        )
        def order(
            self,
            patient: str,
            caller: str,
            queryable: str,
            acceptable: tuple[str, ...],
            followup: tuple[str, ...] | str,
            minutes: int,
            external: str | None,
        ) -> None:
            with brs.calling_as(cvr=caller):
                start, end = brs.card_for(brs.caller)[1]
                # The lookup interval is the card's validity, as the guide suggests ("Kan f.eks. være
                # validetsperioden for behandlerens ID-kort"), so both readings of it agree here.
                sent = brs.send(
                    brs.request(
                        patient=patient,
                        start=brs_time(start),
                        end=brs_time(end),
                        time_limit=brs_time(brs.now() + timedelta(minutes=minutes)),
                        queryable_cvr=queryable,
                        acceptable=acceptable,
                        followup=followup,
                        external_reference=external,
                    )
                )
            if sent.answer.is_fault or not sent.answer.response().followup_ordered:
                return
            answer = sent.answer.response()
            body = sent.body
            self.ordered[answer.unique_reference] = Ordered(
                answer.unique_reference,
                queryable,
                patient,
                acceptable,
                brs.now() + timedelta(minutes=minutes),
                sent.card_validity,
                request_values(body) if body is not None else [],
            )

        @rule(minutes=st.integers(1, 300))
        def wait(self, minutes: int) -> None:
            brs.advance(timedelta(minutes=minutes))

        @precondition(lambda self: bool(self.ordered))
        @rule(cvr=st.sampled_from(cvrs), data=st.data())
        def look(self, cvr: str, data: st.DataObject) -> None:
            self.verify(cvr, data)

        def teardown(self) -> None:
            for cvr in cvrs:
                self.verify(cvr, None)

        def notified(self, followup: Ordered) -> bool:
            """The oracle: TimeLimit passed and no acceptable relation known by it overlaps the card."""
            if followup.time_limit > brs.now():
                return False
            return not any(
                f.patient == followup.patient
                and f.category in followup.acceptable
                and f.known <= followup.time_limit
                and f.start <= followup.card[1]
                and f.end >= followup.card[0]
                for f in self.facts
            )

        def verify(self, cvr: str, data: st.DataObject | None) -> None:
            with brs.calling_as(cvr=cvr):
                if check == "paging":
                    return self.paging(cvr, data)
                answer = brs.query(0)
            answered(requirement, [answer])
            found = answer.notifications()
            if check == "cvr":
                foreign = [(n.serial, n.queryable_cvr) for n in found if n.queryable_cvr != cvr]
                require(requirement, not foreign, expected=f"only QueryableCvr {cvr}", received=foreign)
            mine = [n for n in found if n.queryable_cvr == cvr]
            if check == "followup":
                expected = {u for u, f in self.ordered.items() if f.cvr == cvr and self.notified(f)}
                got = {n.unique_id for n in mine}
                require(requirement, got == expected, expected=sorted(expected), received=sorted(got))
            if check == "payload":
                for note in mine:
                    sent = self.ordered.get(note.unique_id)
                    source = request_values(note.request_source) if note.request_source is not None else None
                    require(
                        requirement,
                        sent is not None and source == sent.body,
                        expected=sent and sent.body,
                        received=source,
                    )
            return None

        def paging(self, cvr: str, data: st.DataObject | None) -> None:
            assert brs.control is not None
            truth = sorted(n["serial"] for n in brs.control.notifications(cvr))
            start = (
                0
                if data is None
                else data.draw(st.integers(0, (truth[-1] if truth else 0) + 2), label="SerialNumber")
            )
            answer = brs.query(start)
            answered(requirement, [answer])
            got = [n.serial for n in answer.notifications() if n.queryable_cvr == cvr]
            expected = [s for s in truth if s >= start][:100]
            # The first 100 from SerialNumber, sorted ("i sorteret rækkefølge"); ascending: a reading.
            sorted_either = got in (sorted(got), sorted(got, reverse=True))
            require(
                requirement,
                sorted(got) == expected and sorted_either,
                expected=f"from {start}, sorted: {expected}",
                received=got,
            )
            require(
                requirement,
                got == expected,
                expected=f"ascending: {expected}",
                received=got,
                reading=rules.ASCENDING_READING,
            )

    return Notifications

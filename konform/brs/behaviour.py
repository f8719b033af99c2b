"""BRS's decisions as overridable methods, and fault profiles that each break one of them.

The correct behaviour follows the BRS + Notifikationsservice guide and the catalogue's
readings. A fault profile overrides one decision and names the requirement IDs the
feature suite must then fail on; `tests/brs/test_brs_fault_profiles.py` holds every
profile to exactly that set.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from konform.brs import relations
from konform.brs.model import brs_time
from konform.brs.relations import Decision
from konform.brs.state import BrsState
from konform.dgws.verify import PROCESSING_PROBLEM, SYNTAX_ERROR
from konform.faults import Behaviour

#: "Svaret indeholder de første 100 notifikationer" (Notifikationsservice).
PAGE_SIZE = 100

Interval = tuple[datetime, datetime]


class BrsBehaviour(Behaviour):
    """BRS and the notification service as the guide describes them."""

    def min_level(self) -> int:
        """BRS-DGWS: an ID card of level 3 (or higher, the catalogue's reading)."""
        return 3

    def ignores_whitelist(self) -> bool:
        """BRS-DGWS: only whitelisted CVRs get in (not_authorized otherwise)."""
        return False

    def validation_code(self) -> str:
        """BRS-FAULTS: a validation breach is answered with processing_problem."""
        return PROCESSING_PROBLEM

    def accepts_queryable_cvr(self, caller: str | None, queryable: str) -> bool:
        """BRS-REQ: QueryableCvr may be another CVR than the caller's."""
        return True

    def decide(
        self, found: list[str], acceptable: tuple[str, ...], followup: tuple[str, ...] | str
    ) -> Decision:
        """BRS-SUFFICIENT, BRS-FOLLOWUP."""
        return relations.decide(found, acceptable, followup)

    def external_reference(self, given: str | None, unique: str) -> str:
        """BRS-REFS: the request's ExternalReferenceId, else a new id different from UniqueReferenceId."""
        if given is not None:
            return given
        generated = str(uuid.uuid4())
        return generated if generated != unique else str(uuid.uuid4())

    def notifies(self, acceptable_in_time: bool) -> bool:
        """BRS-FOLLOWUP: a notification when TimeLimit passed without an acceptable relation."""
        return not acceptable_in_time

    def lookup_interval(self, card: Interval, requested: Interval) -> Interval:
        """NOTIF-PAYLOAD: the follow-up looks in the validity period of the request's ID card."""
        return card

    def page(self, state: BrsState, cvr: str, serial: int, type_: str) -> list[Any]:
        """NOTIF-QUERY, NOTIF-CVR: the caller's first 100 with serial ≥ SerialNumber, ascending."""
        return state.notifications(cvr=cvr, at_least=serial, limit=PAGE_SIZE, type_=type_)

    def time_text(self, moment: datetime) -> str:
        """BRS-TIME: `YYYY-MM-DDTHH:MM:SS+HH:MM`."""
        return brs_time(moment)

    def serves_gos_alias(self) -> bool:
        """BRS-ENDPOINT: gos/service/notification reaches the notification service too."""
        return True

    def certificate_change_moves(self) -> bool:
        """BRS-CERTCHANGE: the operator duplicates the old CVR's alarms and notifications."""
        return False

    def remembers_answers(self) -> bool:
        """BRS-DRIFT: every answer is computed from what the registries know now."""
        return False


class LeaksOtherCvrs(BrsBehaviour):
    name = "leaks-other-cvrs"
    deviation = "returns every CVR's notifications, not only those whose QueryableCvr is the caller's"
    breaks = frozenset({"NOTIF-CVR"})

    def page(self, state: BrsState, cvr: str, serial: int, type_: str) -> list[Any]:
        return state.notifications(cvr=None, at_least=serial, limit=PAGE_SIZE, type_=type_)


class SerialGreaterThan(BrsBehaviour):
    name = "serial-greater-than"
    deviation = "returns notifications with serial > SerialNumber instead of ≥"
    breaks = frozenset({"NOTIF-QUERY"})

    def page(self, state: BrsState, cvr: str, serial: int, type_: str) -> list[Any]:
        return super().page(state, cvr, serial + 1, type_)


class Returns101(BrsBehaviour):
    name = "returns-101"
    deviation = "returns up to 101 notifications in one answer"
    breaks = frozenset({"NOTIF-QUERY"})

    def page(self, state: BrsState, cvr: str, serial: int, type_: str) -> list[Any]:
        return state.notifications(cvr=cvr, at_least=serial, limit=PAGE_SIZE + 1, type_=type_)


class Unsorted(BrsBehaviour):
    name = "unsorted"
    deviation = "returns the right notifications, newest first"
    breaks = frozenset({"NOTIF-QUERY"})

    def page(self, state: BrsState, cvr: str, serial: int, type_: str) -> list[Any]:
        return list(reversed(super().page(state, cvr, serial, type_)))


class ReusesUniqueReferenceId(BrsBehaviour):
    name = "reuses-unique-reference-id"
    deviation = "answers UniqueReferenceId as ExternalReferenceId when the request has none"
    breaks = frozenset({"BRS-REFS"})

    def external_reference(self, given: str | None, unique: str) -> str:
        return given if given is not None else unique


class FollowupWhenAcceptable(BrsBehaviour):
    name = "followup-when-acceptable"
    deviation = "orders a follow-up (FollowupOrdered=true) although an acceptable relation was found"
    breaks = frozenset({"BRS-FOLLOWUP"})

    def decide(
        self, found: list[str], acceptable: tuple[str, ...], followup: tuple[str, ...] | str
    ) -> Decision:
        decision = super().decide(found, acceptable, followup)
        return Decision(decision.sufficient, decision.actual, True) if decision.sufficient else decision


class SufficientOnAnyRelation(BrsBehaviour):
    name = "sufficient-on-any-relation"
    deviation = "answers SufficientRelation=true whenever any relation is found, acceptable or not"
    breaks = frozenset({"BRS-SUFFICIENT"})

    def decide(
        self, found: list[str], acceptable: tuple[str, ...], followup: tuple[str, ...] | str
    ) -> Decision:
        decision = super().decide(found, acceptable, followup)
        return Decision(bool(decision.actual), decision.actual, decision.followup_ordered)


class NotifiesDespiteTimelyRelation(BrsBehaviour):
    name = "notifies-despite-timely-relation"
    deviation = "creates a notification at TimeLimit even when an acceptable relation appeared in time"
    breaks = frozenset({"BRS-FOLLOWUP"})

    def notifies(self, acceptable_in_time: bool) -> bool:
        return True


class AcceptsLevel2(BrsBehaviour):
    name = "accepts-level-2"
    deviation = "serves callers whose ID card has authentication level 2"
    breaks = frozenset({"BRS-DGWS", "BRS-FAULTS"})

    def min_level(self) -> int:
        return 2


class IgnoresWhitelist(BrsBehaviour):
    name = "ignores-whitelist"
    deviation = "serves a CVR that is not whitelisted instead of answering not_authorized"
    breaks = frozenset({"BRS-DGWS", "BRS-FAULTS"})

    def ignores_whitelist(self) -> bool:
        return True


class ValidationSyntaxError(BrsBehaviour):
    name = "validation-syntax-error"
    deviation = "answers a validation breach with syntax_error instead of processing_problem"
    breaks = frozenset({"BRS-FAULTS"})

    def validation_code(self) -> str:
        return SYNTAX_ERROR


class RefusesOtherQueryableCvr(BrsBehaviour):
    name = "refuses-other-queryable-cvr"
    deviation = "refuses a QueryableCvr that is not the caller's own CVR"
    # NOTIF-CVR too: a notification for a CVR other than the one that ordered the follow-up
    # ("Kan være det samme som den kaldende service, men det behøver det ikke være") never comes.
    breaks = frozenset({"BRS-REQ", "NOTIF-CVR"})

    def accepts_queryable_cvr(self, caller: str | None, queryable: str) -> bool:
        return caller == queryable


class LookupIntervalFromRequest(BrsBehaviour):
    name = "lookup-interval-from-request"
    deviation = "gives the notification the request's RelationLookupTimeInterval, not the ID card's validity"
    breaks = frozenset({"NOTIF-PAYLOAD"})

    def lookup_interval(self, card: Interval, requested: Interval) -> Interval:
        return requested


class ZuluTimes(BrsBehaviour):
    name = "zulu-times"
    deviation = "writes the timestamps it makes as UTC with 'Z' instead of '+HH:MM'"
    breaks = frozenset({"BRS-TIME"})

    def time_text(self, moment: datetime) -> str:
        return moment.astimezone(UTC).replace(microsecond=0, tzinfo=None).isoformat() + "Z"


class NoGosAlias(BrsBehaviour):
    name = "no-gos-alias"
    deviation = "does not answer at gos/service/notification (the address the guide gives)"
    breaks = frozenset({"BRS-ENDPOINT"})

    def serves_gos_alias(self) -> bool:
        return False


class CertificateChangeMoves(BrsBehaviour):
    name = "certificate-change-moves"
    deviation = "moves the old CVR's alarms and notifications to the new CVR instead of copying them"
    breaks = frozenset({"BRS-CERTCHANGE"})

    def certificate_change_moves(self) -> bool:
        return True


class RemembersAnswers(BrsBehaviour):
    name = "remembers-answers"
    deviation = "answers a repeated lookup from its first answer, ignoring relations registered since"
    breaks = frozenset({"BRS-DRIFT"})

    def remembers_answers(self) -> bool:
        return True

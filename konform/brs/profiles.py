"""BRS's fault profiles, one documented deviation each, and one correct behaviour written differently.

Each profile names the requirements the feature suite must then fail on (`breaks`), and
those of them only konform's readings catch (`readings_only`: failed under `--readings
strict`, warnings otherwise). `Independent` breaks nothing: it is how another team might
have written BRS from the same guide, and the suite must pass against it without a failure
or a warning.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from lxml import etree

from konform.brs.behaviour import PAGE_SIZE, BrsBehaviour, Interval
from konform.brs.model import CATEGORIES, q
from konform.brs.relations import Decision
from konform.brs.state import BrsState
from konform.dgws.verify import SYNTAX_ERROR


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


class NewestFirst(BrsBehaviour):
    name = "newest-first"
    deviation = "returns the right notifications sorted by serial number, newest first"
    # "Notifikationerne returneres i sorteret rækkefølge": descending is sorted too; ascending is
    # konform's reading (NOTIF-QUERY, interp.).
    breaks = frozenset({"NOTIF-QUERY"})
    readings_only = breaks

    def page(self, state: BrsState, cvr: str, serial: int, type_: str) -> list[Any]:
        return list(reversed(super().page(state, cvr, serial, type_)))


class Shuffled(BrsBehaviour):
    name = "shuffled"
    deviation = "returns the right notifications, odd serial numbers before even ones (not sorted)"
    breaks = frozenset({"NOTIF-QUERY"})

    def page(self, state: BrsState, cvr: str, serial: int, type_: str) -> list[Any]:
        rows = super().page(state, cvr, serial, type_)
        return sorted(rows, key=lambda row: (row["notification_serial"] % 2 == 0, row["notification_serial"]))


class NotificationQueryFails(BrsBehaviour):
    name = "notification-query-fails"
    deviation = "answers every notificationQuery that passes DGWS with processing_problem"
    # Every scenario that reads notifications: the notification service's own rules and the
    # follow-ups, timestamps, endpoints, level-3 service and certificate change seen through it.
    breaks = frozenset(
        {
            "NOTIF-QUERY",
            "NOTIF-CVR",
            "NOTIF-PAYLOAD",
            "BRS-FOLLOWUP",
            "BRS-TIME",
            "BRS-ENDPOINT",
            "BRS-DGWS",
            "BRS-CERTCHANGE",
        }
    )

    def query_fault(self) -> str | None:
        return "notificationQuery failed: the notification store is unavailable"


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


class RequestSourceTrimmed(BrsBehaviour):
    name = "request-source-trimmed"
    deviation = "leaves ExternalReferenceId out of the notification's RequestSource (not the complete call)"
    breaks = frozenset({"NOTIF-PAYLOAD"})

    def request_source(self, original: etree._Element) -> etree._Element:
        for element in original.findall(q("ExternalReferenceId")):
            original.remove(element)
        return original


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


class Independent(BrsBehaviour):
    """Correct by the guide, written differently from konform's own choices where the guide allows it."""

    name = "independent"
    deviation = (
        "none by the guide: fault texts that do not name the field, ActualRelations worst first, the "
        "notification repeating the request's RelationLookupTimeInterval (as the guide's example), "
        "its own ExternalReferenceId format, Title-Case HTTP header names"
    )

    def fault_text(self, problem: str) -> str:
        return "Forespørgslen kunne ikke valideres"

    def listed(self, actual: tuple[str, ...]) -> tuple[str, ...]:
        rank = {category: index for index, category in enumerate(CATEGORIES)}
        return tuple(sorted(dict.fromkeys(actual), key=lambda c: -rank.get(c, len(rank))))

    def lookup_interval(self, card: Interval, requested: Interval) -> Interval:
        return requested

    def external_reference(self, given: str | None, unique: str) -> str:
        return given if given is not None else f"ext-{uuid.uuid4().hex}"

    def header_name(self, name: bytes) -> bytes:
        return b"-".join(part.capitalize() for part in name.split(b"-"))

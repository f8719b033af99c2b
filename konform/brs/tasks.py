"""The BRS consumer plan's tasks judged from the messages a system sent (konform/brs/plan.toml).

Each received message is read once into a `Message` (its request body, BRS's answer, the
requirement IDs of its error findings); each task is a function from those messages to a
verdict. What BRS held (waiting notifications, follow-ups) is read from the simulator.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from lxml import etree

from konform import soap, xml
from konform.brs.model import q, xs_long
from konform.brs.schema import NOTIFICATION, QUERY, QUERY_RESPONSE, REQUEST, RESPONSE
from konform.consumer.plan import Plan, PlanError, Task
from konform.consumer.verdicts import TaskState, TaskVerdict

NOTIFICATIONS = q("Notifications", NOTIFICATION)


@dataclass(frozen=True)
class Message:
    """One received message as the tasks see it."""

    id: int
    at: datetime | None
    request: etree._Element | None  # treatmentRelationRequestBody or NotificationQueryRequestBody
    answer: etree._Element | None  # BRS's answer body when it answered 200
    fault: str = ""  # BRS's faultstring when it refused
    errors: tuple[str, ...] = ()  # requirement IDs of the message's error findings

    @property
    def kind(self) -> str:
        tag = self.request.tag if self.request is not None else ""
        return {REQUEST: "ask", QUERY: "query"}.get(tag, "other")

    def text(self, name: str, namespace: str | None = None) -> str:
        if self.request is None:
            return ""
        found = self.request.findtext(q(name, namespace) if namespace else q(name))
        return (found or "").strip()

    def answered(self, name: str) -> str:
        return (self.answer.findtext(q(name)) or "").strip() if self.answer is not None else ""

    def serials(self) -> list[int]:
        """SerialNumbers of the notifications in a notificationQuery answer."""
        if self.answer is None or self.answer.tag != QUERY_RESPONSE:
            return []
        texts = (n.findtext(q("SerialNumber", NOTIFICATION)) or "" for n in self.answer.iter(NOTIFICATIONS))
        return [xs_long(text) for text in texts if text.strip().isdigit()]

    def unique_ids(self) -> set[str]:
        """UniqueIds of the follow-ups behind the notifications in a notificationQuery answer."""
        if self.answer is None:
            return set()
        return {(e.text or "").strip() for e in self.answer.iter(q("UniqueId"))}


def body_of(data: bytes) -> etree._Element | None:
    """The payload of a SOAP 1.1 envelope (or a bare body), None when it cannot be read."""
    try:
        root = xml.parse(data)
    except (xml.UnsafeXml, ValueError):
        return None
    if root.tag != f"{{{soap.SOAP11}}}Envelope":
        return root
    body = root.find(f"{{{soap.SOAP11}}}Body")
    children = [c for c in (body if body is not None else []) if isinstance(c.tag, str)]
    return children[0] if len(children) == 1 else None


def message(
    identifier: int, at: str, body: bytes, status: int, response: bytes, errors: Sequence[str]
) -> Message:
    answer = body_of(response)
    fault = ""
    if status != 200 or answer is None or answer.tag not in (RESPONSE, QUERY_RESPONSE):
        fault = (answer.findtext("faultstring") or "").strip() if answer is not None else ""
        answer = None
    try:
        moment: datetime | None = datetime.fromisoformat(at)
    except ValueError:
        moment = None
    return Message(identifier, moment, body_of(body), answer, fault, tuple(dict.fromkeys(errors)))


@dataclass(frozen=True)
class Held:
    """What the simulator holds at judging time (read through its control API)."""

    waiting: frozenset[int]  # serials of the seeded notifications for the system's CVR
    notification_of: dict[str, int] = field(default_factory=dict)  # UniqueId -> notification serial
    time_limit_of: dict[str, float] = field(default_factory=dict)  # UniqueId -> TimeLimit (epoch)


def setting(plan: Plan, *path: str) -> Any:
    """plan.data at `path`, or PlanError naming the missing field."""
    value: Any = plan.data
    for key in path:
        if not isinstance(value, dict) or key not in value:
            raise PlanError(f"{plan.source or 'BRS plan'}: [data] lacks {'.'.join(path)}")
        value = value[key]
    return value


def verdict(
    task: Task, state: TaskState, why: str, shown: Sequence[Message] = (), ids: Sequence[str] = ()
) -> TaskVerdict:
    """A verdict about the task's requirements, or when done wrongly about the IDs it broke."""
    requirements = tuple(ids) if state == "done wrongly" and ids else task.requirements
    return TaskVerdict(task.id, state, requirements, why, tuple(m.id for m in shown))


def _refused(task: Task, attempts: Sequence[Message], what: str) -> TaskVerdict | None:
    """Done wrongly when an attempt broke a consumer rule, or BRS refused every attempt."""
    wrong = list(dict.fromkeys(r for m in attempts for r in m.errors))
    if wrong:
        return verdict(
            task, "done wrongly", f"{what} broke {', '.join(wrong)} (see the findings)", attempts, wrong
        )
    if all(m.answer is None for m in attempts):
        reason = next((m.fault for m in attempts if m.fault), "no answer")
        return verdict(task, "done wrongly", f"BRS refused {what}: {reason}", attempts)
    return None


def asks_for(messages: Sequence[Message], patient: str) -> list[Message]:
    return [m for m in messages if m.kind == "ask" and m.text("PatientCpr") == patient]


def _asked(task: Task, messages: Sequence[Message], patient: str) -> tuple[list[Message], TaskVerdict | None]:
    """The requests about `patient`, and the verdict when there is none or BRS refused them."""
    attempts = asks_for(messages, patient)
    if not attempts:
        why = f"no treatmentRelation request for patient {patient} was received"
        return [], verdict(task, "not done", why)
    return attempts, _refused(task, attempts, f"the treatmentRelation request for patient {patient}")


def ask(plan: Plan, task: Task, messages: Sequence[Message], held: Held) -> TaskVerdict:
    patient = setting(plan, "ask", "patient")
    attempts, unanswered = _asked(task, messages, patient)
    if unanswered is not None:
        return unanswered
    good = [m for m in attempts if m.answer is not None]
    return verdict(task, "done", f"asked for patient {patient}; BRS answered", good)


def ask_followup(plan: Plan, task: Task, messages: Sequence[Message], held: Held) -> TaskVerdict:
    patient = setting(plan, "followup", "patient")
    attempts, unanswered = _asked(task, messages, patient)
    if unanswered is not None:
        return unanswered
    ordered = [m for m in attempts if m.answered("FollowupOrdered") in ("true", "1")]
    if ordered:
        return verdict(task, "done", "a follow-up was ordered (FollowupOrdered true)", ordered)
    if all(m.request is not None and m.request.find(q("FollowupRelations")) is None for m in attempts):
        return verdict(task, "not done", f"asked for patient {patient} without FollowupRelations", attempts)
    return verdict(task, "not done", "FollowupRelations named none of the categories BRS found", attempts)


def poll_all(plan: Plan, task: Task, messages: Sequence[Message], held: Held) -> TaskVerdict:
    queries = [m for m in messages if m.kind == "query"]
    if not queries:
        return verdict(task, "not done", "no notificationQuery was received")
    refused = _refused(task, queries, "the notificationQuery")
    if refused:
        return refused
    seen = {serial for m in queries for serial in m.serials()}
    missing = sorted(held.waiting - seen)
    if missing:
        starts = ", ".join(m.text("SerialNumber", NOTIFICATION) for m in queries)
        why = (
            f"{len(missing)} of the {len(held.waiting)} waiting notifications never reached the system "
            f"(serial {missing[0]} on); its queries started at SerialNumber {starts}: an answer holds at "
            "most 100, so go on from the last serial number seen"
        )
        return verdict(task, "done wrongly", why, queries, ["NOTIF-QUERY"])
    return verdict(task, "done", f"all {len(held.waiting)} waiting notifications were read", queries)


def followup_notified(plan: Plan, task: Task, messages: Sequence[Message], held: Held) -> TaskVerdict:
    orders = [m for m in messages if m.kind == "ask" and m.answered("FollowupOrdered") in ("true", "1")]
    if not orders:
        return verdict(task, "not done", "no follow-up was ordered, so none could be notified")
    unique = {m.answered("UniqueReferenceId"): m for m in orders}
    later = [m for m in messages if m.kind == "query" and m.id > min(o.id for o in orders)]
    found = [m for m in later if m.unique_ids() & set(unique)]
    if found:
        return verdict(task, "done", "the follow-up's notification reached the system", [*orders, *found])
    after = [
        m
        for m in later
        for u in unique
        if u in held.time_limit_of and m.at is not None and m.at.timestamp() >= held.time_limit_of[u]
    ]
    if not after:
        why = "no notificationQuery after the follow-up's TimeLimit had passed by the simulator's clock"
        return verdict(task, "not done", why, orders)
    refused = _refused(task, after, "the notificationQuery")
    if refused:
        return refused
    serials = ", ".join(str(held.notification_of[u]) for u in unique if u in held.notification_of)
    why = f"the follow-up's notification (serial {serials or '?'}) was waiting, but no query reached it"
    return verdict(task, "done wrongly", why, [*orders, *after], ["NOTIF-QUERY"])


Judge = Callable[[Plan, Task, Sequence[Message], Held], TaskVerdict]
#: Each task of konform/brs/plan.toml by its id.
TASKS: dict[str, Judge] = {
    "brs-ask": ask,
    "brs-ask-followup": ask_followup,
    "brs-poll-all": poll_all,
    "brs-followup-notified": followup_notified,
}


def attempted(plan: Plan, messages: Sequence[Message]) -> set[str]:
    """The tasks a message so far shows as attempted (for the live display)."""
    seen = set()
    if asks_for(messages, setting(plan, "ask", "patient")):
        seen.add("brs-ask")
    if asks_for(messages, setting(plan, "followup", "patient")):
        seen.add("brs-ask-followup")
    queries = [m for m in messages if m.kind == "query"]
    if queries:
        seen.add("brs-poll-all")
    orders = [m.id for m in messages if m.answered("FollowupOrdered") in ("true", "1")]
    if orders and any(m.id > min(orders) for m in queries):
        seen.add("brs-followup-notified")
    return seen

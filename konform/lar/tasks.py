"""The LAR plan's tasks (konform/lar/plan.toml), judged on the messages a vendor's system sent.

Each received request is read once into a `Message` (operation, patient, allergy, flags,
LAR's statusCode or DGWS fault code, and the requirement IDs of its error findings); each
task then looks at the messages about its patient or allergy, in the order they arrived.
A task is done when LAR accepted what the task asks for; done wrongly when the system tried
(its messages broke rules, or LAR refused them); not done when nothing about it arrived.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from konform import soap, xml
from konform.consumer.plan import Plan, Task
from konform.consumer.session import Received
from konform.consumer.verdicts import TaskState, TaskVerdict
from konform.dgws import namespaces as ns
from konform.lar import model, schema

FAULT = "fault"


@dataclass(frozen=True)
class Message:
    """What one received request asked and what LAR answered."""

    id: int
    operation: str = ""  # RegisterPatientAllergy, UpdatePatientAllergy, GetPatientAllergyList
    patient: str | None = None
    identifier: str | None = None
    version: int | None = None
    values: Mapping[str, str] = field(default_factory=dict)
    history: bool = False
    override: bool = False
    status: str = ""  # the ReplyStatus statusCode, "fault" for a SOAP fault, "" when unreadable
    detail: str = ""  # statusText or the fault's code and string
    errors: tuple[str, ...] = ()  # requirement IDs of the error findings on the request


def read(received: Received, errors: Iterable[str] = ()) -> Message:
    """The message's request and LAR's answer, as far as they can be read."""
    found: dict[str, Any] = {"id": received.id, "errors": tuple(sorted(set(errors)))}
    found.update(_answer(received.response))
    try:
        envelope = soap.parse(received.body)
    except soap.Fault:
        return Message(**found)
    payload = envelope.payload
    operation = model.OPERATIONS.get(payload.tag) if payload is not None else None
    if operation is None or payload is None:
        return Message(**found)
    found["operation"] = operation.name
    if operation is model.GET:
        criteria = payload.find(model.CRITERIA)
        if criteria is not None:
            view = model.criteria_view(criteria)
            coding = view.coding("patient")
            found["patient"] = coding.code if coding else None
            found["history"] = view.text("includeHistory") in ("true", "1")
            found["override"] = view.text("consentOverride") in ("true", "1")
    else:
        element = payload.find(model.ALLERGY)
        if element is not None:
            allergy = model.Allergy(element)
            found.update(
                patient=allergy.patient,
                identifier=allergy.identifier,
                version=allergy.version,
                values=allergy.values(),
            )
    return Message(**found)


def _answer(response: bytes) -> dict[str, str]:
    try:
        root = xml.parse(response)
    except xml.UnsafeXml:
        return {}
    code = root.findtext(f".//{model.s('statusCode')}")
    if code is not None:
        return {
            "status": code.strip(),
            "detail": (root.findtext(f".//{model.s('statusText')}") or "").strip(),
        }
    fault = root.find(f".//{{{soap.SOAP11}}}Fault")
    if fault is None:
        return {}
    dgws = (fault.findtext(f".//{ns.q(ns.MEDCOM, 'FaultCode')}") or "").strip()
    text = (fault.findtext("faultstring") or "").strip()
    return {"status": FAULT, "detail": f"{dgws}: {text}" if dgws else text}


def summary(message: Message) -> str:
    """One line for a why: the message number, its operation, and what LAR answered."""
    answer = f"{message.status} ({message.detail})" if message.detail else message.status or "no reply"
    return f"#{message.id} {message.operation or 'request'} → {answer}"


# -- the judges ----------------------------------------------------------------------------------
Judge = Callable[[Task, Mapping[str, Any], list[Message]], TaskVerdict]


def _verdict(
    task: Task, state: TaskState, why: str, shown: Iterable[Message], ids: Iterable[str] = ()
) -> TaskVerdict:
    requirements = tuple(sorted(set(ids))) or task.requirements
    if state == "done":
        requirements = task.requirements
    return TaskVerdict(task.id, state, requirements, why, tuple(m.id for m in shown))


def _failed(task: Task, related: list[Message], fallback: Iterable[str], why: str) -> TaskVerdict:
    """No message did the task: done wrongly if the system tried (the IDs it broke), else not done."""
    if not related:
        return _verdict(task, "not done", why or "no message about this task arrived", [])
    broken = {rule for message in related for rule in message.errors}
    detail = "; ".join(summary(message) for message in related[-3:])
    return _verdict(task, "done wrongly", f"{why}: {detail}" if why else detail, related, broken or fallback)


def _coding(value: Any) -> str:
    return value.get("code", "") if isinstance(value, Mapping) else str(value or "")


def register(task: Task, data: Mapping[str, Any], messages: list[Message]) -> TaskVerdict:
    wanted = data.get("register", {})
    patient, substance = _coding(wanted.get("patient")), _coding(wanted.get("substance"))
    related = [m for m in messages if m.operation == model.REGISTER.name and m.patient == patient]
    for message in related:
        if message.status == model.SUCCESS and message.values.get("substance", "").endswith(f"|{substance}"):
            return _verdict(
                task, "done", f"{summary(message)}: the allergy to {substance} is registered", [message]
            )
    return _failed(
        task, related, task.requirements, f"no registration of {substance} for {patient} that LAR accepted"
    )


def _changed(message: Message, change: Mapping[str, Any]) -> bool:
    return all(message.values.get(name) == str(value) for name, value in change.items())


def _versions(data: Mapping[str, Any], messages: list[Message]) -> dict[int, int]:
    """Message id → the newest version of its allergy when it arrived (seeded versions, then each Success)."""
    newest = {str(a.get("identifier")): len(a.get("versions") or [{}]) for a in data.get("seeded", [])}
    at: dict[int, int] = {}
    for message in messages:
        if message.operation == model.UPDATE.name and message.identifier in newest:
            at[message.id] = newest[message.identifier]
            if message.status == model.SUCCESS:
                newest[message.identifier] += 1
    return at


def _update_messages(
    wanted: Mapping[str, Any], messages: list[Message]
) -> tuple[list[Message], list[Message]]:
    """Updates of the task's allergy, and every message about its patient (reads included)."""
    identifier, patient = wanted.get("identifier"), wanted.get("patient")
    updates = [m for m in messages if m.operation == model.UPDATE.name and m.identifier == identifier]
    related = [
        m for m in messages if m in updates or (m.operation == model.GET.name and m.patient == patient)
    ]
    return updates, related


def update_newest(task: Task, data: Mapping[str, Any], messages: list[Message]) -> TaskVerdict:
    wanted = data.get("update_newest", {})
    change = wanted.get("change", {})
    updates, related = _update_messages(wanted, messages)
    newest = _versions(data, messages)
    for message in updates:
        if message.status == model.SUCCESS and _changed(message, change):
            why = f"{summary(message)}: updated from the newest version {message.version}"
            return _verdict(task, "done", why, [message])
    stale = [m for m in updates if m.version != newest.get(m.id)]
    fallback = (schema.VERSION,) if stale else task.requirements
    why = f"no update of {wanted.get('identifier')} with {dict(change)} that LAR accepted"
    if stale:
        why += f" (versionId {stale[-1].version} sent while the newest was {newest[stale[-1].id]})"
    return _failed(task, related if updates else [m for m in related if m.errors], fallback, why)


def stale_version(task: Task, data: Mapping[str, Any], messages: list[Message]) -> TaskVerdict:
    wanted = data.get("stale_version", {})
    change = wanted.get("change", {})
    updates, related = _update_messages(wanted, messages)
    newest = _versions(data, messages)
    refused = next(
        (m for m in updates if m.version != newest.get(m.id) and m.status == model.NOT_VALID_DATA), None
    )
    if refused is None:
        if any(m.status == model.SUCCESS for m in updates):
            why = (
                f"{wanted.get('identifier')} was updated from its newest version straight away; the task "
                f"asks for the update from the held version {wanted.get('held_version')}, so that LAR's "
                "NotValidData and the system's reaction show"
            )
            return _verdict(task, "not done", why, updates)
        return _failed(task, [m for m in related if m.errors], task.requirements, "")
    later = [m for m in related if m.id > refused.id]
    for message in later:
        if (
            message.operation == model.UPDATE.name
            and message.status == model.SUCCESS
            and _changed(message, change)
        ):
            reads = [m for m in later if m.operation == model.GET.name and m.id < message.id]
            why = f"{summary(refused)}; then {len(reads)} read(s) and {summary(message)}"
            why += f" from version {message.version}"
            return _verdict(task, "done", why, [refused, *reads, message])
    why = (
        f"LAR answered {summary(refused)}; the system did not send the update again with the newest versionId"
    )
    return _verdict(task, "done wrongly", why, [refused, *later], {r for m in later for r in m.errors})


def _get(wanted_key: str, *, history: bool | None = None, override: bool | None = None) -> Judge:
    def judge(task: Task, data: Mapping[str, Any], messages: list[Message]) -> TaskVerdict:
        patient = data.get(wanted_key, {}).get("patient")
        related = [m for m in messages if m.operation == model.GET.name and m.patient == patient]
        fits = [
            m
            for m in related
            if (history is None or m.history == history) and (override is None or m.override == override)
        ]
        for message in fits:
            if message.status == model.SUCCESS and not message.errors:
                return _verdict(task, "done", summary(message), [message])
        asked = []
        if history is not None:
            asked.append(f"includeHistory {str(history).lower()}")
        if override is not None:
            asked.append(f"consentOverride {str(override).lower()}")
        why = f"no read of {patient} with {' and '.join(asked)} that LAR answered with Success"
        if not fits and related and not any(m.errors for m in related):
            return _verdict(
                task,
                "not done",
                f"{why}; the reads that arrived: " + "; ".join(map(summary, related)),
                related,
            )
        return _failed(task, fits or related, task.requirements, why)

    return judge


JUDGES: dict[str, Judge] = {
    "lar-register": register,
    "lar-update-newest": update_newest,
    "lar-stale-version": stale_version,
    "lar-get-current": _get("get_current", history=False),
    "lar-get-history": _get("get_history", history=True),
    "lar-vaerdispring": _get("vaerdispring", override=True),
}


def verdicts(plan: Plan, messages: list[Message]) -> list[TaskVerdict]:
    """Every task of the plan judged on the messages (a task konform cannot judge is not done, saying so)."""
    found = []
    for task in plan.tasks:
        judge = JUDGES.get(task.id)
        if judge is None:
            found.append(_verdict(task, "not done", f"konform has no judge for LAR task {task.id!r}", []))
        else:
            found.append(judge(task, plan.data, messages))
    return found


def related_tasks(plan: Plan, messages: list[Message]) -> set[str]:
    """Task ids some message already shows as attempted or done (for the live display)."""
    return {v.task for v in verdicts(plan, messages) if v.state != "not done" or v.messages}

"""The SYSVAK consumer plan's tasks judged from what a vendor's system sent (Dok 31 §3.6.3–§6).

Each task is judged on the messages themselves, in the order they arrived: what they asked
SYSVAK to do (read with ``konform.sysvak.readers``) and whether SYSVAK's rules found errors
in them (``Sent.errors``, from the same engine as `konform validate sysvak`). A message
SYSVAK refused on HTTP without a rule to name is not held against a requirement: the task
is then not done, and the why says what came back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from konform.consumer.plan import Task
from konform.consumer.verdicts import TaskState, TaskVerdict
from konform.sysvak import model
from konform.sysvak.model import SLETTET

IDENTITY, ORDER = "SYSVAK-4.2-IDENTITY", "SYSVAK-3.6.3-ORDER"


@dataclass(frozen=True)
class Sent:
    """One received message as the tasks see it."""

    id: int
    requests: tuple[model.Request, ...]  # every SYSVAK message in it (one, unless it is a batch)
    errors: tuple[str, ...]  # requirement IDs of the error findings on it
    status: int  # the HTTP status SYSVAK answered with
    answer: model.Response | None  # SYSVAK's answer, when one came back
    refusal: str = ""  # SYSVAK's reason, when it refused the message on HTTP

    @property
    def taken(self) -> bool:
        """SYSVAK took the message in (it answered, or will answer later)."""
        return self.status < 400

    @property
    def clean(self) -> bool:
        return not self.errors and self.taken


@dataclass(frozen=True)
class Step:
    """One hendelse a message sent: who, what, and whether it deletes."""

    sent: Sent
    vaksinand: model.Vaksinand
    hendelse: model.Hendelse

    @property
    def person(self) -> str | None:
        return None if self.vaksinand.ident is None else self.vaksinand.ident.id

    @property
    def deletes(self) -> bool:
        return self.hendelse.aksjon == SLETTET

    def is_event(self, event: dict[str, Any], when: str | None = None) -> bool:
        """The plan's Vaksinasjon `event` (on `when`, or its own date)."""
        return (
            self.hendelse.kind == "Vaksinasjon"
            and self.hendelse.vaksinekode == event["vaksinekode"]
            and self.hendelse.konsultasjonsdato == date.fromisoformat(when or event["konsultasjonsdato"])
        )


def steps(messages: Iterable[Sent]) -> list[Step]:
    """Every hendelse sent, in arrival order."""
    return [
        Step(sent, request.vaksinand, request.hendelse)
        for sent in messages
        for request in sent.requests
        if isinstance(request, model.HendelseRequest)
    ]


def verdict(
    task: Task, state: TaskState, why: str, shown: Iterable[Sent], requirements: Iterable[str] = ()
) -> TaskVerdict:
    ids = tuple(sorted(set(requirements))) or task.requirements
    return TaskVerdict(task.id, state, ids, why, tuple(sorted({s.id for s in shown})))


def fallback(task: Task, attempts: list[Sent], missing: str) -> TaskVerdict:
    """Not done cleanly: done wrongly when the rules found errors in an attempt, else not done."""
    wrong = [s for s in attempts if s.errors]
    if wrong:
        ids = {e for s in wrong for e in s.errors}
        return verdict(
            task, "done wrongly", f"the messages that attempt it break {', '.join(sorted(ids))}", wrong, ids
        )
    refused = [s for s in attempts if not s.taken]
    why = missing + "".join(
        f"; SYSVAK refused message #{s.id} (HTTP {s.status}: {s.refusal})" for s in refused
    )
    return verdict(task, "not done", why, attempts)


def first(found: Iterable[Step], after: int = -1) -> Step | None:
    return next((s for s in found if s.sent.clean and s.sent.id > after), None)


def register(task: Task, data: dict[str, Any], sent: list[Sent]) -> TaskVerdict:
    event = data["register"]
    attempts = [s for s in steps(sent) if s.is_event(event) and not s.deletes]
    done = first(s for s in attempts if s.person == event["vaksinand"])
    if done is not None:
        return verdict(task, "done", f"message #{done.sent.id} registered it", [done.sent])
    return fallback(task, [s.sent for s in attempts], f"no clean HendelseRequest registered {_what(event)}")


def resend(task: Task, data: dict[str, Any], sent: list[Sent]) -> TaskVerdict:
    """§4.2: the same identity again is the same hendelse; any other identity is a second one."""
    event = data["register"]
    mine = [
        s
        for s in steps(sent)
        if s.person == event["vaksinand"] and s.hendelse.vaksinekode == event["vaksinekode"]
    ]
    deleted = {s.hendelse.identity for s in mine if s.deletes and s.sent.clean}
    same = [s for s in mine if s.is_event(event) and not s.deletes and s.sent.clean]
    other = [
        s for s in mine if not s.is_event(event) and not s.deletes and s.hendelse.identity not in deleted
    ]
    if other:
        why = (
            f"message #{other[0].sent.id} sent {event['vaksinekode']} for {event['vaksinand']} on "
            f"{other[0].hendelse.konsultasjonsdato} instead of {event['konsultasjonsdato']}: "
            "another identity is another hendelse, so SYSVAK now holds two (§4.2)"
        )
        return verdict(task, "done wrongly", why, [s.sent for s in other], [IDENTITY])
    if len(same) >= 2:
        return verdict(
            task,
            "done",
            f"messages #{same[0].sent.id} and #{same[1].sent.id} sent it",
            [s.sent for s in same],
        )
    return fallback(
        task, [s.sent for s in mine], f"{_what(event)} was sent {len(same)} time(s) cleanly, not twice"
    )


def correct(task: Task, data: dict[str, Any], sent: list[Sent]) -> TaskVerdict:
    """§4.2: "først sendes en slettemelding, og deretter en nyregistrering"."""
    event, later = data["correct"], data["correct"]["korrigert_konsultasjonsdato"]
    mine = [
        s
        for s in steps(sent)
        if s.person == event["vaksinand"] and (s.is_event(event) or s.is_event(event, later))
    ]
    registered = first(s for s in mine if s.is_event(event) and not s.deletes)
    renewed = first(s for s in mine if s.is_event(event, later) and not s.deletes)
    deleted = first(
        (s for s in mine if s.is_event(event) and s.deletes), registered.sent.id if registered else -1
    )
    if registered and renewed and deleted and deleted.sent.id < renewed.sent.id:
        shown = [registered.sent, deleted.sent, renewed.sent]
        return verdict(
            task, "done", f"messages #{registered.sent.id}, #{deleted.sent.id}, #{renewed.sent.id}", shown
        )
    attempts = [s.sent for s in mine]
    if any(s.errors for s in attempts) or registered is None or renewed is None:
        return fallback(
            task, attempts, f"{_what(event)}, its deletion and the one on {later} were not all sent cleanly"
        )
    why = (
        f"message #{renewed.sent.id} registered the hendelse on {later} without deleting the one on "
        f"{event['konsultasjonsdato']} first: Konsultasjonsdato is part of the identity, so SYSVAK "
        "takes it as a new hendelse beside the old one (§4.2: first a deletion, then a new registration)"
    )
    return verdict(task, "done wrongly", why, [registered.sent, renewed.sent], [IDENTITY])


def delete(task: Task, data: dict[str, Any], sent: list[Sent]) -> TaskVerdict:
    """§4.2 deletion; §3.6.3: "registreringsmeldingen sendes først, og deretter slettemeldingen"."""
    event = data["delete"]
    mine = [s for s in steps(sent) if s.person == event["vaksinand"] and s.is_event(event)]
    registered = first(s for s in mine if not s.deletes)
    deleted = first((s for s in mine if s.deletes), registered.sent.id if registered else -1)
    if registered is not None and deleted is not None:
        shown = [registered.sent, deleted.sent]
        return verdict(task, "done", f"message #{registered.sent.id}, then #{deleted.sent.id}", shown)
    early = first(s for s in mine if s.deletes)
    attempts = [s.sent for s in mine]
    if any(s.errors for s in attempts) or registered is None or early is None:
        return fallback(task, attempts, f"no clean registration followed by a deletion of {_what(event)}")
    why = (
        f"the deletion (message #{early.sent.id}) came before the registration (#{registered.sent.id}): "
        "SYSVAK processes in order of arrival, so the hendelse ends up registered, not deleted (§3.6.3)"
    )
    return verdict(task, "done wrongly", why, [early.sent, registered.sent], [ORDER])


def uten_ident(task: Task, data: dict[str, Any], sent: list[Sent]) -> TaskVerdict:
    """§4.1 only encourages as much as possible about a vaksinand without fødselsnummer, and §3.7.1
    supports an H-nummer for other code lists than 8327: VaksinandUtenIdent with her birth date and
    her H-nummer as the identity are both done (an H-nummer as 8327 breaks SYSVAK-3.7.1-HNR)."""
    child = data["uten_ident"]
    attempts = [s for s in steps(sent) if s.is_event(child) and not s.deletes]
    born = date.fromisoformat(child["fodselsdato"])
    done = first(s for s in attempts if s.vaksinand.uten_ident and s.vaksinand.uten_ident.fodselsdato == born)
    if done is not None:
        return verdict(
            task, "done", f"message #{done.sent.id} registered it with VaksinandUtenIdent", [done.sent]
        )
    hnummer = child["hnummer"]
    by_hnummer = first(s for s in attempts if s.person == hnummer and s.sent.clean)
    if by_hnummer is not None:
        why = f"message #{by_hnummer.sent.id} registered it under her H-nummer (§3.7.1: not as 8327)"
        return verdict(task, "done", why, [by_hnummer.sent])
    wanted = f"VaksinandUtenIdent born {born} or with her H-nummer {hnummer}"
    return fallback(task, [s.sent for s in attempts], f"no clean HendelseRequest with {wanted}")


def search(task: Task, data: dict[str, Any], sent: list[Sent]) -> TaskVerdict:
    wanted = data["search"]["vaksinand"]
    attempts = [s for s in sent if any(isinstance(r, model.SokRequest) for r in s.requests)]
    for s in (s for s in attempts if s.clean):
        answer = s.answer
        hits = [t.person.ident.id for t in answer.treff] if isinstance(answer, model.SokResponse) else []
        asked = [r.kriterier.person_ident for r in s.requests if isinstance(r, model.SokRequest)]
        if hits == [wanted] or (answer is None and any(a is not None and a.id == wanted for a in asked)):
            return verdict(task, "done", f"message #{s.id} singled out {wanted}", [s])
    return fallback(task, attempts, f"no clean SokRequest singled out {wanted}")


def kodeverk(task: Task, data: dict[str, Any], sent: list[Sent]) -> TaskVerdict:
    wanted = data["kodeverk"]["id"]
    attempts = [s for s in sent if any(isinstance(r, model.KodeverkRequest) for r in s.requests)]
    for s in (s for s in attempts if s.clean):
        if any(isinstance(r, model.KodeverkRequest) and r.kodeverk_id == wanted for r in s.requests):
            return verdict(task, "done", f"message #{s.id} asked for {wanted}", [s])
    return fallback(task, attempts, f"no clean KodeverkRequest asked for {wanted!r}")


def _what(event: dict[str, Any]) -> str:
    who = event.get("vaksinand", "the vaksinand")
    return f"{event['vaksinekode']} for {who} on {event['konsultasjonsdato']}"


Judge = Callable[[Task, dict[str, Any], list[Sent]], TaskVerdict]

#: The plan's task ids and how each is judged.
JUDGES: dict[str, Judge] = {
    "sysvak-register": register,
    "sysvak-resend": resend,
    "sysvak-correct": correct,
    "sysvak-delete": delete,
    "sysvak-uten-ident": uten_ident,
    "sysvak-search": search,
    "sysvak-kodeverk": kodeverk,
}

"""Arranging notifikationer and reading them: follow-ups, paging, the notification for a follow-up.

Notifications are arranged end to end: follow-ups ordered through treatmentRelation
(FollowupRelations All, only a relation of category C known – not acceptable, so a
follow-up is ordered on the guide's words alone), then the simulator's clock is moved past
their TimeLimit. A notification "for the follow-up" is the one whose UniqueId is the answer's
UniqueReferenceId and whose QueryableCvr is the asking CVR.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from konform.brs import schema
from konform.brs.client import Answer
from konform.brs.model import Notification, brs_time
from konform.checks import require
from steps.brs_world import BrsScenario, Sent

#: At most this many queries when paging (a misbehaving service must not loop the suite forever).
MAX_PAGES = 50


@dataclass
class Pages:
    """The answers of one walk through the notifications, page by page."""

    answers: list[Answer]

    @property
    def pages(self) -> list[list[Notification]]:
        """The pages of the answers that are notification lists (check `answered` first)."""
        return [a.notifications() for a in self.answers if listing(a)]

    @property
    def notifications(self) -> list[Notification]:
        return [n for page in self.pages for n in page]


def order(brs: BrsScenario, hours: float, *, for_cvr: str | None = None, external: str | None = None) -> Sent:
    """A follow-up ordered by the caller (C known, FollowupRelations All), or a failed precondition."""
    brs.unacceptable_relation()
    request = brs.request(
        time_limit=brs_time(brs.now() + timedelta(hours=hours)),
        queryable_cvr=for_cvr or brs.cvr,
        external_reference=external,
    )
    sent = brs.send(request)
    if sent.answer.is_fault or not sent.answer.response().followup_ordered:
        raise RuntimeError(f"precondition failed: no follow-up was ordered: {sent.answer.summary()}")
    return sent


def notifications_for(brs: BrsScenario, counts: list[tuple[str, int]]) -> list[Sent]:
    """Follow-ups that become notifikationer: `counts` of (CVR, how many), interleaved in turn."""
    sent: list[Sent] = []
    remaining = dict(counts)
    while any(remaining.values()):
        for cvr, _ in counts:
            if remaining[cvr]:
                with brs.calling_as(cvr=cvr):
                    sent.append(order(brs, 1 / 60))
                remaining[cvr] -= 1
    brs.advance(timedelta(minutes=2))
    return sent


def page_through(brs: BrsScenario, serial: int = 0) -> Pages:
    """Ask from `serial`, then from one past the highest serial number seen, until a short page."""
    answers = []
    for _ in range(MAX_PAGES):
        answer = brs.query(serial)
        answers.append(answer)
        if answer.is_fault or answer.payload is None:
            break
        page = answer.notifications()
        if not page or len(page) < 100:
            break
        serial = max(n.serial for n in page) + 1
    return Pages(answers)


def listing(answer: Answer) -> bool:
    """True if `answer` is a notification list: HTTP 200 with a NotificationQueryResponseBody."""
    return (
        answer.status == 200
        and not answer.is_fault
        and answer.payload is not None
        and answer.payload.tag == schema.QUERY_RESPONSE
    )


def answered(requirement: str, answers: Iterable[Answer]) -> None:
    """Every notificationQuery was answered with a list: no check of a list may pass on a fault."""
    failed = [a.summary() for a in answers if not listing(a)]
    require(
        requirement,
        not failed,
        expected="HTTP 200 with a NotificationQueryResponseBody for every query",
        received=failed,
    )


def for_followup(answer: Answer, sent: Sent, cvr: str) -> list[Notification]:
    unique = sent.answer.response().unique_reference
    return [n for n in answer.notifications() if n.unique_id == unique and n.queryable_cvr == cvr]


def instant(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def order_problems(pages: list[list[Notification]]) -> tuple[list[str], list[str]]:
    """(duplicates across pages and pages in no sorted order – the guide's words; pages sorted
    but not ascending – konform's reading, rules.ASCENDING_READING)."""
    problems, descending = [], []
    serials = [n.serial for page in pages for n in page]
    twice = sorted({s for s in serials if serials.count(s) > 1})
    if twice:
        problems.append(f"serial numbers {twice[:10]} came more than once")
    for number, page in enumerate(pages, 1):
        listed = [n.serial for n in page]
        if listed == sorted(listed):
            continue
        if listed == sorted(listed, reverse=True):
            descending.append(f"page {number} is sorted newest first: {listed[:10]}…")
        else:
            problems.append(f"page {number} is not sorted: {listed[:10]}…")
    return problems, descending


def the_notification(requirement: str, answer: Answer, sent: Sent) -> Notification:
    answered(requirement, [answer])
    found = for_followup(answer, sent, sent.request.queryable_cvr or "")
    require(
        requirement,
        len(found) == 1,
        expected="one notifikation for the follow-up",
        received=found or answer.summary(),
    )
    return found[0]

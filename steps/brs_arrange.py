"""Arranging notifikationer and reading them: follow-ups, paging, the notification for a follow-up.

Notifications are arranged end to end: follow-ups ordered through treatmentRelation
(FollowupRelations All, nothing known), then the simulator's clock is moved past their
TimeLimit. A notification "for the follow-up" is the one whose UniqueId is the answer's
UniqueReferenceId and whose QueryableCvr is the asking CVR.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

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
        return [a.notifications() for a in self.answers if not a.is_fault and a.payload is not None]

    @property
    def notifications(self) -> list[Notification]:
        return [n for page in self.pages for n in page]


def order(brs: BrsScenario, hours: float, *, for_cvr: str | None = None, external: str | None = None) -> Sent:
    """A follow-up ordered by the caller (nothing known, FollowupRelations All), or a failed precondition."""
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


def for_followup(answer: Answer, sent: Sent, cvr: str) -> list[Notification]:
    unique = sent.answer.response().unique_reference
    return [n for n in answer.notifications() if n.unique_id == unique and n.queryable_cvr == cvr]


def instant(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def order_problems(pages: list[list[Notification]]) -> list[str]:
    """Duplicates across pages and pages not in ascending serial number order."""
    problems = []
    serials = [n.serial for page in pages for n in page]
    twice = sorted({s for s in serials if serials.count(s) > 1})
    if twice:
        problems.append(f"serial numbers {twice[:10]} came more than once")
    for number, page in enumerate(pages, 1):
        listed = [n.serial for n in page]
        if listed != sorted(listed):
            problems.append(f"page {number} is not ascending: {listed[:10]}…")
    return problems


def the_notification(requirement: str, answer: Answer, sent: Sent) -> Notification:
    found = for_followup(answer, sent, sent.request.queryable_cvr) if not answer.is_fault else []
    require(
        requirement,
        len(found) == 1,
        expected="one notifikation for the follow-up",
        received=found or answer.summary(),
    )
    return found[0]

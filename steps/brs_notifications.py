"""Steps for the notification service: notifikationer arranged, asked for and paged through (NOTIF-*)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pytest_bdd import given, parsers, then, when

from konform.brs import rules, schema
from konform.brs.client import Answer
from konform.brs.model import TIME_FORMAT
from konform.checks import require
from steps.brs_arrange import (
    Pages,
    answered,
    for_followup,
    notifications_for,
    order,
    order_problems,
    page_through,
)
from steps.brs_world import BrsScenario, Sent, requirement_of

# -- Given ----------------------------------------------------------------------------------------


@given(
    parsers.re(
        r"a follow-up the caller ordered for (?P<whom>itself|another whitelisted CVR) with TimeLimit in"
        r" (?P<hours>\d+) hours(?P<own> and its own ExternalReferenceId)?"
    ),
    target_fixture="brs_followup",
)
def ordered(brs: BrsScenario, whom: str, hours: str, own: str | None) -> Sent:
    external = brs.reference() if own else None
    return order(brs, int(hours), for_cvr=brs.other_cvr if whom != "itself" else None, external=external)


@given(parsers.re(r"(?P<count>\d+) notifikationer for the caller"), target_fixture="brs_arranged")
def caller_notifications(brs: BrsScenario, count: str) -> list[Sent]:
    return notifications_for(brs, [(brs.cvr, int(count))])


@given(parsers.re(r"(?P<count>\d+) notifikationer for another CVR"), target_fixture="brs_arranged")
def other_notifications(brs: BrsScenario, count: str) -> list[Sent]:
    return notifications_for(brs, [(brs.other_cvr, int(count))])


@given(
    parsers.re(
        r"(?P<mine>\d+) notifikationer for the caller and (?P<theirs>\d+) for another CVR, interleaved"
    ),
    target_fixture="brs_arranged",
)
def interleaved(brs: BrsScenario, mine: str, theirs: str) -> list[Sent]:
    return notifications_for(brs, [(brs.cvr, int(mine)), (brs.other_cvr, int(theirs))])


# -- When -----------------------------------------------------------------------------------------


@when(
    parsers.re(
        r"the caller asks for notifications from serial number (?P<serial>\d+)"
        r"(?P<case>| at gos/service/notification| with an ID card of level 2"
        r"| from a CVR that is not whitelisted)"
    ),
    target_fixture="brs_answer",
)
def ask(brs: BrsScenario, serial: str, case: str) -> Answer:
    changes = {
        " with an ID card of level 2": {"level": 2},
        " from a CVR that is not whitelisted": {"cvr": brs.unlisted_cvr},
    }
    with brs.calling_as(**changes.get(case, {})):
        return brs.query(int(serial), via="gos" if "gos" in case else "notification")


@when("the caller asks for notifications from serial number 0 at both addresses", target_fixture="brs_both")
def ask_both(brs: BrsScenario) -> tuple[Answer, Answer]:
    return brs.query(0), brs.query(0, via="gos")


@when("the other CVR asks for notifications from serial number 0", target_fixture="brs_answer")
def other_asks(brs: BrsScenario) -> Answer:
    with brs.calling_as(cvr=brs.other_cvr):
        return brs.query(0)


@when("the caller pages through the notifications from serial number 0", target_fixture="brs_pages")
def pages(brs: BrsScenario) -> Pages:
    return page_through(brs)


@when(
    parsers.re(
        r"the caller asks for notifications from the serial number (?P<which>of the second|after the last)"
    ),
    target_fixture="brs_answer",
)
def ask_from(brs: BrsScenario, brs_arranged: list[Sent], which: str) -> Answer:
    """The serial numbers are the simulator's (its control API): the one exchange judged is the query."""
    if brs.control is None:
        pytest.skip("knowing the serial numbers in advance needs a simulator's control API")
    serials = sorted(n["serial"] for n in brs.control.notifications(brs.cvr))
    if len(serials) != len(brs_arranged):
        raise RuntimeError(f"precondition failed: {len(serials)} notifications, not {len(brs_arranged)}")
    return brs.query(serials[1] if which == "of the second" else serials[-1] + 1)


@when(parsers.re(r"the clock moves (?P<hours>\d+) hours on"))
def clock_moves(brs: BrsScenario, hours: str) -> None:
    brs.advance(timedelta(hours=int(hours)))


# -- Then -----------------------------------------------------------------------------------------


@then("the notification service answers with a NotificationQueryResponseBody")
def answers_query(request: pytest.FixtureRequest, brs_answer: Answer) -> None:
    problems = schema.violations(brs_answer.payload) if brs_answer.payload is not None else ["no body"]
    require(
        requirement_of(request),
        brs_answer.status == 200
        and brs_answer.payload is not None
        and brs_answer.payload.tag == schema.QUERY_RESPONSE
        and not problems,
        expected="HTTP 200 with a NotificationQueryResponseBody valid by schemas/brs",
        received=f"{brs_answer.summary()} {problems}",
    )


@then("both addresses list the same notifications")
def same_at_both(request: pytest.FixtureRequest, brs_both: tuple[Answer, Answer]) -> None:
    requirement = requirement_of(request)
    answered(requirement, brs_both)
    listed = [[n.serial for n in a.notifications()] for a in brs_both]
    require(
        requirement,
        listed[0] == listed[1] and bool(listed[0]),
        expected="the same notifications (the arranged ones) at both addresses",
        received=listed,
    )


@then(parsers.re(r"there is (?P<no>no |a )notifikation for the follow-up"))
def followup_notified(
    request: pytest.FixtureRequest, brs: BrsScenario, brs_answer: Answer, brs_followup: Sent, no: str
) -> None:
    requirement = requirement_of(request)
    answered(requirement, [brs_answer])
    found = for_followup(brs_answer, brs_followup, brs_followup.request.queryable_cvr or "")
    expected = 0 if no == "no " else 1
    unique = brs_followup.answer.response().unique_reference
    require(
        requirement,
        len(found) == expected,
        expected=f"{expected} notification(s) with UniqueId {unique}",
        received=found,
    )


@then(parsers.re(r"the caller got (?P<count>\d+) pages of at most 100 notifications"))
def page_count(request: pytest.FixtureRequest, brs_pages: Pages, count: str) -> None:
    requirement = requirement_of(request)
    answered(requirement, brs_pages.answers)
    sizes = [len(page) for page in brs_pages.pages if page]
    require(
        requirement,
        len(sizes) == int(count) and max(sizes, default=0) <= 100,
        expected=f"{count} pages of at most 100",
        received=f"pages of {sizes}",
    )


@then("every page has at most 100 notifications")
def pages_bounded(request: pytest.FixtureRequest, brs_pages: Pages) -> None:
    requirement = requirement_of(request)
    answered(requirement, brs_pages.answers)
    sizes = [len(page) for page in brs_pages.pages]
    require(requirement, all(s <= 100 for s in sizes), expected="at most 100 a page", received=sizes)


@then("every notification of the caller came exactly once, in ascending serial number order")
def each_once_in_order(
    request: pytest.FixtureRequest, brs: BrsScenario, brs_pages: Pages, brs_arranged: list[Sent]
) -> None:
    requirement = requirement_of(request)
    answered(requirement, brs_pages.answers)
    expected = {s.answer.response().unique_reference for s in brs_arranged if s.caller.cvr == brs.cvr}
    mine = [[n for n in page if n.queryable_cvr == brs.cvr] for page in brs_pages.pages]
    seen = [n.unique_id for page in mine for n in page]
    problems, descending = order_problems(mine)
    if not expected or sorted(seen) != sorted(expected):
        problems.append(
            f"{len(set(expected) - set(seen))} of the caller's {len(expected)} missing, {len(seen)} seen"
        )
    expected_text = "each of the caller's notifications once, sorted"
    require(requirement, not problems, expected=expected_text, received=problems)
    require(
        requirement,
        not descending,
        expected="ascending serial numbers",
        received=descending,
        reading=rules.ASCENDING_READING,
    )


@then("no notification came twice and each page is in ascending serial number order")
def no_duplicates(request: pytest.FixtureRequest, brs_pages: Pages) -> None:
    requirement = requirement_of(request)
    answered(requirement, brs_pages.answers)
    problems, descending = order_problems(brs_pages.pages)
    require(requirement, not problems, expected="no duplicates, sorted pages", received=problems)
    require(
        requirement,
        not descending,
        expected="ascending serial numbers",
        received=descending,
        reading=rules.ASCENDING_READING,
    )


@then("the answer holds the notifications from the second on")
def from_the_second(
    request: pytest.FixtureRequest, brs: BrsScenario, brs_answer: Answer, brs_arranged: list[Sent]
) -> None:
    requirement = requirement_of(request)
    answered(requirement, [brs_answer])
    expected = {s.answer.response().unique_reference for s in brs_arranged[1:]}
    listed = {n.unique_id for n in brs_answer.notifications() if n.queryable_cvr == brs.cvr}
    require(
        requirement,
        bool(expected) and listed == expected,
        expected=f"the second and later: {sorted(expected)}",
        received=sorted(listed),
    )


@then("the answer holds no notifications")
def holds_none(request: pytest.FixtureRequest, brs_answer: Answer) -> None:
    requirement = requirement_of(request)
    answered(requirement, [brs_answer])
    listed = [(n.serial, n.queryable_cvr) for n in brs_answer.notifications()]
    require(requirement, listed == [], expected="no notifications", received=listed)


@then("every notification has the caller's CVR as QueryableCvr")
def only_own(request: pytest.FixtureRequest, brs: BrsScenario, brs_pages: Pages) -> None:
    requirement = requirement_of(request)
    answered(requirement, brs_pages.answers)
    foreign = [(n.serial, n.queryable_cvr) for n in brs_pages.notifications if n.queryable_cvr != brs.cvr]
    require(requirement, not foreign, expected=f"QueryableCvr {brs.cvr} only", received=foreign)


@then("every timestamp in the notifications has the format YYYY-MM-DDTHH:MM:SS+HH:MM")
def timestamps_formatted(request: pytest.FixtureRequest, brs_answer: Answer) -> None:
    requirement = requirement_of(request)
    answered(requirement, [brs_answer])
    found = brs_answer.notifications()
    bad = [t for n in found for t in n.times if not TIME_FORMAT.fullmatch(t)]
    require(
        requirement,
        bool(found) and not bad,
        expected="the arranged notification, every time it writes +HH:MM",
        received=bad or brs_answer.summary(),
    )

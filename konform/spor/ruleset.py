"""The rule registry and what SPOR's rules share while a message streams past (§6–§7)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from konform.checks import Finding, Severity
from konform.identifiers import se_hsaid
from konform.spor import iso8601, readings
from konform.spor.index import Index, Seen
from konform.spor.model import Registration
from konform.spor.schema import DATES, HSA, Violation
from konform.spor.side import SideInputs


@dataclass
class Context:
    """What the rules share while one message streams past."""

    side: SideInputs
    #: the day Skatteverket's rules are judged on (a birth date may not lie after it): --at, else today
    today: date = field(default_factory=date.today)
    previous: Index = field(default_factory=Index)
    seen: Index = field(default_factory=Index)
    violations: list[Violation] = field(default_factory=list)
    bad: frozenset[str] = frozenset()
    current: Seen | None = None
    #: this behandlingsnummer earlier in the export, and in the previous export (--previous)
    earlier: Seen | None = None
    before: Seen | None = None
    request_line: int = 0
    export_time: str | None = None
    is_export: bool = False


Check = Callable[..., Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """A check under its catalogue ID, and when the judge needs to call it.

    `per` is "registration" or "file"; `on` says which registrations can break it ("any",
    "violations": only those with schema violations, "repeat": only a behandlingsnummer
    seen before); `needs` names a side input without which the rule cannot fire.
    """

    requirement: str
    check: Check
    per: str = "registration"
    on: str = "any"
    needs: str | None = None


RULES: list[Rule] = []


def rule(
    requirement: str, *, per: str = "registration", on: str = "any", needs: str | None = None
) -> Callable[[Check], Check]:
    """Register a check under `requirement` (see Rule for `per`, `on` and `needs`)."""

    def register(check: Check) -> Check:
        RULES.append(Rule(requirement, check, per, on, needs))
        return check

    return register


def finding(
    line: int,
    requirement: str,
    message: str,
    element: str | None,
    severity: Severity = "error",
    reading: str = "",
) -> Finding:
    """A Finding (CONTRACTS.md: the line of the element it is about, 0 for the whole file).

    `reading` is konform's reading the finding rests on (``konform.spor.readings``), "" when
    the guide's words say it.
    """
    return Finding(line, requirement, severity, message, element, reading)


def label(registration: Registration) -> str:
    """How a message names a registration: by its behandlingsnummer."""
    number = (registration.behandlingsnummer or "").strip()
    return f"behandlingsnummer {number}" if number else "a registration without behandlingsnummer"


def from_violations(violations: Iterable[Violation], requirement: str) -> Iterator[Finding]:
    """The schema violations reported under `requirement`, one finding each."""
    for violation in violations:
        if violation.requirement == requirement:
            message, element = f"{violation.element}: {violation.message}", violation.element
            yield finding(violation.line, requirement, message, element, "error", _reading(violation))


def _reading(violation: Violation) -> str:
    """The reading a schema violation rests on: "" unless only konform's reading of §7.1 refuses it."""
    value = violation.value or ""
    if violation.requirement == DATES and value and iso8601.is_date_or_time(value):
        return readings.DATE_FORM  # ISO 8601:2004 allows it; konform's schema wants the examples' form
    too_long = violation.requirement == HSA and "maxLength" in violation.message
    if too_long and sum(c.isdigit() for c in value) <= se_hsaid.MAX_LENGTH:
        return readings.HSA_CHARACTERS  # too long in characters, not in digits ("64 siffror")
    return ""

"""The rule registry and what SPOR's rules share while a message streams past (§6–§7)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from konform.checks import Finding, Severity
from konform.spor.index import Index, Seen
from konform.spor.model import Registration
from konform.spor.schema import Violation
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
    line: int, requirement: str, message: str, element: str | None, severity: Severity = "error"
) -> Finding:
    """A Finding (CONTRACTS.md: the line of the element it is about, 0 for the whole file)."""
    return Finding(line=line, requirement=requirement, severity=severity, message=message, element=element)


def label(registration: Registration) -> str:
    """How a message names a registration: by its behandlingsnummer."""
    number = (registration.behandlingsnummer or "").strip()
    return f"behandlingsnummer {number}" if number else "a registration without behandlingsnummer"


def from_violations(violations: Iterable[Violation], requirement: str) -> Iterator[Finding]:
    """The schema violations reported under `requirement`, one finding each."""
    for violation in violations:
        if violation.requirement == requirement:
            yield finding(
                violation.line, requirement, f"{violation.element}: {violation.message}", violation.element
            )

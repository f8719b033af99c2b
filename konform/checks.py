"""Typed results of a check: a finding in a vendor file, a non-conformance of an endpoint."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    """One judged defect in a vendor's message (consumer conformance)."""

    line: int
    requirement: str
    severity: Severity
    message: str
    element: str | None = None


class NonConformance(AssertionError):
    """The target did not behave as requirement `requirement` says.

    Carries what was received and what was expected, so the failure message in the
    terminal and in the report reads as a claim about the system under test.
    """

    def __init__(self, requirement: str, *, expected: object, received: object, title: str = "") -> None:
        self.requirement = requirement
        self.expected = expected
        self.received = received
        self.title = title or f"{requirement} not met"
        super().__init__(f"{requirement}: {self.title}\n  Expected: {expected}\n  Received: {received}")


def require(
    requirement: str, condition: bool, *, expected: object, received: object, title: str = ""
) -> None:
    """Raise NonConformance for `requirement` unless `condition` holds."""
    if not condition:
        raise NonConformance(requirement, expected=expected, received=received, title=title)

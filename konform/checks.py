"""Typed results of a check: a finding in a vendor file, a non-conformance of an endpoint.

Every check rests either on the document's own words or on konform's reading of them
(an interpretation where the document is silent, says *bör/bør*, or only gives examples).
A check that rests on a reading says so (`reading="…"`): it fails a run only when readings
are strict (`--readings strict`); otherwise it is a warning that names the reading.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import Literal

Severity = Literal["error", "warning"]
ReadingsMode = Literal["lenient", "strict"]
#: The `--readings` choices of every front end (certify, validate, pytest), default first.
READINGS_MODES: tuple[ReadingsMode, ...] = ("lenient", "strict")

#: The words every failure and finding resting on konform's reading starts its basis with.
READING_PREFIX = "konform's reading, not the document's words"


@dataclass(frozen=True)
class Finding:
    """One judged defect in a vendor's message (consumer conformance).

    `reading` is empty when the document's text says it; otherwise konform's reading,
    in one sentence, that the finding rests on.
    """

    line: int
    requirement: str
    severity: Severity
    message: str
    element: str | None = None
    reading: str = ""

    @property
    def basis(self) -> str:
        """"document" or "reading": what the finding rests on."""
        return "reading" if self.reading else "document"


def apply_readings(findings: Iterable[Finding], mode: ReadingsMode) -> list[Finding]:
    """The findings as reported: under lenient readings an error that rests on konform's
    reading becomes a warning, and every reading-based finding names its reading."""
    judged: list[Finding] = []
    for finding in findings:
        if finding.reading:
            severity: Severity = "error" if (mode == "strict" and finding.severity == "error") else "warning"
            note = f" [{READING_PREFIX}: {finding.reading}]"
            message = finding.message if finding.message.endswith(note) else finding.message + note
            finding = replace(finding, severity=severity, message=message)
        judged.append(finding)
    return judged


class NonConformance(AssertionError):
    """The target did not behave as requirement `requirement` says.

    Carries what was received and what was expected, so the failure message in the
    terminal and in the report reads as a claim about the system under test, and whether
    the expectation is the document's text or konform's reading of it.
    """

    def __init__(
        self,
        requirement: str,
        *,
        expected: object,
        received: object,
        title: str = "",
        reading: str = "",
    ) -> None:
        self.requirement = requirement
        self.expected = expected
        self.received = received
        self.title = title or f"{requirement} not met"
        self.reading = reading
        basis = f"{READING_PREFIX}: {reading}" if reading else "the document's text (the requirement's rule)"
        super().__init__(
            f"{requirement}: {self.title}\n  Expected: {expected}\n  Received: {received}\n  Basis: {basis}"
        )

    @property
    def basis(self) -> str:
        """"document" or "reading": what the expectation rests on."""
        return "reading" if self.reading else "document"


@dataclass
class _ReadingsState:
    mode: ReadingsMode
    warnings: list[NonConformance]


_STATE: ContextVar[_ReadingsState | None] = ContextVar("konform_readings", default=None)


@contextmanager
def readings(mode: ReadingsMode) -> Iterator[list[NonConformance]]:
    """Judge the checks inside under `mode`; yields the list that collects reading warnings.

    Outside any `readings(...)` block every check is strict: a library caller or a unit
    test sees every failure.
    """
    state = _ReadingsState(mode, [])
    token = _STATE.set(state)
    try:
        yield state.warnings
    finally:
        _STATE.reset(token)


def require(
    requirement: str,
    condition: bool,
    *,
    expected: object,
    received: object,
    title: str = "",
    reading: str = "",
) -> None:
    """Raise NonConformance for `requirement` unless `condition` holds.

    With `reading` (konform's reading beyond the document's words) and lenient readings,
    the failure is recorded as a warning instead and the scenario goes on.
    """
    if condition:
        return
    failure = NonConformance(requirement, expected=expected, received=received, title=title, reading=reading)
    state = _STATE.get()
    if reading and state is not None and state.mode == "lenient":
        if not any(str(w) == str(failure) for w in state.warnings):
            state.warnings.append(failure)
        return
    raise failure

"""Judging one SPOR message: stream it, run every registered rule, collect findings in file order."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from konform.checks import Finding
from konform.spor import stream
from konform.spor.frame import empty_request_violation, request_violations, stray_violation
from konform.spor.index import Index, Seen, load_previous, same_day_replanning, summarize
from konform.spor.model import Registration
from konform.spor.ruleset import RULES, Check, Context, from_violations
from konform.spor.schema import Violation
from konform.spor.side import SideInputs
from konform.spor.wire import BUILTIN_WIRE, Wire
from konform.validate import FileVerdict, Unusable

Progress = Callable[[int, int], None]
_NEVER = datetime.min.replace(tzinfo=UTC)
_NONE: frozenset[str] = frozenset()


def later(first: Seen, second: Seen) -> bool:
    """True if `second` was planned after `first`."""
    return (second.plan or _NEVER) > (first.plan or _NEVER)


def judge(
    source: Path, side: SideInputs, *, progress: Progress | None = None, wire: Wire = BUILTIN_WIRE
) -> FileVerdict:
    """Judge one file in `wire`'s schema against every SPOR rule, streaming; Unusable if it cannot be."""
    try:
        handle = source.open("rb")
    except OSError as error:
        raise Unusable(f"cannot read: {error.strerror or error}") from None
    with handle:
        total = os.fstat(handle.fileno()).st_size
        report = None if progress is None else (lambda done: progress(done, total))
        return judge_stream(handle, side, name=str(source), progress=report, wire=wire)


def judge_stream(
    source: BinaryIO,
    side: SideInputs,
    *,
    name: str = "-",
    progress: Callable[[int], None] | None = None,
    wire: Wire = BUILTIN_WIRE,
) -> FileVerdict:
    """Judge one message read from a binary stream (a file, a recorded request body)."""
    import konform.spor.rules  # noqa: F401  (registers the rules; imported here to avoid a cycle)

    context = Context(
        side=side,
        today=side.at.date() if side.at else date.today(),
        previous=load_previous(side.previous) if side.previous else Index(),
    )
    active = [r for r in RULES if r.needs is None or getattr(side, r.needs)]
    per_registration = {
        on: [r.check for r in active if r.per == "registration" and r.on == on]
        for on in ("any", "violations", "repeat")
    }
    findings: list[Finding] = []
    frame: list[Violation] = []
    count = 0
    for event in stream.read(source, progress=progress, wire=wire):
        if event.kind == "registration":
            count += 1
            findings.extend(_registration(event.element, context, per_registration, wire))
        elif event.kind == "request":
            context.request_line = event.element.sourceline or 0
            context.is_export = event.element.getparent() is None
            found = request_violations(event.element, wire)
            frame.extend(found)
            if not any(violation.element == "exportTime" for violation in found):
                context.export_time = wire.binding.text(event.element, "exportTime")
        elif event.kind == "stray":
            frame.append(stray_violation(event.element, wire))
        elif event.kind == "end" and count == 0:
            frame.append(empty_request_violation(context.request_line, wire))
    for violation in frame:
        findings.extend(from_violations([violation], violation.requirement))
    for file_rule in (r for r in active if r.per == "file"):
        findings.extend(file_rule.check(context))
    findings.sort(key=lambda finding: finding.line)
    return FileVerdict(file=name, findings=findings)


def _registration(
    element: etree._Element, context: Context, checks: dict[str, list[Check]], wire: Wire
) -> list[Finding]:
    context.violations = violations = wire.violations(element)  # the bound XSD, breaches named by concept
    context.bad = frozenset(violation.element for violation in violations) if violations else _NONE
    registration = Registration(wire.to_canonical(element))  # the rules read konform's canonical form
    context.current = current = summarize(registration, context.bad)
    number = (registration.behandlingsnummer or "").strip()
    context.earlier = context.seen.get(number) if number else None
    context.before = context.previous.get(number) if number and len(context.previous) else None
    found: list[Finding] = []
    for check in checks["any"]:
        found.extend(check(registration, context))
    for check in checks["violations"] if violations else ():
        found.extend(check(registration, context))
    for check in checks["repeat"] if context.earlier or context.before else ():
        found.extend(check(registration, context))
    earlier = context.earlier
    if number and (earlier is None or not same_day_replanning(earlier, current) or later(earlier, current)):
        context.seen.put(number, current)
    return found

"""What a failed scenario leaves in the report: the rule it broke and how to send it again.

Attached to the scenario's Allure result as one JSON document (`FAILURE`), which the report
(konform/report/failures.py) turns into the terminal block, the evidence pack's failure
list and `--format json`: the requirement, expected vs received, whether the expectation is
the document's text or konform's reading, the last exchange as a curl command, the run's
seed and Hypothesis's reproduction lines.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import allure

from konform import runseed
from konform.checks import NonConformance

if TYPE_CHECKING:
    from konform.evidence import Exchange

#: The name of the JSON attachment a failed scenario carries.
FAILURE = "konform failure"
#: How much of the last request a failure keeps (a SOAP request is a few kB).
REQUEST_KEPT = 20_000
#: Hypothesis notes worth keeping: the example and how to replay it.
_REPRODUCTION = ("Falsifying", "reproduce_failure", "reproduce this", "Explanation")


def attach(error: BaseException, exchanges: list[Exchange]) -> None:
    """Attach the facts of `error` to the running scenario's report."""
    text = json.dumps(facts(error, exchanges), ensure_ascii=False, indent=1)
    allure.attach(text, FAILURE, allure.attachment_type.JSON)


def facts(error: BaseException, exchanges: list[Exchange]) -> dict[str, Any]:
    """The failure as data: the first NonConformance it carries (every one it names in
    `named`), or the error's one-line text when it carries none (a harness error)."""
    found = list(nonconformances(error))
    first = found[0] if found else None
    data: dict[str, Any] = {
        "requirement": first.requirement if first else "",
        "named": list(dict.fromkeys(nc.requirement for nc in found)),
        "title": first.title if first else "",
        "expected": str(first.expected) if first else "",
        "received": str(first.received) if first else "",
        "reading": first.reading if first else "",
        "basis": first.basis if first else "",
        "error": "" if first else one_line(error),
        "hypothesis": reproduction(error),
        "seed": runseed.current(),
    }
    if exchanges:
        last = exchanges[-1]
        answer = f"HTTP {last.status}" if last.status is not None else f"no answer ({last.error})"
        data["exchange"] = f"{last.title}: {answer}"
        data["curl"] = last.curl()
        data["request"] = last.request_body[:REQUEST_KEPT].decode("utf-8", "replace")
    return data


def nonconformances(error: BaseException) -> Iterator[NonConformance]:
    """Every NonConformance in `error`, looking inside exception groups."""
    if isinstance(error, NonConformance):
        yield error
    for inner in getattr(error, "exceptions", ()):
        yield from nonconformances(inner)


def one_line(error: BaseException) -> str:
    """`Type: text` on one line (a urllib3 error's nested reprs included), at most 500 characters."""
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text[:500]}" if text else type(error).__name__


def reproduction(error: BaseException) -> list[str]:
    """Hypothesis's "Falsifying example" and `@reproduce_failure` lines, from the error's notes."""
    notes: list[str] = []
    pending = [error]
    while pending:
        current = pending.pop(0)
        notes += [str(note) for note in getattr(current, "__notes__", ())]
        pending += list(getattr(current, "exceptions", ()))
    kept = (note.strip() for note in notes)
    return [
        note
        for note in dict.fromkeys(kept)
        if any(key in note for key in _REPRODUCTION) and note != "Explanation:"
    ]

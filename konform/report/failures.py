"""Each failed scenario as a vendor and an auditor read it: the rule, expected vs received,
what the expectation rests on, and how to send the request again.

The facts come from the scenario's "konform failure" attachment (konform/failure.py);
a result without one (a harness error, results from an older run) falls back to its
Allure message.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from typing import Any

from konform import catalogue
from konform.catalogue import Requirement
from konform.report.results import TestRecord

_MESSAGE = re.compile(
    r"(?:\w+\.)*NonConformance: (?P<id>[A-Za-z0-9.\-]+): (?P<title>[^\n]*)\n\s*Expected: (?P<expected>.*?)"
    r"\n\s*Received: (?P<received>.*?)(?:\n\s*Basis: (?P<basis>[^\n]*))?$",
    re.S,
)
_READING = "konform's reading, not the document's words: "


@dataclass(frozen=True)
class Failure:
    """One failed (or broken) scenario."""

    scenario: str
    feature_file: str
    outcome: str
    requirement: str
    title: str = ""
    expected: str = ""
    received: str = ""
    reading: str = ""
    error: str = ""
    exchange: str = ""
    curl: str = ""
    request: str = ""
    hypothesis: tuple[str, ...] = ()
    seed: int | None = None
    tags: tuple[str, ...] = field(default_factory=tuple)

    @property
    def catalogue_row(self) -> Requirement | None:
        try:
            return catalogue.get(self.requirement)
        except catalogue.UnknownRequirement:
            return None

    @property
    def basis(self) -> str:
        """ "reading" when the check rests on konform's reading, "document" for a check of the
        document's text, "" when nothing was checked (a harness error)."""
        if self.reading:
            return "reading"
        return "document" if self.expected or self.received else ""

    @property
    def basis_text(self) -> str:
        """The check's basis in words, with the catalogue row's where it is not plain text."""
        if self.basis == "reading":
            text = f"konform's reading, not the document's words: {self.reading}"
        elif self.basis == "document":
            text = "the document's text"
        else:
            return "none: the scenario could not be judged"
        row = self.catalogue_row
        if row is not None and row.basis != "document":
            text += f" (catalogue row {catalogue.BASIS_TEXT[row.basis]})"
        return text

    @property
    def check(self) -> str:
        """The check's own title, when it says more than "<ID> not met"."""
        return "" if self.title in ("", f"{self.requirement} not met") else self.title

    def to_json(self) -> dict[str, Any]:
        row = self.catalogue_row
        return {
            "requirement": self.requirement,
            "section": f"{row.document} §{row.section}" if row else "",
            "rule": row.rule if row else "",
            "anchor": row.anchor if row else "",
            "scenario": self.scenario,
            "feature_file": self.feature_file,
            "outcome": self.outcome,
            "title": self.title,
            "expected": self.expected,
            "received": self.received,
            "basis": self.basis,
            "reading": self.reading,
            "row_basis": row.basis if row else "",
            "error": self.error,
            "exchange": self.exchange,
            "curl": self.curl,
            "hypothesis": list(self.hypothesis),
            "seed": self.seed,
        }


def from_record(record: TestRecord) -> Failure:
    """The failure a failed or broken result records."""
    facts = record.failure
    tags = tuple(record.requirements)
    common: dict[str, Any] = {
        "scenario": record.display_name,
        "feature_file": record.feature_file,
        "outcome": record.outcome,
        "tags": tags,
    }
    if facts:
        return Failure(
            requirement=str(facts.get("requirement") or (tags[0] if tags else "")),
            title=str(facts.get("title") or ""),
            expected=str(facts.get("expected") or ""),
            received=str(facts.get("received") or ""),
            reading=str(facts.get("reading") or ""),
            error=str(facts.get("error") or ""),
            exchange=str(facts.get("exchange") or ""),
            curl=str(facts.get("curl") or ""),
            request=str(facts.get("request") or ""),
            hypothesis=tuple(str(line) for line in facts.get("hypothesis") or ()),
            seed=facts.get("seed") if isinstance(facts.get("seed"), int) else None,
            **common,
        )
    found = _MESSAGE.search(record.message)
    if found:
        basis = found["basis"] or ""
        return Failure(
            requirement=found["id"],
            title=found["title"].strip(),
            expected=found["expected"].strip(),
            received=found["received"].strip(),
            reading=basis.removeprefix(_READING) if basis.startswith(_READING) else "",
            **common,
        )
    first = next((line.strip() for line in record.message.splitlines() if line.strip()), record.outcome)
    return Failure(requirement=tags[0] if tags else "", error=first[:500], **common)


def failures(records: list[TestRecord]) -> list[Failure]:
    """Every failed or broken scenario, in run order."""
    return [from_record(r) for r in records if r.outcome in ("failed", "broken", "unknown")]


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def block(failure: Failure, *, rerun: str = "", width: int = 100) -> str:
    """The terminal's block for one failure: no pytest internals, everything a vendor needs."""
    row = failure.catalogue_row
    where = f"{row.document} §{row.section}" if row else "not in the catalogue"
    head = f"✗ {failure.requirement or '(no requirement)'} · {where} · {failure.outcome}"
    pad = " " * 12
    where_from = [failure.feature_file] if failure.feature_file else []
    others = [tag for tag in failure.tags if tag != failure.requirement]
    where_from += [f"also tagged {', '.join(others)}"] if others else []
    lines = [head, f"  Scenario: {failure.scenario}" + (f" ({'; '.join(where_from)})" if where_from else "")]

    def field_(name: str, text: str, limit: int = 400) -> None:
        wrapped = textwrap.wrap(_clip(text, limit), width=width - 12, break_on_hyphens=False) or [""]
        lines.append(f"  {name + ':':<10}{wrapped[0]}")
        lines.extend(pad + more for more in wrapped[1:])

    if row:
        field_("Rule", row.rule, 420)
    if failure.check:
        field_("Check", failure.check)
    if failure.expected or failure.received:
        field_("Expected", failure.expected)
        field_("Received", failure.received)
    if failure.error:
        field_("Error", failure.error, 300)
    field_("Basis", failure.basis_text)
    if failure.exchange:
        field_("Exchange", failure.exchange)
    reproduce = [failure.curl] if failure.curl else []
    reproduce += [line for line in failure.hypothesis if "reproduce_failure" in line]
    if rerun:
        reproduce.append(rerun)
    for index, line in enumerate(reproduce):
        lines.append(("  Reproduce:" if index == 0 else pad[:12]) + " " + line)
    return "\n".join(lines)

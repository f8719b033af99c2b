"""The frame SYSVAK's rules share: one message as they see it, the rule registry, a finding.

The checks themselves are in ``head_rules`` (§3.1, §3.6, §3.7.3) and ``payload_rules``
(§3.5, §3.7.1, §4.2, identifiers); ``rules`` imports both and is the front end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from lxml import etree

from konform.checks import Finding, Severity
from konform.msghead import schema as msghead_schema
from konform.msghead.parse import MsgHeadView, parse
from konform.msghead.schema import SchemaError
from konform.sysvak import binding, codes, schema

Direction = Literal["in", "out"]
Part = Literal["head", "payload"]

HEAD = "SYSVAK-3.6.2-HEAD"
UNIT = "SYSVAK-3.5-UNIT"
FULL = "SYSVAK-4.2-FULL"
SCHEMA = "SCHEMA"


@dataclass
class Message:
    """One MsgHead as the rules see it: bytes, tree, header view, payload and schema errors."""

    raw: bytes
    root: etree._Element
    direction: Direction = "in"
    today: date | None = None
    parent_msg_id: str | None = None
    view: MsgHeadView = field(init=False)
    head_errors: list[SchemaError] = field(init=False)
    payload_errors: list[SchemaError] = field(init=False)

    def __post_init__(self) -> None:
        self.view = parse(self.root)
        self.head_errors = msghead_schema.errors(msghead_schema.subset(), self.root)
        payload = self.payload
        known = payload is not None and etree.QName(payload).namespace == binding.namespace()
        self.payload_errors = schema.violations(payload) if known and payload is not None else []

    @property
    def payload(self) -> etree._Element | None:
        return self.view.payload

    @property
    def type_code(self) -> str | None:
        return self.view.type_v.value

    @property
    def message_type(self) -> codes.MessageType | None:
        table = codes.MESSAGE_TYPES if self.direction == "in" else codes.RESPONSE_TYPES
        return table.get(self.type_code or "")


Check = Callable[[Message], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    requirement: str
    part: Part
    check: Check


RULES: list[Rule] = []


def rule(requirement: str, part: Part) -> Callable[[Check], Check]:
    def register(check: Check) -> Check:
        RULES.append(Rule(requirement, part, check))
        return check

    return register


def finding(
    line: int, requirement: str, message: str, element: str | None = None, severity: Severity = "error"
) -> Finding:
    return Finding(line=line, requirement=requirement, severity=severity, message=message, element=element)


def line_of(element: etree._Element | None) -> int:
    return 0 if element is None else int(element.sourceline or 0)


def findings(message: Message, parts: Iterable[Part] = ("head", "payload")) -> list[Finding]:
    """Every finding of the registered rules for `parts`, sorted by line."""
    wanted = set(parts)
    found = [f for r in RULES if r.part in wanted for f in r.check(message)]
    return sorted(found, key=lambda f: f.line)

"""SYSVAK's message rules (Dok 31 §3–§7), one check per catalogue ID, for both directions.

The same checks judge a vendor's file (`konform validate sysvak`), decide what the
simulator refuses (head errors) or answers with a Valideringsmelding (payload errors),
and judge a target's answers in the feature steps. This module is their front end:
reading a message, judging a file, and the official MsgHead XSD on request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from konform import xml
from konform.checks import Finding
from konform.msghead import NS as MH
from konform.msghead import schema as msghead_schema
from konform.sysvak import head_rules, payload_rules, schema
from konform.sysvak.judging import RULES, Direction, Message, Part, Rule, findings
from konform.validate import FileVerdict, Unusable
from konform.validate.bounded import Limit

#: Importing the rule modules registers their checks in RULES.
RULE_MODULES = (head_rules, payload_rules)

__all__ = [
    "RULES",
    "Direction",
    "Message",
    "Part",
    "Rule",
    "SideInputs",
    "findings",
    "judge",
    "judge_bytes",
    "read_message",
]


@dataclass(frozen=True)
class SideInputs:
    """`--msghead-xsd`: an official MsgHead XSD to check against as well; `--at`: "now"."""

    msghead_xsd: Path | None = None
    at: datetime | None = None


def read_message(
    raw: bytes,
    *,
    direction: Direction = "in",
    today: date | None = None,
    parent_msg_id: str | None = None,
    utf8_only: bool = True,
) -> Message:
    """A message the rules can judge, or Unusable (not UTF-8, not XML, not a MsgHead).

    `utf8_only=False` reads any encoding the XML declaration names, so that an answer in
    the wrong encoding can still be judged (SYSVAK-3.7.3-UTF8 then reports it).
    """
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        if utf8_only:
            raise Unusable(
                f"not UTF-8 (byte {error.start}); SYSVAK messages are UTF-8 (Dok 31 §3.7.3)"
            ) from None
    try:
        root = xml.parse(raw)
    except xml.UnsafeXml as error:
        raise Unusable(str(error)) from None
    if root.tag != f"{{{MH}}}MsgHead":
        raise Unusable(f"wrong root element {root.tag}: expected a MsgHead v1.2 ({{{MH}}}MsgHead)")
    return Message(raw, root, direction=direction, today=today, parent_msg_id=parent_msg_id)


def judge(
    source: Path, side: SideInputs, *, progress: Callable[[int, int], None] | None = None
) -> FileVerdict:
    """Judge one MsgHead file a vendor's system sends to SYSVAK, streaming it (bounded memory)."""
    from konform.sysvak import stream

    try:
        message = stream.read(source, today=side.at.date() if side.at else None)
    except Limit as limit:
        return FileVerdict(file=str(source), findings=[stream.limit_finding(limit)])
    return _verdict(message, side, str(source))


def judge_bytes(raw: bytes, side: SideInputs, *, name: str) -> FileVerdict:
    return _verdict(read_message(raw, today=side.at.date() if side.at else None), side, name)


def _verdict(message: Message, side: SideInputs, name: str) -> FileVerdict:
    found = findings(message)
    if side.msghead_xsd is not None:
        found += official_findings(message, side.msghead_xsd, found)
    return FileVerdict(file=name, findings=sorted(found, key=lambda f: f.line))


def official_findings(message: Message, msghead_xsd: Path, reported: list[Finding]) -> list[Finding]:
    """Violations of an official MsgHead XSD (our schema serves its strict Content) not yet reported."""
    combined = msghead_schema.combined(msghead_xsd, (schema.path(),))
    return list(
        head_rules.unreported(msghead_schema.errors(combined, message.root), reported, msghead_xsd.name)
    )

"""SYSVAK's rules on the MsgHead around a message (Dok 31 §3.1, §3.6, §3.7.3)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from konform.checks import Finding
from konform.msghead import MIG_VERSION
from konform.msghead import q as mh
from konform.msghead.parse import MsgHeadView
from konform.msghead.schema import SchemaError
from konform.sysvak import binding, codes
from konform.sysvak.judging import HEAD, Message, finding, line_of, rule

_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


@rule("SYSVAK-3.7.3-UTF8", "head")
def utf8(message: Message) -> Iterator[Finding]:
    """§3.7.3: every message is UTF-8 (an undeclared encoding is UTF-8 by XML's rules)."""
    declared = _DECLARED.match(message.raw)
    if declared and declared.group(1).decode().lower().replace("_", "-") not in ("utf-8", "utf8"):
        yield finding(
            1,
            "SYSVAK-3.7.3-UTF8",
            f"encoding {declared.group(1).decode()!r} declared; SYSVAK messages are UTF-8",
            "xml declaration",
        )


def _required(view: MsgHeadView) -> Iterator[tuple[int, str, str]]:
    """(line, element, problem) for each element §3.6.2 requires that is missing or empty."""
    info = view.root.find(mh("MsgInfo"))
    line = line_of(info) or view.line
    if info is None:
        yield view.line, "MsgInfo", "missing"
        return
    if not view.type_v.value:
        yield view.type_v.line or line, "MsgInfo/Type", "missing or without V"
    if view.mig_version.value != MIG_VERSION:
        found = "missing" if view.mig_version.value is None else f"is {view.mig_version.value!r}"
        yield view.mig_version.line or line, "MsgInfo/MIGversion", f"{found}, expected {MIG_VERSION!r}"
    for name, located in (("GenDate", view.gen_date), ("MsgId", view.msg_id)):
        if not located.value:
            yield located.line or line, f"MsgInfo/{name}", "missing or empty"
    for name, party in (("Sender", view.sender), ("Receiver", view.receiver)):
        if party is None or not any(ident[0] for ident in party.idents):
            yield (party.line if party else line), f"MsgInfo/{name}/Organisation/Ident", "missing"
    if not view.documents:
        yield view.line, "Document", "missing"
    for document in view.documents[:1]:
        if document.msg_type.value != "XML":
            found = "missing" if document.msg_type.value is None else f"V={document.msg_type.value!r}"
            yield (
                document.msg_type.line or document.line,
                "Document/RefDoc/MsgType",
                f'{found}, expected V="XML"',
            )
        if not document.payload:
            yield document.line, "Document/RefDoc/Content", "missing or without the SYSVAK message"


@rule(HEAD, "head")
def head_elements(message: Message) -> Iterator[Finding]:
    """§3.6.2: the elements an incoming MsgHead must fill; the rest of the head as MsgHead v1.2 has it."""
    explicit = [
        finding(line, HEAD, f"MsgHead/{element}: {problem}", element)
        for line, element, problem in _required(message.view)
    ]
    yield from explicit
    yield from unreported(message.head_errors, explicit, "MsgHead")


def unreported(errors: Iterable[SchemaError], reported: Iterable[Finding], source: str) -> Iterator[Finding]:
    """Schema errors no finding covers yet: one defect, one finding (CONTRACTS.md).

    An error is covered when a finding is on its line or names the element it is about
    (a missing element shows up at its parent, or as "Expected is ( …MsgId )" further on).
    """
    lines = {f.line for f in reported}
    names = {f"}}{(f.element or '').split('/')[-1]}" for f in reported if f.element}
    for error in errors:
        if error.line in lines or any(name in error.message for name in names):
            continue
        lines.add(error.line)
        yield finding(error.line, HEAD, f"{source}: {error.message}", error.path)


@rule("SYSVAK-3.6.1-TYPE", "head")
def message_type(message: Message) -> Iterator[Finding]:
    """§3.6.1: MsgInfo/Type V and DN name one of the message types for this direction."""
    v, dn = message.view.type_v, message.view.type_dn
    if not v.value:
        return
    allowed = codes.MESSAGE_TYPES if message.direction == "in" else codes.RESPONSE_TYPES
    if v.value not in allowed:
        way = "to SYSVAK" if message.direction == "in" else "from SYSVAK"
        yield finding(
            v.line,
            "SYSVAK-3.6.1-TYPE",
            f"MsgInfo/Type V={v.value!r} is no message type sent {way} "
            f"(expected one of {', '.join(allowed)})",
            "MsgInfo/Type",
        )
    elif dn.value != v.value:
        yield finding(
            v.line, "SYSVAK-3.6.1-TYPE", f"MsgInfo/Type DN={dn.value!r}, expected {v.value!r}", "MsgInfo/Type"
        )


@rule("SYSVAK-3.1-SINGLE", "head")
def single_message(message: Message) -> Iterator[Finding]:
    """§3.1, §3.6.2: one Document holding one SYSVAK message; no batches."""
    documents = message.view.documents
    if len(documents) > 1:
        yield finding(
            documents[1].line,
            "SYSVAK-3.1-SINGLE",
            f"MsgHead has {len(documents)} Document elements; SYSVAK takes single messages, one Document",
            "Document",
        )
    if documents and len(documents[0].payload) > 1:
        yield finding(
            line_of(documents[0].payload[1]),
            "SYSVAK-3.1-SINGLE",
            f"RefDoc/Content holds {len(documents[0].payload)} elements; SYSVAK takes one message",
            "Document/RefDoc/Content",
        )


@rule("SYSVAK-3.1-TYPES", "head")
def payload_type(message: Message) -> Iterator[Finding]:
    """§3.1: the Content is the message MsgInfo/Type names (a Response answers its Request)."""
    kind, payload = message.message_type, message.payload
    if kind is None or payload is None:
        return
    expected = kind.payload if message.direction == "in" else kind.response_payload
    if payload.tag != binding.tag(expected):
        yield finding(
            line_of(payload),
            "SYSVAK-3.1-TYPES",
            f"RefDoc/Content holds {payload.tag}, but "
            f"MsgInfo/Type {kind.code if message.direction == 'in' else kind.response_code} carries "
            f"{binding.tag(expected)}",
            "Document/RefDoc/Content",
        )


@rule("SYSVAK-3.6.4-CONVREF", "head")
def conversation_ref(message: Message) -> Iterator[Finding]:
    """§3.6.4: no ConversationRef on an incoming message; both references = the request's MsgId out."""
    ref, requirement = message.view.conversation_ref, "SYSVAK-3.6.4-CONVREF"
    if message.direction == "in":
        element = message.root.find(f"{mh('MsgInfo')}/{mh('ConversationRef')}")
        if ref is not None:
            yield finding(
                line_of(element),
                requirement,
                "MsgInfo/ConversationRef on a message to SYSVAK: it starts the dialogue and carries none",
                "MsgInfo/ConversationRef",
            )
        return
    if ref is None:
        yield finding(
            message.view.line,
            requirement,
            "MsgInfo/ConversationRef missing on a SYSVAK answer",
            "MsgInfo/ConversationRef",
        )
        return
    expected = message.parent_msg_id or ref[0].value
    for name, located in zip(("RefToParent", "RefToConversation"), ref, strict=True):
        if located.value != expected:
            yield finding(
                located.line,
                requirement,
                f"ConversationRef/{name} is {located.value!r}, expected the incoming MsgId {expected!r}",
                f"MsgInfo/ConversationRef/{name}",
            )

"""SYSVAK's mottak: take a MsgHead, keep it, process in arrival order, keep its answer (§3.1, §3.2, §3.6.3).

Transport-neutral: the HTTP simulator hands bodies in and answers 200 or 202; an ebXML
adapter would hand in the payload of an ebXML message and send the answer back the
same way. A message stays in the mottak until processing succeeds: while the mottak
is held (SYSVAK polls at intervals, §3.6.3) or an internal subsystem is down (§3.2).
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from konform.checks import Finding
from konform.clock import Clock
from konform.sysvak import rules
from konform.sysvak.behaviour import SysvakBehaviour
from konform.sysvak.folkeregister import SubsystemDown
from konform.sysvak.processing import Processor
from konform.validate import Unusable


class Refused(Exception):
    """A message SYSVAK cannot take at all: unreadable, or a head that breaks §3.1/§3.6/§3.7."""

    def __init__(self, reason: str, findings: list[Finding] | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.findings = findings or []


class UnknownMessage(KeyError):
    """No message with this MsgId reached the mottak."""


@dataclass(frozen=True)
class Accepted:
    """A message in the mottak: its MsgId and, once processed, its answer."""

    msg_id: str
    response: bytes | None


class Mottak:
    """The queue of incoming messages and the loop that processes them."""

    def __init__(
        self,
        db: sqlite3.Connection,
        processor: Processor,
        clock: Clock,
        behaviour: Callable[[], SysvakBehaviour],
    ) -> None:
        self.db, self.processor, self.clock = db, processor, clock
        self._behaviour = behaviour
        self.held = False

    def read(self, body: bytes) -> rules.Message:
        try:
            return rules.read_message(body, today=self.clock.now().date())
        except Unusable as unusable:
            raise Refused(unusable.reason) from None

    def accept(self, body: bytes) -> Accepted:
        """Take one message in; its answer if it could be processed at once (else None: it waits)."""
        message = self.read(body)
        refusals = self._behaviour().refusals(rules.findings(message, ("head",)))
        if refusals or message.message_type is None or message.payload is None:
            reasons = (
                "; ".join(f"{f.requirement}: {f.message}" for f in refusals) or "no SYSVAK message to process"
            )
            raise Refused(reasons, refusals)
        msg_id = message.view.msg_id.value or str(uuid.uuid4())
        seen = self.db.execute("SELECT response FROM sysvak_inbox WHERE msg_id = ?", (msg_id,)).fetchone()
        if seen is not None:  # §3.1: one message, one answer, however often it is sent
            return Accepted(msg_id, None if seen["response"] is None else bytes(seen["response"]))
        self.db.execute(
            "INSERT INTO sysvak_inbox (msg_id, received, body) VALUES (?, ?, ?)",
            (msg_id, self.clock.now().isoformat(), body),
        )
        self.drain()
        return Accepted(msg_id, self.response(msg_id))

    def response(self, msg_id: str) -> bytes | None:
        """The answer to message `msg_id`, None while it waits; UnknownMessage if it never came."""
        row = self.db.execute("SELECT response FROM sysvak_inbox WHERE msg_id = ?", (msg_id,)).fetchone()
        if row is None:
            raise UnknownMessage(msg_id)
        return None if row["response"] is None else bytes(row["response"])

    def pending(self) -> list[dict[str, object]]:
        rows = self.db.execute(
            "SELECT seq, msg_id, received FROM sysvak_inbox WHERE response IS NULL ORDER BY seq"
        ).fetchall()
        return [dict(row) for row in rows]

    def drain(self) -> int:
        """Process waiting messages in the behaviour's order until one fails; how many were answered."""
        if self.held:
            return 0
        behaviour = self._behaviour()
        answered = 0
        for row in behaviour.order(self.pending()):
            body = self.db.execute("SELECT body FROM sysvak_inbox WHERE seq = ?", (row["seq"],)).fetchone()
            message = self.read(bytes(body["body"]))
            try:
                with _Transaction(self.db):
                    self._answer(int(str(row["seq"])), self.processor.process(message))
            except SubsystemDown as down:
                if behaviour.defers():
                    break  # §3.2: kept; no answer until it has been processed
                with _Transaction(self.db):
                    self._answer(int(str(row["seq"])), self.processor.failure(message, str(down)))
            answered += 1
        return answered

    def _answer(self, seq: int, response: bytes) -> None:
        self.db.execute(
            "UPDATE sysvak_inbox SET response = ?, processed = ? WHERE seq = ?",
            (response, self.clock.now().isoformat(), seq),
        )


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT; rolled back when processing fails."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def __enter__(self) -> None:
        self.connection.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, value: object, traceback: object) -> None:
        self.connection.execute("COMMIT" if kind is None else "ROLLBACK")

"""A consumer certification session: start the simulator, hand the system its environment,
run CMD or wait, judge what was received, write the evidence pack, decide the exit code."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class Started:
    """A registry's simulator started for a session, and what the vendor's system needs."""

    #: KONFORM_<R>_URL, _CA, _CLIENT_CERT, _CLIENT_KEY, _IDCARD, _STS_CERT, _STS_KEY, _CONTROL_URL
    #: (as the registry has them; the session adds _PLAN and _PLAN_FILE)
    env: dict[str, str]
    #: for GET <control_url>/_konform/received
    control_url: str
    ca: Path | None
    stop: Callable[[], None]


@dataclass(frozen=True)
class Received:
    """One message the simulator received (a row of its `/_konform/received`)."""

    id: int
    at: str
    path: str
    content_type: str | None
    body: bytes
    status: int
    response: bytes

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Received:
        """From the control API's JSON (bodies there are text)."""

        def raw(value: Any) -> bytes:
            if isinstance(value, bytes):
                return value
            return str(value or "").encode("utf-8")

        return cls(
            id=int(row["id"]),
            at=str(row.get("at") or ""),
            path=str(row.get("path") or ""),
            content_type=row.get("content_type"),
            body=raw(row.get("body")),
            status=int(row.get("status") or 0),
            response=raw(row.get("response")),
        )

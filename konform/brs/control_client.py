"""The BRS simulator's control API as a client (/_konform/…): arrange facts, move the clock, read state."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import requests

from konform.brs.relations import RelationFact

TIMEOUT = 30.0


class ControlError(RuntimeError):
    """The control API could not be reached or refused a request."""


class BrsControl:
    """A running BRS simulator's control API (konform serve brs, or the embedded one)."""

    def __init__(self, control_url: str, ca: Path | None = None) -> None:
        self.base = control_url.rstrip("/")
        self.session = requests.Session()
        self.session.trust_env = False
        self.session.verify = str(ca) if ca else True

    def call(self, method: str, path: str, payload: Any = None) -> Any:
        try:
            response = self.session.request(method, self.base + path, json=payload, timeout=TIMEOUT)
        except requests.RequestException as error:
            raise ControlError(f"control API {self.base}{path} unreachable: {error}") from error
        if response.status_code >= 400:
            raise ControlError(f"control API {method} {path}: HTTP {response.status_code} {response.text}")
        return response.json()

    def close(self) -> None:
        self.session.close()

    def reset(self) -> None:
        self.call("POST", "/_konform/reset")

    def select_profile(self, name: str) -> dict[str, Any]:
        return dict(self.call("PUT", "/_konform/fault", {"profile": name}))

    def now(self) -> datetime:
        return datetime.fromisoformat(self.call("GET", "/_konform/clock")["now"])

    def set_clock(self, moment: datetime) -> datetime:
        return datetime.fromisoformat(self.call("PUT", "/_konform/clock", {"now": moment.isoformat()})["now"])

    def advance(self, seconds: float) -> datetime:
        found = self.call("PUT", "/_konform/clock", {"advance_seconds": seconds})
        return datetime.fromisoformat(found["now"])

    def add_relation(self, fact: RelationFact) -> dict[str, Any]:
        return dict(
            self.call(
                "POST",
                "/_konform/brs/relations",
                {
                    "patient": fact.patient,
                    "professional": fact.professional,
                    "organisation": {"kind": fact.organisation.kind, "value": fact.organisation.value},
                    "category": fact.category,
                    "start": fact.start.isoformat(),
                    "end": fact.end.isoformat(),
                },
            )
        )

    def whitelist(self, *cvrs: str) -> list[str]:
        if cvrs:
            return list(self.call("POST", "/_konform/brs/whitelist", {"cvrs": list(cvrs)})["whitelist"])
        return list(self.call("GET", "/_konform/brs/whitelist")["whitelist"])

    def certificate_change(self, old_cvr: str, new_cvr: str) -> dict[str, Any]:
        payload = {"old_cvr": old_cvr, "new_cvr": new_cvr}
        return dict(self.call("POST", "/_konform/brs/certificate-change", payload))

    def followups(self) -> list[dict[str, Any]]:
        return list(self.call("GET", "/_konform/brs/followups")["followups"])

    def notifications(self, cvr: str | None = None) -> list[dict[str, Any]]:
        query = f"?cvr={cvr}" if cvr else ""
        return list(self.call("GET", f"/_konform/brs/notifications{query}")["notifications"])

    def received(self, since: int = 0) -> list[dict[str, Any]]:
        return list(self.call("GET", f"/_konform/received?since={since}"))

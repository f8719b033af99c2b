"""The BRS simulator's control API as a client (/_konform/…): arrange facts, move the clock, read state."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from konform.brs.relations import RelationFact
from konform.control import Control


class BrsControl(Control):
    """A running BRS simulator's control API (konform serve brs, or the embedded one)."""

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

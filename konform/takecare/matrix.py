"""The document's access matrix ("Integrationsmöjligheter – access") and the stages of onboarding."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Access:
    """What one integration channel offers: freshness, write, read, reachable from the internet."""

    realtime: str  # "realtime" | "near-realtime" | "none"
    write: bool
    read: bool
    internet: bool
    note: str


#: Typ / Realtid / Skriva / Läsa / Internet, as the document's table gives them.
ACCESS: dict[str, Access] = {
    "JUNO": Access("realtime", True, True, False, "JA / JA / JA / NEJ"),
    "4Now": Access(
        "near-realtime",
        False,
        True,
        False,
        "NÄSTAN (5–10 min, cache of inpatients and patients active in the last 12 days) / NEJ / JA / NEJ",
    ),
    "RTP": Access("realtime", True, True, True, "JA / JA / JA / JA"),
    "XChange": Access("realtime", True, True, False, "JA / JA / JA / NEJ"),
    "Intelligence": Access("none", False, True, False, "NEJ (two days' delay) / NEJ / JA / NEJ"),
}

FRESHNESS = {"none": 0, "near-realtime": 1, "realtime": 2}

#: Onboarding stages in order, with the evidence each one produces (Anslutningsprocessen).
STAGES: list[tuple[str, str, tuple[str, ...]]] = [
    ("object-management", "Beslut i objektledning", ("object_management_decision",)),
    ("security-review", "Säkerhetsrevision", ("security_questionnaire", "sad")),
    ("verification", "Verifieringsmiljön", ("qa_application", "qa_system_account", "qa_test_report")),
    ("pua", "Instruktion från PUA", ("decision_meeting", "signed_access_instruction")),
    ("production", "Driftsättning", ("production_application", "production_system_account", "monitoring")),
]

"""The requirement catalogue: every testable rule of the source documents, as data."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

#: Allure epic (and report heading) for each requirement-ID prefix.
EPICS = {
    "SPOR": "SPOR",
    "LAR": "LAR",
    "SYSVAK": "SYSVAK",
    "BRS": "BRS",
    "NOTIF": "BRS",
    "TC": "Takecare",
}


@dataclass(frozen=True)
class Requirement:
    """One catalogue row: a rule with its stable ID and where it comes from."""

    id: str
    registry: str
    document: str
    section: str
    rule: str
    flags: frozenset[str]
    not_tested_reason: str

    @property
    def anchor(self) -> str:
        """The HTML anchor of this requirement's row in the coverage page."""
        return "req-" + self.id.replace(".", "-")

    @property
    def basis(self) -> str:
        """What the row rests on, from its flags: "document" (the text as written),
        "interp" (konform's interpretation where the text leaves room), "erratum" (the
        text corrected where it contradicts itself) or "konform" (konform's own addition)."""
        for flag in ("konform", "interp", "erratum"):
            if flag in self.flags:
                return flag
        return "document"


#: How reports word a row's basis.
BASIS_TEXT = {
    "document": "the document's text",
    "interp": "interp. – parts of the rule are konform's interpretation where the document leaves room",
    "erratum": "erratum – the document's text, corrected where it contradicts itself",
    "konform": "konform – parts of the rule are konform's own, beyond the document",
}


class UnknownRequirement(KeyError):
    """A requirement ID that the catalogue does not know."""


@cache
def load() -> dict[str, Requirement]:
    """Read the catalogue shipped with konform, keyed by ID, in catalogue order."""
    text = resources.files("konform").joinpath("requirements.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(text.splitlines())
    catalogue: dict[str, Requirement] = {}
    for row in rows:
        flags = frozenset(f for f in row["flags"].split(";") if f)
        catalogue[row["id"]] = Requirement(
            id=row["id"],
            registry=row["registry"],
            document=row["document"],
            section=row["section"],
            rule=row["rule"],
            flags=flags,
            not_tested_reason=row["not_tested_reason"],
        )
    return catalogue


def get(requirement_id: str) -> Requirement:
    """The requirement with this ID, or UnknownRequirement naming it."""
    try:
        return load()[requirement_id]
    except KeyError:
        raise UnknownRequirement(requirement_id) from None


def epic(requirement_id: str) -> str:
    """The registry (Allure epic) a requirement ID belongs to."""
    return EPICS.get(requirement_id.split("-", 1)[0], "konform")


#: The interface version each registry's features test, shown in every report.
INTERFACE_VERSIONS = {
    "SPOR": "RegistrationService 4.1 (/spor/ws/4_1/)",
    "LAR": "medicationallergyservice 2018/11/21, DGWS 1.0.1",
    "SYSVAK": "Dok 31 v1.0 in KITH MsgHead v1.2 2006-05-24",
    "BRS": "fmki20110601 brs + notification, DGWS 1.0.1",
    "Takecare": "Anslutningsprocessen (Region Stockholm)",
}

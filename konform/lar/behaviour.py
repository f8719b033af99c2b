"""LAR's decisions as overridable methods; fault profiles (konform/lar/faults.py) each break one.

The correct behaviour follows the LAR service guide and konform's readings of it (the
catalogue's LAR-* rows, konform/lar/readings.py). The meta-test
tests/lar/test_lar_fault_profiles.py holds every profile to exactly the requirement IDs it
breaks (`breaks`: failed in any run) and the readings it departs from (`readings`: warned
in a lenient run, failed in a strict one); konform/lar/independent.py is a LAR written
otherwise that the guide allows, which must pass.
"""

from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from lxml import etree

from konform import soap
from konform.checks import Finding
from konform.dgws import VerifiedCard, Verifier
from konform.faults import Behaviour
from konform.lar import model, rules
from konform.lar.model import Operation
from konform.lar.state import Consent, Version


@dataclass(frozen=True)
class Outcome:
    """A ReplyStatus and the allergies that go with it (§4.1.2, §4.2.2)."""

    status: str
    text: str
    allergies: tuple[etree._Element, ...] = ()


@dataclass(frozen=True)
class ConsentDecision:
    """What consent lets a Get return: its status, the identifiers withheld, what a værdispring overrode."""

    status: str
    withheld: frozenset[str] = frozenset()
    overridden: str | None = None


class LarBehaviour(Behaviour):
    """LAR as its service guide and the catalogue describe it."""

    #: Requirement IDs whose konform readings (not the guide's words) this behaviour departs from.
    readings: ClassVar[frozenset[str]] = frozenset()

    def min_level(self, operation: Operation) -> int:
        """§4.1, §4.2: level 3 for register and update, 4 for get."""
        return operation.min_level

    def verify(self, verifier: Verifier, envelope: soap.Envelope, min_level: int) -> VerifiedCard:
        """§3: every call carries a valid DGWS header (konform/dgws/verify.py checks it, in DGWS order)."""
        return verifier.verify(envelope, min_level=min_level)

    def problems(self, payload: etree._Element, operation: Operation) -> list[Finding]:
        """§4.1.1, §4.2.1, §4.3: the errors of a request body (schema and rules), each naming its field."""
        return [finding for finding in rules.problems(payload, operation) if finding.severity == "error"]

    def not_valid(self, problems: list[Finding]) -> Outcome:
        """LAR-4.1.2-REPLY: every breach, schema ones included, is HTTP 200 NotValidData naming the field."""
        return Outcome(model.NOT_VALID_DATA, "Ugyldige data: " + "; ".join(f.message for f in problems))

    def success(self, stored: etree._Element) -> Outcome:
        """§4.1.2: Success, and the allergy as stored (the guide's example replies list none)."""
        return Outcome(model.SUCCESS, model.SUCCESS_TEXT, (stored,))

    def header_name(self, name: bytes) -> bytes:
        """How a reply spells an HTTP header field's name (any case is the same field, RFC 9110)."""
        return name

    def identifier(self, given: str | None) -> str:
        """§4.1.1: without an identifier LAR generates one (a UUID)."""
        return given or str(uuid.uuid4())

    def duplicate_problem(self, identifier: str, exists: bool) -> str | None:
        """LAR-4.1.1-IDENT (interp.): registering an identifier that already exists is NotValidData."""
        return f"identifier {identifier} findes allerede; use UpdatePatientAllergy" if exists else None

    def stored(
        self, sent: etree._Element, *, identifier: str, version: int, last_updated: datetime
    ) -> etree._Element:
        """§4.1.1: LAR overwrites verificationStatus, type, category, lastUpdated; it keeps versionId."""
        allergy = copy.deepcopy(sent)
        values = {**model.OVERWRITTEN, "identifier": identifier, "versionId": str(version)}
        values["lastUpdated"] = last_updated.isoformat(timespec="milliseconds")
        for name, value in values.items():
            model.put(allergy, name, value)
        return allergy

    def version_problem(self, sent: int | None, newest: int) -> str | None:
        """§4.1.1: an update carries the newest versionId (optimistic concurrency)."""
        if sent == newest:
            return None
        return f"versionId {sent} is not the newest version {newest}; fetch the allergy again and retry"

    def inactive_problem(self, stored_status: str) -> str | None:
        """§4.1.1: "en allergi med status inactive kan ikke opdateres"."""
        return (
            "an allergy whose clinicalStatus is inactive cannot be updated"
            if stored_status == "inactive"
            else None
        )

    def patient_problem(self, sent: str | None, stored: str) -> str | None:
        """§4.1.1: the patient may not be updated; it must equal the stored patient."""
        return (
            None if sent == stored else f"patient {sent} differs from the allergy's patient; it cannot change"
        )

    def listed(self, versions: list[Version], include_history: bool) -> list[Version]:
        """§4.2.1: without history the active allergies' newest versions; with history every version."""
        if include_history:
            return versions
        newest = {version.identifier: version for version in versions}
        return [version for version in newest.values() if version.status == "active"]

    def consent(self, consent: Consent | None, override: bool) -> ConsentDecision:
        """LAR-4.2.2-CONSENT (interp.): negative consent → NegativeConsent; data-specific → withheld part."""
        if consent is None or not (consent.negative or consent.withheld):
            return ConsentDecision(model.SUCCESS)
        kind = "negative" if consent.negative else "data-specific"
        if override:
            return ConsentDecision(model.SUCCESS, overridden=kind)  # værdispring
        if consent.negative:
            return ConsentDecision(model.NEGATIVE_CONSENT)
        return ConsentDecision(model.DATA_SPECIFIC_CONSENT, withheld=consent.withheld)

    def logs_access(self, decision: ConsentDecision) -> bool:
        """LAR-4.2.2-CONSENT: every access to the data is written to MinLog, a værdispring included."""
        return True

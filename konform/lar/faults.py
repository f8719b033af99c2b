"""LAR fault profiles: each overrides one decision of LarBehaviour and names the IDs the suite must fail on.

Switch one on with `konform serve lar --fault NAME` or `PUT /_konform/fault {"profile": NAME}`;
tests/lar/test_lar_fault_profiles.py runs the LAR features against each and requires that
exactly `breaks` fail, and `readings` (a profile that departs only from konform's reading of
the guide) are warned in a lenient run and fail in a strict one; the correct simulator and
the independently written LAR (konform/lar/independent.py, registered here) fail nothing.
"""

from __future__ import annotations

import copy
from dataclasses import fields
from datetime import datetime, timedelta

from lxml import etree

from konform import soap
from konform.checks import Finding
from konform.dgws import DgwsFault, IdCard, VerifiedCard, Verifier, header, idcard
from konform.dgws import namespaces as ns
from konform.dgws import verify as dgws
from konform.lar import model, schema
from konform.lar.behaviour import ConsentDecision, LarBehaviour, Outcome
from konform.lar.independent import Independent  # noqa: F401  (registered beside the fault profiles)
from konform.lar.model import GET, Operation, a
from konform.lar.state import Consent, Version


class AcceptsStaleVersion(LarBehaviour):
    name = "accepts-stale-version"
    deviation = "updates an allergy whose versionId is not the newest (lost update)"
    breaks = frozenset({schema.VERSION})

    def version_problem(self, sent: int | None, newest: int) -> str | None:
        return None if sent is not None else super().version_problem(sent, newest)


class UpdatesInactive(LarBehaviour):
    name = "updates-inactive"
    deviation = "updates an allergy whose clinicalStatus is inactive"
    breaks = frozenset({schema.STATUS})

    def inactive_problem(self, stored_status: str) -> str | None:
        return None


class LetsPatientChange(LarBehaviour):
    name = "lets-patient-change"
    deviation = "stores an update that names another patient"
    breaks = frozenset({schema.PATIENT})

    def patient_problem(self, sent: str | None, stored: str) -> str | None:
        return None


class KeepsVerificationStatus(LarBehaviour):
    name = "keeps-verification-status"
    deviation = "keeps the verificationStatus the client sent instead of writing confirmed"
    breaks = frozenset({schema.OVERWRITE})

    def stored(
        self, sent: etree._Element, *, identifier: str, version: int, last_updated: datetime
    ) -> etree._Element:
        allergy = super().stored(sent, identifier=identifier, version=version, last_updated=last_updated)
        given, kept = sent.find(a("verificationStatus")), allergy.find(a("verificationStatus"))
        if given is not None and kept is not None:
            kept.set("value", given.get("value", ""))
        return allergy


class InactiveWithoutHistory(LarBehaviour):
    name = "inactive-without-history"
    deviation = "returns inactive and resolved allergies when includeHistory is false"
    breaks = frozenset({schema.HISTORY})

    def listed(self, versions: list[Version], include_history: bool) -> list[Version]:
        if include_history:
            return versions
        return list({version.identifier: version for version in versions}.values())


class DropsOldVersions(LarBehaviour):
    name = "drops-old-versions"
    deviation = "returns only the newest version of each allergy when includeHistory is true"
    breaks = frozenset({schema.HISTORY})

    def listed(self, versions: list[Version], include_history: bool) -> list[Version]:
        if not include_history:
            return super().listed(versions, include_history)
        return list({version.identifier: version for version in versions}.values())


class GetAtLevel3(LarBehaviour):
    name = "get-at-level-3"
    deviation = "answers GetPatientAllergyList for an ID card of level 3 (it needs 4)"
    breaks = frozenset({"LAR-4.2-LEVEL", schema.DGWS})  # the DGWS matrix's security_level_failed row too

    def min_level(self, operation: Operation) -> int:
        return 3 if operation is GET else operation.min_level


class RegisterAtLevel2(LarBehaviour):
    name = "register-at-level-2"
    deviation = "registers and updates for an ID card of level 2 (they need 3)"
    breaks = frozenset({"LAR-4.1-LEVEL"})

    def min_level(self, operation: Operation) -> int:
        return operation.min_level if operation is GET else 2


class AcceptsExpiredCard(LarBehaviour):
    name = "accepts-expired-card"
    deviation = "accepts an ID card outside its NotBefore/NotOnOrAfter"
    breaks = frozenset({schema.DGWS})

    def verify(self, verifier: Verifier, envelope: soap.Envelope, min_level: int) -> VerifiedCard:
        lenient = copy.copy(verifier)
        lenient.leeway = timedelta(days=36500)
        return super().verify(lenient, envelope, min_level)


class AcceptsUnsignedAssertion(LarBehaviour):
    name = "accepts-unsigned-assertion"
    deviation = "accepts an ID card that carries no ds:Signature at all"
    breaks = frozenset({schema.DGWS})

    def verify(self, verifier: Verifier, envelope: soap.Envelope, min_level: int) -> VerifiedCard:
        assertions = envelope.root.findall(f".//{ns.ASSERTION}")
        medcom = envelope.root.find(f".//{ns.MEDCOM_HEADER}")
        if len(assertions) == 1 and assertions[0].find(ns.SIGNATURE) is None and medcom is not None:
            card = idcard.parse(assertions[0])
            values = {field.name: getattr(card, field.name) for field in fields(IdCard)}
            return VerifiedCard(**values, message_id=header.parse_medcom(medcom).message_id)
        return super().verify(verifier, envelope, min_level)


class AcceptsReplay(LarBehaviour):
    name = "accepts-replay"
    deviation = "accepts a MessageID already used within the ID card's lifetime"
    breaks = frozenset()
    readings = frozenset({schema.DGWS})

    def verify(self, verifier: Verifier, envelope: soap.Envelope, min_level: int) -> VerifiedCard:
        forgetful = copy.copy(verifier)
        forgetful.memory = dgws.InMemoryMessageIds()
        return super().verify(forgetful, envelope, min_level)


class IgnoresNegativeConsent(LarBehaviour):
    name = "ignores-negative-consent"
    deviation = "returns the allergies of a patient with negative consent without a værdispring"
    breaks = frozenset()
    readings = frozenset({schema.CONSENT})

    def consent(self, consent: Consent | None, override: bool) -> ConsentDecision:
        if consent is not None and consent.negative:
            return ConsentDecision(model.SUCCESS)
        return super().consent(consent, override)


class UnloggedVaerdispring(LarBehaviour):
    name = "unlogged-vaerdispring"
    deviation = "does not log an access made with consentOverride (værdispring)"
    breaks = frozenset()
    readings = frozenset({schema.CONSENT})

    def logs_access(self, decision: ConsentDecision) -> bool:
        return decision.overridden is None


class SchemaErrorAsFault(LarBehaviour):
    name = "schema-error-as-fault"
    deviation = "answers a body that breaks the schema with a SOAP fault instead of NotValidData"
    breaks = frozenset()
    readings = frozenset({schema.REPLY})

    def not_valid(self, problems: list[Finding]) -> Outcome:
        if any(problem.requirement == schema.SCHEMA for problem in problems):
            raise DgwsFault(dgws.PROCESSING_PROBLEM, "; ".join(problem.message for problem in problems))
        return super().not_valid(problems)


class AcceptsUnknownCodeSystem(LarBehaviour):
    name = "accepts-unknown-code-system"
    deviation = "accepts a code system outside the §4.3 table (and, in the table, any for a substance)"
    breaks = frozenset({schema.CODES})
    readings = frozenset({schema.CODES})

    def problems(self, payload: etree._Element, operation: Operation) -> list[Finding]:
        found = super().problems(payload, operation)
        return [
            f for f in found if not (f.requirement == schema.CODES and (f.element or "").endswith(".system"))
        ]


class RequiresManifestationCode(LarBehaviour):
    name = "requires-manifestation-code"
    deviation = "rejects a reaction described only by manifestationDescription"
    breaks = frozenset({schema.REACTION})

    def problems(self, payload: etree._Element, operation: Operation) -> list[Finding]:
        found = super().problems(payload, operation)
        for reaction in payload.iter(a("reaction")):
            if reaction.find(a("manifestation")) is None:
                text = "reaction.manifestation is required"
                found.append(Finding(reaction.sourceline or 0, schema.REACTION, "error", text, "reaction"))
        return found


class OverwritesExistingIdentifier(LarBehaviour):
    name = "overwrites-existing-identifier"
    deviation = "takes a Register of an identifier that already exists as a new version of it"
    breaks = frozenset()
    readings = frozenset({schema.IDENT})

    def duplicate_problem(self, identifier: str, exists: bool) -> str | None:
        return None

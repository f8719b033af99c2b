"""LAR's three operations over the simulator's state: what the register answers once DGWS has passed.

Backend outages are arranged through the control API so that a vendor can see every
status code of §4.1.2 and §4.2.2 (LAR-4.2.2-CONSENT). A Get asks, in this order, BRS
(behandlingsrelation), the consent service (samtykke), MSB, CAVE, and then writes MinLog;
the first backend that is down decides the status, and no allergies are returned.
Register and Update need only CAVE (ProblemCallingCave, nothing stored).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from lxml import etree

from konform.clock import Clock
from konform.dgws import VerifiedCard
from konform.lar import model
from konform.lar.behaviour import LarBehaviour, Outcome
from konform.lar.model import GET, REGISTER, Allergy, Operation
from konform.lar.state import State, Version

#: Backend → the status LAR answers while it is down (§4.2.2), in the order a Get calls them.
BACKENDS = {
    "brs": model.TREATMENT_RELATION_ERROR,
    "samtykke": model.SAMTYKKE_ERROR,
    "msb": model.MSB_ERROR,
    "cave": model.PROBLEM_CALLING_CAVE,
    "minlog": model.MINLOG_ERROR,
}
NAMES = {"brs": "BRS", "samtykke": "samtykkeservicen", "msb": "MSB", "cave": "CAVE", "minlog": "MinLog"}
DOWN_TEXT = "Teknisk fejl: {backend} svarer ikke (arranged through /_konform/lar/backends)"
COPENHAGEN = ZoneInfo("Europe/Copenhagen")


class LarService:
    """Register, Update and GetPatientAllergyList as LAR answers them (HTTP 200, a ReplyStatus)."""

    def __init__(self, state: State, clock: Clock, behaviour: LarBehaviour, down: set[str]) -> None:
        self.state = state
        self.clock = clock
        self.behaviour = behaviour
        self.down = down

    def answer(self, operation: Operation, payload: etree._Element, card: VerifiedCard) -> Outcome:
        problems = self.behaviour.problems(payload, operation)
        if problems:
            return self.behaviour.not_valid(problems)
        if operation is GET:
            return self.get(payload.find(model.CRITERIA), card)
        if "cave" in self.down:
            return Outcome(model.PROBLEM_CALLING_CAVE, DOWN_TEXT.format(backend="CAVE"))
        allergy = payload.find(model.ALLERGY)
        assert allergy is not None  # the schema requires it
        return self.register(allergy) if operation is REGISTER else self.update(allergy)

    def register(self, sent: etree._Element) -> Outcome:
        """§4.1.1: store version 1 (an identifier generated if none is given)."""
        identifier = self.behaviour.identifier(Allergy(sent).identifier)
        newest = self.state.newest(identifier)
        problem = self.behaviour.duplicate_problem(identifier, newest is not None)
        if problem:
            return Outcome(model.NOT_VALID_DATA, f"Ugyldige data: {problem}")
        return self._store(sent, identifier, 1 if newest is None else newest.version + 1)

    def update(self, sent: etree._Element) -> Outcome:
        """§4.1.1: a new version of an existing, not inactive allergy, same patient, newest versionId."""
        allergy = Allergy(sent)
        identifier = allergy.identifier or ""
        newest = self.state.newest(identifier)
        if newest is None:
            return Outcome(model.NOT_VALID_DATA, f"Ugyldige data: identifier {identifier} findes ikke")
        found = [
            self.behaviour.inactive_problem(newest.status),
            self.behaviour.version_problem(allergy.version, newest.version),
            self.behaviour.patient_problem(allergy.patient, newest.patient),
        ]
        problems = [problem for problem in found if problem]
        if problems:
            return Outcome(model.NOT_VALID_DATA, "Ugyldige data: " + "; ".join(problems))
        return self._store(sent, identifier, newest.version + 1, patient=newest.patient)

    def _store(
        self, sent: etree._Element, identifier: str, version: int, patient: str | None = None
    ) -> Outcome:
        now = self.clock.now()
        element = self.behaviour.stored(
            sent, identifier=identifier, version=version, last_updated=now.astimezone(COPENHAGEN)
        )
        kept = Allergy(element)
        etree.cleanup_namespaces(element)
        text = etree.tostring(element, encoding="unicode")
        stored = Version(identifier, version, kept.patient or patient or "", kept.clinical_status or "", text)
        self.state.add(stored, now)
        return self.behaviour.success(element)

    def get(self, criteria: etree._Element | None, card: VerifiedCard) -> Outcome:
        """§4.2.1, §4.2.2: the patient's allergies as consent, history and the backends allow."""
        assert criteria is not None  # the schema requires it
        view = model.criteria_view(criteria)
        patient = (view.coding("patient") or model.Coding("", "")).code
        override = view.text("consentOverride") in ("true", "1")
        history = view.text("includeHistory") in ("true", "1")
        for backend, status in BACKENDS.items():
            if backend in self.down:
                return Outcome(status, DOWN_TEXT.format(backend=NAMES[backend]))
        decision = self.behaviour.consent(self.state.consent(patient), override)
        if decision.status == model.NEGATIVE_CONSENT:
            return Outcome(decision.status, "Patienten har frabedt sig videregivelse (negativt samtykke)")
        listed = self.behaviour.listed(self.state.of_patient(patient), history)
        shown = tuple(v.element() for v in listed if v.identifier not in decision.withheld)
        if self.behaviour.logs_access(decision):
            requester = view.child("requesterOrganization")
            organization = model.View(
                requester if requester is not None else etree.Element("x"), model.SERVICE_NS
            )
            self.state.log_access(
                at=self.clock.now().isoformat(),
                patient=patient,
                requester=f"{organization.value('type')}:{organization.text('code')}",
                consent_override=int(override),
                overridden=decision.overridden,
                care_provider=f"{card.care_provider_format}:{card.care_provider_id}",
                user=card.user.cpr if card.user else None,
                status=decision.status,
                allergies=len(shown),
            )
        text = model.SUCCESS_TEXT
        if decision.status == model.DATA_SPECIFIC_CONSENT:
            text = "Kaldet lykkedes, men patientens dataspecifikke samtykke tilbageholder en del af data"
        return Outcome(decision.status, text, shown)

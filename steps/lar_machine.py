"""Hypothesis against the target: one-rule breaches, valid allergies, and a state machine over LAR's calls.

The machine registers, updates (status changes included), sends stale and patient-changing
updates, and reads with and without history, checking after every call what §4.1.1 and
§4.2.1 say: versions start at 1 and grow by 1, stale updates fail, an inactive allergy
cannot be updated, history returns every version, a plain read only the active allergies'
newest versions, and the patient never changes. A failure names the rule it breaks.
"""

from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass, field, replace

import pytest
from hypothesis import given as for_all
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, precondition, rule, run_state_machine_as_test
from lxml import etree
from pytest_bdd import then

from generators import lar as gen
from generators import lar_broken
from konform.checks import require
from konform.lar import model, readings, schema
from konform.lar.client import Reply
from konform.lar.model import Allergy, a
from steps.lar import LarScenario, changed, requirement_of
from steps.lar_calls import refused


def kept_apart(lar: LarScenario, broken: lar_broken.Broken) -> lar_broken.Broken:
    """On a target that keeps its data, the draw's patient and identifier made this scenario's own.

    A derandomized draw repeats in every scenario (and run): a later scenario would otherwise
    read what a lenient target kept from this one, and fail on it under its own requirement.
    A patient or identifier the mutation itself broke is left as drawn.
    """
    if lar.control is not None:
        return broken
    content = copy.deepcopy(broken.content)
    patient, identifier = broken.patient, broken.identifier
    for element in [*content.iter(a("patient")), *content.iter(model.s("patient"))]:
        code = element.find(f"{{{etree.QName(element).namespace}}}code")
        if code is not None and code.text == broken.patient:
            patient = code.text = lar.patient(broken.patient)
    for element in content.iter(a("identifier")):
        if broken.identifier is not None and element.text == broken.identifier:
            identifier = element.text = str(uuid.uuid4())
    return replace(broken, content=content, patient=patient, identifier=identifier)


@then("LAR answers NotValidData naming the field for every generated request that breaks the rule")
def every_breach_answered(request: pytest.FixtureRequest, lar: LarScenario) -> None:
    requirement = requirement_of(request)

    @for_all(drawn=lar_broken.broken(requirement, synthetic=lar.control is None))
    def answered(drawn: lar_broken.Broken) -> None:
        broken = kept_apart(lar, drawn)
        basis = readings.reading(broken.reading)
        reply = lar.client(4).send(broken.operation, broken.content)
        refused(requirement, reply, broken.field, basis)
        if broken.identifier is not None:
            kept = [v.values() for v in lar.history(broken.patient) if v.identifier == broken.identifier]
            require(requirement, not kept, expected="nothing stored", received=kept, reading=basis)

    answered()


@then("LAR answers Success for every generated valid allergy")
@then("LAR answers Success for every generated allergy with valid reactions")
def every_valid_registered(request: pytest.FixtureRequest, lar: LarScenario) -> None:
    requirement = requirement_of(request)
    # Reactions described only in text are LAR-4.1.1-REACTION's own case: only its scenario sends them.
    about_reactions = requirement == schema.REACTION

    @for_all(allergy=gen.allergies(synthetic=lar.control is None, described_only=about_reactions))
    def registered(allergy: etree._Element) -> None:
        # A fresh identifier (LAR keeps what earlier examples registered) and, on a target that
        # keeps its data, a patient of this run's own.
        patient = lar.patient(Allergy(allergy).patient or "")
        fresh = changed(changed(allergy, "identifier", str(uuid.uuid4())), "patient.code", patient)
        reply = lar.client(4).register(fresh)
        require(requirement, reply.status_code == model.SUCCESS, expected="Success", received=reply.summary())

    registered()


@dataclass
class Held:
    """The model of one allergy: what was last sent, and (version, clinicalStatus) of every version."""

    sent: etree._Element
    patient: str
    versions: list[tuple[int, str]] = field(default_factory=list)

    @property
    def newest(self) -> tuple[int, str]:
        return self.versions[-1]


def lar_machine(lar: LarScenario) -> type[RuleBasedStateMachine]:
    """A machine for one scenario's target; each run has its own two fresh patients."""

    class AllergyVersions(RuleBasedStateMachine):
        allergies = Bundle("allergies")

        def __init__(self) -> None:
            super().__init__()
            self.patients = [lar.fresh_patient(), lar.fresh_patient()]
            self.held: dict[str, Held] = {}

        def send(self, operation: model.Operation, content: etree._Element) -> Reply:
            return lar.client(4).send(operation, content)

        @rule(
            target=allergies,
            allergy=gen.allergies(status="active", described_only=False),
            which=st.integers(0, 1),
        )
        def register(self, allergy: etree._Element, which: int) -> str:
            patient = self.patients[which]
            # Identities come from outside the draw: LAR keeps state between examples.
            allergy = changed(changed(allergy, "patient.code", patient), "identifier", str(uuid.uuid4()))
            reply = self.send(model.REGISTER, allergy)
            identifier = Allergy(allergy).identifier or ""
            versions = [v.version for v in reply.allergies]
            require(
                schema.REPLY, reply.status_code == model.SUCCESS, expected="Success", received=reply.summary()
            )
            require(
                schema.VERSION,
                versions in ([], [1]),
                expected="version 1",
                received=reply.summary(),
                reading=readings.reading("versions"),
            )
            self.held[identifier] = Held(allergy, patient, [(1, "active")])
            return identifier

        @rule(identifier=allergies, status=st.sampled_from(model.CLINICAL_STATUSES), note=gen.texts())
        def update(self, identifier: str, status: str, note: str) -> None:
            held = self.held[identifier]
            version, current = held.newest
            update = changed(changed(held.sent, "clinicalStatus", status), "note", note)
            reply = self.send(model.UPDATE, _versioned(update, version))
            if current == "inactive":
                require(
                    schema.STATUS,
                    reply.status_code == model.NOT_VALID_DATA,
                    expected="NotValidData: an inactive allergy cannot be updated",
                    received=reply.summary(),
                )
                return
            require(
                schema.VERSION,
                reply.status_code == model.SUCCESS,
                expected="Success",
                received=reply.summary(),
            )
            got = [v.version for v in reply.allergies]
            require(
                schema.VERSION,
                got in ([], [version + 1]),
                expected=f"version {version + 1}",
                received=got,
                reading=readings.reading("versions"),
            )
            held.sent = update
            held.versions.append((version + 1, status))

        @precondition(
            lambda self: any(len(h.versions) > 1 and h.newest[1] != "inactive" for h in self.held.values())
        )
        @rule(data=st.data())
        def stale_update(self, data: st.DataObject) -> None:
            # In registration order, never sorted: identifiers are random UUIDs, and a draw must
            # pick the same allergy when Hypothesis replays the same choices.
            candidates = [
                i for i, h in self.held.items() if len(h.versions) > 1 and h.newest[1] != "inactive"
            ]
            identifier = data.draw(st.sampled_from(candidates))
            held = self.held[identifier]
            stale = data.draw(st.integers(1, held.newest[0] - 1))
            reply = self.send(model.UPDATE, _versioned(held.sent, stale))
            require(
                schema.VERSION,
                reply.status_code == model.NOT_VALID_DATA,
                expected=f"NotValidData: versionId {stale} is older than {held.newest[0]}",
                received=reply.summary(),
            )

        @precondition(lambda self: any(h.newest[1] != "inactive" for h in self.held.values()))
        @rule(data=st.data())
        def change_patient(self, data: st.DataObject) -> None:
            candidates = [i for i, h in self.held.items() if h.newest[1] != "inactive"]  # registration order
            held = self.held[data.draw(st.sampled_from(candidates))]
            other = next(p for p in self.patients if p != held.patient)
            reply = self.send(
                model.UPDATE, _versioned(changed(held.sent, "patient.code", other), held.newest[0])
            )
            require(
                schema.PATIENT,
                reply.status_code == model.NOT_VALID_DATA,
                expected="NotValidData: the patient cannot change",
                received=reply.summary(),
            )

        @rule(which=st.integers(0, 1), history=st.booleans())
        def read(self, which: int, history: bool) -> None:
            patient = self.patients[which]
            reply = self.send(model.GET, model.criteria_xml(patient=patient, include_history=history))
            mine = {i: h for i, h in self.held.items() if h.patient == patient}
            if history:
                expected = sorted((i, v) for i, h in mine.items() for v, _ in h.versions)
            else:
                expected = sorted((i, h.newest[0]) for i, h in mine.items() if h.newest[1] == "active")
            listed = sorted((a.identifier or "", a.version or 0) for a in reply.allergies)
            require(schema.HISTORY, listed == expected, expected=expected, received=reply.summary())
            patients = {a.patient for a in reply.allergies}
            require(schema.PATIENT, patients <= {patient}, expected={patient}, received=patients)
            statuses = {(a.identifier, a.version): a.clinical_status for a in reply.allergies}
            wanted = {(i, v): s for i, h in mine.items() for v, s in h.versions if (i, v) in statuses}
            require(schema.STATUS, statuses == wanted, expected=wanted, received=statuses)

    return AllergyVersions


def _versioned(allergy: etree._Element, version: int) -> etree._Element:
    copied = copy.deepcopy(allergy)
    for old in copied.findall(model.a("versionId")):
        copied.remove(old)
    etree.SubElement(copied, model.a("versionId")).text = str(version)
    return copied


@then("through any sequence of calls LAR keeps versions, statuses, history and patient as the guide says")
def any_sequence(lar: LarScenario) -> None:
    run_state_machine_as_test(lar_machine(lar))

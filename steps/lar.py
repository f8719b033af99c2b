"""Steps for features/lar: LAR under DGWS (provider) and `konform validate lar` (consumer).

Given builds allergies from the guide's own Register example (§5.1); the allergy meets
the target only in a When step, where `LarScenario.adapt` maps the document's patients and
identifiers to fresh ones on a target that cannot be reset. Then steps raise
NonConformance under the scenario's @req tag. The DGWS, state-machine and consumer steps
live in the modules named by `pytest_plugins` below; the plain calls and their checks in
steps/lar_calls.py.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from lxml import etree
from pytest_bdd import given, parsers

from konform import xml
from konform.lar import embedded, model
from konform.lar.cards import Cards, NoCard
from konform.lar.client import LarClient, LarControl, Reply
from konform.lar.model import Allergy, a
from konform.targets import Endpoint, Target
from steps.lar_patients import Patients

pytest_plugins = [
    "steps.lar_calls",
    "steps.lar_dgws",
    "steps.lar_register",
    "steps.lar_machine",
    "steps.lar_consumer",
    "steps.lar_consent",
]

EXAMPLES = Path(__file__).resolve().parents[1] / "features" / "lar" / "examples"
SOAP_BODY = "{http://schemas.xmlsoap.org/soap/envelope/}Body"


def example(name: str) -> bytes:
    """One of the guide's §5 examples as kept in features/lar/examples (declaration corrected)."""
    return (EXAMPLES / f"{name}.xml").read_bytes()


def example_content(name: str) -> etree._Element:
    """The allergy or search criteria inside one of the guide's example requests."""
    body = xml.parse(example(name)).find(SOAP_BODY)
    assert body is not None
    return copy.deepcopy(body[0][0])


def requirement_of(request: pytest.FixtureRequest) -> str:
    """The requirement the running scenario is tagged with (@req:<ID>)."""
    marker = request.node.get_closest_marker("requirement")
    if marker is None:
        raise RuntimeError(f"{request.node.nodeid} has no @req tag")
    return str(marker.kwargs["id"])


def changed(allergy: etree._Element, name: str, value: str | None) -> etree._Element:
    """A copy with field `name` (dotted for a part: patient.system, reaction.severity) set or removed."""
    changed = copy.deepcopy(allergy)
    parts = name.split(".")
    parent = changed
    for part in parts[:-1]:
        found = parent.find(a(part))
        assert found is not None, name
        parent = found
    element = parent.find(a(parts[-1]))
    if value is None:
        if element is not None:
            parent.remove(element)
        return changed
    if element is None and len(parts) == 1:
        model.put(changed, name, value)
        return changed
    if element is None:
        raise ValueError(f"the example allergy has no {name} to change")
    if element.get("value") is not None:
        element.set("value", value)
    else:
        element.text = value
    return changed


# -- the target --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def lar_endpoint(target: Target, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoint]:
    """LAR under test: the embedded simulator for `sim`, else the profile's [<target>.lar]."""
    if not target.embedded:
        yield target.endpoint("lar")
        return
    running = embedded.start(tmp_path_factory.mktemp("lar"))
    try:
        yield running.endpoint
    finally:
        running.stop()


@pytest.fixture(scope="session")
def lar_session_control(lar_endpoint: Endpoint) -> Iterator[LarControl | None]:
    if not lar_endpoint.control_url:
        yield None
        return
    control = LarControl(lar_endpoint.control_url)
    yield control
    control.close()


@pytest.fixture(scope="session")
def lar_patients() -> Patients:
    """The run's synthetic patients, one sequence for every scenario of the session."""
    return Patients()


@dataclass
class LarScenario:
    """One scenario's view of LAR: clients per card level, the control API (or None), fresh identities."""

    endpoint: Endpoint
    control: LarControl | None
    cards: Cards
    patients: Patients = field(default_factory=Patients)
    clients: dict[int, LarClient] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    #: What Given steps made LAR hold: identifier (as sent) → [(version, clinicalStatus), …].
    held: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    frozen: datetime | None = None

    def card(self, level: int = 4, **options: object) -> etree._Element:
        """A card valid from five minutes ago for an hour (clock skew between STS and LAR is normal)."""
        options.setdefault("not_before", datetime.now(UTC) - timedelta(minutes=5))
        options.setdefault("ttl", timedelta(minutes=65))
        try:
            return self.cards.card(level, **options)  # type: ignore[arg-type]
        except NoCard as missing:
            pytest.skip(str(missing))

    def client(self, level: int = 4) -> LarClient:
        if level not in self.clients:
            self.clients[level] = LarClient(self.endpoint, self.card(level))
        return self.clients[level]

    def fresh_patient(self) -> str:
        """A synthetic CPR-nummer (born 2040–2057) that no other scenario of the run sends."""
        return self.patients.next()

    def patient(self, literal: str) -> str:
        """The document's patient as sent: itself on a reset simulator, else a fresh synthetic one."""
        if self.control is not None or literal in self.names.values():
            return literal
        return self.names.setdefault(f"patient {literal}", self.fresh_patient())

    def identifier(self, literal: str) -> str:
        if self.control is not None or literal in self.names.values():
            return literal
        return self.names.setdefault(f"identifier {literal}", str(uuid.uuid4()))

    def adapt(self, content: etree._Element) -> etree._Element:
        """Map the document's patient codes and identifiers to this run's (a copy)."""
        adapted = copy.deepcopy(content)
        for patient in [*adapted.iter(a("patient")), *adapted.iter(model.s("patient"))]:
            code = patient.find(f"{{{etree.QName(patient).namespace}}}code")
            if code is not None and code.text:
                code.text = self.patient(code.text)
        for identifier in adapted.iter(a("identifier")):
            identifier.text = self.identifier(identifier.text or "")
        return adapted

    def hold(self, allergy: etree._Element) -> etree._Element:
        """Register `allergy` (already adapted) as a precondition, and remember it as held."""
        reply = self.client(4).register(allergy)
        if reply.status_code != model.SUCCESS:
            raise RuntimeError(f"precondition failed: LAR did not register the allergy: {reply.summary()}")
        sent = Allergy(allergy)
        self.held[sent.identifier or ""] = [(1, sent.clinical_status or "")]
        return allergy

    def change(self, allergy: etree._Element, status: str) -> None:
        """Update a held allergy to `status` as a precondition (from its newest version)."""
        newest = newest_version(self, allergy)
        reply = self.client(4).update(changed(newest, "clinicalStatus", status))
        if reply.status_code != model.SUCCESS:
            raise RuntimeError(f"precondition failed: LAR did not update the allergy: {reply.summary()}")
        versions = self.held.setdefault(Allergy(allergy).identifier or "", [])
        versions.append((len(versions) + 1, status))

    def versions(self, allergy: etree._Element) -> list[Allergy]:
        """Every stored version of `allergy`: from the control API on a simulator (so that a check of
        versions does not rest on includeHistory, a rule of its own), else read with includeHistory."""
        sent = Allergy(self.adapt(allergy))
        if self.control is not None:
            found = self.control.stored(identifier=sent.identifier)
            return [Allergy(xml.parse(entry["xml"].encode("utf-8"))) for entry in found]
        return [v for v in self.history(sent.patient or "") if v.identifier == sent.identifier]

    def history(self, patient: str) -> list[Allergy]:
        """Every version of the patient's allergies, read with includeHistory (a level-4 card)."""
        reply = self.client(4).get(model.criteria_xml(patient=patient, include_history=True))
        if reply.status_code != model.SUCCESS:
            raise RuntimeError(f"precondition failed: LAR did not list patient {patient}: {reply.summary()}")
        return reply.allergies

    def close(self) -> None:
        for client in self.clients.values():
            client.close()


@pytest.fixture
def lar(
    lar_endpoint: Endpoint, lar_session_control: LarControl | None, lar_patients: Patients
) -> Iterator[LarScenario]:
    """Per scenario: a clean simulator (reset through the control API) when the target has one."""
    if lar_session_control is not None:
        lar_session_control.reset()
    scenario = LarScenario(lar_endpoint, lar_session_control, Cards(lar_endpoint), lar_patients)
    yield scenario
    scenario.close()


def summary(reply: Reply) -> str:
    return reply.summary()


# -- Given -------------------------------------------------------------------------------------

PATIENT = r"patient (?P<patient>\d{10})"
#: A Then step whose check is konform's reading, not the guide's words, ends with this
#: (the sentence is konform.lar.readings.READINGS[<key>]).
READING = r"(?: \(konform's reading: (?P<reading>[\w-]+)\))?"
CHANGE = r'(?: with (?P<name>[\w.]+) "(?P<value>[^"]*)"| without (?P<omitted>[\w.]+))?'


def allergy_of(
    patient: str, name: str | None = None, value: str | None = None, omitted: str | None = None
) -> etree._Element:
    """The guide's Register example (§5.1) with a fresh identifier, for `patient`, with one change."""
    allergy = changed(example_content("register-request"), "identifier", str(uuid.uuid4()))
    allergy = changed(allergy, "patient.code", patient)
    if name:
        allergy = changed(allergy, name, value)
    return changed(allergy, omitted, None) if omitted else allergy


@given(parsers.re(rf"an allergy of {PATIENT}{CHANGE}"), target_fixture="allergy")
def an_allergy(patient: str, name: str | None, value: str | None, omitted: str | None) -> etree._Element:
    return allergy_of(patient, name, value, omitted)


@given("the allergy", target_fixture="allergy")
def the_allergy_as_written(docstring: str) -> etree._Element:
    return xml.parse(docstring.encode("utf-8"))


@given(parsers.re(rf"LAR holds an allergy of {PATIENT}{CHANGE}"), target_fixture="allergy")
def registered(
    lar: LarScenario, patient: str, name: str | None, value: str | None, omitted: str | None
) -> etree._Element:
    return lar.hold(lar.adapt(allergy_of(patient, name, value, omitted)))


@given(parsers.re(r'the allergy has been updated to clinicalStatus "(?P<status>\w+)"'))
def updated_before(lar: LarScenario, allergy: etree._Element, status: str) -> None:
    lar.change(allergy, status)


@given(parsers.re(rf'LAR holds another allergy of {PATIENT} that is now "(?P<status>\w+)"'))
def another(lar: LarScenario, patient: str, status: str) -> None:
    lar.change(lar.hold(lar.adapt(allergy_of(patient))), status)


def newest_version(lar: LarScenario, allergy: etree._Element) -> etree._Element:
    """The newest stored version of `allergy` (read back with includeHistory)."""
    sent = Allergy(allergy)
    versions = [v for v in lar.history(sent.patient or "") if v.identifier == sent.identifier]
    if not versions:
        raise RuntimeError(f"precondition failed: LAR lists no allergy {sent.identifier}")
    return copy.deepcopy(max(versions, key=lambda v: v.version or 0).element)

"""Steps for what RegisterPatientAllergy stores (§4.1.1): identifiers, overwritten fields, reactions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from lxml import etree
from pytest_bdd import given, parsers, then

from konform.checks import require
from konform.identifiers import uuids
from konform.lar.client import Reply
from konform.lar.model import Allergy, a
from steps.lar import PATIENT, LarScenario, allergy_of, changed, requirement_of


@given(
    parsers.re(rf"an allergy of {PATIENT} with a reaction with neither manifestation nor description"),
    target_fixture="allergy",
)
def reaction_without_manifestation(patient: str) -> etree._Element:
    allergy = changed(allergy_of(patient), "reaction.manifestation", None)
    return changed(allergy, "reaction.manifestationDescription", None)


@given(
    parsers.re(rf'an allergy of {PATIENT} with its reaction\'s severity written "serverity"'),
    target_fixture="allergy",
)
def severity_misspelt(patient: str) -> etree._Element:
    allergy = allergy_of(patient)
    severity = allergy.find(f"{a('reaction')}/{a('severity')}")
    assert severity is not None
    severity.tag = a("serverity")
    return allergy


@given(
    parsers.re(rf'an allergy of {PATIENT} with an element "(?P<name>\w+)" LAR does not know'),
    target_fixture="allergy",
)
def unknown_element(patient: str, name: str) -> etree._Element:
    allergy = allergy_of(patient)
    onset = allergy.find(a("onsetDateTime"))
    assert onset is not None
    onset.addnext(etree.Element(a(name)))
    return allergy


@given("LAR's clock is frozen")
def clock_frozen(lar: LarScenario) -> None:
    if lar.control is None:
        pytest.skip("freezing LAR's clock needs a simulator's control API")
    lar.frozen = (datetime.now(UTC) - timedelta(minutes=1)).replace(microsecond=0)
    lar.control.set_clock(lar.frozen.isoformat())


def stored(lar: LarScenario, allergy: etree._Element) -> list[Allergy]:
    return lar.versions(allergy)


@then("LAR lists the allergy under a UUID it made")
def generated_identifier(
    request: pytest.FixtureRequest, lar: LarScenario, allergy: etree._Element, reply: Reply
) -> None:
    listed = lar.history(Allergy(lar.adapt(allergy)).patient or "")
    identifiers = [v.identifier for v in listed]
    replied = [v.identifier for v in reply.allergies]
    made = len(identifiers) == 1 and uuids.is_valid(identifiers[0] or "") and replied in ([], identifiers)
    require(
        requirement_of(request),
        made,
        expected="one allergy whose identifier is a UUID LAR made (the same in the reply, if listed)",
        received=f"listed {identifiers}, replied {replied}",
    )


@then(
    parsers.re(
        r'LAR holds the allergy with verificationStatus "(?P<verification>\w+)", '
        r'type "(?P<kind>\w+)" and category "(?P<category>\w+)"'
    )
)
def overwritten(
    request: pytest.FixtureRequest,
    lar: LarScenario,
    allergy: etree._Element,
    verification: str,
    kind: str,
    category: str,
) -> None:
    expected = {"verificationStatus": verification, "type": kind, "category": category}
    versions = stored(lar, allergy)
    received = [{name: v.values().get(name) for name in expected} for v in versions]
    require(requirement_of(request), received == [expected], expected=[expected], received=received)


@then("LAR holds one version of the allergy, with a lastUpdated of its own")
def own_last_updated(request: pytest.FixtureRequest, lar: LarScenario, allergy: etree._Element) -> None:
    sent = Allergy(allergy).text("lastUpdated")
    received = [v.text("lastUpdated") for v in stored(lar, allergy)]
    require(
        requirement_of(request),
        len(received) == 1 and received[0] not in (None, sent),
        expected=f"one version with a lastUpdated other than {sent}",
        received=received,
    )


@then("LAR holds the allergy with lastUpdated at LAR's clock time")
def clock_last_updated(request: pytest.FixtureRequest, lar: LarScenario, allergy: etree._Element) -> None:
    texts = [v.text("lastUpdated") for v in stored(lar, allergy)]
    moments = [datetime.fromisoformat(text) if text else None for text in texts]
    require(requirement_of(request), moments == [lar.frozen], expected=[lar.frozen], received=texts)


@then("the allergy's patient is unchanged")
def patient_unchanged(request: pytest.FixtureRequest, lar: LarScenario, allergy: etree._Element) -> None:
    patients = {v.patient for v in stored(lar, allergy)}
    expected = {Allergy(lar.adapt(allergy)).patient}
    require(requirement_of(request), patients == expected, expected=expected, received=patients)

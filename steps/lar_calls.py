"""Steps for LAR's plain calls (§4.1, §4.2) and the checks of their replies, under each scenario's @req tag.

When steps make exactly one exchange with the target (through `LarScenario`) and assert
nothing; Then steps make one check and raise NonConformance naming the requirement.
"""

from __future__ import annotations

import uuid

import pytest
from lxml import etree
from pytest_bdd import parsers, then, when

from konform.checks import require
from konform.lar import model, readings
from konform.lar.client import Reply
from konform.lar.model import Allergy, a
from steps.lar import PATIENT, READING, LarScenario, changed, newest_version, requirement_of, summary

# -- When: one exchange, nothing asserted --------------------------------------------------------


@when("the allergy is registered", target_fixture="reply")
@when("the allergy is registered again", target_fixture="reply")
def register(lar: LarScenario, allergy: etree._Element) -> Reply:
    return lar.client(4).send(model.REGISTER, lar.adapt(allergy))


@when(parsers.re(r'the allergy is updated with (?P<name>[\w.]+) "(?P<value>[^"]*)"'), target_fixture="reply")
def update_with(lar: LarScenario, allergy: etree._Element, name: str, value: str) -> Reply:
    newest = newest_version(lar, lar.adapt(allergy))
    if name == "patient.code":
        value = lar.patient(value)
    return lar.client(4).send(model.UPDATE, changed(newest, name, value))


@when(parsers.re(r"the allergy is updated without (?P<name>[\w.]+)"), target_fixture="reply")
def update_without(lar: LarScenario, allergy: etree._Element, name: str) -> Reply:
    return lar.client(4).send(model.UPDATE, changed(newest_version(lar, lar.adapt(allergy)), name, None))


@when(parsers.re(r"the allergy is updated from version (?P<version>\d+)"), target_fixture="reply")
def update_from(lar: LarScenario, allergy: etree._Element, version: str) -> Reply:
    newest = newest_version(lar, lar.adapt(allergy))
    return lar.client(4).send(model.UPDATE, changed(newest, "versionId", version))


@when("an allergy LAR does not hold is updated", target_fixture="reply")
def update_unknown(lar: LarScenario, allergy: etree._Element) -> Reply:
    unknown = changed(lar.adapt(allergy), "identifier", str(uuid.uuid4()))
    etree.SubElement(unknown, a("versionId")).text = "1"
    return lar.client(4).send(model.UPDATE, unknown)


READ = {
    "": {},
    " with history": {"include_history": True},
    " without history": {"include_history": False},
    " with consentOverride": {"consent_override": True},
    " without consentOverride": {"consent_override": None},
    " without requesterOrganization": {"requester": None},
    ' with requesterOrganization type "cvr"': {"requester": ("cvr", "12345")},
}


@when(
    parsers.re(rf"the allergies of {PATIENT} are read(?P<how>.*?)(?: with a level (?P<level>\d) card)?"),
    target_fixture="reply",
)
def read(lar: LarScenario, patient: str, how: str, level: str | None) -> Reply:
    """GetPatientAllergyList for the patient, as the step names it (the guide's Get example's requester)."""
    if how not in READ:
        raise ValueError(f"unknown way to read allergies: {how!r} (known: {sorted(READ)})")
    criteria = model.criteria_xml(patient=lar.patient(patient), **READ[how])  # type: ignore[arg-type]
    return lar.client(int(level or 4)).send(model.GET, criteria)


# -- Then: one check each, under the scenario's requirement --------------------------------------


STATUSES = "|".join(
    (
        model.SUCCESS,
        model.DATA_SPECIFIC_CONSENT,
        model.NEGATIVE_CONSENT,
        model.PROBLEM_CALLING_CAVE,
        r"\w+Error",
    )
)


@then(parsers.re(rf"LAR answers (?P<status>{STATUSES}){READING}"))
def answers(request: pytest.FixtureRequest, reply: Reply, status: str, reading: str | None) -> None:
    require(
        requirement_of(request),
        (reply.http_status, reply.status_code) == (200, status),
        expected=f"HTTP 200, statusCode {status}",
        received=summary(reply),
        reading=readings.reading(reading),
    )


def refused(requirement: str, reply: Reply, word: str, basis: str = "") -> bool:
    """A request refused for its data: refused at all (on the rule's own basis), and – konform's
    readings – as an HTTP 200 NotValidData whose text names the field. Whether it was refused."""
    declined = reply.fault_string is not None or (
        reply.http_status == 200 and reply.status_code == model.NOT_VALID_DATA
    )
    require(
        requirement,
        declined,
        expected=f"the request refused for its {word} (NotValidData, or a SOAP fault)",
        received=summary(reply),
        reading=basis,
    )
    if not declined:
        return False
    require(
        requirement,
        reply.http_status == 200 and reply.status_code == model.NOT_VALID_DATA,
        expected="HTTP 200, statusCode NotValidData",
        received=summary(reply),
        reading=readings.reading("not-valid-data"),
    )
    text = reply.fault_string if reply.fault_string is not None else reply.status_text
    require(
        requirement,
        word.lower() in (text or "").lower(),
        expected=f"a statusText (or fault string) naming {word}",
        received=summary(reply),
        reading=readings.reading("names-field"),
    )
    return True


@then(parsers.re(rf'LAR answers NotValidData naming "(?P<word>[^"]+)"{READING}'))
def not_valid_naming(request: pytest.FixtureRequest, reply: Reply, word: str, reading: str | None) -> None:
    refused(requirement_of(request), reply, word, readings.reading(reading))


@then(parsers.re(rf"LAR lists (?P<count>\d+|no) allerg(?:y|ies){READING}"))
def lists(request: pytest.FixtureRequest, reply: Reply, count: str, reading: str | None) -> None:
    expected = 0 if count == "no" else int(count)
    require(
        requirement_of(request),
        reply.http_status == 200 and reply.status_code is not None and len(reply.allergies) == expected,
        expected=f"{expected} allergies",
        received=summary(reply),
        reading=readings.reading(reading),
    )


def listed(reply: Reply) -> list[tuple[str, int]]:
    """(identifier, version) of every allergy in the reply."""
    return sorted((allergy.identifier or "", allergy.version or 0) for allergy in reply.allergies)


@then("LAR lists only the active allergies, each at its newest version")
def lists_active_newest(request: pytest.FixtureRequest, lar: LarScenario, reply: Reply) -> None:
    expected = sorted((i, v[-1][0]) for i, v in lar.held.items() if v[-1][1] == "active")
    received = listed(reply)
    require(requirement_of(request), received == expected, expected=expected, received=summary(reply))


@then("LAR lists every version of every allergy of the patient")
def lists_every_version(request: pytest.FixtureRequest, lar: LarScenario, reply: Reply) -> None:
    expected = sorted((i, version) for i, versions in lar.held.items() for version, _ in versions)
    received = listed(reply)
    require(requirement_of(request), received == expected, expected=expected, received=summary(reply))


@then(parsers.re(rf"LAR holds the allergy at version (?P<version>\d+){READING}"))
def holds_version(
    request: pytest.FixtureRequest,
    lar: LarScenario,
    allergy: etree._Element,
    version: str,
    reading: str | None,
) -> None:
    """Read from what LAR holds, not from the reply: a Register reply may carry ReplyStatus only (§5.1)."""
    held = [v.version for v in lar.versions(allergy)]
    require(
        requirement_of(request),
        held == [int(version)],
        expected=f"one version of {Allergy(lar.adapt(allergy)).identifier}: {version}",
        received=held,
        reading=readings.reading(reading),
    )


@then(
    parsers.re(
        r"LAR holds (?P<count>\d+) versions? of the allergy, "
        r'the newest with (?P<name>[\w.]+) "(?P<value>[^"]*)"'
    )
)
def holds_versions(
    request: pytest.FixtureRequest,
    lar: LarScenario,
    allergy: etree._Element,
    count: str,
    name: str,
    value: str,
) -> None:
    versions = lar.versions(allergy)
    newest = max(versions, key=lambda v: v.version or 0) if versions else None
    got = (len(versions), newest.values().get(name) if newest else None)
    require(
        requirement_of(request),
        got == (int(count), value),
        expected=f"{count} versions, the newest with {name} {value!r}",
        received=[v.values() for v in versions],
    )


@then(parsers.re(rf"LAR holds nothing for {PATIENT}{READING}"))
def holds_nothing(
    request: pytest.FixtureRequest, lar: LarScenario, patient: str, reading: str | None
) -> None:
    found = lar.history(lar.patient(patient))
    require(
        requirement_of(request),
        not found,
        expected="no allergy",
        received=[v.values() for v in found],
        reading=readings.reading(reading),
    )

"""Steps for LAR's consent (samtykke, værdispring) and backend outages (§4.2.1, §4.2.2), all @sim-only.

The facts are arranged through the simulator's control API (/_konform/lar/consent and
/_konform/lar/backends); MinLog is read back from /_konform/lar/minlog. The guide lists the
status codes and says consentOverride asks for a værdispring; what each code returns and
what LAR logs are konform's readings (konform/lar/readings.py), so every check here names one.
"""

from __future__ import annotations

from typing import Any

import pytest
from pytest_bdd import given, parsers, then

from konform.checks import require
from konform.lar import readings
from konform.lar.client import LarControl, Reply
from steps.lar import PATIENT, READING, LarScenario, requirement_of

#: The backends as the features name them → the control API's names.
BACKENDS = {"CAVE": "cave", "MSB": "msb", "BRS": "brs", "samtykke": "samtykke", "MinLog": "minlog"}


def control_of(lar: LarScenario) -> LarControl:
    if lar.control is None:
        pytest.skip("arranging consent or an outage needs a simulator's control API")
    return lar.control


@given(parsers.re(rf"{PATIENT} has given negative consent"))
def negative_consent(lar: LarScenario, patient: str) -> None:
    control_of(lar).consent(lar.patient(patient), negative=True)


@given(parsers.re(rf"{PATIENT} has withheld the first allergy by data-specific consent"))
def data_specific_consent(lar: LarScenario, patient: str) -> None:
    first = next(iter(lar.held))
    control_of(lar).consent(lar.patient(patient), withheld=[first])


@given(parsers.re(r"(?P<backend>CAVE|MSB|BRS|samtykke|MinLog) does not answer"))
def backend_down(lar: LarScenario, backend: str) -> None:
    control_of(lar).backends_down(BACKENDS[backend])


@then(parsers.re(rf"LAR lists the allergies except the withheld one{READING}"))
def lists_except_withheld(
    request: pytest.FixtureRequest, lar: LarScenario, reply: Reply, reading: str | None
) -> None:
    first = next(iter(lar.held))
    expected = sorted(identifier for identifier in lar.held if identifier != first)
    received = sorted(allergy.identifier or "" for allergy in reply.allergies)
    require(
        requirement_of(request),
        received == expected,
        expected=expected,
        received=reply.summary(),
        reading=readings.reading(reading),
    )


def last_access(lar: LarScenario, patient: str) -> dict[str, Any] | None:
    entries = [entry for entry in control_of(lar).minlog() if entry["patient"] == lar.patient(patient)]
    return entries[-1] if entries else None


#: MinLog is never in the guide's words: its checks always rest on konform's reading.
MINLOG = r" \(konform's reading: minlog\)"


@then(
    parsers.re(
        rf'MinLog records the access to {PATIENT} as a værdispring over "(?P<kind>[\w-]+)" consent{MINLOG}'
    )
)
def logged_override(request: pytest.FixtureRequest, lar: LarScenario, patient: str, kind: str) -> None:
    entry = last_access(lar, patient)
    got = entry is not None and entry["consent_override"] and entry["overridden"] == kind
    require(
        requirement_of(request),
        bool(got),
        expected=f"a MinLog entry for {patient}: consentOverride, overriding {kind} consent",
        received=entry,
        reading=readings.reading("minlog"),
    )


@then(parsers.re(rf"MinLog records the access to {PATIENT} without værdispring{MINLOG}"))
def logged_plain(request: pytest.FixtureRequest, lar: LarScenario, patient: str) -> None:
    entry = last_access(lar, patient)
    got = entry is not None and not entry["consent_override"] and entry["overridden"] is None
    require(
        requirement_of(request),
        got,
        expected=f"a MinLog entry for {patient}, no værdispring",
        received=entry,
        reading=readings.reading("minlog"),
    )


@then(parsers.re(rf"LAR holds nothing for {PATIENT} once CAVE answers again{READING}"))
def nothing_after_outage(
    request: pytest.FixtureRequest, lar: LarScenario, patient: str, reading: str | None
) -> None:
    control_of(lar).backends_down()
    found = lar.history(lar.patient(patient))
    require(
        requirement_of(request),
        not found,
        expected="no allergy",
        received=[a.values() for a in found],
        reading=readings.reading(reading),
    )

"""What the SPOR steps share: the guide's example registration, and one scenario's view of the target.

A Given builds a registration from the guide's example values; it meets the target only in
a When step, where `SporScenario.adapt` swaps in the target's known unit and, on a registry
that cannot be reset (no control API), the run's own behandlingsnummer and test patient, drawn
from the run's seed (konform.runseed): a rerun against a registry that keeps its data never
meets a behandlingsnummer an earlier run sent.
"""

from __future__ import annotations

import copy
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest
from lxml import etree

from konform import runseed
from konform.spor import embedded, schema
from konform.spor.client import Answer, SporClient, SporControl
from konform.spor.model import registration_xml
from konform.targets import Endpoint

NS = schema.NS
UNIT = embedded.DEFAULT_UNIT
#: The guide's example values (§7.1, §7.2.3); the patient is a Skatteverket test personnummer.
EXAMPLE: dict[str, Any] = {
    "recipientMessageSplit": "SPOR",
    "systemId": UNIT,
    "personnummer": "189001019802",
    "operationsanmalan": "2022-04-01T09:12:00+01:00",
    "operationsdatum": "2022-04-13",
    "anlantOperationsavdelning": "2022-04-13T13:10:00+01:00",
    "operationsstart": "2022-04-13T13:54:22+01:00",
    "operationsslut": "2022-04-13T15:02:00+01:00",
    "lamnatOperationsavdelning": "2022-04-13T15:40:00+01:00",
    "atgarder": ["JAB30"],
    "kommentar": "Planerad operation",
}
PHRASE = (
    r"behandlingsnummer (?P<number>\d+)"
    r'(?: with (?P<variable>\w+) "(?P<value>[^"]*)"| without (?P<omitted>\w+))?'
)
#: Two registrations in one request or file: "behandlingsnummer 2200055 and of behandlingsnummer 2200054 …".
TWO = r"(?P<first>behandlingsnummer \d+) and of (?P<second>behandlingsnummer .+)"


def example(phrase: str) -> etree._Element:
    """The example registration a phrase such as `behandlingsnummer 2200054 with kommentar ""` names."""
    match = _fullmatch(PHRASE, phrase)
    values = {**EXAMPLE, "behandlingsnummer": match["number"]}
    if match["variable"]:
        values[match["variable"]] = match["value"]
    if match["omitted"]:
        values[match["omitted"]] = None
    return registration_xml(**values)


def _fullmatch(pattern: str, text: str) -> Any:
    found = re.fullmatch(pattern, text)
    if found is None:
        raise ValueError(f"step text {text!r} does not name a registration ({pattern})")
    return found


def values_of(registration: etree._Element | None) -> dict[str, str] | None:
    """Variable → text (KVÅ codes space-separated): how two registrations are compared."""
    if registration is None:
        return None
    return {etree.QName(c).localname: " ".join(" ".join(c.itertext()).split()) for c in registration}


def changed(registration: etree._Element, variable: str, value: str | None) -> etree._Element:
    """A copy of the registration with one variable set to `value` (None leaves it out)."""
    found: dict[str, Any] = dict(values_of(registration) or {})
    if "atgarder" in found:
        found["atgarder"] = found["atgarder"].split()
    return registration_xml(**{**found, variable: value})


def requirement_of(request: pytest.FixtureRequest) -> str:
    """The requirement the running scenario is tagged with (@req:<ID>)."""
    marker = request.node.get_closest_marker("requirement")
    if marker is None:
        raise RuntimeError(f"{request.node.nodeid} has no @req tag")
    return str(marker.kwargs["id"])


def summary(answer: Answer) -> str:
    if answer.fault is not None:
        return f"HTTP {answer.status}, SOAP fault: {answer.fault}"
    return f"HTTP {answer.status}, " + "; ".join(f"{r.code} {r.text!r}" for r in answer.results)


class RunNumbers:
    """The run's behandlingsnummer and test patients: drawn from the run's seed, never repeated in a run."""

    def __init__(self, patients: Sequence[str] = ()) -> None:
        draw = runseed.rng("spor behandlingsnummer")
        #: 16 digits: a run's numbers start at a random point far from any other run's
        self.base = draw.randrange(10**15, 9 * 10**15)
        self.counter = itertools.count()
        self.patient = runseed.rng("spor patient").choice(sorted(patients)) if patients else None

    def fresh(self) -> str:
        return str(self.base + next(self.counter))


@dataclass
class SporScenario:
    """One scenario's view of the target: a client, the control API (or None), the run's numbers."""

    endpoint: Endpoint
    client: SporClient
    control: SporControl | None
    run: RunNumbers = field(default_factory=RunNumbers)
    numbers: dict[str, str] = field(default_factory=dict)

    @property
    def unit(self) -> str:
        return str(self.endpoint.options.get("system_id", UNIT))

    def fresh(self) -> str:
        return self.run.fresh()

    def number(self, literal: str) -> str:
        """The document's behandlingsnummer as sent: itself on a reset simulator, else a fresh one."""
        if self.control is not None:
            return literal
        return self.numbers.setdefault(literal, self.fresh())

    def text(self, text: str) -> str:
        for literal in list(self.numbers):
            text = text.replace(literal, self.numbers[literal])
        return text

    def adapt(self, registration: etree._Element) -> etree._Element:
        adapted = copy.deepcopy(registration)
        for unit in adapted.iter(f"{{{NS}}}systemId"):
            unit.text = self.unit if unit.text == UNIT else unit.text
        for number in adapted.iter(f"{{{NS}}}behandlingsnummer"):
            number.text = self.number(number.text or "")
        patient = self.run.patient
        if self.control is None and patient is not None:
            for person in adapted.iter(f"{{{NS}}}personnummer"):
                if person.text == EXAMPLE["personnummer"]:
                    self.numbers[EXAMPLE["personnummer"]] = person.text = patient
        return adapted

    def send(self, registrations: list[etree._Element]) -> Answer:
        return self.client.send([self.adapt(r) for r in registrations])

    def fellista(self) -> dict[str, list[str]]:
        """The Fellista (§7.3): a page behind a SITHS login, read here through a simulator's control API."""
        if self.control is None:
            pytest.skip("reading the Fellista needs a simulator's control API (in SPOR it is a web page)")
        return self.control.fellista()

    def stored(self, literal: str) -> etree._Element | None:
        if self.control is None:
            pytest.skip("reading what SPOR stored needs a simulator's control API")
        return self.control.registration(self.number(literal))

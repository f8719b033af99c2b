"""What the SPOR steps share: the guide's example registration, and one scenario's view of the target.

A Given builds a registration from the guide's example values; it meets the target only in
a When step, where `SporScenario.adapt` swaps in the target's known unit (and, on a registry
that cannot be reset, fresh behandlingsnummer).
"""

from __future__ import annotations

import copy
import itertools
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from lxml import etree

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
    return {etree.QName(c).localname: " ".join("".join(c.itertext()).split()) for c in registration}


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


@dataclass
class SporScenario:
    """One scenario's view of the target: a client, the control API (or None), fresh numbers."""

    endpoint: Endpoint
    client: SporClient
    control: SporControl | None
    numbers: dict[str, str] = field(default_factory=dict)
    counter: Iterator[int] = field(default_factory=itertools.count)
    base: int = field(default_factory=lambda: 10**12 + int(time.time() * 1000) % 10**12 * 100)

    @property
    def unit(self) -> str:
        return str(self.endpoint.options.get("system_id", UNIT))

    def fresh(self) -> str:
        return str(self.base + next(self.counter))

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
        return adapted

    def send(self, registrations: list[etree._Element]) -> Answer:
        return self.client.send([self.adapt(r) for r in registrations])

    def stored(self, literal: str) -> etree._Element | None:
        if self.control is None:
            pytest.skip("reading what SPOR stored needs a simulator's control API")
        return self.control.registration(self.number(literal))

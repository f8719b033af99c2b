"""A LAR written otherwise than konform's simulator, in every way the service guide allows.

The converse of the fault profiles: `breaks` is empty, so the LAR features must pass against
it (tests/lar/test_lar_fault_profiles.py). Where it departs from one of konform's readings
(konform/lar/readings.py) a lenient run warns under that requirement and a strict run fails
(`readings`); where it only words or spells things otherwise, nothing may even warn.
"""

from __future__ import annotations

from lxml import etree

from konform import soap
from konform.checks import Finding
from konform.lar import model, schema
from konform.lar.behaviour import ConsentDecision, LarBehaviour, Outcome
from konform.lar.model import Operation
from konform.lar.readings import reading


class Independent(LarBehaviour):
    name = "independent"
    deviation = (
        "none the guide forbids: JAX-WS wording, a SOAP fault for a body its schema refuses, statusTexts "
        "in its own (lower-case) words, Register/Update replies with ReplyStatus only (as the guide's "
        "examples), capitalised HTTP header names, any §4.3 system for a substance, the table's "
        "'serverity', CPR numbers not checked, MinLog only for a værdispring"
    )
    breaks = frozenset()
    readings = frozenset({schema.REPLY, schema.CODES, schema.REACTION, schema.CONSENT})

    def problems(self, payload: etree._Element, operation: Operation) -> list[Finding]:
        """The guide's rules, without konform's readings of a substance, "serverity" and CPR dates."""
        lenient = (reading("substance"), reading("serverity"))
        return [
            found
            for found in super().problems(payload, operation)
            if found.reading not in lenient
            and not (found.requirement == schema.CODES and found.element == "patient.code")
        ]

    def not_valid(self, problems: list[Finding]) -> Outcome:
        """A body its schema refuses is a SOAP fault, as a JAX-WS endpoint answers; the rest
        NotValidData in its own words, the fields named in lower case."""
        unknown = [problem for problem in problems if problem.requirement == schema.SCHEMA]
        if unknown:
            named = ", ".join(f"'{problem.element}'" for problem in unknown)
            raise soap.Fault(
                "Client", f"Unmarshalling Error: cvc-complex-type.2.4.a: invalid content at {named}"
            )
        text = "; ".join(problem.message for problem in problems)
        return Outcome(model.NOT_VALID_DATA, f"Forespørgslen er afvist. Valideringsfejl: {text.lower()}")

    def success(self, stored: etree._Element) -> Outcome:
        """ReplyStatus only, as the guide's own example replies (§5.1, §5.2)."""
        return Outcome(model.SUCCESS, "OK – allergien er gemt")

    def header_name(self, name: bytes) -> bytes:
        """Content-Type, Content-Length: as Java and .NET servers write them."""
        return b"-".join(part.capitalize() for part in name.split(b"-"))

    def logs_access(self, decision: ConsentDecision) -> bool:
        """MinLog only for a værdispring: the guide says nothing of what LAR logs."""
        return decision.overridden is not None

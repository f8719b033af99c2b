"""BRS's consumer rules: what a treatmentRelation or notificationQuery request must satisfy.

`body_findings` is the one judgement of a request body: the simulator answers its
first error with processing_problem (BRS-FAULTS), `konform validate brs` reports them
all (with the DGWS header checks of `konform.brs.envelope`), and the features judge
generated requests by it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from lxml import etree

from konform.brs import schema
from konform.brs.model import q
from konform.brs.schema import NOTIFICATION, QUERY, REQUEST
from konform.checks import Finding, Severity
from konform.identifiers import dk_cpr, dk_cvr
from konform.identifiers.exceptions import ValidationError

Check = Callable[[etree._Element, frozenset[str]], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """A consumer rule: its catalogue ID, the body it applies to (its root tag) and the check."""

    requirement: str
    applies_to: str
    check: Check


RULES: list[Rule] = []


def rule(requirement: str, applies_to: str) -> Callable[[Check], Check]:
    def register(check: Check) -> Check:
        RULES.append(Rule(requirement, applies_to, check))
        return check

    return register


def finding(
    element: etree._Element | None, requirement: str, message: str, severity: Severity = "error"
) -> Finding:
    line = element.sourceline if element is not None and element.sourceline else 0
    name = etree.QName(element).localname if element is not None else None
    return Finding(line=line, requirement=requirement, severity=severity, message=message, element=name)


@rule(schema.REQ, REQUEST)
def patient_and_professional_cpr(body: etree._Element, bad: frozenset[str]) -> Iterator[Finding]:
    """BRS-REQ: PatientCpr and HealthProfessionalCpr are CPR-nummer (a real date; never modulus 11)."""
    for name in ("PatientCpr", "HealthProfessionalCpr"):
        element = body.find(q(name))
        if element is None or name in bad:
            continue
        try:
            dk_cpr.validate(element.text or "", allow_future_birth_date=True)
        except ValidationError as error:
            yield finding(element, schema.REQ, f"{name}: {error}")


@rule(schema.REQ, REQUEST)
def queryable_cvr(body: etree._Element, bad: frozenset[str]) -> Iterator[Finding]:
    """BRS-REQ: QueryableCvr is a CVR-nummer (any CVR, not necessarily the caller's)."""
    element = body.find(q("QueryableCvr"))
    if element is not None and "QueryableCvr" not in bad:
        try:
            dk_cvr.validate(element.text or "")
        except ValidationError as error:
            yield finding(element, schema.REQ, f"QueryableCvr: {error}")


@rule("NOTIF-QUERY", QUERY)
def notification_type(body: etree._Element, bad: frozenset[str]) -> Iterator[Finding]:
    """NOTIF-QUERY: "For en behandlingsrelation vil værdien være "BRS"" – another Type finds nothing."""
    element = body.find(q("Type", NOTIFICATION))
    if element is not None and "Type" not in bad and (element.text or "").strip() != "BRS":
        text = (element.text or "").strip()
        message = f"Type {text!r}: BRS notifications have Type 'BRS'; this query finds none"
        yield finding(element, "NOTIF-QUERY", message, "warning")


def schema_findings(body: etree._Element) -> list[Finding]:
    """Schema violations as findings under the rule each breaks (konform.brs.schema)."""
    found = []
    for violation in schema.violations(body):
        message = violation.message
        if violation.requirement == schema.TIME:
            message += " (the guide's format: YYYY-MM-DDTHH:MM:SS+HH:MM, e.g. 2013-01-31T22:59:40+02:00)"
        if violation.element == "All" and "'ALL'" in message:
            message += " (erratum: the guide's text says ALL, its example <All>All</All>; follow the example)"
        found.append(
            Finding(violation.line, violation.requirement, "error", message, violation.element or None)
        )
    return found


def body_findings(body: etree._Element) -> list[Finding]:
    """Every finding on a request body, in document order; the first error is what BRS answers."""
    found = schema_findings(body)
    bad = frozenset(f.element for f in found if f.element)
    for each in RULES:
        if each.applies_to == body.tag:
            found.extend(each.check(body, bad))
    return sorted(found, key=lambda f: f.line)


def first_error(body: etree._Element) -> Finding | None:
    """The error BRS names in its processing_problem answer, or None for a valid body."""
    return next((f for f in body_findings(body) if f.severity == "error"), None)

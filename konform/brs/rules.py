"""BRS's consumer rules: what a treatmentRelation or notificationQuery request must satisfy.

`body_findings` is the one judgement of a request body: the simulator answers its
first error with processing_problem (BRS-FAULTS), `konform validate brs` reports them
all (with the DGWS header checks of `konform.brs.envelope`), and the features judge
generated requests by it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from lxml import etree

from konform.brs import relations, schema
from konform.brs.model import CATEGORIES, q
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


#: The request's elements the guide neither marks "Ikke obligatorisk" nor ties to a follow-up:
#: a service refuses a request without one of them (processing_problem, "Som oftest validerings fejl").
OBLIGATORY = (
    "OrganisationIdentifier",
    "PatientCpr",
    "HealthProfessionalCpr",
    "RelationLookupTimeInterval",
    "AcceptableRelations",
    "AuthorisationIdentifier",
    "ServiceProvider",
)
#: Why konform expects a service to refuse a value: the guide names each field's kind but not
#: what the service checks (only that a validation error is answered processing_problem).
VALUE_READING = (
    "the guide does not say which values the service validates; konform expects a value that is not "
    "the field's kind (a CPR-nummer with a real date, a CVR-nummer with its check digit, the timestamp "
    "format, a non-blank text) to be refused"
)
#: BRS-DGWS: "SOSI idkortet i headeren skal være på niveau 3" – a higher level is konform's reading.
LEVEL_READING = 'the guide says the ID card "skal være på niveau 3"; konform reads a higher level as fine'
#: BRS-ENDPOINT: "WSDL findes ved at tilføje "?wsdl"-postfix til adressen" is said of BRS only.
WSDL_READING = (
    'the guide promises a WSDL at "?wsdl" for BRS\'s address; konform expects the notification '
    "service to publish one the same way"
)
#: The reading a scenario marked "(konform's reading)" rests on, by its requirement.
SCENARIO_READINGS = {
    "BRS-DGWS": LEVEL_READING,
    "BRS-FOLLOWUP": relations.ALL_READING,
    "BRS-ENDPOINT": WSDL_READING,
}
TYPE_READING = (
    'the guide says a behandlingsrelation\'s notifications have Type "BRS"; konform reads a query '
    "for another Type as finding none"
)

#: "Notifikationerne returneres i sorteret rækkefølge" (NOTIF-QUERY): sorted, the direction unsaid.
ASCENDING_READING = 'the guide says "i sorteret rækkefølge"; konform reads it as ascending serial number'

#: konform's readings behind BRS-REQ findings the guide's words alone do not make.
FOLLOWUP_READING = (
    "a follow-up needs its expiry and a reader of its notification: konform reads TimeLimit and "
    "QueryableCvr as required when FollowupRelations asks for one (the guide does not say)"
)
CATEGORY_READING = (
    'the guide gives relation categories as examples only (f.eks. "A+, A, B", "D, E"); konform '
    "knows A+, A, B, C, D, E and notes any other"
)
ALL_READING = "erratum: the guide's text says ALL, its example <All>All</All>; konform follows the example"
PROVIDER_READING = (
    "erratum: the guide's text calls ServiceProvider a string, its example has Name, Version, Vendor; "
    "konform follows the example"
)


@rule(schema.REQ, REQUEST)
def followup_fields(body: etree._Element, bad: frozenset[str]) -> Iterator[Finding]:
    """BRS-REQ (reading): FollowupRelations orders a follow-up, which needs TimeLimit and QueryableCvr."""
    followup = body.find(q("FollowupRelations"))
    if followup is None or "FollowupRelations" in bad:
        return
    for name in ("TimeLimit", "QueryableCvr"):
        if body.find(q(name)) is None and name not in bad:
            message = f"{name} is missing, but FollowupRelations asks for a follow-up"
            yield replace(finding(followup, schema.REQ, message), reading=FOLLOWUP_READING)


@rule(schema.REQ, REQUEST)
def known_categories(body: etree._Element, bad: frozenset[str]) -> Iterator[Finding]:
    """BRS-REQ (reading, a warning): a relation category konform does not know from the guide's examples."""
    for element in body.iter(q("Relation"), q("All")):
        text = (element.text or "").strip()
        if etree.QName(element).localname == "All":
            if text == "ALL":
                message = "All 'ALL': the guide's example writes <All>All</All>"
                yield replace(finding(element, schema.REQ, message, "warning"), reading=ALL_READING)
        elif text and text not in CATEGORIES and "Relation" not in bad:
            message = f"Relation {text!r} is none of the categories konform knows ({', '.join(CATEGORIES)})"
            yield replace(finding(element, schema.REQ, message, "warning"), reading=CATEGORY_READING)


@rule("NOTIF-QUERY", QUERY)
def notification_type(body: etree._Element, bad: frozenset[str]) -> Iterator[Finding]:
    """NOTIF-QUERY: "For en behandlingsrelation vil værdien være "BRS"" – another Type finds nothing."""
    element = body.find(q("Type", NOTIFICATION))
    if element is not None and "Type" not in bad and (element.text or "").strip() != "BRS":
        text = (element.text or "").strip()
        message = f"Type {text!r}: BRS notifications have Type 'BRS'; this query finds none"
        yield replace(finding(element, "NOTIF-QUERY", message, "warning"), reading=TYPE_READING)


def refusal_reading(body: etree._Element) -> str:
    """Why a service must refuse `body`: "" when an OBLIGATORY element is missing (the guide's
    words), else the reading that makes konform expect a refusal (the follow-up's fields, a value)."""
    if any(body.find(q(name)) is None for name in OBLIGATORY):
        return ""
    if any(f.reading == FOLLOWUP_READING for f in followup_fields(body, frozenset())):
        return FOLLOWUP_READING
    if _as_text(body, "ServiceProvider"):
        return PROVIDER_READING
    return VALUE_READING


def schema_findings(body: etree._Element, defects: Sequence[schema.Violation] = ()) -> list[Finding]:
    """Schema violations as findings under the rule each breaks (konform.brs.schema)."""
    found = []
    for violation in [*schema.violations(body), *defects]:
        message = violation.message
        if violation.requirement == schema.TIME:
            message += " (the guide's format: YYYY-MM-DDTHH:MM:SS+HH:MM, e.g. 2013-01-31T22:59:40+02:00)"
        reading = ""
        if violation.element == "ServiceProvider" and _as_text(body, "ServiceProvider"):
            reading = PROVIDER_READING
        element = violation.element or None
        found.append(Finding(violation.line, violation.requirement, "error", message, element, reading))
    return found


def _as_text(body: etree._Element, name: str) -> bool:
    """True when `name` holds text instead of child elements (ServiceProvider as the text describes it)."""
    element = body.find(q(name))
    return element is not None and not len(element) and bool((element.text or "").strip())


def body_findings(
    body: etree._Element, judged: Sequence[Finding] = (), defects: Sequence[schema.Violation] = ()
) -> list[Finding]:
    """Every finding on a request body, in document order; the first error is what BRS answers.

    `judged` and `defects`: what the rules (with nothing yet known bad) and the schema found on
    parts already taken out of `body` (the relations of a large request, judged a batch at a time).
    """
    found = schema_findings(body, defects)
    bad = frozenset(f.element for f in found if f.element)
    for each in RULES:
        if each.applies_to == body.tag:
            found.extend(each.check(body, bad))
    found.extend(finding for finding in judged if finding.element not in bad)
    return sorted(found, key=lambda f: f.line)


def first_error(body: etree._Element) -> Finding | None:
    """The error BRS names in its processing_problem answer, or None for a valid body."""
    return next((f for f in body_findings(body) if f.severity == "error"), None)

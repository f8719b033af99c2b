"""LAR's message rules (§4.1.1, §4.2.1, §4.3): one function per rule, registered under its catalogue ID.

The simulator answers NotValidData with the errors these find (LAR-4.1.2-REPLY); `konform
validate lar` reports them, warnings included (konform/lar/judge.py). Rules that need the
stored allergy (version, inactive, patient, existing identifier) live in the simulator. A
finding that rests on konform's reading rather than the guide's words names it
(`Finding.reading`, konform/lar/readings.py): `konform validate` reports it as a warning
unless readings are strict.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from lxml import etree

from konform.checks import Finding, Severity
from konform.identifiers import atc, dk_cpr, dk_sor, is_ascii_digits, uuids
from konform.lar import model, schema
from konform.lar.model import GET, UPDATE, Allergy, Coding, Operation, View
from konform.lar.readings import reading

Check = Callable[[View, Operation], Iterator[Finding]]


@dataclass(frozen=True)
class Rule:
    """A rule: its catalogue ID, what it looks at ("allergy" or "criteria"), and the check."""

    requirement: str
    on: str
    check: Check


RULES: list[Rule] = []


def rule(requirement: str, *, on: str = "allergy") -> Callable[[Check], Check]:
    def register(check: Check) -> Check:
        RULES.append(Rule(requirement, on, check))
        return check

    return register


def _finding(
    view: View, name: str, requirement: str, message: str, severity: Severity = "error", basis: str = ""
) -> Finding:
    """A finding on field `name`; `basis` the key of konform's reading it rests on ("" for the guide)."""
    return Finding(view.line_of(name.split(".")[0]), requirement, severity, message, name, reading(basis))


@rule(schema.IDENT)
def identifier_is_uuid(allergy: View, operation: Operation) -> Iterator[Finding]:
    """§4.1.1: identifier is a UUID; an update names an existing allergy, so it needs one."""
    identifier = allergy.text("identifier")
    if identifier is None and operation is UPDATE:
        yield _finding(allergy, "identifier", schema.IDENT, "identifier is required on UpdatePatientAllergy")
    elif identifier is not None and not uuids.is_valid(identifier):
        yield _finding(allergy, "identifier", schema.IDENT, f"identifier {identifier!r} is not a UUID")


@rule(schema.REQUIRED)
def required_fields(allergy: View, operation: Operation) -> Iterator[Finding]:
    """§4.1.1: clinicalStatus, substance, patient, onsetDateTime, recorder, recorderOrganization."""
    for name, kind in model.FIELDS:
        if name not in schema.REQUIRED_ALLERGY:
            continue
        if allergy.child(name) is None:
            yield _finding(allergy, name, schema.REQUIRED, f"{name} is required but missing")
        elif kind == "coding":
            yield from _coding_parts(allergy, name, schema.REQUIRED)
        elif kind == "text" and not allergy.text(name):
            yield _finding(allergy, name, schema.REQUIRED, f"{name} is required but empty")


def _coding_parts(view: View, name: str, requirement: str) -> Iterator[Finding]:
    coding = view.coding(name)
    assert coding is not None
    for part in ("system", "code"):
        if not getattr(coding, part):
            yield _finding(
                view, f"{name}.{part}", requirement, f"{name}.{part} is required but missing or empty"
            )


def _coded(
    view: View, name: str, requirement: str, allowed: tuple[str, ...], erratum: str
) -> Iterator[Finding]:
    value = view.value(name)
    if view.child(name) is not None and value not in allowed:
        hint = f" ({erratum})" if value and erratum and value.lower() in erratum.lower() else ""
        text = f"{name} {value!r} is not one of {', '.join(allowed)}{hint}"
        yield _finding(
            view, name, requirement, text if value is not None else f"{name} has no value attribute"
        )


@rule(schema.STATUS)
def clinical_status(allergy: View, operation: Operation) -> Iterator[Finding]:
    """§4.1.1: active, inactive or resolved, in lower case as the examples write them."""
    erratum = "the §4.2.2 table's capitalised Active, Inactive, Resolved is an erratum"
    if allergy.child("clinicalStatus") is not None:
        yield from _coded(allergy, "clinicalStatus", schema.STATUS, model.CLINICAL_STATUSES, erratum)


@rule(schema.CRIT)
def criticality(allergy: View, operation: Operation) -> Iterator[Finding]:
    """§4.1.1: low, high or unable-to-assess (§4.2.2's "unnable-to-assess" is an erratum)."""
    erratum = "'unnable-to-assess' is the §4.2.2 table's misspelling (erratum)"
    yield from _coded(allergy, "criticality", schema.CRIT, model.CRITICALITIES, erratum)


@rule(schema.REACTION)
def reactions(allergy: View, operation: Operation) -> Iterator[Finding]:
    """§4.1.1: each reaction has a manifestation code or a description; severity mild, moderate, severe."""
    for reaction in Allergy(allergy.element).reactions():
        coded, described = (
            reaction.child("manifestation") is not None,
            bool(reaction.text("manifestationDescription")),
        )
        if not coded and not described:
            line = reaction.element.sourceline or 0
            text = "reaction needs manifestation (SKS code and system) or manifestationDescription"
            yield Finding(line, schema.REACTION, "error", text, "reaction.manifestation")
        if coded:
            yield from _coding_parts(reaction, "manifestation", schema.REACTION)
        yield from _coded(reaction, "severity", schema.REACTION, model.SEVERITIES, "")
        if reaction.child("serverity") is not None:
            text = "reaction.serverity is the guide's table misspelling (erratum); the element is severity"
            yield _finding(reaction, "serverity", schema.REACTION, text, basis="serverity")


@rule(schema.VERSION)
def version_on_update(allergy: View, operation: Operation) -> Iterator[Finding]:
    """§4.1.1: an update carries the newest versionId (whether it is the newest, the simulator knows)."""
    version = allergy.text("versionId")
    if operation is UPDATE and version is None:
        yield _finding(allergy, "versionId", schema.VERSION, "versionId is required on UpdatePatientAllergy")
    elif version is not None and not (is_ascii_digits(version) and int(version) >= 1):
        yield _finding(
            allergy, "versionId", schema.VERSION, f"versionId {version!r} is not a version (1, 2, …)"
        )


#: §4.3: the system each coded field must use (substance: any system of the table; that it is ATC,
#: the one system "kan være" names, is konform's reading – `_substance_in_atc`).
SYSTEMS = {
    "patient": (model.CPR,),
    "recorder": (model.AUTORISATION,),
    "recorderOrganization": (model.SOR,),
    "substance": tuple(model.CODE_SYSTEMS.values()),
}


@rule(schema.CODES)
def code_systems(allergy: View, operation: Operation) -> Iterator[Finding]:
    """§4.3: only the table's systems; drugId any urn:oid:; ATC and SOR code structure is a warning."""
    for name, allowed in SYSTEMS.items():
        coding = allergy.coding(name)
        if coding and coding.system and coding.system not in allowed:
            yield _system_finding(allergy, name, coding, allowed)
    for reaction in Allergy(allergy.element).reactions():
        coding = reaction.coding("manifestation")
        if coding and coding.system and coding.system != model.SKS:
            yield _system_finding(reaction, "manifestation", coding, (model.SKS,))
    yield from _substance_in_atc(allergy)
    drug = allergy.coding("drugId")
    if drug and drug.system and not drug.system.startswith(model.DRUG_ID_PREFIX):
        yield _finding(
            allergy, "drugId.system", schema.CODES, f"drugId.system {drug.system!r} is not a urn:oid:"
        )
    yield from _code_structure(allergy)


def _substance_in_atc(allergy: View) -> Iterator[Finding]:
    """§4.1.1 "System kan være oid for ATC kode": a substance in another table system (a person's CPR,
    an organisation's SOR) is no substance konform can read (konform's reading: an error only when
    readings are strict)."""
    coding = allergy.coding("substance")
    if coding and coding.system in model.CODE_SYSTEMS.values() and coding.system != model.ATC:
        system = next(name for name, oid in model.CODE_SYSTEMS.items() if oid == coding.system)
        text = f"substance.system {coding.system!r} is the {system} system, not ATC {model.ATC}"
        yield _finding(allergy, "substance.system", schema.CODES, text, basis="substance")


def _system_finding(view: View, name: str, coding: Coding, allowed: tuple[str, ...]) -> Finding:
    return _finding(
        view, f"{name}.system", schema.CODES, f"{name}.system {coding.system!r} is not {' or '.join(allowed)}"
    )


def _code_structure(view: View, patient: str = "patient") -> Iterator[Finding]:
    person = view.coding(patient)
    if person and person.system == model.CPR and person.code:
        try:
            dk_cpr.validate(person.code, allow_future_birth_date=True)  # modulus 11 is never required
        except ValueError as error:
            yield _finding(
                view, f"{patient}.code", schema.CODES, f"{patient}.code is not a CPR-nummer: {error}"
            )
    substance = view.coding("substance")
    if substance and substance.system == model.ATC and substance.code and not atc.is_valid(substance.code):
        text = f"substance.code {substance.code!r} is not a complete ATC code such as N02BE01"
        text += " (a warning only: the guide's own examples use 648005)"
        yield _finding(view, "substance.code", schema.CODES, text, "warning", basis="code-structure")
    organization = view.coding("recorderOrganization")
    if (
        organization
        and organization.system == model.SOR
        and organization.code
        and not dk_sor.is_valid(organization.code)
    ):
        text = f"recorderOrganization.code {organization.code!r} is not a SOR code (1-18 digits)"
        yield _finding(
            view, "recorderOrganization.code", schema.CODES, text, "warning", basis="code-structure"
        )


@rule(schema.QUERY, on="criteria")
def query(criteria: View, operation: Operation) -> Iterator[Finding]:
    """§4.2.1: patient, requesterOrganization (code, type shak|sor|ydernummer), consentOverride required."""
    for name in schema.REQUIRED_CRITERIA:
        if criteria.child(name) is None:
            yield _finding(criteria, name, schema.QUERY, f"{name} is required but missing")
    if criteria.child("patient") is not None:
        yield from _coding_parts(criteria, "patient", schema.QUERY)
    organization = criteria.child("requesterOrganization")
    if organization is not None:
        inner = model.View(organization, model.SERVICE_NS)
        kind, code = inner.value("type"), inner.text("code")
        if kind not in model.ORGANIZATION_TYPES:
            text = f"requesterOrganization.type {kind!r} is not one of {', '.join(model.ORGANIZATION_TYPES)}"
            yield _finding(criteria, "requesterOrganization.type", schema.QUERY, text)
        if not code:
            text = "requesterOrganization.code is required but missing or empty"
            yield _finding(criteria, "requesterOrganization.code", schema.QUERY, text)
    for name in ("consentOverride", "includeHistory"):
        flag = criteria.text(name)
        if flag is not None and flag not in ("true", "false", "1", "0"):
            yield _finding(criteria, name, schema.QUERY, f"{name} {flag!r} is not a boolean (true or false)")


@rule(schema.CODES, on="criteria")
def query_patient_system(criteria: View, operation: Operation) -> Iterator[Finding]:
    """§4.2.1, §4.3: the patient is a CPR-nummer in the CPR system."""
    patient = criteria.coding("patient")
    if patient and patient.system and patient.system != model.CPR:
        yield _system_finding(criteria, "patient", patient, (model.CPR,))
    yield from _code_structure(criteria)


def check(content: etree._Element, operation: Operation) -> list[Finding]:
    """Every finding of every rule on an allergy (register, update) or search criteria (get)."""
    on = "criteria" if operation is GET else "allergy"
    view = model.criteria_view(content) if operation is GET else Allergy(content)
    return [finding for each in RULES if each.on == on for finding in each.check(view, operation)]


def errors(content: etree._Element, operation: Operation) -> list[Finding]:
    return [finding for finding in check(content, operation) if finding.severity == "error"]


def problems(
    payload: etree._Element,
    operation: Operation,
    judged: Sequence[Finding] = (),
    defects: Sequence[schema.Violation] = (),
) -> list[Finding]:
    """Rule findings on a request payload, then schema defects no rule names (one defect, one finding).

    `judged` and `defects`: what the rules and the schema found on parts already taken out of
    `payload` (the reactions of a large request, judged a batch at a time).
    """
    content = payload.find(model.CRITERIA if operation is GET else model.ALLERGY)
    found = [*(check(content, operation) if content is not None else []), *judged]
    covered = {part for finding in found for part in (finding.element or "").split(".")}
    for violation in [*schema.violations(payload), *defects]:
        if violation.element not in covered:
            # A defect only konform's schema names (no rule of the guide's covers it) is our reading.
            basis = reading("schema") if violation.requirement == schema.SCHEMA else ""
            found.append(
                Finding(
                    violation.line,
                    violation.requirement,
                    "error",
                    violation.message,
                    violation.element,
                    basis,
                )
            )
    return sorted(found, key=lambda finding: finding.line)

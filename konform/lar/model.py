"""LAR's messages as data: operations, code systems, and views over allergies and search criteria (§4, §5)."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from lxml import etree

from konform.identifiers import is_ascii_digits

SERVICE_NS = "http://nsp.dk/medicationallergyservice/2018/11/21/"
ALLERGY_NS = "http://nsp.dk/medicationallergyservice/allergy/2018/11/21/"
#: The prefixes the guide's examples use (§5); readers never depend on prefixes.
NSMAP = {"ns6": SERVICE_NS, "ns8": ALLERGY_NS}

#: Unqualified children of the wrappers, as in the guide's examples.
ALLERGY = "MedicationAllergyIntoleranceReduced"
CRITERIA = "MedicationAllergyIntoleranceSearchCriteria"
REPLY_STATUS = "ReplyStatus"


@dataclass(frozen=True)
class Operation:
    """One SOAP operation: its name, request and response elements, and the ID-card level it needs."""

    name: str
    min_level: int

    @property
    def request(self) -> str:
        return f"{{{SERVICE_NS}}}{self.name}Request"

    @property
    def response(self) -> str:
        return f"{{{SERVICE_NS}}}{self.name}Response"


REGISTER = Operation("RegisterPatientAllergy", 3)  # §4.1 "kræver minimum et id kort niveau 3"
UPDATE = Operation("UpdatePatientAllergy", 3)
GET = Operation("GetPatientAllergyList", 4)  # §4.2 "kræver minimum et id kort niveau 4"
OPERATIONS = {operation.request: operation for operation in (REGISTER, UPDATE, GET)}
LEVEL_RULE = {REGISTER: "LAR-4.1-LEVEL", UPDATE: "LAR-4.1-LEVEL", GET: "LAR-4.2-LEVEL"}

# §4.3 "Anvendte kodesystemer"
ATC = "urn:oid:2.16.840.1.113883.6.73"
SOR = "urn:oid:1.2.208.176.1.1"
AUTORISATION = "urn:oid:1.2.208.176.1.3"
CPR = "urn:oid:1.2.208.176.1.2"
SKS = "urn:oid:1.2.208.176.2.4.12"
#: Drug Id's OID is unsettled ("urn:oid:mangler_afklaring"; the examples write urn:oid:drug_id).
DRUG_ID_PREFIX = "urn:oid:"
CODE_SYSTEMS = {"ATC": ATC, "SOR": SOR, "Autorisationskode": AUTORISATION, "CPR": CPR, "SKS": SKS}

# §4.1.1, §4.2.1, §4.2.2
CLINICAL_STATUSES = ("active", "inactive", "resolved")
CRITICALITIES = ("low", "high", "unable-to-assess")
SEVERITIES = ("mild", "moderate", "severe")
ORGANIZATION_TYPES = ("shak", "sor", "ydernummer")
#: The fields LAR always overwrites (§4.1.1), with the value it writes (lastUpdated: its clock).
OVERWRITTEN = {"verificationStatus": "confirmed", "type": "allergy", "category": "medication"}

SUCCESS = "Success"
NOT_VALID_DATA = "NotValidData"
PROBLEM_CALLING_CAVE = "ProblemCallingCave"
MSB_ERROR = "MsbTechnicalError"
TREATMENT_RELATION_ERROR = "TreatmentRelationTechhnicalError"  # sic, as §4.2.2 spells it
SAMTYKKE_ERROR = "SamtykkeTechnicalError"
MINLOG_ERROR = "MinLogTechnicalError"
DATA_SPECIFIC_CONSENT = "SuccessButDataSpecificConsent"
NEGATIVE_CONSENT = "NegativeConsent"
SUCCESS_TEXT = "Kald til servicen var successfuld"  # the examples' statusText (§5)

#: Children of MedicationAllergyIntoleranceReduced in schema order; "value" marks coded values.
FIELDS: tuple[tuple[str, str], ...] = (
    ("identifier", "text"),
    ("clinicalStatus", "value"),
    ("verificationStatus", "value"),
    ("type", "value"),
    ("category", "value"),
    ("criticality", "value"),
    ("substance", "coding"),
    ("substanceDescription", "text"),
    ("drugId", "coding"),
    ("patient", "coding"),
    ("onsetDateTime", "text"),
    ("recorder", "coding"),
    ("recorderOrganization", "coding"),
    ("note", "text"),
    ("reaction", "reaction"),
    ("versionId", "text"),
    ("lastUpdated", "text"),
)
REACTION_FIELDS = (
    ("manifestation", "coding"),
    ("manifestationDescription", "text"),
    ("onset", "text"),
    ("severity", "value"),
)


def a(name: str) -> str:
    """Clark name in the allergy namespace."""
    return f"{{{ALLERGY_NS}}}{name}"


def s(name: str) -> str:
    """Clark name in the service namespace."""
    return f"{{{SERVICE_NS}}}{name}"


@dataclass(frozen=True)
class Coding:
    """A code and its system (§4.3)."""

    system: str
    code: str


def _append(parent: etree._Element, tag: str, kind: str, value: Any) -> None:
    if value is None:
        return
    element = etree.SubElement(parent, tag)
    if kind == "value":
        element.set("value", str(value))
    elif kind == "coding":
        coding = value if isinstance(value, Coding) else Coding(*value)
        namespace = etree.QName(tag).namespace
        etree.SubElement(element, f"{{{namespace}}}system").text = coding.system
        etree.SubElement(element, f"{{{namespace}}}code").text = coding.code
    else:
        element.text = str(value)


def reaction_xml(parent: etree._Element, values: Mapping[str, Any]) -> etree._Element:
    reaction = etree.SubElement(parent, a("reaction"))
    for name, kind in REACTION_FIELDS:
        _append(reaction, a(name), kind, values.get(name))
    return reaction


def allergy_xml(**values: Any) -> etree._Element:
    """A MedicationAllergyIntoleranceReduced; codings as Coding or (system, code), reaction: dicts."""
    unknown = set(values) - {name for name, _ in FIELDS}
    if unknown:
        raise TypeError(f"not a field of {ALLERGY}: {', '.join(sorted(unknown))}")
    allergy = etree.Element(ALLERGY, nsmap={"ns8": ALLERGY_NS})
    for name, kind in FIELDS:
        if kind == "reaction":
            for reaction in values.get(name) or ():
                reaction_xml(allergy, reaction)
        else:
            _append(allergy, a(name), kind, values.get(name))
    return allergy


def criteria_xml(
    *,
    patient: str | Coding | None,
    requester: tuple[str, str] | None = ("sor", "12345"),
    consent_override: bool | str | None = False,
    include_history: bool | str | None = None,
) -> etree._Element:
    """MedicationAllergyIntoleranceSearchCriteria (§4.2.1); None leaves an element out."""
    criteria = etree.Element(CRITERIA, nsmap={"ns6": SERVICE_NS})
    if patient is not None:
        _append(
            criteria, s("patient"), "coding", patient if isinstance(patient, Coding) else Coding(CPR, patient)
        )
    if requester is not None:
        organization = etree.SubElement(criteria, s("requesterOrganization"))
        etree.SubElement(organization, s("type")).set("value", requester[0])
        etree.SubElement(organization, s("code")).text = requester[1]
    for name, flag in (("consentOverride", consent_override), ("includeHistory", include_history)):
        if flag is not None:
            etree.SubElement(criteria, s(name)).text = str(flag).lower() if isinstance(flag, bool) else flag

    return criteria


def request_xml(operation: Operation, content: etree._Element | None) -> etree._Element:
    """The operation's request wrapper around a copy of an allergy or search criteria (ns6/ns8 as in §5)."""
    wrapper = etree.Element(operation.request, nsmap=NSMAP)
    if content is not None:
        wrapper.append(copy.deepcopy(content))
    return wrapper


def response_xml(
    operation: Operation, status_code: str, status_text: str, allergies: Iterable[etree._Element] = ()
) -> etree._Element:
    """The operation's response: ReplyStatus and the list of allergies (§4.1.2, §4.2.2)."""
    wrapper = etree.Element(operation.response, nsmap=NSMAP)
    status = etree.SubElement(wrapper, REPLY_STATUS)
    etree.SubElement(status, s("statusCode")).text = status_code
    etree.SubElement(status, s("statusText")).text = status_text
    wrapper.extend(allergies)
    return wrapper


def put(allergy: etree._Element, name: str, value: str) -> etree._Element:
    """Set the allergy's field `name` (a coded value or a text), inserting it in schema order if absent."""
    kinds = dict(FIELDS)
    element = allergy.find(a(name))
    if element is None:
        element = etree.Element(a(name))
        order = [field for field, _ in FIELDS]
        later = {a(field) for field in order[order.index(name) + 1 :]}
        following = next((child for child in allergy if child.tag in later), None)
        if following is None:
            allergy.append(element)
        else:
            following.addprevious(element)
    if kinds[name] == "value":
        element.set("value", value)
    else:
        element.text = value
    return element


class View:
    """Read-only access to a LAR element whose children are in one namespace (allergy, reaction, criteria)."""

    __slots__ = ("element", "namespace")

    def __init__(self, element: etree._Element, namespace: str = ALLERGY_NS) -> None:
        self.element = element
        self.namespace = namespace

    def child(self, name: str) -> etree._Element | None:
        return self.element.find(f"{{{self.namespace}}}{name}")

    def text(self, name: str) -> str | None:
        found = self.child(name)
        return None if found is None else (found.text or "").strip()

    def value(self, name: str) -> str | None:
        """A coded value: the `value` attribute (§5 writes `<ns8:clinicalStatus value="active"/>`)."""
        found = self.child(name)
        return None if found is None else found.get("value")

    def coding(self, name: str) -> Coding | None:
        found = self.child(name)
        if found is None:
            return None
        return Coding(
            (found.findtext(f"{{{self.namespace}}}system") or "").strip(),
            (found.findtext(f"{{{self.namespace}}}code") or "").strip(),
        )

    def line_of(self, name: str) -> int:
        found = self.child(name)
        return (found.sourceline if found is not None else self.element.sourceline) or 0


class Allergy(View):
    """A MedicationAllergyIntoleranceReduced (request or reply)."""

    @property
    def identifier(self) -> str | None:
        return self.text("identifier")

    @property
    def clinical_status(self) -> str | None:
        return self.value("clinicalStatus")

    @property
    def patient(self) -> str | None:
        found = self.coding("patient")
        return found.code if found else None

    @property
    def version(self) -> int | None:
        text = self.text("versionId")
        return int(text) if text and is_ascii_digits(text) else None

    def reactions(self) -> list[View]:
        return [View(element) for element in self.element.iterchildren(a("reaction"))]

    def values(self) -> dict[str, str]:
        """Field → text (a coding as "system|code", a coded value as its value): to compare allergies."""
        found: dict[str, str] = {}
        for name, kind in FIELDS:
            if kind == "value":
                value = self.value(name)
            elif kind == "coding":
                coding = self.coding(name)
                value = f"{coding.system}|{coding.code}" if coding else None
            elif kind == "reaction":
                value = " / ".join(" ".join("".join(r.element.itertext()).split()) for r in self.reactions())
            else:
                value = self.text(name)
            if value:
                found[name] = value
        return found


def criteria_view(element: etree._Element) -> View:
    return View(element, SERVICE_NS)


def allergies_in(wrapper: etree._Element) -> list[Allergy]:
    return [Allergy(element) for element in wrapper.iterchildren(ALLERGY)]

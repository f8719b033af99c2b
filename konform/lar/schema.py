"""LAR's XSD and WSDL (our design, schemas/lar/) compiled once; schema errors as named field defects.

LAR answers a body that breaks the schema with NotValidData naming the field (catalogue,
LAR-4.1.2-REPLY), so each libxml2 error is turned into a Violation that names the field
and the catalogue rule it breaks (CONTRACTS.md: SCHEMA only where no rule covers it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree

from konform import xml
from konform.lar.model import ALLERGY_NS, SERVICE_NS

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas" / "lar"
SERVICE_XSD = SCHEMA_DIR / "medicationallergyservice-2018-11-21.xsd"
ALLERGY_XSD = SCHEMA_DIR / "medicationallergy-2018-11-21.xsd"
WSDL_PATH = SCHEMA_DIR / "MedicationAllergyService-2018-11-21.wsdl"

IDENT = "LAR-4.1.1-IDENT"
STATUS = "LAR-4.1.1-STATUS"
CRIT = "LAR-4.1.1-CRIT"
REQUIRED = "LAR-4.1.1-REQUIRED"
PATIENT = "LAR-4.1.1-PATIENT"
REACTION = "LAR-4.1.1-REACTION"
VERSION = "LAR-4.1.1-VERSION"
OVERWRITE = "LAR-4.1.1-OVERWRITE"
REPLY = "LAR-4.1.2-REPLY"
QUERY = "LAR-4.2.1-QUERY"
HISTORY = "LAR-4.2.1-HISTORY"
CONSENT = "LAR-4.2.2-CONSENT"
CODES = "LAR-4.3-CODES"
DGWS = "LAR-3-DGWS"
EXAMPLES = "LAR-5-EXAMPLES"
SCHEMA = "SCHEMA"

#: Field → the rule a schema error on it breaks (allergy fields; criteria fields map to QUERY).
FIELD_RULES = {
    "identifier": IDENT,
    "clinicalStatus": STATUS,
    "criticality": CRIT,
    "reaction": REACTION,
    "manifestation": REACTION,
    "manifestationDescription": REACTION,
    "severity": REACTION,
    "serverity": REACTION,  # the guide's table spelling (erratum), never valid on the wire
    "versionId": VERSION,
}
#: Required children: a missing one breaks LAR-4.1.1-REQUIRED (allergy) or LAR-4.2.1-QUERY (criteria).
REQUIRED_ALLERGY = (
    "clinicalStatus",
    "substance",
    "patient",
    "onsetDateTime",
    "recorder",
    "recorderOrganization",
)
REQUIRED_CRITERIA = ("patient", "requesterOrganization", "consentOverride")


@dataclass(frozen=True)
class Violation:
    """One schema defect: where, the field it concerns, the message and the rule it breaks."""

    line: int
    element: str
    message: str
    requirement: str


@cache
def schema() -> etree.XMLSchema:
    """The service XSD (which imports the allergy XSD), compiled once with libxml2."""
    return etree.XMLSchema(etree.parse(str(SERVICE_XSD), xml.parser()))


_ENTRY = re.compile(
    r"Element '(?P<element>[^']*)'(?:, attribute '(?P<attribute>[^']*)')?: (?P<text>.*)", re.S
)
_EXPECTED = re.compile(r"Expected is (?:one of )?\( (?P<names>.*?) \)")
_NAMES = {f"{{{ALLERGY_NS}}}": "", f"{{{SERVICE_NS}}}": ""}


def _local(clark: str) -> str:
    return clark.rsplit("}", 1)[-1]


def _plain(text: str) -> str:
    for clark, short in _NAMES.items():
        text = text.replace(clark, short)
    return " ".join(text.split())


def violations(payload: etree._Element, checker: etree.XMLSchema | None = None) -> list[Violation]:
    """The schema defects of a request payload (e.g. RegisterPatientAllergyRequest), in document order.

    `checker`: another compiled schema for a part of one (the reactions of a large request).
    """
    checker = checker or schema()
    if checker.validate(payload):
        return []
    found: list[Violation] = []
    seen: set[tuple[int, str]] = set()
    in_criteria = payload.tag == f"{{{SERVICE_NS}}}GetPatientAllergyListRequest"
    present = {etree.QName(node).localname for node in payload.iter() if isinstance(node.tag, str)}
    for entry in checker.error_log:
        violation = _translate(entry, in_criteria, present)
        key = (violation.line, violation.element)
        if key not in seen:
            seen.add(key)
            found.append(violation)
    return found


def _translate(entry: etree._LogEntry, in_criteria: bool, present: set[str]) -> Violation:
    match = _ENTRY.match(entry.message or "")
    text = match["text"] if match else (entry.message or "")
    element = _local(match["element"]) if match else ""
    expected = [
        _local(name.strip()) for name in (_EXPECTED.search(text) or {"names": ""})["names"].split(",")
    ]
    expected = [name for name in expected if name]
    required = REQUIRED_CRITERIA if in_criteria else REQUIRED_ALLERGY
    missing = [name for name in expected if name in required and name not in present]
    if ("not expected" in text or "Missing child" in text) and missing:
        # A required element is absent: name it, not the element that came in its place.
        rule = QUERY if in_criteria else REQUIRED
        return Violation(entry.line, missing[0], f"{missing[0]} is required but missing", rule)
    rule = QUERY if in_criteria else FIELD_RULES.get(element, SCHEMA)
    if element == "serverity":
        message = "serverity is not an element of LAR: the guide's table misspells severity (erratum)"
    else:
        attribute = f" (attribute {match['attribute']})" if match and match["attribute"] else ""
        message = f"{element}{attribute}: {_plain(text)}"
    return Violation(entry.line, element, message, rule)

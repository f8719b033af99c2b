"""Our BRS and notification schemas (schemas/brs/) compiled once, and their errors as findings.

A schema error is reported under the rule it breaks (CONTRACTS.md): a malformed
timestamp under BRS-TIME, anything else in a treatmentRelation request under BRS-REQ,
in a notificationQuery under NOTIF-QUERY; only what neither covers is SCHEMA.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree

from konform import xml

BRS = "http://nsi.dk/fmki20110601/brs"
NOTIFICATION = "http://nsi.dk/fmki20110601/notification"
ALARM = "http://nsi.dk/fmki20110601/brsnotification"

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas" / "brs"
SCHEMA_PATH = SCHEMA_DIR / "konform-brs.xsd"
BRS_WSDL = SCHEMA_DIR / "BrsService.wsdl"
NOTIFICATION_WSDL = SCHEMA_DIR / "NotificationService.wsdl"
EXAMPLES = SCHEMA_DIR / "examples"
#: The XSD files a client may fetch next to a WSDL (their schemaLocation is relative).
XSD_FILES = ("brs.xsd", "brsnotification.xsd", "notification.xsd")

REQUEST = f"{{{BRS}}}treatmentRelationRequestBody"
RESPONSE = f"{{{BRS}}}treatmentRelationResponseBody"
QUERY = f"{{{NOTIFICATION}}}NotificationQueryRequestBody"
QUERY_RESPONSE = f"{{{NOTIFICATION}}}NotificationQueryResponseBody"

REQ = "BRS-REQ"
TIME = "BRS-TIME"
QUERY_RULE = "NOTIF-QUERY"
SCHEMA = "SCHEMA"

#: Elements of type BrsTime: a value error on one of them breaks BRS-TIME.
TIME_ELEMENTS = frozenset({"start", "end", "TimeLimit"})

_CLARK = re.compile(r"\{[A-Za-z][A-Za-z0-9+.-]*:[^}]*\}")  # a namespace URI, not a {10} facet
_ENTRY = re.compile(r"Element '(?P<element>[^']*)'(?:, attribute '[^']*')?: (?P<text>.*)", re.S)
_VALUE_ERRORS = ("PATTERN", "ENUMERATION", "MINLENGTH", "MAXLENGTH", "DATATYPE", "LENGTH_VALID")


@dataclass(frozen=True)
class Violation:
    """One schema defect: where, which element, the message and the rule it breaks."""

    line: int
    element: str
    message: str
    requirement: str


@cache
def schema() -> etree.XMLSchema:
    """Every BRS and notification declaration as one compiled schema (libxml2)."""
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH), xml.parser()))


def readable(text: str) -> str:
    """A libxml2 message without Clark namespaces: `{ns}PatientCpr` → `PatientCpr`."""
    return " ".join(_CLARK.sub("", text).split())


def violations(element: etree._Element, checker: etree.XMLSchema | None = None) -> list[Violation]:
    """The schema defects of a request or answer element, one per element, in document order.

    `checker`: another compiled schema for a part of one (the relations of a large request).
    """
    checker = checker or schema()
    if checker.validate(element):
        return []
    rule = QUERY_RULE if etree.QName(element).namespace == NOTIFICATION else REQ
    found: list[Violation] = []
    seen: set[tuple[int, str]] = set()
    for entry in checker.error_log:
        match = _ENTRY.match(entry.message or "")
        local = readable(match["element"]) if match else ""
        text = readable(match["text"] if match else entry.message or "")
        value_error = any(kind in (entry.type_name or "") for kind in _VALUE_ERRORS)
        requirement = TIME if value_error and local in TIME_ELEMENTS else rule
        key = (entry.line, local)
        if key not in seen:
            seen.add(key)
            found.append(Violation(entry.line, local, f"{local}: {text}", requirement))
    return found


def is_valid(element: etree._Element) -> bool:
    return bool(schema().validate(element))


def example(name: str) -> bytes:
    """One of the guide's own examples kept as fixtures (schemas/brs/examples/)."""
    return (EXAMPLES / name).read_bytes()

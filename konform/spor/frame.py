"""Schema checks on what surrounds the registrations of an export: the request element (§7.2.2).

The request is never validated whole (that would hold the file in memory): its
attributes are checked on a probe with one minimal registration, and its children
one at a time as they stream past.
"""

from __future__ import annotations

import copy
from dataclasses import replace

from lxml import etree

from konform.spor import schema
from konform.spor.model import REQUEST, registration_xml
from konform.spor.schema import NS, Violation, schema_violations

_PROBE = registration_xml(
    recipientMessageSplit="SPOR", systemId="SE1-probe", behandlingsnummer="1", personnummer="191212121212"
)
_EXPECTED = f"One of '{{\"{NS}\":registration}}' is expected."


def request_violations(request: etree._Element) -> list[Violation]:
    """The request's own attributes (exportTime, unknown ones), at the request's line."""
    probe = etree.Element(REQUEST, dict(request.attrib), nsmap={None: NS})
    probe.append(copy.deepcopy(_PROBE))
    line = request.sourceline or 0
    return [replace(violation, line=line) for violation in schema_violations(probe)]


def stray_violation(element: etree._Element) -> Violation:
    """A child of the request that is not a registration."""
    name = etree.QName(element).localname
    message = f"cvc-complex-type.2.4.a: Invalid content was found starting with element '{name}'. {_EXPECTED}"
    return Violation(element.sourceline or 0, name, None, message, schema.SCHEMA)


def empty_request_violation(line: int) -> Violation:
    """A request without a single registration."""
    message = (
        "cvc-complex-type.2.4.b: The content of element 'postRegistrationRequest' is not complete. "
        + _EXPECTED
    )
    return Violation(line, "postRegistrationRequest", None, message, schema.SCHEMA)

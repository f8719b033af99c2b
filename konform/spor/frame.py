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
from konform.spor.model import registration_xml
from konform.spor.schema import Violation
from konform.spor.wire import BUILTIN_WIRE, Wire

_PROBE = registration_xml(
    recipientMessageSplit="SPOR", systemId="SE1-probe", behandlingsnummer="1", personnummer="191212121212"
)


def _expected(wire: Wire) -> str:
    registration = etree.QName(wire.registration)
    return f"One of '{{\"{registration.namespace}\":{registration.localname}}}' is expected."


def request_violations(request: etree._Element, wire: Wire = BUILTIN_WIRE) -> list[Violation]:
    """The request's own attributes (exportTime, unknown ones), at the request's line."""
    probe = etree.Element(request.tag, dict(request.attrib), nsmap={None: wire.namespace})
    probe.append(wire.to_wire(copy.deepcopy(_PROBE)))
    line = request.sourceline or 0
    return [replace(violation, line=line) for violation in wire.violations(probe)]


def stray_violation(element: etree._Element, wire: Wire = BUILTIN_WIRE) -> Violation:
    """A child of the request that is not a registration."""
    name = etree.QName(element).localname
    message = (
        f"cvc-complex-type.2.4.a: Invalid content was found starting with element '{name}'. {_expected(wire)}"
    )
    return Violation(element.sourceline or 0, name, None, message, schema.SCHEMA)


def empty_request_violation(line: int, wire: Wire = BUILTIN_WIRE) -> Violation:
    """A request without a single registration."""
    request = etree.QName(wire.request).localname
    message = f"cvc-complex-type.2.4.b: The content of element '{request}' is not complete. {_expected(wire)}"
    return Violation(line, "postRegistrationRequest", None, message, schema.SCHEMA)

"""SPOR's XML schema (our design, §7) compiled once; its errors as SPOR's cvc messages (§7.2.2)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree

from konform import xml
from konform.spor.concepts import BUILTIN
from konform.spor.cvc import cvc as _cvc
from konform.spor.cvc import expected_names as _expected

#: konform's own schema, as the built-in binding (schemas/spor/binding.toml) places it.
NS = etree.QName(BUILTIN.tag("request")).namespace or ""
XS = "http://www.w3.org/2001/XMLSchema"
SCHEMA_PATH = BUILTIN.main
SCHEMA_DIR = SCHEMA_PATH.parent
assert BUILTIN.wsdl is not None
WSDL_PATH: Path = BUILTIN.wsdl

NOEMPTY = "SPOR-7.1-NOEMPTY"
DATES = "SPOR-7.1-DATES"
PNR = "SPOR-7.1-PNR"
HSA = "SPOR-7.1-HSA"
RMS = "SPOR-7.4-RMS"
SCHEMA = "SPOR-7.2.2-SCHEMA"

#: The simple types whose values are dates or date-times (SPOR-7.1-DATES).
DATE_TYPES = frozenset({"tidpunkt", "datum"})
#: The facets the cvc messages quote.
FACETS = ("pattern", "enumeration", "minLength", "maxLength")


@dataclass(frozen=True)
class SimpleType:
    """A named simple type of our XSD with the facets the cvc messages quote."""

    name: str
    builtin: str
    patterns: tuple[str, ...] = ()
    enumeration: tuple[str, ...] = ()
    min_length: int | None = None
    max_length: int | None = None


@dataclass(frozen=True)
class Violation:
    """One schema defect: where, which element, its value, the cvc text and the rule it breaks."""

    line: int
    element: str
    value: str | None
    message: str
    requirement: str


@dataclass(frozen=True)
class Xsd:
    """A compiled XSD with its simple types (by name) and element/attribute local name → type name."""

    checker: etree.XMLSchema
    simple: dict[str, SimpleType]
    typed: dict[str, str]


@dataclass(frozen=True)
class Naming:
    """How a bound schema's nodes are named as concepts (konform.spor.wire); None: by local name.

    `concept(node, local, attribute)` names the node a breach is about; `expected` maps the
    Clark name of an element the schema expected to its concept.
    """

    concept: Callable[[etree._Element | None, str, bool], str]
    expected: dict[str, str]


@cache
def builtin() -> Xsd:
    """Our XSD, compiled once (libxml2; STACK.md gotcha 7)."""
    simple, typed = read_types(SCHEMA_PATH)
    return Xsd(BUILTIN.xsd(), simple, typed)


def schema() -> etree.XMLSchema:
    return builtin().checker


def types() -> tuple[dict[str, SimpleType], dict[str, str]]:
    return builtin().simple, builtin().typed


def read_types(path: Path) -> tuple[dict[str, SimpleType], dict[str, str]]:
    """Simple types by name, and element/attribute local name → simple type name, of the XSD at `path`."""
    root = etree.parse(str(path), xml.parser()).getroot()
    raw: dict[str, tuple[str, etree._Element]] = {}
    for node in root.iter(f"{{{XS}}}simpleType"):
        restriction = node.find(f"{{{XS}}}restriction")
        if node.get("name") and restriction is not None:
            raw[node.get("name", "")] = (restriction.get("base", ""), restriction)

    def builtin(base: str) -> str:
        local = base.split(":")[-1]
        return builtin(raw[local][0]) if local in raw and not base.startswith(("xs:", "xsd:")) else local

    simple = {}
    for name, (base, restriction) in raw.items():
        facet = {f: [n.get("value", "") for n in restriction.iter(f"{{{XS}}}{f}")] for f in FACETS}
        simple[name] = SimpleType(
            name=name,
            builtin=builtin(base),
            patterns=tuple(facet["pattern"]),
            enumeration=tuple(facet["enumeration"]),
            min_length=int(facet["minLength"][0]) if facet["minLength"] else None,
            max_length=int(facet["maxLength"][0]) if facet["maxLength"] else None,
        )
    typed: dict[str, str] = {}
    for node in root.iter(f"{{{XS}}}element", f"{{{XS}}}attribute"):
        kind = node.get("type", "")
        prefix, _, local = kind.rpartition(":")
        if node.get("name") and prefix and node.nsmap.get(prefix) != XS:
            typed.setdefault(node.get("name", ""), local)
    return simple, typed


_ENTRY = re.compile(
    r"Element '(?P<element>[^']*)'(?:, attribute '(?P<attribute>[^']*)')?: (?P<text>.*)", re.S
)
_STEP = re.compile(r"(?P<name>[^/\[]+)(?:\[(?P<index>\d+)\])?")
_VALUE_ERRORS = ("PATTERN", "ENUMERATION", "MINLENGTH", "MAXLENGTH", "DATATYPE", "LENGTH_VALID")


def schema_violations(
    element: etree._Element, xsd: Xsd | None = None, naming: Naming | None = None
) -> list[Violation]:
    """The schema defects of a registration or request, one per element, in document order.

    Without `xsd`, konform's own schema judges; a bound schema (konform.spor.wire) passes its
    XSD and `naming`, so each defect names its concept and is filed under that concept's rule.
    """
    xsd = xsd or builtin()
    checker = xsd.checker
    if checker.validate(element):
        return []
    found: list[Violation] = []
    seen: set[str] = set()
    for entry in checker.error_log:
        violation = _translate(entry, element, xsd, naming)
        key = f"{entry.path}@{violation.element}"
        if key not in seen:
            seen.add(key)
            found.append(violation)
    return found


def unmarshalling_error(
    element: etree._Element, xsd: Xsd | None = None, naming: Naming | None = None
) -> str | None:
    """The body text SPOR's service answers a schema-invalid request with (§7.2.2), or None."""
    violations = schema_violations(element, xsd, naming)
    return f"Unmarshalling Error: {violations[0].message}" if violations else None


def _translate(entry: etree._LogEntry, root: etree._Element, xsd: Xsd, naming: Naming | None) -> Violation:
    """One libxml2 error-log entry as a Violation with the Xerces/JAXB wording."""
    match = _ENTRY.match(entry.message or "")
    text = match["text"] if match else (entry.message or "")
    clark = match["element"] if match else ""
    attribute = match["attribute"] if match else None
    node = _resolve(root, entry.path or "")
    local = attribute or _local(clark) or (etree.QName(node).localname if node is not None else "")
    owner = _local(clark)
    if attribute and node is not None:
        value: str | None = node.get(attribute)
    elif node is not None and len(node) == 0:
        value = node.text or ""
    else:
        value = None
    kind = xsd.simple.get(xsd.typed.get(local, ""))
    expected = _expected(text)
    message = _cvc(entry.type_name or "", text, local, owner, value, kind, expected)
    line = node.sourceline if node is not None and node.sourceline else entry.line
    is_value_error = any(part in (entry.type_name or "") for part in _VALUE_ERRORS)
    empty = attribute is None and node is not None and _is_empty(node)
    if naming is None:  # konform's own schema: a concept is its element's name
        concept, wanted = local, [_local(name) for name in expected]
    else:
        concept = naming.concept(node, local, attribute is not None)
        wanted = [naming.expected.get(name, _local(name)) for name in expected]
    requirement = _requirement(concept, wanted, is_value_error=is_value_error, empty=empty)
    return Violation(line=line or 0, element=concept, value=value, message=message, requirement=requirement)


def _requirement(concept: str, expected: list[str], *, is_value_error: bool, empty: bool) -> str:
    """The catalogue rule a breach of `concept` breaks (CONTRACTS.md: SCHEMA only when no rule covers it)."""
    if empty:
        return NOEMPTY
    if concept == "recipientMessageSplit" or expected == ["recipientMessageSplit"]:
        return RMS  # §7.4: the variable is mandatory and "SPOR" its only value
    if is_value_error and concept == "personnummer":
        return PNR
    if is_value_error and concept == "systemId":
        return HSA
    if is_value_error and builtin().typed.get(concept) in DATE_TYPES:  # the concept's type in our schema
        return DATES
    return SCHEMA


def _local(clark: str) -> str:
    return clark.rsplit("}", 1)[-1]


def _is_empty(node: etree._Element) -> bool:
    """An element with no child elements and no non-blank text (§7.1: never sent)."""
    return len(node) == 0 and not (node.text or "").strip()


def _resolve(root: etree._Element, path: str) -> etree._Element | None:
    """The element an error-log path (`/*/*[5]/*[2]`, relative to the validated root) names."""
    steps = [step for step in path.split("/") if step]
    if not steps:
        return None
    node = root
    for step in steps[1:]:
        found = _STEP.fullmatch(step)
        if found is None:
            return None
        name = found["name"].split(":")[-1]
        index = int(found["index"] or 1)
        children = [
            child
            for child in node
            if isinstance(child.tag, str) and (name == "*" or etree.QName(child).localname == name)
        ]
        if index > len(children):
            return None
        node = children[index - 1]
    return node

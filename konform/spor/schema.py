"""SPOR's XML schema (our design, §7) compiled once; its errors as SPOR's cvc messages (§7.2.2)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree

from konform import xml

NS = "urn:konform:spor:4.1"
XS = "http://www.w3.org/2001/XMLSchema"
SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas" / "spor"
SCHEMA_PATH = SCHEMA_DIR / "spor-registration-4.1.xsd"
WSDL_PATH = SCHEMA_DIR / "RegistrationService-4.1.wsdl"

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


@cache
def schema() -> etree.XMLSchema:
    """Our XSD, compiled once (libxml2; STACK.md gotcha 7)."""
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH), xml.parser()))


@cache
def types() -> tuple[dict[str, SimpleType], dict[str, str]]:
    """Simple types by name, and element/attribute local name → simple type name."""
    root = etree.parse(str(SCHEMA_PATH), xml.parser()).getroot()
    raw: dict[str, tuple[str, etree._Element]] = {}
    for node in root.iter(f"{{{XS}}}simpleType"):
        restriction = node.find(f"{{{XS}}}restriction")
        if node.get("name") and restriction is not None:
            raw[node.get("name", "")] = (restriction.get("base", ""), restriction)

    def builtin(base: str) -> str:
        local = base.split(":")[-1]
        return builtin(raw[local][0]) if local in raw and not base.startswith("xs:") else local

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
        if node.get("name") and kind.startswith("spor:"):
            typed.setdefault(node.get("name", ""), kind.split(":")[1])
    return simple, typed


_ENTRY = re.compile(
    r"Element '(?P<element>[^']*)'(?:, attribute '(?P<attribute>[^']*)')?: (?P<text>.*)", re.S
)
_EXPECTED = re.compile(r"Expected is (?:one of )?\( (?P<names>.*) \)")
_PATTERN = re.compile(r"pattern '(?P<pattern>.*)'\.$", re.S)
_STEP = re.compile(r"(?P<name>[^/\[]+)(?:\[(?P<index>\d+)\])?")
_VALUE_ERRORS = ("PATTERN", "ENUMERATION", "MINLENGTH", "MAXLENGTH", "DATATYPE", "LENGTH_VALID")


def schema_violations(element: etree._Element) -> list[Violation]:
    """The schema defects of a registration or request, one per element, in document order."""
    checker = schema()
    if checker.validate(element):
        return []
    found: list[Violation] = []
    seen: set[str] = set()
    for entry in checker.error_log:
        violation = _translate(entry, element)
        key = f"{entry.path}@{violation.element}"
        if key not in seen:
            seen.add(key)
            found.append(violation)
    return found


def unmarshalling_error(element: etree._Element) -> str | None:
    """The body text SPOR's service answers a schema-invalid request with (§7.2.2), or None."""
    violations = schema_violations(element)
    return f"Unmarshalling Error: {violations[0].message}" if violations else None


def _translate(entry: etree._LogEntry, root: etree._Element) -> Violation:
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
    simple, typed = types()
    kind = simple.get(typed.get(local, ""))
    expected = _expected(text)
    message = _cvc(entry.type_name or "", text, local, owner, value, kind, expected)
    line = node.sourceline if node is not None and node.sourceline else entry.line
    is_value_error = any(part in (entry.type_name or "") for part in _VALUE_ERRORS)
    empty = attribute is None and node is not None and _is_empty(node)
    requirement = _requirement(local, kind, expected, is_value_error=is_value_error, empty=empty)
    return Violation(line=line or 0, element=local, value=value, message=message, requirement=requirement)


def _requirement(
    local: str, kind: SimpleType | None, expected: list[str], *, is_value_error: bool, empty: bool
) -> str:
    """The catalogue rule a violation breaks (CONTRACTS.md: SCHEMA only when no rule covers it)."""
    if empty:
        return NOEMPTY
    if local == "recipientMessageSplit" or [_local(name) for name in expected] == ["recipientMessageSplit"]:
        return RMS  # §7.4: the variable is mandatory and "SPOR" its only value
    if is_value_error and local == "personnummer":
        return PNR
    if is_value_error and local == "systemId":
        return HSA
    if is_value_error and kind is not None and kind.name in DATE_TYPES:
        return DATES
    return SCHEMA


def _cvc(
    type_name: str,
    text: str,
    local: str,
    owner: str,
    value: str | None,
    kind: SimpleType | None,
    expected: list[str],
) -> str:
    """Xerces' wording (as SPOR's JAXB service prints it) for one libxml2 error."""
    shown = value if value is not None else ""
    type_label = kind.name if kind else local
    if type_name.endswith("PATTERN_VALID"):
        found = _PATTERN.search(text)
        pattern = kind.patterns[0] if kind and kind.patterns else (found["pattern"] if found else "")
        return (
            f"cvc-pattern-valid: Value '{shown}' is not facet-valid with respect to pattern "
            f"'{pattern}' for type '{type_label}'."
        )
    if type_name.endswith("ENUMERATION_VALID"):
        values = ", ".join(kind.enumeration) if kind else ""
        return (
            f"cvc-enumeration-valid: Value '{shown}' is not facet-valid with respect to enumeration "
            f"'[{values}]'. It must be a value from the enumeration."
        )
    for facet, limit in (("minLength", "min_length"), ("maxLength", "max_length")):
        if type_name.endswith(f"{facet.upper()}_VALID"):
            bound = getattr(kind, limit, None) if kind else None
            return (
                f"cvc-{facet}-valid: Value '{shown}' with length = '{len(shown)}' is not facet-valid "
                f"with respect to {facet} '{bound}' for type '{type_label}'."
            )
    if "DATATYPE_VALID" in type_name:
        builtin = kind.builtin if kind else "anySimpleType"
        return f"cvc-datatype-valid.1.2.1: '{shown}' is not a valid value for '{builtin}'."
    return _structure(text, local, owner, expected) or text


def _structure(text: str, local: str, owner: str, expected: list[str]) -> str | None:
    """Content-model errors: missing, unexpected and out-of-order elements, stray text."""
    names = "{" + ", ".join(_xerces_name(name) for name in expected) + "}"
    if text.startswith("Missing child element"):
        return (
            f"cvc-complex-type.2.4.b: The content of element '{owner}' is not complete. "
            f"One of '{names}' is expected."
        )
    if text.startswith("This element is not expected"):
        if expected:
            return (
                f"cvc-complex-type.2.4.a: Invalid content was found starting with element '{local}'. "
                f"One of '{names}' is expected."
            )
        return (
            f"cvc-complex-type.2.4.d: Invalid content was found starting with element '{local}'. "
            "No child element is expected at this point."
        )
    if text.startswith("Character content other than whitespace"):
        return (
            f"cvc-complex-type.2.3: Element '{owner}' cannot have character [children], "
            "because the type's content type is element-only."
        )
    if text.startswith("Element content is not allowed"):
        return (
            f"cvc-type.3.1.2: Element '{owner}' is a simple type, "
            "so it must have no element information item [children]."
        )
    if "is not allowed" in text and "attribute" in text.lower():
        return f"cvc-complex-type.3.2.2: Attribute '{local}' is not allowed to appear in element '{owner}'."
    return None


def _expected(text: str) -> list[str]:
    found = _EXPECTED.search(text)
    return [name.strip() for name in found["names"].split(",")] if found else []


def _xerces_name(clark: str) -> str:
    """`{ns}name` as Xerces prints it in an expectation list: `"ns":name`."""
    if clark.startswith("{"):
        namespace, local = clark[1:].split("}", 1)
        return f'"{namespace}":{local}'
    return clark


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

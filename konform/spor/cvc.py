"""libxml2's schema errors in Xerces' wording, as SPOR's JAXB service prints them (§7.2.2)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from konform.spor.schema import SimpleType

_EXPECTED = re.compile(r"Expected is (?:one of )?\( (?P<names>.*) \)")
_PATTERN = re.compile(r"pattern '(?P<pattern>.*)'\.$", re.S)


def cvc(
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


def expected_names(text: str) -> list[str]:
    found = _EXPECTED.search(text)
    return [name.strip() for name in found["names"].split(",")] if found else []


def _xerces_name(clark: str) -> str:
    """`{ns}name` as Xerces prints it in an expectation list: `"ns":name`."""
    if clark.startswith("{"):
        namespace, local = clark[1:].split("}", 1)
        return f'"{namespace}":{local}'
    return clark

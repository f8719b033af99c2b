"""SPOR's variables (numbers from the guide, §6.2–§7.4) and a view over one registration element."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import cast

from lxml import etree

from konform.spor.concepts import ELEMENTS, VARIABLES, Variable
from konform.spor.schema import NS

__all__ = ["ELEMENTS", "VARIABLES", "Registration", "Variable", "registration_xml", "request_xml"]


BY_ELEMENT = {variable.element: variable for variable in VARIABLES}
BY_NUMBER = {variable.number: variable for variable in VARIABLES if variable.number is not None}
#: Clark tag → element name, for fast lookups while streaming.
TAGS = {f"{{{NS}}}{name}": name for name in ELEMENTS}
REGISTRATION = f"{{{NS}}}registration"
REQUEST = f"{{{NS}}}postRegistrationRequest"
KVAKOD = f"{{{NS}}}kvaKod"

#: §6.2: the guide's example variables of its five conditions ("t.ex. variabel 310 är satt", 450 = Ja).
INCLUSION = (310, 410, 450, 540, 800)
#: §6.2's examples are no closed list: a numbered variable that shows one of the conditions as
#: well (585, left the operating department, shows the patient arrived there) also qualifies.
QUALIFYING = (*INCLUSION, 585)
#: The elements that show one of §6.2's conditions: the examples, and the variables that show the
#: same event (a planning or operation date: ingrepp planerat; an operation time or 585: anlänt).
_INCLUDING = (
    *(BY_NUMBER[number].element for number in QUALIFYING if number != 450),
    "planeringstidpunkt",
    "operationsdatum",
    "operationsstart",
    "operationsslut",
)


class Registration:
    """A read-only view over one `registration` element: values, lines, §6.2 and §6.4 tests."""

    __slots__ = ("element", "kids", "texts")

    def __init__(self, element: etree._Element) -> None:
        self.element = element
        self.kids = list(element)
        #: element name → text (None when empty), in document order; built in one pass (hot path).
        texts = {TAGS.get(kid.tag): kid.text for kid in self.kids}
        texts.pop(None, None)  # elements that are no SPOR variable, comments, PIs
        self.texts = cast("dict[str, str | None]", texts)
        if "atgarder" in texts:
            self.texts["atgarder"] = " ".join(self.kva_codes)

    @property
    def line(self) -> int:
        return self.element.sourceline or 0

    @property
    def behandlingsnummer(self) -> str | None:
        return self.value("behandlingsnummer")

    @property
    def personnummer(self) -> str | None:
        return self.value("personnummer")

    @property
    def kva_codes(self) -> list[str]:
        atgarder = self.child("atgarder")
        return [] if atgarder is None else [code.text or "" for code in atgarder.iter(KVAKOD)]

    def child(self, name: str) -> etree._Element | None:
        """The element of variable `name`, None when absent."""
        if name not in self.texts:
            return None
        if len(self.texts) == len(self.kids):  # no stray or repeated elements: positions line up
            return self.kids[list(self.texts).index(name)]
        tag = f"{{{NS}}}{name}"
        return next((kid for kid in self.kids if kid.tag == tag), None)

    def value(self, name: str) -> str | None:
        """The text of element `name` ("" when empty), None when the element is absent."""
        if name not in self.texts:
            return None
        return self.texts[name] or ""

    def is_set(self, name: str) -> bool:
        """True if the element is present and not blank (§7.1: an empty element sets nothing)."""
        text = self.texts.get(name)
        return bool(text) and not text.isspace()  # type: ignore[union-attr]

    def line_of(self, name: str) -> int:
        """The line of element `name`, or of the registration when it is absent."""
        found = self.child(name)
        return (found.sourceline or 0) if found is not None else self.line

    def values(self) -> dict[str, str]:
        """Element name → value, for every variable present, in document order."""
        return {name: text or "" for name, text in self.texts.items()}

    def number_set(self, number: int) -> bool:
        """True if variable `number` counts as set (450 only when it is "Ja")."""
        element = BY_NUMBER[number].element
        return self.texts.get(element) == "Ja" if number == 450 else self.is_set(element)

    def is_included(self) -> bool:
        """§6.2: a condition is shown – 310, 410, 450 = Ja, 540, 800 or a variable showing the same event."""
        texts = self.texts
        if texts.get("avfordFranVantelistan") == "Ja":
            return True
        return any((text := texts.get(name)) and not text.isspace() for name in _INCLUDING)

    def is_aborted(self) -> bool:
        """§6.4: the patient arrived at the operating department (540) but never left it (585)."""
        return self.number_set(540) and not self.number_set(585)


def registration_xml(**values: str | Iterable[str] | None) -> etree._Element:
    """A `registration` element with the given variables in schema order (None leaves one out).

    `atgarder` takes a list of KVÅ codes; every other variable takes its text.
    """
    unknown = set(values) - set(ELEMENTS)
    if unknown:
        raise TypeError(f"not a SPOR variable: {', '.join(sorted(unknown))}")
    element = etree.Element(REGISTRATION, nsmap={None: NS})
    for name in ELEMENTS:
        value = values.get(name)
        if value is None:
            continue
        child = etree.SubElement(element, f"{{{NS}}}{name}")
        if name == "atgarder":
            for code in [value] if isinstance(value, str) else value:
                etree.SubElement(child, KVAKOD).text = code
        else:
            child.text = str(value)
    return element


def request_xml(registrations: Iterable[etree._Element], *, export_time: str | None = None) -> etree._Element:
    """A `postRegistrationRequest` around the registrations (an export file, or one web-service call)."""
    attributes: Mapping[str, str] = {"exportTime": export_time} if export_time else {}
    request = etree.Element(REQUEST, attributes, nsmap={None: NS})
    request.extend(registrations)
    return request

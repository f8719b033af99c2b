"""A SPOR message in a bound schema, read as konform's canonical one and written back (konform.binding).

The rules, the simulator's decisions and the feature steps speak konform's canonical SPOR
(the built-in binding's elements). A `Wire` stands between them and the schema on the wire:

- `violations(element)`: a wire registration or request judged by the bound XSD, each breach
  named by its concept (so filed under the same rule as in konform's schema), at its line;
- `to_canonical(element)`: a wire request or registration as the canonical one – every
  element keeps the wire file's line (`sourceline`), so findings point into the vendor's file;
  children of a registration that the binding does not map are carried along unchanged;
- `to_wire(element)`: a canonical request, registration or postRegistrationResponse written
  in the bound schema (carried children go back as they came);
- `unmarshalling_error(canonical)`: §7.2.2's answer to a request, in the bound XSD's words.

For konform's own schema (`BUILTIN_WIRE`, or any binding that maps every concept to the same
place) nothing is translated: `canonical` is True and the hot path reads elements as they are.
"""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path

from lxml import etree

from konform.binding import Binding
from konform.spor import concepts, schema
from konform.spor.concepts import BUILTIN, ELEMENTS

NS = schema.NS
_C = {name: f"{{{NS}}}{name}" for name in (*ELEMENTS, "kvaKod", "registration", "postRegistrationRequest")}
_RESPONSE = f"{{{NS}}}postRegistrationResponse"
_RESULT = f"{{{NS}}}result"
_FIELDS = {
    "result.behandlingsnummer": "behandlingsnummer",
    "resultCode": "resultCode",
    "resultText": "resultText",
}


class Wire:
    """SPOR as one binding places it (see the module docstring)."""

    def __init__(self, binding: Binding) -> None:
        self.binding = binding
        #: Translation is skipped only when the binding IS konform's canonical one (same places).
        self.canonical = binding is BUILTIN or binding.same_as(BUILTIN)
        self.request = binding.tag("request")
        self.registration = binding.tag("registration")
        self.response = binding.tag("response")
        self.result = binding.tag("result")
        self.namespace = etree.QName(self.request).namespace or ""
        service = binding.service
        self.path = service.get("path", "/spor/ws/4_1/RegistrationService")
        self.upload_path = service.get("upload_path", "/spor/upload")
        self.soap_action = service.get("soap_action", "postRegistration")
        self.wsdl_binding = service.get("wsdl_binding", "")
        self.xsd = schema.builtin() if self.canonical else _xsd(binding)
        leaves: dict[str, list[str]] = {}
        for concept in binding.concepts:
            path = binding.compiled[concept]
            if path.steps and path.attribute is None:
                leaves.setdefault(path.steps[-1].tag, []).append(concept)
        self._expected = {tag: names[0] for tag, names in leaves.items() if len(names) == 1}

    def name(self, concept: str) -> str:
        """The bound schema's element name for a concept (the concept itself when it maps none)."""
        path = self.binding.compiled.get(concept)
        if path is None or not path.steps or path.attribute is not None:
            return path.attribute or concept if path is not None else concept
        return etree.QName(path.steps[-1].tag).localname

    # -- reading ------------------------------------------------------------------------------
    def violations(self, element: etree._Element) -> list[schema.Violation]:
        """The bound XSD's breaches of a wire registration or request, named by concept."""
        if self.canonical:
            return schema.schema_violations(element)
        table = self._concepts(element)
        attributes = self._attribute_concepts()

        def concept(node: etree._Element | None, local: str, attribute: bool) -> str:
            if attribute:
                return attributes.get(local, local)
            return table.get(node, local) if node is not None else local

        return schema.schema_violations(element, self.xsd, schema.Naming(concept, self._expected))

    def _concepts(self, element: etree._Element) -> dict[etree._Element, str]:
        """Each mapped wire node of the registrations in `element` → its concept."""
        table: dict[etree._Element, str] = {}
        found = [element] if element.tag == self.registration else element.iter(self.registration)
        for registration in found:
            table[registration] = "registration"
            for name in ELEMENTS:
                for node in self.binding.select(registration, name):
                    if isinstance(node, etree._Element):
                        table[node] = name
                        if name == "atgarder":
                            table.update((code, "kvaKod") for code in self._codes(node))
        return table

    def _attribute_concepts(self) -> dict[str, str]:
        paths = self.binding.compiled
        return {p.attribute: c for c, p in paths.items() if p.attribute and not p.steps}

    def _codes(self, atgarder: etree._Element) -> list[etree._Element]:
        return [n for n in self.binding.select(atgarder, "kvaKod") if isinstance(n, etree._Element)]

    def to_canonical(self, element: etree._Element) -> etree._Element:
        """A wire request or registration as konform's canonical one (lines kept); others unchanged."""
        if self.canonical:
            return element
        if element.tag == self.registration:
            return self._registration(element)
        if element.tag != self.request:
            return element
        request = etree.Element(_C["postRegistrationRequest"], nsmap={None: NS})
        request.sourceline = element.sourceline
        export_time = self.binding.text(element, "exportTime")
        if export_time is not None:
            request.set("exportTime", export_time)
        for child in element:
            is_registration = child.tag == self.registration
            request.append(self._registration(child) if is_registration else copy.deepcopy(child))
        return request

    def _registration(self, wire: etree._Element) -> etree._Element:
        out = etree.Element(_C["registration"], nsmap={None: NS})
        out.sourceline = wire.sourceline
        used: set[etree._Element] = set()
        for name in ELEMENTS:
            node = self.binding.first(wire, name)
            if node is None:
                continue
            child = etree.SubElement(out, _C[name])
            if isinstance(node, str):
                child.text, child.sourceline = node, wire.sourceline
                continue
            child.sourceline = node.sourceline
            if name == "atgarder":
                for code in self._codes(node):
                    kva = etree.SubElement(child, _C["kvaKod"])
                    kva.text, kva.sourceline = code.text, code.sourceline
            else:
                child.text = node.text
            used.update(node.iterancestors())
            used.add(node)
        out.extend(copy.deepcopy(kid) for kid in wire if kid not in used and isinstance(kid.tag, str))
        return out

    # -- writing ------------------------------------------------------------------------------
    def to_wire(self, element: etree._Element) -> etree._Element:
        """A canonical request, registration or response in the bound schema; others unchanged."""
        if self.canonical:
            return element
        if element.tag == _C["registration"]:
            empty = etree.Element(self.registration, nsmap={None: self.namespace})
            return self._write_registration(empty, element)
        if element.tag == _RESPONSE:
            return self._write_response(element)
        if element.tag != _C["postRegistrationRequest"]:
            return element
        request = etree.Element(self.request, nsmap={None: self.namespace})
        if element.get("exportTime") is not None:
            self.binding.write(request, "exportTime", element.get("exportTime"))
        for child in element:
            if child.tag == _C["registration"]:
                self._write_registration(self.binding.write(request, "registration", None), child)
            else:
                request.append(copy.deepcopy(child))
        return request

    def _write_registration(self, out: etree._Element, canonical: etree._Element) -> etree._Element:
        children = {child.tag: child for child in reversed(canonical)}
        for concept in self.binding.concepts:
            child = children.get(_C.get(concept, ""))
            if child is None or concepts.PARENTS.get(concept) != "registration":
                continue
            if concept == "atgarder":
                written = self.binding.write(out, "atgarder", None)
                for code in child:
                    self.binding.write(written, "kvaKod", code.text)
            else:
                self.binding.write(out, concept, child.text)
        known = set(_C.values())
        out.extend(copy.deepcopy(child) for child in canonical if child.tag not in known)
        return out

    def _write_response(self, canonical: etree._Element) -> etree._Element:
        response = etree.Element(self.response, nsmap={None: self.namespace})
        for item in canonical.iter(_RESULT):
            result = self.binding.write(response, "result", None)
            for concept, name in _FIELDS.items():
                self.binding.write(result, concept, item.findtext(f"{{{NS}}}{name}"))
        return response

    def unmarshalling_error(self, canonical: etree._Element) -> str | None:
        """§7.2.2: the Unmarshalling Error a canonical request earns in the bound schema, or None."""
        violations = self.violations(self.to_wire(canonical))
        return f"Unmarshalling Error: {violations[0].message}" if violations else None


@cache
def _xsd(binding: Binding) -> schema.Xsd:
    simple, typed = schema.read_types(binding.main)
    return schema.Xsd(binding.xsd(), simple, typed)


BUILTIN_WIRE = Wire(BUILTIN)


def load(binding: Path | None, *, schema_dir: Path | None = None, sample: Path | None = None) -> Wire:
    """The wire for `--binding FILE` (`--schema DIR`, `--sample FILE`); konform's own without one."""
    if binding is None:
        if sample is None and schema_dir is None:
            return BUILTIN_WIRE
        binding = concepts.BUILTIN_PATH
    return Wire(concepts.load(binding, schema_dir=schema_dir, sample=sample))

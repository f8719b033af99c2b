"""`--schema DIR` for LAR and BRS: a registry's official XSDs, checked in addition to konform's own.

LAR's and BRS's guides show the real namespaces, so a message a vendor's system writes is
already in them; what a vendor may hold besides is the registry's XSD set. Every element of
a judged file that one of DIR's XSDs declares as a global element (the outermost such: the
request body inside a SOAP envelope, say) is validated against all of DIR's XSDs together,
and each breach konform's own checks have not reported on that line becomes a finding
under the registry's schema requirement, naming the XSD that defines the element.

The file is read whole for this (the rules themselves stream).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from lxml import etree

from konform import xml
from konform.checks import Finding
from konform.validate import FileVerdict, Unusable

XS = "http://www.w3.org/2001/XMLSchema"


class SchemaDirError(ValueError):
    """A --schema DIR without a usable XSD; the message names the folder or the file."""


@dataclass(frozen=True)
class OfficialSchemas:
    """The XSDs of one folder: which global elements each defines, and all of them compiled together."""

    folder: Path
    requirement: str

    @cached_property
    def declared(self) -> dict[str, Path]:
        """Clark name of every global element → the XSD file that declares it."""
        found: dict[str, Path] = {}
        for path in sorted(self.folder.glob("*.xsd")):
            try:
                root = etree.parse(str(path), xml.parser()).getroot()
            except etree.XMLSyntaxError as error:
                raise SchemaDirError(f"--schema {self.folder}: {path.name} is not XML: {error}") from None
            namespace = root.get("targetNamespace", "")
            for element in root.findall(f"{{{XS}}}element"):
                if element.get("name"):
                    found.setdefault(
                        f"{{{namespace}}}{element.get('name')}" if namespace else str(element.get("name")),
                        path,
                    )
        if not found:
            raise SchemaDirError(f"--schema {self.folder}: no XSD declaring a global element")
        return found

    @cached_property
    def schema(self) -> etree.XMLSchema:
        """Every XSD of the folder, imported by one driver schema (nothing fetched from the network)."""
        driver = etree.Element(f"{{{XS}}}schema", nsmap={"xs": XS})
        namespaces: dict[str, Path] = {}
        for tag, path in self.declared.items():
            namespaces.setdefault(etree.QName(tag).namespace or "", path)
        for namespace, path in namespaces.items():
            etree.SubElement(
                driver, f"{{{XS}}}import", namespace=namespace, schemaLocation=path.resolve().as_uri()
            )
        try:
            return etree.XMLSchema(
                etree.fromstring(etree.tostring(driver), xml.parser(), base_url=str(self.folder))
            )
        except (etree.XMLSchemaParseError, etree.XMLSyntaxError) as error:
            raise SchemaDirError(
                f"--schema {self.folder}: the XSDs do not compile together: {error}"
            ) from None

    def check(self) -> None:
        """Raise SchemaDirError now if the folder cannot be used."""
        _ = self.schema

    def findings(self, raw: bytes, reported: list[Finding]) -> list[Finding]:
        """Breaches of the folder's XSDs by the elements they declare, on lines not yet reported."""
        try:
            root = xml.parse(raw)
        except xml.UnsafeXml:
            return []
        lines = {f.line for f in reported}
        found = []
        for element in _outermost(root, self.declared):
            if self.schema.validate(element):
                continue
            source = self.declared[element.tag].name
            for error in self.schema.error_log:
                if error.line not in lines:
                    lines.add(error.line)
                    found.append(
                        Finding(
                            error.line, self.requirement, "error", f"{source}: {error.message}", error.path
                        )
                    )
        return found


def _outermost(root: etree._Element, declared: dict[str, Path]) -> list[etree._Element]:
    if root.tag in declared:
        return [root]
    return [e for child in root if isinstance(child.tag, str) for e in _outermost(child, declared)]


class WithOfficial:
    """A registry's judge (judge, judge_bytes) that also checks each file against `schemas`."""

    def __init__(self, module: Any, schemas: OfficialSchemas) -> None:
        self.module, self.schemas = module, schemas

    def judge(self, source: Path, side: Any) -> FileVerdict:
        verdict: FileVerdict = self.module.judge(source, side)
        try:
            raw = source.read_bytes()
        except OSError as error:
            raise Unusable(f"cannot read: {error.strerror or error}") from None
        return self._add(verdict, raw)

    def judge_bytes(self, body: bytes, side: Any, *, name: str = "-") -> FileVerdict:
        return self._add(self.module.judge_bytes(body, side, name=name), body)

    def _add(self, verdict: FileVerdict, raw: bytes) -> FileVerdict:
        if not verdict.usable:
            return verdict
        extra = self.schemas.findings(raw, list(verdict.findings))
        return replace(verdict, findings=sorted([*verdict.findings, *extra], key=lambda f: f.line))

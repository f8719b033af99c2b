"""Loading a binding: the TOML, the schema files it names, and every check that makes it usable."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeAlias

from lxml import etree

from konform.binding import paths
from konform.binding.schemas import compile_xsd, defined_namespaces


class BindingError(ValueError):
    """A binding that cannot be used; the message is one line naming the file and the culprit."""


Node: TypeAlias = etree._Element | str


@dataclass(frozen=True, eq=False)
class Binding:
    """A registry's schema files and where each concept lives in them (see konform.binding)."""

    registry: str
    name: str
    version: str
    path: Path
    main: Path
    wsdl: Path | None
    files: tuple[Path, ...]
    namespaces: Mapping[str, str]
    service: Mapping[str, str]
    concepts: Mapping[str, str]
    parents: Mapping[str, str] = field(default_factory=dict)
    compiled: Mapping[str, paths.Path] = field(default_factory=dict, repr=False)

    @cached_property
    def _xsd(self) -> etree.XMLSchema:
        return compile_xsd(self.main)

    def xsd(self) -> etree.XMLSchema:
        """The main XSD, compiled once."""
        return self._xsd

    def tag(self, concept: str) -> str:
        """The Clark name of the element the concept's last element step names."""
        found = self.compiled[concept]
        if not found.steps or found.attribute is not None:
            raise BindingError(f"{self.path}: concept {concept!r} ({found.text}) names no element")
        return found.steps[-1].tag

    def select(self, node: etree._Element, concept: str) -> list[Node]:
        """Every node the concept matches relative to `node` ([] when it is not mapped)."""
        found = self.compiled.get(concept)
        return [] if found is None else list(found.compiled(node))

    def first(self, node: etree._Element, concept: str) -> Node | None:
        found = self.select(node, concept)
        return found[0] if found else None

    def text(self, node: etree._Element, concept: str) -> str | None:
        """The concept's text (an element's, or an attribute's value), None when absent."""
        found = self.first(node, concept)
        if found is None or isinstance(found, str):
            return found
        return found.text or ""

    def write(self, node: etree._Element, concept: str, text: str | None) -> etree._Element:
        """Create the concept's path below `node` and set its text; the element written."""
        return paths.write(node, self.compiled[concept], text)

    def same_as(self, other: Binding) -> bool:
        """Both map every concept to the same XPath over the same namespace URIs."""

        def resolved(binding: Binding) -> dict[str, tuple[tuple[str, tuple[str, str] | None], ...]]:
            return {
                concept: (*((s.tag, s.attribute) for s in p.steps), (p.attribute or "", None))
                for concept, p in binding.compiled.items()
            }

        return resolved(self) == resolved(other)


def read_toml(path: Path) -> dict[str, Any]:
    """The binding file's TOML; BindingError when it cannot be read or is not TOML."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise BindingError(f"binding {path}: cannot read: {error.strerror or error}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise BindingError(f"binding {path}: not TOML: {error}") from None


def load(
    path: Path,
    *,
    concepts: Iterable[str],
    parents: Mapping[str, str] | None = None,
    aliases: Mapping[str, str] | None = None,
    schema_dir: Path | None = None,
    sample: Path | None = None,
) -> Binding:
    """Read and check the binding at `path` (see konform.binding); BindingError names what is wrong."""
    data = read_toml(path)
    where = f"binding {path}"
    folder = schema_dir or path.parent
    schema = _table(data, "schema", where)
    main = _file(folder, schema.get("main"), where, "[schema] main")
    wsdl = _file(folder, schema["wsdl"], where, "[schema] wsdl") if "wsdl" in schema else None
    listed = schema.get("files", ())
    names = listed if isinstance(listed, (list, tuple)) else [listed]
    extra = tuple(_file(folder, name, where, "[schema] files") for name in names)
    files = (main, *((wsdl,) if wsdl else ()), *extra)
    namespaces = {str(k): str(v) for k, v in _table(data, "namespaces", where).items()}
    defined = defined_namespaces(files)
    for prefix, uri in namespaces.items():
        if uri not in defined:
            raise BindingError(f"{where}: namespace {prefix} = {uri!r} is not defined by the schema files")
    known, alias = set(concepts), dict(aliases or {})
    mapped: dict[str, str] = {}
    for key, xpath in _table(data, "concepts", where).items():
        concept = alias.get(key, key)
        if concept not in known:
            raise BindingError(f"{where}: unknown concept {key!r} (not one of {path.parent.name}'s concepts)")
        if concept in mapped:
            raise BindingError(f"{where}: concept {concept!r} is mapped twice")
        mapped[concept] = str(xpath)
    relative = dict(parents or {})
    for concept in mapped:
        if concept in relative and relative[concept] not in mapped:
            parent = relative[concept]
            raise BindingError(f"{where}: concept {concept!r} is relative to {parent!r}, which is not mapped")
    compiled = {}
    for concept, xpath in mapped.items():
        try:
            compiled[concept] = paths.parse(xpath, namespaces)
        except paths.PathError as error:
            raise BindingError(f"{where}: concept {concept!r}: {error}") from None
    binding = Binding(
        registry=str(data.get("registry", "")),
        name=str(data.get("name", path.stem)),
        version=str(data.get("version", "")),
        path=path,
        main=main,
        wsdl=wsdl,
        files=files,
        namespaces=namespaces,
        service={str(k): str(v) for k, v in data.get("service", {}).items()},
        concepts=mapped,
        parents=relative,
        compiled=compiled,
    )
    try:
        binding.xsd()
    except ValueError as error:
        raise BindingError(f"{where}: {error}") from None
    if sample is not None:
        check_sample(binding, sample)
    return binding


def check_sample(binding: Binding, sample: Path) -> None:
    """Every mapped concept whose root concept occurs in the sample matches something in it."""
    try:
        root = etree.parse(str(sample), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    except (OSError, etree.XMLSyntaxError) as error:
        raise BindingError(f"--sample {sample}: not readable XML: {error}") from None
    memo: dict[str, list[etree._Element]] = {}

    def nodes(concept: str) -> list[etree._Element]:
        if concept not in memo:
            parent = binding.parents.get(concept)
            if parent is None:
                matched: list[Node] = list(root.iter(binding.tag(concept)))
            else:
                matched = [n for context in nodes(parent) for n in binding.select(context, concept)]
            if not matched:
                raise BindingError(
                    f"binding {binding.path}: concept {concept!r} ({binding.concepts[concept]}) "
                    f"matches nothing in --sample {sample}"
                )
            memo[concept] = [n for n in matched if isinstance(n, etree._Element)]
        return memo[concept]

    roots = [c for c in binding.concepts if c not in binding.parents]
    present = {c for c in roots if next(root.iter(binding.tag(c)), None) is not None}
    if not present:
        names = ", ".join(f"{c} ({binding.concepts[c]})" for c in roots)
        raise BindingError(f"binding {binding.path}: none of {names} matches anything in --sample {sample}")
    for concept in binding.concepts:
        top = concept
        while top in binding.parents:
            top = binding.parents[top]
        if top in present:
            nodes(concept)


def _table(data: Mapping[str, object], name: str, where: str) -> Mapping[str, object]:
    table = data.get(name)
    if not isinstance(table, dict):
        raise BindingError(f"{where}: no [{name}] table")
    return table


def _file(folder: Path, name: object, where: str, key: str) -> Path:
    if not isinstance(name, str) or not name:
        raise BindingError(f"{where}: {key} must name a file")
    found = (folder / name).resolve()
    if not found.is_file():
        raise BindingError(f"{where}: {key} {name!r}: no such file in {folder}")
    return found

"""The XPaths a binding may use: compiled once, read with lxml, written step by step."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from lxml import etree

_STEP = re.compile(
    r"(?P<prefix>[A-Za-z_][\w.-]*):(?P<name>[A-Za-z_][\w.-]*)"
    r"""(?:\[@(?P<attr>[A-Za-z_][\w.-]*)\s*=\s*(?P<q>['"])(?P<value>[^'"]*)(?P=q)\])?"""
)
_ATTRIBUTE = re.compile(r"@(?P<name>[A-Za-z_][\w.-]*)")


@dataclass(frozen=True)
class Step:
    """One element step: its Clark tag and an optional attribute the element carries."""

    tag: str
    attribute: tuple[str, str] | None = None

    def matches(self, element: etree._Element) -> bool:
        if element.tag != self.tag:
            return False
        return self.attribute is None or element.get(self.attribute[0]) == self.attribute[1]


@dataclass(frozen=True)
class Path:
    """A writable XPath: element steps, and the attribute it ends in (None: the last element)."""

    text: str
    steps: tuple[Step, ...]
    attribute: str | None
    compiled: etree.XPath


class PathError(ValueError):
    """An XPath that does not compile, names an undefined prefix, or is not writable."""


def parse(text: str, namespaces: Mapping[str, str]) -> Path:
    """Compile `text` and split it into steps; PathError says what is wrong with it."""
    try:
        compiled = etree.XPath(text, namespaces=dict(namespaces))
        compiled(etree.Element("probe"))  # lxml resolves prefixes only when it evaluates
    except etree.XPathSyntaxError as error:
        raise PathError(f"XPath {text!r} does not compile ({error})") from None
    except etree.XPathEvalError as error:
        raise PathError(f"XPath {text!r} cannot be evaluated ({error}: is its prefix declared?)") from None
    parts = text.split("/")
    attribute = None
    if parts and (found := _ATTRIBUTE.fullmatch(parts[-1])):
        attribute = found["name"]
        parts = parts[:-1]
    steps = []
    for part in parts:
        found = _STEP.fullmatch(part)
        if found is None:
            raise PathError(
                f"XPath {text!r}: step {part!r} is not p:name or p:name[@attr='value'] (konform writes these)"
            )
        uri = namespaces[found["prefix"]]
        pair = (found["attr"], found["value"]) if found["attr"] else None
        steps.append(Step(f"{{{uri}}}{found['name']}", pair))
    return Path(text, tuple(steps), attribute, compiled)


def write(node: etree._Element, path: Path, text: str | None) -> etree._Element:
    """Create `path` below `node` (reusing a matching last child at each step); set its text."""
    leaf = path.steps[-1] if path.steps and path.attribute is None else None
    for step in path.steps:
        last = node[-1] if len(node) else None
        if last is not None and step is not leaf and step.matches(last):
            node = last
            continue
        node = etree.SubElement(node, step.tag, dict([step.attribute]) if step.attribute else {})
    if path.attribute is not None:
        if text is not None:
            node.set(path.attribute, text)
    else:
        node.text = text
    return node

"""Reading a Takecare integration declaration (TOML) with the line of every key."""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from konform.validate import Unusable

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "schemas" / "takecare" / "declaration.schema.json"

Key = tuple[str | int, ...]

_TABLE = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\-]+)\s*\]\s*(#.*)?$")
_ARRAY_TABLE = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_.\-]+)\s*\]\]\s*(#.*)?$")
_ASSIGN = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=")


@dataclass
class Declaration:
    """The parsed declaration and where each key stands in the file."""

    data: dict[str, Any]
    lines: dict[Key, int]

    def line(self, *key: str | int) -> int:
        """The line of `key`, else of its nearest enclosing table, else 0."""
        path: Key = tuple(key)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 0


@cache
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return loaded


def load(source: Path) -> Declaration:
    """Parse `source`, or raise Unusable saying why it cannot be judged."""
    try:
        text = source.read_bytes().decode("utf-8")
    except OSError as error:
        raise Unusable(f"cannot read: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise Unusable("not UTF-8") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise Unusable(f"not TOML: {error}") from None
    if "solution" not in data and "channels" not in data:
        raise Unusable("not a Takecare integration declaration (no [solution] or [[channels]])")
    return Declaration(data, key_lines(text))


def key_lines(text: str) -> dict[Key, int]:
    """Line numbers of tables and keys, for the simple TOML a declaration is written in."""
    lines: dict[Key, int] = {}
    table: Key = ()
    counts: dict[Key, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if match := _ARRAY_TABLE.match(line):
            name = tuple(match.group(1).split("."))
            index = counts.get(name, -1) + 1
            counts[name] = index
            table = (*name, index)
            lines.setdefault(table, number)
        elif match := _TABLE.match(line):
            table = tuple(match.group(1).split("."))
            lines.setdefault(table, number)
        elif match := _ASSIGN.match(line):
            lines.setdefault((*table, match.group(1)), number)
    return lines


def schema_problems(declaration: Declaration) -> list[tuple[Key, str]]:
    """(key, message) for every place the declaration breaks the published schema."""
    validator = jsonschema.Draft202012Validator(schema())
    problems = []
    for error in sorted(validator.iter_errors(declaration.data), key=lambda e: list(map(str, e.path))):
        key = tuple(error.path)
        where = ".".join(str(part) for part in key) or "declaration"
        problems.append((key, f"{where}: {error.message}"))
    return problems

"""Guarding the suite against times taken when a module is loaded.

A module that keeps `datetime.now()` from its import and uses it minutes later (after a
test PKI, a card or a simulator was made "now") passes on a fast machine and fails on a
slow one. Two independent looks:

- `clock_calls_at_import(source)`: the lines of a module whose code run at import (module
  and class bodies, decorators, default arguments) reads a clock; `sleeps(source)`: the lines
  that sleep anywhere.
- As a pytest plugin (`-p tests.clock_at_import --clock-captures FILE`): after collection,
  every module under the rootdir is searched for globals (and the fields of globals) holding
  a wall-clock instant from the time the modules were imported; the finds go to FILE as JSON.
  `KONFORM_CLOCK_SINCE` (epoch seconds) is when the import window starts, set by the caller
  before it starts pytest; without it the window starts when this plugin is configured.
"""

from __future__ import annotations

import ast
import dataclasses
import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from types import FunctionType, ModuleType

import pytest

#: Calls that read a clock, by the attribute or name they are made through.
CLOCK_CALLS = frozenset({"now", "utcnow", "today", "time_ns", "monotonic", "monotonic_ns", "perf_counter"})
#: Calls that read the clock only without arguments (`datetime.time(3, 30)` is a constant).
CLOCK_CALLS_WITHOUT_ARGUMENTS = frozenset({"time", "localtime", "gmtime"})
SINCE = "KONFORM_CLOCK_SINCE"
_SINCE = pytest.StashKey[float]()


def _called(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    if isinstance(node.func, ast.Name):
        return node.func.id
    return None


def _is_main_guard(node: ast.stmt) -> bool:
    return (
        isinstance(node, ast.If)
        and "__main__" in ast.unparse(node.test)
        and "__name__" in ast.unparse(node.test)
    )


class _AtImport(ast.NodeVisitor):
    """Visits only the code Python runs while importing the module."""

    def __init__(self) -> None:
        self.lines: list[int] = []

    def visit_Module(self, node: ast.Module) -> None:
        for statement in node.body:
            if not _is_main_guard(statement):
                self.visit(statement)

    def _signature(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        for default in [*node.args.defaults, *node.args.kw_defaults]:
            if default is not None:
                self.visit(default)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        for decorator in node.decorator_list:
            self.visit(decorator)
        self._signature(node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        for decorator in node.decorator_list:
            self.visit(decorator)
        self._signature(node)

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self._signature(node)

    def visit_Call(self, node: ast.Call) -> None:
        called = _called(node)
        bare = not node.args and not node.keywords
        if called in CLOCK_CALLS or (bare and called in CLOCK_CALLS_WITHOUT_ARGUMENTS):
            self.lines.append(node.lineno)
        self.generic_visit(node)


def clock_calls_at_import(source: str) -> list[int]:
    """Lines where the module reads a clock while it is being imported."""
    visitor = _AtImport()
    visitor.visit(ast.parse(source))
    return sorted(visitor.lines)


def sleeps(source: str) -> list[int]:
    """Lines that call `sleep` (time.sleep, asyncio.sleep, a bare imported sleep)."""
    return sorted(
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call) and _called(node) == "sleep"
    )


# -- the plugin ---------------------------------------------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--clock-captures", metavar="FILE", help="write the globals that hold the import-time clock"
    )


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_SINCE] = float(os.environ.get(SINCE) or time.time())


def pytest_collection_finish(session: pytest.Session) -> None:
    path = session.config.getoption("clock_captures")
    if not path:
        return
    window = (session.config.stash[_SINCE] - 1.0, time.time() + 1.0)
    root = session.config.rootpath
    modules = _modules_under(root)
    found = [
        {"module": module.__name__, "name": name, "value": repr(value)}
        for module in modules
        for name, value in _values(module)
        if _is_instant_in(value, window)
    ]
    Path(path).write_text(
        json.dumps({"modules": len(modules), "captures": found}, indent=2), encoding="utf-8"
    )


def _modules_under(root: Path) -> list[ModuleType]:
    chosen = []
    for module in list(sys.modules.values()):
        file = getattr(module, "__file__", None)
        if not file:
            continue
        path = Path(file).resolve()
        if path.is_relative_to(root) and not {".venv", "site-packages"} & set(path.parts):
            chosen.append(module)
    return chosen


def _values(module: ModuleType) -> list[tuple[str, object]]:
    """Every global of the module and, one and two levels down, what its containers hold."""
    found: list[tuple[str, object]] = []

    def walk(name: str, value: object, depth: int) -> None:
        if isinstance(value, ModuleType | type | FunctionType):
            return
        found.append((name, value))
        if depth == 0:
            return
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            children = [(f.name, getattr(value, f.name, None)) for f in dataclasses.fields(value)]
        elif isinstance(value, dict):
            children = [(repr(k), v) for k, v in list(value.items())[:1000]]
        elif isinstance(value, list | tuple | set | frozenset):
            children = [(str(i), v) for i, v in enumerate(list(value)[:1000])]
        else:
            return
        for child, item in children:
            walk(f"{name}.{child}", item, depth - 1)

    for name, value in list(vars(module).items()):
        if not name.startswith("__"):
            walk(name, value, 2)
    return found


def _is_instant_in(value: object, window: tuple[float, float]) -> bool:
    """A datetime (aware, or naive as local or as UTC) or epoch seconds inside the window."""
    start, end = window
    if isinstance(value, datetime):
        readings = [value.timestamp()]
        if value.tzinfo is None:
            readings.append(value.replace(tzinfo=UTC).timestamp())
        return any(start <= reading <= end for reading in readings)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return start <= float(value) <= end or start <= float(value) / 1e9 <= end
    return False

"""Judges by registry name: `konform validate <registry>` looks its rules up here (CONTRACTS.md).

A registry plugs in with one line in `JUDGES`: the module that offers
``judge(source: Path, side, *, progress=None) -> FileVerdict`` and ``RULES`` (each with
a ``requirement``). Modules are imported only when their registry is asked for.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from konform import catalogue
from konform.validate import FileVerdict

#: Every registry `konform validate` names (CONTRACTS.md), and the module that judges it.
JUDGES: dict[str, str | None] = {
    "spor": "konform.spor.rules",
    "lar": "konform.lar.judge",
    "brs": "konform.brs.judge",
    "sysvak": "konform.sysvak.rules",
    "takecare": "konform.takecare.rules",
}


class Judge(Protocol):
    def __call__(
        self, source: Path, side: Any, *, progress: Callable[[int, int], None] | None = None
    ) -> FileVerdict: ...


class UnknownRegistry(LookupError):
    """A registry name `konform validate` does not know, or one without a judge yet."""


def _module(name: str) -> Any:
    if name not in JUDGES:
        raise UnknownRegistry(f"unknown registry {name!r} (known: {', '.join(JUDGES)})")
    target = JUDGES[name]
    if target is None:
        raise UnknownRegistry(f"registry {name!r} has no validator yet")
    return importlib.import_module(target)


def register(name: str, module: str) -> None:
    """Plug a registry's judge in (its module offers `judge` and `RULES`)."""
    JUDGES[name] = module


def judge_for(name: str) -> Judge:
    """The judge function of registry `name`, or UnknownRegistry."""
    judge: Judge = _module(name).judge
    return judge


def requirements_for(name: str) -> list[str]:
    """The requirement IDs the registry's rules check, in catalogue order."""
    checked = {rule.requirement for rule in _module(name).RULES}
    order = {requirement: position for position, requirement in enumerate(catalogue.load())}
    return sorted(checked, key=lambda requirement: order.get(requirement, len(order)))

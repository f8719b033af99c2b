"""Consumer sessions by registry name: the hook module each registry plugs in.

A hook module offers ``PLAN`` (the plan file), ``start(plan, folder) -> Started``,
``judge(plan, received, started) -> (verdicts, findings)`` and, optionally,
``seen(plan, received) -> set[str]`` for the live display. A hook whose simulator can serve a
registry's own schema takes ``start(plan, folder, binding=…)`` and keeps what its judge needs
in ``Started.binding``; its ``seen`` may take ``started=`` too. It is imported only when its
registry is asked for.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any, cast

from konform.checks import Finding
from konform.consumer.plan import Plan, load_plan
from konform.consumer.session import HarnessProblem, Received, Started
from konform.consumer.verdicts import TaskVerdict

#: Every registry with a consumer session, and its hook module (Takecare has no wire protocol).
HOOKS: dict[str, str] = {
    "spor": "konform.spor.consumer",
    "lar": "konform.lar.consumer",
    "sysvak": "konform.sysvak.consumer",
    "brs": "konform.brs.consumer",
}


class NoSession(LookupError):
    """A registry without a consumer session (unknown, or its hook is not there)."""


class Hook:
    """A registry's hook module, typed."""

    def __init__(self, name: str, module: ModuleType) -> None:
        self.name = name
        self.module = module
        self.plan_path: Path = Path(module.PLAN)

    def plan(self) -> Plan:
        return load_plan(self.plan_path)

    def start(self, plan: Plan, folder: Path, binding: Any = None) -> Started:
        """The simulator started; with `binding` (the registry's own schema object) serving that schema."""
        if binding is None:
            return cast(Started, self.module.start(plan, folder))
        if "binding" not in inspect.signature(self.module.start).parameters:
            raise HarnessProblem(f"the {self.name.upper()} consumer session takes no --binding")
        return cast(Started, self.module.start(plan, folder, binding=binding))

    def judge(
        self, plan: Plan, received: list[Received], started: Started
    ) -> tuple[list[TaskVerdict], list[Finding]]:
        verdicts, findings = self.module.judge(plan, received, started)
        return list(verdicts), list(findings)

    def seen(self, plan: Plan, received: list[Received], started: Started | None = None) -> set[str] | None:
        """The tasks attempted so far, or None when the hook cannot tell."""
        seen: Callable[..., Any] | None = getattr(self.module, "seen", None)
        if seen is None:
            return None
        if started is not None and "started" in inspect.signature(seen).parameters:
            return set(seen(plan, received, started=started))
        return set(seen(plan, received))


def hook(name: str) -> Hook:
    """The hook of registry `name`, or NoSession naming the known ones."""
    if name not in HOOKS:
        raise NoSession(f"no consumer session for {name!r} (known: {', '.join(HOOKS)})")
    try:
        module = importlib.import_module(HOOKS[name])
    except ModuleNotFoundError as error:
        if error.name and HOOKS[name].startswith(error.name):
            raise NoSession(f"registry {name!r} has no consumer session yet ({HOOKS[name]})") from None
        raise
    return Hook(name, module)

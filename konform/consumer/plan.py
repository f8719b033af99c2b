"""A consumer test plan: the tasks a vendor's system must perform, with the test data, as TOML."""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class PlanError(ValueError):
    """A plan file that cannot be used; the message names the file and the field."""


@dataclass(frozen=True)
class Task:
    """One thing the vendor's system must do, tied to the requirements it shows."""

    id: str
    title: str
    do: str
    requirements: tuple[str, ...]
    section: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "do": self.do,
            "requirements": list(self.requirements),
            "section": self.section,
        }


@dataclass(frozen=True)
class Plan:
    """A registry's plan: its tasks and the test data the simulator is seeded with."""

    registry: str
    version: str
    title: str
    tasks: tuple[Task, ...]
    data: dict[str, Any] = field(default_factory=dict)
    source: Path | None = None

    def task(self, task_id: str) -> Task:
        for task in self.tasks:
            if task.id == task_id:
                return task
        raise KeyError(task_id)

    def as_dict(self) -> dict[str, Any]:
        return {
            "registry": self.registry,
            "version": self.version,
            "title": self.title,
            "data": self.data,
            "tasks": [task.as_dict() for task in self.tasks],
        }

    def as_json(self) -> str:
        """The plan with its test data as JSON (what KONFORM_<R>_PLAN carries)."""
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2, default=str)


def _text(table: dict[str, Any], key: str, where: str, *, required: bool = True) -> str:
    value = table.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise PlanError(f"{where}: {key!r} must be a non-empty string")
    return value.strip()


def _task(table: Any, where: str) -> Task:
    if not isinstance(table, dict):
        raise PlanError(f"{where}: a [[task]] must be a table")
    requirements = table.get("requirements", [])
    if (
        not isinstance(requirements, list)
        or not requirements
        or not all(isinstance(r, str) and r for r in requirements)
    ):
        raise PlanError(f"{where}: 'requirements' must be a non-empty list of requirement IDs")
    task_id = _text(table, "id", where)
    return Task(
        id=task_id,
        title=_text(table, "title", f"{where} ({task_id})"),
        do=_text(table, "do", f"{where} ({task_id})"),
        requirements=tuple(requirements),
        section=_text(table, "section", f"{where} ({task_id})", required=False),
    )


def parse_plan(data: dict[str, Any], where: str) -> Plan:
    """A Plan from a TOML document already read; PlanError naming the field when it is wrong."""
    tasks = data.get("task", [])
    if not isinstance(tasks, list) or not tasks:
        raise PlanError(f"{where}: the plan has no [[task]]")
    parsed = tuple(_task(table, f"{where}: task {number}") for number, table in enumerate(tasks, 1))
    ids = [task.id for task in parsed]
    duplicate = next((task_id for task_id in ids if ids.count(task_id) > 1), None)
    if duplicate:
        raise PlanError(f"{where}: task id {duplicate!r} appears twice")
    extra = data.get("data", {})
    if not isinstance(extra, dict):
        raise PlanError(f"{where}: [data] must be a table")
    return Plan(
        registry=_text(data, "registry", where),
        version=str(data.get("version", "")).strip() or "unversioned",
        title=_text(data, "title", where),
        tasks=parsed,
        data=extra,
    )


def load_plan(path: Path) -> Plan:
    """Read a plan file (TOML); PlanError naming the file and field when it cannot be used."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise PlanError(f"{path}: cannot read: {error.strerror or error}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise PlanError(f"{path}: not a TOML plan: {error}") from None
    plan = parse_plan(data, str(path))
    return Plan(plan.registry, plan.version, plan.title, plan.tasks, plan.data, source=path)

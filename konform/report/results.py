"""Allure results as written by allure-pytest-bdd: one record per scenario run."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Outcomes a record can have: Allure's statuses plus "xfailed" (an approved known deviation).
OUTCOMES = ("passed", "failed", "broken", "skipped", "xfailed", "unknown")
#: The attachment a failed scenario carries (konform/failure.py) and the title every reading
#: warning's attachment starts with (konform/readings_plugin.py).
FAILURE_ATTACHMENT = "konform failure"
WARNING_ATTACHMENT = "Warning "
#: The tag of a scenario that judges konform's own material (the marker's name, and the label).
OWN_MATERIAL_TAGS = frozenset({"own-material", "own_material"})


@dataclass(frozen=True)
class TestRecord:
    """One scenario result (after retries): what ran, how it ended and its labels."""

    __test__ = False  # not a pytest test class, despite the name

    name: str
    full_name: str
    status: str
    message: str
    labels: tuple[tuple[str, str], ...]
    parameters: tuple[tuple[str, str], ...]
    history_id: str
    start: int
    stop: int
    #: The failure's facts (konform/failure.py), when the scenario failed on a check.
    failure: dict[str, Any] = field(default_factory=dict)
    #: The text of each warning on konform's readings, "<ID>: <title>\n  Expected: …".
    warnings: tuple[str, ...] = ()

    def label_values(self, name: str) -> list[str]:
        """The values of every label called `name`, once each, in file order."""
        return list(dict.fromkeys(v for n, v in self.labels if n == name))

    @property
    def requirements(self) -> list[str]:
        """The requirement IDs this scenario tests (its story labels)."""
        return self.label_values("story")

    @property
    def epic(self) -> str:
        """The registry (first epic label), or "" when the scenario has none."""
        epics = self.label_values("epic")
        return epics[0] if epics else ""

    @property
    def feature(self) -> str:
        """The Feature name."""
        features = self.label_values("feature")
        return features[0] if features else ""

    @property
    def feature_file(self) -> str:
        """The .feature file, relative as pytest-bdd reports it ("" if unknown)."""
        path, sep, _ = self.full_name.partition(".feature:")
        return path + ".feature" if sep else ""

    @property
    def outcome(self) -> str:
        """The status, except that a non-strict xfail (a baselined deviation) is "xfailed"."""
        if self.status == "skipped" and self.message.startswith("XFAIL"):
            return "xfailed"
        return self.status if self.status in OUTCOMES else "unknown"

    @property
    def skip_reason(self) -> str:
        """Why a skipped scenario was skipped ("" for any other outcome)."""
        if self.outcome != "skipped":
            return ""
        first = self.message.strip().splitlines()[0] if self.message.strip() else ""
        _, sep, reason = first.partition("Skipped: ")
        return (reason if sep else first).strip()

    @property
    def own_material(self) -> bool:
        """True when the scenario judges konform's own material, not the target."""
        return bool(OWN_MATERIAL_TAGS & set(self.label_values("tag")))

    @property
    def display_name(self) -> str:
        """The scenario name, with example parameters for a Scenario Outline row."""
        if not self.parameters:
            return self.name
        return f"{self.name} [{', '.join(f'{k}={v}' for k, v in self.parameters)}]"


def read_results(results_dir: Path) -> list[TestRecord]:
    """Every `*-result.json` in `results_dir`, keeping only the last run of each historyId.

    Containers and attachments are ignored. A result file that cannot be read (a
    worker killed mid-write) becomes a "broken" record so that it is not lost.
    Raises FileNotFoundError when `results_dir` is not a directory.
    """
    if not results_dir.is_dir():
        raise FileNotFoundError(f"{results_dir}: no such directory")
    latest: dict[str, TestRecord] = {}
    for path in sorted(results_dir.glob("*-result.json")):
        record = _read_one(path)
        key = record.history_id or path.name
        kept = latest.get(key)
        if kept is None or (record.stop, record.start) >= (kept.stop, kept.start):
            latest[key] = record
    return sorted(latest.values(), key=lambda r: (r.start, r.full_name))


def _read_one(path: Path) -> TestRecord:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        return _record(data, path.parent)
    except (OSError, ValueError, TypeError) as exc:
        return TestRecord(
            name=path.name,
            full_name=path.name,
            status="broken",
            message=f"unreadable Allure result: {exc}",
            labels=(),
            parameters=(),
            history_id="",
            start=0,
            stop=0,
        )


def _record(data: dict[str, Any], folder: Path) -> TestRecord:
    details = data.get("statusDetails") or {}
    failure: dict[str, Any] = {}
    warnings: list[str] = []
    for name, source in _attachments(data):
        if name == FAILURE_ATTACHMENT and not failure:
            failure = _json_object(_read(folder, source))
        elif name.startswith(WARNING_ATTACHMENT):
            warnings.append(_read(folder, source))
    return TestRecord(
        failure=failure,
        warnings=tuple(dict.fromkeys(w for w in warnings if w)),
        name=str(data.get("name", "")),
        full_name=str(data.get("fullName", "")),
        status=str(data.get("status", "unknown")),
        message=str(details.get("message") or ""),
        labels=_pairs(data.get("labels")),
        parameters=_pairs(data.get("parameters")),
        history_id=str(data.get("historyId") or ""),
        start=int(data.get("start") or 0),
        stop=int(data.get("stop") or 0),
    )


def _pairs(items: Any) -> tuple[tuple[str, str], ...]:
    """(name, value) of each label or parameter; excluded parameters are left out."""
    return tuple(
        (str(item.get("name", "")), str(item.get("value", "")))
        for item in items or []
        if isinstance(item, dict) and not item.get("excluded")
    )


def _attachments(data: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(name, source file) of every attachment of a result and of its steps, at any depth."""
    for item in data.get("attachments") or []:
        if isinstance(item, dict):
            yield str(item.get("name", "")), str(item.get("source", ""))
    for step in data.get("steps") or []:
        if isinstance(step, dict):
            yield from _attachments(step)


def _json_object(text: str) -> dict[str, Any]:
    try:
        loaded = json.loads(text)
    except ValueError:
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _read(folder: Path, source: str) -> str:
    """An attachment's text ("" when it is gone: a report copied without its attachments)."""
    path = folder / Path(source).name
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""

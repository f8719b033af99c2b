"""The documented control API (docs/reference/control-api.md and its JSON Schemas) against a simulator.

A registry's test lists its calls: each names the route it exercises, what it sends, the
status and the schema its reply must follow, and – where the test arranged data – a list in
the reply that must not be empty, so that a schema is never only checked against `[]`.
`routes` reads the control routes a simulator really has, so that a route added without a
documented reply fails the test.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import requests
from jsonschema import Draft202012Validator, FormatChecker

from konform.simulator import Simulator

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "docs" / "reference" / "control-api"
REFERENCE = ROOT / "docs" / "reference" / "control-api.md"

FORMATS = FormatChecker()


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value: object) -> bool:
    """ISO 8601 with an offset, as every timestamp of the control API is."""
    return not isinstance(value, str) or datetime.fromisoformat(value).tzinfo is not None


@FORMATS.checks("date", raises=ValueError)
def _date(value: object) -> bool:
    return not isinstance(value, str) or bool(date.fromisoformat(value))


@dataclass(frozen=True)
class Call:
    """One control call: route (as declared), concrete path if it differs, body, status, schema."""

    method: str
    route: str
    schema: str
    body: Any = None
    path: str | None = None
    status: int = 200
    filled: str | None = None  # a key whose list must not be empty; "" for the reply itself


ERROR = "common/error"


def common_calls() -> list[Call]:
    """The shared routes every simulator has (konform/simulator.py), reset left for the end."""
    return [
        Call("GET", "/_konform/clock", "common/clock"),
        Call("PUT", "/_konform/clock", "common/clock", {"now": "2024-05-03T10:00:00+02:00"}),
        Call("PUT", "/_konform/clock", "common/clock", {"advance_seconds": 90}),
        Call("DELETE", "/_konform/clock", "common/clock"),
        Call("GET", "/_konform/fault", "common/fault"),
        Call("PUT", "/_konform/fault", "common/fault", {"profile": "correct"}),
        Call("PUT", "/_konform/fault", ERROR, {"profile": "no-such-profile"}, status=400),
        Call("GET", "/_konform/received", "common/received", filled=""),
        Call("GET", "/_konform/received", "common/received", path="/_konform/received?since=1"),
        Call("GET", "/_konform/limits", "common/limits"),
        Call("PUT", "/_konform/limits", "common/limits", {"max_in_flight": 50}),
        Call("PUT", "/_konform/limits", "common/limits", {"max_in_flight": None}),
        Call("PUT", "/_konform/limits", ERROR, {"max_in_flight": 0}, status=400),
    ]


RESET = Call("POST", "/_konform/reset", "common/reset")


@cache
def validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FORMATS)


def routes(simulator: Simulator) -> set[tuple[str, str]]:
    """(method, path) of every control route the simulator's app serves."""
    found = set()
    for route in simulator.app().routes:
        path, methods = getattr(route, "path", ""), getattr(route, "methods", None) or set()
        if path.startswith("/_konform/"):
            found |= {(method, path) for method in methods if method != "HEAD"}
    return found


def problems(session: requests.Session, base: str, calls: list[Call]) -> list[str]:
    """Every way the simulator's replies to `calls` differ from the documented ones (empty: none)."""
    found = []
    for call in calls:
        url = base.rstrip("/") + (call.path or call.route)
        reply = session.request(call.method, url, json=call.body, timeout=30)
        where = f"{call.method} {call.path or call.route} {json.dumps(call.body) if call.body else ''}"
        if reply.status_code != call.status:
            found.append(f"{where}: HTTP {reply.status_code}, documented {call.status}: {reply.text[:200]}")
            continue
        data = reply.json()
        found += [
            f"{where}: {error.message} at {list(error.path)}"
            for error in validator(call.schema).iter_errors(data)
        ]
        if call.filled is not None and not (data[call.filled] if call.filled else data):
            found.append(f"{where}: {call.filled or 'the reply'} is empty; the test arranged data for it")
    return found


def undocumented(simulator: Simulator, calls: list[Call]) -> list[str]:
    """Control routes the calls do not exercise, or that control-api.md does not name."""
    exercised = {(call.method, call.route) for call in calls}
    text = REFERENCE.read_text(encoding="utf-8")
    missing = [f"{method} {path}: no call checks its reply" for method, path in routes(simulator) - exercised]
    missing += [
        f"{path}: not in control-api.md"
        for _, path in routes(simulator)
        if not re.search(re.escape(path) + r"(?![\w/{}-])", text)
    ]
    return sorted(set(missing))

"""Takecare integration declarations: a valid one to start from, written as TOML."""

from __future__ import annotations

import copy
from typing import Any

#: A declaration every rule accepts once it has a channel: onboarding at its first stage.
BASE: dict[str, Any] = {
    "solution": {
        "name": "Exempel Operationsplanering",
        "vendor": "Exempel Vårdsystem AB",
        "care_providers": ["Region Stockholm"],
        "regions": 1,
        "internet_exposed": False,
        "function_certificate": "SE2321000016-FUNK00001",
    },
    "channels": [],
    "onboarding": {
        "stage": "object-management",
        "evidence": {},
    },
}

#: The evidence each stage leaves behind, in the order of the process.
FULL_EVIDENCE = {
    "object_management_decision": "Objektledningens beslut",
    "security_questionnaire": "frageformular.pdf",
    "sad": "sad.pdf",
    "qa_application": "Ansökan QA-miljö",
    "qa_system_account": "Systemkonto QA",
    "qa_test_report": "summary.html",
    "decision_meeting": "Beslutsmöte",
    "signed_access_instruction": "Signerad instruktion",
    "production_application": "Ansökan produktion",
    "production_system_account": "Systemkonto produktion",
    "monitoring": "Övervakning",
}


def channel(name: str, **need: Any) -> dict[str, Any]:
    """A channel that reads in realtime for patient overview, unless `need` says otherwise."""
    base: dict[str, Any] = {
        "name": name,
        "read": True,
        "write": False,
        "realtime": "none",
        "purposes": ["patient-overview"],
    }
    base.update(need)
    return base


def declaration(*channels: dict[str, Any], **sections: dict[str, Any]) -> dict[str, Any]:
    """BASE with `channels` (default: JUNO two-way) and section fields replaced by `sections`."""
    data = copy.deepcopy(BASE)
    data["channels"] = list(channels) or [channel("JUNO", write=True, realtime="realtime")]
    for section, values in sections.items():
        data[section].update(values)
    return data


def to_toml(data: dict[str, Any]) -> str:
    """Write a declaration as TOML (the flat shape the schema allows)."""
    lines: list[str] = []
    for section in ("solution", "onboarding"):
        lines.append(f"[{section}]")
        lines += [f"{k} = {_value(v)}" for k, v in data[section].items() if not isinstance(v, dict)]
        for key, table in data[section].items():
            if isinstance(table, dict):
                lines.append(f"[{section}.{key}]")
                lines += [f"{k} = {_value(v)}" for k, v in table.items()]
    for each in data["channels"]:
        lines.append("[[channels]]")
        lines += [f"{k} = {_value(v)}" for k, v in each.items()]
    return "\n".join(lines) + "\n"


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    escaped = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'

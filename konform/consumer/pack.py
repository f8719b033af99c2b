"""The evidence pack about a vendor's system: `reports/evidence/<date>-<registry>-consumer-<system>/`.

plan.toml (as given) and plan.json (with its test data), result.json, summary.md, every
received message and the simulator's answer under messages/, Allure results under the
epic "Consumer: <system>" in allure-results/, and MANIFEST.sha256 (``sha256sum -c``).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from konform import __version__, catalogue
from konform.checks import Finding
from konform.consumer import allure
from konform.consumer.plan import Plan
from konform.consumer.session import Received, exit_code, failed
from konform.consumer.verdicts import TaskVerdict
from konform.report.evidence_pack import write_manifest

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Session:
    """Everything a session decided, to be written down."""

    plan: Plan
    system: str
    verdicts: list[TaskVerdict]
    findings: list[Finding]
    received: list[Received]
    started: datetime
    finished: datetime
    readings: str
    note: str = ""

    @property
    def exit(self) -> int:
        return exit_code(self.verdicts, self.findings)


def slug(text: str) -> str:
    """A system's name as a folder name: lower case, words joined by '-'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "system"


def commit() -> str | None:
    """The commit konform runs from, when it runs from a git checkout."""
    try:
        done = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None


def section(requirement: str) -> str:
    try:
        return "§" + catalogue.get(requirement).section
    except catalogue.UnknownRequirement:
        return ""


def _suffix(content_type: str | None, body: bytes) -> str:
    kind = (content_type or "").lower()
    if "xml" in kind or body.lstrip().startswith(b"<?xml") or body.lstrip().startswith(b"<soap"):
        return ".xml"
    if "json" in kind:
        return ".json"
    return ".html" if "html" in kind or body.lstrip()[:5].lower() == b"<html" else ".txt"


def _messages(folder: Path, received: list[Received]) -> list[dict[str, Any]]:
    """messages/<id>-request.* and -response.* for every message; their rows in result.json."""
    (folder / "messages").mkdir()
    rows = []
    for message in received:
        request = f"messages/{message.id:03d}-request{_suffix(message.content_type, message.body)}"
        response = f"messages/{message.id:03d}-response{_suffix(None, message.response)}"
        (folder / request).write_bytes(message.body)
        (folder / response).write_bytes(message.response)
        rows.append(
            {
                "id": message.id,
                "at": message.at,
                "path": message.path,
                "status": message.status,
                "request": request,
                "response": response,
            }
        )
    return rows


def result(session: Session, messages: list[dict[str, Any]]) -> dict[str, Any]:
    """result.json: the run's identity, each task's verdict, every finding, the failed IDs."""
    plan = session.plan
    return {
        "system": session.system,
        "registry": plan.registry,
        "plan_version": plan.version,
        "plan_title": plan.title,
        "konform_version": __version__,
        "commit": commit(),
        "readings": session.readings,
        "started": session.started.isoformat(),
        "finished": session.finished.isoformat(),
        "note": session.note,
        "tasks": [
            {
                "id": v.task,
                "title": plan.task(v.task).title if v.task in {t.id for t in plan.tasks} else v.task,
                "state": v.state,
                "requirements": list(v.requirements),
                "sections": [section(r) for r in v.requirements],
                "why": v.why,
                "messages": list(v.messages),
            }
            for v in session.verdicts
        ],
        "findings": [
            {
                "requirement": f.requirement,
                "section": section(f.requirement),
                "severity": f.severity,
                "message": f.message,
                "file": f"received #{message_id(f)}",
                "line": f.line,
                "basis": f.basis,
            }
            for f in session.findings
        ],
        "messages": messages,
        "failed": failed(session.verdicts, session.findings),
        "exit": session.exit,
    }


def message_id(finding: Finding) -> int | str:
    """The received message a finding is about, from the "received #<id>: " its message starts
    with (``konform.consumer.session.about``); "?" when it names none."""
    match = re.match(r"received #(\d+)", finding.message)
    return int(match.group(1)) if match else "?"


def write(reports: Path, session: Session) -> Path:
    """Write the pack (a rerun the same day for the same system replaces it) and return its folder."""
    plan = session.plan
    name = f"{session.started:%Y-%m-%d}-{plan.registry}-consumer-{slug(session.system)}"
    folder = reports / "evidence" / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    if plan.source is not None:
        shutil.copy2(plan.source, folder / "plan.toml")
    (folder / "plan.json").write_text(plan.as_json() + "\n", encoding="utf-8")
    messages = _messages(folder, session.received)
    data = result(session, messages)
    (folder / "result.json").write_text(
        json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    (folder / "summary.md").write_text(summary(data), encoding="utf-8")
    allure.write(folder / "allure-results", session, data)
    write_manifest(folder)
    return folder


def summary(data: dict[str, Any]) -> str:
    """summary.md: the same facts as result.json, for a person."""
    verdict = "passed" if data["exit"] == 0 else "failed"
    lines = [
        f"# {data['registry'].upper()} consumer certification: {data['system']}",
        "",
        f"- verdict: **{verdict}** (exit {data['exit']})",
        f"- plan: {data['plan_title']} (version {data['plan_version']})",
        f"- konform {data['konform_version']}, commit {data['commit'] or 'unknown'}",
        f"- readings: {data['readings']}",
        f"- session: {data['started']} – {data['finished']}",
    ]
    if data["note"]:
        lines.append(f"- {data['note']}")
    lines += ["", "## Tasks", "", "| task | state | requirements | why | messages |", "|---|---|---|---|---|"]
    for task in data["tasks"]:
        ids = ", ".join(
            f"{r} ({s})" if s else r for r, s in zip(task["requirements"], task["sections"], strict=True)
        )
        shown = ", ".join(f"#{m}" for m in task["messages"]) or "–"
        lines.append(f"| {task['title']} | {task['state']} | {ids} | {task['why']} | {shown} |")
    lines += ["", "## Findings", ""]
    if not data["findings"]:
        lines.append("None.")
    else:
        lines += ["| requirement | section | severity | where | message |", "|---|---|---|---|---|"]
        for f in data["findings"]:
            lines.append(
                f"| {f['requirement']} | {f['section']} | {f['severity']} | {f['file']} line {f['line']} "
                f"| {f['message']} |"
            )
    lines += ["", "## Messages", ""]
    for m in data["messages"]:
        lines.append(f"- #{m['id']} {m['at']} {m['path']} → {m['status']}: {m['request']}, {m['response']}")
    if not data["messages"]:
        lines.append("None received.")
    return "\n".join(lines) + "\n"

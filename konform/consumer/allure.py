"""Allure results of a consumer session: one test result per task under the epic
"Consumer: <system>", never among the provider results (their own results folder)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from konform.consumer.pack import Session

#: Allure's status for each task state.
STATUS = {"done": "passed", "not done": "failed", "done wrongly": "failed"}


def epic(system: str) -> str:
    return f"Consumer: {system}"


def write(results: Path, session: Session, data: dict[str, Any]) -> list[Path]:
    """`<uuid>-result.json` per task, with the task's messages attached; the files written."""
    results.mkdir(parents=True, exist_ok=True)
    start = int(session.started.timestamp() * 1000)
    stop = int(session.finished.timestamp() * 1000)
    messages = {m["id"]: m for m in data["messages"]}
    folder = results.parent
    written = []
    for task in data["tasks"]:
        attachments = []
        for number in task["messages"]:
            row = messages.get(number)
            if row is None:
                continue
            for side in ("request", "response"):
                source = f"{uuid.uuid4()}-attachment{Path(row[side]).suffix}"
                (results / source).write_bytes((folder / row[side]).read_bytes())
                attachments.append({"name": f"#{number} {side}", "source": source, "type": _type(source)})
        findings = [f for f in data["findings"] if f["requirement"] in task["requirements"]]
        details = task["why"] + "".join(f"\n{f['requirement']}: {f['message']}" for f in findings)
        labels = [
            {"name": "epic", "value": epic(session.system)},
            {"name": "feature", "value": f"{data['registry'].upper()} consumer"},
            {"name": "suite", "value": epic(session.system)},
            {"name": "tag", "value": "consumer"},
            *({"name": "story", "value": r} for r in task["requirements"]),
        ]
        result = {
            "uuid": str(uuid.uuid4()),
            "historyId": f"consumer:{data['registry']}:{data['system']}:{task['id']}",
            "name": task["title"],
            "fullName": f"consumer.{data['registry']}.{task['id']}",
            "status": STATUS[task["state"]],
            "statusDetails": {"message": f"{task['state']}: {details}"},
            "stage": "finished",
            "start": start,
            "stop": stop,
            "labels": labels,
            "attachments": attachments,
            "parameters": [{"name": "system", "value": data["system"]}],
        }
        path = results / f"{result['uuid']}-result.json"
        path.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
        written.append(path)
    return written


def _type(name: str) -> str:
    suffix = Path(name).suffix
    return {".xml": "application/xml", ".json": "application/json", ".html": "text/html"}.get(
        suffix, "text/plain"
    )

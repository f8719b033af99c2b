"""Reading allure-results: retries, containers, attachments and damaged files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from konform.report.results import read_results


def result(name: str, status: str, *, history: str, start: int, **extra: Any) -> dict[str, Any]:
    """A minimal allure-pytest-bdd test result."""
    return {
        "name": name,
        "status": status,
        "historyId": history,
        "start": start,
        "stop": start + 5,
        "fullName": f"features/spor/registration.feature:{name}",
        "labels": [{"name": "story", "value": "SPOR-7.1-PNR"}, {"name": "epic", "value": "SPOR"}],
        **extra,
    }


def write(folder: Path, filename: str, data: object) -> None:
    (folder / filename).write_text(json.dumps(data), encoding="utf-8")


def test_only_the_last_retry_of_a_history_id_counts(tmp_path: Path) -> None:
    write(tmp_path, "b-result.json", result("retried", "failed", history="h1", start=100))
    write(tmp_path, "a-result.json", result("retried", "passed", history="h1", start=200))
    write(tmp_path, "c-result.json", result("other", "skipped", history="h2", start=150))
    records = read_results(tmp_path)
    assert [(r.name, r.status) for r in records] == [("other", "skipped"), ("retried", "passed")]


def test_containers_and_attachments_are_ignored(tmp_path: Path) -> None:
    write(tmp_path, "r-result.json", result("one", "passed", history="h", start=1))
    write(tmp_path, "x-container.json", {"uuid": "x", "children": ["r"]})
    (tmp_path / "y-attachment.xml").write_text("<soap/>", encoding="utf-8")
    write(tmp_path, "categories.json", [])
    assert [r.name for r in read_results(tmp_path)] == ["one"]


def test_outline_parameters_name_the_example(tmp_path: Path) -> None:
    params = [{"name": "pnr", "value": "191212121212"}, {"name": "h", "value": "x", "excluded": True}]
    write(tmp_path, "r-result.json", result("bad pnr", "failed", history="h", start=1, parameters=params))
    (record,) = read_results(tmp_path)
    assert record.display_name == "bad pnr [pnr=191212121212]"
    assert record.feature_file == "features/spor/registration.feature"
    assert record.epic == "SPOR"


def test_a_damaged_result_file_is_reported_broken(tmp_path: Path) -> None:
    (tmp_path / "cut-result.json").write_text('{"name": "half', encoding="utf-8")
    (record,) = read_results(tmp_path)
    assert record.status == "broken"
    assert "unreadable" in record.message


def test_missing_results_dir(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_results(tmp_path / "absent")

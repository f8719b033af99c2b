"""The registry-independent parts of a consumer session: plans, readings, the failed IDs."""

from __future__ import annotations

from pathlib import Path

import pytest

from konform.checks import Finding
from konform.consumer.plan import PlanError, load_plan
from konform.consumer.session import failed, settle
from konform.consumer.verdicts import TaskVerdict

GOOD = """registry = "spor"
version = "1"
title = "t"
[[task]]
id = "a"
title = "A"
do = "do a"
requirements = ["SPOR-6.6-OPTOUT"]
"""


@pytest.mark.parametrize(
    ("text", "named"),
    [
        (GOOD.replace('requirements = ["SPOR-6.6-OPTOUT"]', "requirements = []"), "'requirements'"),
        (GOOD.replace('title = "A"\n', ""), "'title'"),
        (GOOD + GOOD[GOOD.index("[[task]]") :], "task id 'a' appears twice"),
        ('registry = "spor"\ntitle = "t"\n', "no [[task]]"),
        ("registry = [", "not a TOML plan"),
    ],
)
def test_a_plan_that_cannot_be_used_names_the_field(tmp_path: Path, text: str, named: str) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PlanError, match=named.replace("[", r"\[")):
        load_plan(path)


def test_a_good_plan_loads_with_its_tasks(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(GOOD, encoding="utf-8")
    plan = load_plan(path)
    assert [t.requirements for t in plan.tasks] == [("SPOR-6.6-OPTOUT",)] and plan.source == path


def test_lenient_readings_forgive_a_task_done_wrongly_only_on_a_reading() -> None:
    reading = Finding(0, "SPOR-6.2-INCL", "error", "received #1: missing", reading="konform's reading")
    document = Finding(3, "SPOR-6.6-OPTOUT", "error", "received #1: blocked")
    verdicts = [
        TaskVerdict("export", "done wrongly", ("SPOR-6.2-INCL",), "missing", (1,)),
        TaskVerdict("block", "done wrongly", ("SPOR-6.6-OPTOUT",), "blocked", (1,)),
    ]
    lenient, findings = settle(verdicts, [reading, document], "lenient")
    assert [v.state for v in lenient] == ["done", "done wrongly"]
    assert failed(lenient, findings) == ["SPOR-6.6-OPTOUT"]
    strict, findings = settle(verdicts, [reading, document], "strict")
    assert [v.state for v in strict] == ["done wrongly", "done wrongly"]
    assert failed(strict, findings) == ["SPOR-6.2-INCL", "SPOR-6.6-OPTOUT"]

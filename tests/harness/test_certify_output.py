"""certify's output modes on a real run: --format json is one object, -q is the verdict line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def certify(tmp_path: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """A Takecare certification: a whole run, with no simulator to start."""
    command = [sys.executable, "-m", "konform", "certify", "--registry", "takecare"]
    command += ["--reports", str(tmp_path / "reports"), *options]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "KONFORM_"))}
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)


def test_json_is_one_object_with_the_run_seed_readings_and_every_requirement(tmp_path: Path) -> None:
    run = certify(tmp_path, "--format", "json", "--seed", "99", "--readings", "strict")
    assert run.returncode in (0, 1), run.stderr[-2000:]
    data = json.loads(run.stdout)  # the whole of stdout: one object, nothing else
    assert data["exit_code"] == run.returncode
    assert data["seed"] == 99 and data["readings"] == "strict"
    assert data["rerun"] == "konform certify --registry=takecare --target=sim --seed=99 --readings=strict"
    assert data["scope"] == ["Takecare"]
    assert {r["id"][:3] for r in data["requirements"]} == {"TC-"}
    assert all(r["status"] and "reason" in r for r in data["requirements"])
    assert data["verdict"] and data["reports"]["evidence_pack"]
    pack = Path(data["reports"]["evidence_pack"])
    assert "| Seed | 99 (" in (pack / "summary.md").read_text(encoding="utf-8")
    assert "strict: a check resting on konform's reading" in (pack / "summary.md").read_text(encoding="utf-8")


def test_quiet_prints_only_the_verdict_line(tmp_path: Path) -> None:
    run = certify(tmp_path, "-q")
    assert run.returncode in (0, 1), run.stderr[-2000:]
    assert run.stdout.count("\n") == 1 and run.stdout.startswith("Verdict: "), run.stdout
    assert "passed" in (tmp_path / "reports" / "pytest.log").read_text(encoding="utf-8")

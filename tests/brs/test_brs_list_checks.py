"""Against a BRS without a control API – as a real environment is – the notification checks
that still run must fail when notificationQuery never answers with a list.

A check of a list first requires the query to have been answered with one: "at most 100 a
page", "no duplicates, sorted" and "only the caller's CVR" would otherwise pass on a list of
no notifications read from a fault. `konform serve brs --fault notification-query-fails`
plays such a service, addressed through a profile without `control_url`, so the scenarios
that arrange facts are skipped and only those a vendor runs against cNSP remain.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from konform.outcomes import failed_requirements
from tests.serving import serving

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
KEYS = ("url", "notification_url", "gos_notification_url", "sts_key", "sts_cert", "cvr", "other_cvr")
KEYS += ("unlisted_cvr", "untrusted_sts_key", "untrusted_sts_cert")
#: The scenarios without @sim-only that read notifications, by requirement.
READERS = {"BRS-ENDPOINT", "BRS-DGWS", "NOTIF-QUERY", "NOTIF-CVR"}


def test_without_a_control_api_a_notification_service_that_always_fails_fails_every_list_check(
    tmp_path: Path,
) -> None:
    with serving("brs", tmp_path / "sim", "--fault", "notification-query-fails") as served:
        targets = tmp_path / "targets.toml"
        lines = ["[brs-remote]", 'environment = "konform BRS simulator without its control API"', ""]
        lines += ["[brs-remote.brs]", *(f"{key} = {json.dumps(served.state[key])}" for key in KEYS)]
        targets.write_text("\n".join(lines) + "\n", encoding="utf-8")
        outcomes_file = tmp_path / "outcomes.json"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "KONFORM_"))}
        command = [sys.executable, "-m", "pytest", "features/brs", "--target", "brs-remote", "-q"]
        command += ["--targets-file", str(targets), "--hypothesis-profile=meta", "--seed=fixed"]
        command += ["-p", "no:cacheprovider", "--outcomes", str(outcomes_file)]
        run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    tail = run.stdout[-4000:] + run.stderr[-2000:]
    assert run.returncode == 1 and outcomes_file.exists(), tail
    outcomes = json.loads(outcomes_file.read_text(encoding="utf-8"))
    ran = {nodeid: entry for nodeid, entry in outcomes.items() if entry["outcome"] != "skipped"}
    assert len(ran) < len(outcomes), "the profile has no control API: @sim-only scenarios must be skipped"
    assert failed_requirements(outcomes) == READERS, tail
    lists = ("bladre_fra_serienummer", "har_kalderens_cvr_som")  # at most 100, sorted; only the caller's
    paging = [entry for nodeid, entry in ran.items() if any(name in nodeid for name in lists)]
    assert len(paging) == 2 and all(entry["outcome"] == "failed" for entry in paging), paging

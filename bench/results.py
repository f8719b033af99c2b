"""reports/bench.json: every benchmark merges its figures under its own key."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

REPORT = Path("reports") / "bench.json"


def merge(key: str, figures: dict[str, Any]) -> None:
    """Store `figures` under `key`, keeping the other benchmarks' figures."""
    existing = json.loads(REPORT.read_text(encoding="utf-8")) if REPORT.exists() else {}
    existing[key] = figures
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(existing, indent=2) + "\n", encoding="utf-8")

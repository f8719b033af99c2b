"""Every catalogue requirement has a scenario (or a not-tested reason); every tag names one."""

from __future__ import annotations

import re
from pathlib import Path

from konform import catalogue

FEATURES = Path(__file__).resolve().parents[2] / "features"
TAG = re.compile(r"@req:([A-Za-z0-9.\-]+)")


def tagged() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for feature in sorted(FEATURES.glob("**/*.feature")):
        for number, line in enumerate(feature.read_text(encoding="utf-8").splitlines(), 1):
            if line.lstrip().startswith("#"):
                continue
            for requirement in TAG.findall(line):
                found.setdefault(requirement, []).append(f"{feature.relative_to(FEATURES)}:{number}")
    return found


def test_every_requirement_has_a_scenario_or_a_reason_it_is_not_tested() -> None:
    tags = tagged()
    missing = [
        r.id for r in catalogue.load().values() if r.id not in tags and not r.not_tested_reason.strip()
    ]
    assert missing == [], f"requirements with no scenario and no not-tested reason: {missing}"


def test_every_tag_names_a_catalogue_requirement() -> None:
    unknown = {tag: places for tag, places in tagged().items() if tag not in catalogue.load()}
    assert unknown == {}

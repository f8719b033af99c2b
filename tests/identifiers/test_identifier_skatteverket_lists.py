"""Skatteverket's published test numbers (via personnummer/meta), read from ../shared, never copied."""

import calendar
import json
from pathlib import Path

import pytest
from stdnum.se import personnummer as stdnum_personnummer

from konform.identifiers import se_identity, se_personnummer, se_samordningsnummer

REFERENCE = Path(__file__).resolve().parents[2] / ".." / "shared" / "reference" / "identifiers"
PINS = REFERENCE / "skatteverket_testpersonnummer_via-personnummer-meta_allPins.json"
COORDS = REFERENCE / "skatteverket_testsamordningsnummer_via-personnummer-meta_allCoords.json"


def _load(path: Path) -> list[str]:
    if not path.is_file():
        pytest.skip(f"reference list {path.name} is not available at {path.parent} (the shared workspace)")
    return json.loads(path.read_text(encoding="utf-8"))


def _is_calendar_day_after_minus_60(number: str) -> bool:
    """Month 00 and day 00 stand for unknown; otherwise the day must exist in that month."""
    year, month, day = int(number[:4]), int(number[4:6]), int(number[6:8]) - 60
    if month == 0:
        return 0 <= day <= 31
    return 1 <= month <= 12 and 0 <= day <= calendar.monthrange(year, month)[1]


def test_every_skatteverket_testpersonnummer_is_a_valid_personnummer() -> None:
    refused = [n for n in _load(PINS) if not se_personnummer.is_valid(n)]
    assert refused == []


def test_no_skatteverket_testpersonnummer_passes_as_samordningsnummer() -> None:
    assert [n for n in _load(PINS) if se_samordningsnummer.is_valid(n)] == []


def test_stdnum_agrees_on_every_testpersonnummer() -> None:
    assert [n for n in _load(PINS) if not stdnum_personnummer.is_valid(n)] == []


def test_every_real_date_testsamordningsnummer_is_valid_and_the_24_impossible_ones_are_not() -> None:
    numbers = _load(COORDS)
    possible = [n for n in numbers if _is_calendar_day_after_minus_60(n)]
    impossible = [n for n in numbers if not _is_calendar_day_after_minus_60(n)]
    assert len(impossible) == 24
    assert "192004912388" in impossible  # 31 April
    assert [n for n in possible if not se_samordningsnummer.is_valid(n)] == []
    assert [n for n in impossible if se_samordningsnummer.is_valid(n)] == []


def test_spor_identity_accepts_both_lists_but_the_impossible_days() -> None:
    numbers = _load(PINS) + [n for n in _load(COORDS) if _is_calendar_day_after_minus_60(n)]
    assert [n for n in numbers if not se_identity.is_valid(n)] == []

"""A compact summary of each registration seen, for repeats in an export and across exports (§6.3, §6.5)."""

from __future__ import annotations

import math
import struct
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from konform.identifiers import is_ascii_digits
from konform.spor import stream
from konform.spor.model import ELEMENTS, Registration
from konform.spor.side import SideInputError
from konform.validate import Unusable

_BITS = {name: 1 << position for position, name in enumerate(ELEMENTS)}


class Seen(NamedTuple):
    """One registration, small: where it was, which variables it set, a digest of its values, its plan."""

    line: int
    plan_line: int
    mask: int
    digest: int
    plan: datetime | None


class Index:
    """behandlingsnummer → Seen, each packed in 40 bytes: about 150 bytes an entry (bounded memory)."""

    _ROW = struct.Struct("<QQIqdi")

    def __init__(self) -> None:
        self._rows: dict[int | str, bytes] = {}

    @staticmethod
    def _key(number: str) -> int | str:
        return int(number) if is_ascii_digits(number) and number[0] != "0" else number

    def __contains__(self, number: str) -> bool:
        return self._key(number) in self._rows

    def __len__(self) -> int:
        return len(self._rows)

    def get(self, number: str) -> Seen | None:
        row = self._rows.get(self._key(number))
        if row is None:
            return None
        line, plan_line, mask, digest, stamp, offset = self._ROW.unpack(row)
        plan = None
        if not math.isnan(stamp):
            plan = datetime.fromtimestamp(stamp, timezone(timedelta(seconds=offset)))
        return Seen(line, plan_line, mask, digest, plan)

    def put(self, number: str, seen: Seen) -> None:
        plan = seen.plan
        offset = plan.utcoffset() if plan is not None else None
        self._rows[self._key(number)] = self._ROW.pack(
            seen.line,
            seen.plan_line,
            seen.mask,
            seen.digest,
            plan.timestamp() if plan is not None else math.nan,
            int(offset.total_seconds()) if offset is not None else 0,
        )


_MASKS: dict[tuple[str, ...], int] = {}


def summarize(registration: Registration, bad: frozenset[str] = frozenset()) -> Seen:
    """The summary kept per behandlingsnummer; `bad` names elements whose values broke the schema."""
    texts = registration.texts
    names = tuple(texts)
    mask = _MASKS.get(names) if not bad else None
    if mask is None:
        mask = 0
        for name, text in texts.items():
            if text and not text.isspace():
                mask |= _BITS[name]
        if not bad and len(_MASKS) < 4096:  # a valid registration has no blank values
            _MASKS[names] = mask
    plan = None if "planeringstidpunkt" in bad else moment(texts.get("planeringstidpunkt"))
    return Seen(
        line=registration.line,
        plan_line=registration.line_of("planeringstidpunkt") if plan else 0,
        mask=mask,
        digest=hash(tuple(texts.items())),
        plan=plan,
    )


def same_day_replanning(earlier: Seen, later: Seen) -> bool:
    """§6.3: both carry a planeringstidpunkt, on the same local day, at different times."""
    first, second = earlier.plan, later.plan
    if first is None or second is None:
        return False
    return first.date() == second.astimezone(first.tzinfo).date() and first != second


def variables(mask: int) -> list[str]:
    """The element names a mask sets, in schema order."""
    return [name for name in ELEMENTS if mask & _BITS[name]]


def moment(text: str | None) -> datetime | None:
    """A date-time with an offset, or None when absent, unparsable or without an offset."""
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def load_previous(path: Path) -> Index:
    """`--previous`: the summaries of the export sent last time, by behandlingsnummer."""
    try:
        status = path.stat()
    except OSError as error:
        raise SideInputError(f"--previous {path}: cannot read: {error.strerror or error}") from None
    return _load(str(path), status.st_mtime_ns, status.st_size)


@lru_cache(maxsize=4)
def _load(path: str, mtime: int, size: int) -> Index:
    seen = Index()
    try:
        with open(path, "rb") as handle:
            for event in stream.read(handle):
                if event.kind == "registration":
                    registration = Registration(event.element)
                    number = (registration.behandlingsnummer or "").strip()
                    if number:
                        seen.put(number, summarize(registration))
    except OSError as error:
        raise SideInputError(f"--previous {path}: cannot read: {error.strerror or error}") from None
    except Unusable as error:
        raise SideInputError(f"--previous {path}: {error.reason}") from None
    return seen

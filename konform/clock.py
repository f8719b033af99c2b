"""One injectable clock for every time-dependent rule (CONTRACTS.md: no test sleeps)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class Clock:
    """Real time by default; a test environment may freeze it or move it forward."""

    def __init__(self) -> None:
        self._fixed: datetime | None = None
        self._offset = timedelta()

    def now(self) -> datetime:
        """The current time, timezone-aware."""
        if self._fixed is not None:
            return self._fixed
        return datetime.now(UTC) + self._offset

    def set(self, moment: datetime) -> None:
        """Freeze the clock at `moment` (naive values are taken as UTC)."""
        self._fixed = moment if moment.tzinfo else moment.replace(tzinfo=UTC)

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward (or back, with a negative delta)."""
        if self._fixed is not None:
            self._fixed += delta
        else:
            self._offset += delta

    def reset(self) -> None:
        """Back to real time."""
        self._fixed = None
        self._offset = timedelta()

    def as_json(self) -> dict[str, object]:
        return {"now": self.now().isoformat(), "frozen": self._fixed is not None}

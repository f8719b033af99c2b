"""Known deviations: a baseline of requirement IDs a target is allowed to fail, until a date.

The failing scenarios of an active deviation become non-strict xfails, shown as
"approved with conditions"; after its expiry date the entry fails the run; an entry
whose scenarios pass is stale and is reported so.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from konform import catalogue

DEFAULT_FILE = Path("deviations.toml")


class DeviationError(Exception):
    """A baseline file that cannot be used."""


@dataclass(frozen=True)
class Deviation:
    requirement: str
    reason: str
    expires: date

    def active(self, today: date) -> bool:
        return today <= self.expires


def baseline_file(explicit: str | None = None) -> Path | None:
    """The baseline in use: --deviations, $KONFORM_DEVIATIONS, or ./deviations.toml if present."""
    if explicit:
        return Path(explicit)
    if os.environ.get("KONFORM_DEVIATIONS"):
        return Path(os.environ["KONFORM_DEVIATIONS"])
    return DEFAULT_FILE if DEFAULT_FILE.is_file() else None


def load(path: Path) -> list[Deviation]:
    """Read `[[deviation]]` entries (requirement, reason, expires) from a TOML file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise DeviationError(f"{path}: cannot read: {error.strerror or error}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise DeviationError(f"{path}: not a valid TOML baseline: {error}") from None
    found = []
    for number, entry in enumerate(data.get("deviation", []), 1):
        where = f"{path}: deviation #{number}"
        requirement = entry.get("requirement")
        if requirement not in catalogue.load():
            raise DeviationError(f"{where}: requirement {requirement!r} is not in the catalogue")
        if not str(entry.get("reason", "")).strip():
            raise DeviationError(f"{where} ({requirement}): a reason is required")
        expires = entry.get("expires")
        if not isinstance(expires, date):
            raise DeviationError(f"{where} ({requirement}): expires must be a date (YYYY-MM-DD)")
        found.append(Deviation(requirement, str(entry["reason"]).strip(), expires))
    return found

"""Side inputs for SPOR's consumer rules: facts an export cannot show (§6.2–§6.6, §6.1)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import MappingProxyType

from konform.identifiers import is_ascii_digits
from konform.spor.model import BY_NUMBER


class SideInputError(ValueError):
    """A side-input file (or --at) that cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class SideInputs:
    """What the rules know beyond the file: block list, the day's treatments, plans, last export, now."""

    block_list: frozenset[str] = frozenset()
    #: behandlingsnummer → variable numbers set in the source system (450 meaning 450 = Ja).
    treatments: Mapping[str, frozenset[int]] = field(default_factory=lambda: MappingProxyType({}))
    #: behandlingsnummer → every planeringstidpunkt the source system recorded.
    plans: Mapping[str, tuple[datetime, ...]] = field(default_factory=lambda: MappingProxyType({}))
    #: the export sent last time (SPOR-6.5-REPLACE across files).
    previous: Path | None = None
    #: "now" for the nightly deadline (CONTRACTS.md `--at`).
    at: datetime | None = None


def _lines(path: Path, option: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) of every line that is not blank or a # comment."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise SideInputError(f"{option} {path}: cannot read: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise SideInputError(f"{option} {path}: not UTF-8") from None
    for number, line in enumerate(text.splitlines(), start=1):
        fields = line.split("#", 1)[0].split()
        if fields:
            yield number, fields


def read_block_list(path: Path) -> frozenset[str]:
    """`--block-list`: one 12-digit personnummer or samordningsnummer a line (a hyphen is allowed)."""
    numbers = set()
    for line, fields in _lines(path, "--block-list"):
        number = "".join(fields).replace("-", "")
        if len(number) != 12 or not is_ascii_digits(number):
            raise SideInputError(f"--block-list {path}:{line}: {' '.join(fields)!r} is not 12 digits")
        numbers.add(number)
    return frozenset(numbers)


def read_treatments(path: Path) -> Mapping[str, frozenset[int]]:
    """`--treatments`: `behandlingsnummer [variable numbers…]`, e.g. `2200054 310 540`."""
    treatments: dict[str, frozenset[int]] = {}
    for line, fields in _lines(path, "--treatments"):
        number, *variables = fields
        _require_number(number, path, line, "--treatments")
        unknown = [v for v in variables if not is_ascii_digits(v) or int(v) not in BY_NUMBER]
        if unknown:
            known = " ".join(str(n) for n in BY_NUMBER)
            raise SideInputError(
                f"--treatments {path}:{line}: unknown variable {unknown[0]!r} (known: {known})"
            )
        treatments[number] = treatments.get(number, frozenset()) | {int(v) for v in variables}
    return MappingProxyType(treatments)


def read_plans(path: Path) -> Mapping[str, tuple[datetime, ...]]:
    """`--plans`: `behandlingsnummer planeringstidpunkt`, one planning a line, any order."""
    plans: dict[str, list[datetime]] = {}
    for line, fields in _lines(path, "--plans"):
        if len(fields) != 2:
            raise SideInputError(f"--plans {path}:{line}: expected 'behandlingsnummer planeringstidpunkt'")
        number, moment = fields
        _require_number(number, path, line, "--plans")
        plans.setdefault(number, []).append(parse_moment(moment, f"--plans {path}:{line}"))
    return MappingProxyType({number: tuple(sorted(times)) for number, times in plans.items()})


def parse_moment(text: str, where: str = "--at") -> datetime:
    """An ISO 8601 date-time with an offset (as §7.1 writes them), or SideInputError."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise SideInputError(f"{where}: {text!r} is not an ISO 8601 date-time") from None
    if moment.tzinfo is None:
        raise SideInputError(f"{where}: {text!r} has no UTC offset (write e.g. {text}+01:00)")
    return moment


def _require_number(number: str, path: Path, line: int, option: str) -> None:
    if not (is_ascii_digits(number) and len(number) <= 20):
        raise SideInputError(f"{option} {path}:{line}: {number!r} is not a behandlingsnummer")

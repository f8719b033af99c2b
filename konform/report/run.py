"""The facts of a run that a report must state so it can be checked and repeated."""

from __future__ import annotations

import platform
import subprocess
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from konform import __version__

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class RunInfo:
    """Who ran what against which target, with which seed and readings, and how to rerun it."""

    target: str = "sim"
    scope: tuple[str, ...] = ()
    seed: int | None = None
    readings: str = "lenient"
    rerun: str = ""
    require_all: bool = False
    konform: str = field(default_factory=lambda: f"{__version__} (Python {platform.python_version()})")
    commit: str = field(default_factory=lambda: _commit())


def _commit() -> str:
    return git_commit(ROOT)


@cache
def git_commit(root: Path) -> str:
    """konform's git commit ("…, with local changes" when the tree differs), or "" outside git."""
    if not (root / ".git").exists():
        return ""
    try:
        head = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""
    return f"{head}, with local changes" if dirty else head

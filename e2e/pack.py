"""What an evidence pack says it holds: its registries and requirement rows (from its coverage.json).

A pack folder is named `<YYYY-MM-DD>-<registries>-<target>` where <registries> is the
lower-case epic names joined by "-", or "all" (konform/report/evidence_pack.py).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from konform.cli.certify import REGISTRIES

#: Allure's status for each coverage outcome (a baselined deviation is Allure's "skipped").
ALLURE_STATUS = {"xfailed": "skipped"}
_PARAMETERS = " ["


@dataclass(frozen=True)
class Scenario:
    name: str  # as coverage.json shows it: an outline row carries " [key=value, ...]"
    status: str
    feature_file: str
    requirement: str
    registry: str  # the requirement's registry

    @property
    def epic(self) -> str:
        """The Allure epic: its feature folder's (features/identifiers → Identifiers), else the registry."""
        folder = self.feature_file.split("/", 1)[0]
        return REGISTRIES.get(folder, self.registry)

    @property
    def key(self) -> tuple[str, str]:
        return self.name, self.feature_file

    def shown_as(self, title: str) -> bool:
        """Whether an Allure tree title (an outline row shows without its parameters) is this scenario."""
        return self.name == title or self.name.startswith(title + _PARAMETERS)

    @property
    def allure_status(self) -> str:
        return ALLURE_STATUS.get(self.status, self.status)


@dataclass(frozen=True)
class Pack:
    folder: Path
    registries: tuple[str, ...]  # epic names, e.g. ("SPOR",)
    rows: tuple[dict[str, Any], ...]  # coverage.json requirement rows of those registries
    verdict: str  # the summary's overall verdict, from summary.md

    @property
    def scenarios(self) -> list[Scenario]:
        """Every scenario of the pack's requirements, once per (name, feature file)."""
        seen: dict[tuple[str, str], Scenario] = {}
        for row in self.rows:
            for scenario in scenarios_of(row):
                seen.setdefault(scenario.key, scenario)
        return list(seen.values())


def scenarios_of(row: dict[str, Any]) -> list[Scenario]:
    """A coverage.json requirement row's scenarios."""
    return [
        Scenario(s["name"], s["status"], s["feature_file"], row["id"], row["registry"])
        for s in row["scenarios"]
    ]


def load(folder: Path) -> Pack:
    """Read a pack folder; raises ValueError when it is not one."""
    for name in ("summary.html", "summary.md", "coverage.json", "html/index.html"):
        if not (folder / name).exists():
            raise ValueError(f"{folder} is no evidence pack: {name} is missing")
    registries = registries_of(folder.name)
    matrix = json.loads((folder / "coverage.json").read_text(encoding="utf-8"))
    every = [row["registry"] for row in matrix["requirements"]]
    shown = registries or tuple(dict.fromkeys(every))
    rows = tuple(row for row in matrix["requirements"] if row["registry"] in shown)
    found = re.search(r"\*\*Verdict: (.+?)\*\*", (folder / "summary.md").read_text(encoding="utf-8"))
    return Pack(folder, shown, rows, found[1] if found else "")


def registries_of(folder_name: str) -> tuple[str, ...]:
    """The epic names a pack folder's name lists; () for an "all" pack."""
    words = folder_name[len("YYYY-MM-DD-") :].split("-")
    if words and words[0] == "all":
        return ()
    picked = []
    for word in words:
        if word not in REGISTRIES:
            break
        picked.append(REGISTRIES[word])
    if not picked:
        raise ValueError(f"{folder_name}: no registry in the pack's name")
    return tuple(picked)


def newest(reports: Path, registry: str) -> Path | None:
    """The most recently written pack for `registry` (a --registry name) under reports/evidence."""
    packs = [p for p in (reports / "evidence").glob(f"*-{registry}-*") if (p / "summary.html").exists()]
    return max(packs, key=lambda p: (p / "summary.html").stat().st_mtime, default=None)


def certify(reports: Path, registry: str, timeout: float = 900) -> Path:
    """Run `konform certify --registry R --reports DIR` and return the pack it wrote.

    A non-conformant run (exit 1) still writes a pack worth checking; exit 2 does not.
    """
    command = [sys.executable, "-m", "konform", "certify", "--registry", registry, "--reports", str(reports)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    written = re.search(r"^Evidence pack: (.+)$", done.stdout, re.M)
    if done.returncode not in (0, 1) or not written:
        tail = (done.stderr.strip() or done.stdout.strip()).splitlines()[-3:]
        raise RuntimeError(f"konform certify exited {done.returncode}: {' | '.join(tail)}")
    return Path(written[1])

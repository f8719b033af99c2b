"""pytest as `konform certify` runs it: its whole output into pytest.log, its progress on the terminal."""

from __future__ import annotations

import codecs
import re
import subprocess
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[2]


def clean(results: Path) -> None:
    """Empty the Allure results folder of a previous run (keeping the folder)."""
    if results.exists():
        for path in results.iterdir():
            if path.is_file():
                path.unlink()
    results.mkdir(parents=True, exist_ok=True)


class Progress:
    """pytest's progress lines and its closing count, without its report sections."""

    STATS = re.compile(r"^=* ?\d+ (passed|failed|skipped|errors?|xfailed|xpassed|deselected|warnings?)\b")

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.line = ""
        self.hidden = False

    def write(self, text: str) -> None:
        for char in text:
            if not self.line and char in "=_!":
                self.hidden = True  # a report section starts: it stays in pytest.log
            self.line += char
            if not self.hidden:
                self.out.write(char)
            elif char == "\n" and self.STATS.match(self.line.strip("= \n")):
                self.out.write(self.line.strip("= \n") + "\n")
            if char == "\n":
                self.line = ""

    def flush(self) -> None:
        self.out.flush()


def run(args: list[str], log: Path, echo: IO[str] | Progress | None) -> int:
    """Run pytest, its output into `log` and, when `echo` is given, onto it as it comes."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with (
        log.open("wb") as saved,
        subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT) as child,
    ):
        assert child.stdout is not None
        text = codecs.getincrementaldecoder("utf-8")("replace")
        while chunk := child.stdout.read1(4096):  # type: ignore[attr-defined]
            saved.write(chunk)
            if echo is not None:
                echo.write(text.decode(chunk))
                echo.flush()
        return child.wait()

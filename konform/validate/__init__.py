"""`konform validate`: judging the messages a vendor's system produces (CONTRACTS.md, consumer side).

This package holds what every registry's judge shares – the verdict on one file and
the `Unusable` failure – plus the writers (``output``) and the judges by registry name
(``registry``). The rules themselves live with each registry (``konform.spor.rules``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from konform.checks import Finding


class Unusable(Exception):
    """The input cannot be judged at all: unreadable, not XML, not UTF-8, wrong root or registry."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class FileVerdict:
    """Everything `konform validate` says about one file (CONTRACTS.md: one entry of "files")."""

    file: str
    findings: list[Finding] = field(default_factory=list)
    usable: bool = True
    reason: str | None = None

    @property
    def errors(self) -> int:
        return sum(1 for finding in self.findings if finding.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for finding in self.findings if finding.severity == "warning")


__all__ = ["FileVerdict", "Finding", "Unusable"]

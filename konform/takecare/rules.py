"""Takecare's onboarding rules (Anslutningsprocessen), one function per catalogue ID.

The document is an introduction, not a specification: where a rule goes beyond its words
(the order of evidence between stages, what "Internet: NEJ" forbids, what "främst" asks),
the finding names konform's reading (`Finding.reading`) and `konform validate` reports it
as a warning unless `--readings strict`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from konform.checks import Finding, Severity
from konform.takecare.declaration import Declaration, load, schema_problems
from konform.takecare.matrix import ACCESS, FRESHNESS, STAGES
from konform.validate import FileVerdict

Check = Callable[[Declaration], Iterator[Finding]]

#: konform's readings of the document, one sentence each.
INTERNET_READING = (
    'the matrix\'s "Internet: NEJ" read as: the channel cannot be reached from the internet, '
    "so a solution exposed to the internet may not use it"
)
STAGE_READING = (
    "the document lists the stages and what each hands in; that a stage may only be claimed with "
    "the evidence of every earlier one is konform's reading"
)
FEEDS_READING = "konform's own advice: a quality register expects its data sooner than two days"
JUNO_READING = '"främst" (primarily) read as: a read-only JUNO integration is worth a warning, not an error'


@dataclass(frozen=True)
class Rule:
    requirement: str
    check: Check


RULES: list[Rule] = []


def rule(requirement: str) -> Callable[[Check], Check]:
    def register(check: Check) -> Check:
        RULES.append(Rule(requirement, check))
        return check

    return register


def _channels(declaration: Declaration) -> Iterator[tuple[int, dict[str, Any]]]:
    for index, channel in enumerate(declaration.data.get("channels", [])):
        if isinstance(channel, dict) and channel.get("name") in ACCESS:
            yield index, channel


def _finding(
    declaration: Declaration,
    key: tuple[str | int, ...],
    requirement: str,
    message: str,
    severity: Severity = "error",
    reading: str = "",
) -> Finding:
    element = ".".join(str(part) for part in key)
    return Finding(declaration.line(*key), requirement, severity, message, element, reading)


@rule("TC-ACCESS")
def access_matrix(declaration: Declaration) -> Iterator[Finding]:
    """Integrationsmöjligheter – access: a declared need the matrix denies is an error."""
    exposed = bool(declaration.data.get("solution", {}).get("internet_exposed", False))
    for index, channel in _channels(declaration):
        name, offered = channel["name"], ACCESS[channel["name"]]
        key = ("channels", index)
        if channel.get("write") and not offered.write:
            yield _finding(
                declaration,
                (*key, "write"),
                "TC-ACCESS",
                f"{name} is read only (Skriva: NEJ); the declaration writes through it",
            )
        if channel.get("read") and not offered.read:
            yield _finding(declaration, (*key, "read"), "TC-ACCESS", f"{name} cannot be read")
        need = channel.get("realtime", "none")
        if FRESHNESS.get(need, 0) > FRESHNESS[offered.realtime]:
            yield _finding(
                declaration,
                (*key, "realtime"),
                "TC-ACCESS",
                f"{name} is not {need} (Realtid: {offered.note.split(' / ')[0]}); "
                f"the declaration needs {need}",
            )
        if channel.get("internet", exposed) and not offered.internet:
            where = (*key, "internet") if "internet" in channel else ("solution", "internet_exposed")
            yield _finding(
                declaration,
                where,
                "TC-ACCESS",
                f"{name} is not reachable from the internet (Internet: NEJ)",
                reading=INTERNET_READING,
            )


@rule("TC-XCHANGE")
def xchange_only_for_journal_notes(declaration: Declaration) -> Iterator[Finding]:
    """XChange: only for integrations that write journal notes."""
    for index, channel in _channels(declaration):
        if channel["name"] != "XChange":
            continue
        others = [p for p in channel.get("purposes", []) if p != "journal-notes"]
        if others or not channel.get("write"):
            what = ", ".join(others) if others else "no journal notes written"
            yield _finding(
                declaration,
                ("channels", index, "purposes"),
                "TC-XCHANGE",
                f"XChange may only be used to write journal notes; declared: {what}",
            )


@rule("TC-INTELLIGENCE")
def intelligence_not_for_medical_decisions(declaration: Declaration) -> Iterator[Finding]:
    """Intelligence: two days' delay; never for medical decisions."""
    for index, channel in _channels(declaration):
        if channel["name"] != "Intelligence":
            continue
        key = ("channels", index)
        if "medical-decisions" in channel.get("purposes", []):
            yield _finding(
                declaration,
                (*key, "purposes"),
                "TC-INTELLIGENCE",
                "Intelligence data must not be used for medical decisions",
            )
        for registry in channel.get("feeds", []):
            yield _finding(
                declaration,
                (*key, "feeds"),
                "TC-INTELLIGENCE",
                f"Intelligence data are two days old: {registry}'s export from it "
                "reports treatments two days late (SPOR expects the nightly export)",
                "warning",
                FEEDS_READING,
            )


@rule("TC-NTJP")
def rtp_through_ntjp(declaration: Declaration) -> Iterator[Finding]:
    """An application that supports care for more than one region reaches RTP through NTjP."""
    regions = declaration.data.get("solution", {}).get("regions", 1)
    for index, channel in _channels(declaration):
        multi_region = isinstance(regions, int) and regions > 1
        if channel["name"] == "RTP" and multi_region and channel.get("via") != "NTjP":
            yield _finding(
                declaration,
                ("channels", index, "via"),
                "TC-NTJP",
                f"the solution supports care for {regions} regions: RTP must be "
                f"reached through NTjP (via = {channel.get('via', 'not given')!r})",
            )


@rule("TC-JUNO")
def juno_for_two_way(declaration: Declaration) -> Iterator[Finding]:
    """JUNO's REST APIs are primarily ("främst") for two-way integration."""
    for index, channel in _channels(declaration):
        if channel["name"] == "JUNO" and channel.get("read") and not channel.get("write"):
            yield _finding(
                declaration,
                ("channels", index, "write"),
                "TC-JUNO",
                "JUNO is meant primarily for two-way integration; this one only reads",
                "warning",
                JUNO_READING,
            )


@rule("TC-PROCESS")
def stages_in_order(declaration: Declaration) -> Iterator[Finding]:
    """A stage claimed without the evidence of every earlier stage is an error."""
    onboarding = declaration.data.get("onboarding", {})
    claimed = onboarding.get("stage")
    names = [name for name, _title, _evidence in STAGES]
    if claimed not in names:
        return
    evidence = onboarding.get("evidence", {})
    for name, title, required in STAGES[: names.index(claimed)]:
        needed = list(required)
        if name == "security-review" and onboarding.get("compliance_review"):
            needed.append("compliance_documents")
        if name == "verification" and any(c["name"] == "RTP" for _i, c in _channels(declaration)):
            needed.append("rtp_agreement")
        for item in needed:
            if not evidence.get(item):
                yield _finding(
                    declaration,
                    ("onboarding", "stage"),
                    "TC-PROCESS",
                    f"stage {claimed!r} claimed without the evidence of {title!r}: "
                    f"onboarding.evidence.{item} is missing",
                    reading=STAGE_READING,
                )
    if names.index(claimed) >= names.index("verification") and not declaration.data.get("solution", {}).get(
        "function_certificate"
    ):
        yield _finding(
            declaration,
            ("solution",),
            "TC-PROCESS",
            "the QA application names the function certificate: solution.function_certificate is missing",
            reading=STAGE_READING,
        )


def judge(source: Path, side: object = None, *, progress: object = None) -> FileVerdict:
    """Judge one declaration: the published schema first, then every rule."""
    declaration = load(source)
    problems = schema_problems(declaration)
    findings = [
        Finding(declaration.line(*key), "SCHEMA", "error", message, ".".join(map(str, key)) or None)
        for key, message in problems
    ]
    if not problems:
        for each in RULES:
            findings.extend(each.check(declaration))
    findings.sort(key=lambda finding: finding.line)
    return FileVerdict(file=str(source), findings=findings)

"""What `konform validate` writes: text lines, `--format json`, `--junit PATH`, exit code (CONTRACTS.md)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO

from lxml import etree

from konform.checks import Finding
from konform.validate import FileVerdict


def finding_line(file: str, finding: Finding) -> str:
    """`<FILE>:<LINE>: <REQ-ID> <error|warning> <message>`, always on one line."""
    message = " ".join(finding.message.split())
    return f"{file}:{finding.line}: {finding.requirement} {finding.severity} {message}"


def totals(verdicts: Sequence[FileVerdict]) -> tuple[int, int, int, int]:
    """(files, errors, warnings, unusable files) over every file given."""
    return (
        len(verdicts),
        sum(verdict.errors for verdict in verdicts),
        sum(verdict.warnings for verdict in verdicts),
        sum(1 for verdict in verdicts if not verdict.usable),
    )


def summary_line(verdicts: Sequence[FileVerdict]) -> str:
    """The last line of stdout: `<N> file(s): <E> error(s), <W> warning(s)[, <U> unusable]`.

    The unusable count is there only when a file could not be judged, so that a run that
    exits 2 never ends in a line that reads like a clean one.
    """
    files, errors, warnings, unusable = totals(verdicts)
    line = f"{files} file(s): {errors} error(s), {warnings} warning(s)"
    return line + (f", {unusable} unusable" if unusable else "")


def exit_code(verdicts: Iterable[FileVerdict]) -> int:
    """2 if a file was unusable, else 1 if there is an error, else 0 (warnings alone pass)."""
    verdicts = list(verdicts)
    if any(not verdict.usable for verdict in verdicts):
        return 2
    return 1 if any(verdict.errors for verdict in verdicts) else 0


def write_text(verdicts: Sequence[FileVerdict], out: TextIO, *, errors_only: bool = False) -> None:
    """Findings one per line in file order (only the errors if told), then the summary line.

    Unusable files are not written here: they go to stderr, one line each.
    """
    for verdict in verdicts:
        for finding in verdict.findings:
            if not errors_only or finding.severity == "error":
                out.write(finding_line(verdict.file, finding) + "\n")
    out.write(summary_line(verdicts) + "\n")


def as_json(verdicts: Sequence[FileVerdict]) -> dict[str, Any]:
    """The one JSON object `--format json` prints."""
    files, errors, warnings, unusable = totals(verdicts)
    return {
        "files": [
            {
                "file": verdict.file,
                "usable": verdict.usable,
                "reason": verdict.reason,
                "findings": [
                    {
                        "line": finding.line,
                        "requirement": finding.requirement,
                        "severity": finding.severity,
                        "message": finding.message,
                        "element": finding.element,
                    }
                    for finding in verdict.findings
                ],
            }
            for verdict in verdicts
        ],
        "summary": {"files": files, "errors": errors, "warnings": warnings, "unusable": unusable},
    }


def write_json(verdicts: Sequence[FileVerdict], out: TextIO) -> None:
    json.dump(as_json(verdicts), out, ensure_ascii=False, indent=2)
    out.write("\n")


def write_junit(verdicts: Sequence[FileVerdict], path: Path, requirements: Sequence[str]) -> None:
    """JUnit XML: one testsuite per file, one testcase per file and requirement (errors fail it)."""
    suites = etree.Element("testsuites", name="konform validate")
    total = failed = broken = 0
    for verdict in verdicts:
        suite = etree.SubElement(suites, "testsuite", name=verdict.file)
        cases = failures = errors = 0
        if not verdict.usable:
            case = etree.SubElement(suite, "testcase", classname=verdict.file, name="usable input")
            etree.SubElement(case, "error", message=verdict.reason or "unusable", type="unusable")
            cases, errors = 1, 1
        else:
            by_requirement: dict[str, list[Finding]] = {requirement: [] for requirement in requirements}
            for finding in verdict.findings:
                by_requirement.setdefault(finding.requirement, []).append(finding)
            for requirement, found in by_requirement.items():
                case = etree.SubElement(suite, "testcase", classname=verdict.file, name=requirement)
                cases += 1
                _fill_case(case, verdict.file, found)
                failures += any(finding.severity == "error" for finding in found)
        suite.set("tests", str(cases))
        suite.set("failures", str(failures))
        suite.set("errors", str(errors))
        total, failed, broken = total + cases, failed + failures, broken + errors
    suites.set("tests", str(total))
    suites.set("failures", str(failed))
    suites.set("errors", str(broken))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(etree.tostring(suites, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _fill_case(case: etree._Element, file: str, found: list[Finding]) -> None:
    errors = [finding for finding in found if finding.severity == "error"]
    warnings = [finding for finding in found if finding.severity == "warning"]
    if errors:
        failure = etree.SubElement(case, "failure", message=f"{len(errors)} error(s)", type="error")
        failure.text = "\n".join(finding_line(file, finding) for finding in errors)
    if warnings:
        etree.SubElement(case, "system-out").text = "\n".join(finding_line(file, f) for f in warnings)

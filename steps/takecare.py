"""Steps for Takecare's onboarding declaration: build a declaration, judge it, check the findings."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pytest_bdd import given, parsers, then, when

from generators import takecare as tc
from konform import __version__, catalogue, report, targets
from konform.checks import require
from konform.report import evidence_pack
from konform.takecare.matrix import STAGES
from konform.takecare.rules import judge
from konform.validate import FileVerdict

EXAMPLE = Path(__file__).resolve().parents[1] / "docs" / "takecare" / "declaration.example.toml"
GRANTED = {"JA": True, "NEJ": False, "NÄSTAN": False}
NEEDS = {"realtid": "realtime", "skriva": "write", "läsa": "read", "internet": "internet"}


def _evidence_up_to(stage: str) -> dict[str, str]:
    names = [name for name, _title, _items in STAGES]
    held = names[: names.index(stage) + 1] if stage in names else []
    return {item: tc.FULL_EVIDENCE[item] for name, _t, items in STAGES if name in held for item in items}


@given(
    parsers.parse("a declaration asking {name} for realtime data, writing, reading and internet access"),
    target_fixture="declaration",
)
def asking_for_everything(name: str) -> dict[str, Any]:
    needs = tc.channel(name, read=True, write=True, realtime="realtime", internet=True)
    return tc.declaration(needs)


@given(
    parsers.parse('a declaration reading 4Now for "{purpose}" near-realtime'), target_fixture="declaration"
)
def reading_4now(purpose: str) -> dict[str, Any]:
    return tc.declaration(tc.channel("4Now", realtime="near-realtime", purposes=[purpose]))


@given(parsers.parse('a declaration writing through XChange for "{purpose}"'), target_fixture="declaration")
def writing_xchange(purpose: str) -> dict[str, Any]:
    return tc.declaration(tc.channel("XChange", write=True, realtime="realtime", purposes=[purpose]))


@given(parsers.parse('a declaration reading Intelligence for "{purpose}"'), target_fixture="declaration")
def reading_intelligence(purpose: str) -> dict[str, Any]:
    return tc.declaration(tc.channel("Intelligence", purposes=[purpose]))


@given(
    parsers.parse('a declaration reading Intelligence for "{purpose}" that feeds {registry}'),
    target_fixture="declaration",
)
def intelligence_feeding(purpose: str, registry: str) -> dict[str, Any]:
    return tc.declaration(tc.channel("Intelligence", purposes=[purpose], feeds=[registry]))


@given(
    parsers.parse('a declaration for {regions:d} region(s) reaching RTP "{via}"'),
    target_fixture="declaration",
)
def reaching_rtp(regions: int, via: str) -> dict[str, Any]:
    return tc.declaration(tc.channel("RTP", via=via), solution={"regions": regions})


@given(parsers.parse("a declaration using JUNO to {use}"), target_fixture="declaration")
def using_juno(use: str) -> dict[str, Any]:
    return tc.declaration(tc.channel("JUNO", write=use == "read and write", realtime="realtime"))


@given(
    parsers.parse('a declaration claiming stage "{stage}" holding the evidence up to "{held}"'),
    target_fixture="declaration",
)
def claiming_stage(stage: str, held: str) -> dict[str, Any]:
    return tc.declaration(onboarding={"stage": stage, "evidence": _evidence_up_to(held)})


@given(
    parsers.parse(
        'a declaration using RTP claiming stage "{stage}" with every earlier document but the RTP agreement'
    ),
    target_fixture="declaration",
)
def rtp_without_agreement(stage: str) -> dict[str, Any]:
    evidence = _evidence_up_to("verification")
    return tc.declaration(tc.channel("RTP"), onboarding={"stage": stage, "evidence": evidence})


@given(
    parsers.parse('a declaration claiming stage "{stage}" after a compliance review without its documents'),
    target_fixture="declaration",
)
def compliance_without_documents(stage: str) -> dict[str, Any]:
    evidence = _evidence_up_to("security-review")
    return tc.declaration(onboarding={"stage": stage, "evidence": evidence, "compliance_review": True})


@given("the example declaration in docs", target_fixture="declaration_file")
def example_declaration() -> Path:
    return EXAMPLE


@when("konform validates the declaration", target_fixture="verdict")
def validate(request: Any, tmp_path: Path) -> FileVerdict:
    if "declaration_file" in request.fixturenames:
        return judge(request.getfixturevalue("declaration_file"))
    path = tmp_path / "declaration.toml"
    path.write_text(tc.to_toml(request.getfixturevalue("declaration")), encoding="utf-8")
    return judge(path)


def _ids(verdict: FileVerdict, severity: str | None = None) -> list[str]:
    return [f.requirement for f in verdict.findings if severity is None or f.severity == severity]


@then(
    parsers.parse(
        "the access matrix grants realtid {realtime}, skriva {write}, läsa {read}, internet {internet}"
    )
)
def matrix_grants(verdict: FileVerdict, realtime: str, write: str, read: str, internet: str) -> None:
    expected = sorted(
        key
        for key, word in {"realtime": realtime, "write": write, "read": read, "internet": internet}.items()
        if not GRANTED[word]
    )
    refused = sorted(
        str(f.element).rsplit(".", 1)[-1] for f in verdict.findings if f.requirement == "TC-ACCESS"
    )
    require("TC-ACCESS", refused == expected, expected=f"refused: {expected}", received=f"refused: {refused}")


@then("konform finds nothing")
def finds_nothing(request: Any, verdict: FileVerdict) -> None:
    requirement = str(request.node.get_closest_marker("requirement").kwargs["id"])
    require(requirement, not verdict.findings, expected="no findings", received=verdict.findings)


@then(parsers.parse("the declaration is {outcome} under {requirement}"))
def outcome_under(verdict: FileVerdict, outcome: str, requirement: str) -> None:
    severity = {"accepted": None, "refused": "error", "warned": "warning"}[outcome]
    schema = [f.message for f in verdict.findings if f.requirement == "SCHEMA"]
    require(requirement, not schema, expected="a declaration the schema accepts", received=schema)
    found = [f for f in verdict.findings if f.requirement == requirement]
    ok = not found if severity is None else bool(found) and all(f.severity == severity for f in found)
    require(
        requirement, ok, expected=outcome, received=[f"{f.severity}: {f.message}" for f in found] or "none"
    )


@then(parsers.parse("konform warns under {requirement} that the data are two days old"))
def warns_two_days(verdict: FileVerdict, requirement: str) -> None:
    warnings = [
        f.message for f in verdict.findings if f.requirement == requirement and f.severity == "warning"
    ]
    require(
        requirement, any("two days" in m for m in warnings), expected="a two-day warning", received=warnings
    )


@given(
    parsers.parse('a finished certification run against target "{name}" with one passed SPOR scenario'),
    target_fixture="finished_run",
)
def finished_run(name: str, tmp_path: Path) -> tuple[Path, Any]:
    results = tmp_path / "reports" / "allure-results"
    results.mkdir(parents=True)
    labels = [{"name": "story", "value": "SPOR-7.2.3-RESULT"}, {"name": "epic", "value": "SPOR"}]
    record = {
        "name": "Skapade",
        "status": "passed",
        "historyId": "h1",
        "labels": labels,
        "fullName": "features/spor/registrering.feature:Skapade",
        "start": 1,
        "stop": 2,
    }
    (results / "1-result.json").write_text(json.dumps(record), encoding="utf-8")
    (tmp_path / "reports" / "junit.xml").write_text("<testsuites/>", encoding="utf-8")
    summary = report.render_all(results, tmp_path / "reports", name, catalogue.INTERFACE_VERSIONS, html=False)
    return tmp_path / "reports", summary


@when(parsers.parse("konform writes the evidence pack for {registry}"), target_fixture="pack")
def write_pack(finished_run: tuple[Path, Any], registry: str) -> evidence_pack.Pack:
    reports, summary = finished_run
    when = datetime(2026, 11, 22, 3, 0, tzinfo=UTC)
    return evidence_pack.write(
        reports, summary, targets.Target("sim"), registries=[registry], baseline=[], when=when
    )


@then("the pack holds the Allure report, JUnit XML, the coverage matrix and a one-page summary")
def pack_holds(pack: evidence_pack.Pack) -> None:
    expected = ["coverage.json", "coverage.md", "html", "junit.xml", "summary.html", "summary.md"]
    held = sorted(p.name for p in pack.folder.iterdir())
    require("TC-EVIDENCE", set(expected) <= set(held), expected=f"at least {expected}", received=held)


@then("the summary names the target, the date, konform's and SPOR's interface versions and each verdict")
def summary_names(pack: evidence_pack.Pack) -> None:
    text = (pack.folder / "summary.md").read_text(encoding="utf-8")
    wanted = ["sim", "2026-11-22", __version__, catalogue.INTERFACE_VERSIONS["SPOR"], "SPOR-6.2-INCL"]
    missing = [w for w in wanted if w not in text]
    rows = [line for line in text.splitlines() if line.startswith("|") and "SPOR-7.2.3-RESULT" in line]
    passed = [row for row in rows if re.search(r"\|\s*(demonstrated|passed)\s*\|", row)]
    require(
        "TC-EVIDENCE",
        not missing and bool(passed),
        expected=f"a summary naming {wanted} and SPOR-7.2.3-RESULT's verdict (its one scenario passed)",
        received=f"missing {missing}; rows for SPOR-7.2.3-RESULT: {rows}",
    )

"""Steps for features/brs/validering.feature: `konform validate brs` judging a vendor's requests."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given as for_all
from lxml import etree
from pytest_bdd import given, parsers, then, when

from generators import brs as gen
from konform import pki
from konform.brs import judge, schema
from konform.brs.model import q
from konform.checks import require
from konform.dgws import header
from konform.dgws import namespaces as ns
from konform.dgws.sts import TestSts
from konform.validate import FileVerdict
from steps.brs_world import requirement_of

EXAMPLES = {"request": "brs-request.xml", "notification request": "notification-request.xml"}


@pytest.fixture(scope="session")
def brs_vendor_pki(tmp_path_factory: pytest.TempPathFactory) -> pki.Pki:
    """A PKI whose STS mints the cards in the vendor's envelopes (the suite trusts it with --sts-cert)."""
    return pki.create(tmp_path_factory.mktemp("brs-vendor-pki"))


def example(which: str, field: str | None = None, value: str | None = None) -> etree._Element:
    body = etree.fromstring(schema.example(EXAMPLES[which]))
    if field is not None:
        namespace = etree.QName(body).namespace or schema.BRS
        next(body.iter(q(field, namespace))).text = value
    return body


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "vendor-request.xml"
    path.write_bytes(data)
    return path


@given(
    parsers.re(
        r"the document's example (?P<which>request|notification request)"
        r'(?: with (?P<field>\w+) "(?P<value>[^"]*)")? as a file'
    ),
    target_fixture="brs_vendor_file",
)
def example_file(tmp_path: Path, which: str, field: str | None, value: str | None) -> Path:
    return write(
        tmp_path, etree.tostring(example(which, field, value), xml_declaration=True, encoding="UTF-8")
    )


@given(
    parsers.re(r"the document's example request without (?P<names>\w+(?:, \w+)*(?: and \w+)?) as a file"),
    target_fixture="brs_vendor_file",
)
def example_without(tmp_path: Path, names: str) -> Path:
    body = example("request")
    for name in names.replace(" and ", ", ").split(", "):
        found = body.find(q(name))
        assert found is not None, name
        body.remove(found)
    return write(tmp_path, etree.tostring(body, xml_declaration=True, encoding="UTF-8"))


@given(
    parsers.re(
        r"the document's example request in an envelope "
        r"(?:with an ID card of level (?P<level>\d)|without a medcom:Header) as a file"
    ),
    target_fixture="brs_vendor_file",
)
def envelope_file(tmp_path: Path, brs_vendor_pki: pki.Pki, level: str | None) -> Path:
    card = TestSts.from_pki(brs_vendor_pki).mint(level=int(level or 3), cvr="25520041")
    envelope = etree.fromstring(header.wrap(example("request"), card))
    if level is None:
        for block in list(envelope.iter(ns.MEDCOM_HEADER)):
            parent = block.getparent()
            assert parent is not None
            parent.remove(block)
    return write(tmp_path, etree.tostring(envelope, xml_declaration=True, encoding="UTF-8"))


@when("konform validate brs judges the file", target_fixture="brs_verdict")
def judge_file(brs_vendor_file: Path) -> FileVerdict:
    return judge.judge(brs_vendor_file, judge.BrsSide())


@when("konform validate brs judges the file trusting the STS", target_fixture="brs_verdict")
def judge_trusting(brs_vendor_file: Path, brs_vendor_pki: pki.Pki) -> FileVerdict:
    side = judge.BrsSide(at=datetime.now(UTC), sts_certs=(brs_vendor_pki.sts_cert,))
    return judge.judge(brs_vendor_file, side)


def under(verdict: FileVerdict, requirement: str) -> list[str]:
    return [
        f"{f.severity} line {f.line}: {f.message}" for f in verdict.findings if f.requirement == requirement
    ]


@then("the verdict holds nothing under the rule")
def reports_nothing(request: pytest.FixtureRequest, brs_verdict: FileVerdict) -> None:
    requirement = requirement_of(request)
    found = under(brs_verdict, requirement)
    require(requirement, not found, expected=f"nothing under {requirement}", received=found)


@then(
    parsers.re(
        r"the verdict holds (?P<kind>an error|a warning|an error resting on konform's reading) under the rule"
        r' naming "(?P<word>[^"]+)"'
    )
)
def reports_finding(request: pytest.FixtureRequest, brs_verdict: FileVerdict, kind: str, word: str) -> None:
    """A finding of the kind under the scenario's rule; a warning or reading-based error also says
    which reading it rests on (a plain error rests on the guide's words), and nothing else errs."""
    requirement = requirement_of(request)
    severity = "warning" if kind == "a warning" else "error"
    reading = kind != "an error"
    hits = [
        f
        for f in brs_verdict.findings
        if f.requirement == requirement and f.severity == severity and word in f.message
        if bool(f.reading) == reading
    ]
    others = [f for f in brs_verdict.findings if f.severity == "error" and f not in hits]
    require(
        requirement,
        bool(hits) and not others,
        expected=f"{kind} under {requirement} naming {word}, and no other error",
        received=brs_verdict.findings,
    )


@then("konform validate brs finds every generated request that breaks the rule, naming its field")
def finds_every_breach(request: pytest.FixtureRequest) -> None:
    requirement = requirement_of(request)

    @for_all(broken=gen.mutations(requirement, now=datetime.now(UTC), cvr="25520041"))
    def found(broken: gen.Broken) -> None:
        verdict = judge.judge_bytes(etree.tostring(broken.body), judge.BrsSide())
        named = [f for f in verdict.findings if f.requirement == requirement and broken.field in f.message]
        require(
            requirement,
            bool(named),
            expected=f"a finding under {requirement} naming {broken.field}",
            received=verdict.findings,
        )

    found()

"""Steps for the guide's own examples (§5) and for `konform validate lar` (consumer conformance).

The examples are sent as written, only their `<soap:Header>...</soap:Header>` placeholder
replaced by a real DGWS header. `konform validate lar` is called through its engine
(konform.lar.judge), the same code the command line runs.
"""

from __future__ import annotations

import copy
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given as for_all
from lxml import etree
from pytest_bdd import given, parsers, then, when

from generators import lar as gen
from generators import lar_broken
from konform import pki, soap, xml
from konform.checks import require
from konform.dgws import TestSts, header
from konform.lar import judge, model, readings, schema
from konform.lar.client import Reply
from konform.validate import FileVerdict, Unusable
from steps.lar import EXAMPLES, SOAP_BODY, LarScenario, changed, example, example_content, requirement_of
from steps.lar_dgws import level_changed_after_signing


def with_header(document: bytes, card: etree._Element) -> bytes:
    """The example as written, its placeholder header replaced by wsse:Security and a fresh medcom:Header."""
    envelope = xml.parse(document)
    placeholder = envelope.find(f"{{{soap.SOAP11}}}Header")
    assert placeholder is not None
    placeholder.text = None
    return etree.tostring(header.add_request_headers(envelope, card), xml_declaration=True, encoding="UTF-8")


# -- the guide's examples, sent -----------------------------------------------------------------


@given(parsers.re(r'the guide\'s example "(?P<name>[\w-]+)"'), target_fixture="lar_file")
def the_example(name: str) -> bytes:
    return example(name)


@given("the guide's Update example as printed", target_fixture="lar_file")
def update_as_printed() -> bytes:
    return (EXAMPLES / "update-request.as-printed.txt").read_bytes()


@when(
    parsers.re(r'the guide\'s example "(?P<name>[\w-]+)" is sent as written with a level 4 card'),
    target_fixture="reply",
)
def send_example(lar: LarScenario, name: str) -> Reply:
    body = with_header(example(name), lar.card(4))
    operation = name.split("-")[0].capitalize()
    return lar.client(4).post(body, title=f"the guide's {operation} example", action=operation)


@given(parsers.re(r'the guide\'s example "(?P<name>[\w-]+)" has been sent as written'))
def example_sent(lar: LarScenario, name: str) -> None:
    reply = send_example(lar, name)
    if reply.status_code != model.SUCCESS:
        raise RuntimeError(f"precondition failed: the guide's {name} was not accepted: {reply.summary()}")


@given("LAR holds the Update example's allergy at version 1")
def update_example_allergy(lar: LarScenario) -> None:
    allergy = changed(changed(example_content("update-request"), "versionId", None), "lastUpdated", None)
    lar.hold(allergy)


def _schema_errors(document: bytes) -> list[str]:
    """Why the SOAP Body's element breaks LAR's schema (empty if it follows it)."""
    try:
        body = xml.parse(document).find(SOAP_BODY)
    except xml.UnsafeXml as error:
        return [str(error)]
    if body is None or len(body) != 1:
        return ["the document has no SOAP Body with one element"]
    checker = schema.schema()
    return [] if checker.validate(body[0]) else [entry.message for entry in checker.error_log]


@then("its body follows LAR's schema")
def body_follows_schema(request: pytest.FixtureRequest, lar_file: bytes) -> None:
    errors = _schema_errors(lar_file)
    require(requirement_of(request), not errors, expected="a body valid by LAR's schema", received=errors)


@then("the reply follows LAR's schema")
def reply_follows_schema(request: pytest.FixtureRequest, reply: Reply) -> None:
    """§4.1.2: a ReplyStatus with statusCode and statusText (both "Påkrævet: Ja"); konform's XSD
    beyond that – element order, types, nothing the tables do not list – is konform's reading."""
    requirement = requirement_of(request)
    require(
        requirement,
        bool(reply.status_code) and reply.status_text is not None,
        expected="ReplyStatus with a statusCode and a statusText",
        received=reply.summary(),
    )
    errors = _schema_errors(reply.exchange.response_body)
    require(
        requirement,
        not errors,
        expected="a reply valid by konform's LAR schema",
        received=errors,
        reading=readings.reading("reply-schema"),
    )


@then(parsers.re(r"the reply lists the allergy (?P<identifier>[\w-]+) at version (?P<version>\d+)"))
def lists_example_allergy(
    request: pytest.FixtureRequest, reply: Reply, identifier: str, version: str
) -> None:
    found = [(a.identifier, a.version) for a in reply.allergies]
    require(
        requirement_of(request),
        (identifier, int(version)) in found,
        expected=f"{identifier} at version {version}",
        received=reply.summary(),
    )


# -- konform validate lar ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def lar_consumer_sts(tmp_path_factory: pytest.TempPathFactory) -> TestSts:
    """A vendor's card source for judged files: konform's test STS (no target involved)."""
    return TestSts.from_pki(pki.ensure(tmp_path_factory.mktemp("lar-consumer-pki")))


def _envelope(sts: TestSts, operation: model.Operation, level: int, start: datetime) -> etree._Element:
    content = example_content("get-request" if operation is model.GET else "register-request")
    card = sts.mint(level=level, not_before=start, ttl=timedelta(hours=1))
    return xml.parse(header.wrap(model.request_xml(operation, content), card))


@given("a LAR request envelope without DGWS header", target_fixture="lar_file")
def envelope_without_header() -> bytes:
    return soap.build(model.request_xml(model.REGISTER, example_content("register-request")))


@given(
    parsers.re(r"a LAR request envelope with a level (?P<level>\d) card valid for 1 hour from now"),
    target_fixture="lar_file",
)
def envelope_from_now(lar_consumer_sts: TestSts, level: str) -> bytes:
    """The Register example with a card whose validity starts now."""
    now = datetime.now().astimezone().replace(microsecond=0)
    return etree.tostring(_envelope(lar_consumer_sts, model.REGISTER, int(level), now))


@given(
    "a LAR request envelope with a level 4 card whose AuthenticationLevel was changed after signing",
    target_fixture="lar_file",
)
def tampered_envelope(lar_consumer_sts: TestSts) -> bytes:
    envelope = _envelope(
        lar_consumer_sts, model.REGISTER, 3, datetime.now().astimezone() - timedelta(minutes=5)
    )
    return etree.tostring(level_changed_after_signing(envelope))


@given("a GetPatientAllergyList envelope with a level 3 card", target_fixture="lar_file")
def get_at_level_3(lar_consumer_sts: TestSts) -> bytes:
    start = datetime.now().astimezone() - timedelta(minutes=5)
    return etree.tostring(_envelope(lar_consumer_sts, model.GET, 3, start))


@when("konform validates the LAR request", target_fixture="lar_verdict")
def validate(tmp_path: Path, lar_file: bytes) -> FileVerdict | Unusable:
    return _judge(tmp_path, lar_file, None)


@when(
    parsers.re(r"konform validates the LAR request as of (?P<amount>\d+) (?P<unit>minutes|hours) from now"),
    target_fixture="lar_verdict",
)
def validate_later(tmp_path: Path, lar_file: bytes, amount: str, unit: str) -> FileVerdict | Unusable:
    """`--at` a moment after the card was minted: the step names the judged moment, no clock moves."""
    later = datetime.now().astimezone() + timedelta(**{unit: int(amount)})
    return _judge(tmp_path, lar_file, later)


def _judge(folder: Path, document: bytes, at: datetime | None) -> FileVerdict | Unusable:
    path = folder / "request.xml"
    path.write_bytes(document)
    try:
        return judge.judge(path, judge.LarSide(at=at))
    except Unusable as unusable:
        return unusable


def _errors(verdict: FileVerdict | Unusable) -> list[str]:
    if isinstance(verdict, Unusable):
        return [f"unusable: {verdict.reason}"]
    return [f"{f.requirement} {f.severity}: {f.message}" for f in verdict.findings if f.severity == "error"]


@then("konform reports no error")
def no_error(request: pytest.FixtureRequest, lar_verdict: FileVerdict | Unusable) -> None:
    errors = _errors(lar_verdict)
    require(requirement_of(request), not errors, expected="no error", received=errors)


@then(parsers.re(r'konform reports an error under (?P<requirement>LAR-[\w.-]+) naming "(?P<word>[^"]+)"'))
def error_under(
    request: pytest.FixtureRequest, lar_verdict: FileVerdict | Unusable, requirement: str, word: str
) -> None:
    errors = _errors(lar_verdict)
    found = [error for error in errors if error.startswith(f"{requirement} error") and word in error]
    require(
        requirement_of(request),
        bool(found),
        expected=f"an error under {requirement} naming {word}",
        received=errors,
    )


@then("konform calls the file unusable, naming the XML declaration")
def unusable_declaration(request: pytest.FixtureRequest, lar_verdict: FileVerdict | Unusable) -> None:
    reason = lar_verdict.reason if isinstance(lar_verdict, Unusable) else None
    require(
        requirement_of(request),
        reason is not None and '<?xml version="1.0">' in reason,
        expected="unusable: the malformed XML declaration named",
        received=reason or _errors(lar_verdict),
    )


def _bare(operation: model.Operation, content: etree._Element) -> bytes:
    return etree.tostring(model.request_xml(operation, copy.deepcopy(content)))


@then("konform reports an error under the rule for every generated LAR request that breaks it")
def finds_every_breach(request: pytest.FixtureRequest) -> None:
    requirement = requirement_of(request)

    @for_all(broken=lar_broken.broken(requirement))
    def found(broken: lar_broken.Broken) -> None:
        verdict = judge.judge_bytes(_bare(broken.operation, broken.content), judge.LarSide())
        errors = [f for f in verdict.findings if f.severity == "error" and f.requirement == requirement]
        require(
            requirement, bool(errors), expected=f"an error under {requirement}", received=verdict.findings
        )

    found()


@then("konform reports no error in any generated valid LAR request")
def no_error_in_valid(request: pytest.FixtureRequest) -> None:
    @for_all(allergy=gen.allergies(), criteria=gen.criteria())
    def clean(allergy: etree._Element, criteria: etree._Element) -> None:
        for operation, content, requirement in (
            (model.REGISTER, allergy, schema.REQUIRED),
            (model.GET, criteria, schema.QUERY),
        ):
            verdict = judge.judge_bytes(_bare(operation, content), judge.LarSide())
            errors = [f for f in verdict.findings if f.severity == "error"]
            require(requirement, not errors, expected="no error", received=errors)

    clean()

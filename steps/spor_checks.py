"""Then steps for features/spor: one check each, raising NonConformance under the scenario's @req tag."""

from __future__ import annotations

import pytest
from lxml import etree
from pytest_bdd import parsers, then

from konform.checks import require
from konform.evidence import Exchange
from konform.spor.client import Answer
from konform.targets import Target
from konform.validate import FileVerdict
from steps.spor_world import NS, SporScenario, requirement_of, summary, values_of


@then(parsers.re(r'SPOR answers OK "(?P<text>[^"]+)"'))
def answers_ok(request: pytest.FixtureRequest, spor: SporScenario, answer: Answer, text: str) -> None:
    expected = [("OK", spor.text(text))]
    received = [(r.code, r.text) for r in answer.results]
    require(requirement_of(request), received == expected, expected=expected, received=summary(answer))


@then(parsers.re(r"SPOR answers OK for behandlingsnummer (?P<number>\d+)"))
def answers_ok_for(request: pytest.FixtureRequest, spor: SporScenario, answer: Answer, number: str) -> None:
    result = answer.result(spor.number(number))
    received = result.code if result else None
    require(requirement_of(request), received == "OK", expected=f"OK for {number}", received=summary(answer))


@then(parsers.re(r'SPOR answers ERROR "(?P<text>[^"]+)"'))
def answers_error(request: pytest.FixtureRequest, spor: SporScenario, answer: Answer, text: str) -> None:
    expected = [("ERROR", spor.text(text))]
    received = [(r.code, r.text) for r in answer.results]
    require(requirement_of(request), received == expected, expected=expected, received=summary(answer))


@then(
    parsers.re(r"SPOR answers ERROR naming behandlingsnummer (?P<number>\d+) and the number (?P<value>\d+)")
)
def answers_error_naming(
    request: pytest.FixtureRequest, spor: SporScenario, answer: Answer, number: str, value: str
) -> None:
    result = answer.result(spor.number(number))
    text = result.text if result else ""
    received = (result.code if result else None, spor.number(number) in text, value in text)
    expected = f"ERROR naming {number} and {value}"
    require(
        requirement_of(request),
        received == ("ERROR", True, True),
        expected=expected,
        received=summary(answer),
    )


@then(parsers.re(r'SPOR refuses it with an Unmarshalling Error naming "(?P<word>[^"]+)"'))
def refused_by_schema(request: pytest.FixtureRequest, answer: Answer, word: str) -> None:
    fault = answer.fault or ""
    received = (fault.startswith("Unmarshalling Error: cvc-"), word in fault)
    expected = f"a SOAP fault 'Unmarshalling Error: cvc-…' naming {word!r}"
    require(requirement_of(request), received == (True, True), expected=expected, received=summary(answer))


@then(parsers.re(r'SPOR answers 500 Internal Server Error with "(?P<text>.+)"'))
def internal_server_error(request: pytest.FixtureRequest, answer: Answer, text: str) -> None:
    received = (answer.status, text in (answer.fault or ""))
    require(
        requirement_of(request),
        received == (500, True),
        expected=f"HTTP 500, {text}",
        received=summary(answer),
    )


@then(parsers.re(r"SPOR holds nothing for behandlingsnummer (?P<number>\d+)"))
def holds_nothing(request: pytest.FixtureRequest, spor: SporScenario, number: str) -> None:
    stored = spor.stored(number)
    require(requirement_of(request), stored is None, expected="nothing stored", received=values_of(stored))


@then(parsers.re(r"SPOR holds behandlingsnummer (?P<number>\d+) without (?P<variable>\w+)"))
def holds_without(request: pytest.FixtureRequest, spor: SporScenario, number: str, variable: str) -> None:
    stored = values_of(spor.stored(number))
    require(
        requirement_of(request),
        stored is not None and variable not in stored,
        expected=f"no {variable}",
        received=stored,
    )


@then("SPOR holds every registration of the export as sent")
def holds_export(request: pytest.FixtureRequest, spor: SporScenario, export_file: bytes) -> None:
    sent = {
        r.findtext(f"{{{NS}}}behandlingsnummer"): values_of(spor.adapt(r))
        for r in etree.fromstring(export_file)
    }
    stored = {number: values_of(spor.stored(str(number))) for number in sent}
    require(requirement_of(request), stored == sent, expected=sent, received=stored)


@then(
    parsers.re(r'behandlingsnummer (?P<number>\d+) is on the Fellista with a reason naming "(?P<word>[^"]+)"')
)
def on_fellista(request: pytest.FixtureRequest, spor: SporScenario, number: str, word: str) -> None:
    assert spor.control is not None
    reasons = spor.control.fellista().get(spor.number(number), [])
    require(
        requirement_of(request),
        any(word in r for r in reasons),
        expected=f"a reason naming {word}",
        received=reasons,
    )


@then(parsers.re(r"behandlingsnummer (?P<number>\d+) is not on the Fellista"))
def off_fellista(request: pytest.FixtureRequest, spor: SporScenario, number: str) -> None:
    assert spor.control is not None
    fellista = spor.control.fellista()
    require(
        requirement_of(request), spor.number(number) not in fellista, expected="not listed", received=fellista
    )


@then("SPOR ends the SSL handshake without an answer")
def handshake_fails(request: pytest.FixtureRequest, outcome: Answer | Exception) -> None:
    received = summary(outcome) if isinstance(outcome, Answer) else repr(outcome)
    require(
        requirement_of(request),
        isinstance(outcome, Exception),
        expected="SSL handshake failure",
        received=received,
    )


@then("SPOR answers over HTTP")
def answers_over_http(request: pytest.FixtureRequest, outcome: Answer | Exception) -> None:
    received = summary(outcome) if isinstance(outcome, Answer) else repr(outcome)
    require(
        requirement_of(request), isinstance(outcome, Answer), expected="an HTTP answer", received=received
    )


@then("SPOR's WSDL describes postRegistration at an address ending in /spor/ws/4_1/RegistrationService")
def wsdl_describes_service(request: pytest.FixtureRequest, exchange: Exchange) -> None:
    text = exchange.response_body.decode("utf-8", "replace")
    addresses: list[str] = []
    if exchange.status == 200 and "postRegistration" in text:
        root = etree.fromstring(exchange.response_body)
        addresses = [
            a.get("location", "") for a in root.iter("{http://schemas.xmlsoap.org/wsdl/soap/}address")
        ]
    require(
        requirement_of(request),
        bool(addresses) and all(a.endswith("/spor/ws/4_1/RegistrationService") for a in addresses),
        expected="HTTP 200, a WSDL with postRegistration at …/spor/ws/4_1/RegistrationService",
        received=f"HTTP {exchange.status}, addresses {addresses}",
    )


@then("the run names its environment, which is not production unless the command line allows it")
def names_environment(request: pytest.FixtureRequest, target: Target) -> None:
    allowed = bool(request.config.getoption("allow_production"))
    received = f"target {target.name}, environment {target.environment!r}, production={target.production}"
    require(
        requirement_of(request),
        bool(target.environment) and (allowed or not target.production),
        expected="a named, non-production environment",
        received=received,
    )


@then(parsers.re(r'the upload page says "(?P<text>[^"]+)"'))
def page_says(request: pytest.FixtureRequest, exchange: Exchange, text: str) -> None:
    page = exchange.response_body.decode("utf-8", "replace")
    require(requirement_of(request), page == text, expected=text, received=page)


@then(parsers.re(r'the upload page says "(?P<prefix>[^"]+)" with a reason naming "(?P<word>[^"]+)"'))
def page_says_why(
    request: pytest.FixtureRequest, spor: SporScenario, exchange: Exchange, prefix: str, word: str
) -> None:
    page = exchange.response_body.decode("utf-8", "replace")
    received = page.startswith(prefix) and spor.text(word) in page[len(prefix) :]
    require(requirement_of(request), received, expected=f"{prefix}<a reason naming {word}>", received=page)


def findings_of(verdict: FileVerdict, requirement: str) -> list[str]:
    return [
        f"{f.severity} line {f.line}: {f.message}" for f in verdict.findings if f.requirement == requirement
    ]


@then(parsers.re(r"konform reports (?P<kind>an error|a warning|nothing) under the rule"))
def reports_under_rule(request: pytest.FixtureRequest, verdict: FileVerdict, kind: str) -> None:
    requirement = requirement_of(request)
    severities = {f.severity for f in verdict.findings if f.requirement == requirement}
    expected = {"an error": {"error"}, "a warning": {"warning"}, "nothing": set()}[kind]
    require(
        requirement,
        severities == expected,
        expected=f"{kind} under {requirement}",
        received=findings_of(verdict, requirement),
    )

"""Then steps for features/spor: one check each, raising NonConformance under the scenario's @req tag."""

from __future__ import annotations

import pytest
from lxml import etree
from pytest_bdd import parsers, then

from konform import xml
from konform.checks import require
from konform.evidence import Exchange
from konform.spor import page, readings
from konform.spor.client import Answer
from konform.targets import Target
from konform.validate import FileVerdict
from steps.spor_world import NS, SporScenario, requirement_of, summary, values_of


@then(parsers.re(r'SPOR answers OK "(?P<text>[^"]+)"'))
def answers_ok(request: pytest.FixtureRequest, spor: SporScenario, answer: Answer, text: str) -> None:
    answered(requirement_of(request), spor, answer, "OK", spor.text(text))


@then(parsers.re(r'SPOR answers ERROR "(?P<text>[^"]+)"'))
def answers_error(request: pytest.FixtureRequest, spor: SporScenario, answer: Answer, text: str) -> None:
    answered(requirement_of(request), spor, answer, "ERROR", spor.text(text))


def answered(requirement: str, spor: SporScenario, answer: Answer, code: str, text: str) -> None:
    """§7.2.3: the resultCode is the guide's rule; its resultText only an example ("tex")."""
    number = text.split(":", 1)[1].split()[0] if ":" in text else ""
    result = answer.result(number)
    received = summary(answer)
    require(
        requirement,
        result is not None and result.code == code,
        expected=f"{code} for {number}",
        received=received,
    )
    assert result is not None
    require(requirement, result.text == text, expected=text, received=received, reading=readings.RESULT_TEXT)


@then(parsers.re(r"SPOR answers OK for behandlingsnummer (?P<number>\d+)"))
def answers_ok_for(request: pytest.FixtureRequest, spor: SporScenario, answer: Answer, number: str) -> None:
    result = answer.result(spor.number(number))
    received = result.code if result else None
    require(requirement_of(request), received == "OK", expected=f"OK for {number}", received=summary(answer))


@then(parsers.re(r"SPOR takes the local time for behandlingsnummer (?P<number>\d+)"))
def takes_local_time(request: pytest.FixtureRequest, spor: SporScenario, answer: Answer, number: str) -> None:
    result = answer.result(spor.number(number))
    require(
        requirement_of(request),
        result is not None and result.code == "OK",
        expected=f"OK for {number}",
        received=summary(answer),
        reading=readings.LOCAL_TIME_TAKEN,
    )


@then(parsers.re(r"SPOR refuses the registration of behandlingsnummer (?P<number>\d+)"))
def refuses(
    request: pytest.FixtureRequest,
    spor: SporScenario,
    registration: etree._Element,
    answer: Answer,
    number: str,
) -> None:
    requirement = requirement_of(request)
    require(
        requirement,
        answer.refusal(spor.number(number)) is not None,
        expected="refused: HTTP 500 Internal Server Error (§7.2.2) or resultCode ERROR (§7.2.3)",
        received=summary(answer),
        reading=readings.refusal(requirement, registration),
    )


@then(parsers.re(r'SPOR\'s answer names (?P<words>"[^"]+"(?: and "[^"]+")*)'))
def answer_names(request: pytest.FixtureRequest, spor: SporScenario, answer: Answer, words: str) -> None:
    wanted = [spor.text(word) for word in words[1:-1].split('" and "')]
    said = " ".join(answer.message(spor.number(number)) for number in [*spor.numbers.values(), ""])
    said += " " + answer.exchange.response_body.decode("utf-8", "replace")
    wire = spor.client.wire  # a concept may be named as the target's schema names it
    require(
        requirement_of(request),
        all(word in said or wire.name(word) in said for word in wanted),
        expected=f"an answer naming {', '.join(wanted)}",
        received=summary(answer),
        reading=readings.ANSWER_NAMES,
    )


@then(parsers.re(r'SPOR answers 500 Internal Server Error with "(?P<text>.+)"'))
def internal_server_error(request: pytest.FixtureRequest, answer: Answer, text: str) -> None:
    body = answer.exchange.response_body.decode("utf-8", "replace")
    require(
        requirement_of(request),
        (answer.status, text in body) == (500, True),
        expected=f"HTTP 500, a body carrying {text}",
        received=summary(answer),
    )


@then(parsers.re(r"SPOR holds nothing for behandlingsnummer (?P<number>\d+)"))
def holds_nothing(request: pytest.FixtureRequest, spor: SporScenario, number: str) -> None:
    stored = spor.stored(number)
    require(
        requirement_of(request),
        stored is None,
        expected="nothing stored",
        received=values_of(stored),
        reading=readings.WHOLE_REQUEST,
    )


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
    require(
        requirement_of(request),
        stored == sent,
        expected=sent,
        received=stored,
        reading=readings.STORED_AS_SENT,
    )


@then(
    parsers.re(r'behandlingsnummer (?P<number>\d+) is on the Fellista with a reason naming "(?P<word>[^"]+)"')
)
def on_fellista(request: pytest.FixtureRequest, spor: SporScenario, number: str, word: str) -> None:
    fellista = spor.fellista()
    requirement, listed = requirement_of(request), spor.number(number)
    require(requirement, listed in fellista, expected=f"{number} on the Fellista", received=fellista)
    reasons = fellista[listed]
    require(
        requirement,
        any(word.lower() in r.lower() for r in reasons),
        expected=f"a reason naming {word}",
        received=reasons,
        reading=readings.FELLISTA_REASON,
    )


@then(parsers.re(r"behandlingsnummer (?P<number>\d+) is not on the Fellista"))
def off_fellista(request: pytest.FixtureRequest, spor: SporScenario, number: str) -> None:
    fellista = spor.fellista()
    require(
        requirement_of(request), spor.number(number) not in fellista, expected="not listed", received=fellista
    )


@then(parsers.re(r"SPOR ends the SSL handshake without an answer(?P<reading> as konform reads §7.2.1)?"))
def handshake_fails(request: pytest.FixtureRequest, outcome: Answer | Exception, reading: str | None) -> None:
    received = summary(outcome) if isinstance(outcome, Answer) else repr(outcome)
    require(
        requirement_of(request),
        isinstance(outcome, Exception),
        expected="SSL handshake failure",
        received=received,
        reading=readings.NO_CERTIFICATE if reading else "",
    )


@then("SPOR answers over HTTP")
def answers_over_http(request: pytest.FixtureRequest, outcome: Answer | Exception) -> None:
    received = summary(outcome) if isinstance(outcome, Answer) else repr(outcome)
    require(
        requirement_of(request), isinstance(outcome, Answer), expected="an HTTP answer", received=received
    )


@then("SPOR's WSDL describes postRegistration at an address ending in /spor/ws/4_1/RegistrationService")
def wsdl_describes_service(request: pytest.FixtureRequest, spor: SporScenario, exchange: Exchange) -> None:
    """In a bound schema (a target's `binding`) the operation and path are the binding's."""
    requirement = requirement_of(request)
    wire = spor.client.wire
    operation, path = wire.binding.service.get("operation", "postRegistration"), wire.path
    text = exchange.response_body.decode("utf-8", "replace")
    published = exchange.status == 200 and operation in text
    received = f"HTTP {exchange.status}: {text[:200]!r}"
    require(
        requirement, published, expected=f"HTTP 200, a WSDL describing {operation}", received=received
    )
    root = xml.parse(exchange.response_body)
    addresses = [a.get("location", "") for a in root.iter("{http://schemas.xmlsoap.org/wsdl/soap/}address")]
    require(
        requirement,
        bool(addresses) and all(a.endswith(path) for a in addresses),
        expected=f"soap:address …{path}",
        received=f"addresses {addresses}",
        reading=readings.WSDL_ADDRESS,
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


def shown(exchange: Exchange) -> str:
    """What the upload page shows a reader (§3.2): its text, however the page is written."""
    content_type = next((v for k, v in exchange.response_headers.items() if k.lower() == "content-type"), "")
    return page.visible_text(exchange.response_body, content_type)


@then('the upload page shows "Dataöverföringen lyckades"')
def page_shows_success(request: pytest.FixtureRequest, exchange: Exchange) -> None:
    text = shown(exchange)
    received = f"HTTP {exchange.status}, the page shows {text[:300]!r}"
    require(requirement_of(request), page.shows_success(text), expected=page.LUCKADES, received=received)


@then(
    parsers.re(
        r'the upload page shows "Dataöverföringen misslyckades: " with a reason naming "(?P<word>[^"]+)"'
    )
)
def page_shows_failure(
    request: pytest.FixtureRequest, spor: SporScenario, exchange: Exchange, word: str
) -> None:
    requirement, text = requirement_of(request), shown(exchange)
    reason = page.failure_reason(text)
    received = f"HTTP {exchange.status}, the page shows {text[:300]!r}"
    require(
        requirement,
        reason is not None,
        expected=page.MISSLYCKADES + "<anledning till fel>",
        received=received,
    )
    require(
        requirement,
        spor.text(word) in (reason or ""),
        expected=f"{page.MISSLYCKADES}<a reason naming {word}>",
        received=received,
        reading=readings.UPLOAD_REASON,
    )


def findings_of(verdict: FileVerdict, requirement: str) -> list[str]:
    return [
        f"{f.severity} ({f.basis}) line {f.line}: {f.message}"
        for f in verdict.findings
        if f.requirement == requirement
    ]


@then(parsers.re(r"konform reports (?P<kind>an error|a warning|nothing|its reading) under the rule"))
def reports_under_rule(request: pytest.FixtureRequest, verdict: FileVerdict, kind: str) -> None:
    """An error or warning resting on the guide's words, a finding resting on konform's reading, or none."""
    requirement = requirement_of(request)
    found = {(f.severity, f.basis) for f in verdict.findings if f.requirement == requirement}
    if kind == "its reading":  # a warning under lenient readings, as `konform validate` shows it
        holds = bool(found) and {basis for _, basis in found} == {"reading"}
    else:
        expected = {"an error": {("error", "document")}, "a warning": {("warning", "document")}}
        holds = found == expected.get(kind, set())
    require(
        requirement,
        holds,
        expected=f"{kind} under {requirement}",
        received=findings_of(verdict, requirement),
    )

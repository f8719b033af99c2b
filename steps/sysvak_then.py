"""Then steps for features/sysvak: the head and transport, the Behandlingsresultat, what SYSVAK holds."""

from __future__ import annotations

import pytest
from pytest_bdd import parsers, then

from generators import sysvak as gen
from konform.checks import require
from konform.sysvak import codes, rules
from konform.sysvak.client import Answer
from konform.sysvak.model import (
    Hendelse,
    HendelseResponse,
)
from konform.sysvak.schema import NS
from steps.sysvak_support import (
    DATE,
    NUMBER,
    SysvakScenario,
    accepted,
    requirement_of,
    summary,
    the_date,
)

# -- Then: the head and the transport ---------------------------------------------------------------


def head_findings(request_: pytest.FixtureRequest, answer: Answer) -> list[str]:
    require(
        requirement_of(request_),
        answer.message is not None,
        expected="HTTP 200 with an answer MsgHead",
        received=answer.problem or summary(answer),
    )
    assert answer.message is not None
    requirement = requirement_of(request_)
    return [
        f"{f.requirement}: {f.message}"
        for f in rules.findings(answer.message)
        if f.requirement == requirement
    ]


@then(parsers.re(r'SYSVAK answers with MsgInfo/Type "(?P<code>[A-Z]+)"'))
def answers_with_type(request: pytest.FixtureRequest, answer: Answer, code: str) -> None:
    found = answer.message.view if answer.message else None
    received = (found.type_v.value, found.type_dn.value) if found else summary(answer)
    require(
        requirement_of(request),
        received == (code, code),
        expected=f'Type V="{code}" DN="{code}"',
        received=received,
    )


@then(parsers.re(r"the answer's MsgHead carries every element Dok 31 §3.6.2 names"))
@then("the answer's ConversationRef names the incoming MsgId as RefToParent and RefToConversation")
def answer_head_conforms(request: pytest.FixtureRequest, answer: Answer) -> None:
    problems = head_findings(request, answer)
    require(
        requirement_of(request),
        not problems,
        expected="no finding on the answer's MsgHead",
        received=problems,
    )


@then("the answer is UTF-8")
def answer_is_utf8(request: pytest.FixtureRequest, answer: Answer) -> None:
    charset = answer.exchange.response_headers.get("content-type", "").lower()
    try:
        answer.exchange.response_body.decode("utf-8")
        decodes = True
    except UnicodeDecodeError:
        decodes = False
    problems = head_findings(request, answer)
    require(
        requirement_of(request),
        decodes and "charset=utf-8" in charset and not problems,
        expected="UTF-8 bytes, declared UTF-8, Content-Type charset=utf-8",
        received=f"decodes as UTF-8: {decodes}; Content-Type {charset!r}; {problems}",
    )


@then(parsers.re(r'SYSVAK refuses to take the message, naming "(?P<word>[^"]+)"'))
def refuses_to_take(request: pytest.FixtureRequest, answer: Answer, word: str) -> None:
    text = answer.exchange.response_body.decode("utf-8", "replace")
    require(
        requirement_of(request),
        answer.status == 400 and word in text,
        expected=f'HTTP 400 with a reason naming "{word}"',
        received=f"HTTP {answer.status}: {text[:400]}",
    )


@then("both answers are one and the same answer")
def one_answer(request: pytest.FixtureRequest, answers: list[Answer]) -> None:
    bodies = [a.exchange.response_body for a in answers]
    require(
        requirement_of(request),
        answers[0].status == 200 and len(set(bodies)) == 1,
        expected="the same answer MsgHead (same MsgId) both times",
        received=[a.message.view.msg_id.value if a.message else summary(a) for a in answers],
    )


@then(parsers.re(r"the answer carries an? (?P<payload>\w+)"))
def carries(request: pytest.FixtureRequest, answer: Answer, payload: str) -> None:
    found = answer.message.payload if answer.message else None
    require(
        requirement_of(request),
        found is not None and found.tag == f"{{{NS}}}{payload}",
        expected=f"{{{NS}}}{payload}",
        received=None if found is None else found.tag,
    )


@then(parsers.re(r'the answer names UtfortAvHelseenhet (?P<unit>\d+) of type "(?P<kind>\w+)"'))
def names_unit(request: pytest.FixtureRequest, answer: Answer, unit: str, kind: str) -> None:
    echoed = answer.response.unit if answer.response else None
    require(
        requirement_of(request),
        echoed == gen.Ident.unit(unit, kind),
        expected=gen.Ident.unit(unit, kind),
        received=echoed,
    )


@then("SYSVAK takes the message without answering yet")
def takes_without_answer(request: pytest.FixtureRequest, answer: Answer) -> None:
    require(
        requirement_of(request),
        answer.status == 202 and not answer.exchange.response_body,
        expected="HTTP 202 with no body: the message is kept, no error is answered",
        received=summary(answer),
    )


@then("the answer cannot be collected yet")
def not_yet(request: pytest.FixtureRequest, sysvak: SysvakScenario, answer: Answer) -> None:
    collected = sysvak.client.collect(answer.msg_id)
    require(
        requirement_of(request),
        collected.status == 404,
        expected="HTTP 404 until the answer exists",
        received=f"HTTP {collected.status}",
    )


@then("the answer can be collected and SYSVAK accepts the hendelse")
def collected(request: pytest.FixtureRequest, sysvak: SysvakScenario, answer: Answer) -> None:
    later = sysvak.client.collect_answer(answer.msg_id)
    require(
        requirement_of(request),
        accepted(later),
        expected="HTTP 200, HendelseResponse akseptert",
        received=summary(later),
    )


# -- Then: the answer's Behandlingsresultat ---------------------------------------------------------


@then("SYSVAK accepts the hendelse")
def accepts(request: pytest.FixtureRequest, answer: Answer) -> None:
    require(
        requirement_of(request),
        accepted(answer),
        expected="Behandlingsresultat akseptert",
        received=summary(answer),
    )


@then("SYSVAK refuses the message")
def refuses(request: pytest.FixtureRequest, answer: Answer) -> None:
    status = answer.response.resultat.status if answer.response else None
    require(
        requirement_of(request),
        answer.status == 200 and status == "avvist",
        expected="HTTP 200 with Behandlingsresultat avvist",
        received=summary(answer),
    )


@then(
    parsers.re(
        r'the Behandlingsresultat is "(?P<status>\w+)" with a Valideringsmelding of type "(?P<kind>\w+)"'
        r'(?: naming "(?P<element>[^"]+)")?'
    )
)
def result_with(
    request: pytest.FixtureRequest, answer: Answer, status: str, kind: str, element: str | None
) -> None:
    result = answer.response.resultat if answer.response else None
    found = [
        m
        for m in (result.meldinger if result else ())
        if m.alvorlighetsgrad == kind and (element is None or element in f"{m.element} {m.beskrivelse}")
    ]
    require(
        requirement_of(request),
        result is not None and result.status == status and bool(found),
        expected=f"Status {status} with a Valideringsmelding ({kind}) naming {element or 'anything'}",
        received=result,
    )


@then(
    parsers.re(
        r'the Behandlingsresultat is "(?P<status>\w+)" without a Valideringsmelding of type "(?P<kind>\w+)"'
    )
)
def result_without(request: pytest.FixtureRequest, answer: Answer, status: str, kind: str) -> None:
    result = answer.response.resultat if answer.response else None
    require(
        requirement_of(request),
        result is not None and result.status == status and not result.codes(kind),
        expected=f"Status {status}, no Valideringsmelding of type {kind}",
        received=result,
    )


@then(parsers.re(r'SYSVAK reports the hendelse as "(?P<aksjon>\w+)"'))
def reports_as(request: pytest.FixtureRequest, answer: Answer, aksjon: str) -> None:
    response = answer.response
    found = response.hendelse.aksjon if isinstance(response, HendelseResponse) and response.hendelse else None
    require(
        requirement_of(request),
        accepted(answer) and found == aksjon,
        expected=f'akseptert, HendelseAksjon "{aksjon}"',
        received=summary(answer),
    )


@then(parsers.re(rf"the HendelseResponse returns VaksinandIdent {NUMBER}"))
def returns_ident(request: pytest.FixtureRequest, answer: Answer, number: str) -> None:
    found = answer.response.vaksinand_ident if isinstance(answer.response, HendelseResponse) else None
    require(
        requirement_of(request),
        found is not None and found.id == number and found.oid == codes.OID_OFFICIAL_PERSON_ID,
        expected=f"VaksinandIdent {number} under 8327",
        received=found or summary(answer),
    )


@then("the HendelseResponse returns no VaksinandIdent")
def returns_no_ident(request: pytest.FixtureRequest, answer: Answer) -> None:
    found = answer.response.vaksinand_ident if isinstance(answer.response, HendelseResponse) else None
    require(
        requirement_of(request),
        accepted(answer) and found is None,
        expected="akseptert, no VaksinandIdent",
        received=found or summary(answer),
    )


# -- Then: what SYSVAK holds ------------------------------------------------------------------------


def shown(request_: pytest.FixtureRequest, sysvak: SysvakScenario, number: str) -> tuple[Hendelse, ...]:
    """The hendelser a search for `number` shows (the search must hit exactly that person)."""
    found = sysvak.search(number)
    treff = found.treff if found else ()
    require(
        requirement_of(request_),
        len(treff) == 1 and treff[0].person.ident.id == number,
        expected=f"a search for {number} hits that person once",
        received=found,
    )
    return treff[0].hendelser


@then(parsers.re(rf"a search for {NUMBER} shows (?P<count>\d+) hendelser?"))
def search_shows_count(
    request: pytest.FixtureRequest, sysvak: SysvakScenario, number: str, count: str
) -> None:
    found = shown(request, sysvak, number)
    require(
        requirement_of(request), len(found) == int(count), expected=f"{count} hendelse(r)", received=found
    )


@then(
    parsers.re(
        rf"a search for {NUMBER} shows the hendelse (?P<code>[\w-]+) on {DATE} with "
        r'(?P<field>HendelseAksjon|Batchnummer) "(?P<value>[^"]+)"'
    )
)
def search_shows(
    request: pytest.FixtureRequest,
    sysvak: SysvakScenario,
    number: str,
    code: str,
    date: str,
    field: str,
    value: str,
) -> None:
    found = [
        h
        for h in shown(request, sysvak, number)
        if (h.vaksinekode, h.konsultasjonsdato) == (code, the_date(date))
    ]
    held = [h.aksjon if field == "HendelseAksjon" else h.batchnummer for h in found]
    require(
        requirement_of(request),
        held == [value],
        expected=f"{code} on {date} with {field} {value!r}",
        received=found,
    )


@then(
    parsers.re(
        rf"SYSVAK's register holds the hendelse (?P<code>[\w-]+) on {DATE} for {NUMBER}"
        r' marked "(?P<aksjon>\w+)"'
    )
)
def register_holds(
    request: pytest.FixtureRequest, sysvak: SysvakScenario, code: str, date: str, number: str, aksjon: str
) -> None:
    events = sysvak.arrange().events(f"fnr:{number}")
    found = [e["aksjon"] for e in events if (e["vaksinekode"], e["konsultasjonsdato"]) == (code, date)]
    require(
        requirement_of(request),
        found == [aksjon],
        expected=f"one stored hendelse marked {aksjon}",
        received=events,
    )


@then(
    parsers.re(
        rf"SYSVAK's log shows the hendelse (?P<code>[\w-]+) on {DATE} for {NUMBER}"
        r' as "(?P<first>\w+)", then "(?P<then>\w+)"'
    )
)
def log_shows(
    request: pytest.FixtureRequest,
    sysvak: SysvakScenario,
    code: str,
    date: str,
    number: str,
    first: str,
    then: str,
) -> None:
    log = sysvak.arrange().log()
    found = [
        e["action"]
        for e in log
        if e["vaksinand"] == f"fnr:{number}"
        and (e["data"]["vaksinekode"], e["data"]["konsultasjonsdato"]) == (code, date)
    ]
    require(requirement_of(request), found == [first, then], expected=[first, then], received=log)


@then(parsers.re(r"SYSVAK's table of vaksinander uten ident holds (?P<count>\d+) vaksinand"))
def uten_ident_count(request: pytest.FixtureRequest, sysvak: SysvakScenario, count: str) -> None:
    rows = sysvak.arrange().uten_ident()
    require(requirement_of(request), len(rows) == int(count), expected=f"{count} row(s)", received=rows)

"""Then steps for features/sysvak: the head and transport, and the Behandlingsresultat.

Checks that rest on konform's reading of Dok 31 pass it as `reading=` (konform.sysvak.readings);
the wire is judged tolerantly (konform.sysvak.answers): a refusal is an HTTP 4xx or an answer
avvist, a reason names its word in any case, the Content-Type is parsed.
"""

from __future__ import annotations

import pytest
from lxml import etree
from pytest_bdd import parsers, then

from generators import sysvak as gen
from konform.checks import require
from konform.sysvak import answers, binding, readings, rules
from konform.sysvak.client import Answer
from konform.sysvak.model import HendelseResponse
from steps.sysvak_support import (
    SysvakScenario,
    accepted,
    requirement_of,
    summary,
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
def answer_head_complete(request: pytest.FixtureRequest, answer: Answer) -> None:
    problems = head_findings(request, answer)
    require(
        requirement_of(request),
        not problems,
        expected="the elements §3.6.2 lists, on the answer's MsgHead",
        received=problems,
        reading=readings.ANSWER_HEAD,
    )


@then("the answer's ConversationRef names the incoming MsgId as RefToParent and RefToConversation")
def answer_conversation_ref(request: pytest.FixtureRequest, answer: Answer) -> None:
    problems = head_findings(request, answer)
    require(
        requirement_of(request),
        not problems,
        expected="RefToParent and RefToConversation = the incoming MsgId",
        received=problems,
    )


@then("the answer is UTF-8")
def answer_is_utf8(request: pytest.FixtureRequest, answer: Answer) -> None:
    requirement, problems = requirement_of(request), head_findings(request, answer)
    decodes = answers.decodes_as_utf8(answer)
    require(
        requirement,
        decodes and not problems,
        expected="UTF-8 bytes, and no XML declaration naming another encoding",
        received=f"decodes as UTF-8: {decodes}; {problems}",
    )
    require(
        requirement,
        answers.charset_is_utf8(answers.declared_charset(answer)),
        expected="a Content-Type without charset, or with charset UTF-8 (any spelling)",
        received=f"Content-Type {answer.exchange.response_headers.get('content-type')!r}",
        reading=readings.CHARSET,
    )


@then(parsers.re(r'SYSVAK refuses to take the message, naming "(?P<word>[^"]+)"'))
def refuses_to_take(request: pytest.FixtureRequest, answer: Answer, word: str) -> None:
    requirement, reason = requirement_of(request), answers.reason(answer)
    require(
        requirement,
        answers.refused(answer),
        expected="the message refused: HTTP 4xx, or an answer with Behandlingsresultat avvist",
        received=f"HTTP {answer.status}: {reason[:400]}",
    )
    require(
        requirement,
        answers.names(reason, word),
        expected=f'a reason naming "{word}" (any case)',
        received=f"HTTP {answer.status}: {reason[:400]}",
        reading=readings.NAMING,
    )


@then("both answers are one and the same answer")
def one_answer(request: pytest.FixtureRequest, answers: list[Answer]) -> None:
    requirement = requirement_of(request)
    ids = [a.message.view.msg_id.value if a.message else summary(a) for a in answers]
    require(requirement, all(a.message for a in answers), expected="an answer each time", received=ids)
    require(
        requirement,
        len(set(ids)) == 1,
        expected="the same answer (same answer MsgId) both times",
        received=ids,
        reading=readings.SAME_ANSWER,
    )


@then(parsers.re(r"the answer carries an? (?P<payload>\w+)"))
def carries(request: pytest.FixtureRequest, answer: Answer, payload: str) -> None:
    requirement, found = requirement_of(request), answer.message.payload if answer.message else None
    name = None if found is None else etree.QName(found)
    received = None if name is None else name.text
    bound = etree.QName(binding.tag(payload) if payload in binding.MESSAGES else payload)
    require(
        requirement,
        name is not None and name.localname == bound.localname,
        expected=payload,
        received=received,
    )
    require(
        requirement,
        name is not None and name.namespace == binding.namespace(),
        expected=f"{{{binding.namespace()}}}{bound.localname}",
        received=received,
        reading=readings.NAMESPACE,
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
        answers.taken_without_answer(answer),
        expected="the message taken (HTTP 2xx) with no answer MsgHead: it waits, no error is answered",
        received=summary(answer),
    )


@then("the answer cannot be collected yet")
def not_yet(request: pytest.FixtureRequest, sysvak: SysvakScenario, answer: Answer) -> None:
    collected = sysvak.client.collect_answer(answer.msg_id)
    require(
        requirement_of(request),
        not answers.answered(collected),
        expected="no answer MsgHead until the message has been processed",
        received=summary(collected),
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
    requirement = requirement_of(request)
    require(
        requirement,
        answers.refused(answer),
        expected="Behandlingsresultat avvist (or a refusal at the transport, HTTP 4xx)",
        received=summary(answer),
        reading=readings.REFUSAL.get(requirement, ""),
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
    requirement, result = requirement_of(request), answer.response.resultat if answer.response else None
    found = [m for m in (result.meldinger if result else ()) if m.alvorlighetsgrad == kind]
    require(
        requirement,
        result is not None and result.status == status and bool(found),
        expected=f"Status {status} with a Valideringsmelding ({kind})",
        received=result,
    )
    if element is not None:
        element = binding.bound_name(element)
        require(
            requirement,
            any(answers.names(f"{m.element or ''} {m.beskrivelse}", element) for m in found),
            expected=f'a Valideringsmelding ({kind}) naming "{element}" (any case)',
            received=result,
            reading=readings.NAMING,
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
    requirement, response = requirement_of(request), answer.response
    found = response.hendelse.aksjon if isinstance(response, HendelseResponse) and response.hendelse else None
    require(requirement, accepted(answer), expected="Behandlingsresultat akseptert", received=summary(answer))
    require(
        requirement,
        found == aksjon,
        expected=f'HendelseAksjon "{aksjon}" in the HendelseResponse',
        received=summary(answer),
        reading=readings.AKSJON,
    )

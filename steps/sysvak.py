"""Steps for features/sysvak: SYSVAK in KITH MsgHead (provider) and `konform validate sysvak` (consumer).

Given builds state (FolkeregisterFHI through the control API, hendelser through the
target) or a message; When makes one exchange; Then checks one thing and raises
NonConformance under the scenario's own @req tag. Phrases such as "a HendelseRequest
registering MMR on 2022-05-03 for 03852150024" are read by `steps.sysvak_phrases`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from pytest_bdd import given, parsers, when

from generators import sysvak as gen
from konform.sysvak import binding, embedded, messages, rules
from konform.sysvak.client import Answer, SysvakClient, SysvakControl, read_answer
from konform.sysvak.model import (
    SLETTET,
    HendelseRequest,
    Request,
    SokRequest,
)
from konform.targets import Endpoint, Target
from konform.validate import FileVerdict
from steps.binding_option import chosen_binding
from steps.sysvak_phrases import criteria, freg_row, request, vaksinand
from steps.sysvak_support import (
    DATE,
    NUMBER,
    SysvakScenario,
    holds,
    the_date,
)

#: The Then steps live beside this module; registering this one registers them.
pytest_plugins = ["steps.sysvak_then", "steps.sysvak_then_register", "steps.sysvak_then_search"]


# -- the target -------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def sysvak_endpoint(
    target: Target, pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Endpoint]:
    """SYSVAK under test: the embedded simulator for `sim`, else the profile's [<target>.sysvak].

    The run's `--binding` naming SYSVAK, else a profile's `binding` (files in its `schema`
    folder, else beside it), puts every message konform sends and reads in that schema.
    """
    profile = None if target.embedded else target.endpoint("sysvak")
    bound = chosen_binding(pytestconfig, "sysvak", profile)
    with binding.using(bound.load() if bound else binding.active()):
        running = embedded.start(tmp_path_factory.mktemp("sysvak")) if profile is None else None
        try:
            endpoint = running.endpoint if running is not None else target.endpoint("sysvak")
            yield bound.on(endpoint) if bound else endpoint
        finally:
            if running is not None:
                running.stop()


@pytest.fixture(scope="session")
def sysvak_session_control(sysvak_endpoint: Endpoint) -> Iterator[SysvakControl | None]:
    if not sysvak_endpoint.control_url:
        yield None
        return
    control = SysvakControl(sysvak_endpoint.control_url)
    yield control
    control.close()


@pytest.fixture
def sysvak(
    target: Target, sysvak_endpoint: Endpoint, sysvak_session_control: SysvakControl | None
) -> Iterator[SysvakScenario]:
    """Per scenario: a clean simulator (reset through the control API) when the target has one."""
    if sysvak_session_control is not None:
        sysvak_session_control.reset()
    with SysvakClient(sysvak_endpoint) as client:
        yield SysvakScenario(client, sysvak_session_control, synthetic=not target.embedded)


# -- Given: backend facts ---------------------------------------------------------------------------


@given("FolkeregisterFHI holds")
def freg_holds(sysvak: SysvakScenario, datatable: list[list[str]]) -> None:
    header, *rows = datatable
    sysvak.arrange().add_persons(*(freg_row(dict(zip(header, row, strict=True))) for row in rows))


@given(parsers.re(rf"FolkeregisterFHI holds the child {NUMBER}"))
def freg_holds_child(sysvak: SysvakScenario, number: str) -> None:
    sysvak.arrange().add_persons(
        freg_row(
            {
                "fødselsnummer": number,
                "fornavn": "Emil",
                "etternavn": "Hansen",
                "adresse": "Storgata 1",
                "postnummer": "0182",
                "kommune": "0301",
            }
        )
    )


@given(parsers.re(rf'FolkeregisterFHI now holds {NUMBER} named "(?P<fornavn>\S+) (?P<etternavn>[^"]+)"'))
def freg_now_holds(sysvak: SysvakScenario, number: str, fornavn: str, etternavn: str) -> None:
    sysvak.arrange().add_persons(
        freg_row({"fødselsnummer": number, "fornavn": fornavn, "etternavn": etternavn})
    )


@given(
    parsers.re(
        rf'{NUMBER} has since moved to "(?P<adresse>[^"]+)", (?P<postnummer>\d{{4}})'
        r" in kommune (?P<kommune>\d{4})"
    )
)
def has_moved(sysvak: SysvakScenario, number: str, adresse: str, postnummer: str, kommune: str) -> None:
    control = sysvak.arrange()
    person = next(
        p for p in control.call("GET", "/_konform/sysvak/persons")["persons"] if p["ident"] == number
    )
    row = {
        "fødselsnummer": number,
        "fornavn": person.get("fornavn", ""),
        "etternavn": person.get("etternavn", ""),
        "adresse": adresse,
        "postnummer": postnummer,
        "kommune": kommune,
    }
    control.add_persons(freg_row(row))


@given(parsers.re(rf"the guardians of {NUMBER} have reserved against vaccines outside the programme"))
def reserved(sysvak: SysvakScenario, number: str) -> None:
    sysvak.arrange().reserve(number)


@given(parsers.re(r"SYSVAK returns at most (?P<count>\d+) persons for a search"))
def at_most(sysvak: SysvakScenario, count: str) -> None:
    sysvak.arrange().settings(max_hits=int(count))


@given("an internal subsystem of SYSVAK is down")
def subsystem_down(sysvak: SysvakScenario) -> None:
    sysvak.arrange().set_subsystem(available=False)


@given("SYSVAK's mottak holds messages until it polls")
def mottak_held(sysvak: SysvakScenario) -> None:
    sysvak.arrange().hold_mottak(held=True)


@given(
    parsers.re(
        rf"SYSVAK holds a vaksinasjon (?P<code>[\w-]+) on {DATE}"
        r'(?: with Batchnummer "(?P<batch>[^"]*)")? for (?P<who>.+)'
    ),
    target_fixture="stored",
)
def holds_vaksinasjon(
    request: pytest.FixtureRequest, sysvak: SysvakScenario, code: str, date: str, batch: str | None, who: str
) -> HendelseRequest:
    event = gen.hendelse(code, the_date(date), batchnummer=batch or "A1")
    return holds(request, sysvak, gen.request_for(vaksinand(who), event))


@given(
    parsers.re(
        rf"the hendelse (?P<code>[\w-]+) on {DATE} for {NUMBER} has been deleted"
        r'(?: by the health unit (?P<unit>\d+) of type "(?P<kind>\w+)")?'
    )
)
def has_been_deleted(
    request: pytest.FixtureRequest,
    sysvak: SysvakScenario,
    code: str,
    date: str,
    number: str,
    unit: str | None,
    kind: str | None,
) -> None:
    event = gen.hendelse(code, the_date(date), aksjon=SLETTET)
    by = gen.Ident.unit(unit, kind or "HER") if unit else gen.UNIT
    holds(request, sysvak, gen.request_for(vaksinand(number), event, by))


# -- Given: messages --------------------------------------------------------------------------------


@given(parsers.re(r"(?P<phrase>an? (?:Hendelse|Sok|Kodeverk)Request\b.*)"), target_fixture="message")
def a_message(phrase: str) -> Request:
    return request(phrase)


@given(
    parsers.re(r"SYSVAK has been sent (?P<phrase>an? (?:Hendelse|Sok|Kodeverk)Request\b.*)"),
    target_fixture="answer",
)
def has_been_sent(sysvak: SysvakScenario, phrase: str) -> Answer:
    return sysvak.send(request(phrase))


@given(parsers.re(r"it is wrapped in a MsgHead(?P<variant>.*)"), target_fixture="vendor_message")
def wrapped(message: Request, variant: str) -> bytes:
    return gen.msghead(messages.request(message), variant)[0]


# -- When -------------------------------------------------------------------------------------------


@when("the message is sent", target_fixture="answer")
def send(sysvak: SysvakScenario, message: Request) -> Answer:
    return sysvak.send(message)


@when(
    parsers.re(r"the message is sent (?:in a MsgHead )?(?P<variant>(?:with|without|declared|from) .+)"),
    target_fixture="answer",
)
def send_variant(sysvak: SysvakScenario, message: Request, variant: str) -> Answer:
    body, msg_id = gen.msghead(messages.request(message), variant)
    return read_answer(msg_id, sysvak.client.post(body, title=f"MsgHead {variant}"))


@when("the message is sent twice with the same MsgId", target_fixture="answers")
def send_twice(sysvak: SysvakScenario, message: Request) -> list[Answer]:
    first = sysvak.send(message)
    return [first, sysvak.send(message, msg_id=first.msg_id)]


@when(
    parsers.re(r'the same hendelse is sent with (?P<attribute>\w+) "(?P<value>[^"]+)"'),
    target_fixture="answer",
)
def send_changed(sysvak: SysvakScenario, stored: HendelseRequest, attribute: str, value: str) -> Answer:
    event = stored.hendelse
    if attribute == "type":
        changed = gen.hendelse(event.vaksinekode, event.konsultasjonsdato, kind="ManglendeVaksinering")
    elif attribute == "konsultasjonsdato":
        changed = replace(event, konsultasjonsdato=the_date(value))
    else:
        changed = replace(event, **{attribute.lower(): value})
    return sysvak.send(replace(stored, hendelse=changed))


@when("the same hendelse is sent without Batchnummer", target_fixture="answer")
def send_without_batch(sysvak: SysvakScenario, stored: HendelseRequest) -> Answer:
    return sysvak.send(replace(stored, hendelse=replace(stored.hendelse, batchnummer=None)))


@when("the hendelse is deleted", target_fixture="answer")
def send_deletion(sysvak: SysvakScenario, stored: HendelseRequest) -> Answer:
    return sysvak.send(replace(stored, hendelse=stored.hendelse.with_aksjon(SLETTET)))


@when("the subsystem is back")
def subsystem_back(sysvak: SysvakScenario) -> None:
    sysvak.arrange().set_subsystem(available=True)


@when("SYSVAK polls its mottak and takes messages directly again")
def poll(sysvak: SysvakScenario) -> None:
    sysvak.arrange().hold_mottak(held=False)


@when("SYSVAK re-identifies its vaksinander uten ident")
def reidentify(sysvak: SysvakScenario) -> None:
    sysvak.arrange().reidentify()


@when(parsers.re(r"SYSVAK is searched for (?P<phrase>.+)"), target_fixture="answer")
def search(sysvak: SysvakScenario, phrase: str) -> Answer:
    return sysvak.send(SokRequest(gen.UNIT, criteria(phrase)))


@when("konform judges the message", target_fixture="verdict")
def judge(tmp_path: Path, vendor_message: bytes) -> FileVerdict:
    path = tmp_path / "message.xml"
    path.write_bytes(vendor_message)
    return rules.judge(path, rules.SideInputs())

"""Fuzzing SYSVAK's MsgHead endpoint (HendelseRequest, SokRequest, KodeverkRequest) and its answer queue.

SYSVAK's HTTP transport speaks no SOAP: a message it cannot take is a 400 with a text
reason, a message it takes is a 200 with an answer MsgHead. For every mutant: no
traceback, never a 5xx, a refusal stores nothing and leaves nothing waiting, an answer
is a readable MsgHead; a HendelseRequest answered "akseptert" came from a message the
rules of `konform validate sysvak` find no error in and stored exactly one hendelse,
"avvist" stored nothing, and a search or code-list request stores nothing; and a valid
request is served right after.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

import pytest
from fuzz_checks import ServerErrors, fuzzing, meta, must_fail, no_traceback, server_errors
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generators import sysvak as gen
from generators.mutations import XML_SAFE, byte_mutations, element_mutations
from konform.evidence import Exchange
from konform.sysvak import embedded, judging, messages, readers, rules
from konform.sysvak.client import SysvakClient, SysvakControl
from konform.sysvak.model import KodeverkRequest, Kriterier, Request, SokRequest, Vaksinand

LEVELS = ("bytes", "elements")
MMR = gen.hendelse("MMR", date(2022, 5, 3))
KODEVERK = gen.msghead(messages.request(KodeverkRequest(gen.UNIT, "9051")))[0]


@dataclass
class Fuzzed:
    client: SysvakClient
    control: SysvakControl
    errors: ServerErrors


@pytest.fixture(scope="module")
def sysvak(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fuzzed]:
    running = embedded.start(tmp_path_factory.mktemp("sysvak-fuzz"))
    control = SysvakControl(str(running.endpoint.control_url))
    with server_errors() as errors, SysvakClient(running.endpoint) as client:
        yield Fuzzed(client, control, errors)
    control.close()
    running.stop()


@dataclass(frozen=True)
class Case:
    """A person SYSVAK's Folkeregister knows (vaccinated once if `vaccinated`), and the mutant."""

    person: str
    vaccinated: bytes
    mutant: bytes


def superscript_dose() -> Case:
    """Found by fuzzing: Dosenummer "²" passed str.isdigit() and then broke int() with a traceback."""
    person = "03852150024"
    vaccination = gen.request_for(Vaksinand(gen.person_ident(person)), replace(MMR, dosenummer=1))
    message = gen.msghead(messages.request(vaccination))[0]
    mutant = message.replace(b"<Dosenummer>1</Dosenummer>", "<Dosenummer>²</Dosenummer>".encode())
    assert mutant != message
    return Case(person, b"", mutant)


SUPERSCRIPT_DOSE = superscript_dose()


def requests(kind: str, person: str) -> st.SearchStrategy[Request]:
    ident = gen.person_ident(person)
    if kind == "HendelseRequest":
        return gen.hendelser().map(lambda event: gen.request_for(Vaksinand(ident), event))
    if kind == "SokRequest":
        return st.just(SokRequest(gen.UNIT, Kriterier(person_ident=ident)))
    return st.sampled_from(("9051", "bostedsomrader")).map(lambda name: KodeverkRequest(gen.UNIT, name))


def cases(kind: str, level: str) -> st.SearchStrategy[Case]:
    @st.composite
    def build(draw: st.DrawFn) -> Case:
        person = draw(gen.official_numbers())
        message = gen.msghead(messages.request(draw(requests(kind, person))))[0]
        vaccination = gen.request_for(
            Vaksinand(gen.person_ident(person)), gen.hendelse("MMR", date(2022, 5, 3))
        )
        vaccinated = gen.msghead(messages.request(vaccination))[0] if kind == "SokRequest" else b""
        mutants = {
            "none": st.just(message),
            "bytes": byte_mutations(message),
            "elements": element_mutations(message),
        }
        return Case(person, vaccinated, draw(mutants[level]))

    return build()


def stored(sysvak: Fuzzed) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    return sysvak.control.events(), sysvak.control.uten_ident()


def accepted(exchange: Exchange) -> bool | None:
    """Whether a HendelseRequest's answer says akseptert (None: the answer is no HendelseResponse)."""
    message = rules.read_message(exchange.response_body, direction="out", utf8_only=False)
    assert message.payload is not None, "an answer MsgHead without a payload"
    response = readers.read_response(message.payload)
    assert response is not None, f"an answer SYSVAK's readers cannot read: {exchange.response_body[:300]!r}"
    resultat = getattr(response, "resultat", None)
    return None if resultat is None else resultat.status == "akseptert"


def check(sysvak: Fuzzed, kind: str, case: Case) -> None:
    sysvak.control.reset()
    sysvak.control.add_persons({"ident": case.person})
    if case.vaccinated:
        assert sysvak.client.post(case.vaccinated).status == 200
    before = stored(sysvak)
    logged = len(sysvak.errors.records)
    exchange = sysvak.client.post(case.mutant, title=f"{kind} (mutated)")
    no_traceback(sysvak.errors, logged)
    assert exchange.status in (200, 400), f"HTTP {exchange.status}: {exchange.response_body[:300]!r}"
    after = stored(sysvak)
    if exchange.status == 400:
        assert exchange.response_body.startswith(b"SYSVAK: "), exchange.response_body[:300]
        assert after == before, f"refused ({exchange.response_body[:200]!r}) and yet stored {after}"
        assert sysvak.control.call("GET", "/_konform/sysvak/mottak")["pending"] == [], (
            "a refusal left waiting"
        )
    elif kind == "HendelseRequest" and accepted(exchange):
        today = datetime.fromisoformat(sysvak.control.call("GET", "/_konform/clock")["now"]).date()
        message = rules.read_message(case.mutant, today=today)
        errors = [f.message for f in judging.findings(message) if f.severity == "error"]
        assert errors == [], f"akseptert for a message with errors: {errors}"
        assert len(after[0]) == len(before[0]) + 1, f"akseptert, stored {after[0]}"
    else:
        assert accepted(exchange) is not True or kind != "HendelseRequest"
        assert after == before, f"a {kind} answered without akseptert stored {after}"
    assert sysvak.client.post(KODEVERK).status == 200, "no longer serving"


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("kind", ["HendelseRequest", "KodeverkRequest", "SokRequest"])
def test_mutated_messages_never_break_sysvak(sysvak: Fuzzed, kind: str, level: str) -> None:
    @given(case=cases(kind, level))
    @fuzzing()
    def run(case: Case) -> None:
        check(sysvak, kind, case)

    (example(case=SUPERSCRIPT_DOSE)(run) if kind == "HendelseRequest" else run)()


def test_the_hendelse_requests_are_accepted_before_they_are_mutated(sysvak: Fuzzed) -> None:
    @given(case=cases("HendelseRequest", "none"))
    @settings(max_examples=3)
    def run(case: Case) -> None:
        sysvak.control.reset()
        sysvak.control.add_persons({"ident": case.person})
        assert accepted(sysvak.client.post(case.mutant)) is True

    run()


def test_any_msg_id_asked_for_gets_a_404_with_a_reason(sysvak: Fuzzed) -> None:
    @given(msg_id=st.text(XML_SAFE, min_size=1, max_size=80))
    @fuzzing()
    def run(msg_id: str) -> None:
        sysvak.control.reset()
        logged = len(sysvak.errors.records)
        exchange = sysvak.client.collect(msg_id)
        no_traceback(sysvak.errors, logged)
        assert exchange.status == 404, (exchange.status, exchange.response_body[:300])
        assert exchange.response_body.startswith(b"SYSVAK: "), exchange.response_body[:300]

    run()


@pytest.mark.filterwarnings("ignore:Generating overly large repr")
def test_the_fuzz_property_fails_against_a_sysvak_that_accepts_an_incomplete_head(sysvak: Fuzzed) -> None:
    @given(case=cases("HendelseRequest", "elements"))
    @meta()
    def run(case: Case) -> None:
        check(sysvak, "HendelseRequest", case)

    must_fail(run, sysvak.control, "accepts-incomplete-head", "akseptert for a message with errors")

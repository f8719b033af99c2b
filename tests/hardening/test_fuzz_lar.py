"""Fuzzing LAR's three operations under DGWS: mutated bodies behind a correctly signed ID card.

Most mutations stay inside the SOAP Body, so the request reaches the body checks with a
valid level-4 card and its own MessageID; the others change the Header (the card, the
medcom:Header). For every mutant: no traceback, every 5xx a SOAP 1.1 fault with HTTP
500, a fault stores and logs nothing, a reply answers the request's MessageID, a
Success of Register or Update came from a body the correct LAR finds no error in and
stored exactly one new version, any other reply stored nothing; and a valid Register
is served right after.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from fuzz_checks import (
    SOAP_BODY,
    SOAP_HEADER,
    ServerErrors,
    fuzzing,
    meta,
    must_fail,
    no_traceback,
    server_errors,
    soap_answer,
    soap_body_span,
)
from hypothesis import example, given, settings
from hypothesis import strategies as st
from lxml import etree

from generators import identifiers as ids
from generators.lar import allergies, criteria
from generators.mutations import byte_mutations, element_mutations
from konform import soap, xml
from konform.dgws import header
from konform.dgws.namespaces import MEDCOM, q
from konform.lar import embedded, model
from konform.lar.behaviour import LarBehaviour
from konform.lar.cards import Cards
from konform.lar.client import LarClient, LarControl, reply_of
from konform.lar.model import GET, REGISTER, UPDATE, Operation
from tests.lar.lar_helpers import allergy

OPERATIONS = {op.name: op for op in (REGISTER, UPDATE, GET)}
#: bytes and elements of the Body; elements of the Header (the ID card, medcom:Header) too
LEVELS = ("bytes", "elements", "header")


@dataclass(frozen=True)
class Case:
    """A valid request to post first (empty: none), then the mutant and its MessageID."""

    setup: bytes
    mutant: bytes
    message_id: str


@dataclass
class Fuzzed:
    client: LarClient
    control: LarControl
    card: etree._Element
    errors: ServerErrors


@pytest.fixture(scope="module")
def lar(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fuzzed]:
    running = embedded.start(tmp_path_factory.mktemp("lar-fuzz"))
    card = Cards(running.endpoint).card(4)
    control = LarControl(str(running.endpoint.control_url))
    with server_errors() as errors, LarClient(running.endpoint, card) as client:
        yield Fuzzed(client, control, card, errors)
    control.close()
    running.stop()


def request(operation: Operation, content: etree._Element, card: etree._Element, message_id: str) -> bytes:
    return header.wrap(model.request_xml(operation, copy.deepcopy(content)), card, message_id=message_id)


def mutant(level: str, message: bytes) -> st.SearchStrategy[bytes]:
    if level == "none":
        return st.just(message)
    if level == "bytes":
        return byte_mutations(message, soap_body_span(message))
    return element_mutations(message, SOAP_HEADER if level == "header" else SOAP_BODY)


def cases(operation: Operation, level: str, card: etree._Element) -> st.SearchStrategy[Case]:
    @st.composite
    def build(draw: st.DrawFn) -> Case:
        patient = draw(ids.cprs())
        registered = draw(allergies(patient=patient, status="active"))
        setup = b"" if operation is REGISTER else request(REGISTER, registered, card, header.new_message_id())
        content = {
            REGISTER: registered,
            UPDATE: versioned(registered, 1),
            GET: draw(criteria(patient=patient)),
        }[operation]
        message_id = header.new_message_id()
        return Case(setup, draw(mutant(level, request(operation, content, card, message_id))), message_id)

    return build()


def versioned(allergy: etree._Element, version: int) -> etree._Element:
    update = copy.deepcopy(allergy)
    model.put(update, "versionId", str(version))
    return update


def superscript_version(card: etree._Element) -> Case:
    """Found by fuzzing: versionId "²" passed str.isdigit() and then broke int() with a traceback."""
    registered = allergy()
    update = copy.deepcopy(registered)
    model.put(update, "versionId", "²")
    message_id = header.new_message_id()
    setup = request(REGISTER, registered, card, header.new_message_id())
    return Case(setup, request(UPDATE, update, card, message_id), message_id)


def body_payload(body: bytes) -> etree._Element | None:
    try:
        return soap.parse(body).payload
    except soap.Fault:
        return None


def check(lar: Fuzzed, operation: Operation, case: Case) -> None:
    lar.control.reset()
    if case.setup:
        assert lar.client.post(case.setup, action=REGISTER.name).status_code == model.SUCCESS
    before, logged_before = lar.control.stored(), lar.control.minlog()
    logged = len(lar.errors.records)
    exchange = lar.client.post(
        case.mutant, title=f"{operation.name} (mutated)", action=operation.name
    ).exchange
    no_traceback(lar.errors, logged)
    fault = soap_answer(exchange.status, exchange.response_body)
    after = lar.control.stored()
    if fault is not None:
        assert after == before, f"a fault ({fault[1][:200]}) and yet stored {after}"
        assert lar.control.minlog() == logged_before, f"a fault ({fault[1][:200]}) and yet logged an access"
    else:
        sent = (xml.parse(case.mutant).findtext(f".//{q(MEDCOM, 'MessageID')}") or "").strip()
        reply = reply_of(exchange, sent)
        assert reply.in_response_to == sent, f"a reply to {reply.in_response_to}, not to {sent}"
        if operation is not GET and reply.status_code == model.SUCCESS:
            payload = body_payload(case.mutant)
            assert payload is not None
            errors = [problem.message for problem in LarBehaviour().problems(payload, operation)]
            assert errors == [], f"answered Success and stored a body with errors: {errors}"
            new = [version for version in after if version not in before]
            assert len(after) == len(before) + 1 and len(new) == 1, f"one Success, stored {new}"
        else:
            assert after == before, f"answered {reply.status_code} and yet stored {after}"
    assert lar.client.send(REGISTER, allergy()).status_code == model.SUCCESS, "no longer serving"


Run = Callable[[], None]


def fuzz(lar: Fuzzed, operation: Operation, level: str, config: settings) -> Run:
    @given(case=cases(operation, level, lar.card))
    @config
    def run(case: Case) -> None:
        check(lar, operation, case)

    return example(case=superscript_version(lar.card))(run) if operation is UPDATE else run


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_mutated_lar_requests_never_break_lar(lar: Fuzzed, operation: str, level: str) -> None:
    fuzz(lar, OPERATIONS[operation], level, fuzzing())()


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_the_requests_are_valid_before_they_are_mutated(lar: Fuzzed, operation: str) -> None:
    @given(case=cases(OPERATIONS[operation], "none", lar.card))
    @settings(max_examples=3)
    def run(case: Case) -> None:
        lar.control.reset()
        if case.setup:
            lar.client.post(case.setup, action=REGISTER.name)
        reply = lar.client.post(case.mutant, action=operation, message_id=case.message_id)
        assert reply.status_code == model.SUCCESS, reply.summary()

    run()


@pytest.mark.filterwarnings("ignore:Generating overly large repr")
def test_the_fuzz_property_fails_against_a_lar_that_accepts_unknown_code_systems(lar: Fuzzed) -> None:
    run = fuzz(lar, REGISTER, "elements", meta())
    must_fail(
        run, lar.control, "accepts-unknown-code-system", "answered Success and stored a body with errors"
    )

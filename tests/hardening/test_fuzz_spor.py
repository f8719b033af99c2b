"""Fuzzing SPOR's postRegistration over mutual TLS: mutated requests never break the simulator.

For every mutant of a valid request: no traceback, every 5xx a SOAP 1.1 fault with HTTP
500 (a request that reaches the schema check gets §7.2.2's "Unmarshalling Error"), a
fault stores nothing, an accepted request was schema-valid and each registration it
was answered OK for is stored once; and a valid request is served right after.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from fuzz_checks import ServerErrors, fuzzing, meta, must_fail, no_traceback, server_errors, soap_answer
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from generators.mutations import byte_mutations, element_mutations
from generators.spor import exports, registrations, serialize
from konform import soap, xml
from konform.spor import embedded, schema
from konform.spor.behaviour import LUCKADES, MISSLYCKADES
from konform.spor.client import SporClient, SporControl, answer_of, envelope
from konform.spor.model import REQUEST, registration_xml

Level = Callable[[bytes], st.SearchStrategy[bytes]]
LEVELS: dict[str, Level] = {"bytes": byte_mutations, "elements": element_mutations}
FOLLOW_UP = registration_xml(
    recipientMessageSplit="SPOR",
    systemId=embedded.DEFAULT_UNIT,
    behandlingsnummer="2200054",
    personnummer="191212121212",
)


@dataclass
class Fuzzed:
    client: SporClient
    control: SporControl
    errors: ServerErrors


@pytest.fixture(scope="module")
def spor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fuzzed]:
    running = embedded.start(tmp_path_factory.mktemp("spor-fuzz"))
    control = SporControl(str(running.endpoint.control_url), running.pki.ca)
    with server_errors() as errors, SporClient(running.endpoint) as client:
        yield Fuzzed(client, control, errors)
    control.close()
    running.stop()


def mutants(level: Level) -> st.SearchStrategy[bytes]:
    return registrations(unit=embedded.DEFAULT_UNIT).map(lambda r: envelope([r])).flatmap(level)


def request_payload(body: bytes) -> etree._Element | None:
    try:
        return soap.parse(body).payload
    except soap.Fault:
        return None


def check(spor: Fuzzed, mutant: bytes) -> None:
    spor.control.reset()
    logged = len(spor.errors.records)
    exchange = spor.client.post(mutant, title="postRegistration (mutated)")
    no_traceback(spor.errors, logged)
    fault = soap_answer(exchange.status, exchange.response_body)
    stored = [row["behandlingsnummer"] for row in spor.control.registrations()]
    payload = request_payload(mutant)
    if fault is not None:
        assert stored == [], f"a fault ({fault[1][:200]}) and yet stored {stored}"
        if payload is not None and payload.tag == REQUEST:
            documented = fault[1].startswith("Unmarshalling Error: ")
            assert documented, f"a schema fault without §7.2.2's text: {fault[1]}"
    else:
        assert payload is not None
        error = schema.unmarshalling_error(payload)
        assert error is None, f"answered 200 and stored {stored} for a schema-invalid request: {error}"
        accepted = {r.behandlingsnummer for r in answer_of(exchange).results if r.code == "OK"}
        assert sorted(stored) == sorted(accepted), f"answered OK for {sorted(accepted)}, stored {stored}"
    [result] = spor.client.post_registrations([FOLLOW_UP])
    assert result.code == "OK", f"no longer serving a valid request: {result}"


def uploads(level: Level) -> st.SearchStrategy[bytes]:
    return exports(size=(1, 3), unit=embedded.DEFAULT_UNIT).map(serialize).flatmap(level)


def check_upload(spor: Fuzzed, mutant: bytes) -> None:
    """§3.2: an export is taken whole ("lyckades") or not at all ("misslyckades: <reason>")."""
    spor.control.reset()
    logged = len(spor.errors.records)
    exchange = spor.client.upload(mutant)
    no_traceback(spor.errors, logged)
    text = exchange.response_body.decode("utf-8")
    stored = sorted(row["behandlingsnummer"] for row in spor.control.registrations())
    if exchange.status == 200 and text == LUCKADES:
        root = xml.parse(mutant)
        assert root.tag == REQUEST and schema.unmarshalling_error(root) is None, (
            "lyckades for an invalid file"
        )
        sent = sorted({(e.text or "").strip() for e in root.iter(f"{{{schema.NS}}}behandlingsnummer")})
        assert stored == sent, f"lyckades, stored {stored} of {sent}"
    else:
        assert (exchange.status, text[: len(MISSLYCKADES)]) == (400, MISSLYCKADES), (
            exchange.status,
            text[:300],
        )
        assert stored == [], f"misslyckades ({text[:200]}) and yet stored {stored}"
    [result] = spor.client.post_registrations([FOLLOW_UP])
    assert result.code == "OK", f"no longer serving a valid request: {result}"


@pytest.mark.parametrize("level", sorted(LEVELS))
def test_mutated_upload_is_taken_whole_or_not_at_all(spor: Fuzzed, level: str) -> None:
    @given(mutant=uploads(LEVELS[level]))
    @fuzzing()
    def fuzz(mutant: bytes) -> None:
        check_upload(spor, mutant)

    fuzz()


@pytest.mark.parametrize("level", sorted(LEVELS))
def test_mutated_post_registration_never_breaks_spor(spor: Fuzzed, level: str) -> None:
    @given(mutant=mutants(LEVELS[level]))
    @fuzzing()
    def fuzz(mutant: bytes) -> None:
        check(spor, mutant)

    fuzz()


def test_the_requests_are_valid_before_they_are_mutated(spor: Fuzzed) -> None:
    @given(request=mutants(st.just))
    @settings(max_examples=3)
    def run(request: bytes) -> None:
        spor.control.reset()
        results = answer_of(spor.client.post(request)).results
        assert [result.code for result in results] == ["OK"], results

    run()


#: The two write operations: mutants of which valid messages, and the property each must hold.
PROPERTIES: dict[str, tuple[Callable[[Level], st.SearchStrategy[bytes]], Callable[[Fuzzed, bytes], None]]] = {
    "postRegistration": (mutants, check),
    "upload": (uploads, check_upload),
}


@pytest.mark.filterwarnings("ignore:Generating overly large repr")
@pytest.mark.parametrize(
    ("profile", "operation", "changes", "caught"),
    [
        ("schema-error-200", "postRegistration", (), "a SOAP fault with HTTP 200"),
        # that profile differs only on an empty element: a bounded run must meet one
        ("accepts-empty-elements", "postRegistration", ("empty",), "for a schema-invalid request"),
        ("upload-always-lyckades", "upload", (), "lyckades for an invalid file"),
    ],
)
def test_the_fuzz_property_fails_against_a_broken_spor(
    spor: Fuzzed, profile: str, operation: str, changes: tuple[str, ...], caught: str
) -> None:
    strategy, holds = PROPERTIES[operation]

    @given(mutant=strategy(lambda message: element_mutations(message, changes=changes)))
    @meta()
    def fuzz(mutant: bytes) -> None:
        holds(spor, mutant)

    must_fail(fuzz, spor.control, profile, caught)

"""A reply konform cannot read fails the call that got it; nothing of it reaches a later scenario.

A tiny server stands in for a LAR that answers garbage: the client raises UnreadableReply
(LAR-4.1.2-REPLY) for that call, quoting the raw reply, instead of zeep's own exception or
an empty reply that a later check (or scenario) would trip over. A reply with an element
konform's WSDL does not know is read, not refused. And scenarios against a target that
keeps its data never send the same patient, so one scenario cannot read what another left.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from lar_helpers import allergy, example_bytes, example_content

from generators import lar_broken
from konform import runseed
from konform.identifiers import dk_cpr
from konform.lar import embedded, model, schema
from konform.lar.cards import Cards
from konform.lar.client import LarClient
from konform.outcomes import _nonconformances
from konform.replies import UnreadableReply
from konform.targets import Endpoint
from steps.lar import LarScenario
from steps.lar_machine import kept_apart
from steps.lar_patients import Patients

GET_REPLY = example_bytes("get-response")
#: The guide's Get reply with an element no table of the guide lists (zeep refuses to read it).
EXTENDED = GET_REPLY.replace(b"<ns8:recorder>", b"<ns8:asserter>Dr. Hansen</ns8:asserter> <ns8:recorder>")

GARBAGE = {
    "an HTML error page": (200, "text/html", b"<html><body><h1>Service Unavailable</h1></body></html>"),
    "plain text with HTTP 500": (500, "text/plain", b"java.lang.NullPointerException at LarService"),
    "a truncated envelope": (200, "text/xml", GET_REPLY[:300]),
    "an empty body": (200, "text/xml", b""),
    "an envelope without ReplyStatus": (
        200,
        "text/xml",
        b'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">'
        b"<soap:Body><answer>ok</answer></soap:Body></soap:Envelope>",
    ),
}


class Canned:
    """A server that answers every POST with the status, content type and body it is given."""

    def __init__(self) -> None:
        self.answer: tuple[int, str, bytes] = (200, "text/xml", GET_REPLY)
        canned = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                status, content_type, body = canned.answer
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_: object) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/lar/MedicationAllergyService"


@pytest.fixture
def canned() -> Iterator[Canned]:
    server = Canned()
    thread = threading.Thread(target=server.server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()
    thread.join()


@pytest.fixture
def client_of(canned: Canned, lar_sim: embedded.RunningLar) -> Iterator[LarClient]:
    """A level-4 client of the canned server (cards from the embedded simulator's test STS)."""
    endpoint = Endpoint(url=canned.url, options=lar_sim.endpoint.options)
    with LarClient(endpoint, Cards(endpoint).card(4)) as client:
        yield client


CALLS = {
    "zeep (GetPatientAllergyList)": lambda c: c.get(model.criteria_xml(patient="1601010020")),
    "zeep (RegisterPatientAllergy)": lambda c: c.register(example_content("register-request")),
    "a hand-built request": lambda c: c.send(model.REGISTER, example_content("register-request")),
}


@pytest.mark.parametrize("garbage", sorted(GARBAGE))
@pytest.mark.parametrize("call", sorted(CALLS))
def test_an_unreadable_reply_fails_the_call_that_got_it_quoting_the_raw_reply(
    canned: Canned, client_of: LarClient, garbage: str, call: str
) -> None:
    canned.answer = GARBAGE[garbage]
    with pytest.raises(UnreadableReply) as raised:
        CALLS[call](client_of)
    failure = raised.value
    assert failure.requirement == schema.REPLY
    assert [nc.requirement for nc in _nonconformances(failure)] == [schema.REPLY]  # what --outcomes names
    assert failure.exchange.response_body == GARBAGE[garbage][2]
    assert repr(GARBAGE[garbage][2][:40].decode())[1:-1] in str(failure)


def test_a_reply_with_an_element_konform_does_not_know_is_read_not_refused(
    canned: Canned, client_of: LarClient
) -> None:
    canned.answer = (200, "text/xml; charset=utf-8", EXTENDED)
    reply = client_of.get(model.criteria_xml(patient="1601010020"))
    assert (reply.status_code, [(a.identifier, a.version) for a in reply.allergies]) == (
        model.SUCCESS,
        [("494de20b-32ec-4955-8886-5514bd063c25", 1)],
    )


def test_a_fault_is_an_answer_not_an_unreadable_reply(canned: Canned, client_of: LarClient) -> None:
    fault = (
        b'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault>'
        b"<faultcode>soap:Client</faultcode><faultstring>Ugyldig forespoergsel</faultstring>"
        b"</soap:Fault></soap:Body></soap:Envelope>"
    )
    canned.answer = (500, "text/xml", fault)
    reply = client_of.get(model.criteria_xml(patient="1601010020"))
    assert (reply.http_status, reply.fault_string, reply.unreadable) == (500, "Ugyldig forespoergsel", None)


# -- nothing reaches a later scenario --------------------------------------------------------------


def scenario(endpoint: Endpoint, patients: Patients) -> LarScenario:
    """A scenario's view of a target without a control API (one that keeps its data)."""
    return LarScenario(endpoint, None, Cards(endpoint), patients)


def test_scenarios_against_a_target_that_keeps_its_data_never_share_a_patient(
    lar_sim: embedded.RunningLar,
) -> None:
    endpoint = Endpoint(url=lar_sim.endpoint.url, options=lar_sim.endpoint.options)
    patients = Patients()  # one per session, as the lar_patients fixture
    first, later = scenario(endpoint, patients), scenario(endpoint, patients)
    # What a derandomized draw gives every scenario alike: the same patient and identifier.
    content = allergy("0101405000", onsetDateTime=None)
    identifier = model.Allergy(content).identifier
    drawn = lar_broken.Broken(
        model.REGISTER, content, schema.REQUIRED, "onsetDateTime", "0101405000", identifier
    )
    sent = [
        [s.patient("1601010020"), s.fresh_patient(), s.fresh_patient(), kept_apart(s, drawn).patient]
        for s in (first, later)
    ]
    assert not set(sent[0]) & set(sent[1]), sent
    assert drawn.patient not in sent[0] + sent[1]
    for number in sent[0] + sent[1]:
        assert dk_cpr.get_birth_date(number).year >= 2040, number  # synthetic: nobody is born yet


def test_the_run_seed_picks_the_patients_and_a_seed_draws_them_again(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runseed, "_seed", 1234)
    once, again = Patients(), Patients()
    monkeypatch.setattr(runseed, "_seed", 98765)
    other = Patients()
    drawn = [[p.next() for _ in range(3)] for p in (once, again, other)]
    assert drawn[0] == drawn[1]
    assert not set(drawn[0]) & set(drawn[2])


def test_a_session_draws_tens_of_thousands_of_distinct_valid_synthetic_patients() -> None:
    patients = Patients()
    drawn = [patients.next() for _ in range(30_000)]
    assert len(set(drawn)) == len(drawn)
    for number in drawn[::997]:
        assert dk_cpr.validate(number, allow_future_birth_date=True) == number
        assert dk_cpr.get_birth_date(number).year >= 2040

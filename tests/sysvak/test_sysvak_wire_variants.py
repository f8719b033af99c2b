"""SYSVAK answers written differently from konform's simulator are read as the same answers.

The `independent` behaviour is a correct SYSVAK that spells every open wire detail the
other way: `Content-Type: Text/XML; Charset="UTF-8"`, refusals as HTTP 422 in capitals,
a waiting message answered with a note, its own Valideringsmelding codes. konform must
read its answers as it reads its own simulator's.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from datetime import date

import pytest

from generators import sysvak as gen
from konform.evidence import Exchange, Headers
from konform.recording import RecordingSession, content_type
from konform.sysvak import answers, messages
from konform.sysvak.client import SysvakClient, SysvakControl, read_answer
from konform.sysvak.model import HendelseResponse, KodeverkRequest, Kriterier, SokRequest, Vaksinand
from konform.targets import Endpoint
from steps.sysvak_phrases import criteria

CHILD = "03852150024"


@pytest.fixture
def independent(sysvak_ctl: SysvakControl) -> Iterator[SysvakControl]:
    sysvak_ctl.select_profile("independent")
    yield sysvak_ctl
    sysvak_ctl.select_profile("correct")


class _JavaStyle(http.server.BaseHTTPRequestHandler):
    """Answers as a Java or .NET server does: header names capitalised."""

    def do_GET(self) -> None:
        body = "<?xml version='1.0' encoding='UTF-8'?><a>æøå</a>".encode()
        self.send_response(200)
        self.send_header("Content-Type", 'application/xml; charset="UTF-8"')
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def java_style_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _JavaStyle)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_a_recorded_answer_finds_content_type_however_the_server_spells_the_name(
    java_style_server: str,
) -> None:
    session = RecordingSession(Endpoint(url=java_style_server))
    try:
        exchange = session.exchange("GET", "GET", java_style_server)
    finally:
        session.close()
    assert "Content-Type" in dict(exchange.response_headers)  # kept as the server spelt it
    for name in ("content-type", "Content-Type", "CONTENT-TYPE"):
        assert exchange.response_headers.get(name) == 'application/xml; charset="UTF-8"'
        assert name in exchange.response_headers
    assert content_type(exchange.response_headers["content-type"]).charset == "utf-8"


def test_headers_given_to_an_exchange_in_any_form_are_looked_up_without_case() -> None:
    exchange = Exchange("t", "http://x", response_headers={"Content-Type": "text/xml"})
    exchange.request_headers = {"SOAPAction": '""'}
    assert exchange.response_headers["content-type"] == "text/xml"
    assert exchange.request_headers.get("soapaction") == '""'
    headers = Headers({"Content-Type": "a"})
    headers["content-type"] = "b"
    assert dict(headers) == {"content-type": "b"}  # one field, the last spelling wins
    assert headers.get("x-missing", "none") == "none"


@pytest.mark.parametrize(
    ("value", "utf8"),
    [
        ("application/xml; charset=utf-8", True),
        ('text/xml; charset="UTF-8"', True),
        ("Application/XML; Charset=UTF-8", True),
        ("text/xml;charset=utf8", True),
        ("application/xml", True),  # no charset: the XML declaration decides (RFC 7303)
        ("application/xml; charset=ISO-8859-1", False),
        ('text/xml; foo="a;b"; CHARSET="windows-1252"', False),
    ],
)
def test_a_content_type_is_parsed_not_compared_as_a_string(value: str, utf8: bool) -> None:
    assert answers.charset_is_utf8(content_type(value).charset) is utf8


def test_the_independent_sysvak_sends_its_own_spelling_and_konform_reads_it_as_utf8(
    sysvak_cli: SysvakClient, independent: SysvakControl
) -> None:
    answer = sysvak_cli.send(KodeverkRequest(gen.UNIT, "bostedsomrader"))
    assert dict(answer.exchange.response_headers)["Content-Type"] == 'Text/XML; Charset="UTF-8"'
    assert answer.exchange.response_body.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    assert answers.decodes_as_utf8(answer)
    assert answers.declared_charset(answer) == "utf-8"
    assert answer.message is not None and answer.response is not None


def test_a_refusal_in_capitals_with_another_status_is_a_refusal_naming_the_message_type(
    sysvak_cli: SysvakClient, independent: SysvakControl
) -> None:
    body, msg_id = gen.msghead(
        messages.request(SokRequest(gen.UNIT, criteria(f"fødselsnummer {CHILD}"))),
        'with MsgInfo/Type "KODEVERKREQUEST"',
    )
    answer = read_answer(msg_id, sysvak_cli.post(body))
    assert answer.status == 422
    assert "KodeverkRequest" not in answers.reason(answer)  # the case konform's own simulator writes
    assert answers.refused(answer)
    assert answers.names(answers.reason(answer), "KodeverkRequest")
    assert not answers.names(answers.reason(answer), "HendelseRequest")


def test_a_waiting_message_answered_with_a_note_is_taken_without_an_answer(
    sysvak_cli: SysvakClient, independent: SysvakControl
) -> None:
    independent.add_persons({"ident": CHILD})
    independent.set_subsystem(available=False)
    waiting = sysvak_cli.send(
        gen.request_for(Vaksinand(gen.person_ident(CHILD)), gen.hendelse("MMR", date(2022, 5, 3)))
    )
    assert (waiting.status, waiting.exchange.response_body != b"") == (202, True)
    assert answers.taken_without_answer(waiting)
    not_yet = sysvak_cli.collect_answer(waiting.msg_id)
    assert not_yet.status == 204 and not answers.answered(not_yet)
    independent.set_subsystem(available=True)
    later = sysvak_cli.collect_answer(waiting.msg_id)
    assert answers.answered(later) and isinstance(later.response, HendelseResponse)


def test_search_cases_named_in_words_with_other_codes_are_recognised(
    sysvak_cli: SysvakClient, independent: SysvakControl
) -> None:
    answer = sysvak_cli.send(SokRequest(gen.UNIT, Kriterier(person_ident=gen.person_ident(CHILD))))
    assert answer.response is not None
    notes = [f"{m.kode} {m.beskrivelse}" for m in answer.response.resultat.meldinger]
    assert not any("INGEN_TREFF" in note for note in notes)
    assert answers.search_case_named(notes, "INGEN TREFF")
    assert not answers.search_case_named(notes, "ETT TREFF")


@pytest.mark.parametrize(
    ("status", "refusal"), [(400, True), (413, True), (422, True), (404, False), (403, False)]
)
def test_only_a_4xx_about_the_message_is_a_refusal_of_it(status: int, refusal: bool) -> None:
    """A wrong URL (404) or missing access (403) must not pass for SYSVAK refusing a bad message."""
    exchange = Exchange("POST", "http://x", status=status, response_body=b"MsgType")
    assert answers.refused(read_answer("m1", exchange)) is refusal

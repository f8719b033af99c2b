"""SPOR's checks say the guide's words apart from konform's readings, and accept what the guide allows.

Each test here is a correct export, answer or page written differently from konform's own
(a local time, a resend that clears a variable, an HTML upload page, an ERROR instead of a
SOAP fault), or a finding that must name the reading it rests on.
"""

from __future__ import annotations

import io

import pytest
from lxml import etree

from generators import spor as gen
from konform.checks import Finding, apply_readings
from konform.evidence import Exchange
from konform.identifiers import se_hsaid, se_identity
from konform.spor import page, readings, rules
from konform.spor.client import Answer, answer_of
from konform.spor.model import registration_xml, request_xml
from konform.spor.side import SideInputs


def example(**changes: str | list[str] | None) -> etree._Element:
    values: dict[str, str | list[str] | None] = {
        "recipientMessageSplit": "SPOR",
        "systemId": gen.UNIT,
        "behandlingsnummer": "2200054",
        "personnummer": "191212121212",
        "planeringstidpunkt": "2022-04-12T08:00:00+01:00",
        "operationsanmalan": "2022-04-01T09:12:00+01:00",
        "anlantOperationsavdelning": "2022-04-13T13:10:00+01:00",
        "operationsstart": "2022-04-13T13:54:22+01:00",
        "operationsslut": "2022-04-13T15:02:00+01:00",
        "atgarder": ["JAB30"],
        "kommentar": "Planerad operation",
    }
    return registration_xml(**{**values, **changes})


def judged(*registrations: etree._Element, side: SideInputs | None = None, **request: str) -> list[Finding]:
    data = gen.serialize(request_xml(registrations, export_time=request.get("export_time", gen.NIGHT)))
    return rules.judge_stream(io.BytesIO(data), side or SideInputs()).findings


def of(findings: list[Finding], requirement: str) -> list[tuple[str, str]]:
    return [(f.severity, f.basis) for f in findings if f.requirement == requirement]


# -- §6.5: a resend replaces the registration whole -------------------------------------------


def test_a_resend_that_leaves_a_variable_out_is_no_finding() -> None:
    """§6.5 "ersätter all befintligt data" and §7.1 "skall inte tomma XML-taggar skickas med"."""
    assert judged(example(), example(kommentar=None, atgarder=None)) == []


def test_an_unchanged_resend_is_still_a_warning_of_the_guide() -> None:
    """§6.5 "bör endast registreringar som förändrats sedan senaste sändningen skickas om"."""
    assert of(judged(example(), example()), "SPOR-6.5-REPLACE") == [("warning", "document")]


# -- §6.2 and §6.4: "bör", with examples -------------------------------------------------------


def test_a_missing_qualifying_treatment_rests_on_konforms_reading() -> None:
    side = SideInputs(treatments={"2200054": frozenset({310}), "2200055": frozenset({310})})
    findings = judged(example(), side=side)
    assert of(findings, "SPOR-6.2-INCL") == [("error", "reading")]
    [lenient] = apply_readings([f for f in findings if f.requirement == "SPOR-6.2-INCL"], "lenient")
    assert lenient.severity == "warning" and readings.INCLUSION in lenient.message


def test_a_missing_aborted_operation_rests_on_konforms_reading() -> None:
    side = SideInputs(treatments={"2200054": frozenset({310}), "2200056": frozenset({310, 540})})
    assert of(judged(example(), side=side), "SPOR-6.4-ABORTED") == [("error", "reading")]


def test_a_treatment_with_only_585_qualifies_for_the_export() -> None:
    """§6.2's variables are examples: left the operating department shows the patient arrived."""
    side = SideInputs(treatments={"2200054": frozenset({310}), "2200057": frozenset({585})})
    assert of(judged(example(), side=side), "SPOR-6.2-INCL") == [("error", "reading")]


def test_a_registration_showing_no_condition_is_a_reading_warning() -> None:
    bare = registration_xml(
        recipientMessageSplit="SPOR", systemId=gen.UNIT, behandlingsnummer="1", personnummer="191212121212"
    )
    assert of(judged(bare), "SPOR-6.2-INCL") == [("warning", "reading")]


# -- §7.1: ISO 8601:2004 -----------------------------------------------------------------------


def test_a_local_time_is_iso_8601_and_only_konforms_reading_asks_for_an_offset() -> None:
    findings = judged(example(operationsanmalan="2022-04-01T09:12:00"))
    assert of(findings, "SPOR-7.1-DATES") == [("error", "reading")]
    assert [f.severity for f in apply_readings(findings, "lenient")] == ["warning"]
    assert [f.severity for f in apply_readings(findings, "strict")] == ["error"]


def test_a_local_export_time_is_a_reading_too() -> None:
    findings = judged(example(), export_time="2022-04-14T02:30:00")
    assert of(findings, "SPOR-7.1-DATES") == [("error", "reading")]
    assert of(findings, "SPOR-6.1-NIGHTLY") == []  # 02:30 local time is before 04:00


def test_the_basic_form_is_iso_8601_and_a_reading_while_13_04_2022_is_not_iso_8601() -> None:
    assert of(judged(example(operationsdatum="20220413")), "SPOR-7.1-DATES") == [("error", "reading")]
    assert of(judged(example(operationsdatum="13/04/2022")), "SPOR-7.1-DATES") == [("error", "document")]


def test_local_times_compare_with_each_other_on_the_fellista() -> None:
    local = example(
        operationsanmalan=None,
        anlantOperationsavdelning=None,
        operationsstart="2022-04-13T13:54:22",
        operationsslut="2022-04-13T12:00:00",
    )
    assert rules.fellista_reasons(local) == [
        "Operationsslut 2022-04-13T12:00:00 är före operationsstart 2022-04-13T13:54:22"
    ]


def test_the_fellista_example_of_the_guide_is_its_words_and_other_orders_konforms_reading() -> None:
    slut_before_start = judged(example(operationsslut="2022-04-13T12:00:00+01:00"))
    assert of(slut_before_start, "SPOR-7.3-FELLISTA") == [("warning", "document")]
    start_before_arrival = judged(example(operationsstart="2022-04-13T13:00:00+01:00"))
    assert of(start_before_arrival, "SPOR-7.3-FELLISTA") == [("warning", "reading")]


# -- §7.1: personnummer, samordningsnummer, HSA-ID ---------------------------------------------


@pytest.mark.parametrize("number", ["191500722390", "191711602399"])
def test_skatteverkets_test_samordningsnummer_with_month_or_day_00_are_valid(number: str) -> None:
    assert se_identity.is_valid(number)
    assert judged(example(personnummer=number)) == []


@pytest.mark.parametrize("value", ["1234-X", "__1-x"])
def test_an_hsa_id_must_start_with_two_letters_as_the_guide_words_its_pattern(value: str) -> None:
    """§7.1 "\\w\\w\\d+\\-.* dvs. två bokstäver följt av siffror och ett minustecken följt av något"."""
    assert not se_hsaid.is_valid(value)
    assert of(judged(example(systemId=value)), "SPOR-7.1-HSA") == [("error", "document")]


def test_65_characters_of_which_fewer_than_65_digits_break_only_konforms_reading() -> None:
    value = "SE2321000131-E" + "0" * 50 + "1"
    assert len(value) == 65
    assert of(judged(example(systemId=value)), "SPOR-7.1-HSA") == [("error", "reading")]
    registration = example(systemId=value)
    assert readings.refusal("SPOR-7.1-HSA", registration) == readings.HSA_CHARACTERS
    assert readings.refusal("SPOR-7.1-HSA", example(systemId="Kirurgkliniken")) == ""


# -- §3.2: the upload page shows the message ---------------------------------------------------

HTML = """<!DOCTYPE html><html lang="sv"><head><meta charset="iso-8859-1"><title>SPOR</title></head>
<body><nav>Administration &rsaquo; Filbaserad dataöverföring</nav>
<main><h1>Filbaserad dataöverföring</h1><p>{message}</p></main></body></html>"""


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("Dataöverföringen lyckades".encode(), "text/plain; charset=utf-8"),
        (b"Data\xf6verf\xf6ringen lyckades\r\n", "Text/Plain; Charset=ISO-8859-1"),
        (HTML.format(message="Dataöverföringen lyckades").encode("iso-8859-1"), "text/html"),
        (
            HTML.format(message="Data&ouml;verf&ouml;ringen lyckades").encode("utf-8"),
            "text/html; charset=utf-8",
        ),
    ],
)
def test_an_upload_page_that_shows_dataoverforingen_lyckades_is_success(
    body: bytes, content_type: str
) -> None:
    assert page.shows_success(page.visible_text(body, content_type))


def test_an_upload_page_showing_the_failure_gives_its_reason() -> None:
    body = HTML.format(message="Dataöverföringen misslyckades: Värdet 'H-CAR' är ingen KVÅ-kod").encode(
        "latin-1"
    )
    text = page.visible_text(body, "text/html")
    assert not page.shows_success(text)
    assert page.failure_reason(text) == "Värdet 'H-CAR' är ingen KVÅ-kod"


# -- §7.2.2 and §7.2.3: a refusal either way the guide names -----------------------------------

ERROR_ANSWER = b"""<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
<postRegistrationResponse xmlns="urn:konform:spor:4.1"><result><behandlingsnummer>2200054</behandlingsnummer>
<resultCode>ERROR</resultCode><resultText>Ogiltigt personnummer 189001019803</resultText></result>
</postRegistrationResponse></soap:Body></soap:Envelope>"""
FAULT = b"""<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault>
<faultcode>soap:Client</faultcode><faultstring>Unmarshalling Error: cvc-pattern-valid: Value '9001019802'
</faultstring></soap:Fault></soap:Body></soap:Envelope>"""


@pytest.mark.parametrize(
    ("status", "body", "how"),
    [
        (200, ERROR_ANSWER, "resultCode ERROR"),
        (500, FAULT, "HTTP 500 Internal Server Error"),
        (500, b"Internal Server Error", "HTTP 500 Internal Server Error"),
    ],
)
def test_a_refusal_is_either_an_internal_server_error_or_resultcode_error(
    status: int, body: bytes, how: str
) -> None:
    answer: Answer = answer_of(
        Exchange("postRegistration", "https://spor", status=status, response_body=body)
    )
    assert answer.refusal("2200054") == how


def test_an_ok_answer_is_no_refusal() -> None:
    ok = ERROR_ANSWER.replace(b"ERROR", b"OK")
    assert (
        answer_of(Exchange("postRegistration", "https://spor", status=200, response_body=ok)).refusal(
            "2200054"
        )
        is None
    )

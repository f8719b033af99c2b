"""Hostile input gets a specific SOAP fault, nothing is stored, and SPOR keeps serving."""

from __future__ import annotations

from typing import Any

import pytest

from konform import soap
from konform.spor.client import SporClient, SporControl, envelope

NS = "urn:konform:spor:4.1"
REGISTRATION = (
    f'<registration xmlns="{NS}"><recipientMessageSplit>SPOR</recipientMessageSplit>'
    "<systemId>SE2321000131-E000000000001</systemId><behandlingsnummer>2200054</behandlingsnummer>"
    "<personnummer>191212121212</personnummer></registration>"
)


def wrapped(body: str, *, envelope_ns: str = soap.SOAP11) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="{envelope_ns}">'
        f"<soap:Body>{body}</soap:Body></soap:Envelope>"
    ).encode()


REQUEST = f'<postRegistrationRequest xmlns="{NS}">{REGISTRATION}</postRegistrationRequest>'

#: (name, body, content type, HTTP status, a fragment the faultstring must carry)
HOSTILE: list[tuple[str, bytes, str, int, str]] = [
    ("not XML", b"this is not XML", soap.CONTENT_TYPE, 500, "not well-formed XML"),
    ("empty body", b"", soap.CONTENT_TYPE, 500, "not well-formed XML"),
    ("not UTF-8", b"\xff\xfe\x00<\x00x", soap.CONTENT_TYPE, 500, "not well-formed XML"),
    ("no content type", wrapped(REQUEST), "", 415, "is not XML"),
    ("SOAP 1.2 content type", wrapped(REQUEST), "application/soap+xml; charset=utf-8", 500, "SOAP 1.2"),
    ("not an envelope", REQUEST.encode(), soap.CONTENT_TYPE, 500, "expected a SOAP 1.1 Envelope"),
    ("two body elements", wrapped(REQUEST + REQUEST), soap.CONTENT_TYPE, 500, "must hold one element"),
    (
        "body element in another namespace",
        wrapped(REQUEST.replace(NS, "urn:konform:spor:4.0")),
        soap.CONTENT_TYPE,
        500,
        "Unexpected wrapper element {urn:konform:spor:4.0}postRegistrationRequest",
    ),
    (
        "registration without the request wrapper",
        wrapped(REGISTRATION),
        soap.CONTENT_TYPE,
        500,
        "Unexpected wrapper element {urn:konform:spor:4.1}registration",
    ),
]


@pytest.mark.parametrize(
    ("body", "content_type", "status", "fragment"),
    [case[1:] for case in HOSTILE],
    ids=[case[0] for case in HOSTILE],
)
def test_hostile_request_gets_a_specific_fault_and_nothing_is_stored(
    spor_cli: SporClient,
    spor_ctl: SporControl,
    spor_example: Any,
    body: bytes,
    content_type: str,
    status: int,
    fragment: str,
) -> None:
    exchange = spor_cli.post(body, content_type=content_type)
    fault = soap.parse_fault(exchange.response_body)
    assert exchange.status == status
    assert fault is not None, exchange.response_body[:300]
    assert fault[0] == "soap:Client"
    assert fragment in fault[1]
    assert b"root:" not in exchange.response_body  # /etc/passwd never echoed
    assert spor_ctl.registrations() == []
    [received] = spor_ctl.received()
    assert received["status"] == status
    [result] = spor_cli.post_registrations([spor_example()])
    assert (result.code, result.text) == ("OK", "Skapade: 2200054")


UPLOADS: list[tuple[str, bytes, str, str]] = [
    ("not XML", b"this is not XML", "text/xml", "not well-formed XML"),
    ("a SOAP envelope instead of an export", wrapped(REQUEST), "text/xml", "rotelementet"),
]


@pytest.mark.parametrize(
    ("body", "content_type", "fragment"), [case[1:] for case in UPLOADS], ids=[case[0] for case in UPLOADS]
)
def test_hostile_upload_fails_with_a_reason_and_stores_nothing(
    spor_cli: SporClient,
    spor_ctl: SporControl,
    spor_example: Any,
    body: bytes,
    content_type: str,
    fragment: str,
) -> None:
    exchange = spor_cli.upload(body, content_type=content_type)
    text = exchange.response_body.decode()
    assert exchange.status == 400
    assert text.startswith("Dataöverföringen misslyckades: ")
    assert fragment in text
    assert spor_ctl.registrations() == []
    [result] = spor_cli.post_registrations([spor_example()])
    assert result.code == "OK"


def test_a_valid_request_after_the_hostile_ones_still_works(spor_cli: SporClient, spor_example: Any) -> None:
    for _, body, content_type, _, _ in HOSTILE:
        spor_cli.post(body, content_type=content_type)
    answer = spor_cli.send([spor_example()])
    assert [(r.code, r.text) for r in answer.results] == [("OK", "Skapade: 2200054")]
    assert envelope([spor_example()]).startswith(b"<?xml")

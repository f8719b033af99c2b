"""Hostile input gets a clear SOAP fault, nothing is stored, and BRS keeps serving."""

from __future__ import annotations

import pytest
from lxml import etree

from konform import soap
from konform.brs import schema
from konform.brs.client import BrsClient
from konform.brs.control_client import BrsControl
from konform.brs.model import query_xml
from konform.dgws import header

EXAMPLE = schema.example("brs-request.xml").decode()


def wrapped(body: str, *, envelope_ns: str = soap.SOAP11) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="{envelope_ns}">'
        f"<soap:Body>{body}</soap:Body></soap:Envelope>"
    ).encode()


#: (name, body, content type, HTTP status, DGWS fault code or None, a fragment of the faultstring)
HOSTILE: list[tuple[str, bytes, str, int, str | None, str]] = [
    ("not XML", b"this is not XML", soap.CONTENT_TYPE, 500, "syntax_error", "not well-formed XML"),
    ("empty body", b"", soap.CONTENT_TYPE, 500, "syntax_error", "not well-formed XML"),
    ("not UTF-8", b"\xff\xfe\x00<\x00x", soap.CONTENT_TYPE, 500, "syntax_error", "not well-formed XML"),
    ("two body elements", wrapped(EXAMPLE + EXAMPLE), soap.CONTENT_TYPE, 500, "syntax_error", "one element"),
    ("no DGWS headers", wrapped(EXAMPLE), soap.CONTENT_TYPE, 500, "missing_required_header", "wsse:Security"),
]


@pytest.mark.parametrize(
    ("name", "body", "content_type", "status", "code", "fragment"), HOSTILE, ids=[h[0] for h in HOSTILE]
)
def test_hostile_input_gets_a_fault_and_nothing_is_stored(
    brs_api: BrsClient,
    brs_ctl: BrsControl,
    name: str,
    body: bytes,
    content_type: str,
    status: int,
    code: str | None,
    fragment: str,
) -> None:
    answer = brs_api.post_raw(body, content_type=content_type, title=name)
    assert (answer.status, answer.fault_code) == (status, code)
    assert fragment in (answer.fault_string or "")
    assert brs_ctl.followups() == []
    assert brs_api.post(etree.fromstring(EXAMPLE)).status == 200  # still serving


def test_a_notification_query_sent_to_brs_is_refused(brs_api: BrsClient) -> None:
    answer = brs_api.post(query_xml(0), to="brs")
    assert answer.fault_code == "processing_problem"
    assert "NotificationQueryRequestBody" in (answer.fault_string or "")


def test_a_treatment_relation_sent_to_the_notification_service_is_refused(brs_api: BrsClient) -> None:
    answer = brs_api.post(etree.fromstring(EXAMPLE), to="notification")
    assert answer.fault_code == "processing_problem"


def test_a_signature_wrapping_attempt_is_refused(
    brs_api: BrsClient, brs_ctl: BrsControl, mint: object
) -> None:
    card = mint()  # type: ignore[operator]
    envelope = etree.fromstring(header.wrap(etree.fromstring(EXAMPLE), card))
    body = envelope.find(f"{{{soap.SOAP11}}}Body")
    assert body is not None
    body[0].append(etree.fromstring(etree.tostring(card)))  # a second copy of the card in the body
    answer = brs_api.post_raw(etree.tostring(envelope), title="wrapped")
    assert answer.fault_code == "invalid_signature"
    assert brs_ctl.followups() == []


def test_get_without_wsdl_is_a_fault_not_a_page(brs_api: BrsClient) -> None:
    response = brs_api.recorder.session.get(brs_api.urls["brs"], timeout=30)
    assert response.status_code == 405
    assert soap.parse_fault(response.content) is not None


def test_a_serial_number_with_thousands_of_leading_zeros_is_the_xs_long_it_is(brs_api: BrsClient) -> None:
    """xs:long admits any number of leading zeros; int() refuses strings of 4300 digits and more."""
    answer = brs_api.post(query_xml("0" * 5000 + "1"), to="notification")
    assert answer.status == 200 and not answer.is_fault, answer.summary()
    assert answer.payload is not None and answer.payload.tag == schema.QUERY_RESPONSE

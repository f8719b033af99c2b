"""medcom:Header building and parsing, reply headers, fault envelopes, and the seen-MessageID memory."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from lxml import etree

from konform import soap
from konform.dgws import InMemoryMessageIds, fault_envelope, header, medcom_header, response_headers
from konform.dgws import namespaces as ns


def test_medcom_header_round_trips_through_the_schema() -> None:
    built = medcom_header(
        message_id="m-1",
        flow_id="f-1",
        security_level=3,
        flow_status="flow_running",
        require_nonrepudiation=True,
    )
    parsed = header.parse_medcom(built)
    assert parsed == header.MedcomHeader(
        message_id="m-1",
        flow_id="f-1",
        security_level=3,
        flow_status="flow_running",
        require_nonrepudiation=True,
    )


def test_medcom_header_gets_a_fresh_message_id() -> None:
    first, second = (header.parse_medcom(medcom_header()).message_id for _ in range(2))
    assert first and second and first != second


def test_medcom_header_out_of_order_is_refused() -> None:
    built = medcom_header(security_level=3)
    level = built[0]
    built.remove(level)
    built.append(level)
    with pytest.raises(header.HeaderSyntaxError, match="medcom:SecurityLevel"):
        header.parse_medcom(built)


def test_reply_headers_link_to_the_request() -> None:
    security, medcom = response_headers("request-1", security_level=4, flow_id="flow-1")
    assert security.tag == ns.SECURITY
    assert security.find(ns.ASSERTION) is None
    created = security.findtext("wsu:Timestamp/wsu:Created", namespaces=ns.NSMAP) or ""
    assert created.endswith("Z")
    reply = header.parse_medcom(medcom)
    assert (reply.in_response_to, reply.flow_id, reply.security_level) == ("request-1", "flow-1", 4)
    assert reply.flow_status == "flow_finalized_succesfully"
    assert reply.message_id not in ("", "request-1")


def test_fault_envelope_is_a_soap_fault_with_the_dgws_code() -> None:
    data = fault_envelope("not_authorized", "CVR 1 is not whitelisted", in_response_to="request-2")
    code, text, detail = soap.parse_fault(data) or ("", "", None)
    assert (code, text) == ("soap:Server", "CVR 1 is not whitelisted")
    assert detail is not None
    assert detail.findtext("medcom:FaultCode", namespaces=ns.NSMAP) == "not_authorized"
    root = etree.fromstring(data)
    linking = root.find(".//medcom:Linking", namespaces=ns.NSMAP)
    assert linking is not None
    assert linking.findtext("medcom:InResponseToMessageID", namespaces=ns.NSMAP) == "request-2"


def test_fault_without_a_known_request_has_no_in_response_to() -> None:
    root = etree.fromstring(fault_envelope("missing_required_header", "no medcom:Header"))
    assert root.find(".//medcom:InResponseToMessageID", namespaces=ns.NSMAP) is None
    assert root.findtext(".//medcom:MessageID", namespaces=ns.NSMAP)


def test_seen_message_ids_are_remembered_until_the_card_expires() -> None:
    memory = InMemoryMessageIds()
    now = datetime(2030, 1, 1, tzinfo=UTC)
    until = now + timedelta(hours=1)
    assert memory.first_use("m", until=until, now=now)
    assert not memory.first_use("m", until=until, now=now + timedelta(minutes=59))
    assert memory.first_use("m", until=until + timedelta(hours=1), now=until)
    assert memory.first_use("other", until=until, now=until)

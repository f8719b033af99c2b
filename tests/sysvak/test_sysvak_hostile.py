"""Hostile and unusable input: a refusal with a reason (400/413/415), nothing kept, SYSVAK keeps serving."""

from __future__ import annotations

import pytest

from generators import sysvak as gen
from konform.sysvak import messages
from konform.sysvak.client import CONTENT_TYPE, SysvakClient, SysvakControl
from konform.sysvak.model import KodeverkRequest

KODEVERK = messages.request(KodeverkRequest(gen.UNIT, "9051"))
VALID, _ = gen.msghead(KODEVERK)
LATIN1 = VALID.replace(b"UTF-8", b"ISO-8859-1").replace(b"Testby", "Tøstby".encode("latin-1"))
OTHER_NS = VALID.replace(b"urn:konform:sysvak:dok31:1.0", b"urn:example:sysvak")

#: (name, body, content type, HTTP status, a fragment the reason must carry)
HOSTILE: list[tuple[str, bytes, str | None, int, str]] = [
    ("not XML", b"this is not XML", CONTENT_TYPE, 400, "not well-formed XML"),
    ("empty body", b"", CONTENT_TYPE, 400, "not well-formed XML"),
    ("not UTF-8", LATIN1, CONTENT_TYPE, 400, "not UTF-8"),
    ("no content type", VALID, None, 415, "is not XML"),
    (
        "not a MsgHead",
        b'<HendelseRequest xmlns="urn:konform:sysvak:dok31:1.0"/>',
        CONTENT_TYPE,
        400,
        "wrong root element",
    ),
    (
        "a SOAP envelope",
        b'<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body/></e:Envelope>',
        CONTENT_TYPE,
        400,
        "wrong root element",
    ),
    (
        "a response type sent in",
        gen.msghead(KODEVERK, 'with MsgInfo/Type "KODEVERKRESPONSE"')[0],
        CONTENT_TYPE,
        400,
        "SYSVAK-3.6.1-TYPE",
    ),
    ("payload in another namespace", OTHER_NS, CONTENT_TYPE, 400, "SYSVAK-3.1-TYPES"),
    ("no MsgId", gen.msghead(KODEVERK, "without MsgId")[0], CONTENT_TYPE, 400, "MsgId"),
]


@pytest.mark.parametrize(
    ("body", "content_type", "status", "reason"), [h[1:] for h in HOSTILE], ids=[h[0] for h in HOSTILE]
)
def test_hostile_input_is_refused_with_a_reason_and_nothing_is_kept(
    sysvak_cli: SysvakClient,
    sysvak_ctl: SysvakControl,
    body: bytes,
    content_type: str | None,
    status: int,
    reason: str,
) -> None:
    exchange = sysvak_cli.post(body, content_type=content_type)
    assert exchange.status == status
    assert exchange.response_headers["content-type"].startswith("text/plain")
    assert reason in exchange.response_body.decode("utf-8")
    assert sysvak_ctl.call("GET", "/_konform/sysvak/mottak")["pending"] == []
    assert sysvak_ctl.events() == [] and sysvak_ctl.uten_ident() == []
    assert sysvak_cli.post(VALID).status == 200  # and SYSVAK keeps serving


def test_a_payload_that_breaks_our_schema_is_answered_avvist_naming_the_element(
    sysvak_cli: SysvakClient,
) -> None:
    broken = VALID.replace(b"<KodeverkId>9051</KodeverkId>", b"<Kodeverk>9051</Kodeverk>")
    answer = sysvak_cli.post(broken)
    assert answer.status == 200
    assert b"<Status>avvist</Status>" in answer.response_body
    assert b"Kodeverk" in answer.response_body

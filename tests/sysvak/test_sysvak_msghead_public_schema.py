"""Every MsgHead konform writes validates against the public MsgHead v1.2 schema, and our subset agrees.

The public schema (KITH, redistributed by NAV; see ../shared/reference/msghead/SOURCES.md)
is read where it lies and never copied into the repository; without it these tests are
skipped with that reason. Its RefDoc/Content is processContents="strict", so it is
loaded together with our SYSVAK schema (konform.msghead.schema.combined).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from generators import sysvak as gen
from konform import xml
from konform.msghead import MIG_VERSION, q
from konform.msghead import schema as msghead_schema
from konform.msghead.parse import parse
from konform.sysvak import codes, messages
from konform.sysvak.client import SysvakClient, SysvakControl
from konform.sysvak.model import KodeverkRequest, Kriterier, SokRequest, Vaksinand
from konform.sysvak.schema import SCHEMA_PATH

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "msghead"
PUBLIC = REFERENCE / "MsgHead-v1_2.xsd"
SAMPLE = REFERENCE / "sample_navikt-syfosmmottak_fellesformat_new_without_vedlegg.xml"

needs_public_schema = pytest.mark.skipif(
    not PUBLIC.is_file(), reason=f"the public MsgHead schema is not at {PUBLIC} (../shared/reference/msghead)"
)


@pytest.fixture(scope="module")
def public() -> etree.XMLSchema:
    return msghead_schema.combined(PUBLIC, (SCHEMA_PATH,))


def _errors(schema: etree.XMLSchema, body: bytes) -> list[str]:
    return [e.message for e in msghead_schema.errors(schema, xml.parse(body))]


@needs_public_schema
@settings(max_examples=40)
@given(
    number=gen.official_numbers(),
    event=gen.hendelser(),
    variant=st.sampled_from(["", "with a ConversationRef"]),
)
def test_every_generated_hendelserequest_msghead_is_valid_by_the_public_schema(
    public: etree.XMLSchema, number: str, event: object, variant: str
) -> None:
    request = gen.request_for(Vaksinand(gen.person_ident(number)), event)  # type: ignore[arg-type]
    body, _ = gen.msghead(messages.request(request), variant)
    assert _errors(public, body) == []
    assert _errors(msghead_schema.subset(), body) == []


@needs_public_schema
def test_every_answer_the_simulator_writes_is_valid_by_the_public_schema(
    public: etree.XMLSchema, sysvak_cli: SysvakClient, sysvak_ctl: SysvakControl
) -> None:
    sysvak_ctl.add_persons(
        {
            "ident": "03852150024",
            "fornavn": "Åse",
            "etternavn": "Ødegård",
            "adresse": {"adresselinje": "Storgata 1", "postnummer": "0182"},
        }
    )
    child = Vaksinand(gen.person_ident("03852150024"))
    answers = [
        sysvak_cli.send(gen.request_for(child, gen.hendelse("MMR", date(2022, 5, 3)))),
        sysvak_cli.send(gen.request_for(child, gen.hendelse("XYZ", date(2022, 5, 3)))),
        sysvak_cli.send(SokRequest(gen.UNIT, Kriterier(person_ident=gen.person_ident("03852150024")))),
        sysvak_cli.send(KodeverkRequest(gen.UNIT, "bostedsomrader")),
        sysvak_cli.send(KodeverkRequest(gen.UNIT, "no-such-list")),
    ]
    for answer in answers:
        assert answer.status == 200
        assert _errors(public, answer.exchange.response_body) == []


@needs_public_schema
@pytest.mark.parametrize(
    "variant", ["without MsgId", "without Receiver/Organisation/Ident", "with two Documents"]
)
def test_the_public_schema_and_our_rules_both_see_a_broken_head(
    public: etree.XMLSchema, variant: str
) -> None:
    body, _ = gen.msghead(messages.request(KodeverkRequest(gen.UNIT, "9051")), variant)
    broken_for_public = bool(_errors(public, body))
    # MsgHead allows several Documents; only SYSVAK takes one (Dok 31 §3.6.2).
    assert broken_for_public == (variant != "with two Documents")


@needs_public_schema
def test_the_public_schema_finds_what_our_subset_leaves_unchecked(public: etree.XMLSchema) -> None:
    root = xml.parse(gen.msghead(messages.request(KodeverkRequest(gen.UNIT, "9051")))[0])
    organisation = root.find(f"{q('MsgInfo')}/{q('Sender')}/{q('Organisation')}")
    assert organisation is not None
    etree.SubElement(organisation, q("TeleCom"))  # TeleAddress is required inside TeleCom
    assert msghead_schema.errors(msghead_schema.subset(), root) == []
    assert any("TeleCom" in e.message for e in msghead_schema.errors(public, root))


@pytest.mark.skipif(not SAMPLE.is_file(), reason=f"the public MsgHead sample is not at {SAMPLE}")
def test_the_public_sample_reads_with_our_parser() -> None:
    root = xml.parse(SAMPLE.read_bytes()).find(q("MsgHead"))
    assert root is not None
    view = parse(root)
    assert (view.type_v.value, view.mig_version.value) == ("SYKMELD", MIG_VERSION)
    assert view.sender is not None and ("123", "HER", codes.OID_ORG_ID_TYPES) in view.sender.idents
    assert [d.msg_type.value for d in view.documents] == ["XML"]
    assert view.payload is not None


def test_a_missing_official_schema_is_reported_not_a_traceback(tmp_path: Path) -> None:
    with pytest.raises(msghead_schema.SchemaUnavailable, match="no such file"):
        msghead_schema.combined(tmp_path / "MsgHead-v1_2.xsd", (SCHEMA_PATH,))
    (tmp_path / "broken.xsd").write_text("<schema/>", encoding="utf-8")
    with pytest.raises(msghead_schema.SchemaUnavailable, match="not a usable XML schema"):
        msghead_schema.combined(tmp_path / "broken.xsd", (SCHEMA_PATH,))

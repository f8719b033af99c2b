"""The attack catalogue: each attack is a row of the Hostile input matrix; the parser refuses each by name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from konform import soap, xml
from konform.hardening.attacks import ATTACKS, Message, UnknownAttack, attack

FEATURE = Path(__file__).resolve().parents[2] / "features" / "hardening" / "hostile-input.feature"
VALID = Message(
    soap.build(xml.parse(b'<ping xmlns="urn:konform:test"><v a="1">x</v></ping>')), soap.CONTENT_TYPE, 4096
)


def test_every_attack_of_the_catalogue_is_a_row_of_the_matrix() -> None:
    rows = re.findall(r"^\s*\|([^|\n]*)\|([^|\n]*)\|", FEATURE.read_text(encoding="utf-8"), re.MULTILINE)
    named = {cell.strip() for row in rows for cell in row}
    assert set(ATTACKS) - named == set()


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("malformed XML", "not well-formed XML"),
        ("truncated file", "not well-formed XML"),
        ("not XML", "not well-formed XML"),
        ("empty", "not well-formed XML"),
        ("binary", "not well-formed XML"),
        ("DTD", "DTDs and entity declarations are not allowed"),
        ("internal entity", "DTDs and entity declarations are not allowed"),
        ("external entity", "DTDs and entity declarations are not allowed"),
        ("billion laughs", "DTDs and entity declarations are not allowed"),
        ("deep nesting", f"nesting deeper than {xml.MAX_DEPTH} elements"),
        ("huge attribute value", f"attribute value longer than {xml.MAX_ATTRIBUTE} characters"),
    ],
)
def test_the_hardened_parser_refuses_each_attack_on_the_document_by_name(name: str, reason: str) -> None:
    with pytest.raises(xml.UnsafeXml, match=re.escape(reason)):
        xml.parse(attack(name, VALID).body)


def test_the_valid_message_itself_parses() -> None:
    assert xml.parse(VALID.body).tag == f"{{{soap.SOAP11}}}Envelope"


def test_an_oversized_body_is_one_byte_past_the_limit_without_being_built() -> None:
    hostile = attack("oversized body", VALID)
    assert (hostile.body, len(hostile.body) + hostile.padding) == (VALID.body, VALID.max_body + 1)


def test_a_truncated_upload_announces_the_whole_body_and_sends_half() -> None:
    hostile = attack("truncated upload", VALID)
    assert (hostile.declared_length, len(hostile.body)) == (len(VALID.body), len(VALID.body) // 2)


def test_an_unknown_attack_is_named_with_the_known_ones() -> None:
    with pytest.raises(UnknownAttack, match=r"'bogus'.*billion laughs"):
        attack("bogus", VALID)

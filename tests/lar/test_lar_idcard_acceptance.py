"""The issue's acceptance line: a card from `konform idcard` is accepted by the LAR simulator, and refused
with the right DGWS code once tampered with, signed by an untrusted key, or expired."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

from lar_helpers import allergy
from lxml import etree

from konform import xml
from konform.dgws import header
from konform.dgws import namespaces as ns
from konform.lar import embedded, model
from konform.lar.client import LarClient, LarControl


def idcard(lar_sim: embedded.RunningLar, *options: str) -> etree._Element:
    """`konform idcard` as a vendor runs it, with the simulator's test PKI."""
    command = [
        sys.executable,
        "-m",
        "konform",
        "idcard",
        "--pki",
        str(lar_sim.pki.folder),
        "--cvr",
        "25520041",
    ]
    done = subprocess.run([*command, *options], capture_output=True, timeout=60, check=True)
    return xml.parse(done.stdout)


def send(client: LarClient, card: etree._Element) -> tuple[int | None, str | None, str | None]:
    reply = client.post(header.wrap(model.request_xml(model.REGISTER, allergy()), card))
    return reply.http_status, reply.status_code, reply.fault_code


def test_a_card_from_konform_idcard_is_accepted(lar_sim: embedded.RunningLar, lar_cli: LarClient) -> None:
    assert send(lar_cli, idcard(lar_sim, "--level", "4")) == (200, "Success", None)


def test_the_same_card_with_its_level_changed_after_signing_is_an_invalid_signature(
    lar_sim: embedded.RunningLar, lar_cli: LarClient, lar_ctl: LarControl
) -> None:
    card = idcard(lar_sim, "--level", "3")
    level = card.find(
        f".//{ns.q(ns.SAML, 'Attribute')}[@Name='sosi:AuthenticationLevel']/{ns.q(ns.SAML, 'AttributeValue')}"
    )
    assert level is not None and level.text == "3"
    level.text = "4"
    assert send(lar_cli, card) == (500, None, "invalid_signature")
    assert lar_ctl.stored() == []


def test_a_card_signed_by_an_untrusted_key_is_an_invalid_idcard(
    lar_sim: embedded.RunningLar, lar_cli: LarClient, lar_ctl: LarControl
) -> None:
    assert send(lar_cli, idcard(lar_sim, "--untrusted")) == (500, None, "invalid_idcard")
    assert lar_ctl.stored() == []


def test_an_expired_card_is_an_expired_idcard(
    lar_sim: embedded.RunningLar, lar_cli: LarClient, lar_ctl: LarControl
) -> None:
    card = idcard(lar_sim, "--ttl", "1m")
    lar_ctl.advance_clock(timedelta(minutes=2).total_seconds())
    assert send(lar_cli, card) == (500, None, "expired_idcard")
    assert lar_ctl.stored() == []

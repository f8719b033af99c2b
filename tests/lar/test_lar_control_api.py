"""LAR's control API answers as docs/reference/control-api.md and its JSON Schemas say."""

from __future__ import annotations

from pathlib import Path

import requests
from lxml import etree

from konform.lar import embedded
from konform.lar.cards import Cards
from konform.lar.client import LarControl
from tests.control_api import ERROR, RESET, Call, common_calls, problems, undocumented
from tests.example_requests import filled

PATIENT = "1601010020"
IDENTIFIER = "494de20b-32ec-4955-8886-5514bd063c25"
CALLS = [
    *common_calls(),
    Call(
        "PUT",
        "/_konform/lar/consent",
        "lar/consent",
        {"patient": PATIENT, "negative": False, "withheld": ["x"]},
    ),
    Call("GET", "/_konform/lar/consent", "lar/consent", filled="consent"),
    Call("PUT", "/_konform/lar/consent", ERROR, {"negative": True}, status=400),
    Call("DELETE", "/_konform/lar/consent", "lar/consent", path=f"/_konform/lar/consent?patient={PATIENT}"),
    Call("GET", "/_konform/lar/backends", "lar/backends"),
    Call("PUT", "/_konform/lar/backends", "lar/backends", {"down": ["minlog", "cave"]}, filled="down"),
    Call("PUT", "/_konform/lar/backends", "lar/backends", {"down": []}),
    Call("PUT", "/_konform/lar/backends", ERROR, {"down": ["mail"]}, status=400),
    Call("GET", "/_konform/lar/minlog", "lar/minlog", filled="minlog"),
    Call("GET", "/_konform/lar/allergies", "lar/allergies", filled="allergies"),
    Call(
        "GET",
        "/_konform/lar/allergies",
        "lar/allergies",
        path=f"/_konform/lar/allergies?patient={PATIENT}&identifier={IDENTIFIER}",
        filled="allergies",
    ),
    Call("GET", "/_konform/lar/whitelist", "lar/whitelist", filled="cvrs"),
    Call("PUT", "/_konform/lar/whitelist", "lar/whitelist", {"cvrs": None}),
    Call("PUT", "/_konform/lar/whitelist", "lar/whitelist", {"cvrs": ["25520041"]}, filled="cvrs"),
    Call("PUT", "/_konform/lar/whitelist", ERROR, {"cvrs": "25520041"}, status=400),
    Call("GET", "/_konform/lar/sts", "lar/sts", filled="trusted_sts"),
    RESET,
]


def arrange(sim: embedded.RunningLar, cards: Cards, tmp_path: Path) -> None:
    """The guide's Register and Get examples sent: an allergy stored, a MinLog entry written."""
    card = etree.tostring(cards.card(4))
    for name in ("RegisterPatientAllergy.xml", "GetPatientAllergyList.xml"):
        reply = requests.post(
            sim.endpoint.url, data=filled(f"lar/{name}", card), headers={"Content-Type": "text/xml"}
        )
        assert reply.status_code == 200, reply.text


def test_every_control_reply_follows_its_schema(
    lar_sim: embedded.RunningLar, lar_ctl: LarControl, lar_cards: Cards, tmp_path: Path
) -> None:
    arrange(lar_sim, lar_cards, tmp_path)
    assert problems(lar_ctl.session, str(lar_sim.endpoint.control_url), CALLS) == []


def test_every_control_route_is_documented_and_checked(lar_sim: embedded.RunningLar) -> None:
    assert undocumented(lar_sim.simulator, CALLS) == []

"""SYSVAK's control API answers as docs/reference/control-api.md and its JSON Schemas say."""

from __future__ import annotations

import requests

from konform.sysvak import embedded
from konform.sysvak.client import SysvakControl
from tests.control_api import ERROR, RESET, Call, common_calls, problems, undocumented
from tests.example_requests import EXAMPLES

CHILD = "03852150024"
CALLS = [
    *common_calls(),
    Call("GET", "/_konform/sysvak/uten-ident", "sysvak/uten-ident", filled="vaksinander"),
    Call("GET", "/_konform/sysvak/events", "sysvak/events", filled="events"),
    Call("GET", "/_konform/sysvak/log", "sysvak/log", filled="log"),
    Call("GET", "/_konform/sysvak/mottak", "sysvak/mottak", filled="pending"),
    Call("POST", "/_konform/sysvak/mottak/poll", "sysvak/mottak-poll"),
    Call("PUT", "/_konform/sysvak/mottak", "sysvak/mottak", {"held": False}),
    Call(
        "POST",
        "/_konform/sysvak/persons",
        "sysvak/persons",
        {"ident": CHILD, "fornavn": "Kari"},
        filled="persons",
    ),
    Call("POST", "/_konform/sysvak/persons", ERROR, {"ident": "12345678901"}, status=400),
    Call("GET", "/_konform/sysvak/persons", "sysvak/persons", filled="persons"),
    Call("POST", "/_konform/sysvak/reidentify", "sysvak/reidentify"),
    Call(
        "GET",
        "/_konform/sysvak/events",
        "sysvak/events",
        path=f"/_konform/sysvak/events?vaksinand=fnr:{CHILD}",
    ),
    Call("GET", "/_konform/sysvak/subsystem", "sysvak/subsystem"),
    Call("PUT", "/_konform/sysvak/subsystem", "sysvak/subsystem", {"available": True}),
    Call(
        "POST",
        "/_konform/sysvak/reservations",
        "sysvak/reservations",
        {"ident": CHILD},
        filled="reservations",
    ),
    Call("POST", "/_konform/sysvak/reservations", ERROR, {}, status=400),
    Call("GET", "/_konform/sysvak/reservations", "sysvak/reservations", filled="reservations"),
    Call("GET", "/_konform/sysvak/settings", "sysvak/settings", filled="programme"),
    Call("PUT", "/_konform/sysvak/settings", "sysvak/settings", {"max_hits": 5, "programme": ["MMR"]}),
    Call("PUT", "/_konform/sysvak/settings", ERROR, {"max_hits": 0}, status=400),
    RESET,
]


def arrange(sim: embedded.RunningSysvak, ctl: SysvakControl) -> None:
    """A hendelse for a child not in FolkeregisterFHI (kept without ident), then a message held back."""
    headers = {"Content-Type": "application/xml; charset=utf-8"}
    hendelse = requests.post(
        sim.endpoint.url, data=(EXAMPLES / "sysvak/HendelseRequest.xml").read_bytes(), headers=headers
    )
    assert hendelse.status_code == 200, hendelse.text
    ctl.hold_mottak(held=True)
    waiting = requests.post(
        sim.endpoint.url, data=(EXAMPLES / "sysvak/KodeverkRequest.xml").read_bytes(), headers=headers
    )
    assert waiting.status_code == 202, waiting.text


def test_every_control_reply_follows_its_schema(
    sysvak_sim: embedded.RunningSysvak, sysvak_ctl: SysvakControl
) -> None:
    arrange(sysvak_sim, sysvak_ctl)
    assert problems(sysvak_ctl.session, str(sysvak_sim.endpoint.control_url), CALLS) == []


def test_every_control_route_is_documented_and_checked(sysvak_sim: embedded.RunningSysvak) -> None:
    assert undocumented(sysvak_sim.simulator, CALLS) == []

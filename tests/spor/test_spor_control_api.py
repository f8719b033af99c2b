"""SPOR's control API answers as docs/reference/control-api.md and its JSON Schemas say."""

from __future__ import annotations

import requests

from konform.spor import embedded
from konform.spor.client import SporControl
from tests.control_api import ERROR, RESET, Call, common_calls, problems, undocumented
from tests.example_requests import EXAMPLES

UNIT = "SE2321000131-E000000000002"
CALLS = [
    *common_calls(),
    Call("GET", "/_konform/spor/units", "spor/units", filled="units"),
    Call("POST", "/_konform/spor/units", "spor/units", {"systemId": UNIT}, filled="units"),
    Call("POST", "/_konform/spor/units", "spor/units", {"units": [UNIT]}, filled="units"),
    Call("POST", "/_konform/spor/units", ERROR, {"units": []}, status=400),
    Call("GET", "/_konform/spor/fellista", "spor/fellista", filled="fellista"),
    Call("GET", "/_konform/spor/registrations", "spor/registrations", filled="registrations"),
    Call(
        "GET",
        "/_konform/spor/registrations/{number}",
        "spor/registration",
        path="/_konform/spor/registrations/2200054",
    ),
    Call(
        "GET",
        "/_konform/spor/registrations/{number}",
        ERROR,
        path="/_konform/spor/registrations/1",
        status=404,
    ),
    RESET,
]


def arrange(sim: embedded.RunningSpor) -> None:
    """One registration stored, one stored and on the Fellista (operationsslut before its start)."""
    session = requests.Session()
    session.trust_env = False
    session.cert = (str(sim.endpoint.client_cert), str(sim.endpoint.client_key))
    session.verify = str(sim.endpoint.ca)
    example = (EXAMPLES / "spor" / "postRegistration.xml").read_text(encoding="utf-8")
    late_start = example.replace("2200054", "2200099").replace("T13:54:22", "T16:54:22")
    for body in (example, late_start):
        reply = session.post(sim.endpoint.url, data=body.encode(), headers={"Content-Type": "text/xml"})
        assert reply.status_code == 200, reply.text


def test_every_control_reply_follows_its_schema(
    spor_sim: embedded.RunningSpor, spor_ctl: SporControl
) -> None:
    arrange(spor_sim)
    assert problems(spor_ctl.session, str(spor_sim.endpoint.control_url), CALLS) == []


def test_every_control_route_is_documented_and_checked(spor_sim: embedded.RunningSpor) -> None:
    assert undocumented(spor_sim.simulator, CALLS) == []

"""BRS's control API answers as docs/reference/control-api.md and its JSON Schemas say."""

from __future__ import annotations

from typing import Any

import requests
from lxml import etree

from konform.brs import embedded
from konform.brs.control_client import BrsControl
from tests.control_api import ERROR, RESET, Call, common_calls, problems, undocumented
from tests.example_requests import filled

RELATION = {
    "patient": "0101601951",
    "professional": "0101601803",
    "organisation": {"kind": "DoctorOrganisationIdentifier", "value": "132435"},
    "category": "C",
    "start": "2013-09-30T00:00:00+02:00",
    "end": "2013-10-25T23:59:00+02:00",
}
CALLS = [
    *common_calls(),
    Call("POST", "/_konform/brs/relations", "brs/relation-added", RELATION),
    Call("GET", "/_konform/brs/relations", "brs/relations", filled="relations"),
    Call(
        "POST", "/_konform/brs/relations", ERROR, {**RELATION, "end": "2013-01-01T00:00:00+02:00"}, status=400
    ),
    Call("GET", "/_konform/brs/whitelist", "brs/whitelist", filled="whitelist"),
    Call(
        "POST", "/_konform/brs/whitelist", "brs/whitelist", {"cvr": embedded.UNLISTED_CVR}, filled="whitelist"
    ),
    Call("POST", "/_konform/brs/whitelist", "brs/whitelist", {"cvrs": [embedded.UNLISTED_CVR]}),
    Call("POST", "/_konform/brs/whitelist", ERROR, {"cvr": "12345678"}, status=400),
    Call("GET", "/_konform/brs/followups", "brs/followups", filled="followups"),
    Call("GET", "/_konform/brs/notifications", "brs/notifications", filled="notifications"),
    Call(
        "GET",
        "/_konform/brs/notifications",
        "brs/notifications",
        path=f"/_konform/brs/notifications?cvr={embedded.EXAMPLE_CVR}",
        filled="notifications",
    ),
    Call(
        "POST",
        "/_konform/brs/certificate-change",
        "brs/certificate-change",
        {"old_cvr": embedded.EXAMPLE_CVR, "new_cvr": embedded.OTHER_CVR},
    ),
    Call("POST", "/_konform/brs/certificate-change", ERROR, {"old_cvr": embedded.CVR}, status=400),
    RESET,
]


def arrange(sim: embedded.RunningBrs, mint: Any) -> None:
    """The guide's treatmentRelation example sent: a follow-up ordered, TimeLimit passed: a notification."""
    card = etree.tostring(mint(cvr=embedded.EXAMPLE_CVR, level=3))
    reply = requests.post(
        sim.endpoint.url, data=filled("brs/treatmentRelation.xml", card), headers={"Content-Type": "text/xml"}
    )
    assert reply.status_code == 200, reply.text


def test_every_control_reply_follows_its_schema(
    brs_running: embedded.RunningBrs, brs_ctl: BrsControl, mint: Any
) -> None:
    arrange(brs_running, mint)
    assert problems(brs_ctl.session, str(brs_running.endpoint.control_url), CALLS) == []


def test_every_control_route_is_documented_and_checked(brs_running: embedded.RunningBrs) -> None:
    assert undocumented(brs_running.simulator, CALLS) == []

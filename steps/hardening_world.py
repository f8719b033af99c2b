"""The endpoints the hostile-input matrix attacks: a fresh valid message each, and how to read the store.

Each endpoint is reached through its registry's session fixture (the embedded simulator
for `sim`), so a matrix run starts only the simulators its rows name.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from generators import sysvak as sysvak_gen
from konform import soap
from konform.brs import schema as brs_schema
from konform.brs.client import urls as brs_urls
from konform.brs.control_client import BrsControl
from konform.brs.model import query_xml
from konform.control import Control
from konform.dgws import header
from konform.dgws.sts import TestSts
from konform.hardening import wire
from konform.hardening.attacks import Hostile, Message
from konform.lar import model as lar_model
from konform.lar.cards import Cards
from konform.lar.client import LarControl
from konform.spor.client import SporControl, envelope
from konform.spor.model import request_xml
from konform.spor.simulator import UPLOAD_MAX_BODY
from konform.sysvak import messages as sysvak_messages
from konform.sysvak.client import SysvakControl
from konform.sysvak.model import KodeverkRequest
from konform.targets import Endpoint
from steps.lar import allergy_of, changed
from steps.spor_world import example

#: How long a request the client abandoned may take to appear in the simulator's record.
RECORD_DEADLINE = 60.0
_numbers = itertools.count(2_300_000)


@dataclass
class HostileTarget:
    """An endpoint under attack: where it is, a fresh valid message for it, its store via the control API."""

    name: str
    url: str
    tls: wire.Tls
    untrusted: wire.Tls | None
    control: Control
    message: Callable[[], Message]
    state: Callable[[], Any]
    accepted: Callable[[wire.Reply], bool]

    def valid(self) -> Message:
        return self.message()

    def received_count(self) -> int:
        return len(self.control.call("GET", "/_konform/received"))

    def recorded_after(self, count: int) -> wire.Reply:
        """The answer the simulator recorded for the first request after `count`, polled until it is there."""
        deadline = time.monotonic() + RECORD_DEADLINE
        while time.monotonic() < deadline:
            entries = self.control.call("GET", "/_konform/received")
            if len(entries) > count:
                entry = entries[count]
                return wire.Reply(entry["status"], "", str(entry["response"]).encode("utf-8"))
        return wire.Reply(refusal=f"the simulator recorded nothing within {RECORD_DEADLINE:.0f} s")


def max_body(control: Control) -> int:
    """The body limit the simulator says it enforces (configurable, so read rather than assumed)."""
    return int(control.call("GET", "/_konform/limits")["max_body"])


def _soap_ok(reply: wire.Reply) -> bool:
    return reply.status == 200 and not reply.is_soap_fault


# -- SPOR -------------------------------------------------------------------------------------------


def _registration() -> etree._Element:
    return example(f"behandlingsnummer {next(_numbers)}")


def _spor_ok(reply: wire.Reply) -> bool:
    codes = [e.text for e in etree.fromstring(reply.body).iter("{*}resultCode")] if _soap_ok(reply) else []
    return codes == ["OK"]


def spor(request: pytest.FixtureRequest, entry: str) -> HostileTarget:
    endpoint: Endpoint = request.getfixturevalue("spor_endpoint")
    control: SporControl = request.getfixturevalue("spor_session_control")
    mutual = wire.Tls(endpoint.ca, (endpoint.client_cert, endpoint.client_key))  # type: ignore[arg-type]
    untrusted = (
        Path(endpoint.options["untrusted_client_cert"]),
        Path(endpoint.options["untrusted_client_key"]),
    )
    untrusted_tls = wire.Tls(endpoint.ca, untrusted)

    def state() -> Any:
        return control.registrations(), control.fellista()

    if entry == "upload":
        return HostileTarget(
            "SPOR file upload",
            endpoint.options["upload_url"],
            mutual,
            untrusted_tls,
            control,
            lambda: Message(_export(), "text/xml; charset=utf-8", UPLOAD_MAX_BODY),
            state,
            lambda reply: reply.status == 200 and reply.body.decode() == "Dataöverföringen lyckades",
        )
    soap_message = lambda: Message(envelope([_registration()]), soap.CONTENT_TYPE, max_body(control))  # noqa: E731
    if entry == "utan certifikat":
        plain = wire.Tls(endpoint.ca)
        url = endpoint.options["no_certificate_url"]
        return HostileTarget(
            "SPOR postRegistration (utan certifikat)",
            url,
            plain,
            None,
            control,
            soap_message,
            state,
            _spor_ok,
        )
    return HostileTarget(
        "SPOR postRegistration (mTLS)",
        endpoint.url,
        mutual,
        untrusted_tls,
        control,
        soap_message,
        state,
        _spor_ok,
    )


def _export() -> bytes:
    return etree.tostring(request_xml([_registration()]), xml_declaration=True, encoding="UTF-8")


# -- LAR --------------------------------------------------------------------------------------------


def lar(request: pytest.FixtureRequest, operation: str) -> HostileTarget:
    endpoint: Endpoint = request.getfixturevalue("lar_endpoint")
    control: LarControl = request.getfixturevalue("lar_session_control")
    cards = Cards(endpoint)
    tls = wire.Tls(endpoint.ca)

    def signed(op: lar_model.Operation, content: etree._Element) -> bytes:
        card = cards.card(4, not_before=datetime.now(UTC) - timedelta(minutes=5))
        return header.wrap(lar_model.request_xml(op, content), card, message_id=header.new_message_id())

    def ok(reply: wire.Reply) -> bool:
        codes = (
            [e.text for e in etree.fromstring(reply.body).iter(lar_model.s("statusCode"))]
            if _soap_ok(reply)
            else []
        )
        return codes == [lar_model.SUCCESS]

    def register() -> bytes:
        return signed(lar_model.REGISTER, allergy_of("1601010020"))

    def update() -> bytes:
        allergy = allergy_of("1601010020")
        held = wire.send(
            endpoint.url, Hostile("valid", signed(lar_model.REGISTER, allergy), soap.CONTENT_TYPE), tls
        )
        if not ok(held):
            raise RuntimeError(f"precondition failed: LAR did not register the allergy to update: {held}")
        return signed(lar_model.UPDATE, changed(allergy, "versionId", "1"))

    def get() -> bytes:
        return signed(lar_model.GET, lar_model.criteria_xml(patient="1601010020"))

    build = {"Register": register, "Update": update, "GetPatientAllergyList": get}[operation]
    return HostileTarget(
        f"LAR {operation}",
        endpoint.url,
        tls,
        None,
        control,
        lambda: Message(build(), soap.CONTENT_TYPE, max_body(control)),
        lambda: (control.stored(), control.minlog()),
        ok,
    )


# -- BRS --------------------------------------------------------------------------------------------


def brs(request: pytest.FixtureRequest, service: str) -> HostileTarget:
    endpoint: Endpoint = request.getfixturevalue("brs_endpoint")
    control: BrsControl = request.getfixturevalue("brs_session_control")
    sts: TestSts = request.getfixturevalue("brs_sts")
    cvr = str(endpoint.options.get("cvr", "25520041"))

    def signed() -> bytes:
        card = sts.mint(level=3, cvr=cvr, not_before=control.now() - timedelta(minutes=5))
        payload = (
            etree.fromstring(brs_schema.example("brs-request.xml")) if service == "brs" else query_xml(0)
        )
        return header.wrap(payload, card)

    name = "BRS treatmentRelation" if service == "brs" else "BRS notificationQuery"
    return HostileTarget(
        name,
        brs_urls(endpoint)[service],
        wire.Tls(endpoint.ca),
        None,
        control,
        lambda: Message(signed(), soap.CONTENT_TYPE, max_body(control)),
        lambda: (control.followups(), control.notifications()),
        _soap_ok,
    )


# -- SYSVAK -----------------------------------------------------------------------------------------


def sysvak(request: pytest.FixtureRequest) -> HostileTarget:
    endpoint: Endpoint = request.getfixturevalue("sysvak_endpoint")
    control: SysvakControl = request.getfixturevalue("sysvak_session_control")
    kodeverk = sysvak_messages.request(KodeverkRequest(sysvak_gen.UNIT, "9051"))
    return HostileTarget(
        "SYSVAK mottak",
        endpoint.url,
        wire.Tls(endpoint.ca),
        None,
        control,
        lambda: Message(sysvak_gen.msghead(kodeverk)[0], "application/xml; charset=utf-8", max_body(control)),
        lambda: (
            control.call("GET", "/_konform/sysvak/mottak")["pending"],
            control.events(),
            control.uten_ident(),
        ),
        lambda reply: reply.status == 200,
    )


TARGETS: dict[str, Callable[[pytest.FixtureRequest], HostileTarget]] = {
    "SPOR postRegistration (mTLS)": lambda request: spor(request, "mTLS"),
    "SPOR postRegistration (utan certifikat)": lambda request: spor(request, "utan certifikat"),
    "SPOR file upload": lambda request: spor(request, "upload"),
    "LAR Register": lambda request: lar(request, "Register"),
    "LAR Update": lambda request: lar(request, "Update"),
    "LAR GetPatientAllergyList": lambda request: lar(request, "GetPatientAllergyList"),
    "BRS treatmentRelation": lambda request: brs(request, "brs"),
    "BRS notificationQuery": lambda request: brs(request, "notification"),
    "SYSVAK mottak": sysvak,
}


#: A valid message of each registry as a vendor's file, for the attacks on `konform validate`.
VALID_FILES: dict[str, Callable[[], bytes]] = {
    "spor": lambda: envelope([_registration()]),
    "lar": lambda: soap.build(lar_model.request_xml(lar_model.REGISTER, allergy_of("1601010020"))),
    "brs": lambda: soap.build(etree.fromstring(brs_schema.example("brs-request.xml"))),
    "sysvak": lambda: sysvak_gen.msghead(sysvak_messages.request(KodeverkRequest(sysvak_gen.UNIT, "9051")))[
        0
    ],
}

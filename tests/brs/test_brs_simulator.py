"""The BRS simulator answers as the guide and the catalogue's readings say; its state survives a restart."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
import zeep
from lxml import etree

from konform.brs import embedded, model, schema
from konform.brs.behaviour import BrsBehaviour
from konform.brs.client import BrsClient
from konform.brs.control_client import BrsControl
from konform.brs.model import ALL, Organisation, TreatmentRelationRequest, brs_time
from konform.brs.relations import RelationFact, decide
from konform.brs.simulator import BrsSimulator
from konform.control import ControlError
from konform.dgws import header
from konform.dgws.namespaces import MEDCOM
from konform.faults import profiles

ORG = Organisation("DoctorOrganisationIdentifier", "132435")
PATIENT, PROFESSIONAL = "0101601951", "0101601803"


def frozen(control: BrsControl) -> datetime:
    """Freeze the simulator's clock at this test's own moment (never one taken when the module loaded)."""
    return control.set_clock(datetime.now(UTC).replace(microsecond=0))


def request(now: datetime, **changes: object) -> TreatmentRelationRequest:
    base = TreatmentRelationRequest(
        organisation=ORG,
        patient=PATIENT,
        professional=PROFESSIONAL,
        start=brs_time(now - timedelta(days=1)),
        end=brs_time(now + timedelta(hours=1)),
        time_limit=brs_time(now + timedelta(hours=2)),
        queryable_cvr=embedded.CVR,
        acceptable=("A", "B"),
        followup=ALL,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def relation(now: datetime, category: str) -> RelationFact:
    return RelationFact(
        PATIENT, PROFESSIONAL, ORG, category, now - timedelta(hours=2), now + timedelta(hours=2)
    )


@pytest.mark.parametrize(
    "name",
    [
        "brs-request.xml",
        "brs-response.xml",
        "notification-request.xml",
        "notification-response-corrected.xml",
    ],
)
def test_the_guides_examples_validate_against_our_schema(name: str) -> None:
    assert schema.violations(etree.fromstring(schema.example(name))) == []


def test_the_guides_notification_example_as_printed_is_not_well_formed() -> None:
    with pytest.raises(etree.XMLSyntaxError):
        etree.fromstring(schema.example("notification-response-as-printed.xml"))


@pytest.mark.parametrize(
    ("found", "acceptable", "followup", "expected"),
    [
        (["A"], ("A", "B"), ALL, (True, ("A",), False)),
        (["C"], ("A", "B"), ALL, (False, ("C",), True)),
        ([], ("A", "B"), ALL, (False, (), True)),
        ([], ("A", "B"), ("C", "D"), (False, (), False)),
        (["C", "A", "C"], ("B",), ("C",), (False, ("A", "C"), True)),
        (["E"], ("A",), ("C", "D"), (False, ("E",), False)),
    ],
)
def test_the_decision_follows_acceptable_and_followup_relations(
    found: list[str], acceptable: tuple[str, ...], followup: object, expected: tuple[object, ...]
) -> None:
    decision = decide(found, acceptable, followup)  # type: ignore[arg-type]
    assert (decision.sufficient, decision.actual, decision.followup_ordered) == expected


def test_the_example_request_is_answered_with_dgws_reply_headers(brs_api: BrsClient, mint: object) -> None:
    answer = brs_api.post(etree.fromstring(schema.example("brs-request.xml")))
    assert answer.status == 200 and answer.payload is not None and schema.is_valid(answer.payload)
    sent = etree.fromstring(answer.exchange.request_body).findtext(f".//{{{MEDCOM}}}MessageID")
    received = etree.fromstring(answer.exchange.response_body)
    assert received.findtext(f".//{{{MEDCOM}}}InResponseToMessageID") == sent


def test_a_sufficient_relation_orders_no_follow_up(brs_api: BrsClient, brs_ctl: BrsControl) -> None:
    now = frozen(brs_ctl)
    brs_ctl.add_relation(relation(now, "A"))
    answer = brs_api.treatment_relation(request(now)).response()
    assert (answer.sufficient, answer.actual, answer.followup_ordered) == (True, ("A",), False)
    assert brs_ctl.followups() == []


def test_a_follow_up_becomes_a_notification_once_time_limit_has_passed(
    brs_api: BrsClient, brs_ctl: BrsControl
) -> None:
    now = frozen(brs_ctl)
    answer = brs_api.treatment_relation(request(now, external_reference="ref-1")).response()
    assert brs_api.notification_query(0).notifications() == []
    brs_ctl.advance(3 * 3600)
    (note,) = brs_api.notification_query(0).notifications()
    assert (note.unique_id, note.external_reference, note.queryable_cvr) == (
        answer.unique_reference,
        "ref-1",
        embedded.CVR,
    )
    card = (datetime.fromisoformat(note.lookup_start), datetime.fromisoformat(note.lookup_end))
    assert card == (now, now + timedelta(hours=1))  # the level-3 card the conftest mints: 1 hour from now


def test_a_relation_known_before_time_limit_settles_the_follow_up(
    brs_api: BrsClient, brs_ctl: BrsControl
) -> None:
    now = frozen(brs_ctl)
    brs_api.treatment_relation(request(now))
    brs_ctl.advance(3600)
    brs_ctl.add_relation(relation(now, "B"))
    brs_ctl.advance(2 * 3600)
    assert brs_api.notification_query(0).notifications() == []
    assert [f["status"] for f in brs_ctl.followups()] == ["settled"]


def test_the_outcome_does_not_depend_on_when_the_service_looks(
    brs_api: BrsClient, brs_ctl: BrsControl
) -> None:
    """A relation that arrives after TimeLimit does not count, even if nobody asked in between."""
    now = frozen(brs_ctl)
    brs_api.treatment_relation(request(now))
    brs_ctl.advance(3 * 3600)
    brs_ctl.add_relation(relation(now, "A"))
    assert len(brs_api.notification_query(0).notifications()) == 1


def test_serial_numbers_ascend_and_follow_up_serials_differ(brs_api: BrsClient, brs_ctl: BrsControl) -> None:
    now = frozen(brs_ctl)
    for _ in range(3):
        brs_api.treatment_relation(request(now, time_limit=brs_time(now + timedelta(minutes=1))))
    brs_ctl.advance(120)
    notes = brs_api.notification_query(0).notifications()
    assert [n.serial for n in notes] == sorted(n.serial for n in notes)
    assert len({n.followup_serial for n in notes}) == 3


def test_the_request_source_is_the_request_as_sent(brs_api: BrsClient, brs_ctl: BrsControl) -> None:
    now = frozen(brs_ctl)
    answer = brs_api.treatment_relation(request(now, time_limit=brs_time(now + timedelta(minutes=1))))
    brs_ctl.advance(120)
    (note,) = brs_api.notification_query(0).notifications()
    sent = etree.fromstring(answer.exchange.request_body).find(f".//{schema.REQUEST}")
    assert note.request_source is not None and sent is not None
    assert model.request_values(note.request_source) == model.request_values(sent)


def test_the_certificate_change_copies_alarms_and_notifications(
    brs_running: embedded.RunningBrs, brs_api: BrsClient, brs_ctl: BrsControl, mint: object
) -> None:
    now = frozen(brs_ctl)
    brs_api.treatment_relation(request(now, time_limit=brs_time(now + timedelta(minutes=1))))
    brs_api.treatment_relation(request(now, time_limit=brs_time(now + timedelta(hours=5))))
    brs_ctl.advance(120)
    changed = brs_ctl.certificate_change(embedded.CVR, embedded.UNLISTED_CVR)
    assert (changed["alarms"], changed["notifications"]) == (2, 1)
    assert embedded.UNLISTED_CVR in brs_ctl.whitelist()
    brs_ctl.advance(6 * 3600)
    with BrsClient(brs_running.endpoint, lambda: mint(cvr=embedded.UNLISTED_CVR)) as new:  # type: ignore[operator]
        copies = new.notification_query(0).notifications()
    assert [n.queryable_cvr for n in copies] == [embedded.UNLISTED_CVR] * 2
    assert len(brs_api.notification_query(0).notifications()) == 2


def test_a_replayed_message_id_is_refused(
    brs_running: embedded.RunningBrs, brs_ctl: BrsControl, mint: object
) -> None:
    frozen(brs_ctl)
    envelope = header.wrap(etree.fromstring(schema.example("brs-request.xml")), mint())  # type: ignore[operator]
    with BrsClient(brs_running.endpoint, lambda: mint()) as client:  # type: ignore[operator]
        first, again = client.post_raw(envelope), client.post_raw(envelope)
    assert (first.status, again.fault_code) == (200, "processing_problem")
    assert "replay" in (again.fault_string or "")


def test_the_control_api_refuses_bad_facts_and_unknown_profiles(brs_ctl: BrsControl) -> None:
    bad = {"patient": PATIENT, "professional": PROFESSIONAL, "organisation": {"kind": "X", "value": "1"}}
    with pytest.raises(ControlError, match="organisation"):
        brs_ctl.call("POST", "/_konform/brs/relations", {**bad, "category": "A", "start": "x", "end": "y"})
    with pytest.raises(ControlError, match=r"check digit|checksum|CVR"):
        brs_ctl.whitelist("12345678")
    with pytest.raises(ControlError, match="unknown fault profile"):
        brs_ctl.select_profile("no-such-profile")


def test_reset_keeps_the_fault_profile_and_every_profile_is_documented(brs_ctl: BrsControl) -> None:
    brs_ctl.select_profile("newest-first")
    brs_ctl.reset()
    assert brs_ctl.call("GET", "/_konform/fault")["profile"] == "newest-first"
    for name, profile in profiles(BrsBehaviour).items():
        assert profile.deviation and (profile.breaks or name in ("correct", "independent")), name


def test_state_survives_a_restart(
    tmp_path: Path, brs_test_sts: object, brs_running: embedded.RunningBrs
) -> None:
    first = embedded.build(tmp_path, pki_folder=brs_running.pki.folder)
    first.server.start()
    control = BrsControl(str(first.endpoint.control_url))
    now = frozen(control)
    control.add_relation(relation(now, "C"))
    first.stop()
    again = BrsSimulator.open(first.database, trusted_sts=[brs_running.pki.sts_cert])
    assert [r["category"] for r in again.state.relations()] == ["C"]
    again.db.close()


def test_a_zeep_client_can_be_built_from_the_served_wsdl(brs_running: embedded.RunningBrs) -> None:
    session = requests.Session()
    session.trust_env = False
    for url in (brs_running.endpoint.url, brs_running.endpoint.options["gos_notification_url"]):
        client = zeep.Client(f"{url}?wsdl", transport=zeep.Transport(session=session))
        assert next(iter(client.wsdl.services.values())).ports


def test_the_notification_query_answers_only_type_brs(brs_api: BrsClient, brs_ctl: BrsControl) -> None:
    now = frozen(brs_ctl)
    brs_api.treatment_relation(request(now, time_limit=brs_time(now + timedelta(minutes=1))))
    brs_ctl.advance(120)
    assert len(brs_api.notification_query(0).notifications()) == 1
    assert brs_api.notification_query(0, type_="LAR").notifications() == []

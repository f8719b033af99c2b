"""The LAR simulator answers as the guide and the catalogue say; its control API arranges facts."""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests
from lar_helpers import allergy, example_content
from lxml import etree

from konform import catalogue, xml
from konform.clock import Clock
from konform.faults import profiles
from konform.lar import embedded, model, schema
from konform.lar.behaviour import LarBehaviour
from konform.lar.cards import Cards
from konform.lar.client import LarClient, LarControl, Reply
from konform.lar.model import Allergy
from konform.lar.simulator import LarSimulator
from konform.lar.state import SqliteMessageIds


def newest(client: LarClient, patient: str, identifier: str) -> etree._Element:
    reply = client.get(model.criteria_xml(patient=patient, include_history=True))
    versions = [v for v in reply.allergies if v.identifier == identifier]
    return copy.deepcopy(max(versions, key=lambda v: v.version or 0).element)


def updated(element: etree._Element, **values: str) -> etree._Element:
    changed = copy.deepcopy(element)
    for name, value in values.items():
        model.put(changed, name, value)
    return changed


def statuses(reply: Reply) -> list[tuple[str | None, int | None, str | None]]:
    return [(a.identifier, a.version, a.clinical_status) for a in reply.allergies]


def test_a_registered_allergy_is_version_1_with_the_overwritten_fields(lar_cli: LarClient) -> None:
    sent = allergy(
        verificationStatus="refuted", type="intolerance", category="food", lastUpdated="1999-01-01T00:00:00Z"
    )
    reply = lar_cli.register(sent)
    assert (reply.http_status, reply.status_code, reply.status_text) == (200, "Success", model.SUCCESS_TEXT)
    [stored] = reply.allergies
    values = stored.values()
    assert (stored.version, values["verificationStatus"], values["type"], values["category"]) == (
        1,
        "confirmed",
        "allergy",
        "medication",
    )
    assert values["lastUpdated"] != "1999-01-01T00:00:00Z"
    assert reply.in_response_to == reply.message_id


def test_without_identifier_lar_makes_a_uuid(lar_cli: LarClient) -> None:
    reply = lar_cli.register(allergy(identifier=None))
    [stored] = reply.allergies
    assert stored.identifier is not None and uuid.UUID(stored.identifier)


def test_an_existing_identifier_cannot_be_registered_again(lar_cli: LarClient, lar_ctl: LarControl) -> None:
    sent = allergy()
    lar_cli.register(sent)
    again = lar_cli.register(sent)
    assert (again.status_code, "identifier" in (again.status_text or "")) == ("NotValidData", True)
    assert len(lar_ctl.stored(identifier=Allergy(sent).identifier)) == 1


def test_updates_grow_the_version_by_one_and_stale_or_missing_versions_fail(lar_cli: LarClient) -> None:
    sent = allergy()
    identifier = Allergy(sent).identifier or ""
    lar_cli.register(sent)
    first = newest(lar_cli, "1601010020", identifier)
    assert lar_cli.update(updated(first, note="to")).allergies[0].version == 2
    stale = lar_cli.update(updated(first, note="stale"))
    assert (stale.status_code, "versionId" in (stale.status_text or "")) == ("NotValidData", True)
    missing = copy.deepcopy(first)
    missing.remove(missing.find(model.a("versionId")))
    assert lar_cli.send(model.UPDATE, missing).status_code == "NotValidData"
    assert newest(lar_cli, "1601010020", identifier).findtext(model.a("versionId")) == "2"


def test_an_inactive_allergy_cannot_be_updated_and_the_patient_cannot_change(lar_cli: LarClient) -> None:
    sent = allergy()
    identifier = Allergy(sent).identifier or ""
    lar_cli.register(sent)
    other_patient = lar_cli.update(updated(newest(lar_cli, "1601010020", identifier), note="x"))
    assert other_patient.status_code == "Success"
    current = newest(lar_cli, "1601010020", identifier)
    moved = copy.deepcopy(current)
    code = moved.find(f"{model.a('patient')}/{model.a('code')}")
    assert code is not None
    code.text = "2001211005"
    assert "patient" in (lar_cli.update(moved).status_text or "")
    assert lar_cli.update(updated(current, clinicalStatus="inactive")).status_code == "Success"
    refused = lar_cli.update(updated(newest(lar_cli, "1601010020", identifier), clinicalStatus="active"))
    assert (refused.status_code, "inactive" in (refused.status_text or "")) == ("NotValidData", True)


def test_history_lists_every_version_and_a_plain_read_only_active_newest(lar_cli: LarClient) -> None:
    active, resolved = allergy(), allergy()
    for sent in (active, resolved):
        lar_cli.register(sent)
    ids = [Allergy(sent).identifier or "" for sent in (active, resolved)]
    lar_cli.update(updated(newest(lar_cli, "1601010020", ids[0]), note="v2"))
    lar_cli.update(updated(newest(lar_cli, "1601010020", ids[1]), clinicalStatus="resolved"))
    plain = lar_cli.get(model.criteria_xml(patient="1601010020"))
    history = lar_cli.get(model.criteria_xml(patient="1601010020", include_history=True))
    assert statuses(plain) == [(ids[0], 2, "active")]
    expected = [(ids[0], 1, "active"), (ids[0], 2, "active"), (ids[1], 1, "active"), (ids[1], 2, "resolved")]
    assert statuses(history) == expected


def test_negative_consent_hides_the_allergies_unless_vaerdispring_which_minlog_records(
    lar_cli: LarClient, lar_ctl: LarControl
) -> None:
    lar_cli.register(allergy())
    lar_ctl.consent("1601010020", negative=True)
    hidden = lar_cli.get(model.criteria_xml(patient="1601010020"))
    shown = lar_cli.get(model.criteria_xml(patient="1601010020", consent_override=True))
    assert (hidden.status_code, len(hidden.allergies)) == ("NegativeConsent", 0)
    assert (shown.status_code, len(shown.allergies)) == ("Success", 1)
    [entry] = lar_ctl.minlog()
    assert (entry["patient"], entry["consent_override"], entry["overridden"]) == (
        "1601010020",
        True,
        "negative",
    )
    assert entry["care_provider"] == "medcom:cvrnumber:25520041"


def test_data_specific_consent_withholds_part_of_the_data(lar_cli: LarClient, lar_ctl: LarControl) -> None:
    kept, withheld = allergy(), allergy()
    for sent in (kept, withheld):
        lar_cli.register(sent)
    lar_ctl.consent("1601010020", withheld=[Allergy(withheld).identifier or ""])
    reply = lar_cli.get(model.criteria_xml(patient="1601010020"))
    assert reply.status_code == "SuccessButDataSpecificConsent"
    assert [a.identifier for a in reply.allergies] == [Allergy(kept).identifier]


def test_each_backend_outage_has_its_status_and_register_needs_only_cave(
    lar_cli: LarClient, lar_ctl: LarControl
) -> None:
    expected = {
        "cave": "ProblemCallingCave",
        "msb": "MsbTechnicalError",
        "brs": "TreatmentRelationTechhnicalError",
        "samtykke": "SamtykkeTechnicalError",
        "minlog": "MinLogTechnicalError",
    }
    lar_cli.register(allergy())
    for backend, status in expected.items():
        lar_ctl.backends_down(backend)
        reply = lar_cli.get(model.criteria_xml(patient="1601010020"))
        assert (reply.status_code, reply.allergies) == (status, []), backend
        registered = lar_cli.register(allergy())
        assert registered.status_code == ("ProblemCallingCave" if backend == "cave" else "Success"), backend
    lar_ctl.backends_down()
    assert lar_ctl.minlog() == []


def test_the_control_api_refuses_malformed_arrangements(
    lar_sim: embedded.RunningLar, lar_ctl: LarControl
) -> None:
    base = f"{lar_sim.endpoint.control_url}/_konform/lar"
    with requests.Session() as session:
        session.trust_env = False
        assert session.put(f"{base}/backends", json={"down": ["dns"]}, timeout=30).status_code == 400
        assert session.put(f"{base}/consent", json={"negative": True}, timeout=30).status_code == 400
        assert session.put(f"{base}/whitelist", json={"cvrs": "25520041"}, timeout=30).status_code == 400
        trusted = session.get(f"{base}/sts", timeout=30).json()["trusted_sts"]
    assert [entry["subject"] for entry in trusted] == ["CN=konform test STS,O=konform test PKI,C=SE"]


def test_the_whitelist_decides_not_authorized(lar_cli: LarClient, lar_ctl: LarControl) -> None:
    lar_ctl.whitelist(["12345674"])
    assert lar_cli.register(allergy()).fault_code == "not_authorized"
    lar_ctl.whitelist(None)
    assert lar_cli.register(allergy()).status_code == "Success"


def test_a_replayed_message_id_is_refused_naming_the_replay(lar_cli: LarClient, lar_cards: Cards) -> None:
    first = lar_cli.send(model.REGISTER, allergy(), message_id="replayed-1")
    again = lar_cli.send(model.REGISTER, allergy(), message_id="replayed-1")
    assert first.status_code == "Success"
    assert (again.http_status, again.fault_code) == (500, "processing_problem")
    assert "replay" in (again.fault_string or "")


def test_the_verifier_reads_the_simulators_clock(lar_cli: LarClient, lar_ctl: LarControl) -> None:
    lar_ctl.advance_clock(timedelta(hours=2).total_seconds())
    assert lar_cli.register(allergy()).fault_code == "expired_idcard"


def test_an_unknown_operation_after_a_valid_header_is_a_processing_problem(lar_cli: LarClient) -> None:
    operation = model.Operation("DeletePatientAllergy", 3)
    reply = lar_cli.send(operation, allergy())
    assert (reply.http_status, reply.fault_code) == (500, "processing_problem")
    assert "DeletePatientAllergy" in (reply.fault_string or "")


def test_replies_follow_the_schema(lar_cli: LarClient) -> None:
    for reply in (
        lar_cli.register(allergy()),
        lar_cli.get(model.criteria_xml(patient="1601010020", include_history=True)),
        lar_cli.send(model.REGISTER, allergy(clinicalStatus="Active")),
    ):
        body = xml.parse(reply.exchange.response_body).find("{http://schemas.xmlsoap.org/soap/envelope/}Body")
        assert body is not None and schema.schema().validate(body[0]), schema.schema().error_log


def test_the_wsdl_names_the_address_it_was_fetched_from(
    lar_sim: embedded.RunningLar, lar_ctl: LarControl
) -> None:
    with requests.Session() as session:
        session.trust_env = False
        wsdl = session.get(lar_sim.endpoint.url + "?wsdl", timeout=30)
        xsd = session.get(lar_sim.endpoint.url.rsplit("/", 1)[0] + "/" + schema.ALLERGY_XSD.name, timeout=30)
    address = etree.fromstring(wsdl.content).find(".//{http://schemas.xmlsoap.org/wsdl/soap/}address")
    assert address is not None and address.get("location") == lar_sim.endpoint.url
    assert xsd.status_code == 200 and b"MedicationAllergyIntoleranceReduced" in xsd.content


def test_reset_keeps_the_fault_profile(lar_ctl: LarControl) -> None:
    lar_ctl.select_profile("updates-inactive")
    lar_ctl.reset()
    assert lar_ctl.call("GET", "/_konform/fault")["profile"] == "updates-inactive"


def test_state_survives_a_restart(tmp_path: Path) -> None:
    first = embedded.start(tmp_path)
    with LarClient(first.endpoint, Cards(first.endpoint).card(4)) as client:
        client.register(allergy())
    first.stop()
    again = embedded.start(tmp_path)
    try:
        assert len(again.simulator.state.of_patient("1601010020")) == 1
    finally:
        again.stop()


def test_message_ids_are_forgotten_once_their_card_has_expired(tmp_path: Path) -> None:
    simulator = LarSimulator.open(tmp_path / "lar.sqlite", trusted_sts=[])
    memory = SqliteMessageIds(simulator.db)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert memory.first_use("m", until=now + timedelta(hours=1), now=now)
    assert not memory.first_use("m", until=now + timedelta(hours=1), now=now + timedelta(minutes=59))
    assert memory.first_use("m", until=now + timedelta(hours=3), now=now + timedelta(hours=1))
    assert isinstance(simulator.clock, Clock)


def test_every_profile_documents_its_deviation_and_breaks_catalogue_ids() -> None:
    """A fault profile breaks the guide's words or departs from konform's readings; only the
    correct simulator and the independently written LAR do neither."""
    known = catalogue.load()
    for name, profile in profiles(LarBehaviour).items():
        assert profile.deviation, name
        assert all(requirement in known for requirement in profile.breaks | profile.readings), name
        assert name in ("correct", "independent") or profile.breaks or profile.readings, name
        assert name != "correct" or not (profile.breaks or profile.readings), name
        assert name != "independent" or not profile.breaks, name


def test_the_guides_examples_need_only_a_header(
    lar_cli: LarClient, lar_client_at: Callable[[int], LarClient]
) -> None:
    register = lar_cli.send(model.REGISTER, example_content("register-request"))
    get = lar_client_at(4).send(model.GET, example_content("get-request"))
    assert (register.status_code, get.status_code) == ("Success", "Success")
    assert [a.identifier for a in get.allergies] == ["494de20b-32ec-4955-8886-5514bd063c25"]

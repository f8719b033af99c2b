"""The SPOR simulator answers as the guide and the catalogue's breach table say."""

from __future__ import annotations

from typing import Any

import requests
import zeep
from lxml import etree

from konform import catalogue, soap
from konform.faults import profiles
from konform.spor import embedded
from konform.spor.behaviour import SporBehaviour
from konform.spor.client import SporClient, SporControl, answer_of
from konform.spor.model import request_xml

Example = Any
NR = "2200054"


def values(element: etree._Element | None) -> dict[str, str]:
    assert element is not None
    return {etree.QName(child).localname: "".join(child.itertext()) for child in element}


def test_a_new_behandlingsnummer_is_created_and_a_resend_updates_it(
    spor_cli: SporClient, spor_ctl: SporControl, spor_example: Example
) -> None:
    first = spor_cli.post_registrations([spor_example()])
    again = spor_cli.post_registrations([spor_example()])
    assert [(r.code, r.text) for r in first] == [("OK", f"Skapade: {NR}")]
    assert [(r.code, r.text) for r in again] == [("OK", f"Uppdaterade: {NR}")]
    assert values(spor_ctl.registration(NR)) == values(spor_example())


def test_a_resend_replaces_the_whole_registration(
    spor_cli: SporClient, spor_ctl: SporControl, spor_example: Example
) -> None:
    spor_cli.post_registrations([spor_example()])
    spor_cli.post_registrations([spor_example(kommentar=None, operationsslut=None)])
    stored = values(spor_ctl.registration(NR))
    assert "kommentar" not in stored
    assert "operationsslut" not in stored
    assert stored["operationsstart"] == "2022-04-13T13:54:22+01:00"


def test_an_unknown_system_id_gets_the_guides_error_text_and_nothing_is_stored(
    spor_cli: SporClient, spor_ctl: SporControl, spor_example: Example
) -> None:
    results = spor_cli.post_registrations([spor_example(systemId="SE13-137")])
    expected = (
        "Systemet kunde inte ta emot registreringen: 2200054 "
        "Systemet SE13-137 som angivits i SystemId hittas inte"
    )
    assert [(r.code, r.text) for r in results] == [("ERROR", expected)]
    assert spor_ctl.registration(NR) is None


def test_a_unit_registered_through_the_control_api_is_known(
    spor_cli: SporClient, spor_ctl: SporControl, spor_example: Example
) -> None:
    spor_ctl.add_unit("SE13-137")
    assert "SE13-137" in spor_ctl.units()
    assert spor_cli.post_registrations([spor_example(systemId="SE13-137")])[0].code == "OK"


def test_a_bad_check_digit_is_an_error_naming_number_and_behandlingsnummer(
    spor_cli: SporClient, spor_ctl: SporControl, spor_example: Example
) -> None:
    [result] = spor_cli.post_registrations([spor_example(personnummer="191212121213")])
    assert result.code == "ERROR"
    assert "2200054" in result.text
    assert "191212121213" in result.text
    assert spor_ctl.registration(NR) is None


def test_a_samordningsnummer_is_accepted(spor_cli: SporClient, spor_example: Example) -> None:
    [result] = spor_cli.post_registrations([spor_example(personnummer="197010632391")])
    assert (result.code, result.text) == ("OK", f"Skapade: {NR}")


def test_each_registration_of_a_request_gets_its_own_result(
    spor_cli: SporClient, spor_ctl: SporControl, spor_example: Example
) -> None:
    results = spor_cli.post_registrations(
        [spor_example(), spor_example(behandlingsnummer="2200055", systemId="SE13-137")]
    )
    assert [r.code for r in results] == ["OK", "ERROR"]
    assert [r["behandlingsnummer"] for r in spor_ctl.registrations()] == [NR]


def test_a_schema_error_answers_500_with_the_unmarshalling_error_and_stores_nothing(
    spor_cli: SporClient, spor_ctl: SporControl, spor_example: Example
) -> None:
    answer = spor_cli.send([spor_example(behandlingsnummer="2200055"), spor_example(atgarder=["H-CAR"])])
    assert answer.status == 500
    assert answer.fault == (
        "Unmarshalling Error: cvc-pattern-valid: Value 'H-CAR' is not facet-valid with respect to pattern "
        "'(\\w\\w\\d\\d\\d)|(\\w\\w\\w\\d\\d)' for type 'kvakod'."
    )
    assert spor_ctl.registrations() == []


def test_a_recipient_message_split_other_than_spor_is_a_schema_error(
    spor_cli: SporClient, spor_ctl: SporControl, spor_example: Example
) -> None:
    answer = spor_cli.send([spor_example(recipientMessageSplit="NKR")])
    assert answer.status == 500
    assert answer.fault is not None
    assert answer.fault.startswith("Unmarshalling Error: cvc-enumeration-valid: Value 'NKR'")
    assert spor_ctl.registrations() == []


def test_an_implausible_registration_is_stored_ok_and_listed_until_corrected(
    spor_cli: SporClient, spor_ctl: SporControl, spor_example: Example
) -> None:
    implausible = spor_example(operationsslut="2022-04-13T12:00:00+01:00")
    [result] = spor_cli.post_registrations([implausible])
    assert (result.code, result.text) == ("OK", f"Skapade: {NR}")
    assert spor_ctl.registration(NR) is not None
    reasons = spor_ctl.fellista()[NR]
    assert any("Operationsslut" in reason for reason in reasons)
    spor_cli.post_registrations([implausible])
    assert NR in spor_ctl.fellista()
    spor_cli.post_registrations([spor_example()])
    assert NR not in spor_ctl.fellista()


def test_the_fellista_entry_carries_the_simulator_clock(
    spor_cli: SporClient, spor_ctl: SporControl, spor_example: Example
) -> None:
    spor_ctl.set_clock("2022-04-14T03:30:00+02:00")
    spor_cli.post_registrations([spor_example(operationsslut="2022-04-13T12:00:00+01:00")])
    [entry] = spor_ctl.call("GET", "/_konform/spor/fellista")["fellista"]
    assert entry["since"] == "2022-04-14T03:30:00+02:00"


def test_the_wsdl_names_the_listener_and_its_schema_is_served_beside_it(
    spor_sim: embedded.RunningSpor, spor_cli: SporClient
) -> None:
    exchange = spor_cli.wsdl()
    assert exchange.status == 200
    root = etree.fromstring(exchange.response_body)
    [address] = root.iter("{http://schemas.xmlsoap.org/wsdl/soap/}address")
    assert address.get("location") == spor_sim.endpoint.url
    session = requests.Session()
    session.trust_env = False
    session.verify = str(spor_sim.pki.ca)
    session.cert = (str(spor_sim.pki.client_cert), str(spor_sim.pki.client_key))
    with session:
        client = zeep.Client(spor_sim.endpoint.url + "?wsdl", transport=zeep.Transport(session=session))
        assert "postRegistration" in dir(client.service)


def test_get_without_wsdl_is_a_soap_fault(spor_sim: embedded.RunningSpor) -> None:
    response = requests.get(spor_sim.no_certificate_url, verify=str(spor_sim.pki.ca))
    assert response.status_code == 405
    assert soap.parse_fault(response.content) is not None


def test_an_upload_is_all_or_nothing(
    spor_cli: SporClient, spor_ctl: SporControl, spor_example: Example
) -> None:
    good = etree.tostring(request_xml([spor_example(), spor_example(behandlingsnummer="2200055")]))
    bad = etree.tostring(
        request_xml([spor_example(behandlingsnummer="2200056"), spor_example(systemId="SE13-137")])
    )
    refused = spor_cli.upload(bad)
    assert refused.status == 400
    assert refused.response_body.decode() == (
        "Dataöverföringen misslyckades: Systemet kunde inte ta emot registreringen: 2200054 "
        "Systemet SE13-137 som angivits i SystemId hittas inte"
    )
    assert spor_ctl.registrations() == []
    taken = spor_cli.upload(good)
    assert (taken.status, taken.response_body.decode()) == (200, "Dataöverföringen lyckades")
    assert sorted(r["behandlingsnummer"] for r in spor_ctl.registrations()) == [NR, "2200055"]


def test_an_upload_uses_the_same_schema(spor_cli: SporClient, spor_example: Example) -> None:
    body = etree.tostring(request_xml([spor_example(atgarder=["H-CAR"])]))
    text = spor_cli.upload(body).response_body.decode()
    prefix = "Dataöverföringen misslyckades: Unmarshalling Error: cvc-pattern-valid: Value 'H-CAR'"
    assert text.startswith(prefix)


def test_an_upload_may_exceed_the_web_service_body_limit(
    spor_sim: embedded.RunningSpor, spor_cli: SporClient, spor_ctl: SporControl, spor_example: Example
) -> None:
    registrations = [spor_example(behandlingsnummer=str(3000000 + n)) for n in range(9000)]
    body = etree.tostring(request_xml(registrations))
    assert len(body) > spor_sim.simulator.max_body
    taken = spor_cli.upload(body)
    assert (taken.status, taken.response_body.decode()) == (200, "Dataöverföringen lyckades")
    assert len(spor_ctl.registrations()) == 9000


def test_every_message_is_recorded(
    spor_cli: SporClient, spor_ctl: SporControl, spor_example: Example
) -> None:
    spor_cli.send([spor_example()])
    spor_cli.post(b"not xml")
    received = spor_ctl.received()
    assert [r["status"] for r in received] == [200, 500]
    assert "2200054" in str(received[0]["body"])


def test_a_reset_forgets_the_data_but_keeps_the_fault_profile(
    spor_cli: SporClient, spor_ctl: SporControl, spor_example: Example
) -> None:
    spor_cli.send([spor_example()])
    spor_ctl.add_unit("SE13-137")
    spor_ctl.select_profile("skapade-on-update")
    spor_ctl.reset()
    assert spor_ctl.registrations() == []
    assert spor_ctl.units() == [embedded.DEFAULT_UNIT]
    assert spor_ctl.call("GET", "/_konform/fault")["profile"] == "skapade-on-update"


def test_an_unknown_fault_profile_is_refused(spor_sim: embedded.RunningSpor, spor_ctl: SporControl) -> None:
    response = spor_ctl.session.put(spor_ctl.base + "/_konform/fault", json={"profile": "nonsense"})
    assert response.status_code == 400
    assert "nonsense" in response.json()["error"]


def test_a_registration_that_is_not_stored_is_404(spor_ctl: SporControl) -> None:
    response = spor_ctl.session.get(spor_ctl.base + "/_konform/spor/registrations/999")
    assert response.status_code == 404


def test_a_raw_answer_parses_like_a_zeep_answer(spor_cli: SporClient, spor_example: Example) -> None:
    from konform.spor.client import envelope

    raw = answer_of(spor_cli.post(envelope([spor_example()])))
    assert [(r.behandlingsnummer, r.code, r.text) for r in raw.results] == [(NR, "OK", f"Skapade: {NR}")]


def test_every_fault_profile_names_one_deviation_and_the_spor_ids_it_breaks() -> None:
    found = profiles(SporBehaviour)
    spor_ids = {r.id for r in catalogue.load().values() if r.registry == "SPOR"}
    deviating = {name: p for name, p in found.items() if name not in ("correct", "independent")}
    assert len(deviating) >= 10
    for name, profile in deviating.items():
        assert profile.breaks, name
        assert profile.breaks <= spor_ids, name
        assert profile.reading_breaks <= profile.breaks, name
        assert profile.deviation != SporBehaviour.deviation, name
    assert found["independent"].breaks == frozenset()  # correct, only written differently


def test_serve_refuses_an_unknown_fault_profile(tmp_path: Any) -> None:
    from click.testing import CliRunner

    from konform.cli import main

    result = CliRunner().invoke(main, ["serve", "spor", "--folder", str(tmp_path), "--fault", "bogus"])
    assert result.exit_code == 2
    assert "unknown fault profile" in result.output
    assert "accepts-bad-luhn" in result.output

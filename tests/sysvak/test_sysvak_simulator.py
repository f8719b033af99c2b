"""The SYSVAK simulator: its transport (200, 202 and the answer queue), its state and its control API."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from generators import sysvak as gen
from konform.control import ControlError
from konform.sysvak import embedded
from konform.sysvak.client import SysvakClient, SysvakControl
from konform.sysvak.model import (
    HendelseResponse,
    KodeverkRequest,
    Kriterier,
    SokRequest,
    SokResponse,
    Vaksinand,
)
from konform.sysvak.simulator import SysvakSimulator

CHILD = "03852150024"
MMR = gen.hendelse("MMR", date(2022, 5, 3))


def register(client: SysvakClient, number: str = CHILD, event: object = MMR) -> HendelseResponse:
    answer = client.send(gen.request_for(Vaksinand(gen.person_ident(number)), event))  # type: ignore[arg-type]
    assert answer.status == 200, answer.exchange.response_body
    assert isinstance(answer.response, HendelseResponse)
    return answer.response


def search(client: SysvakClient, number: str) -> SokResponse:
    response = client.send(SokRequest(gen.UNIT, Kriterier(person_ident=gen.person_ident(number)))).response
    assert isinstance(response, SokResponse)
    return response


def test_an_answer_is_a_utf8_msghead_with_the_response_type(sysvak_cli: SysvakClient) -> None:
    answer = sysvak_cli.send(KodeverkRequest(gen.UNIT, "bostedsomrader"))
    assert answer.status == 200
    assert answer.exchange.response_headers["content-type"] == "application/xml; charset=utf-8"
    assert answer.message is not None
    assert (answer.message.view.type_v.value, answer.message.view.type_dn.value) == ("KODEVERKRESPONSE",) * 2
    assert "Grünerløkka" in answer.exchange.response_body.decode("utf-8")


def test_a_message_waits_while_folkeregisteret_is_down_and_is_answered_once_it_is_back(
    sysvak_cli: SysvakClient, sysvak_ctl: SysvakControl
) -> None:
    sysvak_ctl.add_persons({"ident": CHILD})
    sysvak_ctl.set_subsystem(available=False)
    waiting = sysvak_cli.send(gen.request_for(Vaksinand(gen.person_ident(CHILD)), MMR))
    assert (waiting.status, waiting.exchange.response_body) == (202, b"")
    assert sysvak_cli.collect(waiting.msg_id).status == 404
    sysvak_ctl.set_subsystem(available=True)
    first, second = sysvak_cli.collect(waiting.msg_id), sysvak_cli.collect(waiting.msg_id)
    assert first.status == second.status == 200
    assert first.response_body == second.response_body
    assert [e["aksjon"] for e in sysvak_ctl.events()] == ["ny"]


def test_a_kodeverkrequest_needs_no_folkeregister_and_is_answered_while_it_is_down(
    sysvak_cli: SysvakClient, sysvak_ctl: SysvakControl
) -> None:
    sysvak_ctl.set_subsystem(available=False)
    assert sysvak_cli.send(KodeverkRequest(gen.UNIT, "9051")).status == 200


def test_a_message_behind_a_waiting_one_waits_too_so_the_order_holds(
    sysvak_cli: SysvakClient, sysvak_ctl: SysvakControl
) -> None:
    sysvak_ctl.add_persons({"ident": CHILD})
    sysvak_ctl.set_subsystem(available=False)
    sysvak_cli.send(gen.request_for(Vaksinand(gen.person_ident(CHILD)), MMR))
    behind = sysvak_cli.send(KodeverkRequest(gen.UNIT, "9051"))
    assert behind.status == 202
    sysvak_ctl.set_subsystem(available=True)
    assert sysvak_cli.collect(behind.msg_id).status == 200


def test_a_held_mottak_processes_in_arrival_order_when_polled(
    sysvak_cli: SysvakClient, sysvak_ctl: SysvakControl
) -> None:
    sysvak_ctl.add_persons({"ident": CHILD})
    sysvak_ctl.hold_mottak(held=True)
    for batch in ("A1", "B2", "C3"):
        event = gen.hendelse("MMR", date(2022, 5, 3), batchnummer=batch)
        assert sysvak_cli.send(gen.request_for(Vaksinand(gen.person_ident(CHILD)), event)).status == 202
    assert sysvak_ctl.poll() == 3
    assert [e["batchnummer"] for e in sysvak_ctl.events()] == ["C3"]
    assert [e["action"] for e in sysvak_ctl.log()] == ["ny", "endret", "endret"]


def test_the_same_msgid_twice_is_one_message_with_one_answer(
    sysvak_cli: SysvakClient, sysvak_ctl: SysvakControl
) -> None:
    first = sysvak_cli.send(gen.request_for(Vaksinand(gen.person_ident(CHILD)), MMR))
    again = sysvak_cli.send(gen.request_for(Vaksinand(gen.person_ident(CHILD)), MMR), msg_id=first.msg_id)
    assert first.exchange.response_body == again.exchange.response_body
    assert len(sysvak_ctl.uten_ident()) == 1
    assert len(sysvak_ctl.events()) == 1


def test_an_answer_to_a_message_that_never_came_is_404(sysvak_cli: SysvakClient) -> None:
    assert sysvak_cli.collect("no-such-message").status == 404


def test_a_person_who_moved_is_shown_at_the_new_address(
    sysvak_cli: SysvakClient, sysvak_ctl: SysvakControl
) -> None:
    sysvak_ctl.add_persons({"ident": CHILD, "adresse": {"adresselinje": "Storgata 1", "postnummer": "0182"}})
    register(sysvak_cli)
    sysvak_ctl.add_persons(
        {"ident": CHILD, "adresse": {"adresselinje": "Fjellveien 7", "postnummer": "5003"}}
    )
    [treff] = search(sysvak_cli, CHILD).treff
    assert treff.person.adresse is not None and treff.person.adresse.gateadresse is not None
    assert treff.person.adresse.gateadresse.adresselinje == "Fjellveien 7"
    assert treff.person.adresse.bostedsomrade is not None
    assert (treff.person.adresse.bostedsomrade.fylke, treff.person.adresse.bostedsomrade.kommune) == (
        "46",
        "4601",
    )


def test_reidentification_links_a_parked_number_once_folkeregisteret_knows_it(
    sysvak_cli: SysvakClient, sysvak_ctl: SysvakControl
) -> None:
    response = register(sysvak_cli)
    assert response.vaksinand_ident is None
    assert search(sysvak_cli, CHILD).treff == ()
    sysvak_ctl.add_persons({"ident": CHILD})
    assert sysvak_ctl.reidentify() == 1
    assert [h.vaksinekode for t in search(sysvak_cli, CHILD).treff for h in t.hendelser] == ["MMR"]
    assert sysvak_ctl.reidentify() == 0


def test_the_control_api_refuses_an_h_number_for_folkeregisteret(sysvak_ctl: SysvakControl) -> None:
    with pytest.raises(ControlError, match="H-nummer"):
        sysvak_ctl.add_persons({"ident": "14422250183"})


def test_the_search_cap_is_a_setting_and_reset_restores_it(sysvak_ctl: SysvakControl) -> None:
    assert sysvak_ctl.settings(max_hits=5)["max_hits"] == 5
    with pytest.raises(ControlError, match="positive integer"):
        sysvak_ctl.settings(max_hits=0)
    sysvak_ctl.reset()
    assert sysvak_ctl.settings()["max_hits"] == 10


def test_reset_forgets_the_data_but_keeps_the_fault_profile(
    sysvak_cli: SysvakClient, sysvak_ctl: SysvakControl
) -> None:
    sysvak_ctl.select_profile("newest-first")
    register(sysvak_cli)
    sysvak_ctl.reset()
    assert sysvak_ctl.events() == []
    assert sysvak_ctl.call("GET", "/_konform/fault")["profile"] == "newest-first"


def test_an_unknown_fault_profile_is_refused(sysvak_ctl: SysvakControl) -> None:
    with pytest.raises(ControlError, match="unknown fault profile"):
        sysvak_ctl.select_profile("no-such-profile")


def test_every_message_received_is_recorded(sysvak_cli: SysvakClient, sysvak_ctl: SysvakControl) -> None:
    sysvak_cli.post(b"not xml")
    sysvak_cli.send(KodeverkRequest(gen.UNIT, "9051"))
    assert [r["status"] for r in sysvak_ctl.received()] == [400, 200]


def test_state_survives_a_restart(tmp_path: Path) -> None:
    first = embedded.start(tmp_path)
    try:
        SysvakControl(str(first.endpoint.control_url)).add_persons({"ident": CHILD})
        with SysvakClient(first.endpoint) as client:
            register(client)
    finally:
        first.stop()
    again = SysvakSimulator.open(tmp_path / "sysvak.sqlite")
    assert [e.hendelse.vaksinekode for e in again.store.events()] == ["MMR"]
    again.db.close()


def test_finding_the_waiting_messages_does_not_read_the_whole_inbox(tmp_path: Path) -> None:
    simulator = SysvakSimulator.open(tmp_path / "sysvak.sqlite")
    statements: list[str] = []
    simulator.db.set_trace_callback(statements.append)
    simulator.mottak.pending()
    simulator.db.set_trace_callback(None)
    plans = [
        " ".join(row[3] for row in simulator.db.execute(f"EXPLAIN QUERY PLAN {statement}"))
        for statement in statements
        if statement.lstrip().upper().startswith("SELECT")
    ]
    simulator.db.close()
    assert plans, "pending() ran no query"
    assert not [plan for plan in plans if re.search(r"SCAN sysvak_inbox(?! USING)", plan)], plans

"""SPOR's certificate entries require a client certificate from the shared root (§3.1, §7.2.1)."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from konform.spor import embedded
from konform.spor.client import SporClient, SporControl


def untrusted(spor_sim: embedded.RunningSpor) -> tuple[Any, Any]:
    return spor_sim.pki.untrusted_client_cert, spor_sim.pki.untrusted_client_key


def test_a_client_certificate_from_the_shared_root_is_answered(
    spor_cli: SporClient, spor_example: Any
) -> None:
    assert spor_cli.send([spor_example()]).status == 200


def test_a_certificate_from_another_ca_fails_the_handshake(
    spor_sim: embedded.RunningSpor, spor_ctl: SporControl, spor_example: Any
) -> None:
    with (
        SporClient(spor_sim.endpoint, certificate=untrusted(spor_sim)) as client,
        pytest.raises(requests.exceptions.ConnectionError),
    ):
        client.send([spor_example()])
    assert spor_ctl.received() == []


def test_no_certificate_fails_the_handshake_on_the_certificate_entry(
    spor_sim: embedded.RunningSpor, spor_ctl: SporControl, spor_example: Any
) -> None:
    refused = pytest.raises(requests.exceptions.ConnectionError)
    with SporClient(spor_sim.endpoint, certificate=None) as client, refused:
        client.send([spor_example()])
    assert spor_ctl.received() == []


def test_the_utan_certifikat_entry_answers_without_a_certificate(
    spor_sim: embedded.RunningSpor, spor_ctl: SporControl, spor_example: Any
) -> None:
    with SporClient(spor_sim.endpoint, url=spor_sim.no_certificate_url, certificate=None) as client:
        [result] = client.post_registrations([spor_example()])
    assert (result.code, result.text) == ("OK", "Skapade: 2200054")


def test_the_client_refuses_a_server_it_cannot_verify(
    spor_sim: embedded.RunningSpor, spor_ctl: SporControl, spor_example: Any
) -> None:
    from dataclasses import replace

    wrong_ca = replace(spor_sim.endpoint, ca=spor_sim.pki.untrusted_ca)
    with SporClient(wrong_ca) as client, pytest.raises(requests.exceptions.SSLError):
        client.send([spor_example()])


def test_the_lenient_profile_lets_the_untrusted_certificate_in_and_back_out(
    spor_sim: embedded.RunningSpor, spor_ctl: SporControl, spor_example: Any
) -> None:
    spor_ctl.select_profile("accepts-untrusted-certificate")
    with SporClient(spor_sim.endpoint, certificate=untrusted(spor_sim)) as client:
        assert client.send([spor_example()]).status == 200
    spor_ctl.select_profile("correct")
    with (
        SporClient(spor_sim.endpoint, certificate=untrusted(spor_sim)) as client,
        pytest.raises(requests.exceptions.ConnectionError),
    ):
        client.send([spor_example()])


def test_a_refused_handshake_is_recorded_as_evidence(
    spor_sim: embedded.RunningSpor, spor_ctl: SporControl, spor_example: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from konform import recording

    recorded: list[Any] = []

    def remember(exchange: Any) -> Any:
        recorded.append(exchange)
        return exchange

    monkeypatch.setattr(recording, "record", remember)
    refused = pytest.raises(requests.exceptions.ConnectionError)
    with SporClient(spor_sim.endpoint, certificate=None) as client, refused:
        client.send([spor_example()])
    [exchange] = recorded
    assert exchange.error is not None
    assert exchange.status is None
    assert "--cacert" in exchange.curl()

"""Simulator listeners: mutual TLS from the test CA, and the lenient switch fault profiles use."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from konform import pki
from konform.server import Server, Tls


async def hello(_request: object) -> PlainTextResponse:
    return PlainTextResponse("hej")


APP = Starlette(routes=[Route("/", hello)])


@pytest.fixture(scope="module")
def test_pki(tmp_path_factory: pytest.TempPathFactory) -> pki.Pki:
    return pki.ensure(tmp_path_factory.mktemp("pki"))


@pytest.fixture
def mtls_server(test_pki: pki.Pki) -> Iterator[Server]:
    tls = Tls(
        test_pki.server_cert,
        test_pki.server_key,
        client_cas=[test_pki.ca],
        lenient_cas=[test_pki.untrusted_ca],
    )
    server = Server(APP, tls=tls).start()
    yield server
    server.stop()


def get(server: Server, ca: Path, cert: tuple[Path, Path] | None) -> requests.Response:
    session = requests.Session()
    session.trust_env = False
    return session.get(server.url + "/", verify=str(ca), cert=tuple(map(str, cert)) if cert else None)


def test_a_client_certificate_from_the_test_ca_is_served(mtls_server: Server, test_pki: pki.Pki) -> None:
    response = get(mtls_server, test_pki.ca, (test_pki.client_cert, test_pki.client_key))
    assert response.text == "hej"


def test_no_client_certificate_ends_in_a_failed_handshake(mtls_server: Server, test_pki: pki.Pki) -> None:
    with pytest.raises(requests.exceptions.ConnectionError):
        get(mtls_server, test_pki.ca, None)


def test_an_untrusted_client_certificate_is_refused_until_lenient(
    mtls_server: Server, test_pki: pki.Pki
) -> None:
    untrusted = (test_pki.untrusted_client_cert, test_pki.untrusted_client_key)
    with pytest.raises(requests.exceptions.ConnectionError):
        get(mtls_server, test_pki.ca, untrusted)
    assert mtls_server.tls is not None
    mtls_server.tls.lenient = True
    assert get(mtls_server, test_pki.ca, untrusted).text == "hej"


def test_port_zero_gives_distinct_free_ports(test_pki: pki.Pki) -> None:
    first, second = Server(APP).start(), Server(APP).start()
    try:
        assert first.port != second.port
        assert requests.get(first.url + "/", timeout=30).text == "hej"
    finally:
        first.stop()
        second.stop()


def test_a_handshake_without_a_client_certificate_is_logged_naming_the_peer_and_the_rule(
    test_pki: pki.Pki, caplog: pytest.LogCaptureFixture
) -> None:
    tls = Tls(
        test_pki.server_cert, test_pki.server_key, client_cas=[test_pki.ca], requirement="SPOR-3.1-MTLS"
    )
    server = Server(APP, tls=tls).start()
    try:
        with caplog.at_level(logging.INFO, logger="konform.server"), pytest.raises(requests.ConnectionError):
            get(server, test_pki.ca, None)
        with caplog.at_level(logging.INFO, logger="konform.server"), pytest.raises(requests.ConnectionError):
            get(server, test_pki.ca, (test_pki.untrusted_client_cert, test_pki.untrusted_client_key))
        assert get(server, test_pki.ca, (test_pki.client_cert, test_pki.client_key)).text == "hej"
    finally:
        server.stop()
    lines = [record.getMessage() for record in caplog.records if record.name == "konform.server"]
    peer = r"127\.0\.0\.1:\d+"
    assert len(lines) == 2, lines
    assert re.fullmatch(
        f"TLS handshake without a client certificate from {peer}: refused \\(SPOR-3.1-MTLS\\)", lines[0]
    )
    untrusted = "with a client certificate no trusted CA signed"
    assert re.fullmatch(f"TLS handshake {untrusted} from {peer}: refused \\(SPOR-3.1-MTLS\\)", lines[1])

"""examples/requests/spor/: each file, each curl line and each Python snippet gets SPOR's success answer."""

from __future__ import annotations

import pytest
import requests
from lxml import etree

from konform.spor import embedded
from konform.spor.client import SporControl
from konform.spor.schema import NS
from tests.example_requests import EXAMPLES, files, run_python, run_shell

SPOR = EXAMPLES / "spor"


def env(sim: embedded.RunningSpor) -> dict[str, str]:
    endpoint = sim.endpoint
    return {
        "KONFORM_SPOR_URL": endpoint.url,
        "KONFORM_SPOR_UPLOAD_URL": str(endpoint.options["upload_url"]),
        "KONFORM_SPOR_CA": str(endpoint.ca),
        "KONFORM_SPOR_CLIENT_CERT": str(endpoint.client_cert),
        "KONFORM_SPOR_CLIENT_KEY": str(endpoint.client_key),
    }


@pytest.fixture
def mtls(spor_sim: embedded.RunningSpor) -> requests.Session:
    session = requests.Session()
    session.trust_env = False
    session.cert = (str(spor_sim.endpoint.client_cert), str(spor_sim.endpoint.client_key))
    session.verify = str(spor_sim.endpoint.ca)
    return session


def results(body: bytes) -> list[tuple[str, str, str]]:
    """(behandlingsnummer, resultCode, resultText) of each result in a postRegistrationResponse."""

    def text(result: etree._Element, name: str) -> str:
        return result.findtext(f"{{{NS}}}{name}") or ""

    return [
        (text(result, "behandlingsnummer"), text(result, "resultCode"), text(result, "resultText"))
        for result in etree.fromstring(body).iter(f"{{{NS}}}result")
    ]


def test_the_folder_holds_the_requests_these_tests_send() -> None:
    assert files("spor") == {"postRegistration.xml", "upload.xml"}


def test_postregistration_example_is_created_and_then_updated(
    spor_sim: embedded.RunningSpor, spor_ctl: SporControl, mtls: requests.Session
) -> None:
    body = (SPOR / "postRegistration.xml").read_bytes()
    headers = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": '"postRegistration"'}
    first = mtls.post(spor_sim.endpoint.url, data=body, headers=headers)
    again = mtls.post(spor_sim.endpoint.url, data=body, headers=headers)
    assert (first.status_code, results(first.content)) == (200, [("2200054", "OK", "Skapade: 2200054")])
    assert (again.status_code, results(again.content)) == (200, [("2200054", "OK", "Uppdaterade: 2200054")])


def test_upload_example_stores_both_registrations(
    spor_sim: embedded.RunningSpor, spor_ctl: SporControl, mtls: requests.Session
) -> None:
    answer = mtls.post(
        str(spor_sim.endpoint.options["upload_url"]),
        data=(SPOR / "upload.xml").read_bytes(),
        headers={"Content-Type": "text/xml; charset=utf-8"},
    )
    assert (answer.status_code, answer.text) == (200, "Dataöverföringen lyckades")
    stored = spor_ctl.call("GET", "/_konform/spor/registrations")["registrations"]
    assert sorted(row["behandlingsnummer"] for row in stored) == ["2200054", "2200055"]


def test_upload_as_a_multipart_form_is_refused_with_400(
    spor_sim: embedded.RunningSpor, spor_ctl: SporControl, mtls: requests.Session
) -> None:
    answer = mtls.post(
        str(spor_sim.endpoint.options["upload_url"]),
        files={"file": ("upload.xml", (SPOR / "upload.xml").read_bytes(), "text/xml")},
    )
    assert answer.status_code == 400
    assert answer.text.startswith("Dataöverföringen misslyckades: filen måste vara XML (text/xml)")
    assert spor_ctl.call("GET", "/_konform/spor/registrations")["registrations"] == []


def test_readme_curl_lines_get_the_success_answers(
    spor_sim: embedded.RunningSpor, spor_ctl: SporControl
) -> None:
    registration, upload = run_shell("spor", env(spor_sim))
    assert results(registration.encode()) == [("2200054", "OK", "Skapade: 2200054")]
    assert upload == "Dataöverföringen lyckades"


def test_readme_python_snippets_get_the_success_answers(
    spor_sim: embedded.RunningSpor, spor_ctl: SporControl, monkeypatch: pytest.MonkeyPatch
) -> None:
    registration, upload = run_python("spor", env(spor_sim), monkeypatch)
    assert registration == "2200054 OK Skapade: 2200054\n"
    assert upload == "200 Dataöverföringen lyckades\n"

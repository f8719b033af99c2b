"""examples/requests/sysvak/: each file, each curl line and each snippet gets SYSVAK's akseptert answer."""

from __future__ import annotations

import pytest
import requests
from lxml import etree

from konform.sysvak import embedded
from konform.sysvak.client import SysvakControl
from tests.example_requests import EXAMPLES, files, run_python, run_shell

MSGHEAD = "http://www.kith.no/xmlstds/msghead/2006-05-24"
SYSVAK = "urn:konform:sysvak:dok31:1.0"
EXPECTED = {
    "HendelseRequest.xml": "HENDELESERESPONSE",
    "SokRequest.xml": "SOKRESPONSE",
    "KodeverkRequest.xml": "KODEVERKRESPONSE",
}


def answer(body: bytes) -> tuple[str | None, str | None]:
    """The answer MsgHead's type and its Behandlingsresultat/Status."""
    root = etree.fromstring(body)
    kind = root.find(f"{{{MSGHEAD}}}MsgInfo/{{{MSGHEAD}}}Type")
    status = root.findtext(f".//{{{SYSVAK}}}Behandlingsresultat/{{{SYSVAK}}}Status")
    return (kind.get("V") if kind is not None else None), status


def test_the_folder_holds_the_requests_these_tests_send() -> None:
    assert files("sysvak") == set(EXPECTED)


def test_each_example_is_answered_akseptert(
    sysvak_sim: embedded.RunningSysvak, sysvak_ctl: SysvakControl
) -> None:
    answers = {}
    for name in EXPECTED:
        reply = requests.post(
            sysvak_sim.endpoint.url,
            data=(EXAMPLES / "sysvak" / name).read_bytes(),
            headers={"Content-Type": "application/xml; charset=utf-8"},
        )
        answers[name] = (reply.status_code, *answer(reply.content))
    assert answers == {name: (200, kind, "akseptert") for name, kind in EXPECTED.items()}
    assert [(e["vaksinekode"], e["konsultasjonsdato"]) for e in sysvak_ctl.events()] == [
        ("MMR", "2022-05-03")
    ]


def test_readme_curl_lines_are_answered_akseptert(
    sysvak_sim: embedded.RunningSysvak, sysvak_ctl: SysvakControl
) -> None:
    outputs = run_shell("sysvak", {"KONFORM_SYSVAK_URL": sysvak_sim.endpoint.url})
    assert [answer(output.encode()) for output in outputs] == [
        (kind, "akseptert") for kind in EXPECTED.values()
    ]


def test_readme_python_snippets_are_answered_akseptert(
    sysvak_sim: embedded.RunningSysvak, sysvak_ctl: SysvakControl, monkeypatch: pytest.MonkeyPatch
) -> None:
    hendelse, sok, kodeverk = run_python(
        "sysvak", {"KONFORM_SYSVAK_URL": sysvak_sim.endpoint.url}, monkeypatch
    )
    assert (hendelse, sok) == ("('HENDELESERESPONSE', 'akseptert')\n", "('SOKRESPONSE', 'akseptert')\n")
    assert kodeverk.startswith("KODEVERKRESPONSE akseptert [") and "'MMR'" in kodeverk

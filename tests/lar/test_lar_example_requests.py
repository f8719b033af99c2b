"""examples/requests/lar/: each file (DGWS header filled), each curl line and each snippet gets Success."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
from lxml import etree

from konform.lar import embedded
from konform.lar.cards import Cards
from konform.lar.client import LarControl
from konform.lar.model import ALLERGY_NS, SERVICE_NS
from tests.example_requests import EXAMPLES, files, filled, run_python, run_shell

#: The order the README gives: the Update example needs its allergy registered first.
ORDER = (
    ("RegisterPatientAllergy.xml", "RegisterPatientAllergy"),
    ("GetPatientAllergyList.xml", "GetPatientAllergyList"),
    ("RegisterPatientAllergy-55f27e41.xml", "RegisterPatientAllergy"),
    ("UpdatePatientAllergy.xml", "UpdatePatientAllergy"),
)
REGISTERED = "494de20b-32ec-4955-8886-5514bd063c25"
UPDATED = "55f27e41-dc85-4bbb-96df-38f91735b59a"


def answer(body: bytes) -> tuple[str | None, list[tuple[str, str]]]:
    """The reply's statusCode and the (identifier, versionId) of each allergy in it."""
    root = etree.fromstring(body)
    status = root.findtext(f".//ReplyStatus/{{{SERVICE_NS}}}statusCode")
    allergies = [
        (a.findtext(f"{{{ALLERGY_NS}}}identifier") or "", a.findtext(f"{{{ALLERGY_NS}}}versionId") or "")
        for a in root.iter("MedicationAllergyIntoleranceReduced")
    ]
    return status, allergies


@pytest.fixture
def card_file(tmp_path: Path, lar_cards: Cards) -> Path:
    """A level-4 card from the simulator's STS, as `konform idcard` writes one."""
    path = tmp_path / "card.xml"
    path.write_bytes(etree.tostring(lar_cards.card(4), xml_declaration=True, encoding="UTF-8"))
    return path


def test_the_folder_holds_the_requests_these_tests_send() -> None:
    assert files("lar") == {name for name, _ in ORDER}


def test_each_example_sent_in_the_readmes_order_is_answered_success(
    lar_sim: embedded.RunningLar, lar_ctl: LarControl, card_file: Path
) -> None:
    replies = []
    for name, action in ORDER:
        reply = requests.post(
            lar_sim.endpoint.url,
            data=filled(f"lar/{name}", card_file.read_bytes()),
            headers={"Content-Type": "text/xml; charset=utf-8", "SOAPAction": f'"{action}"'},
        )
        replies.append((reply.status_code, *answer(reply.content)))
    assert replies == [
        (200, "Success", [(REGISTERED, "1")]),
        (200, "Success", [(REGISTERED, "1")]),
        (200, "Success", [(UPDATED, "1")]),
        (200, "Success", [(UPDATED, "2")]),
    ]


def test_a_template_sent_without_its_card_is_refused_naming_the_missing_card(
    lar_sim: embedded.RunningLar, lar_ctl: LarControl
) -> None:
    template = (EXAMPLES / "lar" / "GetPatientAllergyList.xml").read_bytes()
    reply = requests.post(lar_sim.endpoint.url, data=template, headers={"Content-Type": "text/xml"})
    assert reply.status_code == 500
    assert b"missing_required_header" in reply.content


def test_readme_curl_lines_get_success(
    lar_sim: embedded.RunningLar, lar_ctl: LarControl, card_file: Path
) -> None:
    outputs = run_shell(
        "lar", {"KONFORM_LAR_URL": lar_sim.endpoint.url, "KONFORM_LAR_IDCARD": str(card_file)}
    )
    assert [answer(output.encode()) for output in outputs[:2]] == [
        ("Success", [(REGISTERED, "1")]),
        ("Success", [(REGISTERED, "1")]),
    ]
    # the last block registers the Update example's allergy and updates it: two replies
    register, update = outputs[2].split("</soap:Envelope>")[:2]
    assert answer((register + "</soap:Envelope>").encode()) == ("Success", [(UPDATED, "1")])
    assert answer((update + "</soap:Envelope>").encode()) == ("Success", [(UPDATED, "2")])


def test_readme_python_snippets_get_success(
    lar_sim: embedded.RunningLar, lar_ctl: LarControl, card_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = {"KONFORM_LAR_URL": lar_sim.endpoint.url, "KONFORM_LAR_IDCARD": str(card_file)}
    assert run_python("lar", env, monkeypatch) == [
        "Success\n",
        f"Success [('{REGISTERED}', 1)]\n",
        "Success 2\n",
    ]
    stored = lar_ctl.stored(identifier=REGISTERED)
    criticality = [etree.fromstring(row["xml"]).find(f"{{{ALLERGY_NS}}}criticality") for row in stored]
    assert [
        (row["version"], c.get("value") if c is not None else None)
        for row, c in zip(stored, criticality, strict=True)
    ] == [
        (1, "high"),
        (2, "low"),
    ]

"""examples/requests/brs/: each file (DGWS header filled), each curl line and snippet gets its answer."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
from lxml import etree

from konform.brs import embedded
from konform.brs.control_client import BrsControl
from tests.example_requests import files, filled, run_python, run_shell

BRS_NS = "http://nsi.dk/fmki20110601/brs"
NOTIFICATION_NS = "http://nsi.dk/fmki20110601/notification"


def relation_answer(body: bytes) -> tuple[str | None, str | None, bool, bool]:
    """SufficientRelation, FollowupOrdered, and whether both reference ids are present."""
    body_element = etree.fromstring(body).find(f".//{{{BRS_NS}}}treatmentRelationResponseBody")
    assert body_element is not None, body.decode(errors="replace")
    return (
        body_element.findtext(f"{{{BRS_NS}}}SufficientRelation"),
        body_element.findtext(f"{{{BRS_NS}}}FollowupOrdered"),
        bool(body_element.findtext(f"{{{BRS_NS}}}UniqueReferenceId")),
        bool(body_element.findtext(f"{{{BRS_NS}}}ExternalReferenceId")),
    )


def notification_serials(body: bytes) -> list[str]:
    root = etree.fromstring(body)
    assert root.find(f".//{{{NOTIFICATION_NS}}}NotificationQueryResponseBody") is not None, body.decode()
    return [
        n.findtext(f"{{{NOTIFICATION_NS}}}SerialNumber") or ""
        for n in root.iter(f"{{{NOTIFICATION_NS}}}Notifications")
    ]


@pytest.fixture
def card_file(tmp_path: Path, mint: object) -> Path:
    """A level-3 card for the guide's QueryableCvr 31908574, as `konform idcard` writes one."""
    path = tmp_path / "card.xml"
    card = mint(cvr=embedded.EXAMPLE_CVR, level=3)  # type: ignore[operator]
    path.write_bytes(etree.tostring(card, xml_declaration=True, encoding="UTF-8"))
    return path


def env(sim: embedded.RunningBrs, card: Path) -> dict[str, str]:
    return {
        "KONFORM_BRS_URL": sim.endpoint.url,
        "KONFORM_BRS_NOTIFICATION_URL": str(sim.endpoint.options["notification_url"]),
        "KONFORM_BRS_IDCARD": str(card),
    }


def test_the_folder_holds_the_requests_these_tests_send() -> None:
    assert files("brs") == {"treatmentRelation.xml", "notificationQuery.xml"}


def test_each_example_gets_its_documented_answer(
    brs_running: embedded.RunningBrs, brs_ctl: BrsControl, card_file: Path
) -> None:
    def post(url: str, name: str, action: str) -> requests.Response:
        headers = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": f'"{action}"'}
        return requests.post(url, data=filled(f"brs/{name}", card_file.read_bytes()), headers=headers)

    relation = post(brs_running.endpoint.url, "treatmentRelation.xml", "treatmentRelation")
    query = post(
        str(brs_running.endpoint.options["notification_url"]), "notificationQuery.xml", "notificationQuery"
    )
    assert (relation.status_code, relation_answer(relation.content)) == (200, ("false", "true", True, True))
    assert (query.status_code, notification_serials(query.content)) == (200, [])
    assert [n["cvr"] for n in brs_ctl.notifications()] == [embedded.EXAMPLE_CVR]


def test_readme_curl_lines_get_the_documented_answers(
    brs_running: embedded.RunningBrs, brs_ctl: BrsControl, card_file: Path
) -> None:
    relation, query = run_shell("brs", env(brs_running, card_file))
    assert relation_answer(relation.encode()) == ("false", "true", True, True)
    assert notification_serials(query.encode()) == []


def test_readme_python_snippets_get_the_documented_answers(
    brs_running: embedded.RunningBrs, brs_ctl: BrsControl, card_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    relation, query = run_python("brs", env(brs_running, card_file), monkeypatch)
    sufficient, ordered, unique = relation.split()
    assert (sufficient, ordered, len(unique)) == ("False", "True", 36)
    external = brs_ctl.followups()[0]["external_id"]
    assert query == f"[(1, '{external}')]\n"

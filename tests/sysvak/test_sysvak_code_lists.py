"""Real code lists in place of konform's sample: read from CSV or JSON, used by rules and simulator."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from generators import sysvak as gen
from konform.sysvak import codes, rules
from konform.sysvak.client import SysvakClient, SysvakControl
from konform.sysvak.code_lists import CodeListError, load
from konform.sysvak.model import HendelseResponse, Ident, KodeverkRequest, KodeverkResponse, Vaksinand
from konform.targets import Endpoint
from tests.serving import ROOT, serving

CHILD = "03852150024"


@pytest.fixture
def lists_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "volven"
    folder.mkdir()
    # a Volven-style export: semicolons, Norwegian headers, a BOM
    (folder / "9051.csv").write_text(
        "\ufeffKode;Tekst\nHER;HER-id\nENH;Enhetsregisteret\nORGNR;Orgnr\n", "utf-8"
    )
    (folder / "vaksinekoder.csv").write_text(
        "code,name,programme\nMMR,Meslinger,ja\nCOVID19,Koronavirus,nei\n", "utf-8"
    )
    return folder


@pytest.fixture
def restore_lists() -> Iterator[None]:
    with codes.installed({}):
        yield


def test_a_folder_of_csv_files_gives_one_list_per_file_named_by_its_id(lists_folder: Path) -> None:
    loaded = load(lists_folder)
    assert sorted(loaded) == ["9051", "vaksinekoder"]
    assert loaded["9051"].codes == (("HER", "HER-id"), ("ENH", "Enhetsregisteret"), ("ORGNR", "Orgnr"))
    assert loaded["9051"].oid == codes.OID_ORG_ID_TYPES
    assert loaded["vaksinekoder"].programme == frozenset({"MMR"})


def test_a_json_file_gives_its_lists(tmp_path: Path) -> None:
    path = tmp_path / "lists.json"
    data = {"lists": [{"id": "kjonn", "codes": [{"code": "M", "name": "Mann"}, {"code": "K"}]}]}
    path.write_text(json.dumps(data), "utf-8")
    loaded = load(path)
    assert loaded["kjonn"].codes == (("M", "Mann"), ("K", ""))
    assert loaded["kjonn"].name == "Kjønn"  # a known list keeps its name unless the file gives one
    assert loaded["kjonn"].programme is None


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("9051.csv", "Id;Tekst\nHER;HER-id\n", "no code column"),
        ("9051.csv", "kode,navn\n", "no codes below the header"),
        ("9051.csv", b"kode,navn\nH\xe9R,x\n", "not UTF-8"),
        ("vaksinekoder.csv", "code,name,programme\nMMR,Meslinger,kanskje\n", ":2: programme 'kanskje'"),
        ("lists.json", '{"lists": [{"id": "9051"}]}', "needs codes"),
        ("lists.json", "{not json", "not JSON"),
    ],
)
def test_an_unreadable_list_is_an_error_naming_the_file_and_the_problem(
    tmp_path: Path, name: str, content: str | bytes, message: str
) -> None:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, "utf-8")
    with pytest.raises(CodeListError) as raised:
        load(path)
    assert str(path) in str(raised.value) and message in str(raised.value)


def test_the_rules_judge_a_health_unit_by_the_loaded_9051(lists_folder: Path, restore_lists: None) -> None:
    message = gen.message(
        gen.request_for(
            Vaksinand(gen.person_ident(CHILD)),
            gen.hendelse("MMR", date(2022, 5, 3)),
            Ident.unit("974589095", "ORGNR"),
        )
    )

    def unit_findings() -> list[str]:
        found = rules.judge_bytes(message, rules.SideInputs(), name="m.xml").findings
        return [f.message for f in found if f.requirement == "SYSVAK-3.5-UNIT"]

    assert unit_findings(), "ORGNR is not in konform's sample of 9051"
    codes.install(load(lists_folder))
    assert unit_findings() == []


def test_the_simulator_serves_and_applies_the_loaded_lists(
    lists_folder: Path, restore_lists: None, sysvak_cli: SysvakClient, sysvak_ctl: SysvakControl
) -> None:
    codes.install(load(lists_folder))
    sysvak_ctl.reset()  # the childhood programme is read from the vaccine list in use
    served = sysvak_cli.send(KodeverkRequest(gen.UNIT, "vaksinekoder")).response
    assert isinstance(served, KodeverkResponse) and served.kodeverk is not None
    assert [code for code, _ in served.kodeverk.koder] == ["MMR", "COVID19"]
    sysvak_ctl.add_persons({"ident": CHILD})
    for code, status in (("COVID19", "akseptert"), ("PCV", "avvist")):  # PCV is only in the sample
        answer = sysvak_cli.send(
            gen.request_for(Vaksinand(gen.person_ident(CHILD)), gen.hendelse(code, date(2022, 5, 3)))
        )
        assert isinstance(answer.response, HendelseResponse)
        assert answer.response.resultat.status == status, code
    assert sysvak_ctl.settings()["programme"] == ["MMR"]


def test_lists_loaded_inside_a_block_are_gone_after_it(lists_folder: Path) -> None:
    with codes.installed(load(lists_folder)):
        assert "COVID19" in codes.codes_of("vaksinekoder")
    assert "COVID19" not in codes.codes_of("vaksinekoder")
    assert codes.codes_of("vaksinekoder").keys() == codes.VAKSINER.keys()


def test_konform_validate_sysvak_judges_by_the_lists_given_with_code_lists(
    lists_folder: Path, tmp_path: Path
) -> None:
    message = tmp_path / "orgnr.xml"
    unit = Ident.unit("974589095", "ORGNR")
    hendelse = gen.hendelse("MMR", date(2022, 5, 3))
    message.write_bytes(gen.message(gen.request_for(Vaksinand(gen.person_ident(CHILD)), hendelse, unit)))
    sample = validate("sysvak", str(message))
    assert sample.returncode == 1 and "SYSVAK-3.5-UNIT" in sample.stdout
    real = validate("sysvak", "--code-lists", str(lists_folder), str(message))
    assert real.returncode == 0, real.stdout + real.stderr
    broken = tmp_path / "9051.csv"
    broken.write_text("kode,navn\n", "utf-8")
    refused = validate("sysvak", "--code-lists", str(broken), str(message))
    assert refused.returncode == 2
    assert (
        refused.stderr.count("\n") == 1
        and str(broken) in refused.stderr
        and "Traceback" not in refused.stderr
    )


def test_konform_serve_sysvak_serves_the_lists_given_with_code_lists(
    lists_folder: Path, tmp_path: Path
) -> None:
    with serving("sysvak", tmp_path / "served", "--code-lists", str(lists_folder)) as served:
        endpoint = Endpoint(url=served.state["url"])
        with SysvakClient(endpoint) as client:
            answer = client.send(KodeverkRequest(gen.UNIT, "vaksinekoder"))
    assert isinstance(answer.response, KodeverkResponse) and answer.response.kodeverk is not None
    assert [code for code, _ in answer.response.kodeverk.koder] == ["MMR", "COVID19"]


def validate(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "konform", "validate", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=ROOT)

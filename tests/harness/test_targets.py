"""Target profiles: sim by default, named profiles from TOML, production only on request."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from konform import targets
from konform.brs import embedded as brs_embedded
from konform.lar import embedded as lar_embedded
from konform.spor import embedded as spor_embedded
from konform.sysvak import embedded as sysvak_embedded

ROOT = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "targets.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_sim_needs_no_profile_file(tmp_path: Path) -> None:
    target = targets.load("sim", tmp_path / "missing.toml")
    assert target.embedded
    assert target.can_arrange_facts


def test_a_profile_resolves_files_relative_to_the_profile(tmp_path: Path) -> None:
    (tmp_path / "ca.pem").write_text("x", encoding="utf-8")
    path = write(
        tmp_path,
        '[stage]\nenvironment = "stage"\n[stage.spor]\nurl = "https://stage.invalid/x"\nca = "ca.pem"\n'
        '[stage.test-data]\nspor_unit = "SE2321000131-S0001"\n',
    )
    target = targets.load("stage", path)
    assert target.endpoint("spor").ca == (tmp_path / "ca.pem").resolve()
    assert target.test_data == {"spor_unit": "SE2321000131-S0001"}
    assert not target.can_arrange_facts


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[other]\n", "not defined"),
        ("[stage]\n[stage.spor]\nca = 'x'\n", "needs a url"),
        ("[stage]\n[stage.spor]\nurl = 'https://x'\nca = 'missing.pem'\n", "not found"),
        ("[stage]\nproduction = true\n[stage.spor]\nurl = 'https://x'\n", "--allow-production"),
        ("this is = = not toml", "not a valid TOML"),
        ("[stage]\n[stage.spor]\nurl = 'https://x'\nsystem_id = 1\n", "spor.system_id must be a string"),
        ("[stage]\nproduction = 'yes'\n", "production must be true or false"),
        ("[stage]\nspor = 'https://x'\n", "spor must be a table"),
    ],
)
def test_unusable_profiles_are_refused_with_one_clear_reason(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(targets.TargetError, match=message):
        targets.load("stage", write(tmp_path, text))


def test_production_is_allowed_only_when_the_command_line_repeats_it(tmp_path: Path) -> None:
    path = write(tmp_path, "[prod]\nproduction = true\n[prod.spor]\nurl = 'https://x'\n")
    assert targets.load("prod", path, allow_production=True).production


def test_certify_refuses_a_production_profile_without_allow_production_in_one_line(tmp_path: Path) -> None:
    path = write(tmp_path, "[prod]\nproduction = true\n[prod.spor]\nurl = 'https://prod.invalid/spor'\n")
    command = [sys.executable, "-m", "konform", "certify", "--target", "prod", "--targets-file", str(path)]
    run = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr.splitlines() == [
        "konform: target 'prod' is a production environment; repeat --allow-production to test it"
    ]
    assert not (tmp_path / "reports").exists()


@pytest.mark.parametrize(
    ("text", "where", "unknown", "registry"),
    [
        (
            "[stage.spor]\nurl = 'https://x'\nuplaod_url = 'https://x/upload'\n",
            "[stage.spor]",
            "uplaod_url",
            "spor",
        ),
        ("[stage.lar]\nurl = 'https://x'\nsts_pem = 'sts.pem'\n", "[stage.lar]", "sts_pem", "lar"),
        ("[stage.brs]\nurl = 'https://x'\nunlisted = '12345678'\n", "[stage.brs]", "unlisted", "brs"),
        (
            "[stage.sysvak]\nurl = 'https://x'\nclient_certificate = 'c.pem'\n",
            "[stage.sysvak]",
            "client_certificate",
            "sysvak",
        ),
    ],
)
def test_an_unknown_registry_key_is_refused_naming_the_known_ones(
    tmp_path: Path, text: str, where: str, unknown: str, registry: str
) -> None:
    with pytest.raises(targets.TargetError) as refused:
        targets.load("stage", write(tmp_path, "[stage]\n" + text))
    message = str(refused.value)
    assert f"{where} has unknown key {unknown!r}" in message
    assert message.endswith("known keys: " + ", ".join(sorted(targets.REGISTRY_KEYS[registry])))


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("[stage]\nenvironmnet = 'stage'\n", "[stage]"),
        ("[stage]\n[stage.takecare]\nurl = 'https://x'\n", "[stage]"),
        ("[stage]\n[stage.test-data]\nspor_unt = 'SE2321000131-S0001'\n", "[stage.test-data]"),
    ],
)
def test_unknown_profile_keys_registries_and_test_data_roles_are_refused(
    tmp_path: Path, text: str, where: str
) -> None:
    with pytest.raises(targets.TargetError, match=re.escape(where) + r" has unknown key .*; known keys: "):
        targets.load("stage", write(tmp_path, text))


def test_every_file_key_resolves_relative_to_the_profile_file_not_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    profiles = tmp_path / "profiles"
    (profiles / "keys").mkdir(parents=True)
    lines = ["[stage]"]
    for registry, keys in targets.REGISTRY_KEYS.items():
        lines += [f"[stage.{registry}]", "url = 'https://stage.invalid/x'"]
        for key in (k for k, spec in keys.items() if spec.file):
            (profiles / "keys" / f"{registry}-{key}").write_text(key, encoding="utf-8")
            lines.append(f"{key} = 'keys/{registry}-{key}'")
    path = profiles / "targets.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    target = targets.load("stage", Path("../profiles/targets.toml"))
    resolved = {}
    for registry, endpoint in target.endpoints.items():
        values = {"client_cert": endpoint.client_cert, "client_key": endpoint.client_key, "ca": endpoint.ca}
        resolved.update({f"{registry}-{k}": Path(v) for k, v in {**values, **endpoint.options}.items()})
    expected = {p.name: p.resolve() for p in (profiles / "keys").iterdir()}
    assert len(expected) >= 20
    assert resolved == expected


def test_a_missing_file_named_by_an_sts_key_is_refused_with_its_resolved_path(tmp_path: Path) -> None:
    path = write(tmp_path, "[stage]\n[stage.lar]\nurl = 'https://x'\nidcard = 'cards/level4.xml'\n")
    with pytest.raises(
        targets.TargetError, match=re.escape(f"lar.idcard file {tmp_path / 'cards/level4.xml'}")
    ):
        targets.load("stage", path)


@pytest.mark.parametrize(
    ("registry", "module"),
    [("spor", spor_embedded), ("lar", lar_embedded), ("brs", brs_embedded), ("sysvak", sysvak_embedded)],
)
def test_the_embedded_simulators_offer_only_declared_keys(
    registry: str, module: object, tmp_path: Path
) -> None:
    running = module.start(tmp_path)  # type: ignore[attr-defined]
    try:
        options = set(running.endpoint.options)
    finally:
        running.stop()
    assert options <= set(targets.REGISTRY_KEYS[registry]), options - set(targets.REGISTRY_KEYS[registry])


def test_every_profile_option_the_steps_and_clients_read_is_declared() -> None:
    read = set()
    for source in [*(ROOT / "steps").glob("*.py"), *(ROOT / "konform").rglob("*.py")]:
        read |= set(re.findall(r"options(?:\.get\(|\[)\s*[\"'](\w+)[\"']", source.read_text("utf-8")))
        read |= set(re.findall(r"_(?:load|sts)\((?:\w+, )?\"(\w+)\", \"(\w+)\"\)", source.read_text("utf-8")))
    flat = {key for pair in read for key in ((pair,) if isinstance(pair, str) else pair)}
    declared = {key for keys in targets.REGISTRY_KEYS.values() for key in keys}
    assert len(flat) >= 15, flat
    assert flat - declared == set()


def test_certify_refuses_an_unknown_profile_key_in_one_line_naming_the_known_ones(tmp_path: Path) -> None:
    path = write(tmp_path, "[stage]\n[stage.spor]\nurl = 'https://stage.invalid/spor'\nuplaod_url = 'x'\n")
    command = [sys.executable, "-m", "konform", "certify", "--target", "stage", "--targets-file", str(path)]
    run = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert run.returncode == 2
    (line,) = run.stderr.splitlines()
    assert line.startswith("konform: target 'stage': [stage.spor] has unknown key 'uplaod_url'; known keys: ")
    assert "upload_url" in line and "no_certificate_url" in line
    assert not (tmp_path / "reports").exists()

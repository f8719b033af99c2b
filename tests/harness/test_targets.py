"""Target profiles: sim by default, named profiles from TOML, production only on request."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from konform import targets


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

"""CLI conventions every konform command keeps: -q/-v, help on every option, the fault profiles in
`serve --help`, the unusable count in validate's summaries, and --readings on validate."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from generators import spor as gen
from konform.cli import COMMANDS, main
from konform.faults import profiles
from konform.spor.model import registration_xml, request_xml

ROOT = Path(__file__).resolve().parents[2]
DECLARATION = ROOT / "docs" / "takecare" / "declaration.example.toml"


def konform(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args])


def leaf_commands() -> list[tuple[str, click.Command]]:
    """Every command a user can run, by its full name (`serve spor`, `validate lar`, `pki`, …)."""
    found: list[tuple[str, click.Command]] = []
    context = click.Context(main)
    for name in COMMANDS:
        command = main.get_command(context, name)
        assert command is not None, name
        if isinstance(command, click.Group):
            found += [(f"{name} {sub}", command.commands[sub]) for sub in sorted(command.commands)]
        else:
            found.append((name, command))
    return found


ALL = leaf_commands()


def test_the_command_list_reaches_every_registry() -> None:
    names = {name for name, _ in leaf_commands()}
    expected = {f"{verb} {r}" for verb in ("serve", "validate") for r in ("spor", "lar", "brs", "sysvak")}
    assert expected | {"validate takecare", "idcard", "pki", "report"} <= names


@pytest.mark.parametrize(("name", "command"), ALL, ids=[name for name, _ in ALL])
def test_every_command_takes_quiet_and_verbose(name: str, command: click.Command) -> None:
    flags = {flag for param in command.params for flag in param.opts}
    assert {"-q", "--quiet", "-v", "--verbose"} <= flags, name


@pytest.mark.parametrize(("name", "command"), ALL, ids=[name for name, _ in ALL])
def test_every_option_has_help(name: str, command: click.Command) -> None:
    missing = [
        p.opts[0] for p in command.params if isinstance(p, click.Option) and not (p.help or "").strip()
    ]
    assert missing == [], f"konform {name}: options without help: {missing}"


@pytest.mark.parametrize(
    ("registry", "behaviour"),
    [
        ("spor", "konform.spor.behaviour:SporBehaviour"),
        ("lar", "konform.lar.behaviour:LarBehaviour"),
        ("brs", "konform.brs.behaviour:BrsBehaviour"),
        ("sysvak", "konform.sysvak.behaviour:SysvakBehaviour"),
    ],
)
def test_serve_help_lists_every_fault_profile_with_its_deviation(registry: str, behaviour: str) -> None:
    import importlib

    module, attribute = behaviour.split(":")
    known = profiles(getattr(importlib.import_module(module), attribute))
    result = CliRunner().invoke(main, ["serve", registry, "--help"], terminal_width=400)
    assert result.exit_code == 0
    section = " ".join(result.output.split("Fault profiles", 1)[1].split())
    assert len(known) > 1
    for name, profile in known.items():
        assert f" {name} {' '.join(profile.deviation.split())}" in section, name


# -- validate: the unusable count, -q/-v and --readings -----------------------------------------


@pytest.fixture
def garbage(tmp_path: Path) -> Path:
    path = tmp_path / "garbage.toml"
    path.write_bytes(b"this = = not toml")
    return path


def test_an_unusable_file_is_counted_in_the_text_summary_line(garbage: Path) -> None:
    result = konform("validate", "takecare", DECLARATION, garbage)
    assert result.exit_code == 2
    assert result.stdout.splitlines()[-1] == "2 file(s): 0 error(s), 0 warning(s), 1 unusable"
    assert result.stderr.splitlines() == [f"konform: {garbage}: " + result.stderr.split(": ", 2)[2].strip()]


def test_without_unusable_files_the_summary_line_keeps_its_contract_form() -> None:
    result = konform("validate", "takecare", DECLARATION)
    assert (result.exit_code, result.stdout) == (0, "1 file(s): 0 error(s), 0 warning(s)\n")


def test_the_json_summary_counts_unusable_files(garbage: Path) -> None:
    usable = json.loads(konform("validate", "takecare", "--format", "json", DECLARATION).stdout)
    both = konform("validate", "takecare", "--format", "json", DECLARATION, garbage)
    assert usable["summary"] == {"files": 1, "errors": 0, "warnings": 0, "unusable": 0}
    assert (both.exit_code, json.loads(both.stdout)["summary"]["unusable"]) == (2, 1)


@pytest.fixture
def local_time(tmp_path: Path) -> Path:
    """A SPOR export whose one defect rests on konform's reading: a date-time without an offset."""
    registration = registration_xml(
        recipientMessageSplit="SPOR",
        systemId=gen.UNIT,
        behandlingsnummer="1005",
        personnummer="191212121212",
        planeringstidpunkt="2024-12-30T08:00:00+01:00",
        operationsanmalan="2024-12-01T09:12:00",
        anlantOperationsavdelning="2025-01-01T13:10:00+01:00",
        operationsstart="2025-01-01T13:54:22+01:00",
        atgarder=["JAB30"],
    )
    path = tmp_path / "export.xml"
    path.write_bytes(gen.serialize(request_xml([registration], export_time=gen.NIGHT)))
    return path


def test_readings_lenient_by_default_make_a_reading_only_error_a_warning(local_time: Path) -> None:
    lenient, strict = (
        konform("validate", "spor", local_time),
        konform("validate", "spor", "--readings", "strict", local_time),
    )
    explicit = konform("validate", "spor", "--readings", "lenient", local_time)
    assert (lenient.exit_code, lenient.stdout) == (explicit.exit_code, explicit.stdout)
    [warned] = lenient.stdout.splitlines()[:-1]
    [failed] = strict.stdout.splitlines()[:-1]
    assert " SPOR-7.1-DATES warning " in warned and "konform's reading" in warned
    assert " SPOR-7.1-DATES error " in failed
    assert (lenient.exit_code, lenient.stdout.splitlines()[-1]) == (0, "1 file(s): 0 error(s), 1 warning(s)")
    assert (strict.exit_code, strict.stdout.splitlines()[-1]) == (1, "1 file(s): 1 error(s), 0 warning(s)")


def test_quiet_validate_prints_only_errors_and_the_summary(local_time: Path) -> None:
    result = konform("validate", "spor", "-q", local_time)
    assert (result.exit_code, result.stdout) == (0, "1 file(s): 0 error(s), 1 warning(s)\n")
    strict = konform("-q", "validate", "spor", "--readings", "strict", local_time)
    assert len(strict.stdout.splitlines()) == 2 and " error " in strict.stdout.splitlines()[0]


def test_verbose_validate_adds_detail_on_stderr_and_keeps_stdout(local_time: Path) -> None:
    normal, verbose = konform("validate", "spor", local_time), konform("validate", "spor", "-v", local_time)
    assert verbose.stdout == normal.stdout
    assert f"konform: {local_time}: 0 error(s), 1 warning(s)" in verbose.stderr.splitlines()
    assert normal.stderr == ""


@pytest.mark.parametrize(
    ("registry", "expected"),
    [("spor", "--registry spor"), ("spor lar", "--registry spor --registry lar"), ("", "")],
)
def test_make_certify_passes_registry_on_to_certify(registry: str, expected: str) -> None:
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    dry = subprocess.run(
        [make, "-n", "--no-print-directory", "certify", f"REGISTRY={registry}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")},
    )
    line = next(line for line in dry.stdout.replace("\\\n", " ").splitlines() if "konform certify" in line)
    command = " ".join(line.split("konform certify", 1)[1].split())
    assert dry.returncode == 0, dry.stderr
    assert command == expected

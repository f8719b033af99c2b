"""docs/reference/ cannot fall behind the code: options, profile keys, limits and code lists are checked.

- cli.md: every option a command's `--help` lists is in that command's section (or, for a
  subcommand, in its group's), and every option a section's table documents exists.
- targets.md: each table lists exactly the keys konform/targets.py defines for it.
- limits.md and sysvak-code-lists.md: the figures and codes are the ones in the code.
"""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from konform import simulator, targets, xml
from konform.cli import main
from konform.spor.simulator import UPLOAD_MAX_BODY
from konform.sysvak import codes
from konform.validate import bounded

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "docs" / "reference"
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*$", re.MULTILINE)
_ROW_KEY = re.compile(r"^\|\s*`([^`]+)`", re.MULTILINE)
_HELP_OPTION = re.compile(r"^  (-[\w-]+(?:, -[\w-]+)*)", re.MULTILINE)


def section(page: str, title: str) -> str:
    """The text under the heading whose text starts with `title`, up to the next heading."""
    text = (REFERENCE / page).read_text(encoding="utf-8")
    headings = list(_HEADING.finditer(text))
    for here, after in zip(headings, [*headings[1:], None], strict=True):
        if here.group(2).startswith(title):
            return text[here.end() : after.start() if after else len(text)]
    raise AssertionError(f"{page} has no heading starting with {title!r}")


def table_keys(text: str) -> set[str]:
    """The first column of every table row, when it is `code`: the option or key documented."""
    return {match.split()[0] for match in _ROW_KEY.findall(text)}


# -- cli.md ------------------------------------------------------------------------------------


def commands(group: click.Group = main, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command path below `konform`, groups included."""
    context = click.Context(group)
    found = []
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        assert command is not None
        found.append((*path, name))
        if isinstance(command, click.Group):
            found += commands(command, (*path, name))
    return found


COMMANDS = commands()


def help_options(path: tuple[str, ...]) -> set[str]:
    """Every option name `konform <path> --help` lists (long and short)."""
    result = CliRunner().invoke(main, [*path, "--help"], terminal_width=100)
    assert result.exit_code == 0, result.output
    options = result.output.split("Options:", 1)[1].split("\n\n")[0]
    names = {name for found in _HELP_OPTION.findall(options) for name in found.split(", ")}
    return names - {"-h", "--help"}


def documented(path: tuple[str, ...]) -> str:
    """The cli.md text that documents a command: its own section and its group's."""
    own = section("cli.md", f"`konform {' '.join(path)}`")
    return own + (section("cli.md", f"`konform {path[0]}`") if len(path) > 1 else "")


def test_the_command_tree_is_what_the_page_describes() -> None:
    assert ("certify",) in COMMANDS and ("validate", "spor") in COMMANDS and ("serve", "lar") in COMMANDS


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_option_in_help_is_documented(path: tuple[str, ...]) -> None:
    text = documented(path)
    missing = [
        name for name in sorted(help_options(path)) if not re.search(f"`{re.escape(name)}[` =\\]]", text)
    ]
    assert missing == [], f"konform {' '.join(path)}: {missing} not in docs/reference/cli.md"


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_documented_option_exists(path: tuple[str, ...]) -> None:
    subcommands = [other for other in COMMANDS if other[: len(path)] == path and len(other) > len(path)]
    known = set().union(*(help_options(p) for p in [path, *subcommands]))
    own = section("cli.md", f"`konform {' '.join(path)}`")
    stale = sorted(key for key in table_keys(own) if key.startswith("-") and key not in known)
    assert stale == [], f"docs/reference/cli.md documents {stale} for konform {' '.join(path)}"


# -- targets.md --------------------------------------------------------------------------------

TABLES = {
    "The profile's own keys": set(targets.PROFILE_KEYS),
    "Every registry": set(targets.COMMON_KEYS),
    "Test data": set(targets.TEST_DATA_KEYS),
    **{f"{registry.upper()} `": set(keys) for registry, keys in targets.REGISTRY_KEYS.items()},
}


@pytest.mark.parametrize("title", TABLES)
def test_each_profile_table_lists_exactly_the_known_keys(title: str) -> None:
    assert table_keys(section("targets.md", title)) == TABLES[title]


def test_every_registry_of_the_profile_has_its_section() -> None:
    assert {title.split()[0].lower() for title in TABLES if title.endswith("`")} == set(targets.REGISTRY_KEYS)


# -- limits.md and sysvak-code-lists.md -----------------------------------------------------------


def spaced(number: int) -> str:
    """A number as the page writes it: groups of three digits separated by spaces."""
    return f"{number:,}".replace(",", " ")


def test_limits_page_states_the_limits_in_the_code() -> None:
    text = (REFERENCE / "limits.md").read_text(encoding="utf-8")
    for limit in (simulator.MAX_BODY, UPLOAD_MAX_BODY):
        assert f"{limit // 2**20} MB: {spaced(limit)} bytes" in text
    assert f"request body over the limit of {simulator.MAX_BODY} bytes" in text
    assert f"over the limit of {UPLOAD_MAX_BODY} bytes" in text
    assert f"at most {xml.MAX_DEPTH} elements deep" in text
    assert f"at most {spaced(xml.MAX_ATTRIBUTE)} characters" in text
    for figure in (bounded.MAX_TEXT, bounded.MAX_ELEMENTS, bounded.MAX_HELD_TEXT):
        assert f"konform's limit of {spaced(figure)}" in text


def test_code_list_page_lists_every_list_and_code() -> None:
    text = (REFERENCE / "sysvak-code-lists.md").read_text(encoding="utf-8")
    missing = [
        f"{code_list.id}: {code}"
        for code_list in codes.CODE_LISTS.values()
        for code in (code_list.id, *(code for code, _ in code_list.codes))
        if f"`{code}`" not in text
    ]
    assert missing == []


def test_code_list_page_marks_the_childhood_programme() -> None:
    rows = re.findall(
        r"^\| `([^`]+)` \| [^|]+ \|\s*(✓?)\s*\|$", section("sysvak-code-lists.md", "The codes"), re.M
    )
    assert {code for code, mark in rows if mark} == set(codes.PROGRAMME)
    assert {code for code, _ in rows} == set(codes.VAKSINER)


def test_no_page_cites_a_file_outside_the_repository() -> None:
    pages = [ROOT / "README.md", *ROOT.glob("docs/**/*.md")]
    assert [
        page.relative_to(ROOT) for page in pages if "CONTRACTS.md" in page.read_text(encoding="utf-8")
    ] == []

"""Every relative link in the repository's Markdown resolves: the file exists, an #anchor names a heading."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: The pages a user reads: README, ARCHITECTURE, docs/, examples/ and every folder README.
PAGES = sorted(
    {
        ROOT / "README.md",
        ROOT / "ARCHITECTURE.md",
        *ROOT.glob("docs/**/*.md"),
        *ROOT.glob("examples/**/*.md"),
        *ROOT.glob("schemas/**/README.md"),
        *ROOT.glob("features/**/README.md"),
        *ROOT.glob("e2e/README.md"),
    }
)
_FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
_CODE = re.compile(r"`[^`\n]*`")
_LINK = re.compile(r"(?<!\\)\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


def links(text: str) -> list[str]:
    """The targets of the inline links outside code blocks and code spans."""
    prose = _CODE.sub("", _FENCE.sub("", text))
    return _LINK.findall(prose)


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).strip().lower()
    kept = "".join(c for c in text if c in " -_" or unicodedata.category(c)[0] in "LN")
    return kept.replace(" ", "-")


@cache
def anchors(page: Path) -> frozenset[str]:
    found: set[str] = set()
    for heading in _HEADING.findall(_FENCE.sub("", page.read_text(encoding="utf-8"))):
        base = slug(heading)
        name, n = base, 0
        while name in found:
            n += 1
            name = f"{base}-{n}"
        found.add(name)
    return frozenset(found)


def dangling(page: Path) -> list[str]:
    """Each link of `page` that does not resolve, with the reason."""
    found = []
    for target in links(page.read_text(encoding="utf-8")):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # https:, mailto: – not checked offline
            continue
        path, _, anchor = target.partition("#")
        resolved = (page.parent / path).resolve() if path else page
        shown = resolved.relative_to(ROOT) if resolved.is_relative_to(ROOT) else resolved
        if not resolved.exists():
            found.append(f"{target}: {shown} does not exist")
        elif anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
            found.append(f"{target}: no heading #{anchor} in {shown}")
    return found


def test_the_checker_sees_links_and_headings_as_github_does() -> None:
    text = '[a](x.md#the-dgws-header-template-lar-brs) `[b](y.md)`\n```\n[c](z.md)\n```\n[d](<w.md> "t")'
    assert links(text) == ["x.md#the-dgws-header-template-lar-brs", "w.md"]
    assert slug("The DGWS header template (LAR, BRS)") == "the-dgws-header-template-lar-brs"
    assert slug("`konform validate` – output") == "konform-validate--output"


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_every_relative_link_resolves(page: Path) -> None:
    assert dangling(page) == []

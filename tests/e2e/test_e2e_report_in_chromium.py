"""The evidence pack in headless Chromium (`make e2e` runs the same check on a SPOR pack).

Builds a small Takecare pack (no simulator needed), opens its summary, coverage page and
Allure report over loopback and checks every registry and requirement verdict is shown and
nothing was requested from another host. Skipped when Chromium is not installed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from e2e import pack as packs
from e2e.cdp import Chromium, find_chromium, is_local
from e2e.check_report import check, format_report
from e2e.serve import serve
from e2e.websocket import _frame_size, _masked

CHROMIUM = find_chromium()
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium (/usr/bin/chromium or chromium on PATH); `make e2e` installs Debian's package",
)


@pytest.fixture(scope="module")
def takecare_pack(tmp_path_factory: pytest.TempPathFactory) -> packs.Pack:
    reports = tmp_path_factory.mktemp("reports")
    return packs.load(packs.certify(reports, "takecare", timeout=300))


@needs_chromium
def test_the_pack_shows_every_verdict_and_asks_no_other_host(
    takecare_pack: packs.Pack, tmp_path: Path
) -> None:
    assert CHROMIUM is not None
    pages = check(takecare_pack, CHROMIUM, screenshots=tmp_path, timeout=30)
    report = format_report(takecare_pack, pages)
    assert [p.name for p in pages] == ["summary", "coverage", "allure"], report
    assert all(p.ok for p in pages), report
    assert takecare_pack.registries == ("Takecare",)
    ids = {row["id"] for row in takecare_pack.rows}
    assert ids and all(i.startswith("TC-") for i in ids)
    summary, _, allure = pages
    assert f"{len(ids)}/{len(ids)} requirement verdicts" in summary.verified
    assert any(line.startswith(f"{len(ids)} requirements opened") for line in allure.verified), report
    assert all(is_local(url) for p in pages for url in p.requests)
    for name in ("summary", "coverage", "allure"):
        assert (tmp_path / f"{name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@needs_chromium
def test_a_summary_that_hides_or_changes_a_verdict_fails(takecare_pack: packs.Pack, tmp_path: Path) -> None:
    assert CHROMIUM is not None
    folder = tmp_path / takecare_pack.folder.name
    shutil.copytree(takecare_pack.folder, folder)
    page = (folder / "summary.html").read_text(encoding="utf-8")
    (first, _), (second, verdict) = ((row["id"], row["verdict"]) for row in takecare_pack.rows[:2])
    start = page.rindex("<tr", 0, page.index(f">{first}</a></td>"))
    page = page[:start] + page[page.index("</tr>", start) + 5 :]  # the first requirement's row is gone
    at = page.index(f">{second}</a></td>")
    page = page[:at] + page[at:].replace(f"<td>{verdict}</td>", "<td>failed</td>", 1)  # its verdict cell
    (folder / "summary.html").write_text(page, encoding="utf-8")
    (summary,) = check(packs.load(folder), CHROMIUM, only=frozenset({"summary"}), timeout=30)
    assert not summary.ok
    assert f"requirement {first} is not shown" in summary.problems
    assert any(p.startswith(f"{second}: shows ['failed']") for p in summary.problems), summary.problems


@needs_chromium
def test_a_request_to_another_host_is_recorded_and_never_leaves(tmp_path: Path) -> None:
    assert CHROMIUM is not None
    (tmp_path / "leak.html").write_text(
        "<!DOCTYPE html><title>leak</title><img src='http://konform-e2e.invalid/pixel.png'>"
        "<script>fetch('https://konform-e2e.invalid/beacon').catch(() => {})"
        ".finally(() => { document.title = 'done' })</script>",
        encoding="utf-8",
    )
    with serve(tmp_path) as served, Chromium(CHROMIUM, timeout=20) as browser:
        tab = browser.open(served.base + "leak.html")
        tab.wait_until("document.title === 'done'", 10, "the page's fetch to fail")
        browser.pump(0.2)
    foreign = sorted(url for url in tab.requests if not is_local(url))
    assert foreign == ["http://konform-e2e.invalid/pixel.png", "https://konform-e2e.invalid/beacon"]
    assert "200 GET /leak.html HTTP/1.1" in served.log


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("http://127.0.0.1:8000/summary.html", True),
        ("http://localhost/x.js", True),
        ("http://[::1]:9/x", True),
        ("data:text/javascript;base64,AAAA", True),
        ("blob:http://127.0.0.1:8000/5f0c", True),
        ("about:blank", True),
        ("https://www.googletagmanager.com/gtag/js", False),
        ("http://127.0.0.1.example.com/x", False),
        ("file:///etc/passwd", False),
        ("//cdn.example.org/x.css", False),
    ],
)
def test_only_loopback_and_inert_urls_are_local(url: str, local: bool) -> None:
    assert is_local(url) is local


def test_a_pack_name_gives_its_registries() -> None:
    assert packs.registries_of("2026-11-23-spor-sim") == ("SPOR",)
    assert packs.registries_of("2026-11-23-spor-lar-stage-a") == ("SPOR", "LAR")
    assert packs.registries_of("2026-11-23-all-sim") == ()
    with pytest.raises(ValueError, match="no registry"):
        packs.registries_of("2026-11-23-nowhere-sim")


def test_a_websocket_frame_is_taken_only_when_whole() -> None:
    text = b'{"id": 1}'
    small = bytearray(b"\x81" + bytes([len(text)]) + text)
    assert _frame_size(small) == (2, len(text))
    assert _frame_size(small[:-1]) is None
    big = bytearray(b"\x81\x7e" + (300).to_bytes(2, "big") + b"x" * 300)
    assert _frame_size(big) == (4, 300)
    assert _frame_size(big[:100]) is None
    huge = bytearray(b"\x81\x7f" + (70000).to_bytes(8, "big") + b"x" * 70000)
    assert _frame_size(huge) == (10, 70000)
    masked = bytearray(b"\x81\x85" + b"\x01\x02\x03\x04" + _masked(b"hello", b"\x01\x02\x03\x04"))
    assert _frame_size(masked) == (6, 5)
    assert _masked(_masked(b"hello", b"\x01\x02\x03\x04"), b"\x01\x02\x03\x04") == b"hello"

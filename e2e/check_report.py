"""Open an evidence pack's pages in headless Chromium and check what they show and what they fetch.

Three pages, served from the pack folder on 127.0.0.1:
- summary.html: every requirement of the pack in #requirements with its coverage.json
  verdict, no other row, every registry's interface in #facts, the overall verdict of
  summary.md, each approved deviation in #deviations, and links to the Allure report
  and the coverage page that resolve inside the pack;
- html/coverage.html: a row id=<anchor> per requirement with its verdict;
- html/index.html (Allure 3): the app renders; with its tree fully expanded every
  scenario of the pack is a leaf with its status; for every covered requirement (and
  every epic) one of its scenarios opens with labels epic = the registry (Identifiers
  for features/identifiers) and story = the ID, and a link named after the ID.
Every request each page makes is recorded over CDP; any host but loopback fails.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from e2e.cdp import Chromium, Tab, is_local
from e2e.pack import Pack, Scenario, scenarios_of
from e2e.serve import serve

PAGES = frozenset({"summary", "coverage", "allure"})
_ROWS = """[...document.querySelectorAll('#TABLE tr')].filter(tr => tr.querySelector('td'))
  .map(tr => [...tr.cells].map(c => c.innerText.trim()))"""
# Click the arrow of every tree section that is not open yet; returns how many it clicked.
_EXPAND = """(() => { let n = 0;
  for (const s of document.querySelectorAll('[data-testid=tree-section]')) {
    const icon = s.querySelector('[data-testid=tree-arrow] svg');
    if (icon && !icon.getAttribute('class').includes('--opened')) { icon.closest('button').click(); n++; }
  }
  return n; })()"""
_LEAVES = """[...document.querySelectorAll('[data-testid=tree-leaf]')].map(l => ({
  id: l.id,
  title: l.querySelector('[data-testid=tree-leaf-title]')?.innerText.trim() ?? '',
  status: (l.querySelector('[data-testid^=tree-leaf-status-]')?.dataset.testid ?? '')
    .replace('tree-leaf-status-', '')}))"""
_DETAIL = """(() => ({
  title: document.querySelector('[data-testid=test-result-info-title]')?.innerText.trim() ?? '',
  labels: [...document.querySelectorAll('[data-testid=metadata-item]')].map(i => [
    i.querySelector('[data-testid=metadata-item-key]')?.innerText.trim(),
    i.querySelector('[data-testid=metadata-item-value]')?.innerText.trim()]),
  links: [...document.querySelectorAll('[data-testid=test-result-meta-link]')]
    .map(l => [l.innerText.trim(), l.querySelector('a')?.href ?? ''])}))()"""


@dataclass
class PageCheck:
    """One page: what it requested, what was wrong, and a line on what was verified."""

    name: str
    url: str
    seconds: float = 0.0
    requests: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    verified: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    screenshots: Path | None = None

    def screenshot(self, tab: Tab, suffix: str = "", *, full_page: bool = True) -> None:
        if self.screenshots is not None:
            self.screenshots.mkdir(parents=True, exist_ok=True)
            tab.screenshot(self.screenshots / f"{self.name}{suffix}.png", full_page=full_page)

    @property
    def foreign(self) -> list[str]:
        return [url for url in self.requests if not is_local(url)]

    @property
    def ok(self) -> bool:
        return not self.problems and not self.foreign


def check(
    pack: Pack,
    chromium: str,
    *,
    screenshots: Path | None = None,
    timeout: float = 30.0,
    only: frozenset[str] = PAGES,
) -> list[PageCheck]:
    """Open the pack's pages (all three, or those named in `only`) in one headless Chromium."""
    pages: list[tuple[str, str, Callable[[Tab, Pack, PageCheck, str], None]]] = [
        ("summary", "summary.html", _summary),
        ("coverage", "html/coverage.html", _coverage),
        ("allure", "html/index.html", _allure),
    ]
    results = []
    with serve(pack.folder) as served, Chromium(chromium, timeout=timeout) as browser:
        for name, path, verify in pages:
            if name not in only:
                continue
            page = PageCheck(name, served.base + path, screenshots=screenshots)
            started = time.monotonic()
            try:
                tab = browser.open(page.url, timeout=timeout)
                try:
                    verify(tab, pack, page, served.base)
                    page.screenshot(tab, "-last" if name == "allure" else "", full_page=name != "allure")
                finally:
                    page.requests = list(tab.requests)
                    page.problems += [f"uncaught exception: {e.splitlines()[0]}" for e in tab.errors]
                    tab.close()
            except Exception as error:  # a page that will not load or render is a failed check
                page.problems.append(f"{type(error).__name__}: {error}")
            page.seconds = time.monotonic() - started
            results.append(page)
    return results


def _summary(tab: Tab, pack: Pack, page: PageCheck, base: str) -> None:
    tab.wait_until("!!document.querySelector('#requirements')", 10, "the requirements table")
    shown = {cells[0]: cells for cells in tab.evaluate(_ROWS.replace("TABLE", "requirements"))}
    missing = wrong = 0
    for row in pack.rows:
        cells = shown.pop(row["id"], None)
        if cells is None:
            missing += 1
            page.problems.append(f"requirement {row['id']} is not shown")
        elif len(cells) < 3 or cells[2] != row["verdict"]:
            wrong += 1
            page.problems.append(f"{row['id']}: shows {cells[2:3]}, the pack says {row['verdict']!r}")
    page.problems += [f"requirement {extra} is shown but not in the pack" for extra in shown]
    page.verified.append(f"{len(pack.rows) - missing - wrong}/{len(pack.rows)} requirement verdicts")
    facts = {cells[0] for cells in tab.evaluate(_ROWS.replace("TABLE", "facts"))}
    for registry in pack.registries:
        if f"Interface {registry}" not in facts:
            page.problems.append(f"registry {registry}: no 'Interface {registry}' line in the facts")
    page.verified.append(f"registries {', '.join(pack.registries)}")
    verdict = tab.evaluate("document.querySelector('#verdict')?.innerText.trim()")
    if verdict != f"Verdict: {pack.verdict}":
        page.problems.append(f"verdict line {verdict!r}, summary.md says {pack.verdict!r}")
    deviations = {cells[0] for cells in tab.evaluate(_ROWS.replace("TABLE", "deviations"))}
    for row in pack.rows:
        if row["verdict"] == "approved with conditions" and row["id"] not in deviations:
            page.problems.append(f"{row['id']} is approved with conditions but not in #deviations")
    links = set(tab.evaluate("[...document.querySelectorAll('a')].map(a => a.href)"))
    for target in ("html/index.html", "html/coverage.html"):
        if base + target not in links:
            page.problems.append(f"no link to {target}")


def _coverage(tab: Tab, pack: Pack, page: PageCheck, base: str) -> None:
    tab.wait_until("!!document.querySelector('table')", 10, "the coverage tables")
    verdicts = tab.evaluate(
        "Object.fromEntries([...document.querySelectorAll('tr[id]')]"
        ".map(tr => [tr.id, tr.querySelector('td.v')?.innerText.trim()]))"
    )
    good = 0
    for row in pack.rows:
        shown = verdicts.get(row["anchor"])
        if shown != row["verdict"]:
            page.problems.append(f"{row['id']}: row #{row['anchor']} shows {shown!r}, not {row['verdict']!r}")
        else:
            good += 1
    page.verified.append(f"{good}/{len(pack.rows)} rows with their verdicts")


def _allure(tab: Tab, pack: Pack, page: PageCheck, base: str) -> None:
    tab.wait_until(
        "!!document.querySelector('[data-testid=tree-section], [data-testid=tree-leaf]')",
        tab.browser.timeout,
        "the Allure app to render its tree",
    )
    deadline = time.monotonic() + tab.browser.timeout
    while tab.evaluate(_EXPAND):
        if time.monotonic() > deadline:
            raise TimeoutError("the Allure tree kept growing; gave up expanding it")
        tab.browser.pump(0.05)
    page.screenshot(tab)
    leaves: list[dict[str, str]] = tab.evaluate(_LEAVES)
    scenarios = pack.scenarios
    shown: dict[tuple[str, str], dict[str, str]] = {}  # scenario key → its leaf
    for scenario in scenarios:
        leaf = _leaf_for(scenario, leaves)
        if leaf is None:
            page.problems.append(f"scenario not in the Allure tree: {scenario.name}")
        elif scenario.status != "unknown" and leaf["status"] != scenario.allure_status:
            page.problems.append(
                f"{scenario.name}: Allure shows {leaf['status']}, the pack says {scenario.status}"
            )
        else:
            shown[scenario.key] = leaf
    page.verified.append(f"{len(shown)}/{len(scenarios)} scenarios with their status ({len(leaves)} leaves)")
    # Open one scenario of every requirement, and one of every epic not met that way.
    opened: dict[str, Scenario] = {}
    for row in pack.rows:
        found = [s for s in scenarios_of(row) if s.key in shown]
        if found:
            opened[row["id"]] = found[0]
    epics = {s.epic for s in opened.values()}
    extra = {s.epic: s for s in scenarios if s.key in shown and s.epic not in epics}
    for scenario in [*opened.values(), *extra.values()]:
        _detail(tab, shown[scenario.key], scenario, page)
    page.verified.append(
        f"{len(opened)} requirements opened with epic and story ({', '.join(sorted(epics | set(extra)))})"
    )


def _leaf_for(scenario: Scenario, leaves: list[dict[str, str]]) -> dict[str, str] | None:
    candidates = [leaf for leaf in leaves if scenario.shown_as(leaf["title"])]
    same = [leaf for leaf in candidates if leaf["status"] == scenario.allure_status]
    return next(iter(same or candidates), None)


def _detail(tab: Tab, leaf: dict[str, str], scenario: Scenario, page: PageCheck) -> None:
    tab.evaluate(f"location.hash = {leaf['id']!r}")
    expected = leaf["title"]
    detail: dict[str, Any] = tab.wait_until(
        f"(() => {{ const d = {_DETAIL}; return d.title === {expected!r} && d.labels.length ? d : null }})()",
        10,
        f"the Allure page of {expected!r}",
    )
    requirement, coverage_page = scenario.requirement, page.url.replace("index.html", "coverage.html#req-")
    labels = {(key, value) for key, value in detail["labels"]}
    for label in (("epic", scenario.epic), ("story", requirement)):
        if label not in labels:
            page.problems.append(f"{expected}: no label {label[0]} = {label[1]} on its Allure page")
    links = [href for text, href in detail["links"] if text.startswith(f"{requirement} (")]
    if not links:
        page.problems.append(f"{expected}: no link named {requirement} on its Allure page")
    elif not links[0] and not page.notes:
        # Allure 3 makes an anchor only of an absolute http(s)/mailto URL; ours is relative.
        page.notes.append(f"the requirement link ({requirement} …) shows as text, not a clickable link")
    elif links[0] and not links[0].startswith(coverage_page):
        page.problems.append(f"{expected}: its {requirement} link goes to {links[0]}")


def format_report(pack: Pack, pages: list[PageCheck]) -> str:
    """A plain summary: per page what was checked, how long it took, what it requested."""
    lines = [f"e2e: evidence pack {pack.folder} ({', '.join(pack.registries)}; verdict {pack.verdict})"]
    for page in pages:
        local = len(page.requests) - len(page.foreign)
        lines.append(
            f"  {'ok  ' if page.ok else 'FAIL'} {page.name:<8} {page.seconds:5.1f} s  "
            f"{len(page.requests)} requests ({local} local, {len(page.foreign)} elsewhere)  "
            + "; ".join(page.verified)
        )
        lines += [f"       request to another host: {url[:160]}" for url in page.foreign]
        lines += [f"       {problem}" for problem in page.problems[:25]]
        lines += [f"       note: {note}" for note in page.notes]
        if len(page.problems) > 25:
            lines.append(f"       … and {len(page.problems) - 25} more")
    failed = sum(not p.ok for p in pages)
    lines.append(f"e2e: {len(pages) - failed} passed, {failed} failed")
    return "\n".join(lines)

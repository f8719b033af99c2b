"""Offline Allure HTML: categories, environment, Allure 3 (npm) render, third-party stripping.

Allure 3 is pinned in the repository's package.json/package-lock.json and installed
with `npm ci` into node_modules/ on first use; no Java, no network at render time.
The rendered page is single-file (data and app inlined) so that an auditor can open
index.html straight from disk; browsers refuse a multi-file report's fetches there.
"""

from __future__ import annotations

import base64
import json
import platform
import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path

import konform

#: Allure categories, first match wins. Allure 2 full-matches the regex, Allure 3 searches.
CATEGORIES = [
    {
        "name": "Non-conformance",
        "description": "The system under test broke a catalogue requirement.",
        "matchedStatuses": ["failed", "broken"],
        "messageRegex": r"[\s\S]*(AssertionError|NonConformance)[\s\S]*",
    },
    {
        "name": "Approved deviation",
        "description": "A known deviation in the baseline (non-strict xfail), not yet expired.",
        "matchedStatuses": ["skipped"],
        "messageRegex": r"^XFAIL[\s\S]*",
    },
    {
        "name": "Harness error",
        "description": "konform, the target's reachability or the test data failed.",
        "matchedStatuses": ["broken"],
    },
    {
        "name": "Precondition missing",
        "description": "Skipped with a reason (e.g. @sim-only against a real target).",
        "matchedStatuses": ["skipped"],
    },
]

_ROOT = Path(__file__).resolve().parents[2]
_TIMEOUT = 600  # seconds; generous for `npm ci` on a slow mirror


class HtmlUnavailable(RuntimeError):
    """The HTML report could not be rendered (Node missing, install or render failed)."""


def write_categories(results_dir: Path) -> Path:
    """categories.json in allure-results (Allure 2 reads it; Allure 3 gets CATEGORIES as config)."""
    results_dir.mkdir(parents=True, exist_ok=True)
    path = results_dir / "categories.json"
    path.write_text(json.dumps(CATEGORIES, indent=2) + "\n", encoding="utf-8")
    return path


def environment(target: str, interface_versions: Mapping[str, str]) -> dict[str, str]:
    """What the report's Environment panel shows: target, tool versions, interface versions."""
    env = {"target": target, "konform": konform.__version__, "python": platform.python_version()}
    for dist in ("pytest", "pytest-bdd", "zeep", "lxml"):
        try:
            env[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            env[dist] = "not installed"
    env.update({f"interface {reg}": ver for reg, ver in interface_versions.items()})
    return env


def write_environment(results_dir: Path, target: str, interface_versions: Mapping[str, str]) -> Path:
    """environment.properties in allure-results (Java properties syntax, ASCII-escaped)."""
    results_dir.mkdir(parents=True, exist_ok=True)
    lines = [
        f"{_escape(k, key=True)}={_escape(v)}" for k, v in environment(target, interface_versions).items()
    ]
    path = results_dir / "environment.properties"
    path.write_text("\n".join(lines) + "\n", encoding="ascii")
    return path


def _escape(text: str, *, key: bool = False) -> str:
    out = []
    for ch in text:
        if ch in "\\=:#!" or (key and ch == " "):
            out.append("\\" + ch)
        elif ch in "\n\r\t":
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t"}[ch])
        elif ord(ch) > 126 or ord(ch) < 32:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


def allure_cli(root: Path | None = None) -> Path:
    """node_modules/.bin/allure under root (the repository), running `npm ci` if it is missing."""
    root = root or _ROOT
    cli = root / "node_modules" / ".bin" / "allure"
    if cli.exists():
        return cli
    if shutil.which("node") is None or shutil.which("npm") is None:
        raise HtmlUnavailable("Node.js not found (install Node >= 20)")
    if not (root / "package-lock.json").exists():
        raise HtmlUnavailable(f"no package-lock.json in {root}")
    _run(["npm", "ci", "--no-audit", "--no-fund"], root, "npm ci")
    if not cli.exists():
        raise HtmlUnavailable(f"npm ci did not install {cli}")
    return cli


def render_html(
    results_dir: Path, html_dir: Path, *, report_name: str = "konform", root: Path | None = None
) -> Path:
    """Render allure-results into html_dir/index.html with Allure 3, third-party tags removed.

    Single-file when it fits in one page, else Allure's multi-file folder (which needs
    `allure open` or any web server to view). The previous render is replaced; other
    files (coverage.html) are left alone. Raises HtmlUnavailable.
    """
    cli = allure_cli(root)
    html_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".allure-", dir=html_dir.parent) as tmp:
        try:
            out = _generate(cli, results_dir, Path(tmp).resolve(), report_name, single_file=True)
        except HtmlUnavailable as exc:
            if "too large" not in str(exc):
                raise
            out = _generate(cli, results_dir, Path(tmp).resolve(), report_name, single_file=False)
        index = out / "index.html"
        page = strip_third_party(index.read_text(encoding="utf-8"))
        leaks = remote_loads(page) + _asset_leaks(out)
        if leaks:
            raise HtmlUnavailable(f"rendered report would load {leaks[0]}; refused")
        index.write_text(page, encoding="utf-8")
        for old in html_dir.iterdir():
            if old.name not in _KEEP:
                shutil.rmtree(old) if old.is_dir() else old.unlink()
        for item in out.iterdir():
            shutil.move(str(item), html_dir / item.name)
    return html_dir / "index.html"


_KEEP = {"coverage.html"}


def _generate(cli: Path, results: Path, work: Path, name: str, *, single_file: bool) -> Path:
    out = work / ("single" if single_file else "folder")
    config = {
        "name": name,
        "categories": CATEGORIES,
        "plugins": {
            "awesome": {
                "options": {
                    "singleFile": single_file,
                    "reportName": name,
                    "groupBy": ["epic", "feature", "story"],  # registry › feature › requirement
                },
            },
        },
    }
    (work / "allurerc.json").write_text(json.dumps(config), encoding="utf-8")
    # --cwd keeps a stray allurerc.* in the caller's directory out of the render.
    args = [
        str(cli),
        "generate",
        str(results.resolve()),
        "--config",
        str(work / "allurerc.json"),
        "--cwd",
        str(work),
        "--output",
        str(out),
    ]
    _run(args, work, "allure generate")
    if not (out / "index.html").exists():
        raise HtmlUnavailable("allure generate wrote no index.html")
    return out


def _asset_leaks(out: Path) -> list[str]:
    """Trackers or remote CSS in the scripts and styles of a multi-file report."""
    found = []
    for asset in (*out.glob("*.js"), *out.glob("*.css")):
        text = asset.read_text(encoding="utf-8", errors="replace")
        found += [f"{asset.name}: {m[0]}" for m in _TRACKERS.finditer(text)]
        found += [f"{asset.name}: {m[0]}" for m in _CSS_REMOTE.finditer(text)]
    return found


def _run(args: list[str], cwd: Path, what: str) -> None:
    try:
        proc = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise HtmlUnavailable(f"{what} failed: {exc}") from None
    if proc.returncode != 0:
        tail = (proc.stderr.strip() or proc.stdout.strip()).splitlines()[-1:] or ["no output"]
        raise HtmlUnavailable(f"{what} failed (exit {proc.returncode}): {tail[0]}")


# A URL on another host: with a scheme, or protocol-relative with a dotted host name.
_REMOTE = r"""(?:https?://|//[\w-]+\.[\w.-]+)[^\s"'<>)]*"""
# Case-sensitive on purpose: re.I makes these scans of a 15 MB page several times slower.
_TRACKERS = re.compile(r"googletagmanager|google-analytics|doubleclick\.net")
_ANALYTICS = re.compile(rf"{_TRACKERS.pattern}|gtag\(|dataLayer")
# A script body "loads" a remote URL when a remote string literal meets a loading call.
_REMOTE_LITERAL = re.compile(rf"""["'`]{_REMOTE}""")
_LOADER = re.compile(r"\.src\s*=|createElement\(|fetch\(|import\(|XMLHttpRequest|sendBeacon")
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.I | re.S)
_REMOTE_ATTR = re.compile(rf"""\b(?:src|href|srcset|data|poster)\s*=\s*["']?\s*{_REMOTE}""", re.I)
_RESOURCE_TAG = re.compile(r"<(?:link|img|iframe|source|embed|object|audio|video)\b[^>]*>", re.I)
_NOSCRIPT = re.compile(r"<noscript\b[^>]*>.*?</noscript\s*>", re.I | re.S)
_CSS_REMOTE = re.compile(rf"""(?:(?:url|URL)\(\s*["']?|@import\s+["']){_REMOTE}""")
_DATA_URI = re.compile(r"data:text/(?:javascript|css);base64,([A-Za-z0-9+/=]+)")


def strip_third_party(page: str) -> str:
    """Remove every tag that would load something from another host, and analytics code."""

    def script(m: re.Match[str]) -> str:
        attrs, body = m.group(1), m.group(2)
        loads = _REMOTE_LITERAL.search(body) and _LOADER.search(body)
        return "" if _REMOTE_ATTR.search(attrs) or _ANALYTICS.search(body) or loads else m[0]

    def remote_tag(m: re.Match[str]) -> str:
        return "" if _REMOTE_ATTR.search(m[0]) else m[0]

    page = _SCRIPT.sub(script, page)
    page = _NOSCRIPT.sub(remote_tag, page)
    return _RESOURCE_TAG.sub(remote_tag, page)


def remote_loads(page: str) -> list[str]:
    """What a page would still fetch from elsewhere: remote src/href, CSS urls, trackers.

    Inlined (base64 data:) scripts and styles are decoded and searched too. Links a
    reader must click (<a href>) and XML namespace URIs are not loads.
    """
    found = [m[0][:120] for m in _SCRIPT.finditer(page) if _REMOTE_ATTR.search(m[1])]
    found += [m[0] for m in _RESOURCE_TAG.finditer(page) if _REMOTE_ATTR.search(m[0])]
    found += [m[0] for m in _CSS_REMOTE.finditer(page)]
    found += [m[0] for m in _ANALYTICS.finditer(page)]
    for m in _DATA_URI.finditer(page):
        inlined = base64.b64decode(m[1]).decode("utf-8", "replace")
        found += [f"inlined: {t[0]}" for t in _TRACKERS.finditer(inlined)]
        found += [f"inlined: {t[0]}" for t in _CSS_REMOTE.finditer(inlined)]
    return found

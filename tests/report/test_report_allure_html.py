"""Allure extras and the offline HTML: no third-party script may survive the render."""

from __future__ import annotations

import base64
import json
import shutil
import sys
from pathlib import Path

import pytest

from konform.report import allure_html, render_all
from konform.report.allure_html import (
    CATEGORIES,
    HtmlUnavailable,
    remote_loads,
    strip_third_party,
    write_categories,
    write_environment,
)

ROOT = Path(__file__).resolve().parents[2]

PAGE = """<!DOCTYPE html><html><head>
<link rel="icon" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E">
<link rel="stylesheet" href="https://fonts.example.com/font.css">
<link rel="stylesheet" href="styles.css">
<script>window.allureReportOptions = {"ci":{"jobUrl":"https://ci.example.org/job/1"}}</script>
</head><body>
<svg xmlns="http://www.w3.org/2000/svg"></svg>
<script src="app-1234.js"></script>
<script async src="https://www.googletagmanager.com/gtag/js?id=G-LNDJ3J7WT0"></script>
<script>
    window.dataLayer = window.dataLayer || [];
    function gtag(){dataLayer.push(arguments);}
    gtag('js', new Date());
    gtag('config', 'G-LNDJ3J7WT0', {"report": "awesome"});
</script>
<script>var s=document.createElement('script');s.src='//cdn.tracker.example/t.js';</script>
<script src="//cdn.example.net/lib.js"></script>
<img src="http://pixel.example.com/p.gif" alt="">
<noscript><iframe src="https://www.googletagmanager.com/ns.html?id=X"></iframe></noscript>
<a href="https://allurereport.org">Allure</a>
</body></html>
"""


def test_strip_removes_analytics_and_remote_tags() -> None:
    assert len(remote_loads(PAGE)) >= 5
    page = strip_third_party(PAGE)
    assert remote_loads(page) == []
    for gone in (
        "googletagmanager",
        "gtag(",
        "dataLayer",
        "fonts.example.com",
        "cdn.tracker.example",
        "cdn.example.net",
        "pixel.example.com",
    ):
        assert gone not in page
    for kept in (
        '<script src="app-1234.js"></script>',
        'href="styles.css"',
        "allureReportOptions",
        'xmlns="http://www.w3.org/2000/svg"',
        '<a href="https://allurereport.org">',
        'href="data:image/svg+xml',
    ):
        assert kept in page


def test_remote_loads_looks_inside_inlined_scripts() -> None:
    bundle = base64.b64encode(b"load('https://www.google-analytics.com/analytics.js')").decode()
    page = f'<script src="data:text/javascript;base64,{bundle}"></script>'
    assert remote_loads(page) == ["inlined: google-analytics"]
    assert strip_third_party(page) == page  # an inlined bundle cannot be cut; render refuses it


def test_categories_sort_failures_from_harness_errors(tmp_path: Path) -> None:
    data = json.loads(write_categories(tmp_path).read_text(encoding="utf-8"))
    assert data == CATEGORIES
    names = [c["name"] for c in data]
    assert names == ["Non-conformance", "Approved deviation", "Harness error", "Precondition missing"]


def test_environment_properties_are_escaped(tmp_path: Path) -> None:
    path = write_environment(tmp_path, "stage", {"Takecare": "Region Stockholm – 2", "SPOR": "4.1"})
    lines = path.read_text(encoding="ascii").splitlines()
    assert lines[0] == "target=stage"
    assert "konform=0.1.0" in lines
    assert any(line.startswith("pytest-bdd=") for line in lines)
    assert "interface\\ Takecare=Region Stockholm \\u2013 2" in lines
    assert "interface\\ SPOR=4.1" in lines


def test_missing_node_is_one_line_and_the_rest_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(allure_html, "_ROOT", tmp_path / "repo")  # no node_modules there
    monkeypatch.setattr(allure_html.shutil, "which", lambda _name: None)
    results = tmp_path / "allure-results"
    results.mkdir()
    summary = render_all(results, tmp_path / "reports", "sim")
    err = capsys.readouterr().err
    assert err == "konform: HTML report skipped: Node.js not found (install Node >= 20)\n"
    assert summary.html_index is None
    assert (tmp_path / "reports" / "coverage.json").exists()
    assert (tmp_path / "reports" / "html" / "coverage.html").exists()


def test_a_failing_npm_install_is_reported(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "package-lock.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(HtmlUnavailable, match=r"npm ci failed|Node.js not found"):
        allure_html.allure_cli(tmp_path)


FAKE_ALLURE = """#!{python}
import json, pathlib, sys
args = sys.argv[1:]
config = json.loads(pathlib.Path(args[args.index("--config") + 1]).read_text())
out = pathlib.Path(args[args.index("--output") + 1])
if config["plugins"]["awesome"]["options"]["singleFile"]:
    sys.exit("The report is too large to be generated in the single file mode!")
out.mkdir(parents=True)
(out / "app-1.js").write_text("render()")
(out / "index.html").write_text({page!r})
"""


def fake_allure(root: Path, page: str) -> None:
    """A stand-in Allure CLI that refuses single-file mode and writes a multi-file report."""
    cli = root / "node_modules" / ".bin" / "allure"
    cli.parent.mkdir(parents=True)
    cli.write_text(FAKE_ALLURE.format(python=sys.executable, page=page), encoding="utf-8")
    cli.chmod(0o755)


def test_too_large_for_one_file_falls_back_to_a_folder(tmp_path: Path) -> None:
    fake_allure(tmp_path / "repo", PAGE)
    html_dir = tmp_path / "html"
    html_dir.mkdir()
    (html_dir / "coverage.html").write_text("<p>coverage</p>", encoding="utf-8")
    (html_dir / "stale-app.js").write_text("old", encoding="utf-8")
    index = allure_html.render_html(tmp_path, html_dir, root=tmp_path / "repo")
    assert sorted(p.name for p in html_dir.iterdir()) == ["app-1.js", "coverage.html", "index.html"]
    assert remote_loads(index.read_text(encoding="utf-8")) == []


def test_a_tracker_in_a_script_file_is_refused(tmp_path: Path) -> None:
    fake_allure(tmp_path / "repo", "<html></html>")
    cli = tmp_path / "repo" / "node_modules" / ".bin" / "allure"
    cli.write_text(cli.read_text().replace("render()", "load('googletagmanager')"))
    with pytest.raises(HtmlUnavailable, match="refused"):
        allure_html.render_html(tmp_path, tmp_path / "html", root=tmp_path / "repo")
    assert not (tmp_path / "html" / "index.html").exists()


@pytest.mark.skipif(
    shutil.which("node") is None or shutil.which("npm") is None,
    reason="Node.js is not installed: the HTML report needs Node >= 20",
)
def test_render_is_offline_and_keeps_the_coverage_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # relative paths, as `konform certify` passes them
    results = Path("allure-results")
    results.mkdir()
    for n, status in enumerate(("passed", "failed", "skipped")):
        labels = [{"name": "story", "value": "SPOR-7.1-PNR"}, {"name": "epic", "value": "SPOR"}]
        data = {
            "name": f"scenario {n}",
            "status": status,
            "historyId": f"h{n}",
            "start": n,
            "stop": n + 1,
            "fullName": f"spor.feature:scenario {n}",
            "labels": labels,
        }
        (results / f"{n}-result.json").write_text(json.dumps(data), encoding="utf-8")
    write_environment(results, "sim", {"SPOR": "4.1"})
    html_dir = Path("html")
    html_dir.mkdir()
    (html_dir / "coverage.html").write_text("<p>coverage</p>", encoding="utf-8")
    index = allure_html.render_html(results, html_dir, report_name="konform · sim")
    page = index.read_text(encoding="utf-8")
    assert index == html_dir / "index.html"
    assert "allureReportOptions" in page
    assert remote_loads(page) == []
    assert "googletagmanager" not in page
    assert (html_dir / "coverage.html").read_text(encoding="utf-8") == "<p>coverage</p>"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".allure-")] == []

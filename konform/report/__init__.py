"""Reports of a run: requirement coverage, offline Allure HTML and the terminal summary.

`render_all` is what `konform certify` and `konform report` call after pytest has
written reports/allure-results.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from konform.report import allure_html, coverage, coverage_pages
from konform.report.failures import failures
from konform.report.results import read_results
from konform.report.run import RunInfo
from konform.report.summary import Summary, format_summary

__all__ = ["RunInfo", "Summary", "format_summary", "render_all"]


def render_all(
    results_dir: Path,
    out_dir: Path,
    target: str = "sim",
    interface_versions: Mapping[str, str] | None = None,
    *,
    html: bool = True,
    now: datetime | None = None,
    scope: Sequence[str] | None = None,
    run: RunInfo | None = None,
) -> Summary:
    """Write coverage.md/.json, Allure categories/environment, the HTML report and coverage.html.

    Allure renders first into out_dir/html/, then coverage.html is written beside its
    index.html. Without Node.js (or when the install or render fails) the HTML is
    skipped with one line on stderr and everything else is still written.
    `scope`: the registries (report epics) the run was about; every registry when empty;
    when None, the registries the results name (a `konform report` of a `--registry` run).
    Raises FileNotFoundError when results_dir does not exist.
    """
    records = read_results(results_dir)
    if scope is None:
        scope = coverage.scope_of(records)
    matrix = coverage.build_coverage(records, generated=now, scope=scope)
    allure_html.write_categories(results_dir)
    allure_html.write_environment(results_dir, target, interface_versions or {})
    html_dir = out_dir / "html"
    index, skipped = None, ""
    if html:
        try:
            index = allure_html.render_html(results_dir, html_dir, report_name=f"konform · {target}")
        except allure_html.HtmlUnavailable as exc:
            skipped = str(exc)
            print(f"konform: HTML report skipped: {skipped}", file=sys.stderr)
    return Summary(
        coverage=matrix,
        target=target,
        coverage_md=coverage_pages.write_markdown(matrix, out_dir / "coverage.md", target),
        coverage_json=coverage.write_json(matrix, out_dir / "coverage.json", target),
        coverage_html=coverage_pages.write_html(matrix, html_dir / "coverage.html", target),
        html_index=index,
        html_skipped=skipped,
        failures=tuple(failures(records)),
        run=replace(run or RunInfo(), target=target, scope=tuple(scope)),
    )

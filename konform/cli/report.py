"""`konform report`: turn allure-results into the coverage matrix, HTML and summary."""

from __future__ import annotations

from pathlib import Path

import click

from konform.cli.verbosity import detail, quiet, verbosity_options
from konform.report import format_summary, render_all
from konform.report.summary import verdict_line


def _interface_versions(
    ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> dict[str, str]:
    versions = {}
    for value in values:
        registry, sep, version = value.partition("=")
        if not sep or not registry or not version:
            raise click.BadParameter(f"{value!r} is not REGISTRY=VERSION", ctx, param)
        versions[registry] = version
    return versions


@click.command("report")
@click.option(
    "--results",
    "results_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("reports/allure-results"),
    show_default=True,
    help="Allure results of the run",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("reports"),
    show_default=True,
    help="where coverage.md/.json and html/ go",
)
@click.option("--target", default="sim", show_default=True, help="target the run was against")
@click.option(
    "--interface-version",
    "interface_versions",
    multiple=True,
    metavar="REGISTRY=VERSION",
    callback=_interface_versions,
    help="interface version shown in the report's environment (repeatable), e.g. SPOR=4.1",
)
@click.option("--no-html", is_flag=True, help="skip the Allure HTML render (needs Node.js)")
@verbosity_options
def report_command(
    results_dir: Path,
    out_dir: Path,
    target: str,
    interface_versions: dict[str, str],
    no_html: bool,
) -> None:
    """Write the requirement coverage matrix and the offline HTML report of a run.

    Reads RESULTS (written by `konform certify` / pytest --alluredir) and writes
    coverage.md, coverage.json, html/index.html (Allure 3, no third-party scripts)
    and html/coverage.html, then prints a summary (-q: only its verdict line).
    """
    if not results_dir.is_dir():
        click.echo(f"konform: {results_dir}: no Allure results (run konform certify first)", err=True)
        raise SystemExit(2)
    detail(f"konform: reading {results_dir}, writing {out_dir}")
    summary = render_all(results_dir, out_dir, target, interface_versions, html=not no_html)
    click.echo(verdict_line(summary) if quiet() else format_summary(summary))

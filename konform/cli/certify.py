"""`konform certify`: run the feature suite against a target and write the report."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from konform import catalogue, deviations, report, targets
from konform.cli.errors import UsageProblem
from konform.report import evidence_pack

ROOT = Path(__file__).resolve().parents[2]
#: --registry names → feature folders and report epics.
REGISTRIES = {
    "spor": "SPOR",
    "lar": "LAR",
    "sysvak": "SYSVAK",
    "brs": "BRS",
    "takecare": "Takecare",
    "identifiers": "Identifiers",
}

#: pytest's exit codes that mean "the suite ran": 0 all passed, 1 some failed.
RAN = {0, 1}


@click.command("certify")
@click.option(
    "--registry", "registries", multiple=True, type=click.Choice(list(REGISTRIES)), help="repeatable"
)
@click.option("--target", default=targets.SIM, show_default=True, help="target profile name")
@click.option("--targets-file", type=click.Path(path_type=Path), default=None, help="profile file")
@click.option("--allow-production", is_flag=True, help="allow a profile that says production = true")
@click.option(
    "--deviations",
    "baseline_path",
    type=click.Path(path_type=Path),
    default=None,
    help="known-deviation baseline (default: ./deviations.toml if present)",
)
@click.option("--thorough", is_flag=True, help="use the Hypothesis 'thorough' profile")
@click.option("-n", "workers", type=click.IntRange(min=1), default=None, help="parallel workers")
@click.option("--reports", type=click.Path(file_okay=False, path_type=Path), default=Path("reports"))
def certify_command(
    registries: tuple[str, ...],
    target: str,
    targets_file: Path | None,
    allow_production: bool,
    baseline_path: Path | None,
    thorough: bool,
    workers: int | None,
    reports: Path,
) -> None:
    """Run the feature suite against TARGET and write the report and evidence pack.

    Exit 0: every scenario that ran passed (approved deviations allowed); 1: at least one
    non-conformance or an expired deviation; 2: usage, profile or harness error.
    """
    profile_path = targets.profile_file(str(targets_file) if targets_file else None)
    baseline_file = deviations.baseline_file(str(baseline_path) if baseline_path else None)
    try:
        profile = targets.load(target, profile_path, allow_production=allow_production)
        baseline = deviations.load(baseline_file) if baseline_file else []
    except (targets.TargetError, deviations.DeviationError) as error:
        raise UsageProblem(str(error)) from None
    features = [ROOT / "features" / r for r in registries]
    results = reports / "allure-results"
    shutil.rmtree(results, ignore_errors=True)
    results.mkdir(parents=True)
    args = [
        sys.executable,
        "-m",
        "pytest",
        *(str(f) for f in features or [ROOT / "features"]),
        f"--target={target}",
        f"--targets-file={profile_path.resolve()}",
        f"--alluredir={results.resolve()}",
        f"--junitxml={(reports / 'junit.xml').resolve()}",
        f"--hypothesis-profile={'thorough' if thorough else 'ci'}",
        "-p",
        "no:cacheprovider",
        "-q",
    ]
    if baseline_file:
        args.append(f"--deviations={baseline_file.resolve()}")
    if allow_production:
        args.append("--allow-production")
    if workers and workers > 1:
        # worksteal: an idle worker takes scenarios still queued on a busy one, so a long
        # Hypothesis scenario near the end does not leave the other worker waiting.
        args += ["-n", str(workers), "--dist", "worksteal"]
    outcome = subprocess.run(args, cwd=ROOT, check=False).returncode
    if outcome not in RAN:
        click.echo(f"konform: the suite did not run to the end (pytest exit {outcome})", err=True)
        sys.exit(2)
    summary = report.render_all(results, reports, target, catalogue.INTERFACE_VERSIONS)
    pack = evidence_pack.write(
        reports,
        summary,
        profile,
        registries=[REGISTRIES[r] for r in registries],
        baseline=baseline,
        when=datetime.now(UTC),
    )
    click.echo(report.format_summary(summary))
    click.echo(f"Evidence pack: {pack.folder} ({pack.verdict})")
    sys.exit(outcome)

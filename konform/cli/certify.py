"""`konform certify`: run the feature suite against a target and write the report."""

from __future__ import annotations

import json
import shlex
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

import click

from konform import catalogue, deviations, reachability, report, runseed, targets
from konform.checks import READINGS_MODES
from konform.cli import certify_bindings, consumer, pytest_run, verbosity
from konform.cli.errors import UsageProblem
from konform.report import evidence_pack
from konform.report import summary as summaries
from konform.report.run import RunInfo

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
    "--registry",
    "registries",
    multiple=True,
    type=click.Choice(list(REGISTRIES)),
    help="a registry to certify (repeatable; default: every registry the target profile names)",
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
@click.option(
    "--readings",
    type=click.Choice(READINGS_MODES),
    default="lenient",
    show_default=True,
    help="strict: a check resting on konform's reading beyond the document's words fails instead of warning",
)
@click.option(
    "--seed",
    default=None,
    metavar="N",
    help="draw the run's identifiers from seed N, to draw a run's data again (default: a fresh "
    "seed against a target that keeps its data, derandomized against sim)",
)
@click.option(
    "--require-all",
    is_flag=True,
    help="exit 1 when a requirement in scope is not demonstrated (skipped, not run, or only "
    "konform judging its own material)",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: print one summary object on stdout and nothing else",
)
@click.option(
    "--reports",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("reports"),
    show_default=True,
    help="where the report, the coverage matrix and the evidence pack go",
)
@certify_bindings.certify_binding_options
@consumer.consumer_options
@verbosity.verbosity_options
def certify_command(
    registries: tuple[str, ...],
    target: str,
    targets_file: Path | None,
    allow_production: bool,
    baseline_path: Path | None,
    thorough: bool,
    workers: int | None,
    readings: str,
    seed: str | None,
    require_all: bool,
    output_format: str,
    reports: Path,
) -> None:
    """Run the feature suite against TARGET and write the report and evidence pack.

    Exit 0: every scenario that ran passed (approved deviations allowed; with --require-all,
    every requirement in scope demonstrated); 1: at least one non-conformance or an expired
    deviation; 2: usage, profile or harness error, or the target could not be reached.

    With --consumer REGISTRY your own system is certified instead: the registry's simulator
    runs with a test plan (--plan shows it), --run CMD drives your system (or konform waits
    for it), and the evidence pack is about your system. Exit 0: every task done and no
    error finding; 1: a task not done or done wrongly, or an error finding; 2: usage or
    harness problem.
    """
    consumer.run_if_asked(
        reports=reports, readings=readings, output_format=output_format, registries=registries
    )
    as_json = output_format == "json"
    try:
        bound = certify_bindings.pytest_args(certify_bindings.chosen(), registries)
    except UsageProblem as error:
        _stop(str(error), as_json)
    profile_path = targets.profile_file(str(targets_file) if targets_file else None)
    baseline_file = deviations.baseline_file(str(baseline_path) if baseline_path else None)
    try:
        profile = targets.load(target, profile_path, allow_production=allow_production)
        baseline = deviations.load(baseline_file) if baseline_file else []
        if not registries and not profile.embedded:
            registries = tuple(r for r in REGISTRIES if r in profile.endpoints)
        chosen = runseed.choose(seed, persistent_target=not profile.embedded)
    except (targets.TargetError, deviations.DeviationError, ValueError) as error:
        _stop(str(error), as_json)
    if not profile.embedded:
        try:
            reachability.check(profile, [r for r in registries if r in targets.REGISTRY_KEYS])
        except (reachability.Unreachable, targets.TargetError) as error:
            _stop(f"target {target!r} is not reachable: {error}", as_json)
    scope = [REGISTRIES[r] for r in registries]
    rerun = _rerun(registries, target, targets_file, seed=chosen, readings=readings, thorough=thorough)
    rerun = " ".join([rerun, *(shlex.quote(arg) for arg in bound)])
    features = [ROOT / "features" / r for r in registries]
    results = reports / "allure-results"
    pytest_run.clean(results)
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
        f"--readings={readings}",
        "-p",
        "no:cacheprovider",
        *bound,
    ]
    if chosen is not None:
        args.append(f"--seed={chosen}")
    if baseline_file:
        args.append(f"--deviations={baseline_file.resolve()}")
    if allow_production:
        args.append("--allow-production")
    if workers and workers > 1:
        # worksteal: an idle worker takes scenarios still queued on a busy one, so a long
        # Hypothesis scenario near the end does not leave the other worker waiting. A shared
        # target's registry runs on one worker (pytest_plugin.shared_state_group).
        args += ["-n", str(workers), "--dist", "worksteal" if profile.embedded else "loadgroup"]
    shown = not as_json and not verbosity.quiet()
    # pytest.log always gets pytest's whole output; the terminal shows it with -v, else only
    # its progress (konform's summary replaces the failure sections and tracebacks).
    args += ["-v"] if verbosity.verbose() else ["-q", "--no-header", "--tb=short"]
    if shown and chosen is not None:
        click.echo(f"konform: run seed {chosen} (draw the same data again with --seed {chosen})")
    echo = None if not shown else sys.stdout if verbosity.verbose() else pytest_run.Progress(sys.stdout)
    outcome = pytest_run.run(args, reports / "pytest.log", echo)
    # A run the watch stopped (konform/target_watch.py) ends "interrupted": report what ran.
    stopped = _stopped_answering(profile, registries) if outcome not in RAN or outcome == 1 else ""
    if outcome not in RAN and not stopped:
        _stop(
            f"the suite did not run to the end (pytest exit {outcome}; its output: {reports / 'pytest.log'})",
            as_json,
        )
    run = RunInfo(seed=chosen, readings=readings, rerun=rerun, require_all=require_all)
    summary = report.render_all(results, reports, target, catalogue.INTERFACE_VERSIONS, scope=scope, run=run)
    when = datetime.now(UTC)
    pack = evidence_pack.write(reports, summary, profile, registries=scope, baseline=baseline, when=when)
    exit_code = decide_exit(outcome, summary, require_all=require_all, stopped=stopped)
    rows = {row.requirement.id: row for row in summary.coverage.rows}
    states = [(d, evidence_pack.deviation_state(d, rows.get(d.requirement), when.date())) for d in baseline]
    states = [(d, state) for d, state in states if d.requirement in rows]
    if as_json:
        data = summaries.to_json(summary, exit_code=exit_code, evidence_pack=pack.folder)
        data["deviations"] = [
            {"requirement": d.requirement, "reason": d.reason, "expires": str(d.expires), "state": state}
            for d, state in states
        ]
        click.echo(json.dumps(data, ensure_ascii=False))
    else:
        if shown:
            click.echo(report.format_summary(summary))
            for deviation, state in states:
                if state != "active":
                    click.echo(
                        f"Known deviation {deviation.requirement} (until {deviation.expires}): {state}"
                    )
            click.echo(f"Evidence pack: {pack.folder}")
            if require_all and summary.not_demonstrated:
                click.echo(f"--require-all: {len(summary.not_demonstrated)} requirement(s) not demonstrated")
        click.echo(summaries.verdict_line(summary))
    if stopped:
        click.echo(f"konform: the target stopped answering during the run: {stopped}", err=True)
    sys.exit(exit_code)


def decide_exit(outcome: int, summary: summaries.Summary, *, require_all: bool, stopped: str = "") -> int:
    """2 when the target stopped answering; pytest's 0/1, raised to 1 under --require-all when
    a requirement in scope is not demonstrated."""
    if stopped:
        return 2
    if require_all and summary.not_demonstrated:
        return max(outcome, 1)
    return outcome


def _stop(message: str, as_json: bool) -> NoReturn:
    """Exit 2 with one line on stderr (and, for --format json, one object on stdout)."""
    if as_json:
        click.echo(json.dumps({"verdict": "not run", "exit_code": 2, "error": message}, ensure_ascii=False))
    raise UsageProblem(message)


def _stopped_answering(profile: targets.Target, registries: tuple[str, ...]) -> str:
    """After a run that did not pass, the endpoint that no longer answers ("" if all do)."""
    if profile.embedded:
        return ""
    try:
        reachability.check(profile, [r for r in registries if r in targets.REGISTRY_KEYS])
    except (reachability.Unreachable, targets.TargetError) as error:
        return str(error)
    return ""


def _rerun(
    registries: tuple[str, ...],
    target: str,
    targets_file: Path | None,
    *,
    seed: int | None,
    readings: str,
    thorough: bool,
) -> str:
    """The command that runs the same scenarios against the same target with the same data."""
    words = ["konform", "certify", *(f"--registry={r}" for r in registries), f"--target={target}"]
    if targets_file:
        words.append(f"--targets-file={targets_file}")
    if seed is not None:
        words.append(f"--seed={seed}")
    if readings != "lenient":
        words.append(f"--readings={readings}")
    if thorough:
        words.append("--thorough")
    return " ".join(shlex.quote(w) for w in words)

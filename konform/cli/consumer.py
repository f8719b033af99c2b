"""`konform certify --consumer REGISTRY`: certify the vendor's own system (a consumer session).

Starts the registry's simulator with the test plan's data, hands CMD (or the person at
the terminal) the connection details, judges every message received and every task of
the plan, and writes the evidence pack about the system.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NoReturn, TypeVar, cast

import click

from konform.checks import ReadingsMode
from konform.cli import certify_bindings
from konform.cli.errors import UsageProblem
from konform.cli.verbosity import quiet
from konform.consumer import pack, registry, session
from konform.consumer.plan import Plan, PlanError
from konform.consumer.session import HarnessProblem, Received, Started

Command = TypeVar("Command", bound=Callable[..., Any])
_KEY = "konform.consumer"
_DURATION = re.compile(r"^(\d+(?:\.\d+)?)([smh]?)$")
_UNIT = {"": 1, "s": 1, "m": 60, "h": 3600}
#: How often the waiting mode asks the simulator what it received.
POLL_SECONDS = 1.0


def duration(text: str) -> float:
    """'90s', '5m', '1h' or plain seconds → seconds; UsageProblem naming --timeout otherwise."""
    match = _DURATION.match(text.strip().lower())
    if not match or float(match.group(1)) <= 0:
        raise UsageProblem(f"--timeout {text!r}: write a duration like 90s, 5m or 1h")
    return float(match.group(1)) * _UNIT[match.group(2)]


def _remember(context: click.Context, param: click.Parameter, value: Any) -> Any:
    context.meta.setdefault(_KEY, {})[param.name] = value
    return value


def consumer_options(command: Command) -> Command:
    """The options of a consumer session, kept in the context for `run_if_asked`."""
    kept: dict[str, Any] = {"expose_value": False, "callback": _remember}
    options = [
        click.option(
            "--consumer",
            type=click.Choice(list(registry.HOOKS)),
            help="certify your own system as a consumer of REGISTRY (its simulator with a test plan)",
            **kept,
        ),
        click.option(
            "--run",
            "run_cmd",
            metavar="CMD",
            help="with --consumer: run CMD (via the shell), then judge",
            **kept,
        ),
        click.option(
            "--timeout",
            metavar="DURATION",
            help="with --consumer: stop waiting (or stop CMD) after DURATION, e.g. 90s, 5m, 1h",
            **kept,
        ),
        click.option(
            "--system", metavar="NAME", help="with --consumer: your system's name [default: system]", **kept
        ),
        click.option(
            "--folder",
            type=click.Path(file_okay=False, path_type=Path),
            help="with --consumer: the simulator's state and test PKI [default: .konform/consumer/REGISTRY]",
            **kept,
        ),
        click.option(
            "--plan", "show_plan", is_flag=True, help="with --consumer: print the test plan and stop", **kept
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def run_if_asked(*, reports: Path, readings: str, output_format: str, registries: tuple[str, ...]) -> None:
    """With --consumer: run the session and exit; without: complain about consumer-only options."""
    given = click.get_current_context().meta.get(_KEY, {})
    name = given.get("consumer")
    if name is None:
        used = [f"--{key.replace('_cmd', '').replace('show_', '')}" for key, value in given.items() if value]
        if used:
            raise UsageProblem(f"{', '.join(used)} only with --consumer REGISTRY")
        return
    if registries:
        raise UsageProblem(
            "--registry certifies a registry (provider side); --consumer certifies your system: not both"
        )
    try:
        hook = registry.hook(name)
        plan = hook.plan()
    except (registry.NoSession, PlanError) as error:
        raise UsageProblem(str(error)) from None
    bound = certify_bindings.chosen()
    other = [r for r in bound if r != name]
    if other:
        raise UsageProblem(f"--binding for {other[0]}: the consumer session is {name}'s")
    as_json = output_format == "json"
    if given.get("show_plan"):
        click.echo(plan.as_json() if as_json else describe(plan))
        sys.exit(0)
    timeout = duration(given["timeout"]) if given.get("timeout") else None
    folder = given.get("folder") or Path(".konform") / "consumer" / name
    system = given.get("system") or "system"
    try:
        code = certify_consumer(
            hook,
            plan,
            folder=folder,
            reports=reports,
            system=system,
            command=given.get("run_cmd"),
            timeout=timeout,
            readings=cast(ReadingsMode, readings),
            as_json=as_json,
            binding=bound[name].load() if name in bound else None,
        )
    except HarnessProblem as error:
        _stop(str(error), as_json)
    sys.exit(code)


def _stop(message: str, as_json: bool) -> NoReturn:
    if as_json:
        click.echo(json.dumps({"verdict": "not run", "exit_code": 2, "error": message}, ensure_ascii=False))
    raise UsageProblem(message)


def describe(plan: Plan) -> str:
    """The plan as a person reads it: its tasks, what to do, the requirements they show."""
    lines = [f"{plan.title} (plan version {plan.version}, {len(plan.tasks)} tasks)", ""]
    for number, task in enumerate(plan.tasks, 1):
        lines += [
            f"{number}. {task.title}  [{task.id}]",
            f"   {task.do}",
            f"   requirements: {', '.join(task.requirements)}"
            + (f" ({task.section})" if task.section else ""),
        ]
    lines += [
        "",
        f"The test data is in the plan file ({plan.source}) and in KONFORM_{plan.registry.upper()}_PLAN.",
    ]
    return "\n".join(lines)


def certify_consumer(
    hook: registry.Hook,
    plan: Plan,
    *,
    folder: Path,
    reports: Path,
    system: str,
    command: str | None,
    timeout: float | None,
    readings: ReadingsMode,
    as_json: bool,
    binding: Any = None,
) -> int:
    """One session, start to evidence pack; the exit code (0 or 1; HarnessProblem for 2).

    `binding`: the registry's own schema object (a `--binding`) its simulator serves and its
    judge reads; None: konform's own schema."""
    shown = not as_json and not quiet()
    if command is not None:
        session.check_command(command)
    began = datetime.now(UTC)
    try:
        folder = folder.resolve()
        started = hook.start(plan, session.fresh_folder(folder), binding)
    except OSError as error:
        raise HarnessProblem(f"cannot start the {plan.registry.upper()} simulator: {error}") from None
    try:
        env = session.environment(plan, started, folder)
        if shown:
            click.echo(describe(plan) + "\n")
            click.echo("\n".join(session.export_lines(env, plan.registry)) + "\n")
            sys.stdout.flush()  # a script reading the export lines from a pipe needs them now
        if command is not None:
            _, note = session.run_command(command, env, timeout)
        else:
            note = wait(hook, plan, started, timeout, shown)
        received = session.fetch_received(started)
        verdicts, raw = hook.judge(plan, received, started)
    finally:
        started.stop()
    verdicts, findings = session.settle(verdicts, raw, readings)
    record = pack.Session(
        plan, system, verdicts, findings, received, began, datetime.now(UTC), readings, note
    )
    folder_written = pack.write(reports, record)
    data = json.loads((folder_written / "result.json").read_text(encoding="utf-8"))
    if as_json:
        click.echo(json.dumps({**data, "evidence": str(folder_written)}, ensure_ascii=False))
        return record.exit
    if not quiet():
        click.echo(note)
        for verdict in verdicts:
            click.echo(f"{verdict.state:>12}  {verdict.task}: {verdict.why}")
        for finding in findings:
            click.echo(f"{finding.severity:>12}  {finding.requirement}: {finding.message}")
    click.echo(
        f"{plan.registry.upper()} consumer session for {system}: "
        f"{'passed' if record.exit == 0 else 'failed'} (failed: {', '.join(data['failed']) or 'none'})"
    )
    click.echo(f"evidence: {folder_written}")
    return record.exit


def wait(hook: registry.Hook, plan: Plan, started: Started, timeout: float | None, shown: bool) -> str:
    """Show each task as it is seen and done, until every task is done, --timeout passes or Ctrl-C."""
    if shown:
        click.echo("Waiting for your system (Ctrl-C to stop and judge) …")
        sys.stdout.flush()
    deadline = None if timeout is None else time.monotonic() + timeout
    received: list[Received] = []
    seen: set[str] = set()
    done: set[str] = set()
    every = {task.id for task in plan.tasks}
    try:
        while True:
            new = session.fetch_received(started, received[-1].id if received else 0)
            if new:
                received += new
                now_seen = (hook.seen(plan, received, started) or set()) - seen
                verdicts, _ = hook.judge(plan, received, started)
                now_done = {v.task for v in verdicts if v.passed} - done
                for task in plan.tasks:
                    if shown and task.id in now_seen:
                        click.echo(f"  seen  {task.id}: {task.title}")
                    if shown and task.id in now_done:
                        click.echo(f"  done  {task.id}")
                sys.stdout.flush()
                seen |= now_seen
                done |= now_done
                if done >= every:
                    return "every task of the plan was done"
            if deadline is not None and time.monotonic() >= deadline:
                return "--timeout passed before every task was done"
            time.sleep(POLL_SECONDS)
    except KeyboardInterrupt:
        return "interrupted (Ctrl-C) before every task was done"

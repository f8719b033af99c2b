"""What every `konform validate <registry>` shares: one-line errors, the options of its output,
the messages a running simulator recorded, and the report and exit code (CONTRACTS.md)."""

from __future__ import annotations

import ssl
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, NoReturn

import click

from konform.checks import READINGS_MODES, ReadingsMode, apply_readings
from konform.cli.verbosity import detail, quiet, verbosity_options
from konform.validate import FileVerdict, Unusable, output, registry


class OneLineErrors(click.Group):
    """A wrong command line gives exit 2 and one line on stderr, never a usage dump or traceback."""

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        name = args[0] if args else ""
        if name and not name.startswith("-") and name not in self.commands:
            try:
                registry.judge_for(name)
            except registry.UnknownRegistry as error:
                fail(str(error))
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as error:
            fail(error.format_message())


def fail(message: str) -> NoReturn:
    click.echo(f"konform: {message}", err=True)
    raise click.exceptions.Exit(2)


#: Inputs smaller than this are judged in well under a second: no progress for them.
PROGRESS_FROM = 8 * 1024 * 1024


def progress(name: str) -> Callable[[int, int], None] | None:
    """Progress on stderr for a long input, only when stderr is a terminal (stdout stays clean)."""
    if not sys.stderr.isatty() or quiet():
        return None
    shown = [-1]

    def report(done: int, total: int) -> None:
        percent = done * 100 // total if total else 100
        if total >= PROGRESS_FROM and percent != shown[0]:
            shown[0] = percent
            click.echo(f"\rkonform: {name}: {percent}%", err=True, nl=percent >= 100)

    return report


def recorded_messages(url: str, ca: Path | None) -> list[tuple[str, bytes]]:
    """(name, body) of every message a running simulator received (`GET <URL>/_konform/received`)."""
    import httpx  # only --recorded needs it

    try:
        verify: ssl.SSLContext | bool = ssl.create_default_context(cafile=str(ca)) if ca else True
        response = httpx.get(
            f"{url.rstrip('/')}/_konform/received", timeout=30.0, trust_env=False, verify=verify
        )
        response.raise_for_status()
        items = response.json()
    except (httpx.HTTPError, ValueError, OSError) as error:
        fail(f"--recorded {url}: cannot fetch the received messages: {error}")
    if not isinstance(items, list):
        fail(f"--recorded {url}: expected a JSON list from /_konform/received")
    return [
        (f"{url}#{item.get('id')}", str(item.get("body") or "").encode("utf-8"))
        for item in items
        if isinstance(item, dict) and item.get("body")
    ]


def output_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--format, --junit, --readings, -q and -v, as every registry's validate command takes them."""
    command = click.option(
        "--readings",
        type=click.Choice(READINGS_MODES),
        default="lenient",
        show_default=True,
        help="lenient: a finding that rests only on konform's reading of the document is a warning; "
        "strict: it stays an error",
    )(command)
    command = click.option(
        "--junit",
        type=click.Path(path_type=Path, dir_okay=False),
        help="also write JUnit XML here (one testcase per file and requirement)",
    )(command)
    command = click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help="text: one finding a line and a summary line; json: one JSON object",
    )(command)
    return verbosity_options(command)


def finish(
    verdicts: Sequence[FileVerdict], fmt: str, junit: Path | None, registry_name: str, readings: str
) -> NoReturn:
    """Apply the readings mode to every verdict, write the report, exit with CONTRACTS.md's code."""
    mode: ReadingsMode = "strict" if readings == "strict" else "lenient"
    judged = [replace(verdict, findings=apply_readings(verdict.findings, mode)) for verdict in verdicts]
    for verdict in judged:
        if not verdict.usable:
            click.echo(f"konform: {verdict.file}: {verdict.reason}", err=True)
        else:
            detail(f"konform: {verdict.file}: {verdict.errors} error(s), {verdict.warnings} warning(s)")
    detail(f"konform: {registry_name}, readings {readings}")
    if fmt == "json":
        output.write_json(judged, sys.stdout)
    else:
        output.write_text(judged, sys.stdout, errors_only=quiet())
    if junit is not None:
        try:
            output.write_junit(judged, junit, registry.requirements_for(registry_name))
        except OSError as error:
            fail(f"--junit {junit}: {error.strerror or error}")
    raise click.exceptions.Exit(output.exit_code(judged))


def judge_and_exit(
    registry_name: str,
    module: Any,
    side: Any,
    files: tuple[str, ...],
    recorded: str | None,
    fmt: str,
    junit: Path | None,
    readings: str,
) -> NoReturn:
    """Judge every file and every message a simulator recorded, report, exit (CONTRACTS.md codes).

    `module` offers judge(path, side) and judge_bytes(body, side, name=…).
    """
    inputs: list[tuple[str, bytes | None]] = [(name, None) for name in files]
    inputs += recorded_messages(recorded, None) if recorded else []
    verdicts = []
    for name, body in inputs:
        try:
            verdict = (
                module.judge(Path(name), side) if body is None else module.judge_bytes(body, side, name=name)
            )
            verdicts.append(replace(verdict, file=name))
        except Unusable as error:
            verdicts.append(FileVerdict(file=name, usable=False, reason=error.reason))
    finish(verdicts, fmt, junit, registry_name, readings)

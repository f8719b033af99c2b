"""`-q`/`-v`, the same on every konform command (and before it: `konform -q validate …`).

Quiet: only errors and the summary. Verbose (repeatable): more detail, on stderr where
stdout is machine-readable. The level lives in the click context's meta, which every
subcommand shares with its parents, so the group's option is the subcommand's default.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

QUIET, NORMAL, VERBOSE = -1, 0, 1
_KEY = "konform.verbosity"
Command = TypeVar("Command", bound=Callable[..., Any])


def _remember_quiet(context: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        context.meta[_KEY] = QUIET


def _remember_verbose(context: click.Context, _param: click.Parameter, value: int) -> None:
    if value:
        context.meta[_KEY] = max(context.meta.get(_KEY, NORMAL), NORMAL) + value


def verbosity_options(command: Command) -> Command:
    """Add -q/--quiet and -v/--verbose to a click command or group."""
    command = click.option(
        "-v",
        "--verbose",
        count=True,
        expose_value=False,
        is_eager=True,
        callback=_remember_verbose,
        help="more detail (repeat for even more)",
    )(command)
    return click.option(
        "-q",
        "--quiet",
        is_flag=True,
        expose_value=False,
        is_eager=True,
        callback=_remember_quiet,
        help="only errors and the summary",
    )(command)


def level() -> int:
    """QUIET (-1), NORMAL (0) or VERBOSE (1 and more) for the command being run."""
    context = click.get_current_context(silent=True)
    return NORMAL if context is None else int(context.meta.get(_KEY, NORMAL))


def quiet() -> bool:
    return level() <= QUIET


def verbose() -> bool:
    return level() >= VERBOSE


def say(message: str, *, err: bool = False) -> None:
    """Echo unless -q (the normal chatter of a command)."""
    if not quiet():
        click.echo(message, err=err)


def detail(message: str, *, err: bool = True) -> None:
    """Echo only with -v (on stderr unless told otherwise)."""
    if verbose():
        click.echo(message, err=err)

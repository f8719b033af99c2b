"""`--code-lists PATH`: SYSVAK's real code lists in place of konform's sample, for serve and validate."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click


def _install(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """Load and install the lists as the option is parsed: a bad file is a usage error naming it."""
    if value is None:
        return None
    from konform.sysvak import codes
    from konform.sysvak.code_lists import CodeListError, load

    try:
        codes.install(load(value))
    except CodeListError as error:
        raise click.BadParameter(str(error), ctx, param) from None
    return value


def code_lists_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """The `--code-lists PATH` option; the lists are installed before the command runs."""
    return click.option(
        "--code-lists",
        type=click.Path(exists=True, path_type=Path),
        metavar="PATH",
        callback=_install,
        expose_value=False,
        help="Real SYSVAK code lists (a folder of CSV files, a CSV or a JSON file) instead of "
        "konform's sample; format: docs/reference/sysvak-code-lists.md.",
    )(command)

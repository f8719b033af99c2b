"""`konform certify --binding FILE [--schema DIR]`: registries in their own schema for a run.

A binding file names its registry, so `--binding` is given once per registry (repeatable).
Without `--schema` each binding's schema files lie beside it; with it, one `--schema DIR`
per `--binding FILE`, paired in order (konform.binding.chosen). The feature run gets them as
pytest's `--binding`/`--schema`, which the embedded SPOR and SYSVAK simulators and the
suite's client read (as a target profile's `binding` key); a consumer session's simulator
serves the bound schema and its judging reads it. A broken binding, or one for LAR or BRS,
is a usage error: exit 2, one line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from konform.binding import BindingError
from konform.binding.chosen import Chosen, pair
from konform.cli.errors import UsageProblem

Command = TypeVar("Command", bound=Callable[..., Any])
_KEY = "konform.bindings"


def _remember(context: click.Context, param: click.Parameter, value: Any) -> Any:
    context.meta.setdefault(_KEY, {})[param.name] = value
    return value


def certify_binding_options(command: Command) -> Command:
    """`--binding FILE` and `--schema DIR`, both repeatable, kept for `chosen`."""
    kept: dict[str, Any] = {"expose_value": False, "callback": _remember, "multiple": True}
    command = click.option(
        "--schema",
        "schemas",
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        metavar="DIR",
        help="the schema files of each --binding, in the same order (default: beside each binding)",
        **kept,
    )(command)
    return click.option(
        "--binding",
        "bindings",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        metavar="FILE",
        help="a binding (TOML) putting the registry it names (SPOR, SYSVAK) in that schema: the "
        "embedded simulator, the suite's client, or --consumer's simulator and judge (repeatable)",
        **kept,
    )(command)


def chosen() -> dict[str, Chosen]:
    """registry → the binding given for it, each loaded once to check it (UsageProblem if broken)."""
    given = click.get_current_context().meta.get(_KEY, {})
    try:
        bindings = pair(given.get("bindings", ()), given.get("schemas", ()))
        for binding in bindings.values():
            binding.load()
    except BindingError as error:
        raise UsageProblem(str(error)) from None
    return bindings


def pytest_args(bindings: dict[str, Chosen], registries: tuple[str, ...]) -> list[str]:
    """The feature run's options for `bindings`; a binding for a registry not certified is a usage error."""
    unused = [r for r in bindings if registries and r not in registries]
    if unused:
        raise UsageProblem(f"--binding for {unused[0]}, but --registry does not certify {unused[0]}")
    args = [f"--binding={b.binding}" for b in bindings.values()]
    if any(b.schema is not None for b in bindings.values()):
        args += [f"--schema={b.schema}" for b in bindings.values()]
    return args

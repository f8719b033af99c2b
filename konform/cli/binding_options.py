"""`--schema DIR`, `--binding FILE`, `--sample FILE`: a registry's own schema files for a command.

Shared by every command that can speak a bound schema (docs/reference/bindings.md):

    @binding_options
    def command(..., schema_dir: Path | None, binding: Path | None, sample: Path | None): ...
        wire = load_binding(spor.wire.load, binding=binding, schema_dir=schema_dir, sample=sample)

`binding_options(sample=False)` leaves `--sample` out (and passes no `sample`). `load_binding`
calls the registry's loader with (binding, schema_dir=…, sample=…) and turns a
`konform.binding.BindingError` into a usage error: exit 2 with its one line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, overload

import click

from konform.binding import BindingError

T = TypeVar("T")
Command = Callable[..., Any]

_SCHEMA = click.option(
    "--schema",
    "schema_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    metavar="DIR",
    help="The registry's own schema files (XSD/WSDL), placed by --binding (docs/reference/bindings.md).",
)
_BINDING = click.option(
    "--binding",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="FILE",
    help="A binding (TOML) mapping konform's concepts into --schema's files; default: konform's own schema.",
)
_SAMPLE = click.option(
    "--sample",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="FILE",
    help="A message in the bound schema: every concept the binding maps must match something in it.",
)


@overload
def binding_options(command: Command) -> Command: ...
@overload
def binding_options(*, sample: bool = True) -> Callable[[Command], Command]: ...
def binding_options(command: Command | None = None, *, sample: bool = True) -> Any:
    """Add --schema, --binding (and --sample) to a click command."""

    def decorate(function: Command) -> Command:
        function = _BINDING(_SCHEMA(function))
        return _SAMPLE(function) if sample else function

    return decorate(command) if command is not None else decorate


def load_binding(
    loader: Callable[..., T], *, binding: Path | None, schema_dir: Path | None, sample: Path | None = None
) -> T:
    """The registry's loader applied to the options; a broken binding is a usage error naming it."""
    try:
        return loader(binding, schema_dir=schema_dir, sample=sample)
    except BindingError as error:
        raise click.UsageError(str(error)) from None

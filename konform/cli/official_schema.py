"""`--schema DIR` on `konform validate lar|brs`: the registry's official XSDs, checked besides konform's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

official_schema_option = click.option(
    "--schema",
    "schema_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    metavar="DIR",
    help="The registry's official XSDs: each file is validated against them as well, a breach "
    "reported under SCHEMA naming the XSD (docs/reference/bindings.md).",
)


def with_official(module: Any, schema_dir: Path | None, requirement: str = "SCHEMA") -> Any:
    """The registry's judge, also checking against the XSDs in --schema DIR when it is given.

    `requirement`: the registry's schema requirement (LAR's and BRS's schema modules: SCHEMA).
    A folder without a usable XSD is a usage error naming it.
    """
    if schema_dir is None:
        return module
    from konform.validate.official import OfficialSchemas, SchemaDirError, WithOfficial

    schemas = OfficialSchemas(schema_dir, requirement)
    try:
        schemas.check()
    except SchemaDirError as error:
        raise click.UsageError(str(error)) from None
    return WithOfficial(module, schemas)

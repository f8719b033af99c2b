"""`konform pki`: create the test CA, server, client and STS certificates."""

from __future__ import annotations

from pathlib import Path

import click

from konform import pki
from konform.cli.verbosity import detail, quiet, say, verbosity_options

#: The one default test PKI: `konform pki`, `konform idcard` and `konform serve` without --folder.
DEFAULT_FOLDER = Path(".konform/pki")


@click.command("pki")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_FOLDER,
    show_default=True,
    help="folder for the PEM files",
)
@click.option("--force", is_flag=True, help="replace an existing PKI")
@verbosity_options
def pki_command(out: Path, force: bool) -> None:
    """Create a test PKI: CA, server and client certificates, STS signing keys.

    Everything is for test environments only; nothing here is trusted anywhere else.
    With -q only the folder is printed; -v adds each certificate's subject, SHA-256
    fingerprint and validity.
    """
    made = pki.create(out) if force else pki.ensure(out)
    if quiet():
        click.echo(made.folder)
    for name in ("ca.pem", "server.pem", "client.pem", "client.key", "sts.pem", "untrusted-ca.pem"):
        say(f"{name:<18} {made.path(name)}")
        if name.endswith(".pem"):
            detail(f"{'':<18} {pki.describe(made.path(name))}", err=False)

"""The `konform` command: thin front ends over the engine, one module per command."""

from __future__ import annotations

import click

from konform import __version__
from konform.cli.certify import certify_command
from konform.cli.pki import pki_command
from konform.cli.report import report_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="konform")
def main() -> None:
    """Conformance suite for Nordic national health registries."""


main.add_command(certify_command)
main.add_command(pki_command)
main.add_command(report_command)

"""The `konform` command: thin front ends over the engine, one module per command.

Commands load on first use, so `konform validate` does not pay for pytest or the
simulators' imports.
"""

from __future__ import annotations

import importlib

import click

from konform import __version__
from konform.cli.verbosity import verbosity_options

#: command name → "module:attribute" of its click command.
COMMANDS = {
    "certify": "konform.cli.certify:certify_command",
    "idcard": "konform.cli.idcard:idcard_command",
    "pki": "konform.cli.pki:pki_command",
    "report": "konform.cli.report:report_command",
    "serve": "konform.cli.serve:serve_command",
    "validate": "konform.cli.validate:validate_command",
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported only when they are run (or listed in --help)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, attribute = COMMANDS[cmd_name].split(":")
        command: click.Command = getattr(importlib.import_module(module), attribute)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="konform")
@verbosity_options
def main() -> None:
    """Conformance suite for Nordic national health registries.

    -q/-v work before a command (`konform -q validate …`) and after it alike.
    """

"""Errors every konform command reports in one line on stderr."""

from __future__ import annotations

import click


class UsageProblem(click.ClickException):
    """A user's mistake (command line, profile, unreachable target): one line, exit 2."""

    exit_code = 2

    def show(self, file: object = None) -> None:
        click.echo(f"konform: {self.format_message()}", err=True)

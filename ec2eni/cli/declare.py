"""How a command is declared: an `EC2Command` with the legacy names and examples in its help."""

from __future__ import annotations

import click

from ec2eni.cli.options import CONTEXT_SETTINGS
from ec2eni.cli.runtime import EC2Command


def command(name: str, legacy: str, alias: str, summary: str, examples: str) -> click.Command:
    """Decorator factory: an EC2Command named `name` whose help shows its legacy names and
    examples."""
    help_text = f"{summary}\n\nLegacy names: {legacy}, {alias}."
    epilog = "\b\nExamples:\n" + examples.strip("\n")
    return click.command(  # type: ignore[return-value]
        name,
        cls=EC2Command,
        help=help_text,
        epilog=epilog,
        context_settings=CONTEXT_SETTINGS,
        no_args_is_help=False,
    )

"""How a command is declared: an `EC2Command` with the legacy names and examples in its help."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from ec2eni.cli.options import CONTEXT_SETTINGS
from ec2eni.cli.runtime import EC2Command


def _complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    # Imported here, when a shell asks for completions: no command run pays for it.
    from ec2eni.cli.complete import complete

    return complete(ctx, param, incomplete)


def command(
    name: str, legacy: str, alias: str, summary: str, examples: str
) -> Callable[[Callable[..., Any]], click.Command]:
    """Decorator factory: an EC2Command named `name` whose help shows its legacy names and
    examples, and whose parameters complete values from the account in a shell."""
    help_text = f"{summary}\n\nLegacy names: {legacy}, {alias}."
    epilog = "\b\nExamples:\n" + examples.strip("\n")
    build = click.command(
        name,
        cls=EC2Command,
        help=help_text,
        epilog=epilog,
        context_settings=CONTEXT_SETTINGS,
        no_args_is_help=False,
    )

    def declare(function: Callable[..., Any]) -> click.Command:
        made = build(function)
        for param in made.params:
            if not (isinstance(param, click.Option) and param.is_flag):
                param._custom_shell_complete = _complete
        return made

    return declare

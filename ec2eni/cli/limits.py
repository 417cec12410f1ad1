"""`ec2eni limits [TYPE...|INSTANCE...]`: the instance-type limits the engine enforces, and what an
instance uses of them (`ec2eni.teaching.limits_table`). A modern command: no legacy name, no
legacy general options; it reads the account only for instance IDs."""

from __future__ import annotations

import click

from ec2eni.cli.options import CONTEXT_SETTINGS, OUTPUT_OPTION, General
from ec2eni.cli.runtime import EC2Command, answer, read_account
from ec2eni.cli.usage import Usage
from ec2eni.render import Style, teaching
from ec2eni.teaching import limits_table

# What an instance ID starts with; no instance type does (types are `family.size`).
INSTANCE_PREFIX = "i-"


@click.command(
    "limits",
    cls=EC2Command,
    context_settings=CONTEXT_SETTINGS,
    epilog="\b\nExamples:\n"
    "  ec2eni limits\n"
    "  ec2eni limits t3.micro m5.large\n"
    "  ec2eni limits 't3.*' 'p5.*'\n"
    "  ec2eni limits i-cf9ace0ed00a6c9e3",
)
@click.argument("names", metavar="[TYPE|INSTANCE]...", nargs=-1)
@click.option(
    "--state-file",
    metavar="PATH",
    help="Account state file (default: $EC2ENI_STATE, else the user data folder).",
)
@OUTPUT_OPTION
def limits(names: tuple[str, ...], state_file: str | None, output: str | None) -> None:
    """Show the network limits of instance types: network interfaces, private IPv4 addresses per
    interface, network cards (and the most one card takes, where that is fewer: the legacy
    commands attach on card 0 only, so that is the limit here).

    Without arguments, every type the simulator knows, family by family, smallest first. TYPE is
    a type name or a pattern (`t3.*`). INSTANCE is an instance ID: its type's limits and what it
    uses of them, the interfaces attached and, for each, its device (ethN), ID and private IPv4
    addresses against the limit.
    """
    instance_ids = list(dict.fromkeys(n for n in names if n.startswith(INSTANCE_PREFIX)))
    patterns = [n for n in names if not n.startswith(INSTANCE_PREFIX)]
    try:
        if patterns:
            types = limits_table.select(patterns)
        else:
            types = [] if instance_ids else limits_table.all_types()
    except limits_table.UnknownType as unknown:
        raise Usage(str(unknown)) from None
    general = General(style=Style(), verbose=False, debug=False, region=None, state_file=state_file)
    uses = []
    if instance_ids:
        account = read_account(general)
        uses = [limits_table.instance_use(account, i) for i in instance_ids]
    shown = list(dict.fromkeys([*types, *(use.instance_type for use in uses)]))
    rows = limits_table.rows(shown)
    text = limits_table.format_types(rows)
    for use in uses:
        text += ["", *limits_table.format_instance(use)]
    answer(output, text, lambda: teaching.limits(rows, uses))

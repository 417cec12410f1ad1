"""`ec2eni topology`: the account as a picture, VPCs down to instances and instances down to
their interfaces; a modern command with no legacy name. Engine: `ec2eni.engine.topology`;
drawing: `ec2eni.render.topology` (rich is imported there, only when this command runs)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ec2eni.cli.options import CONTEXT_SETTINGS, OUTPUT_OPTION, General, single
from ec2eni.cli.runtime import EXIT_EC2_ERROR, EXIT_OK, EC2Command, answer, read_account
from ec2eni.cli.usage import Usage
from ec2eni.engine.topology import describe_topology
from ec2eni.render import topology as draw
from ec2eni.render.lines import Style

EXAMPLES = """
  ec2eni topology
  ec2eni topology --vpc vpc-b03a97e3a4324354e
  ec2eni topology --instance i-cf9ace0ed00a6c9e3 --instance i-5873466a36ed8b69a
  ec2eni topology --svg account.svg
"""


@click.command(
    "topology",
    cls=EC2Command,
    context_settings=CONTEXT_SETTINGS,
    epilog="\b\nExamples:\n" + EXAMPLES.strip("\n"),
)
@click.option(
    "--vpc",
    "vpc_ids",
    multiple=True,
    metavar="VPC",
    help="Only this VPC, and the instances with an interface in it (repeatable).",
)
@click.option(
    "--instance",
    "instance_ids",
    multiple=True,
    metavar="INSTANCE",
    help="Only this instance, and where its interfaces are (repeatable).",
)
@single(
    "--svg",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Write the picture to FILE as an SVG image (for slides) instead of printing it.",
)
@single(
    "--state-file",
    metavar="PATH",
    help="Account state file (default: $EC2ENI_STATE, else the user data folder).",
)
@OUTPUT_OPTION
def topology(
    vpc_ids: tuple[str, ...],
    instance_ids: tuple[str, ...],
    svg: str | None,
    state_file: str | None,
    output: str | None,
) -> None:
    """Draw the account as a tree: each VPC with its subnets (block, zone, free addresses), the
    interfaces in each subnet (private and Elastic IPs, MAC, security groups) and the instance each
    is attached to, as ethN; then each instance with its interfaces, eth0 first, wherever they are.

    An interface no instance uses says `available`; one a service made says its requester
    (`requester amazon-elb`). Colour on a terminal only (never with NO_COLOR or TERM=dumb).
    With -o json or -o table, the same tree as records: VPCs with their subnets and the
    interfaces in each, then the instances with theirs. Nothing is changed.
    """
    if svg is not None and output in ("json", "table"):
        raise Usage("--svg writes the picture; it cannot be printed as json or a table.")
    general = General(style=Style(), verbose=False, debug=False, region=None, state_file=state_file)
    account = read_account(general)
    picture = describe_topology(account, vpc_ids, instance_ids)
    if output in ("json", "table"):
        from ec2eni.render import teaching

        answer(output, [], lambda: teaching.topology(picture))
        return
    if svg is not None:
        try:
            Path(svg).write_text(draw.svg(picture), encoding="utf-8")
        except OSError as error:
            # Not a usage error: the command was right, the place is not writable.
            click.echo(f"ec2eni topology: cannot write {svg}: {error.strerror or error}", err=True)
            click.get_current_context().exit(EXIT_EC2_ERROR)
        return
    _write(draw.draw(picture, sys.stdout))


def _write(text: str) -> None:
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # `ec2eni topology | head`: the reader left; say nothing more and do not trace back.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_OK)

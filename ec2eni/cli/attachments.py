"""Attach and detach network interfaces (engine: `ec2eni.engine.attachments`)."""

from __future__ import annotations

import click

from ec2eni import render
from ec2eni.cli.declare import command
from ec2eni.cli.options import (
    INTEGER,
    General,
    general_options,
    one_argument,
    single,
)
from ec2eni.cli.runtime import change_account, emit, new_lines
from ec2eni.engine import attachments


@command(
    "attach",
    "ec2-attach-network-interface",
    "ec2attnic",
    "Attach a network interface to a running or stopped instance in the same availability zone, "
    "at a free device index from 1 to 31. Prints the attachment ID.",
    """
  ENI=$(ec2addnic subnet-aa9a00acd3a4f485b | head -1 | cut -f2)
  ec2attnic $ENI -i i-cf9ace0ed00a6c9e3 -d 1
""",
)
@click.argument("network_interface", metavar="NETWORKINTERFACE", nargs=-1)
@single("-i", "--instance", required=True, metavar="INSTANCE", help="Instance ID.")
@single(
    "-d",
    "--device-index",
    required=True,
    type=INTEGER,
    metavar="DEVICEINDEX",
    help="Device index (1..31; 0 is always the primary interface).",
)
@general_options
def attach(
    general: General, network_interface: tuple[str, ...], instance: str, device_index: int
) -> None:
    eni_id = one_argument(network_interface, "NETWORKINTERFACE")
    with change_account(general) as account:
        attachment_id = attachments.attach_network_interface(
            account, eni_id, instance, device_index
        )
    out = new_lines(general)
    render.attachment_id(out, attachment_id)
    emit(general, out)


@command(
    "detach",
    "ec2-detach-network-interface",
    "ec2detnic",
    "Detach a network interface, given its attachment ID (eni-attach-...). The primary interface "
    "(device index 0) can never be detached.",
    """
  ENI=$(ec2addnic subnet-aa9a00acd3a4f485b | head -1 | cut -f2)
  ATTACH=$(ec2attnic $ENI -i i-cf9ace0ed00a6c9e3 -d 1)
  ec2detnic $ATTACH
  ec2attnic $ENI -i i-cf9ace0ed00a6c9e3 -d 1
  ec2dnic $ENI | grep ATTACHMENT | cut -f3 | xargs ec2detnic -f
""",
)
@click.argument("attachment", metavar="NETWORKATTACHMENT", nargs=-1)
@click.option("-f", "--force", is_flag=True, help="Forcefully disconnect NETWORKATTACHMENT.")
@general_options
def detach(general: General, attachment: tuple[str, ...], force: bool) -> None:
    attachment_id = one_argument(attachment, "NETWORKATTACHMENT", legacy_name="NICATTACHMENTS")
    with change_account(general) as account:
        attachments.detach_network_interface(account, attachment_id, force=force)
    out = new_lines(general)
    render.detaching(out, attachment_id)
    emit(general, out)

"""Describe, modify and reset one attribute of a network interface
(engine: `ec2eni.engine.attributes`)."""

from __future__ import annotations

import click

from ec2eni import render
from ec2eni.cli.declare import command
from ec2eni.cli.options import (
    BOOLEAN,
    General,
    general_options,
    one_argument,
    single,
)
from ec2eni.cli.runtime import change_account, emit, new_lines, read_account
from ec2eni.cli.usage import Usage, one_of
from ec2eni.engine import attributes

_DESCRIBE_ATTRIBUTE_FLAGS = "-d, --description, --source-dest-check, --group-set, -a, --attachment"


@command(
    "describe-attribute",
    "ec2-describe-network-interface-attribute",
    "ec2dnicatt",
    "Describe one attribute of a network interface. Give exactly one attribute flag.",
    """
  ec2dnicatt eni-1706a5992fc9609ea -d
  ec2dnicatt eni-1706a5992fc9609ea --group-set
  ec2dnicatt -H eni-1706a5992fc9609ea -a
""",
)
@click.argument("network_interface", metavar="NETWORKINTERFACE", nargs=-1)
@click.option("-d", "--description", is_flag=True, help="The description.")
@click.option("--source-dest-check", is_flag=True, help="The source/destination check flag.")
@click.option("--group-set", is_flag=True, help="The security groups.")
@click.option("-a", "--attachment", is_flag=True, help="The attachment (no line if unattached).")
@general_options
def describe_attribute(
    general: General,
    network_interface: tuple[str, ...],
    description: bool,
    source_dest_check: bool,
    group_set: bool,
    attachment: bool,
) -> None:
    eni_id = one_argument(network_interface, "NETWORKINTERFACE")
    chosen = [
        name
        for name, flag in (
            ("description", description),
            ("sourceDestCheck", source_dest_check),
            ("groupSet", group_set),
            ("attachment", attachment),
        )
        if flag
    ]
    if len(chosen) != 1:
        raise one_of(_DESCRIBE_ATTRIBUTE_FLAGS)
    account = read_account(general)
    result = attributes.describe_network_interface_attribute(account, eni_id, chosen[0])
    out = new_lines(general)
    render.attribute(out, result)
    emit(general, out, request_id_first=True)


_MODIFY_FLAGS = (
    "-d, --description DESCRIPTION, -a, --attachment ATTACHMENT, "
    "--source-dest-check BOOLEAN, --group-id GROUP_ID"
)


@command(
    "modify-attribute",
    "ec2-modify-network-interface-attribute",
    "ec2mnicatt",
    "Change one attribute of a network interface: its description, source/destination check, "
    "security groups (the whole set is replaced), or delete-on-termination of its attachment.",
    """
  ec2mnicatt eni-1706a5992fc9609ea -d "web tier"
  ec2mnicatt eni-1706a5992fc9609ea --source-dest-check false
  ec2mnicatt eni-1706a5992fc9609ea --group-id sg-ca14ccdaba34ac2c1 --group-id sg-97f065c67a83556cf
  ec2mnicatt eni-1706a5992fc9609ea -a eni-attach-87e61e853d70379d5 --delete-on-termination false
""",
)
@click.argument("network_interface", metavar="NETWORKINTERFACE", nargs=-1)
@single("-d", "--description", metavar="DESCRIPTION", help="New description.")
@single(
    "-a",
    "--attachment",
    metavar="ATTACHMENT",
    help="Attachment ID whose delete-on-termination changes (needs --delete-on-termination).",
)
@single("--delete-on-termination", type=BOOLEAN, help="true or false; only with -a.")
@single("--source-dest-check", type=BOOLEAN, help="true or false.")
@click.option(
    "--group-id",
    "group_ids",
    multiple=True,
    metavar="GROUP_ID",
    help="Security group ID (repeatable); replaces the interface's groups.",
)
@general_options
def modify_attribute(
    general: General,
    network_interface: tuple[str, ...],
    description: str | None,
    attachment: str | None,
    delete_on_termination: bool | None,
    source_dest_check: bool | None,
    group_ids: tuple[str, ...],
) -> None:
    eni_id = one_argument(network_interface, "NETWORKINTERFACE")
    given = [
        description is not None,
        attachment is not None,
        source_dest_check is not None,
        bool(group_ids),
    ]
    if sum(given) != 1:
        raise one_of(_MODIFY_FLAGS)
    if attachment is not None and delete_on_termination is None:
        raise Usage("Required option '--delete-on-termination BOOLEAN' missing.")
    if attachment is None and delete_on_termination is not None:
        raise Usage("--delete-on-termination goes only with -a, --attachment.")
    with change_account(general) as account:
        changed = attributes.modify_network_interface_attribute(
            account,
            eni_id,
            description=description,
            source_dest_check=source_dest_check,
            group_ids=list(group_ids) if group_ids else None,
            attachment_id=attachment,
            delete_on_termination=delete_on_termination,
        )
        # Echo the set as stored: `--group-id sg-a --group-id sg-a` holds sg-a once.
        stored_groups = list(account.network_interfaces[eni_id].group_ids) if group_ids else []
    out = new_lines(general)
    render.modified(
        out, eni_id, changed, source_dest_check=source_dest_check, group_ids=stored_groups
    )
    emit(general, out)


@command(
    "reset-attribute",
    "ec2-reset-network-interface-attribute",
    "ec2rnicatt",
    "Reset an attribute of a network interface to its default. Only --source-dest-check can be "
    "reset (back to true).",
    """
  ec2rnicatt eni-1706a5992fc9609ea --source-dest-check
""",
)
@click.argument("network_interface", metavar="NETWORKINTERFACE", nargs=-1)
@click.option(
    "--source-dest-check", is_flag=True, help="Reset the source/destination check to true."
)
@general_options
def reset_attribute(
    general: General, network_interface: tuple[str, ...], source_dest_check: bool
) -> None:
    eni_id = one_argument(network_interface, "NETWORKINTERFACE")
    if not source_dest_check:
        raise one_of("--source-dest-check")
    with change_account(general) as account:
        name = attributes.reset_network_interface_attribute(account, eni_id, "sourceDestCheck")
    out = new_lines(general)
    render.reset(out, eni_id, name)
    emit(general, out)

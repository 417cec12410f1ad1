"""The eight legacy network-interface commands and the read-only account views.

Each body reads its arguments, opens the account, makes one engine call, and renders. The same
command objects serve as `ec2eni <name>` subcommands and as the legacy console scripts.
"""

from __future__ import annotations

import click

from ec2eni import render
from ec2eni.cli.options import (
    BOOLEAN,
    CONTEXT_SETTINGS,
    INTEGER,
    General,
    filter_option,
    general_options,
    one_argument,
    parse_filters,
    single,
)
from ec2eni.cli.runtime import EC2Command, change_account, emit, new_lines, read_account
from ec2eni.cli.usage import Usage, one_of
from ec2eni.engine import attachments, attributes, interfaces, views


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


@command(
    "describe",
    "ec2-describe-network-interfaces",
    "ec2dnic",
    "Describe network interfaces: all of them, the ones named, or those matching filters.",
    """
  ec2dnic
  ec2dnic eni-1706a5992fc9609ea -H
  ec2dnic -F subnet-id=subnet-d3d57647d7c3f13c9 -F status=available
  ec2dnic -F tag:Name='web-*' | grep ATTACHMENT | cut -f3
""",
)
@click.argument("network_interface_ids", metavar="[NETWORKINTERFACE]...", nargs=-1)
@filter_option
@general_options
def describe(
    general: General, network_interface_ids: tuple[str, ...], filters: tuple[str, ...]
) -> None:
    pairs = parse_filters(filters)
    account = read_account(general)
    result = interfaces.describe_network_interfaces(account, network_interface_ids, pairs)
    out = new_lines(general)
    render.interfaces(out, result)
    emit(general, out)


@command(
    "create",
    "ec2-create-network-interface",
    "ec2addnic",
    "Create a network interface in SUBNET. Without -g it gets the VPC's default group; without "
    "--private-ip-address, the lowest free address of the subnet.",
    """
  ec2addnic subnet-aa9a00acd3a4f485b -d "management NIC"
  ec2addnic subnet-d3d57647d7c3f13c9 --private-ip-address 10.0.1.50 -g sg-ca14ccdaba34ac2c1
  ec2addnic subnet-d3d57647d7c3f13c9 --secondary-private-ip-address-count 2
  ec2addnic subnet-aa9a00acd3a4f485b | grep NETWORKINTERFACE | cut -f2
""",
)
@click.argument("subnet", metavar="SUBNET", nargs=-1)
@single("-d", "--description", metavar="DESCRIPTION", help="Description of the interface.")
@single("--private-ip-address", metavar="IP_ADDRESS", help="Primary private IPv4 address.")
@click.option(
    "-g",
    "--group",
    "groups",
    multiple=True,
    metavar="GROUP",
    help="Security group ID (repeatable, at most 5).",
)
@click.option(
    "--secondary-private-ip-address",
    "secondary",
    multiple=True,
    metavar="SECONDARY-PRIVATE-IP-ADDRESS",
    help="A secondary private IPv4 (repeatable).",
)
@single(
    "--secondary-private-ip-address-count",
    "secondary_count",
    type=INTEGER,
    metavar="SECONDARY-PRIVATE-ADDRESS-COUNT",
    help="How many secondary private IPv4 addresses to assign automatically.",
)
@general_options
def create(
    general: General,
    subnet: tuple[str, ...],
    description: str | None,
    private_ip_address: str | None,
    groups: tuple[str, ...],
    secondary: tuple[str, ...],
    secondary_count: int | None,
) -> None:
    subnet_id = one_argument(subnet, "SUBNET")
    if secondary and secondary_count is not None:
        raise Usage(
            "Cannot specify both a secondary private ip address count and secondary private ip "
            "addresses.",
            legacy="Cannot specify both a secondary private ip address count and secondary "
            "private ip addresses. (-h for usage)",
        )
    with change_account(general) as account:
        result = interfaces.create_network_interface(
            account,
            subnet_id,
            description=description or "",
            private_ip_address=private_ip_address,
            group_ids=groups,
            secondary_private_ip_addresses=secondary,
            secondary_private_ip_address_count=secondary_count,
        )
    out = new_lines(general)
    render.interface(out, result)
    emit(general, out)


@command(
    "delete",
    "ec2-delete-network-interface",
    "ec2delnic",
    "Delete a network interface. It must not be attached (detach it first).",
    """
  ENI=$(ec2addnic subnet-aa9a00acd3a4f485b | head -1 | cut -f2)
  ec2delnic $ENI
""",
)
@click.argument("network_interface", metavar="NETWORKINTERFACE", nargs=-1)
@general_options
def delete(general: General, network_interface: tuple[str, ...]) -> None:
    eni_id = one_argument(network_interface, "NETWORKINTERFACE")
    with change_account(general) as account:
        interfaces.delete_network_interface(account, eni_id)
    out = new_lines(general)
    render.deleted(out, eni_id)
    emit(general, out)


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


def _view(name: str, summary: str, metavar: str, example: str) -> click.Command:
    return click.command(  # type: ignore[return-value]
        name,
        cls=EC2Command,
        help=summary,
        epilog=f"\b\nExamples:\n{example}",
        context_settings=CONTEXT_SETTINGS,
    )


@_view(
    "describe-instances",
    "List instances: INSTANCE id, type, state, zone, VPC, subnet, primary private IP; then TAG "
    "lines.",
    "INSTANCE",
    "  ec2eni describe-instances\n  ec2eni describe-instances -H",
)
@click.argument("instance_ids", metavar="[INSTANCE]...", nargs=-1)
@general_options
def describe_instances(general: General, instance_ids: tuple[str, ...]) -> None:
    account = read_account(general)
    out = new_lines(general)
    render.instances(out, views.describe_instances(account, instance_ids))
    emit(general, out)


@_view(
    "describe-subnets",
    "List subnets: SUBNET id, state, VPC, CIDR block, available IP count, zone; then TAG lines.",
    "SUBNET",
    "  ec2eni describe-subnets\n  ec2eni describe-subnets | grep -A1 SUBNET",
)
@click.argument("subnet_ids", metavar="[SUBNET]...", nargs=-1)
@general_options
def describe_subnets(general: General, subnet_ids: tuple[str, ...]) -> None:
    account = read_account(general)
    out = new_lines(general)
    render.subnets(out, views.describe_subnets(account, subnet_ids))
    emit(general, out)


@_view(
    "describe-security-groups",
    "List security groups: GROUP id, owner, name, description, VPC.",
    "GROUP",
    "  ec2eni describe-security-groups",
)
@click.argument("group_ids", metavar="[GROUP]...", nargs=-1)
@general_options
def describe_security_groups(general: General, group_ids: tuple[str, ...]) -> None:
    account = read_account(general)
    out = new_lines(general)
    render.security_groups(
        out, views.describe_security_groups(account, group_ids), account.owner_id
    )
    emit(general, out)


@_view(
    "describe-vpcs",
    "List VPCs: VPC id, state, CIDR block; then TAG lines.",
    "VPC",
    "  ec2eni describe-vpcs",
)
@click.argument("vpc_ids", metavar="[VPC]...", nargs=-1)
@general_options
def describe_vpcs(general: General, vpc_ids: tuple[str, ...]) -> None:
    account = read_account(general)
    out = new_lines(general)
    render.vpcs(out, views.describe_vpcs(account, vpc_ids))
    emit(general, out)


LEGACY_COMMANDS = (
    attach,
    create,
    delete,
    describe,
    describe_attribute,
    detach,
    modify_attribute,
    reset_attribute,
)
VIEW_COMMANDS = (describe_instances, describe_subnets, describe_security_groups, describe_vpcs)

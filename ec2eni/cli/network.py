"""The account's network: subnets, VPCs and security groups in the legacy layouts of
ec2dsubnet, ec2dvpc and ec2dgrp, and the commands that make and remove them (ec2addvpc,
ec2delvpc, ec2addsubnet, ec2delsubnet, ec2addgrp, ec2delgrp). Engine: `ec2eni.engine.network`.
Instances: `ec2eni.cli.instances`."""

from __future__ import annotations

from typing import Any

import click

from ec2eni import render
from ec2eni.cli.declare import command
from ec2eni.cli.options import (
    BadValue,
    General,
    filter_names,
    filters_of,
    general_options,
    one_argument,
    parse_filters,
    single,
)
from ec2eni.cli.runtime import change_account, emit, new_lines, read_account
from ec2eni.cli.usage import SUFFIX, Usage
from ec2eni.engine import network
from ec2eni.render import network as records


@command(
    "describe-subnets",
    "ec2-describe-subnets",
    "ec2dsubnet",
    "Describe subnets: all of them, the ones named, or those matching filters. SUBNET id, state, "
    "VPC, CIDR block, free address count, zone, default for its zone, public IP on launch; then "
    "TAG lines." + filter_names(network.SUBNET_NAMES.listing()),
    """
  ec2dsubnet -H
  ec2dsubnet subnet-d3d57647d7c3f13c9 subnet-aa9a00acd3a4f485b
  ec2dsubnet -F vpc-id=vpc-b03a97e3a4324354e -F available-ip-address-count='2??'
  ec2dsubnet -F default-for-az=true --hide-tags | cut -f2,7
""",
)
@click.argument("subnet_ids", metavar="[SUBNET]...", nargs=-1)
@filters_of("subnets")
@general_options
def describe_subnets(
    general: General, subnet_ids: tuple[str, ...], filters: tuple[str, ...]
) -> None:
    pairs = parse_filters(filters)
    account = read_account(general)
    out = new_lines(general)
    render.subnets(out, network.describe_subnets(account, subnet_ids, pairs))
    emit(general, out)


@command(
    "describe-vpcs",
    "ec2-describe-vpcs",
    "ec2dvpc",
    "Describe VPCs: all of them, the ones named, or those matching filters. VPC id, state, CIDR "
    "block, DHCP options, tenancy, whether it is the default VPC; then TAG lines."
    + filter_names(network.VPC_NAMES.listing()),
    """
  ec2dvpc -H
  ec2dvpc vpc-b03a97e3a4324354e
  ec2dvpc -F is-default=true | grep ^VPC | cut -f2
""",
)
@click.argument("vpc_ids", metavar="[VPC]...", nargs=-1)
@filters_of("VPCs")
@general_options
def describe_vpcs(general: General, vpc_ids: tuple[str, ...], filters: tuple[str, ...]) -> None:
    pairs = parse_filters(filters)
    account = read_account(general)
    out = new_lines(general)
    render.vpcs(out, network.describe_vpcs(account, vpc_ids, pairs))
    emit(general, out)


@command(
    "describe-group",
    "ec2-describe-group",
    "ec2dgrp",
    "Describe security groups: all of them, the ones named, or those matching filters. GROUP "
    "id, owner, name, description, VPC; then TAG lines (no PERMISSION lines: the account stores "
    "no rules)."
    # Paragraphs kept as written: click would break `group-id` at its hyphen.
    "\n\n\b\nThe same command: ec2eni describe-security-groups."
    "\n\n\b\nA GROUP of the old 8-digit form (sg-1a2b3c4d) is an ID; anything else, today's "
    "17-digit IDs\nincluded, is a group NAME, as the legacy tool sent it. Select by ID with a "
    "filter:\n  -F group-id=sg-ca14ccdaba34ac2c1" + filter_names(network.GROUP_NAMES.listing()),
    """
  ec2dgrp
  ec2dgrp web ssh-admin -H
  ec2dgrp -F group-id=sg-ca14ccdaba34ac2c1
  ec2eni describe-security-groups -F vpc-id=vpc-b03a97e3a4324354e --hide-tags | cut -f2,4
""",
)
@click.argument("groups", metavar="[GROUP]...", nargs=-1)
@filters_of("groups")
@general_options
def describe_group(general: General, groups: tuple[str, ...], filters: tuple[str, ...]) -> None:
    pairs = parse_filters(filters)
    account = read_account(general)
    out = new_lines(general)
    render.security_groups(out, network.describe_security_groups(account, groups, pairs))
    emit(general, out)


class Tenancy(click.ParamType[Any, str]):
    """`default` or `dedicated`, exactly: the legacy tool compared with `String.equals`, so
    `Dedicated` is refused like any other word."""

    name = "TENANCY"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        if value in network.TENANCIES:
            return str(value)
        raise BadValue(f"'{value}' is not one of default, dedicated.", value, param, ctx)


class Ignored(click.Argument):
    """Positional words a command takes and ignores without a word, as ec2addsubnet did: kept out
    of the usage line."""

    def get_usage_pieces(self, ctx: click.Context) -> list[str]:
        return []


@command(
    "create-vpc",
    "ec2-create-vpc",
    "ec2addvpc",
    "Create a VPC for the CIDR block (/16 to /28). It gets its own DHCP options set and a "
    "security group named default; it is not the default VPC. The VPC record says pending, as "
    "EC2's answer did; the VPC is available at once. At most 5 VPCs (EC2's default quota).",
    """
  ec2addvpc 10.1.0.0/16
  ec2addvpc --tenancy dedicated 10.2.0.0/16 -H
  ec2addvpc 192.168.0.0/24 | grep ^VPC | cut -f2
""",
)
@click.argument("cidr", metavar="CIDR", nargs=-1)
@single(
    "--tenancy",
    type=Tenancy(),
    metavar="TENANCY",
    help="default (shared hardware, the default) or dedicated (single-tenant hardware).",
)
@general_options
def create_vpc(general: General, cidr: tuple[str, ...], tenancy: str | None) -> None:
    cidr_block = one_argument(cidr, "CIDR")
    with change_account(general) as account:
        result = network.create_vpc(account, cidr_block, tenancy or "default")
    out = new_lines(general)
    render.created_vpc(out, result)
    emit(general, out)


@command(
    "delete-vpc",
    "ec2-delete-vpc",
    "ec2delvpc",
    "Delete a VPC. Its subnets and security groups must be deleted first; its default group goes "
    "with it. Prints VPC and the ID as given.",
    """
  VPC=$(ec2addvpc 10.9.0.0/16 | cut -f2)
  ec2delvpc $VPC
""",
)
@click.argument("vpc", metavar="VPC", nargs=-1)
@general_options
def delete_vpc(general: General, vpc: tuple[str, ...]) -> None:
    vpc_id = one_argument(vpc, "VPC")
    with change_account(general) as account:
        network.delete_vpc(account, vpc_id)
    out = new_lines(general)
    records.deleted_vpc(out, vpc_id)
    emit(general, out)


@command(
    "create-subnet",
    "ec2-create-subnet",
    "ec2addsubnet",
    "Create a subnet in a VPC: a /16 to /28 block inside the VPC's block that overlaps none of "
    "its subnets, in ZONE (a zone of the account's region), or without -z in the region's "
    "first zone (us-east-1a). The SUBNET record says pending, as EC2's answer did; the subnet "
    "is available at once.",
    """
  ec2addsubnet -c vpc-b03a97e3a4324354e -i 10.0.4.0/24 -z us-east-1b
  ec2addsubnet -H -c vpc-b03a97e3a4324354e -i 10.0.5.0/28
  VPC=$(ec2addvpc 10.3.0.0/16 | cut -f2)
  ec2addsubnet -c $VPC -i 10.3.1.0/24 | cut -f2
""",
)
@click.argument("ignored", nargs=-1, cls=Ignored)
@single("-c", "--vpc", required=True, metavar="VPC", help="The VPC to create the subnet in.")
@single("-i", "--cidr", required=True, metavar="CIDR", help="The subnet's block, like 10.0.4.0/24.")
@single(
    "-z",
    "--availability-zone",
    "zone",
    metavar="ZONE",
    help="Its availability zone (default: the region's first, us-east-1a).",
)
@general_options
def create_subnet(
    general: General, ignored: tuple[str, ...], vpc: str, cidr: str, zone: str | None
) -> None:
    # The legacy tool took stray words and ignored them, without the usual warning.
    with change_account(general) as account:
        result = network.create_subnet(account, vpc, cidr, zone)
    out = new_lines(general)
    render.created_subnet(out, result)
    emit(general, out)


@command(
    "delete-subnet",
    "ec2-delete-subnet",
    "ec2delsubnet",
    "Delete a subnet. It must hold no network interface and no instance that is not terminated "
    "(a subnet whose instances are all terminated can go). Prints SUBNET and the ID as given.",
    """
  SUBNET=$(ec2addsubnet -c vpc-b03a97e3a4324354e -i 10.0.6.0/24 | cut -f2)
  ec2delsubnet $SUBNET
""",
)
@click.argument("subnet", metavar="SUBNET", nargs=-1)
@general_options
def delete_subnet(general: General, subnet: tuple[str, ...]) -> None:
    subnet_id = one_argument(subnet, "SUBNET")
    with change_account(general) as account:
        network.delete_subnet(account, subnet_id)
    out = new_lines(general)
    records.deleted_subnet(out, subnet_id)
    emit(general, out)


@command(
    "create-group",
    "ec2-create-group",
    # The legacy tool's third name (its help: `ec2addgrp ([ec2-create-group, ec2-add-group])`).
    "ec2addgrp, ec2-add-group",
    "Create a security group named GROUP in VPC, or without -c in the default VPC. Names are "
    "unique in a VPC (ignoring case; every VPC already has default) and may not start with "
    "sg-; name and description are at most 255 characters of a-zA-Z0-9, space and "
    "._-:/()#,@[]+=&;{}!$*. Prints GROUP, the new group ID, the name and the description.",
    """
  ec2addgrp db -d 'Database servers' -c vpc-b03a97e3a4324354e
  ec2addgrp -H cache -d 'Cache servers' -c vpc-b03a97e3a4324354e
  ec2addgrp batch -d 'Batch jobs, in the default VPC' | cut -f2
""",
)
@click.argument("group", metavar="GROUP", nargs=-1)
@single(
    "-d",
    "--description",
    metavar="GROUP-DESCRIPTION",
    help="What the group is for (required; quote it if it has spaces).",
)
@single("-c", "--vpc", metavar="VPC", help="The VPC of the group (default: the default VPC).")
@general_options
def create_group(
    general: General, group: tuple[str, ...], description: str | None, vpc: str | None
) -> None:
    name = one_argument(group, "GROUP")
    # Checked here, not by click, so that a missing GROUP is reported first, as the legacy tool
    # did.
    if description is None:
        raise Usage(
            "Missing option '-d' / '--description'.",
            legacy=f"Required option '-d, --description GROUP-DESCRIPTION' missing{SUFFIX}",
        )
    with change_account(general) as account:
        result = network.create_security_group(account, name, description, vpc)
    out = new_lines(general)
    records.created_group(out, result)
    emit(general, out)


@command(
    "delete-group",
    "ec2-delete-group",
    "ec2delgrp",
    "Delete a security group. GROUP starting with sg- is a group ID; anything else is the name "
    "of a group of the default VPC, as EC2 looks names up (delete other VPCs' groups by ID). A "
    "default group cannot be deleted (it goes with its VPC), nor a group an interface uses. "
    "Prints RETURN true.",
    """
  GROUP=$(ec2addgrp scratch -d 'To be deleted' -c vpc-b03a97e3a4324354e | cut -f2)
  ec2delgrp $GROUP
  ec2addgrp old -d 'An old default-VPC group'
  ec2delgrp old
""",
)
@click.argument("group", metavar="GROUP", nargs=-1)
@general_options
def delete_group(general: General, group: tuple[str, ...]) -> None:
    value = one_argument(group, "GROUP")
    with change_account(general) as account:
        # The legacy client's test (legacy-cli.md §15.6): a case-sensitive `sg-` prefix makes it
        # a GroupId, whatever follows; anything else is sent as a GroupName.
        if value.startswith("sg-"):
            network.delete_security_group(account, group_id=value)
        else:
            network.delete_security_group(account, group_name=value)
    out = new_lines(general)
    records.deleted_group(out)
    emit(general, out)

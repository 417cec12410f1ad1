"""Read-only views of the account: subnets, VPCs and security groups in the legacy layouts of
ec2dsubnet, ec2dvpc and ec2dgrp (engine: `ec2eni.engine.network`). Instances:
`ec2eni.cli.instances`."""

from __future__ import annotations

import click

from ec2eni import render
from ec2eni.cli.declare import command
from ec2eni.cli.options import (
    General,
    filter_names,
    filters_of,
    general_options,
    parse_filters,
)
from ec2eni.cli.runtime import emit, new_lines, read_account
from ec2eni.engine import network


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

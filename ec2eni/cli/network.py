"""Read-only views of the account: instances, subnets, security groups, VPCs
(engine: `ec2eni.engine.views`)."""

from __future__ import annotations

import click

from ec2eni import render
from ec2eni.cli.declare import view
from ec2eni.cli.options import (
    General,
    general_options,
)
from ec2eni.cli.runtime import emit, new_lines, read_account
from ec2eni.engine import views


@view(
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


@view(
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


@view(
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


@view(
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

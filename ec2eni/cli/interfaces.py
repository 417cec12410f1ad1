"""Describe, create and delete network interfaces (engine: `ec2eni.engine.interfaces`)."""

from __future__ import annotations

import click

from ec2eni import render
from ec2eni.cli.declare import command
from ec2eni.cli.options import (
    INTEGER,
    General,
    filter_names,
    filters_of,
    general_options,
    one_argument,
    parse_filters,
    single,
)
from ec2eni.cli.runtime import change_account, emit, new_lines, read_account
from ec2eni.cli.usage import Usage
from ec2eni.engine import interfaces
from ec2eni.engine.filters import FILTER_NAMES


@command(
    "describe",
    "ec2-describe-network-interfaces",
    "ec2dnic",
    "Describe network interfaces: all of them, the ones named, or those matching filters."
    + filter_names(FILTER_NAMES),
    """
  ec2dnic
  ec2dnic eni-1706a5992fc9609ea -H
  ec2dnic -F subnet-id=subnet-d3d57647d7c3f13c9 -F status=available
  ec2dnic -F tag:Name='web-*' | grep ATTACHMENT | cut -f3
""",
)
@click.argument("network_interface_ids", metavar="[NETWORKINTERFACE]...", nargs=-1)
@filters_of("interfaces")
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

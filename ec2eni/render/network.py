"""SUBNET, VPC and GROUP records (ec2dsubnet, ec2dvpc, ec2dgrp; legacy-cli.md §14.1-14.3), each
followed by its TAG lines, and what the commands that make and remove them print (§15):
ec2addvpc and ec2addsubnet the describe records, ec2addgrp a shorter GROUP record, the deletes
one line without a header. Headers as the legacy tool printed them: `CIDR Block` is one name with
a space in it, and the GROUP header keeps a first column (`GROUP`), unlike the others."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ec2eni.render import api
from ec2eni.render.lines import Lines

if TYPE_CHECKING:
    from ec2eni.engine.network_descriptions import (
        SecurityGroupDescription,
        SubnetDescription,
        VpcDescription,
    )

SUBNET_HEADER = (
    "Entity",
    "SubnetID",
    "State",
    "VpcID",
    "CIDR Block",
    "FreeAddressCount",
    "AvailabilityZone",
    "DefaultForAZ",
    "MapPublicIpOnLaunch",
)
VPC_HEADER = ("Entity", "VpcID", "State", "CIDR Block", "DHCPOptionsID", "Tenancy", "Default")
GROUP_HEADER = ("GROUP", "Id", "Owner", "Name", "Description", "VpcID")


def subnets(out: Lines, descriptions: Iterable[SubnetDescription]) -> None:
    listed = list(descriptions)
    out.respond(lambda: {"Subnets": [api.subnet(d) for d in listed]})
    for d in listed:
        out.record(
            SUBNET_HEADER,
            "SUBNET",
            d.subnet_id,
            d.state,
            d.vpc_id,
            d.cidr_block,
            d.available_ip_address_count,
            d.availability_zone,
            d.default_for_az,
            d.map_public_ip_on_launch,
        )
        out.tags("subnet", d.subnet_id, d.tags)


def vpcs(out: Lines, descriptions: Iterable[VpcDescription]) -> None:
    listed = list(descriptions)
    out.respond(lambda: {"Vpcs": [api.vpc(d) for d in listed]})
    for d in listed:
        out.record(
            VPC_HEADER,
            "VPC",
            d.vpc_id,
            d.state,
            d.cidr_block,
            d.dhcp_options_id,
            d.instance_tenancy,
            d.is_default,
        )
        out.tags("vpc", d.vpc_id, d.tags)


def security_groups(out: Lines, descriptions: Iterable[SecurityGroupDescription]) -> None:
    # No PERMISSION lines: the account stores no rules, and none are made up.
    listed = list(descriptions)
    out.respond(lambda: {"SecurityGroups": [api.security_group(d) for d in listed]})
    for d in listed:
        out.record(
            GROUP_HEADER, "GROUP", d.group_id, d.owner_id, d.group_name, d.description, d.vpc_id
        )
        # The legacy tool wrote this one resource type in upper case.
        out.tags("GROUP", d.group_id, d.tags)


# ec2addgrp's own record (legacy-cli.md §15.5): no owner, no VPC; a header with a `Type` column.
CREATED_GROUP_HEADER = ("Type", "Id", "Name", "Description")


def created_group(out: Lines, d: SecurityGroupDescription) -> None:
    # The legacy tool printed the name and description it was given, which the group now holds.
    out.record(CREATED_GROUP_HEADER, "GROUP", d.group_id, d.group_name, d.description)
    out.respond(lambda: {"GroupId": d.group_id})


def created_vpc(out: Lines, d: VpcDescription) -> None:
    """ec2addvpc: the describe record; CreateVpc answers the one `Vpc`."""
    vpcs(out, [d])
    out.respond(lambda: {"Vpc": api.vpc(d)})


def created_subnet(out: Lines, d: SubnetDescription) -> None:
    """ec2addsubnet: the describe record; CreateSubnet answers the one `Subnet`."""
    subnets(out, [d])
    out.respond(lambda: {"Subnet": api.subnet(d)})


def _deleted(out: Lines, record_type: str, resource_id: str) -> None:
    out.header_pending = False  # printed with outputObjectId: never headed
    out.record(None, record_type, resource_id)


def deleted_vpc(out: Lines, vpc_id: str) -> None:
    """`VPC\t<VPC as typed>` (§15.2)."""
    _deleted(out, "VPC", vpc_id)


def deleted_subnet(out: Lines, subnet_id: str) -> None:
    """`SUBNET\t<SUBNET as typed>` (§15.4)."""
    _deleted(out, "SUBNET", subnet_id)


def deleted_group(out: Lines) -> None:
    """`RETURN\ttrue` (§15.6): the group is not named."""
    out.header_pending = False
    out.record(None, "RETURN", True)
    out.respond(lambda: {"Return": True})

"""The read-only views of instances, subnets, security groups and VPCs."""

from __future__ import annotations

from collections.abc import Iterable

from ec2eni.engine.descriptions import InstanceDescription, SubnetDescription
from ec2eni.engine.model import SecurityGroup, Vpc
from ec2eni.render.lines import Lines

INSTANCE_HEADER = (
    "InstanceID",
    "Type",
    "State",
    "AvailabilityZone",
    "VpcID",
    "SubnetID",
    "PrivateIpAddress",
)
SUBNET_HEADER = (
    "SubnetID",
    "State",
    "VpcID",
    "CidrBlock",
    "AvailableIpAddressCount",
    "AvailabilityZone",
)
GROUP_HEADER = ("GroupID", "OwnerID", "GroupName", "Description", "VpcID")
VPC_HEADER = ("VpcID", "State", "CidrBlock")


def instances(out: Lines, descriptions: Iterable[InstanceDescription]) -> None:
    for d in descriptions:
        out.record(
            INSTANCE_HEADER,
            "INSTANCE",
            d.instance_id,
            d.instance_type,
            d.state,
            d.availability_zone,
            d.vpc_id,
            d.subnet_id,
            d.private_ip_address,
        )
        out.tags("instance", d.instance_id, d.tags)


def subnets(out: Lines, descriptions: Iterable[SubnetDescription]) -> None:
    for d in descriptions:
        out.record(
            SUBNET_HEADER,
            "SUBNET",
            d.subnet_id,
            d.state,
            d.vpc_id,
            d.cidr_block,
            d.available_ip_address_count,
            d.availability_zone,
        )
        out.tags("subnet", d.subnet_id, d.tags)


def security_groups(out: Lines, groups: Iterable[SecurityGroup], owner_id: str) -> None:
    for g in groups:
        out.record(GROUP_HEADER, "GROUP", g.id, owner_id, g.name, g.description, g.vpc_id)


def vpcs(out: Lines, records: Iterable[Vpc]) -> None:
    for v in records:
        out.record(VPC_HEADER, "VPC", v.id, v.state, v.cidr)
        out.tags("vpc", v.id, v.tags.items())

"""Plain, API-shaped descriptions of subnets, VPCs and security groups (the items of
DescribeSubnets, DescribeVpcs and DescribeSecurityGroups), for the renderer and the filters."""

from __future__ import annotations

from ec2eni.engine import ipv4
from ec2eni.engine.model import Account, SecurityGroup, Subnet, Vpc
from ec2eni.engine.record import Record

# AWS reserves the first four addresses of every subnet block and the last one.
RESERVED_PER_SUBNET = 5


class SubnetDescription(Record):
    subnet_id: str
    state: str
    vpc_id: str
    cidr_block: str
    available_ip_address_count: int
    availability_zone: str
    default_for_az: bool
    map_public_ip_on_launch: bool
    tags: tuple[tuple[str, str], ...]


class VpcDescription(Record):
    vpc_id: str
    state: str
    cidr_block: str
    dhcp_options_id: str
    instance_tenancy: str
    is_default: bool
    tags: tuple[tuple[str, str], ...]


class SecurityGroupDescription(Record):
    """A group without rules: the account file stores none, so `ipPermissions` and
    `ipPermissionsEgress` are always empty (nothing is made up)."""

    group_id: str
    owner_id: str
    group_name: str
    description: str
    vpc_id: str
    tags: tuple[tuple[str, str], ...]


def addresses_held(account: Account) -> dict[str, int]:
    """Subnet ID -> private IPv4 addresses its interfaces hold, counted in one pass (describing
    every subnet would otherwise walk every interface once per subnet)."""
    held: dict[str, int] = {}
    for eni in account.network_interfaces.values():
        held[eni.subnet_id] = (
            held.get(eni.subnet_id, 0) + 1 + len(eni.secondary_private_ip_addresses)
        )
    return held


def describe_subnet(subnet: Subnet, held: int) -> SubnetDescription:
    """`held`: the addresses the subnet's interfaces hold (see `addresses_held`)."""
    parsed = ipv4.parse_cidr(subnet.cidr)
    assert parsed is not None, "the state loader refuses malformed CIDRs"
    return SubnetDescription(
        subnet_id=subnet.id,
        state=subnet.state,
        vpc_id=subnet.vpc_id,
        cidr_block=subnet.cidr,
        available_ip_address_count=ipv4.block_size(parsed[1]) - RESERVED_PER_SUBNET - held,
        availability_zone=subnet.availability_zone,
        default_for_az=subnet.default_for_az,
        map_public_ip_on_launch=subnet.map_public_ip_on_launch,
        tags=tuple(subnet.tags.items()),
    )


def describe_vpc(vpc: Vpc) -> VpcDescription:
    return VpcDescription(
        vpc_id=vpc.id,
        state=vpc.state,
        cidr_block=vpc.cidr,
        # A VPC with no DHCP options set of its own: EC2 reports the word `default`.
        dhcp_options_id=vpc.dhcp_options_id or "default",
        instance_tenancy=vpc.instance_tenancy,
        is_default=vpc.is_default,
        tags=tuple(vpc.tags.items()),
    )


def describe_security_group(account: Account, group: SecurityGroup) -> SecurityGroupDescription:
    return SecurityGroupDescription(
        group_id=group.id,
        owner_id=account.owner_id,
        group_name=group.name,
        description=group.description,
        vpc_id=group.vpc_id,
        tags=tuple(group.tags.items()),
    )

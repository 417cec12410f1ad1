"""The account's network: DescribeSubnets, DescribeVpcs and DescribeSecurityGroups, and the
actions that make and remove it, CreateVpc, DeleteVpc, CreateSubnet, DeleteSubnet,
CreateSecurityGroup and DeleteSecurityGroup.

Each describe action keeps its filter names beside its rules (the machinery is
`ec2eni.engine.filters`). Errors come in EC2's order: a malformed ID first, then an unknown filter
name, then an unknown ID. Records come in account order, each once, however often it was named;
a new resource comes last, so describes list resources in the order they were created.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TypeVar

from ec2eni.engine import ids, ipv4, lookup
from ec2eni.engine.errors import (
    EC2Error,
    bad_parameter_value,
    invalid_value,
    missing_parameter,
    not_found,
)
from ec2eni.engine.filters import Names, compile_with, matching, zone_id
from ec2eni.engine.model import Account, SecurityGroup, Subnet, Vpc
from ec2eni.engine.network_descriptions import (
    SecurityGroupDescription,
    SubnetDescription,
    VpcDescription,
    addresses_held,
    describe_security_group,
    describe_subnet,
    describe_vpc,
)

T = TypeVar("T")


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _tags(d: SubnetDescription | VpcDescription | SecurityGroupDescription) -> list[str]:
    return [key for key, _ in d.tags]


def _tag_values(d: SubnetDescription | VpcDescription | SecurityGroupDescription) -> list[str]:
    return [value for _, value in d.tags]


SUBNET_NAMES: Names[SubnetDescription] = Names(
    {
        "availability-zone": lambda d: [d.availability_zone],
        "availability-zone-id": lambda d: [zone_id(d.availability_zone)],
        "available-ip-address-count": lambda d: [str(d.available_ip_address_count)],
        "cidr-block": lambda d: [d.cidr_block],
        "default-for-az": lambda d: [_flag(d.default_for_az)],
        "map-public-ip-on-launch": lambda d: [_flag(d.map_public_ip_on_launch)],
        "state": lambda d: [d.state],
        "subnet-id": lambda d: [d.subnet_id],
        "tag-key": _tags,
        "tag-value": _tag_values,
        "vpc-id": lambda d: [d.vpc_id],
    },
    # The 2013 API documented `cidr` (also `cidrBlock`), `availabilityZone` and `defaultForAz`;
    # later ones `cidr-block`. EC2 still takes them all.
    {
        "cidr": "cidr-block",
        "cidrBlock": "cidr-block",
        "availabilityZone": "availability-zone",
        "defaultForAz": "default-for-az",
    },
    lambda d: d.tags,
)

VPC_NAMES: Names[VpcDescription] = Names(
    {
        "cidr": lambda d: [d.cidr_block],
        "dhcp-options-id": lambda d: [d.dhcp_options_id],
        "is-default": lambda d: [_flag(d.is_default)],
        "state": lambda d: [d.state],
        "tag-key": _tags,
        "tag-value": _tag_values,
        "vpc-id": lambda d: [d.vpc_id],
    },
    # A simulated VPC has its primary block only, so its block associations are that one block.
    {"cidr-block": "cidr", "cidr-block-association.cidr-block": "cidr"},
    lambda d: d.tags,
)

# The rule filters EC2 knows; the account stores no rules, so they match no group (a filter on
# rules is no error, it just finds nothing).
_RULE_FILTERS = ("cidr", "from-port", "group-id", "group-name", "protocol", "to-port", "user-id")
_NO_RULES: dict[str, Callable[[SecurityGroupDescription], Iterable[str]]] = {
    f"{prefix}ip-permission.{name}": lambda d: []
    for prefix in ("", "egress.")
    for name in _RULE_FILTERS
}

GROUP_NAMES: Names[SecurityGroupDescription] = Names(
    {
        "description": lambda d: [d.description],
        "group-id": lambda d: [d.group_id],
        "group-name": lambda d: [d.group_name],
        "owner-id": lambda d: [d.owner_id],
        "tag-key": _tags,
        "tag-value": _tag_values,
        "vpc-id": lambda d: [d.vpc_id],
        **_NO_RULES,
    },
    tags=lambda d: d.tags,
)


def _named(kind: str, wanted: Sequence[str]) -> list[str]:
    """The wanted IDs once each, in the order given, every one well formed (else Malformed)."""
    unique = list(dict.fromkeys(wanted))
    for resource_id in unique:
        ids.check_id(kind, resource_id)
    return unique


def _in_account_order(kind: str, table: Mapping[str, T], unique: Sequence[str]) -> Iterable[T]:
    for resource_id in unique:
        if resource_id not in table:
            raise not_found(kind, resource_id)
    if not unique:
        return table.values()
    keep = set(unique)
    return [record for key, record in table.items() if key in keep]


def describe_subnets(
    account: Account,
    subnet_ids: Sequence[str] = (),
    filters: Sequence[tuple[str, str]] = (),
) -> list[SubnetDescription]:
    unique = _named("subnet", subnet_ids)
    compiled = compile_with(SUBNET_NAMES, filters)
    selected = _in_account_order("subnet", account.subnets, unique)
    held = addresses_held(account)
    return matching(compiled, (describe_subnet(s, held.get(s.id, 0)) for s in selected))


def describe_vpcs(
    account: Account,
    vpc_ids: Sequence[str] = (),
    filters: Sequence[tuple[str, str]] = (),
) -> list[VpcDescription]:
    unique = _named("vpc", vpc_ids)
    compiled = compile_with(VPC_NAMES, filters)
    selected = _in_account_order("vpc", account.vpcs, unique)
    return matching(compiled, (describe_vpc(v) for v in selected))


# The legacy client's test (ec2dgrp, legacy-cli.md §14.3): only the 8-digit form of a group ID is
# sent as a GroupId; anything else, today's 17-digit IDs included, goes as a GroupName.
_LEGACY_GROUP_ID = re.compile(r"sg-[0-9a-f]{8}")


def is_group_id(value: str) -> bool:
    """Whether ec2dgrp takes `value` as a group ID (else it is a group name)."""
    return _LEGACY_GROUP_ID.fullmatch(value) is not None


def describe_security_groups(
    account: Account,
    group_ids_or_names: Sequence[str] = (),
    filters: Sequence[tuple[str, str]] = (),
) -> list[SecurityGroupDescription]:
    """The groups named (each value an ID or a name, as `is_group_id` tells), or all of them.

    An ID in the 8-digit form is always well formed, so there is no Malformed answer here. EC2
    looks a bare GroupName up in EC2-Classic or the default VPC only; here, to keep it simple and
    `ec2dgrp web` useful for groups outside the default VPC, a name matches the groups of that
    name in any VPC (both `default` groups for `default`).
    """
    unique = list(dict.fromkeys(group_ids_or_names))
    compiled = compile_with(GROUP_NAMES, filters)
    groups = account.security_groups
    names = {group.name for group in groups.values()}
    for value in unique:
        known = value in groups if is_group_id(value) else value in names
        if not known:
            raise not_found("sg", value)
    if unique:
        by_id = {value for value in unique if is_group_id(value)}
        by_name = set(unique) - by_id
        selected = [g for g in groups.values() if g.id in by_id or g.name in by_name]
    else:
        selected = list(groups.values())
    return matching(compiled, (describe_security_group(account, g) for g in selected))


# ---------------------------------------------------------------------------------------------
# Making and removing the network. Every action validates completely before it changes anything:
# syntax and values, then existence, then the rules about the account, then the quotas.

# EC2's default quotas (raised on request in AWS; fixed here).
VPCS_PER_REGION = 5
SUBNETS_PER_VPC = 200
SECURITY_GROUPS_PER_REGION = 2500
# The block sizes EC2 allows for a VPC and for a subnet.
SMALLEST_PREFIX, LARGEST_PREFIX = 16, 28
TENANCIES = ("default", "dedicated")
DEFAULT_GROUP = "default"
DEFAULT_GROUP_DESCRIPTION = "default VPC security group"
# Zone letters of the simulated regions: us-east-1 has six zones; every region has at least three.
_ZONE_LETTERS = {"us-east-1": "abcdef"}
_OTHER_REGIONS_ZONE_LETTERS = "abc"
# What EC2 accepts in a VPC security group's name and description (after the ASCII test).
_GROUP_TEXT = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ._-:/()#,@[]+=&;{}!$*"
)
_GROUP_TEXT_SET = "a-zA-Z0-9. _-:/()#,@[]+=&;{}!$*"
_GROUP_TEXT_LIMIT = 255


def region_zones(account: Account) -> list[str]:
    """The zones subnets can be created in, in order: the region's (us-east-1a to us-east-1f;
    `a` to `c` in any other region), plus any zone the account's subnets already use."""
    letters = _ZONE_LETTERS.get(account.region, _OTHER_REGIONS_ZONE_LETTERS)
    zones = {account.region + letter for letter in letters}
    zones.update(subnet.availability_zone for subnet in account.subnets.values())
    return sorted(zones)


def _cidr(text: str) -> tuple[int, int]:
    parsed = ipv4.parse_cidr(text)
    if parsed is None:
        raise bad_parameter_value("cidrBlock", text, "This is not a valid CIDR block.")
    return parsed


def _normal(network: int, prefix: int) -> str:
    return f"{ipv4.format_ip(network)}/{prefix}"


def _vpc(account: Account, vpc_id: str) -> Vpc:
    ids.check_id("vpc", vpc_id)
    vpc = account.vpcs.get(vpc_id)
    if vpc is None:
        raise not_found("vpc", vpc_id)
    return vpc


def _default_vpc(account: Account) -> Vpc | None:
    return next((vpc for vpc in account.vpcs.values() if vpc.is_default), None)


def _dependencies(kind: str, resource_id: str) -> EC2Error:
    return EC2Error(
        "DependencyViolation", f"The {kind} '{resource_id}' has dependencies and cannot be deleted."
    )


def create_vpc(
    account: Account, cidr_block: str, instance_tenancy: str = "default"
) -> VpcDescription:
    """A new VPC, not the default one, with its DHCP options set and its `default` security
    group. EC2 answers `pending`; the VPC is available by the time anything can use it (here at
    once, whatever the timing)."""
    network, prefix = _cidr(cidr_block)
    if instance_tenancy not in TENANCIES:
        raise bad_parameter_value(
            "instanceTenancy", instance_tenancy, "Expecting 'default' or 'dedicated'."
        )
    if not SMALLEST_PREFIX <= prefix <= LARGEST_PREFIX:
        raise EC2Error("InvalidVpc.Range", f"The CIDR '{cidr_block}' is invalid.")
    if len(account.vpcs) >= VPCS_PER_REGION:
        raise EC2Error("VpcLimitExceeded", "The maximum number of VPCs has been reached.")

    vpc = Vpc(
        id=ids.new_resource_id(account, "vpc"),
        cidr=_normal(network, prefix),
        instance_tenancy=instance_tenancy,
    )
    # As the default account's VPCs have theirs: derived, so it costs no counter step.
    vpc.dhcp_options_id = ids.derived_id("dopt", vpc.id)
    account.vpcs[vpc.id] = vpc
    group = SecurityGroup(
        id=ids.new_resource_id(account, "sg"),
        vpc_id=vpc.id,
        name=DEFAULT_GROUP,
        description=DEFAULT_GROUP_DESCRIPTION,
    )
    account.security_groups[group.id] = group
    reply = describe_vpc(vpc)
    reply.state = "pending"
    return reply


def delete_vpc(account: Account, vpc_id: str) -> None:
    """Delete a VPC that holds no subnet and no security group but its `default` one, which goes
    with it. The default VPC can be deleted too, as in EC2 (nothing here makes a new one)."""
    vpc = _vpc(account, vpc_id)
    if any(subnet.vpc_id == vpc.id for subnet in account.subnets.values()) or any(
        group.vpc_id == vpc.id and group.name != DEFAULT_GROUP
        for group in account.security_groups.values()
    ):
        raise _dependencies("vpc", vpc.id)
    del account.vpcs[vpc.id]
    for group_id in [g.id for g in account.security_groups.values() if g.vpc_id == vpc.id]:
        del account.security_groups[group_id]


def create_subnet(
    account: Account, vpc_id: str, cidr_block: str, availability_zone: str | None = None
) -> SubnetDescription:
    """A new subnet: a /16 to /28 block inside its VPC's block, overlapping none of the VPC's
    other subnets, in `availability_zone` or, when None, in the first zone of the region
    (`region_zones`: us-east-1a). EC2 answers `pending`; the subnet is available at once."""
    ids.check_id("vpc", vpc_id)
    network, prefix = _cidr(cidr_block)
    zones = region_zones(account)
    if availability_zone is not None and availability_zone not in zones:
        raise bad_parameter_value(
            "availabilityZone",
            availability_zone,
            "Subnets can currently only be created in the following availability zones: "
            + ", ".join(zones)
            + ".",
        )
    vpc = _vpc(account, vpc_id)
    vpc_block = ipv4.parse_cidr(vpc.cidr)
    assert vpc_block is not None, "the state loader refuses malformed CIDRs"
    if (
        not SMALLEST_PREFIX <= prefix <= LARGEST_PREFIX
        or prefix < vpc_block[1]
        or not ipv4.contains(vpc_block[0], vpc_block[1], network)
    ):
        raise EC2Error("InvalidSubnet.Range", f"The CIDR '{cidr_block}' is invalid.")
    siblings = [s for s in account.subnets.values() if s.vpc_id == vpc.id]
    for sibling in siblings:
        other = ipv4.parse_cidr(sibling.cidr)
        assert other is not None
        if ipv4.contains(other[0], other[1], network) or ipv4.contains(network, prefix, other[0]):
            raise EC2Error(
                "InvalidSubnet.Conflict", f"The CIDR '{cidr_block}' conflicts with another subnet"
            )
    if len(siblings) >= SUBNETS_PER_VPC:
        raise EC2Error("SubnetLimitExceeded", "The maximum number of subnets has been reached.")

    subnet = Subnet(
        id=ids.new_resource_id(account, "subnet"),
        vpc_id=vpc.id,
        cidr=_normal(network, prefix),
        availability_zone=availability_zone or zones[0],
    )
    account.subnets[subnet.id] = subnet
    reply = describe_subnet(subnet, 0)
    reply.state = "pending"
    return reply


def delete_subnet(account: Account, subnet_id: str) -> None:
    """Delete a subnet that holds no network interface and no instance that is not terminated.

    As in EC2, a subnet whose instances are all terminated can be deleted: a terminated instance
    has left its subnet (describe-instances no longer shows it) and keeps only its old ID."""
    subnet = lookup.subnet(account, subnet_id)
    if any(eni.subnet_id == subnet.id for eni in account.network_interfaces.values()) or any(
        instance.subnet_id == subnet.id and instance.state != "terminated"
        for instance in account.instances.values()
    ):
        raise _dependencies("subnet", subnet.id)
    del account.subnets[subnet.id]


def _check_group_text(parameter: str, what: str, value: str) -> None:
    """A group's name or description: present, ASCII, at most 255 characters of EC2's set."""
    if not value:
        raise missing_parameter(parameter)
    if not value.isascii():
        raise bad_parameter_value(
            parameter, value, "Character sets beyond ASCII are not supported."
        )
    if len(value) > _GROUP_TEXT_LIMIT or not _GROUP_TEXT.issuperset(value):
        raise invalid_value(
            f"Invalid security group {what}. Valid {what}s are strings less than "
            f"{_GROUP_TEXT_LIMIT + 1} characters from the following set:  {_GROUP_TEXT_SET}"
        )


def create_security_group(
    account: Account, group_name: str, description: str, vpc_id: str | None = None
) -> SecurityGroupDescription:
    """A new group in `vpc_id`, or in the default VPC when None. Names are unique in a VPC,
    ignoring case, as EC2 compares them; `default` is always taken (every VPC has its group)."""
    if vpc_id is not None:
        ids.check_id("vpc", vpc_id)
    _check_group_text("GroupName", "name", group_name)
    if group_name.startswith("sg-"):
        raise bad_parameter_value(
            "GroupName", group_name, "Group names may not be in the format sg-*."
        )
    _check_group_text("GroupDescription", "description", description)
    if vpc_id is not None:
        vpc = _vpc(account, vpc_id)
    else:
        found = _default_vpc(account)
        if found is None:
            raise EC2Error("VPCIdNotSpecified", "No default VPC for this user")
        vpc = found
    folded = group_name.lower()
    if any(
        group.vpc_id == vpc.id and group.name.lower() == folded
        for group in account.security_groups.values()
    ):
        raise EC2Error(
            "InvalidGroup.Duplicate",
            f"The security group '{group_name}' already exists for VPC '{vpc.id}'",
        )
    if len(account.security_groups) >= SECURITY_GROUPS_PER_REGION:
        raise EC2Error(
            "SecurityGroupLimitExceeded", "The maximum number of security groups has been reached."
        )

    group = SecurityGroup(
        id=ids.new_resource_id(account, "sg"),
        vpc_id=vpc.id,
        name=group_name,
        description=description,
    )
    account.security_groups[group.id] = group
    return describe_security_group(account, group)


def delete_security_group(
    account: Account, *, group_id: str | None = None, group_name: str | None = None
) -> None:
    """Delete a group given its ID, or its name, which EC2 looks up in the default VPC only.
    A VPC's `default` group cannot be deleted (it goes with its VPC), nor a group an interface
    uses."""
    if group_id is not None:
        ids.check_id("sg", group_id)
        group = account.security_groups.get(group_id)
        if group is None:
            raise not_found("sg", group_id)
    elif group_name is not None:
        vpc = _default_vpc(account)
        if vpc is None:
            raise EC2Error(
                "VPCIdNotSpecified",
                "No default VPC for this user. GroupName is only supported for EC2-Classic and "
                "default VPC.",
            )
        named = next(
            (
                g
                for g in account.security_groups.values()
                if g.vpc_id == vpc.id and g.name == group_name
            ),
            None,
        )
        if named is None:
            raise EC2Error(
                "InvalidGroup.NotFound",
                f"The security group '{group_name}' does not exist in default VPC '{vpc.id}'",
            )
        group = named
    else:
        raise missing_parameter("GroupId")
    if group.name == DEFAULT_GROUP:
        raise EC2Error(
            "CannotDelete",
            f'the specified group: "{group.id}" name: "{DEFAULT_GROUP}" cannot be deleted '
            "by a user",
        )
    if any(group.id in eni.group_ids for eni in account.network_interfaces.values()):
        raise EC2Error("DependencyViolation", f"resource {group.id} has a dependent object")
    del account.security_groups[group.id]

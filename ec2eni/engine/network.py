"""DescribeSubnets, DescribeVpcs and DescribeSecurityGroups: the account's network, read-only.

Each action keeps its filter names beside its rules (the machinery is `ec2eni.engine.filters`).
Errors come in EC2's order: a malformed ID first, then an unknown filter name, then an unknown ID.
Records come in account order, each once, however often it was named.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TypeVar

from ec2eni.engine import ids
from ec2eni.engine.errors import not_found
from ec2eni.engine.filters import Names, compile_with, matching, zone_id
from ec2eni.engine.model import Account
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

"""Read-only views of the rest of the account (instances, subnets, groups, VPCs), so a user can
find the IDs the interface commands need."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeVar

from ec2eni.engine import ids
from ec2eni.engine.descriptions import (
    InstanceDescription,
    SubnetDescription,
    describe_instance,
    describe_subnet,
)
from ec2eni.engine.errors import not_found
from ec2eni.engine.model import Account, SecurityGroup, Vpc

T = TypeVar("T")


def _select(kind: str, table: Mapping[str, T], wanted: Sequence[str]) -> list[T]:
    """All records, or the named ones in account order (syntax of all IDs checked first)."""
    unique = list(dict.fromkeys(wanted))
    for resource_id in unique:
        ids.check_id(kind, resource_id)
    for resource_id in unique:
        if resource_id not in table:
            raise not_found(kind, resource_id)
    if not unique:
        return list(table.values())
    keep = set(unique)
    return [record for key, record in table.items() if key in keep]


def describe_instances(
    account: Account, instance_ids: Sequence[str] = ()
) -> list[InstanceDescription]:
    return [describe_instance(account, i) for i in _select("i", account.instances, instance_ids)]


def describe_subnets(account: Account, subnet_ids: Sequence[str] = ()) -> list[SubnetDescription]:
    selected = _select("subnet", account.subnets, subnet_ids)
    in_use: dict[str, int] = {}
    for eni in account.network_interfaces.values():
        in_use[eni.subnet_id] = (
            in_use.get(eni.subnet_id, 0) + 1 + len(eni.secondary_private_ip_addresses)
        )
    return [describe_subnet(account, s, in_use.get(s.id, 0)) for s in selected]


def describe_security_groups(
    account: Account, group_ids: Sequence[str] = ()
) -> list[SecurityGroup]:
    return _select("sg", account.security_groups, group_ids)


def describe_vpcs(account: Account, vpc_ids: Sequence[str] = ()) -> list[Vpc]:
    return _select("vpc", account.vpcs, vpc_ids)

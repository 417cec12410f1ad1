"""Finding resources by ID with EC2's errors: Malformed for bad syntax, NotFound for unknown IDs."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from ec2eni.engine.errors import EC2Error, different_networks, not_found
from ec2eni.engine.ids import check_id
from ec2eni.engine.model import Account, Instance, NetworkInterface, SecurityGroup, Subnet

T = TypeVar("T")


def _find(kind: str, table: Mapping[str, T], resource_id: str) -> T:
    check_id(kind, resource_id)
    found = table.get(resource_id)
    if found is None:
        raise not_found(kind, resource_id)
    return found


def interface(account: Account, eni_id: str) -> NetworkInterface:
    return _find("eni", account.network_interfaces, eni_id)


def instance(account: Account, instance_id: str) -> Instance:
    return _find("i", account.instances, instance_id)


def subnet(account: Account, subnet_id: str) -> Subnet:
    return _find("subnet", account.subnets, subnet_id)


def _group_not_found(group_id: str) -> EC2Error:
    return not_found("sg", group_id)


def security_groups(
    account: Account,
    group_ids: list[str],
    vpc_id: str,
    *,
    unknown: Callable[[str], EC2Error] = _group_not_found,
) -> list[SecurityGroup]:
    """The groups, de-duplicated in the order given; all must exist and belong to `vpc_id`.

    Syntax of every ID is checked before any lookup (Malformed wins over NotFound), and existence of
    every group before VPC membership. `unknown` builds the error for a group that does not exist:
    EC2 answers `InvalidGroup.NotFound` by default, but each action may have its own code.
    """
    unique = list(dict.fromkeys(group_ids))
    for group_id in unique:
        check_id("sg", group_id)
    groups = []
    for group_id in unique:
        group = account.security_groups.get(group_id)
        if group is None:
            raise unknown(group_id)
        groups.append(group)
    if any(group.vpc_id != vpc_id for group in groups):
        raise different_networks()
    return groups

"""Finding resources by ID with EC2's errors: Malformed for bad syntax, NotFound for unknown IDs."""

from __future__ import annotations

from ec2eni.engine.errors import different_networks, not_found
from ec2eni.engine.ids import check_id
from ec2eni.engine.model import Account, Instance, NetworkInterface, SecurityGroup, Subnet


def interface(account: Account, eni_id: str) -> NetworkInterface:
    check_id("eni", eni_id)
    found = account.network_interfaces.get(eni_id)
    if found is None:
        raise not_found("eni", eni_id)
    return found


def instance(account: Account, instance_id: str) -> Instance:
    check_id("i", instance_id)
    found = account.instances.get(instance_id)
    if found is None:
        raise not_found("i", instance_id)
    return found


def subnet(account: Account, subnet_id: str) -> Subnet:
    check_id("subnet", subnet_id)
    found = account.subnets.get(subnet_id)
    if found is None:
        raise not_found("subnet", subnet_id)
    return found


def security_groups(account: Account, group_ids: list[str], vpc_id: str) -> list[SecurityGroup]:
    """The groups, de-duplicated in the order given; all must exist and belong to `vpc_id`.

    Syntax of every ID is checked before any lookup (Malformed wins over NotFound), and existence of
    every group before VPC membership.
    """
    unique = list(dict.fromkeys(group_ids))
    for group_id in unique:
        check_id("sg", group_id)
    groups = []
    for group_id in unique:
        group = account.security_groups.get(group_id)
        if group is None:
            raise not_found("sg", group_id)
        groups.append(group)
    if any(group.vpc_id != vpc_id for group in groups):
        raise different_networks()
    return groups

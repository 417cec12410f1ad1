"""The account as one nested description, for `ec2eni topology`: VPCs holding their subnets
holding their interfaces (each with the instance it is attached to), and the instances holding
their interfaces in device-index order.

Nothing here is a rule of its own: every record is the description the describe commands print
(`describe_vpcs`, `describe_subnets`, `describe_instances`, `describe_interface`), only arranged
as a tree. An interface appears twice when an instance holds it, once under its subnet ("what is
in this subnet") and once under the instance ("what does this instance have"), because an
instance's interfaces may sit in several subnets, even several VPCs.
"""

from __future__ import annotations

from collections.abc import Sequence

from ec2eni.engine import ids
from ec2eni.engine.descriptions import InterfaceDescription, describe_interface
from ec2eni.engine.instance_descriptions import InstanceDescription
from ec2eni.engine.instances import describe_instances
from ec2eni.engine.model import Account
from ec2eni.engine.network import describe_subnets, describe_vpcs
from ec2eni.engine.network_descriptions import SubnetDescription, VpcDescription
from ec2eni.engine.record import Record


class HoldingInstance(Record):
    """The instance an interface is attached to, as far as the interface's branch shows it."""

    instance_id: str
    name: str
    state: str
    instance_type: str


class InterfaceNode(Record):
    """An interface with the names of where it sits. `instance` is None when it is not attached,
    or attached by a service (a requester-managed interface's attachment has no instance)."""

    interface: InterfaceDescription
    name: str
    subnet_name: str
    vpc_name: str
    instance: HoldingInstance | None


class SubnetNode(Record):
    subnet: SubnetDescription
    name: str
    interfaces: tuple[InterfaceNode, ...]


class VpcNode(Record):
    vpc: VpcDescription
    name: str
    subnets: tuple[SubnetNode, ...]


class InstanceNode(Record):
    """An instance and its interfaces in device-index order (none once terminated)."""

    instance: InstanceDescription
    name: str
    interfaces: tuple[InterfaceNode, ...]


class Topology(Record):
    owner_id: str
    region: str
    vpcs: tuple[VpcNode, ...]
    instances: tuple[InstanceNode, ...]


def _name(tags: tuple[tuple[str, str], ...] | dict[str, str]) -> str:
    return dict(tags).get("Name", "")


def describe_topology(
    account: Account, vpc_ids: Sequence[str] = (), instance_ids: Sequence[str] = ()
) -> Topology:
    """The whole account, or the part of it the named VPCs and instances make up.

    `vpc_ids` keeps those VPCs (every subnet of them) and the instances with an interface in
    them; `instance_ids` keeps those instances and, in the VPCs, only the subnets and interfaces
    they hold; both together keep the named instances' interfaces in the named VPCs. Every ID's
    syntax is checked first (Malformed), then that each exists (NotFound), as the describe
    commands check them."""
    for vpc_id in vpc_ids:
        ids.check_id("vpc", vpc_id)
    for instance_id in instance_ids:
        ids.check_id("i", instance_id)
    vpcs = describe_vpcs(account, vpc_ids)
    instances = [
        instance
        for reservation in describe_instances(account, instance_ids)
        for instance in reservation.instances
    ]
    subnets = describe_subnets(account)
    subnet_names = {s.subnet_id: _name(s.tags) for s in subnets}
    vpc_names = {v.id: _name(v.tags) for v in account.vpcs.values()}

    def node(interface: InterfaceDescription) -> InterfaceNode:
        holder = None
        if interface.attachment is not None:
            record = account.instances.get(interface.attachment.instance_id)
            if record is not None:
                holder = HoldingInstance(
                    instance_id=record.id,
                    name=_name(record.tags),
                    state=record.state,
                    instance_type=record.instance_type,
                )
        return InterfaceNode(
            interface=interface,
            name=_name(interface.tags),
            subnet_name=subnet_names.get(interface.subnet_id, ""),
            vpc_name=vpc_names.get(interface.vpc_id, ""),
            instance=holder,
        )

    wanted_vpcs = set(vpc_ids)
    wanted_instances = set(instance_ids)
    # The instances' own descriptions already describe their interfaces: reuse them.
    described = {
        nic.network_interface_id: nic
        for instance in instances
        for nic in instance.network_interfaces
    }
    in_vpc_branch = [
        described.get(eni.id) or describe_interface(account, eni)
        for eni in account.network_interfaces.values()
        if not wanted_instances
        or (eni.attachment is not None and eni.attachment.instance_id in wanted_instances)
    ]
    by_subnet: dict[str, list[InterfaceNode]] = {}
    for interface in in_vpc_branch:
        by_subnet.setdefault(interface.subnet_id, []).append(node(interface))

    vpc_nodes = []
    for vpc in vpcs:
        subnet_nodes = tuple(
            SubnetNode(
                subnet=subnet,
                name=_name(subnet.tags),
                interfaces=tuple(by_subnet.get(subnet.subnet_id, ())),
            )
            for subnet in subnets
            if subnet.vpc_id == vpc.vpc_id
            and (not wanted_instances or subnet.subnet_id in by_subnet)
        )
        if subnet_nodes or not wanted_instances:
            vpc_nodes.append(VpcNode(vpc=vpc, name=_name(vpc.tags), subnets=subnet_nodes))

    if wanted_vpcs and not wanted_instances:
        # A terminated instance has left its VPC (its description says so): it is not kept.
        instances = [
            instance
            for instance in instances
            if instance.vpc_id in wanted_vpcs
            or any(nic.vpc_id in wanted_vpcs for nic in instance.network_interfaces)
        ]
    instance_nodes = tuple(
        InstanceNode(
            instance=instance,
            name=_name(instance.tags),
            interfaces=tuple(node(nic) for nic in instance.network_interfaces),
        )
        for instance in instances
    )
    return Topology(
        owner_id=account.owner_id,
        region=account.region,
        vpcs=tuple(vpc_nodes),
        instances=instance_nodes,
    )

"""Console-script entry points under the legacy EC2 API Tools names.

Each is a copy of the command object `ec2eni <subcommand>` runs (same parameters, same body, so
the two cannot drift apart), marked `legacy`: a usage error then speaks the legacy tool's words
and exits 1, as scripts written for the legacy tool expect (`ec2eni.cli.usage`).
"""

from __future__ import annotations

import copy

import click

from ec2eni.cli import (
    addresses,
    attachments,
    attributes,
    instances,
    interfaces,
    network,
    private_ips,
    tags,
)
from ec2eni.cli.runtime import EC2Command


def legacy_face(command: click.Command) -> EC2Command:
    face = copy.copy(command)
    assert isinstance(face, EC2Command)
    face.legacy = True
    return face


attach = legacy_face(attachments.attach)
create = legacy_face(interfaces.create)
delete = legacy_face(interfaces.delete)
describe = legacy_face(interfaces.describe)
describe_attribute = legacy_face(attributes.describe_attribute)
detach = legacy_face(attachments.detach)
modify_attribute = legacy_face(attributes.modify_attribute)
reset_attribute = legacy_face(attributes.reset_attribute)
describe_subnets = legacy_face(network.describe_subnets)
describe_vpcs = legacy_face(network.describe_vpcs)
describe_group = legacy_face(network.describe_group)
create_vpc = legacy_face(network.create_vpc)
delete_vpc = legacy_face(network.delete_vpc)
create_subnet = legacy_face(network.create_subnet)
delete_subnet = legacy_face(network.delete_subnet)
create_group = legacy_face(network.create_group)
delete_group = legacy_face(network.delete_group)
describe_instances = legacy_face(instances.describe_instances)
run_instances = legacy_face(instances.run_instances)
stop_instances = legacy_face(instances.stop_instances)
start_instances = legacy_face(instances.start_instances)
reboot_instances = legacy_face(instances.reboot_instances)
terminate_instances = legacy_face(instances.terminate_instances)
assign_private_ip_addresses = legacy_face(private_ips.assign)
unassign_private_ip_addresses = legacy_face(private_ips.unassign)
create_tags = legacy_face(tags.create_tags)
delete_tags = legacy_face(tags.delete_tags)
describe_tags = legacy_face(tags.describe_tags)
allocate_address = legacy_face(addresses.allocate_address)
associate_address = legacy_face(addresses.associate_address)
disassociate_address = legacy_face(addresses.disassociate_address)
release_address = legacy_face(addresses.release_address)
describe_addresses = legacy_face(addresses.describe_addresses)

__all__ = [
    "attach",
    "create",
    "delete",
    "describe",
    "describe_attribute",
    "detach",
    "modify_attribute",
    "reset_attribute",
    "describe_subnets",
    "describe_vpcs",
    "describe_group",
    "create_vpc",
    "delete_vpc",
    "create_subnet",
    "delete_subnet",
    "create_group",
    "delete_group",
    "describe_instances",
    "run_instances",
    "stop_instances",
    "start_instances",
    "reboot_instances",
    "terminate_instances",
    "allocate_address",
    "associate_address",
    "disassociate_address",
    "release_address",
    "describe_addresses",
    "assign_private_ip_addresses",
    "unassign_private_ip_addresses",
    "create_tags",
    "delete_tags",
    "describe_tags",
]

"""Console-script entry points under the legacy EC2 API Tools names.

Each is a copy of the command object `ec2eni <subcommand>` runs (same parameters, same body, so
the two cannot drift apart), marked `legacy`: a usage error then speaks the legacy tool's words
and exits 1, as scripts written for the legacy tool expect (`ec2eni.cli.usage`).
"""

from __future__ import annotations

import copy

import click

from ec2eni.cli import attachments, attributes, instances, interfaces, network
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
describe_instances = legacy_face(instances.describe_instances)
run_instances = legacy_face(instances.run_instances)
stop_instances = legacy_face(instances.stop_instances)
start_instances = legacy_face(instances.start_instances)
reboot_instances = legacy_face(instances.reboot_instances)
terminate_instances = legacy_face(instances.terminate_instances)

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
    "describe_instances",
    "run_instances",
    "stop_instances",
    "start_instances",
    "reboot_instances",
    "terminate_instances",
]

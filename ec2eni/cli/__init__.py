"""The command-line layer: `ec2eni <command>` and the legacy console scripts.

Exit codes are decided in `ec2eni.cli.runtime` (see its docstring, and the README).
"""

from __future__ import annotations

import click

from ec2eni import __version__
from ec2eni.cli import (
    addresses,
    attachments,
    attributes,
    explain,
    instances,
    interfaces,
    limits,
    network,
    private_ips,
    tags,
    topology,
)
from ec2eni.cli.account import account
from ec2eni.cli.options import CONTEXT_SETTINGS
from ec2eni.cli.runtime import OneLineErrors
from ec2eni.cli.scenario import scenario


class EC2Group(OneLineErrors, click.Group):
    """The `ec2eni` group: subcommands keep their own engine-error handling (EC2Command)."""


@click.group(
    "ec2eni",
    cls=EC2Group,
    context_settings=CONTEXT_SETTINGS,
    epilog="\b\nStart here:\n  ec2eni describe-instances   # the instances of the account\n"
    "  ec2eni describe-subnets     # where interfaces can be created\n"
    "  ec2eni describe             # every network interface",
)
@click.version_option(__version__, "--version", prog_name="ec2eni")
def main() -> None:
    """Simulate the retired EC2 API Tools' network-interface commands, offline, against a local
    TOML account (created with a ready default account on first use).

    Each subcommand is also installed under its legacy names (ec2dnic,
    ec2-describe-network-interfaces, ...), with the same options and output.
    """


for _command in (
    interfaces.describe,
    interfaces.create,
    interfaces.delete,
    attachments.attach,
    attachments.detach,
    attributes.describe_attribute,
    attributes.modify_attribute,
    attributes.reset_attribute,
    instances.describe_instances,
    instances.run_instances,
    instances.stop_instances,
    instances.start_instances,
    instances.reboot_instances,
    instances.terminate_instances,
    network.describe_subnets,
    network.describe_vpcs,
    network.describe_group,
    network.create_vpc,
    network.delete_vpc,
    network.create_subnet,
    network.delete_subnet,
    network.create_group,
    network.delete_group,
    private_ips.assign,
    private_ips.unassign,
    tags.create_tags,
    tags.delete_tags,
    tags.describe_tags,
    addresses.allocate_address,
    addresses.associate_address,
    addresses.disassociate_address,
    addresses.release_address,
    addresses.describe_addresses,
    account,
    explain.explain,
    limits.limits,
    scenario,
    topology.topology,
):
    main.add_command(_command)
# The same command under the name of its EC2 action, which earlier releases used.
main.add_command(network.describe_group, "describe-security-groups")

"""The `ec2eni` group: every subcommand, imported only when it runs.

Start-up stays flat: the group knows its subcommands by name only (`COMMANDS`, name →
"module:attribute") and imports a command's module when that command runs, so `ec2eni describe`
never pays for `run-instances` or the teaching texts. `ec2eni --help` imports them all, for their
short help.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, MutableMapping
from typing import Any

import click

from ec2eni.cli.options import CONTEXT_SETTINGS, group_general_options
from ec2eni.cli.runtime import OneLineErrors

COMMANDS: dict[str, str] = {
    "describe": "interfaces:describe",
    "create": "interfaces:create",
    "delete": "interfaces:delete",
    "attach": "attachments:attach",
    "detach": "attachments:detach",
    "describe-attribute": "attributes:describe_attribute",
    "modify-attribute": "attributes:modify_attribute",
    "reset-attribute": "attributes:reset_attribute",
    "describe-instances": "instances:describe_instances",
    "run-instances": "instances:run_instances",
    "stop-instances": "instances:stop_instances",
    "start-instances": "instances:start_instances",
    "reboot-instances": "instances:reboot_instances",
    "terminate-instances": "instances:terminate_instances",
    "describe-subnets": "network:describe_subnets",
    "describe-vpcs": "network:describe_vpcs",
    "describe-group": "network:describe_group",
    # The same command under the name of its EC2 action, which earlier releases used.
    "describe-security-groups": "network:describe_group",
    "create-vpc": "network:create_vpc",
    "delete-vpc": "network:delete_vpc",
    "create-subnet": "network:create_subnet",
    "delete-subnet": "network:delete_subnet",
    "create-group": "network:create_group",
    "delete-group": "network:delete_group",
    "assign-private-ip-addresses": "private_ips:assign",
    "unassign-private-ip-addresses": "private_ips:unassign",
    "create-tags": "tags:create_tags",
    "delete-tags": "tags:delete_tags",
    "describe-tags": "tags:describe_tags",
    "allocate-address": "addresses:allocate_address",
    "associate-address": "addresses:associate_address",
    "disassociate-address": "addresses:disassociate_address",
    "release-address": "addresses:release_address",
    "describe-addresses": "addresses:describe_addresses",
    "account": "account:account",
    "explain": "explain:explain",
    "limits": "limits:limits",
    "scenario": "scenario:scenario",
    "topology": "topology:topology",
    "version": "version:version",
}


def load(target: str) -> click.Command:
    """The command object named by a "module:attribute" entry of `COMMANDS`."""
    module, _, attribute = target.partition(":")
    found = getattr(importlib.import_module(f"ec2eni.cli.{module}"), attribute)
    assert isinstance(found, click.Command), target
    return found


class LazyCommands(MutableMapping[str, click.Command]):
    """`Group.commands` that imports a command on first lookup. Listing the names imports nothing;
    a lookup (`commands[name]`, `.get`, `.items()`) imports that command's module."""

    def __init__(self, table: dict[str, str]) -> None:
        self.table = dict(table)
        self.loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        found = self.loaded.get(name)
        if found is None:
            found = self.loaded[name] = load(self.table[name])
        return found

    def __setitem__(self, name: str, command: click.Command) -> None:
        self.table.setdefault(name, "")
        self.loaded[name] = command

    def __delitem__(self, name: str) -> None:
        del self.table[name]
        self.loaded.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self.table)

    def __len__(self) -> int:
        return len(self.table)


class EC2Group(OneLineErrors, click.Group):
    """The `ec2eni` group: subcommands keep their own engine-error handling (EC2Command), and are
    imported only when they run (click's documented lazy-group pattern)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands: MutableMapping[str, click.Command] = LazyCommands(COMMANDS)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self.commands)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            return None
        return self.commands[cmd_name]


@click.group(
    "ec2eni",
    cls=EC2Group,
    context_settings=CONTEXT_SETTINGS,
    invoke_without_command=True,
    epilog="\b\nStart here:\n  ec2eni describe-instances   # the instances of the account\n"
    "  ec2eni describe-subnets     # where interfaces can be created\n"
    "  ec2eni describe             # every network interface",
)
@group_general_options
def main() -> None:
    """Simulate the retired EC2 API Tools' network-interface commands, offline, against a local
    TOML account (created with a ready default account on first use).

    Each subcommand is also installed under its legacy names (ec2dnic,
    ec2-describe-network-interfaces, ...), with the same options and output. The general
    options (-H, --state-file, --region, ...) may also come before the subcommand; the
    subcommand's own value wins when both are given.
    """
    ctx = click.get_current_context()
    if ctx.invoked_subcommand is None:
        # Bare `ec2eni`: its help, on stdout, as a successful answer.
        click.echo(ctx.get_help())
        ctx.exit(0)

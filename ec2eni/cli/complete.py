"""Shell completion: the scripts in completions/ and the values completed from the account.

Every value-taking parameter of a command completes through `complete` (`ec2eni.cli.declare`
sets it, and imports this module only when a shell asks), which picks what to offer by the
parameter's name (and, where one name means two things, the command's); a normal run imports
none of this. Completing never creates
the account file, never prints and never fails: any problem offers nothing.

The scripts are click's own (what `_EC2DNIC_COMPLETE=bash_source ec2dnic` prints), one per
program name, gathered in one file per shell: `python -m ec2eni.cli.complete --write completions`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from click.shell_completion import (
    BashComplete,
    CompletionItem,
    add_completion_class,
    split_arg_string,
)

if TYPE_CHECKING:
    from ec2eni.engine.model import Account

SHELLS = {"bash": "bash", "zsh": "zsh", "fish": "fish"}  # shell -> file extension

# (ID, help) pairs of one kind of resource in the account.
Lister = Callable[["Account"], Iterator[tuple[str, str]]]


def _interfaces(account: Account) -> Iterator[tuple[str, str]]:
    for eni in account.network_interfaces.values():
        yield eni.id, eni.tags.get("Name", "")


def _attachments(account: Account) -> Iterator[tuple[str, str]]:
    for eni in account.network_interfaces.values():
        if eni.attachment is not None:
            yield eni.attachment.id, f"{eni.id} on {eni.attachment.instance_id}"


def _instances(account: Account) -> Iterator[tuple[str, str]]:
    for instance in account.instances.values():
        yield instance.id, instance.tags.get("Name", "")


def _subnets(account: Account) -> Iterator[tuple[str, str]]:
    for subnet in account.subnets.values():
        yield subnet.id, subnet.tags.get("Name", subnet.cidr)


def _vpcs(account: Account) -> Iterator[tuple[str, str]]:
    for vpc in account.vpcs.values():
        yield vpc.id, vpc.tags.get("Name", vpc.cidr)


def _groups(account: Account) -> Iterator[tuple[str, str]]:
    for group in account.security_groups.values():
        yield group.id, group.name


def _allocations(account: Account) -> Iterator[tuple[str, str]]:
    for address in account.addresses.values():
        yield address.allocation_id, address.public_ip


def _associations(account: Account) -> Iterator[tuple[str, str]]:
    for address in account.addresses.values():
        if address.association_id:
            yield address.association_id, address.public_ip


def _public_ips(account: Account) -> Iterator[tuple[str, str]]:
    for address in account.addresses.values():
        yield address.public_ip, address.allocation_id


def _ips_and_allocations(account: Account) -> Iterator[tuple[str, str]]:
    yield from _public_ips(account)
    yield from _allocations(account)


def _resources(account: Account) -> Iterator[tuple[str, str]]:
    for lister in (_interfaces, _instances, _subnets, _vpcs, _groups, _allocations):
        yield from lister(account)


# What a parameter's values are, by its name; `_BY_COMMAND` overrides a name in one command.
_BY_NAME: dict[str, Lister] = {
    "network_interface": _interfaces,
    "network_interface_ids": _interfaces,
    "attachment": _attachments,
    "instance": _instances,
    "instance_ids": _instances,
    "subnet": _subnets,
    "subnet_ids": _subnets,
    "vpc": _vpcs,
    "vpc_ids": _vpcs,
    "group": _groups,
    "groups": _groups,
    "group_ids": _groups,
    "allocation_id": _allocations,
    "association_id": _associations,
    "ip": _public_ips,
    "wanted": _ips_and_allocations,
    "resource_ids": _resources,
}
_BY_COMMAND: dict[tuple[str, str], Lister | None] = {
    ("create-group", "group"): None,  # the new group's name
}

# The engine's filter-name table of each describe command, as (module, attribute).
_FILTERS = {
    "describe": ("ec2eni.engine.filters", "INTERFACE_NAMES"),
    "describe-instances": ("ec2eni.engine.instances", "INSTANCE_NAMES"),
    "describe-subnets": ("ec2eni.engine.network", "SUBNET_NAMES"),
    "describe-vpcs": ("ec2eni.engine.network", "VPC_NAMES"),
    "describe-group": ("ec2eni.engine.network", "GROUP_NAMES"),
    "describe-addresses": ("ec2eni.engine.addresses", "ADDRESS_NAMES"),
    "describe-tags": ("ec2eni.engine.tags", "TAG_NAMES"),
}


def _account(ctx: click.Context) -> Account | None:
    """The account the command line would use (its --state-file if already typed), or None when
    its file does not exist or cannot be read."""
    from ec2eni.store.state_file import Store, resolve_state_path

    option = ctx.params.get("state_file")
    store = Store(resolve_state_path(option if isinstance(option, str) else None))
    # Not `load()`: that creates a missing file as the default account.
    return store.load_if_present()


def _quietly(produce: Callable[[], list[CompletionItem]]) -> list[CompletionItem]:
    # A traceback or an error line would land in the user's prompt: offer nothing instead.
    try:
        return produce()
    except Exception:
        return []


def _items(pairs: Iterable[tuple[str, str]], incomplete: str) -> list[CompletionItem]:

    seen: dict[str, str] = {}
    for value, help_text in pairs:
        if value.startswith(incomplete) and value not in seen:
            seen[value] = help_text
    return [CompletionItem(value, help=help_text or None) for value, help_text in seen.items()]


def _from_account(lister: Lister) -> Callable[..., list[CompletionItem]]:
    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
        def produce() -> list[CompletionItem]:
            account = _account(ctx)
            return [] if account is None else _items(lister(account), incomplete)

        return _quietly(produce)

    return complete


def _filter_names(table: tuple[str, str]) -> Callable[..., list[CompletionItem]]:
    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
        def produce() -> list[CompletionItem]:
            if "=" in incomplete:
                return []  # values are not completed
            import importlib

            names = getattr(importlib.import_module(table[0]), table[1])
            offered = [(f"{name}=", "") for name in names.listing() if name != "tag:<key>"]
            if names.tags is not None and incomplete.startswith("tag:"):
                account = _account(ctx)
                if account is not None:
                    offered += [(f"tag:{key}=", "") for key in sorted(_tag_keys(account))]
            elif names.tags is not None:
                offered.append(("tag:", "tag:KEY=VALUE"))
            return _items(offered, incomplete)

        return _quietly(produce)

    return complete


def _tag_keys(account: Account) -> set[str]:
    keys: set[str] = set()
    for kind in (
        account.network_interfaces,
        account.instances,
        account.subnets,
        account.vpcs,
        account.security_groups,
        account.addresses,
    ):
        for resource in kind.values():
            keys.update(resource.tags)
    return keys


def _state_file(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:

    return [CompletionItem(incomplete, type="file")]


def _callback(name: str, param: click.Parameter) -> Callable[..., list[Any]] | None:
    key = param.name or ""
    if key == "filters" and name in _FILTERS:
        return _filter_names(_FILTERS[name])
    if key == "state_file":
        return _state_file
    lister = _BY_COMMAND.get((name, key), _BY_NAME.get(key))
    return None if lister is None else _from_account(lister)


def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """The values to offer for `param` of the command `ctx` runs: from the account by what the
    parameter names, else what its type offers (a choice's values, file names)."""
    callback = _callback(ctx.command.name or "", param)
    if callback is None:
        return param.type.shell_complete(ctx, param, incomplete)
    return callback(ctx, param, incomplete)


# --- bash: words from the line ------------------------------------------------------------


class LineBashComplete(BashComplete):
    """Click's bash completion, with the words taken from the line itself.

    bash splits the words it hands a completion function at `=` and `:` as well (its
    COMP_WORDBREAKS), so `-F subnet-id=sub` reached click as `-F`, `subnet-id`, `=`, `sub`: the
    filter's value looked like an interface ID argument and completed as one. The script also
    passes the line up to the cursor (COMP_LINE, COMP_POINT), which is split as any shell splits
    it; bash then replaces only its own last word, so each value loses the part before it
    (`tag:Na` offers `Name=`, bash's word being `Na`). A script without the line (one sourced from
    an older release) completes as before.
    """

    source_template = BashComplete.source_template.replace(
        "COMP_CWORD=$COMP_CWORD",
        'COMP_CWORD=$COMP_CWORD COMP_LINE="$COMP_LINE" COMP_POINT=$COMP_POINT',
    )
    _cut = 0

    def get_completion_args(self) -> tuple[list[str], str]:
        args, word = super().get_completion_args()
        line, point = os.environ.get("COMP_LINE"), os.environ.get("COMP_POINT", "")
        if line is None or not point.isdigit():
            return args, word
        typed = line[: int(point)]
        words = split_arg_string(typed)
        if not words or typed[-1:].isspace():
            incomplete, before = "", words[1:]
        else:
            incomplete, before = words[-1], words[1:-1]
        if not incomplete.endswith(word):
            return args, word  # the two splits disagree: keep bash's
        self._cut = len(incomplete) - len(word)
        return before, incomplete

    def format_completion(self, item: CompletionItem) -> str:
        if self._cut and item.type == "plain":
            item = CompletionItem(item.value[self._cut :], type=item.type, help=item.help)
        return super().format_completion(item)


def register() -> None:
    """Use LineBashComplete for bash (in this process: completing, or writing the scripts)."""
    add_completion_class(LineBashComplete, "bash")


# --- the scripts ---------------------------------------------------------------------------


def program_names() -> list[str]:
    """`ec2eni` and every legacy console script the installed package declares."""
    from importlib.metadata import distribution

    scripts = distribution("ec2eni").entry_points.select(group="console_scripts")
    names = sorted({script.name for script in scripts} - {"ec2eni"})
    return ["ec2eni", *names]


def script(shell: str, names: Iterable[str]) -> str:
    """One file registering click's completion for every program name in `shell`."""
    from click.shell_completion import get_completion_class

    register()
    completion = get_completion_class(shell)
    assert completion is not None
    parts = [
        f"# {shell} completion for ec2eni and its legacy command names: generated by\n"
        "# `python -m ec2eni.cli.complete --write completions` from click's completion\n"
        "# scripts (one block per name). Source this file; do not edit it.\n"
    ]
    for prog_name in names:
        var = "_{}_COMPLETE".format(prog_name.replace("-", "_").replace(".", "_")).upper()
        # The template itself, not `source()`: bash's source() runs bash to check its version.
        shell_complete = completion(click.Command(prog_name), {}, prog_name, var)
        parts.append(shell_complete.source_template % shell_complete.source_vars())
    return "\n".join(parts)


def scripts() -> dict[str, str]:
    """File name -> content of every completion script."""
    names = program_names()
    return {f"ec2eni.{ext}": script(shell, names) for shell, ext in SHELLS.items()}


def write(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for file_name, text in scripts().items():
        path = folder / file_name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or args[0] != "--write":
        print("usage: python -m ec2eni.cli.complete --write FOLDER", file=sys.stderr)
        return 2
    for path in write(Path(args[1])):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Assign and unassign secondary private IPv4 addresses (engine: `ec2eni.engine.private_ips`;
legacy-cli.md §13.6, §13.7).

Both print `RETURN\ttrue` and nothing else: no header with -H, no REQUEST ID with -v. Neither
takes a positional argument; like the legacy client, they ignore one silently and warn about any
after it.
"""

from __future__ import annotations

from typing import Any

import click

from ec2eni.cli.declare import command
from ec2eni.cli.options import INTEGER, BadValue, General, general_options, single
from ec2eni.cli.runtime import change_account, emit, new_lines
from ec2eni.cli.usage import SUFFIX, Usage
from ec2eni.engine import private_ips
from ec2eni.render.private_ips import returned_true

COUNT = "--secondary-private-ip-address-count SECONDARY-PRIVATE-ADDRESS-COUNT"
ADDRESS = "--secondary-private-ip-address SECONDARY-PRIVATE-IP-ADDRESS"


def _ignore_positionals(values: tuple[str, ...]) -> None:
    """The legacy client read no positional argument here and warned only from the second on."""
    if len(values) > 1:
        click.echo(f"WARNING:  Ignoring extra parameter(s): [ {', '.join(values[1:])} ]", err=True)


def _count(text: str) -> int:
    """The count as Java's `Integer.parseInt` read it; the legacy client did not check it first,
    so a bad one ended in its unexpected-error report."""
    try:
        return INTEGER.convert(text, None, None)
    except BadValue:
        raise Usage(
            f"Invalid value for '--secondary-private-ip-address-count': '{text}' is not a valid "
            "integer.",
            legacy="Unexpected error:\n"
            f'java.lang.NumberFormatException: For input string: "{text}"',
        ) from None


def _emit_return(general: General, api: dict[str, Any] | None = None) -> None:
    out = new_lines(general)
    returned_true(out)
    out.respond(lambda: api)
    # The legacy tools printed no REQUEST ID line for these two, even with -v.
    emit(general.replace(verbose=False), out)


_NETWORK_INTERFACE = single(
    "-n",
    "--network-interface",
    "network_interface",
    required=True,
    metavar="NETWORKINTERFACE",
    help="The network interface.",
)


@command(
    "assign-private-ip-addresses",
    "ec2-assign-private-ip-addresses",
    "ec2apip",
    "Give a network interface more secondary private IPv4 addresses: the ones listed, or COUNT "
    "free ones of its subnet (lowest first). An address another interface holds is refused "
    "unless --allow-reassignment moves it (with its Elastic IP; never another interface's "
    "primary); one the interface already holds is left as it is. An interface holds at most "
    "its instance type's per-interface limit, 50 when unattached. Prints RETURN true.",
    """
  ec2apip -n eni-34e052102d385956a --secondary-private-ip-address-count 2
  ec2apip -n eni-34e052102d385956a --secondary-private-ip-address 10.0.3.20 \\
    --secondary-private-ip-address 10.0.3.21
  ENI=$(ec2addnic subnet-1b9e7e21dbe5446f6 | head -1 | cut -f2)
  ec2apip -n $ENI --secondary-private-ip-address 10.0.3.21 --allow-reassignment
  ec2dnic $ENI | grep ^PRIVATEIPADDRESS
""",
)
@click.argument("ignored", metavar="", nargs=-1)
@_NETWORK_INTERFACE
@click.option(
    "--secondary-private-ip-address",
    "addresses",
    multiple=True,
    metavar="SECONDARY-PRIVATE-IP-ADDRESS",
    help="An address to assign (repeatable).",
)
@single(
    "--secondary-private-ip-address-count",
    "count",
    metavar="SECONDARY-PRIVATE-ADDRESS-COUNT",
    help="How many free addresses to assign.",
)
@click.option(
    "--allow-reassignment",
    is_flag=True,
    help="Take addresses another interface of the subnet holds as secondaries.",
)
@general_options
def assign(
    general: General,
    ignored: tuple[str, ...],
    network_interface: str,
    addresses: tuple[str, ...],
    count: str | None,
    allow_reassignment: bool,
) -> None:
    _ignore_positionals(ignored)
    if not addresses and count is None:
        raise Usage(
            "Missing option '--secondary-private-ip-address' or "
            "'--secondary-private-ip-address-count'.",
            legacy=f"One of required options [{COUNT}, {ADDRESS}] missing{SUFFIX}",
        )
    if addresses and count is not None:
        both = (
            "Specify either a secondary private address count or a list of secondary private "
            "addresses, not both."
        )
        raise Usage(both, legacy=both + SUFFIX)
    number = _count(count) if count is not None else None
    with change_account(general) as account:
        assigned = private_ips.assign_private_ip_addresses(
            account,
            network_interface,
            addresses,
            number,
            allow_reassignment=allow_reassignment,
        )
    _emit_return(
        general,
        {
            "NetworkInterfaceId": network_interface,
            "AssignedPrivateIpAddresses": [{"PrivateIpAddress": ip} for ip in assigned],
        },
    )


@command(
    "unassign-private-ip-addresses",
    "ec2-unassign-private-ip-addresses",
    "ec2upip",
    "Take secondary private IPv4 addresses off a network interface; they become free addresses "
    "of its subnet again. An Elastic IP associated with one is disassociated (it stays "
    "allocated). The primary address can never be unassigned. Prints RETURN true.",
    """
  ec2apip -n eni-34e052102d385956a --secondary-private-ip-address 10.0.3.20
  ec2upip -n eni-34e052102d385956a --secondary-private-ip-address 10.0.3.20
""",
)
@click.argument("ignored", metavar="", nargs=-1)
@_NETWORK_INTERFACE
@click.option(
    "--secondary-private-ip-address",
    "addresses",
    multiple=True,
    required=True,
    metavar="SECONDARY-PRIVATE-IP-ADDRESS",
    help="An address to unassign (repeatable).",
)
@general_options
def unassign(
    general: General,
    ignored: tuple[str, ...],
    network_interface: str,
    addresses: tuple[str, ...],
) -> None:
    _ignore_positionals(ignored)
    with change_account(general) as account:
        private_ips.unassign_private_ip_addresses(account, network_interface, addresses)
    _emit_return(general)

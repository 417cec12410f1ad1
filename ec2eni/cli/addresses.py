"""Allocate, associate, disassociate, release and describe Elastic IPs (engine:
`ec2eni.engine.addresses`; legacy-cli.md §13.1-13.5).

The legacy client's own checks come first, in its order, with its words; `-a`, `-i`, `-n` and `-p`
of ec2assocaddr (and `-a` of ec2reladdr and ec2disaddr) take a value but have no argument name,
in help as in messages. ec2reladdr, ec2assocaddr and ec2disaddr print what the command line said
(and ec2assocaddr the association ID EC2 answered), not the address as it now is.
"""

from __future__ import annotations

from typing import Any

import click

from ec2eni.cli.declare import command
from ec2eni.cli.options import (
    BadValue,
    General,
    filter_names,
    filters_of,
    general_options,
    one_argument,
    parse_filters,
    single,
)
from ec2eni.cli.runtime import change_account, emit, new_lines, read_account
from ec2eni.cli.usage import SUFFIX, Usage, one_of
from ec2eni.engine import addresses
from ec2eni.render import addresses as render

_BOTH = "Specify either IP (non-VPC) or -a allocation-id (VPC), not both."


def _both() -> Usage:
    # ec2disaddr says "allocation-id" too, although its -a is an association ID.
    return Usage(_BOTH, legacy=_BOTH + SUFFIX)


def _ip(values: tuple[str, ...]) -> str:
    return one_argument(values, "IP")


class Domain(click.ParamType[Any, str]):
    """`-d`: `vpc` in any case, kept as typed (the legacy client sent it so)."""

    name = "DOMAIN"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value)
        if text.lower() != addresses.DOMAIN:
            raise BadValue(f"'{text}' is not vpc.", text, param, ctx)
        return text


@command(
    "allocate-address",
    "ec2-allocate-address",
    "ec2allocaddr",
    "Allocate an Elastic IP to the account: a VPC address (with or without -d vpc), the lowest "
    "free one of 203.0.113.0/24, then of 198.51.100.0/24. At most elastic_ip_quota addresses "
    "(an account setting in the file, default 5). Prints the ADDRESS: public IP, domain, "
    "allocation ID.",
    """
  ec2allocaddr -d vpc
  ec2-allocate-address -H
  ALLOC=$(ec2allocaddr | cut -f5)
""",
)
@click.argument("ignored", metavar="", nargs=-1)
@single("-d", "--domain", type=Domain(), metavar="DOMAIN", help="vpc (the only domain here).")
@general_options
def allocate_address(general: General, ignored: tuple[str, ...], domain: str | None) -> None:
    if len(ignored) > 1:
        # The legacy client read no positional, and warned from the second one on.
        click.echo(f"WARNING:  Ignoring extra parameter(s): [ {', '.join(ignored[1:])} ]", err=True)
    with change_account(general) as account:
        result = addresses.allocate_address(account, domain)
    out = new_lines(general)
    render.allocated(out, result)
    emit(general, out)


@command(
    "release-address",
    "ec2-release-address",
    "ec2reladdr",
    "Release an Elastic IP, given its allocation ID (-a). It must not be associated (disassociate "
    "it first). The IP form (EC2-Classic's) is refused for the account's VPC addresses. Prints "
    "the ADDRESS as given.",
    """
  ALLOC=$(ec2allocaddr -d vpc | cut -f5)
  ec2reladdr -a $ALLOC
""",
)
@click.argument("ip", metavar="[IP]", nargs=-1)
@single("-a", "--allocation-id", "allocation_id", metavar="", help="Allocation ID (eipalloc-...).")
@general_options
def release_address(general: General, ip: tuple[str, ...], allocation_id: str | None) -> None:
    # With -a, the client sent no IP and said nothing about it.
    public_ip = None if allocation_id is not None else _ip(ip)
    with change_account(general) as account:
        addresses.release_address(account, allocation_id, public_ip=public_ip)
    out = new_lines(general)
    render.released(out, public_ip, allocation_id)
    emit(general, out)


@command(
    "associate-address",
    "ec2-associate-address",
    "ec2assocaddr",
    "Associate an Elastic IP (-a ALLOCATION) with a private IP of an interface: -n's (the "
    "primary private IP unless -p), or -i's only interface. An address associated elsewhere "
    "moves only with --allow-reassociation; one a private IP already holds is replaced. Prints "
    "the ADDRESS as given, with the association ID.",
    """
  ALLOC=$(ec2allocaddr -d vpc | cut -f5)
  ec2assocaddr -a $ALLOC -i i-cf9ace0ed00a6c9e3
  ec2assocaddr -H -a $ALLOC -n eni-1706a5992fc9609ea -p 10.0.1.4
  ec2assocaddr -a $ALLOC -n eni-4cf45537dbbb9b892 --allow-reassociation
""",
)
@click.argument("ip", metavar="[IP]", nargs=-1)
@single("-a", "--allocation-id", "allocation_id", metavar="", help="Allocation ID (eipalloc-...).")
@single("-i", "--instance", "instance", metavar="", help="Instance with one interface.")
@single("-n", "--network-interface", "network_interface", metavar="", help="Interface ID.")
@single(
    "-p",
    "--private-ip-address",
    "private_ip_address",
    metavar="",
    help="Private IP of the interface (default: its primary).",
)
@click.option(
    "--allow-reassociation",
    is_flag=True,
    help="Move the address if it is associated elsewhere.",
)
@general_options
def associate_address(
    general: General,
    ip: tuple[str, ...],
    allocation_id: str | None,
    instance: str | None,
    network_interface: str | None,
    private_ip_address: str | None,
    allow_reassociation: bool,
) -> None:
    if (instance is None) == (network_interface is None):
        raise one_of("-i, --instance, -n, --network-interface")
    if allocation_id is not None and ip:
        raise _both()
    public_ip = None if allocation_id is not None else _ip(ip)
    with change_account(general) as account:
        association_id = addresses.associate_address(
            account,
            allocation_id,
            public_ip=public_ip,
            instance_id=instance,
            network_interface_id=network_interface,
            private_ip_address=private_ip_address,
            allow_reassociation=allow_reassociation,
        )
    out = new_lines(general)
    render.associated(
        out,
        public_ip=public_ip,
        instance_id=instance,
        allocation_id=allocation_id,
        association_id=association_id,
        network_interface_id=network_interface,
        private_ip_address=private_ip_address,
    )
    emit(general, out)


@command(
    "disassociate-address",
    "ec2-disassociate-address",
    "ec2disaddr",
    "Disassociate an Elastic IP, given its association ID (-a); the address stays allocated. "
    "Prints the ADDRESS as given.",
    """
  ALLOC=$(ec2allocaddr -d vpc | cut -f5)
  ASSOC=$(ec2assocaddr -a $ALLOC -i i-cf9ace0ed00a6c9e3 | cut -f5)
  ec2disaddr -a $ASSOC
""",
)
@click.argument("ip", metavar="[IP]", nargs=-1)
@single("-a", "--association-id", "association_id", metavar="", help="Association ID.")
@general_options
def disassociate_address(general: General, ip: tuple[str, ...], association_id: str | None) -> None:
    if association_id is not None and ip:
        raise _both()
    public_ip = None if association_id is not None else _ip(ip)
    with change_account(general) as account:
        addresses.disassociate_address(account, association_id, public_ip=public_ip)
    out = new_lines(general)
    render.disassociated(out, public_ip, association_id)
    emit(general, out)


def _is_ip(value: str) -> bool:
    """The legacy client's test: four dot-separated numbers 0-255, or an IPv6 address, is a public
    IP; anything else an allocation ID."""
    parts = value.split(".")
    if len(parts) == 4 and all(
        p.isascii() and p.isdigit() and len(p) <= 3 and int(p) <= 255 for p in parts
    ):
        return True
    if ":" not in value:
        return False
    import ipaddress

    try:
        ipaddress.IPv6Address(value)
    except ValueError:
        return False
    return True


@command(
    "describe-addresses",
    "ec2-describe-addresses",
    "ec2daddr",
    "Describe Elastic IPs: all of them, the ones named (each a public IP or an allocation ID), or "
    "those matching filters. ADDRESS: public IP, instance, domain, allocation ID, association "
    "ID, interface, private IP." + filter_names(addresses.ADDRESS_NAMES.listing()),
    """
  ec2allocaddr -d vpc
  ec2daddr -H
  ec2daddr 203.0.113.1
  ec2daddr -F domain=vpc -F 'public-ip=203.0.113.*' | cut -f2,5
""",
)
@click.argument("wanted", metavar="[IP|ALLOCATION]...", nargs=-1)
@filters_of("addresses")
@single("-a", "--allocation-id", "_allocation_id", hidden=True)
@general_options
def describe_addresses(general: General, wanted: tuple[str, ...], filters: tuple[str, ...]) -> None:
    pairs = parse_filters(filters)
    public_ips = [value for value in wanted if _is_ip(value)]
    allocation_ids = [value for value in wanted if not _is_ip(value)]
    account = read_account(general)
    result = addresses.describe_addresses(account, public_ips, allocation_ids, pairs)
    out = new_lines(general)
    render.addresses(out, result)
    emit(general, out)

"""AssignPrivateIpAddresses and UnassignPrivateIpAddresses: an interface's secondary private IPv4
addresses (eni-rules.md §9.1, §0 i, p, v).

Both are all-or-nothing: every address is checked before any changes. Project decisions where
EC2 documents the rule but not its answer:

- an address that is another interface's *primary* cannot be moved, even with AllowReassignment:
  `InvalidParameterValue` with the terse message `secondary-addresses`, what EC2 answered users
  whose address would not move (aws-sdk-go#2864, fog-aws#115; that a primary was the cause is
  inferred);
- nothing can be taken from a requester-managed interface (the service's), as nothing of it can
  be changed;
- a count must be at least 1; an address may be listed once, as in CreateNetworkInterface;
- unassigning the primary: `InvalidParameterValue` (the code EC2 answered, TEMPEST), with EC2's
  usual `Value (...) for parameter ... is invalid.` wording.
"""

from __future__ import annotations

from collections.abc import Sequence

from ec2eni.engine import ids, ipv4, lookup
from ec2eni.engine.errors import (
    bad_parameter_value,
    invalid_combination,
    invalid_value,
    missing_parameter,
    private_ip_limit,
    requester_managed,
)
from ec2eni.engine.interfaces import allocate_addresses, check_addresses_fit
from ec2eni.engine.limits import limits_for
from ec2eni.engine.model import UNATTACHED_IP_CEILING, Account, NetworkInterface
from ec2eni.engine.validation import check_ipv4


def ip_limit(account: Account, eni: NetworkInterface) -> int:
    """Private IPv4 addresses the interface may hold, its primary included: the per-interface
    limit of the instance type it is attached to, else the highest any type allows (§0 i)."""
    if eni.attachment is None:
        return UNATTACHED_IP_CEILING
    instance = account.instances.get(eni.attachment.instance_id)
    type_limits = limits_for(instance.instance_type) if instance is not None else None
    return type_limits.ipv4_per_interface if type_limits is not None else UNATTACHED_IP_CEILING


def _holders(account: Account, subnet_id: str) -> dict[str, NetworkInterface]:
    """Every address held in the subnet -> the interface holding it."""
    held: dict[str, NetworkInterface] = {}
    for eni in account.network_interfaces.values():
        if eni.subnet_id == subnet_id:
            for text in eni.private_ip_addresses:
                held[text] = eni
    return held


def assign_private_ip_addresses(
    account: Account,
    network_interface_id: str,
    private_ip_addresses: Sequence[str] = (),
    secondary_private_ip_address_count: int | None = None,
    *,
    allow_reassignment: bool = False,
) -> list[str]:
    """Give the interface more secondary addresses: the ones listed (taken from another interface
    of the subnet with `allow_reassignment`; one it already holds is left as it is), or `count`
    free ones, lowest first. Returns the addresses asked for, in order."""
    # Syntax and values.
    ids.check_id("eni", network_interface_id)
    count = secondary_private_ip_address_count
    if count is not None and private_ip_addresses:
        raise invalid_combination(
            "Cannot specify both a secondary private IP address count and secondary private IP "
            "addresses."
        )
    if count is None and not private_ip_addresses:
        raise missing_parameter("privateIpAddress or secondaryPrivateIpAddressCount")
    if count is not None and count < 1:
        raise bad_parameter_value(
            "secondaryPrivateIpAddressCount", count, "Expecting a positive integer."
        )
    requested = [(text, check_ipv4(text)) for text in private_ip_addresses]
    seen: set[int] = set()
    for text, value in requested:
        if value in seen:
            raise invalid_value(f"Address {text} is specified more than once")
        seen.add(value)

    # Existence.
    eni = lookup.interface(account, network_interface_id)

    # State: the interface may be changed; each address fits the subnet and may be taken.
    if eni.requester_managed:
        raise requester_managed(eni.id)
    subnet = account.subnets[eni.subnet_id]
    check_addresses_fit(subnet, requested)
    holders = _holders(account, subnet.id)
    moves: list[tuple[str, NetworkInterface]] = []
    new: list[str] = []
    for text, _ in requested:
        holder = holders.get(text)
        if holder is eni:
            continue  # already this interface's: nothing to do (§0 p)
        if holder is not None:
            if not allow_reassignment:
                raise invalid_value(f"Address {text} is in use.")
            if text == holder.private_ip_address:
                raise invalid_value("secondary-addresses")
            if holder.requester_managed:
                raise requester_managed(holder.id)
            moves.append((text, holder))
        new.append(text)

    # Limits.
    if len(eni.private_ip_addresses) + len(new) + (count or 0) > ip_limit(account, eni):
        raise private_ip_limit()
    if count is not None:
        used = {value for value in map(ipv4.parse, holders) if value is not None}
        new = [ipv4.format_ip(value) for value in allocate_addresses(subnet, used, count)]

    # Everything checked: change the account.
    for text, holder in moves:
        holder.secondary_private_ip_addresses.remove(text)
        # An Elastic IP on a moved address moves with it (AssignPrivateIpAddresses doc).
        address = account.address_on(holder.id, text)
        if address is not None:
            address.network_interface_id = eni.id
    eni.secondary_private_ip_addresses.extend(new)
    return new if count is not None else [text for text, _ in requested]


def unassign_private_ip_addresses(
    account: Account, network_interface_id: str, private_ip_addresses: Sequence[str]
) -> None:
    """Take secondary addresses off the interface, back to the subnet's free addresses. An Elastic
    IP associated with one of them is disassociated (it stays allocated to the account)."""
    ids.check_id("eni", network_interface_id)
    if not private_ip_addresses:
        raise missing_parameter("privateIpAddress")
    for text in private_ip_addresses:
        check_ipv4(text)

    eni = lookup.interface(account, network_interface_id)

    if eni.requester_managed:
        raise requester_managed(eni.id)
    for text in private_ip_addresses:
        if text == eni.private_ip_address:
            raise bad_parameter_value(
                "privateIpAddress",
                text,
                "The primary IP address of an interface cannot be unassigned.",
            )
        if text not in eni.secondary_private_ip_addresses:
            # EC2's own words, which clients match to treat a repeated unassign as done.
            raise invalid_value(
                f"Some of the specified addresses are not assigned to interface {eni.id}"
            )

    gone = set(private_ip_addresses)
    eni.secondary_private_ip_addresses = [
        text for text in eni.secondary_private_ip_addresses if text not in gone
    ]
    for address in account.addresses.values():
        if address.network_interface_id == eni.id and address.private_ip_address in gone:
            address.association_id = address.network_interface_id = address.private_ip_address = ""

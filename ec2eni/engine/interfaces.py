"""CreateNetworkInterface, DeleteNetworkInterface and DescribeNetworkInterfaces.

Every action validates completely before it changes anything, in EC2's order: syntax (Malformed,
bad values), existence (NotFound), state and combination rules, then limits.
"""

from __future__ import annotations

from collections.abc import Sequence

from ec2eni.engine import ids, ipv4, lookup
from ec2eni.engine.descriptions import InterfaceDescription, describe_interface
from ec2eni.engine.errors import (
    EC2Error,
    address_in_use,
    insufficient_free_addresses,
    invalid_combination,
    invalid_value,
    not_found,
    private_ip_limit,
    unknown_group_on_create,
)
from ec2eni.engine.filters import compile_filters, quick_subnet_ids
from ec2eni.engine.model import UNATTACHED_IP_CEILING, Account, NetworkInterface, Subnet
from ec2eni.engine.validation import (
    check_description,
    check_group_count,
    check_ipv4,
)


def default_group(account: Account, vpc_id: str) -> str:
    for group in account.security_groups.values():
        if group.vpc_id == vpc_id and group.name == "default":
            return group.id
    raise EC2Error(
        "InvalidGroup.NotFound", f"The security group 'default' does not exist in VPC '{vpc_id}'"
    )


def allocate_addresses(subnet: Subnet, used: set[int], count: int) -> list[int]:
    """The `count` lowest free, non-reserved addresses of the subnet (EC2 picks "an available
    address"; lowest-first from base+4 keeps runs reproducible)."""
    parsed = ipv4.parse_cidr(subnet.cidr)
    assert parsed is not None
    network, prefix = parsed
    last = network + ipv4.block_size(prefix) - 2
    picked: list[int] = []
    candidate = network + 4
    while len(picked) < count and candidate <= last:
        if candidate not in used:
            picked.append(candidate)
        candidate += 1
    if len(picked) < count:
        raise insufficient_free_addresses()
    return picked


def check_addresses_fit(subnet: Subnet, requested: Sequence[tuple[str, int]]) -> None:
    """Each explicitly requested address must lie inside the subnet and not be reserved."""
    parsed = ipv4.parse_cidr(subnet.cidr)
    assert parsed is not None
    network, prefix = parsed
    for text, value in requested:
        if not ipv4.contains(network, prefix, value):
            raise invalid_value(f"Address {text} does not fall within the subnet's address range")
        if ipv4.is_reserved(network, prefix, value):
            raise invalid_value(f"Address {text} is in subnet's reserved address range")


def create_network_interface(
    account: Account,
    subnet_id: str,
    *,
    description: str = "",
    private_ip_address: str | None = None,
    group_ids: Sequence[str] = (),
    secondary_private_ip_addresses: Sequence[str] = (),
    secondary_private_ip_address_count: int | None = None,
) -> InterfaceDescription:
    # Syntax and values.
    ids.check_id("subnet", subnet_id)
    for group_id in group_ids:
        ids.check_id("sg", group_id)
    check_description(description)
    primary = None
    if private_ip_address is not None:
        primary = (private_ip_address, check_ipv4(private_ip_address))
    secondaries = [(text, check_ipv4(text)) for text in secondary_private_ip_addresses]
    count = secondary_private_ip_address_count
    if count is not None:
        if count < 0:
            raise invalid_value(
                f"Value ({count}) for parameter secondaryPrivateIpAddressCount is invalid. "
                "Expecting a non-negative integer."
            )
        if secondaries:
            raise invalid_combination(
                "Cannot specify both a secondary private IP address count and secondary "
                "private IP addresses."
            )
    explicit = ([primary] if primary else []) + secondaries
    seen: set[int] = set()
    for text, value in explicit:
        if value in seen:
            raise invalid_value(f"Address {text} is specified more than once")
        seen.add(value)

    # Existence.
    subnet = lookup.subnet(account, subnet_id)
    groups = lookup.security_groups(
        account, list(group_ids), subnet.vpc_id, unknown=unknown_group_on_create
    )

    # State: the requested addresses must fit the subnet and be free.
    check_addresses_fit(subnet, explicit)
    used_text = account.ips_in_use(subnet.id)
    if primary and primary[0] in used_text:
        raise address_in_use(primary[0], primary=True)
    for text, _ in secondaries:
        if text in used_text:
            raise address_in_use(text, primary=False)

    # Limits.
    check_group_count(account, len(groups))
    total_ips = 1 + (count if count is not None else len(secondaries))
    if total_ips > UNATTACHED_IP_CEILING:
        raise private_ip_limit()
    if len(account.network_interfaces) >= account.eni_quota:
        raise EC2Error(
            "NetworkInterfaceLimitExceeded",
            f"You have reached the limit of {account.eni_quota} network interfaces in this region.",
        )
    used = {value for value in map(ipv4.parse, used_text) if value is not None}
    used.update(value for _, value in explicit)
    auto = allocate_addresses(subnet, used, (0 if primary else 1) + (count or 0))

    # Everything checked: change the account.
    group_list = [g.id for g in groups] or [default_group(account, subnet.vpc_id)]
    if primary:
        primary_text = primary[0]
    else:
        primary_text = ipv4.format_ip(auto.pop(0))
    eni = NetworkInterface(
        id=ids.new_resource_id(account, "eni"),
        subnet_id=subnet.id,
        mac_address=ids.new_mac_address(account),
        private_ip_address=primary_text,
        secondary_private_ip_addresses=[t for t, _ in secondaries]
        + [ipv4.format_ip(v) for v in auto],
        group_ids=group_list,
        description=description,
    )
    account.network_interfaces[eni.id] = eni
    return describe_interface(account, eni)


def delete_network_interface(account: Account, network_interface_id: str) -> None:
    eni = lookup.interface(account, network_interface_id)
    # A requester-managed interface is the service's that made it: in use, like an attached one.
    if eni.attachment is not None or eni.requester_managed:
        raise invalid_value(f"Network interface '{eni.id}' is currently in use.")
    del account.network_interfaces[eni.id]
    # Elastic IPs stay allocated to the account; only their association goes.
    for address in account.addresses.values():
        if address.network_interface_id == eni.id:
            address.association_id = address.network_interface_id = address.private_ip_address = ""


def describe_network_interfaces(
    account: Account,
    network_interface_ids: Sequence[str] = (),
    filters: Sequence[tuple[str, str]] = (),
) -> list[InterfaceDescription]:
    wanted = list(dict.fromkeys(network_interface_ids))
    for eni_id in wanted:
        ids.check_id("eni", eni_id)
    compiled = compile_filters(filters)
    for eni_id in wanted:
        if eni_id not in account.network_interfaces:
            raise not_found("eni", eni_id)

    if wanted:
        wanted_set = set(wanted)
        candidates = [e for e in account.network_interfaces.values() if e.id in wanted_set]
    else:
        candidates = list(account.network_interfaces.values())
    subnets = quick_subnet_ids(compiled)
    if subnets is not None:
        candidates = [e for e in candidates if e.subnet_id in subnets]
    result = []
    for eni in candidates:
        description = describe_interface(account, eni)
        if all(f.matches(description) for f in compiled):
            result.append(description)
    return result

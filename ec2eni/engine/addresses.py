"""AllocateAddress, AssociateAddress, DisassociateAddress, ReleaseAddress and DescribeAddresses:
Elastic IPs (eni-rules.md §9.2, legacy-cli.md §13).

Every address is a VPC address (domain `vpc`, an `eipalloc-` allocation ID): the account has a
default VPC, and EC2 allocates VPC addresses by default in such accounts. Public addresses come
from the documentation ranges, 203.0.113.0/24 then 198.51.100.0/24 (RFC 5737; `.0` and `.255`
skipped), always the lowest one no address of the account holds, so a class sees the same
addresses. The EC2-Classic forms (a public IP instead of an allocation or association ID) get
the answers EC2 gave them for a VPC address.

An association sits on one private IP of one interface, so it follows the interface through
detach and attach, and goes when the interface is deleted (the address stays allocated). Each
action validates completely before it changes anything, in EC2's order: syntax, existence, state
and combination rules, then limits.
"""

from __future__ import annotations

from collections.abc import Sequence

from ec2eni.engine import ids, ipv4, lookup
from ec2eni.engine.errors import (
    EC2Error,
    incorrect_instance_state,
    invalid_combination,
    invalid_value,
    missing_parameter,
    requester_managed,
)
from ec2eni.engine.filters import Names, compile_with, matching
from ec2eni.engine.model import Account, Address, NetworkInterface
from ec2eni.engine.record import Record
from ec2eni.engine.validation import check_ipv4

DOMAIN = "vpc"
# TEST-NET-3, then TEST-NET-2: addresses that can never be anyone's real address.
_POOLS = ("203.0.113.0", "198.51.100.0")

# Instance states in which EC2 refuses to associate an address with the instance's interfaces.
_UNSETTLED = ("pending", "shutting-down")


class AddressDescription(Record):
    """One item of DescribeAddresses (and of AllocateAddress's answer). `instance_id` is the
    instance the address's interface is attached to, if any."""

    public_ip: str
    allocation_id: str
    domain: str
    instance_id: str
    association_id: str
    network_interface_id: str
    network_interface_owner_id: str
    private_ip_address: str
    tags: tuple[tuple[str, str], ...]


# --- EC2's answers ------------------------------------------------------------------------------

_KINDS = {
    "eipalloc": ("InvalidAllocationID", "The allocation ID '{}' does not exist"),
    "eipassoc": ("InvalidAssociationID", "The association ID '{}' does not exist"),
}


def _check(kind: str, value: str) -> str:
    """`value`, or the kind's Malformed error in the project's wording (eni-rules.md §0 x)."""
    if not ids.is_well_formed(kind, value):
        code = _KINDS[kind][0]
        raise EC2Error(f"{code}.Malformed", f'Invalid id: "{value}" (expecting "{kind}-...")')
    return value


def _not_found(kind: str, value: str) -> EC2Error:
    # [OBS vagrant-aws#213, terraform-provider-aws#3653]
    code, template = _KINDS[kind]
    return EC2Error(f"{code}.NotFound", template.format(value))


def _check_public_ip(text: str) -> str:
    # [OBS cloud-custodian#5069]
    if ipv4.parse(text) is None:
        raise invalid_value(f"Invalid value '{text}' for PublicIp. Not a valid IPv4 address")
    return text


def _not_yours(public_ip: str) -> EC2Error:
    # What EC2 answers for a public IP the account does not hold [OBS right_aws#113].
    return EC2Error("AuthFailure", f"The address '{public_ip}' does not belong to you.")


def _by_public_ip(account: Account, public_ip: str) -> Address | None:
    for address in account.addresses.values():
        if address.public_ip == public_ip:
            return address
    return None


def _one_of(first: str | None, second: str | None, names: tuple[str, str], combined: str) -> None:
    if first is None and second is None:
        raise missing_parameter(names[0])
    if first is not None and second is not None:
        raise invalid_combination(combined)


# --- describing ---------------------------------------------------------------------------------


def describe_address(account: Account, address: Address) -> AddressDescription:
    eni = account.network_interfaces.get(address.network_interface_id)
    attachment = eni.attachment if eni is not None else None
    return AddressDescription(
        public_ip=address.public_ip,
        allocation_id=address.allocation_id,
        domain=DOMAIN,
        instance_id=attachment.instance_id if attachment is not None else "",
        association_id=address.association_id,
        network_interface_id=address.network_interface_id,
        network_interface_owner_id=account.owner_id if address.network_interface_id else "",
        private_ip_address=address.private_ip_address,
        tags=tuple(address.tags.items()),
    )


def _set(value: str) -> list[str]:
    # An empty field (no association) matches no filter value, not even an empty one.
    return [value] if value else []


ADDRESS_NAMES: Names[AddressDescription] = Names(
    {
        "allocation-id": lambda d: [d.allocation_id],
        "association-id": lambda d: _set(d.association_id),
        "domain": lambda d: [d.domain],
        "instance-id": lambda d: _set(d.instance_id),
        "network-interface-id": lambda d: _set(d.network_interface_id),
        "network-interface-owner-id": lambda d: _set(d.network_interface_owner_id),
        "private-ip-address": lambda d: _set(d.private_ip_address),
        "public-ip": lambda d: [d.public_ip],
        "tag-key": lambda d: [key for key, _ in d.tags],
        "tag-value": lambda d: [value for _, value in d.tags],
    },
    tags=lambda d: d.tags,
)


def describe_addresses(
    account: Account,
    public_ips: Sequence[str] = (),
    allocation_ids: Sequence[str] = (),
    filters: Sequence[tuple[str, str]] = (),
) -> list[AddressDescription]:
    """The addresses named (by public IP or allocation ID: either matches), or all of them, in
    account order. A malformed value first, then an unknown filter name, then an unknown
    address."""
    wanted_ips = list(dict.fromkeys(public_ips))
    wanted_ids = list(dict.fromkeys(allocation_ids))
    for text in wanted_ips:
        _check_public_ip(text)
    for allocation_id in wanted_ids:
        _check("eipalloc", allocation_id)
    compiled = compile_with(ADDRESS_NAMES, filters)
    held = {address.public_ip for address in account.addresses.values()}
    for text in wanted_ips:
        if text not in held:
            raise EC2Error("InvalidAddress.NotFound", f"Address '{text}' not found.")
    for allocation_id in wanted_ids:
        if allocation_id not in account.addresses:
            raise _not_found("eipalloc", allocation_id)
    selected = list(account.addresses.values())
    if wanted_ips or wanted_ids:
        keep_ips, keep_ids = set(wanted_ips), set(wanted_ids)
        selected = [a for a in selected if a.public_ip in keep_ips or a.allocation_id in keep_ids]
    return matching(compiled, (describe_address(account, a) for a in selected))


# --- allocating and releasing -------------------------------------------------------------------


def _lowest_free_public_ip(account: Account) -> str | None:
    held = {address.public_ip for address in account.addresses.values()}
    for base in _POOLS:
        network = ipv4.parse(base)
        assert network is not None
        for host in range(1, 255):
            text = ipv4.format_ip(network + host)
            if text not in held:
                return text
    return None


def allocate_address(account: Account, domain: str | None = None) -> AddressDescription:
    """A new VPC address. `domain` may be omitted or `vpc` (in any case, as the legacy client
    let it through): an account with a default VPC has no EC2-Classic addresses."""
    if domain is not None and domain.lower() != DOMAIN:
        raise invalid_value(f"Invalid value '{domain}' for domain.")
    if len(account.addresses) >= account.elastic_ip_quota:
        # [OBS opstrace#273, openshift/managed-notifications#15]
        raise EC2Error("AddressLimitExceeded", "The maximum number of addresses has been reached.")
    public_ip = _lowest_free_public_ip(account)
    if public_ip is None:
        raise EC2Error(
            "InsufficientAddressCapacity",
            "Not enough available addresses to satisfy your minimum request.",
        )
    address = Address(allocation_id=ids.new_resource_id(account, "eipalloc"), public_ip=public_ip)
    account.addresses[address.allocation_id] = address
    return describe_address(account, address)


def release_address(
    account: Account, allocation_id: str | None = None, *, public_ip: str | None = None
) -> None:
    """Give an address back. It must not be associated (disassociate it first)."""
    _one_of(
        allocation_id,
        public_ip,
        ("AllocationId", "PublicIp"),
        "You may specify public IP or allocation id, but not both in the same call",
    )
    if public_ip is not None:
        if _by_public_ip(account, _check_public_ip(public_ip)) is None:
            raise _not_yours(public_ip)
        # [OBS boto#2727, fog#879]
        raise invalid_value(
            "You must specify an allocation id when releasing a VPC elastic IP address"
        )
    assert allocation_id is not None
    address = account.addresses.get(_check("eipalloc", allocation_id))
    if address is None:
        raise _not_found("eipalloc", allocation_id)
    if address.network_interface_id:
        # [OBS scylla-cluster-tests#2299]
        raise EC2Error("InvalidIPAddress.InUse", f"Address {address.public_ip} is in use.")
    del account.addresses[address.allocation_id]


# --- associating ----------------------------------------------------------------------------------


def _new_association_id(account: Account) -> str:
    # The account's generator, also steering clear of association IDs (no table is keyed on them).
    generator = ids.IdGenerator(account.seed, account.counter)
    in_use = {a.association_id for a in account.addresses.values()}
    association_id = generator.new_id(
        "eipassoc", lambda candidate: candidate in in_use or account.id_taken(candidate)
    )
    account.counter = generator.counter
    return association_id


def _target(
    account: Account, instance_id: str | None, network_interface_id: str | None
) -> NetworkInterface:
    """The interface an address goes to: the one named, or the instance's only one."""
    if network_interface_id is not None:
        eni = lookup.interface(account, network_interface_id)
    else:
        assert instance_id is not None
        instance = lookup.instance(account, instance_id)
        if instance.state == "terminated":
            # [OBS cloudposse/terraform-aws-ec2-instance#95]
            raise EC2Error(
                "InvalidInstanceID",
                f"The terminated instance '{instance.id}' is not in a valid state for this "
                "operation.",
            )
        held = account.interfaces_of(instance.id)
        if len(held) > 1:
            # [OBS nixops-aws#55]
            raise EC2Error(
                "InvalidInstanceID",
                f"There are multiple interfaces attached to instance '{instance.id}'. Please "
                "specify an interface ID for the operation instead.",
            )
        if not held:
            raise incorrect_instance_state(instance.id, instance.state)
        eni = held[0]
    if eni.attachment is not None:
        holder = account.instances.get(eni.attachment.instance_id)
        if holder is not None and holder.state in _UNSETTLED:
            # [OBS vmseries-modules#97, terraform-provider-aws#6189]
            raise EC2Error(
                "IncorrectInstanceState",
                f"The {holder.state} instance to which '{eni.id}' is attached is not in a "
                "valid state for this operation",
            )
    if eni.requester_managed:
        raise requester_managed(eni.id)
    return eni


def associate_address(
    account: Account,
    allocation_id: str | None = None,
    *,
    public_ip: str | None = None,
    instance_id: str | None = None,
    network_interface_id: str | None = None,
    private_ip_address: str | None = None,
    allow_reassociation: bool = False,
) -> str:
    """Put an address on a private IP of an interface (the primary one unless given); the
    association ID. The interface is named, or is the instance's only one.

    An address associated elsewhere moves only with `allow_reassociation`, getting a new
    association ID; associating it again where it is changes nothing. An Elastic IP the target
    private IP already holds is disassociated: one Elastic IP per private IP (EC2 does the same
    to an instance's address: eni-rules.md §9.2, the user guide's AssociateAddress notes).
    """
    # Syntax and combinations.
    _one_of(
        allocation_id,
        public_ip,
        ("AllocationId", "PublicIp"),
        "You may specify public IP or allocation id, but not both in the same call",
    )
    _one_of(
        instance_id,
        network_interface_id,
        ("InstanceId", "NetworkInterfaceId"),
        "You may specify an instance or a network interface, but not both in the same call",
    )
    if public_ip is not None:
        _check_public_ip(public_ip)
    else:
        assert allocation_id is not None
        _check("eipalloc", allocation_id)
    if network_interface_id is not None:
        ids.check_id("eni", network_interface_id)
    else:
        assert instance_id is not None
        ids.check_id("i", instance_id)
    if private_ip_address is not None:
        check_ipv4(private_ip_address)

    # Existence.
    address = account.addresses.get(allocation_id) if allocation_id is not None else None
    if allocation_id is not None and address is None:
        raise _not_found("eipalloc", allocation_id)
    if network_interface_id is not None:
        lookup.interface(account, network_interface_id)
    else:
        assert instance_id is not None
        lookup.instance(account, instance_id)
    if address is None:
        # An EC2-Classic request: every instance and interface here is in a VPC [COMPAT OSAPI].
        raise invalid_combination(
            "You must specify an allocation id when mapping an address to a VPC instance"
        )

    # State and combination rules.
    eni = _target(account, instance_id, network_interface_id)
    private_ip = private_ip_address if private_ip_address is not None else eni.private_ip_address
    if private_ip not in eni.private_ip_addresses:
        # The code is EC2's (§9.2); the wording is ours.
        raise invalid_value(f"Address {private_ip} is not assigned to interface {eni.id}")
    if (address.network_interface_id, address.private_ip_address) == (eni.id, private_ip):
        return address.association_id
    if address.network_interface_id:
        holder = account.network_interfaces.get(address.network_interface_id)
        if holder is not None and holder.requester_managed:
            raise requester_managed(holder.id)
        if not allow_reassociation:
            # [OBS ansible#27385]
            raise EC2Error(
                "Resource.AlreadyAssociated",
                f"resource {address.allocation_id} is already associated with associate-id "
                f"{address.association_id}",
            )

    # Everything checked: change the account.
    displaced = account.address_on(eni.id, private_ip)
    if displaced is not None:
        _clear(displaced)
    address.association_id = _new_association_id(account)
    address.network_interface_id = eni.id
    address.private_ip_address = private_ip
    return address.association_id


def _clear(address: Address) -> None:
    address.association_id = address.network_interface_id = address.private_ip_address = ""


def disassociate_address(
    account: Account, association_id: str | None = None, *, public_ip: str | None = None
) -> None:
    """Take an address off its interface; it stays allocated to the account."""
    _one_of(
        association_id,
        public_ip,
        ("AssociationId", "PublicIp"),
        "You may specify public IP or association id, but not both in the same call",
    )
    if public_ip is not None:
        if _by_public_ip(account, _check_public_ip(public_ip)) is None:
            raise _not_yours(public_ip)
        # [TEMPEST test_disassociate_not_associated_vpc_addresses; wording COMPAT OSAPI]
        raise invalid_value(
            "You must specify an association id when unmapping an address from a VPC instance"
        )
    assert association_id is not None
    _check("eipassoc", association_id)
    for address in account.addresses.values():
        if address.network_interface_id and address.association_id == association_id:
            holder = account.network_interfaces.get(address.network_interface_id)
            if holder is not None and holder.requester_managed:
                raise requester_managed(holder.id)
            _clear(address)
            return
    raise _not_found("eipassoc", association_id)

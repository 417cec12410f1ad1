"""The ADDRESS records of the Elastic IP commands (legacy-cli.md §13), in their two layouts.

Eight fields (ec2allocaddr, ec2reladdr, ec2daddr): public IP, instance, domain, allocation ID,
association ID, interface, private IP. Seven, without the domain (ec2assocaddr, ec2disaddr).
Both headers name every field, the type column included. No TAG lines: the legacy tool's address
records had none (its API version knew no tags on addresses).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ec2eni.render import api
from ec2eni.render.lines import Lines

if TYPE_CHECKING:
    from ec2eni.engine.addresses import AddressDescription

ADDRESS_HEADER = (
    "Type",
    "Address",
    "Instance",
    "Domain",
    "AllocationId",
    "AssociationId",
    "NetworkInterfaceID",
    "PrivateIP",
)
ASSOCIATION_HEADER = (
    "Type",
    "Address",
    "Instance",
    "AllocationId",
    "AssociationId",
    "NetworkInterface",
    "PrivateIP",
)


def addresses(out: Lines, descriptions: Iterable[AddressDescription]) -> None:
    """ec2daddr's records, and ec2allocaddr's one (from the answer; its API response is the one
    address's fields, set by `allocated`)."""
    listed = list(descriptions)
    out.respond(lambda: {"Addresses": [api.address(d) for d in listed]})
    for d in listed:
        out.record(
            ADDRESS_HEADER,
            "ADDRESS",
            d.public_ip,
            d.instance_id,
            d.domain,
            d.allocation_id,
            d.association_id,
            d.network_interface_id,
            d.private_ip_address,
        )


def released(out: Lines, public_ip: str | None, allocation_id: str | None) -> None:
    """ec2reladdr's record, built from the command line, not the answer."""
    out.record(ADDRESS_HEADER, "ADDRESS", public_ip, None, None, allocation_id, None, None, None)


def associated(
    out: Lines,
    *,
    public_ip: str | None,
    instance_id: str | None,
    allocation_id: str | None,
    association_id: str,
    network_interface_id: str | None,
    private_ip_address: str | None,
) -> None:
    """ec2assocaddr's record: what the command line gave, and the association ID EC2 answered."""
    out.respond(lambda: {"AssociationId": association_id})
    out.record(
        ASSOCIATION_HEADER,
        "ADDRESS",
        public_ip,
        instance_id,
        allocation_id,
        association_id,
        network_interface_id,
        private_ip_address,
    )


def disassociated(out: Lines, public_ip: str | None, association_id: str | None) -> None:
    """ec2disaddr's record: only the field the command line gave."""
    out.record(ASSOCIATION_HEADER, "ADDRESS", public_ip, None, None, association_id, None, None)


def allocated(out: Lines, d: AddressDescription) -> None:
    """ec2allocaddr: the ADDRESS record; AllocateAddress answers the address's own fields."""
    addresses(out, [d])
    out.respond(
        lambda: {"PublicIp": d.public_ip, "AllocationId": d.allocation_id, "Domain": d.domain}
    )

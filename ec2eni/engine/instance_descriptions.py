"""Plain, API-shaped descriptions of instances and reservations (the items of DescribeInstances
and RunInstances) and of instance state changes (Stop/Start/TerminateInstances), for the renderer
and the filters.

An instance's interfaces are described as DescribeNetworkInterfaces describes them
(`describe_interface`), in device-index order: the instance's NIC records show a subset of those
fields.
"""

from __future__ import annotations

from collections.abc import Iterable

from ec2eni.engine.descriptions import InterfaceDescription, describe_interface
from ec2eni.engine.ids import derived_id
from ec2eni.engine.model import Account, Instance, NetworkInterface
from ec2eni.engine.record import Record

# EC2's instance state codes (the low byte of `instanceState/code`).
STATE_CODES = {
    "pending": 0,
    "running": 16,
    "shutting-down": 32,
    "terminated": 48,
    "stopping": 64,
    "stopped": 80,
}
# Fixed facts of every simulated instance: EBS-backed HVM images on Xen, basic monitoring.
ROOT_DEVICE_TYPE = "ebs"
VIRTUALIZATION_TYPE = "hvm"
HYPERVISOR = "xen"
MONITORING = "disabled"


class InstanceDescription(Record):
    reservation_id: str
    owner_id: str
    instance_id: str
    image_id: str
    state: str
    state_code: int
    private_dns_name: str
    public_dns_name: str
    key_name: str
    launch_index: int
    instance_type: str
    launch_time: str
    availability_zone: str
    monitoring: str
    public_ip_address: str
    private_ip_address: str
    vpc_id: str
    subnet_id: str
    root_device_type: str
    virtualization_type: str
    hypervisor: str
    groups: tuple[tuple[str, str], ...]
    tenancy: str
    ebs_optimized: bool
    network_interfaces: tuple[InterfaceDescription, ...]
    tags: tuple[tuple[str, str], ...]


class ReservationDescription(Record):
    """A launch request's instances. `group_names` is the reservation-level group set, which EC2
    leaves empty for launches into a VPC (every launch here): groups belong to interfaces."""

    reservation_id: str
    owner_id: str
    group_names: tuple[str, ...]
    instances: tuple[InstanceDescription, ...]


class StateChange(Record):
    """One item of a Stop/Start/TerminateInstances answer: the state before the call and the state
    EC2 answers with (the transitional one, whatever the account stores)."""

    instance_id: str
    previous_state: str
    previous_code: int
    current_state: str
    current_code: int


def reservation_of(instance: Instance) -> str:
    """The instance's reservation ID; empty in the file means a reservation of its own."""
    return instance.reservation_id or derived_id("r", instance.id)


def state_change(instance_id: str, previous: str, current: str) -> StateChange:
    return StateChange(
        instance_id=instance_id,
        previous_state=previous,
        previous_code=STATE_CODES[previous],
        current_state=current,
        current_code=STATE_CODES[current],
    )


def _attached(account: Account, instance_id: str) -> list[NetworkInterface]:
    held = [
        eni
        for eni in account.network_interfaces.values()
        if eni.attachment is not None and eni.attachment.instance_id == instance_id
    ]
    held.sort(key=lambda eni: eni.attachment.device_index if eni.attachment else 0)
    return held


def describe_instance(
    account: Account, instance: Instance, attached: Iterable[NetworkInterface] | None = None
) -> InstanceDescription:
    """`attached`: the instance's interfaces in device-index order, when the caller already has
    them (describing many instances would otherwise walk every interface once per instance)."""
    enis = _attached(account, instance.id) if attached is None else list(attached)
    nics = tuple(describe_interface(account, eni) for eni in enis)
    primary = next(
        (n for n in nics if n.attachment is not None and n.attachment.device_index == 0), None
    )
    subnet = account.subnets.get(instance.subnet_id)
    vpc = account.vpcs.get(subnet.vpc_id) if subnet is not None else None
    public_ip = public_dns = ""
    if primary is not None and primary.private_ip_addresses[0].association is not None:
        association = primary.private_ip_addresses[0].association
        public_ip, public_dns = association.public_ip, association.public_dns_name
    # A terminated instance has left its VPC and subnet and holds no address: EC2 no longer
    # reports them (its zone and tenancy stay).
    placed = instance.state != "terminated" and subnet is not None
    return InstanceDescription(
        reservation_id=reservation_of(instance),
        owner_id=account.owner_id,
        instance_id=instance.id,
        image_id=instance.image_id,
        state=instance.state,
        state_code=STATE_CODES.get(instance.state, 0),
        private_dns_name=primary.private_dns_name if primary else "",
        public_dns_name=public_dns,
        key_name=instance.key_name,
        launch_index=instance.launch_index,
        instance_type=instance.instance_type,
        launch_time=instance.launch_time,
        availability_zone=subnet.availability_zone if subnet else "",
        monitoring=MONITORING,
        public_ip_address=public_ip,
        private_ip_address=primary.private_ip_address if primary else "",
        vpc_id=subnet.vpc_id if placed and subnet else "",
        subnet_id=instance.subnet_id if placed else "",
        root_device_type=ROOT_DEVICE_TYPE,
        virtualization_type=VIRTUALIZATION_TYPE,
        hypervisor=HYPERVISOR,
        groups=primary.groups if primary else (),
        tenancy=vpc.instance_tenancy if vpc else "default",
        ebs_optimized=False,
        network_interfaces=nics,
        tags=tuple(instance.tags.items()),
    )


def interfaces_by_instance(account: Account) -> dict[str, list[NetworkInterface]]:
    """Instance ID -> its interfaces in device-index order, in one pass over the interfaces."""
    held: dict[str, list[NetworkInterface]] = {}
    for eni in account.network_interfaces.values():
        if eni.attachment is not None:
            held.setdefault(eni.attachment.instance_id, []).append(eni)
    for enis in held.values():
        enis.sort(key=lambda eni: eni.attachment.device_index if eni.attachment else 0)
    return held


def group_reservations(
    account: Account, descriptions: Iterable[InstanceDescription]
) -> list[ReservationDescription]:
    """Instances grouped by reservation, reservations in the order of their first instance."""
    grouped: dict[str, list[InstanceDescription]] = {}
    for d in descriptions:
        grouped.setdefault(d.reservation_id, []).append(d)
    return [
        ReservationDescription(
            reservation_id=reservation_id,
            owner_id=account.owner_id,
            group_names=(),
            instances=tuple(instances),
        )
        for reservation_id, instances in grouped.items()
    ]

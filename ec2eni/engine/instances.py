"""StopInstances, StartInstances, RebootInstances, TerminateInstances and DescribeInstances
(eni-rules.md §9.4, §11; project decisions §0 c, l); RunInstances is `launch`.

Every action validates completely before it changes anything, in EC2's order: syntax (Malformed,
bad values), existence (NotFound), state and combination rules, then limits.

State changes go through `begin`: with instant timing the final state is stored at once; with
realistic timing the transitional state is stored with the time it began, for
`ec2eni.engine.timing` to settle later (a terminated instance's interfaces are released then).
Answers always show the transitional state, as EC2's do. Messages without a source below are
project decisions, marked as such.
"""

from __future__ import annotations

from collections.abc import Sequence

from ec2eni.engine import clock, ids, timing
from ec2eni.engine.descriptions import (
    AttachmentDescription,
    InterfaceDescription,
    PrivateIpDescription,
)
from ec2eni.engine.errors import (
    EC2Error,
    missing_parameter,
    not_found,
)
from ec2eni.engine.filters import Names, compile_with, matching
from ec2eni.engine.instance_descriptions import (
    InstanceDescription,
    ReservationDescription,
    StateChange,
    describe_instance,
    group_reservations,
    interfaces_by_instance,
    state_change,
)
from ec2eni.engine.interfaces import (
    delete_network_interface,
)
from ec2eni.engine.model import (
    Account,
    Instance,
)

# --- state changes --------------------------------------------------------------------------------


def begin(account: Account, instance: Instance, transitional: str, final: str) -> None:
    """Move `instance` towards `final`. Instant timing stores `final`; realistic timing stores
    `transitional` and when it began (settled later by the timing module)."""
    if timing.realistic(account):
        instance.state, instance.since = transitional, clock.stamp()
    else:
        instance.state, instance.since = final, ""


def release_interfaces(account: Account, instance: Instance) -> None:
    """What termination does to the instance's interfaces (§9.4): each whose delete-on-termination
    is true is deleted (its addresses freed, its Elastic IPs disassociated but still allocated);
    the others are detached and stay, available, with everything they held."""
    for eni in account.interfaces_of(instance.id):
        assert eni.attachment is not None
        delete = eni.attachment.delete_on_termination and not eni.requester_managed
        eni.attachment = None
        if delete:
            delete_network_interface(account, eni.id)
    instance.blocked_device_indexes = []


def _not_found(missing: Sequence[str]) -> EC2Error:
    # EC2 names every unknown instance of the request in one message [OBS moto#4903].
    if len(missing) == 1:
        return not_found("i", missing[0])
    return EC2Error(
        "InvalidInstanceID.NotFound", f"The instance IDs '{', '.join(missing)}' do not exist"
    )


def _named_instances(account: Account, instance_ids: Sequence[str]) -> list[Instance]:
    """The named instances once each, in the order given: syntax of every ID first, then every
    unknown one named at once."""
    unique = list(dict.fromkeys(instance_ids))
    for instance_id in unique:
        ids.check_id("i", instance_id)
    missing = [i for i in unique if i not in account.instances]
    if missing:
        raise _not_found(missing)
    return [account.instances[i] for i in unique]


def _incorrect_state(message: str) -> EC2Error:
    return EC2Error("IncorrectInstanceState", message)


def _required(instance_ids: Sequence[str]) -> None:
    if not instance_ids:
        raise missing_parameter("InstanceId")


def stop_instances(
    account: Account, instance_ids: Sequence[str], force: bool = False
) -> list[StateChange]:
    """Stop running instances. Everything stays: attachments, addresses, MACs, Elastic IPs.
    `force` is accepted; with no hung instance to rescue it behaves the same."""
    _required(instance_ids)
    instances = _named_instances(account, instance_ids)
    for instance in instances:
        if instance.state == "pending":
            # [OBS cloud-custodian#6014]
            raise _incorrect_state(
                f"Instance '{instance.id}' cannot be stopped as it has never reached the "
                "'running' state."
            )
        if instance.state in ("shutting-down", "terminated"):
            # [OBS erun stop stub; COMPAT EUCA, same words]
            raise _incorrect_state(
                f"This instance '{instance.id}' is not in a state from which it can be stopped."
            )
    changes = []
    for instance in instances:
        previous = instance.state
        current = previous
        if previous == "running":
            begin(account, instance, "stopping", "stopped")
            current = "stopping"
        changes.append(state_change(instance.id, previous, current))
    return changes


def start_instances(account: Account, instance_ids: Sequence[str]) -> list[StateChange]:
    """Start stopped instances (running or pending ones are left as they are). A start ends the
    effect of a forced detach: blocked device indexes become usable again."""
    _required(instance_ids)
    instances = _named_instances(account, instance_ids)
    for instance in instances:
        if instance.state not in ("stopped", "pending", "running"):
            # [OBS canonical/ubuntu-pro-client#1697]
            raise _incorrect_state(
                f"The instance '{instance.id}' is not in a state from which it can be started."
            )
    changes = []
    for instance in instances:
        previous = instance.state
        current = previous
        if previous == "stopped":
            begin(account, instance, "pending", "running")
            instance.blocked_device_indexes = []
            current = "pending"
        changes.append(state_change(instance.id, previous, current))
    return changes


def reboot_instances(account: Account, instance_ids: Sequence[str]) -> None:
    """Reboot running instances: nothing observable changes."""
    _required(instance_ids)
    instances = _named_instances(account, instance_ids)
    for instance in instances:
        if instance.state != "running":
            # Project decision: the wording of its start and stop siblings.
            raise _incorrect_state(
                f"The instance '{instance.id}' is not in a state from which it can be rebooted."
            )


def terminate_instances(account: Account, instance_ids: Sequence[str]) -> list[StateChange]:
    """Terminate instances in any state; terminating a terminated one again is a no-op. The
    instance stays visible, with no interfaces, and its ID is never reused."""
    _required(instance_ids)
    instances = _named_instances(account, instance_ids)
    changes = []
    for instance in instances:
        previous = instance.state
        current = previous
        if previous not in ("shutting-down", "terminated"):
            begin(account, instance, "shutting-down", "terminated")
            current = "shutting-down"
            if instance.state == "terminated":
                release_interfaces(account, instance)
        changes.append(state_change(instance.id, previous, current))
    return changes


# --- DescribeInstances ----------------------------------------------------------------------------


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _nics(d: InstanceDescription) -> tuple[InterfaceDescription, ...]:
    return d.network_interfaces


def _attachments(d: InstanceDescription) -> list[AttachmentDescription]:
    return [n.attachment for n in d.network_interfaces if n.attachment is not None]


def _addresses(d: InstanceDescription) -> list[PrivateIpDescription]:
    return [p for n in d.network_interfaces for p in n.private_ip_addresses]


INSTANCE_NAMES: Names[InstanceDescription] = Names(
    {
        "availability-zone": lambda d: [d.availability_zone],
        "dns-name": lambda d: [d.public_dns_name],
        "group-id": lambda d: [gid for gid, _ in d.groups],
        "group-name": lambda d: [name for _, name in d.groups],
        "hypervisor": lambda d: [d.hypervisor],
        "image-id": lambda d: [d.image_id],
        "instance-id": lambda d: [d.instance_id],
        "instance-state-code": lambda d: [str(d.state_code)],
        "instance-state-name": lambda d: [d.state],
        "instance-type": lambda d: [d.instance_type],
        "ip-address": lambda d: [d.public_ip_address],
        "key-name": lambda d: [d.key_name],
        "launch-index": lambda d: [str(d.launch_index)],
        "launch-time": lambda d: [d.launch_time],
        "monitoring-state": lambda d: [d.monitoring],
        "network-interface.addresses.association.public-ip": lambda d: [
            p.association.public_ip for p in _addresses(d) if p.association is not None
        ],
        "network-interface.addresses.primary": lambda d: [_flag(p.primary) for p in _addresses(d)],
        "network-interface.addresses.private-ip-address": lambda d: [
            p.private_ip_address for p in _addresses(d)
        ],
        "network-interface.attachment.attach-time": lambda d: [
            a.attach_time for a in _attachments(d)
        ],
        "network-interface.attachment.attachment-id": lambda d: [
            a.attachment_id for a in _attachments(d)
        ],
        "network-interface.attachment.delete-on-termination": lambda d: [
            _flag(a.delete_on_termination) for a in _attachments(d)
        ],
        "network-interface.attachment.device-index": lambda d: [
            str(a.device_index) for a in _attachments(d)
        ],
        "network-interface.attachment.status": lambda d: [a.status for a in _attachments(d)],
        "network-interface.description": lambda d: [n.description for n in _nics(d)],
        "network-interface.group-id": lambda d: [g for n in _nics(d) for g, _ in n.groups],
        "network-interface.group-name": lambda d: [g for n in _nics(d) for _, g in n.groups],
        "network-interface.mac-address": lambda d: [n.mac_address for n in _nics(d)],
        "network-interface.network-interface-id": lambda d: [
            n.network_interface_id for n in _nics(d)
        ],
        "network-interface.owner-id": lambda d: [n.owner_id for n in _nics(d)],
        "network-interface.private-dns-name": lambda d: [n.private_dns_name for n in _nics(d)],
        "network-interface.source-dest-check": lambda d: [
            _flag(n.source_dest_check) for n in _nics(d)
        ],
        "network-interface.status": lambda d: [n.status for n in _nics(d)],
        "network-interface.subnet-id": lambda d: [n.subnet_id for n in _nics(d)],
        "network-interface.vpc-id": lambda d: [n.vpc_id for n in _nics(d)],
        "owner-id": lambda d: [d.owner_id],
        "private-dns-name": lambda d: [d.private_dns_name],
        "private-ip-address": lambda d: [d.private_ip_address],
        "reservation-id": lambda d: [d.reservation_id],
        "root-device-type": lambda d: [d.root_device_type],
        "subnet-id": lambda d: [d.subnet_id],
        "tag-key": lambda d: [key for key, _ in d.tags],
        "tag-value": lambda d: [value for _, value in d.tags],
        "tenancy": lambda d: [d.tenancy],
        "virtualization-type": lambda d: [d.virtualization_type],
        "vpc-id": lambda d: [d.vpc_id],
    },
    # The instance's own groups under the names today's API documents beside the old ones.
    {"instance.group-id": "group-id", "instance.group-name": "group-name"},
    tags=lambda d: d.tags,
)


def describe_instances(
    account: Account,
    instance_ids: Sequence[str] = (),
    filters: Sequence[tuple[str, str]] = (),
) -> list[ReservationDescription]:
    """The named instances (or all), grouped by reservation in account order, keeping those that
    match every filter. A malformed ID first, then an unknown filter name, then unknown IDs."""
    unique = list(dict.fromkeys(instance_ids))
    for instance_id in unique:
        ids.check_id("i", instance_id)
    compiled = compile_with(INSTANCE_NAMES, filters)
    missing = [i for i in unique if i not in account.instances]
    if missing:
        raise _not_found(missing)
    if unique:
        keep = set(unique)
        selected = [i for key, i in account.instances.items() if key in keep]
    else:
        selected = list(account.instances.values())
    held = interfaces_by_instance(account)
    described = (describe_instance(account, i, held.get(i.id, [])) for i in selected)
    return group_reservations(account, matching(compiled, described))

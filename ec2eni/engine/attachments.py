"""AttachNetworkInterface and DetachNetworkInterface."""

from __future__ import annotations

from ec2eni.engine import clock, ids, lookup, timing
from ec2eni.engine.errors import (
    EC2Error,
    incorrect_instance_state,
    interface_in_use,
    invalid_combination,
    invalid_value,
    not_found,
    private_ip_limit,
)
from ec2eni.engine.limits import limits_for
from ec2eni.engine.model import MAX_DEVICE_INDEX, Account, Attachment, Instance

# Hot attach (running) and warm attach (stopped) are allowed; every other state is refused.
ATTACHABLE_STATES = ("running", "stopped")


def _check_state(instance: Instance) -> None:
    if instance.state not in ATTACHABLE_STATES:
        raise incorrect_instance_state(instance.id, instance.state)


def _index_taken(instance_id: str, device_index: int) -> EC2Error:
    return invalid_value(
        f"Instance '{instance_id}' already has an interface attached at device index "
        f"'{device_index}'."
    )


def attach_network_interface(
    account: Account, network_interface_id: str, instance_id: str, device_index: int
) -> str:
    """Attach and return the new attachment ID."""
    ids.check_id("eni", network_interface_id)
    ids.check_id("i", instance_id)
    if not 0 <= device_index <= MAX_DEVICE_INDEX:
        raise invalid_value(f"Invalid network device index '{device_index}'")

    eni = lookup.interface(account, network_interface_id)
    instance = lookup.instance(account, instance_id)

    if eni.attachment is not None or eni.requester_managed:
        raise interface_in_use(eni.id)
    _check_state(instance)
    # Device index 0 always holds the primary (rulebook §5 step 7), so it is refused before the
    # zone check (step 8); any other taken index after it (step 10).
    if device_index == 0:
        raise _index_taken(instance.id, device_index)
    eni_subnet = account.subnets[eni.subnet_id]
    instance_subnet = account.subnets[instance.subnet_id]
    # Multi-VPC attachments are allowed for secondary interfaces; the AZ must always match.
    if eni_subnet.availability_zone != instance_subnet.availability_zone:
        raise invalid_combination(
            "You may not attach a network interface to an instance if they are not in the same "
            "availability zone"
        )
    attached = account.interfaces_of(instance.id)
    if any(
        e.attachment is not None and e.attachment.device_index == device_index for e in attached
    ):
        raise _index_taken(instance.id, device_index)
    if device_index in instance.blocked_device_indexes:
        # Project decision: EC2 documents the effect ("you can't attach a different network
        # interface to the same index on the running instance without first stopping the
        # instance", DetachNetworkInterface `Force`) but no answer; the message says what to do.
        raise invalid_value(
            f"Instance '{instance.id}' cannot attach at device index '{device_index}' until it "
            "has been stopped and started: an interface was forcibly detached from it."
        )

    type_limits = limits_for(instance.instance_type)
    if type_limits is not None:
        count = len(attached) + 1
        if count > type_limits.attachable:
            raise EC2Error(
                "AttachmentLimitExceeded",
                f"Interface count {count} exceeds the limit for {instance.instance_type}",
            )
        if len(eni.private_ip_addresses) > type_limits.ipv4_per_interface:
            raise private_ip_limit()

    eni.attachment = Attachment(
        id=ids.new_resource_id(account, "eni-attach"),
        instance_id=instance.id,
        device_index=device_index,
        delete_on_termination=False,
        attach_time=clock.stamp(),
    )
    if timing.realistic(account):
        eni.attachment.status, eni.attachment.since = "attaching", eni.attachment.attach_time
    return eni.attachment.id


def detach_network_interface(account: Account, attachment_id: str, force: bool = False) -> None:
    """Detach (the ENI is `available` afterwards: at once, or after the detach time with realistic
    timing). A forced detach also leaves its device
    index unusable until the instance has been stopped and started, as EC2 warns it may (the
    instance's metadata still shows the interface there)."""
    # A service's attachment (`ela-attach-`, a load balancer's interface) is looked up like
    # any other, to be refused below with EC2's words.
    kind = "ela-attach" if attachment_id.startswith("ela-attach-") else "eni-attach"
    ids.check_id(kind, attachment_id)
    eni = account.find_attachment(attachment_id)
    if eni is None or eni.attachment is None:
        raise not_found("eni-attach", attachment_id)
    if eni.requester_managed:
        prefix = "ela-attach" if eni.attachment.id.startswith("ela-attach-") else "eni-attach"
        raise EC2Error(
            "OperationNotPermitted", f"You are not allowed to manage '{prefix}' attachments."
        )
    if eni.attachment.device_index == 0:
        raise EC2Error(
            "OperationNotPermitted",
            "The network interface at device index 0 and networkCard index 0 cannot be detached.",
        )
    instance = account.instances[eni.attachment.instance_id]
    _check_state(instance)
    index = eni.attachment.device_index
    if timing.realistic(account):
        # Still in use until the detach completes (engine/timing.py): a delete or an attach of
        # this interface meanwhile is refused as EC2 refuses it.
        if eni.attachment.status != "detaching":
            eni.attachment.status, eni.attachment.since = "detaching", clock.stamp()
    else:
        eni.attachment = None
    if force and index not in instance.blocked_device_indexes:
        instance.blocked_device_indexes = sorted([*instance.blocked_device_indexes, index])

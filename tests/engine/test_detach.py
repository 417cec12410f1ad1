"""DetachNetworkInterface (eni-rules.md §6, §0 c, l, r, s): a secondary interface detaches at once
and keeps everything but its attachment; the primary never detaches; `force` also blocks the
device index until the instance has been stopped and started; unknown and malformed attachment
IDs are refused, Malformed before NotFound before state rules."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from ec2eni.engine import attachments, attributes, instances, interfaces, invariants
from ec2eni.engine.invariants import check
from ec2eni.engine.model import Account, Address, Attachment
from tests.conftest import names_of
from tests.engine.support import refused

PRIMARY = (
    "OperationNotPermitted",
    "The network interface at device index 0 and networkCard index 0 cannot be detached.",
)


def detach(account: Account, attachment_id: str, force: bool = False) -> Callable[[], object]:
    return lambda: attachments.detach_network_interface(account, attachment_id, force)


def attached(account: Account, subnet: str, instance: str, **options: Any) -> tuple[str, str]:
    """A new interface in `subnet` attached to `instance` at device index 1: (eni, attachment)."""
    names = names_of(account)
    eni_id = interfaces.create_network_interface(
        account,
        names[subnet],
        **options,
    ).network_interface_id
    return eni_id, attachments.attach_network_interface(account, eni_id, names[instance], 1)


@pytest.mark.parametrize("force", [False, True])
def test_a_detached_interface_keeps_everything_but_its_attachment(
    account: Account, force: bool
) -> None:
    names = names_of(account)
    eni_id, attachment_id = attached(
        account,
        "public",
        "web-1",
        description="NAT",
        group_ids=[names["workshop/ssh-admin"], names["workshop/web"]],
        secondary_private_ip_address_count=1,
    )
    eni = account.network_interfaces[eni_id]
    eni.tags["Name"] = "nat"
    attributes.modify_network_interface_attribute(account, eni_id, source_dest_check=False)
    address = Address(
        allocation_id="eipalloc-00000000000000001",
        public_ip="203.0.113.7",
        association_id="eipassoc-00000000000000001",
        network_interface_id=eni_id,
        private_ip_address=eni.secondary_private_ip_addresses[0],
    )
    account.addresses[address.allocation_id] = copy.deepcopy(address)
    expected = copy.deepcopy(account)
    expected.network_interfaces[eni_id].attachment = None
    if force:
        # A forced detach also blocks its device index until a stop and start (below).
        expected.instances[names["web-1"]].blocked_device_indexes = [1]

    attachments.detach_network_interface(account, attachment_id, force)

    assert eni.attachment is None
    assert eni.status == "available"
    assert account == expected  # IPs, MAC, groups, description, tags, flag, Elastic IP kept
    assert account.find_attachment(attachment_id) is None
    assert check(account) == []
    [d] = interfaces.describe_network_interfaces(account, [eni_id])
    assert d.status == "available" and d.attachment is None
    assert refused(account, detach(account, attachment_id)) == (
        "InvalidAttachmentID.NotFound",
        f"The interface attachment '{attachment_id}' does not exist.",
    )


def test_detach_from_a_stopped_instance(account: Account) -> None:
    eni_id, attachment_id = attached(account, "default-b", "db-1")
    attachments.detach_network_interface(account, attachment_id)
    assert account.network_interfaces[eni_id].status == "available"


def test_the_other_attachments_of_the_instance_stay(account: Account) -> None:
    names = names_of(account)
    account.instances[names["app-1"]].instance_type = "m5.xlarge"
    first, first_attachment = attached(account, "backend", "app-1")
    second = interfaces.create_network_interface(account, names["backend"]).network_interface_id
    attachments.attach_network_interface(account, second, names["app-1"], 2)
    attachments.detach_network_interface(account, first_attachment)
    remaining = [e.id for e in account.interfaces_of(names["app-1"])]
    assert remaining == [names["app-1-eth0"], second]
    assert account.network_interfaces[first].attachment is None


@pytest.mark.parametrize("name", ["web-1-attachment", "app-1-attachment", "db-1-attachment"])
@pytest.mark.parametrize("force", [False, True])
def test_the_primary_interface_never_detaches(account: Account, name: str, force: bool) -> None:
    assert refused(account, detach(account, names_of(account)[name], force)) == PRIMARY


@pytest.mark.parametrize("state", ["pending", "stopping", "shutting-down"])
def test_an_instance_neither_running_nor_stopped_is_refused(account: Account, state: str) -> None:
    names = names_of(account)
    _, attachment_id = attached(account, "public", "web-1")
    account.instances[names["web-1"]].state = state
    assert refused(account, detach(account, attachment_id)) == (
        "IncorrectInstanceState",
        f"The instance '{names['web-1']}' is not in a valid state for this operation. "
        f"Current state: {state}.",
    )


@pytest.mark.parametrize(
    "value",
    # §0 x: 1 to 17 hex digits are well formed, so a short unknown ID is looked up too.
    ["eni-attach-0123456789abcdef0", "eni-attach-0123abcd", "eni-attach-87e61e8", "eni-attach-0"],
)
def test_an_unknown_attachment_is_not_found(account: Account, value: str) -> None:
    # §0 s: EC2's wording [OBS terraform#6179], with its final period.
    assert refused(account, detach(account, value, True)) == (
        "InvalidAttachmentID.NotFound",
        f"The interface attachment '{value}' does not exist.",
    )


@pytest.mark.parametrize(
    "value",
    [
        "eni-1706a5992fc9609ea",
        "eni-0",
        "eni-attach-87E61E853D70379D5",
        "eni-attach-87e61e853d70379d50",  # 18 digits
        "eni-attach-",
        "attach-1",
    ],
)
def test_a_malformed_attachment_id_is_refused(account: Account, value: str) -> None:
    # An interface ID in place of the attachment ID is the classic mistake (ERRDOC).
    assert refused(account, detach(account, value)) == (
        "InvalidNetworkInterfaceAttachmentId.Malformed",
        f'Invalid id: "{value}" (expecting "eni-attach-...")',
    )


def test_a_malformed_attachment_id_wins_over_force(account: Account) -> None:
    code, _ = refused(account, detach(account, "eni-attach-xyz", True))
    assert code == "InvalidNetworkInterfaceAttachmentId.Malformed"


def test_the_primary_rule_wins_over_the_instance_state(account: Account) -> None:
    names = names_of(account)
    account.instances[names["web-1"]].state = "pending"
    assert refused(account, detach(account, names["web-1-attachment"])) == PRIMARY


def test_detach_refuses_a_requester_managed_interface(account: Account) -> None:
    """eni-rules.md §6 step 4 (UG-RM): a requester-managed interface cannot be detached."""
    eni_id, attachment_id = attached(account, "public", "web-1")
    eni = account.network_interfaces[eni_id]
    eni.requester_managed, eni.requester_id = True, "amazon-elb"
    assert refused(account, detach(account, attachment_id)) == (
        "OperationNotPermitted",
        "You are not allowed to manage 'eni-attach' attachments.",
    )


def _load_balancers_interface(account: Account) -> str:
    """An interface as EC2 shows a load balancer's: in use, attached by the service with an
    `ela-attach-` attachment and no instance (eni-rules.md §0 y)."""
    eni_id = interfaces.create_network_interface(
        account, names_of(account)["public"]
    ).network_interface_id
    eni = account.network_interfaces[eni_id]
    eni.requester_managed, eni.requester_id = True, "amazon-elb"
    eni.attachment = Attachment(
        id="ela-attach-0123456789abcdef0",
        instance_id="",
        device_index=1,
        delete_on_termination=False,
        attach_time="2026-01-01T00:00:00.000Z",
    )
    assert invariants.check(account) == []
    return eni_id


def test_a_services_ela_attach_attachment_cannot_be_detached(account: Account) -> None:
    _load_balancers_interface(account)
    before = copy.deepcopy(account)
    assert refused(account, detach(account, "ela-attach-0123456789abcdef0")) == (
        "OperationNotPermitted",
        "You are not allowed to manage 'ela-attach' attachments.",
    )
    assert account == before
    # Its ID syntax is checked like an eni-attach ID's, and an unknown one is NotFound.
    assert refused(account, detach(account, "ela-attach-XYZ")) == (
        "InvalidNetworkInterfaceAttachmentId.Malformed",
        'Invalid id: "ela-attach-XYZ" (expecting "ela-attach-...")',
    )
    assert refused(account, detach(account, "ela-attach-0abc")) == (
        "InvalidAttachmentID.NotFound",
        "The interface attachment 'ela-attach-0abc' does not exist.",
    )


def test_an_ela_attach_attachment_names_no_instance(account: Account) -> None:
    eni_id = _load_balancers_interface(account)
    attachment = account.network_interfaces[eni_id].attachment
    assert attachment is not None
    attachment.instance_id = names_of(account)["web-1"]
    assert invariants.check(account) == [
        f"network interface {eni_id}: an ela-attach attachment has no instance_id"
    ]


# --- forced detach ---------------------------------------------------------------------------


def blocked(instance_id: str, index: int) -> tuple[str, str]:
    return (
        "InvalidParameterValue",
        f"Instance '{instance_id}' cannot attach at device index '{index}' until it has been "
        "stopped and started: an interface was forcibly detached from it.",
    )


def test_a_forced_detach_blocks_its_device_index_until_stop_and_start(account: Account) -> None:
    """DetachNetworkInterface's `Force` documentation: after a forced detach "you can't attach a
    different network interface to the same index on the running instance without first
    stopping the instance"; the index is free again once the instance has been started."""
    names = names_of(account)
    web = names["web-1"]
    eni_id, attachment_id = attached(account, "public", "web-1")
    attachments.detach_network_interface(account, attachment_id, force=True)
    assert account.instances[web].blocked_device_indexes == [1]
    assert check(account) == []
    # The interface itself is free: it can go to another instance at once.
    other = interfaces.create_network_interface(account, names["public"]).network_interface_id
    assert refused(account, attach(account, other, web, 1)) == blocked(web, 1)
    assert refused(account, attach(account, eni_id, web, 1)) == blocked(web, 1)
    # Another index is not blocked (t3.micro holds two interfaces: eth0 and this one).
    elsewhere = attachments.attach_network_interface(account, eni_id, web, 2)
    attachments.detach_network_interface(account, elsewhere)

    instances.stop_instances(account, [web])
    # Stopping alone is not enough: EC2 speaks of stopping and starting.
    assert refused(account, attach(account, eni_id, web, 1)) == blocked(web, 1)
    instances.start_instances(account, [web])
    assert account.instances[web].blocked_device_indexes == []
    attachments.attach_network_interface(account, eni_id, web, 1)
    assert check(account) == []


def test_an_unforced_detach_blocks_nothing(account: Account) -> None:
    names = names_of(account)
    eni_id, attachment_id = attached(account, "public", "web-1")
    attachments.detach_network_interface(account, attachment_id)
    assert account.instances[names["web-1"]].blocked_device_indexes == []
    attachments.attach_network_interface(account, eni_id, names["web-1"], 1)


def test_forced_detaches_block_each_index_once(account: Account) -> None:
    names = names_of(account)
    app = names["app-1"]
    account.instances[app].instance_type = "m5.xlarge"
    for index in (3, 1, 3):
        eni_id = interfaces.create_network_interface(account, names["backend"]).network_interface_id
        if index in account.instances[app].blocked_device_indexes:
            assert refused(account, attach(account, eni_id, app, index)) == blocked(app, index)
            continue
        attachment_id = attachments.attach_network_interface(account, eni_id, app, index)
        attachments.detach_network_interface(account, attachment_id, force=True)
    assert account.instances[app].blocked_device_indexes == [1, 3]
    assert check(account) == []


def test_a_forced_detach_from_a_stopped_instance_blocks_until_it_starts(account: Account) -> None:
    names = names_of(account)
    db = names["db-1"]
    eni_id, attachment_id = attached(account, "default-b", "db-1")
    attachments.detach_network_interface(account, attachment_id, force=True)
    assert refused(account, attach(account, eni_id, db, 1)) == blocked(db, 1)
    instances.start_instances(account, [db])
    attachments.attach_network_interface(account, eni_id, db, 1)


def attach(account: Account, eni_id: str, instance_id: str, index: int) -> Callable[[], object]:
    return lambda: attachments.attach_network_interface(account, eni_id, instance_id, index)

"""AttachNetworkInterface (eni-rules.md §5, §0 a, c, g, h, j, k, l): hot and warm attach, the new
attachment's fields, device indexes, availability zones, multi-VPC secondaries, and every refusal in
EC2's validation order. A refused attach leaves the account exactly as it was. (Instance-type limits
are in test_limits.py.)"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from ec2eni.engine import attachments, interfaces
from ec2eni.engine.ids import is_well_formed
from ec2eni.engine.invariants import check
from ec2eni.engine.model import Account
from tests.conftest import names_of
from tests.engine.support import refused

AZ_MISMATCH = (
    "InvalidParameterCombination",
    "You may not attach a network interface to an instance if they are not in the same "
    "availability zone",
)


def new_eni(account: Account, subnet: str, **options: Any) -> str:
    subnet_id = names_of(account)[subnet]
    return interfaces.create_network_interface(account, subnet_id, **options).network_interface_id


def attach(account: Account, eni_id: str, instance: str, index: int) -> Callable[[], object]:
    instance_id = names_of(account).get(instance, instance)
    return lambda: attachments.attach_network_interface(account, eni_id, instance_id, index)


def taken(instance_id: str, index: int) -> tuple[str, str]:
    return (
        "InvalidParameterValue",
        f"Instance '{instance_id}' already has an interface attached at device index '{index}'.",
    )


def bad_state(instance_id: str, state: str) -> tuple[str, str]:
    return (
        "IncorrectInstanceState",
        f"The instance '{instance_id}' is not in a valid state for this operation. "
        f"Current state: {state}.",
    )


# --- success ----------------------------------------------------------------------------------


def test_hot_attach_to_a_running_instance(account: Account) -> None:
    names = names_of(account)
    eni_id = new_eni(account, "management", description="management NIC")
    eni = account.network_interfaces[eni_id]
    unchanged = copy.deepcopy(eni)
    others = {k: copy.deepcopy(v) for k, v in account.network_interfaces.items() if k != eni_id}
    before = datetime.now(UTC).replace(microsecond=0)

    attachment_id = attachments.attach_network_interface(account, eni_id, names["web-1"], 1)

    after = datetime.now(UTC)
    assert is_well_formed("eni-attach", attachment_id)
    assert len(attachment_id) == len("eni-attach-") + 17
    a = eni.attachment
    assert a is not None
    assert (a.id, a.instance_id, a.device_index, a.delete_on_termination, a.status) == (
        attachment_id,
        names["web-1"],
        1,
        False,
        "attached",
    )
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z", a.attach_time)
    stamp = datetime.strptime(a.attach_time, "%Y-%m-%dT%H:%M:%S.000Z").replace(tzinfo=UTC)
    assert before <= stamp <= after
    assert eni.status == "in-use"
    assert account.find_attachment(attachment_id) is eni
    assert check(account) == []
    # Nothing else about the interface changes: IPs, MAC, groups, description, flags.
    eni.attachment = None
    assert eni == unchanged
    assert {k: v for k, v in account.network_interfaces.items() if k != eni_id} == others


def test_the_attachment_as_describe_shows_it(account: Account) -> None:
    names = names_of(account)
    eni_id = new_eni(account, "public")
    attachment_id = attachments.attach_network_interface(account, eni_id, names["web-1"], 1)
    [d] = interfaces.describe_network_interfaces(account, [eni_id])
    assert d.status == "in-use"
    assert d.attachment is not None
    assert d.attachment.attachment_id == attachment_id
    assert d.attachment.instance_id == names["web-1"]
    assert d.attachment.instance_owner_id == "123456789012"
    assert d.attachment.device_index == 1
    assert d.attachment.status == "attached"
    assert d.attachment.delete_on_termination is False


def test_warm_attach_to_a_stopped_instance(account: Account) -> None:
    names = names_of(account)
    eni_id = new_eni(account, "default-b")
    attachment_id = attachments.attach_network_interface(account, eni_id, names["db-1"], 1)
    a = account.network_interfaces[eni_id].attachment
    assert a is not None and a.id == attachment_id and a.status == "attached"
    assert account.instances[names["db-1"]].state == "stopped"
    assert account.network_interfaces[eni_id].status == "in-use"


def test_a_secondary_interface_may_come_from_another_vpc_in_the_same_zone(
    account: Account,
) -> None:
    names = names_of(account)
    eni_id = new_eni(account, "tiny")  # workshop VPC, us-east-1b
    attachments.attach_network_interface(account, eni_id, names["db-1"], 1)  # default VPC, 1b
    eni = account.network_interfaces[eni_id]
    assert eni.attachment is not None and eni.attachment.instance_id == names["db-1"]
    # Its groups stay its own, from its own VPC.
    assert eni.group_ids == [names["workshop/default"]]
    assert check(account) == []


def test_device_indexes_need_not_be_contiguous_and_go_up_to_31(account: Account) -> None:
    names = names_of(account)
    account.instances[names["app-1"]].instance_type = "m5.4xlarge"  # 8 interfaces
    for index in (31, 2, 17):
        attach(account, new_eni(account, "backend"), "app-1", index)()
    indexes = sorted(
        e.attachment.device_index for e in account.interfaces_of(names["app-1"]) if e.attachment
    )
    assert indexes == [0, 2, 17, 31]


def test_an_index_freed_by_a_detach_can_be_used_again(account: Account) -> None:
    names = names_of(account)
    first, second = new_eni(account, "public"), new_eni(account, "public")
    attachment_id = attachments.attach_network_interface(account, first, names["web-1"], 1)
    attachments.detach_network_interface(account, attachment_id)
    attachments.attach_network_interface(account, second, names["web-1"], 1)
    # And a detached interface can be attached elsewhere.
    attachments.attach_network_interface(account, first, names["standby-1"], 1)
    assert account.network_interfaces[first].attachment is not None
    assert check(account) == []


# --- refusals ----------------------------------------------------------------------------------


def test_an_attached_interface_is_in_use(account: Account) -> None:
    names = names_of(account)
    eni_id = new_eni(account, "public")
    attachments.attach_network_interface(account, eni_id, names["web-1"], 1)
    expected = ("InvalidNetworkInterface.InUse", f"Interface: [{eni_id}] in use.")
    assert refused(account, attach(account, eni_id, "standby-1", 1)) == expected
    assert refused(account, attach(account, eni_id, "web-1", 1)) == expected


def test_a_primary_interface_is_in_use(account: Account) -> None:
    eni_id = names_of(account)["web-1-eth0"]
    assert refused(account, attach(account, eni_id, "standby-1", 1)) == (
        "InvalidNetworkInterface.InUse",
        f"Interface: [{eni_id}] in use.",
    )


@pytest.mark.parametrize("state", ["pending", "stopping", "shutting-down", "terminated"])
def test_an_instance_neither_running_nor_stopped_is_refused(account: Account, state: str) -> None:
    names = names_of(account)
    eni_id = new_eni(account, "public")
    account.instances[names["web-1"]].state = state
    assert refused(account, attach(account, eni_id, "web-1", 1)) == bad_state(names["web-1"], state)


def test_the_terminated_instance_of_the_default_account_is_refused(account: Account) -> None:
    names = names_of(account)
    eni_id = new_eni(account, "public")
    assert refused(account, attach(account, eni_id, "old-1", 1)) == bad_state(
        names["old-1"], "terminated"
    )


@pytest.mark.parametrize("index", [32, 33, 100, -1])
def test_a_device_index_outside_0_to_31_is_refused(account: Account, index: int) -> None:
    eni_id = new_eni(account, "public")
    assert refused(account, attach(account, eni_id, "web-1", index)) == (
        "InvalidParameterValue",
        f"Invalid network device index '{index}'",
    )


def test_device_index_0_always_belongs_to_the_primary(account: Account) -> None:
    names = names_of(account)
    eni_id = new_eni(account, "public")
    assert refused(account, attach(account, eni_id, "web-1", 0)) == taken(names["web-1"], 0)


def test_a_taken_device_index_is_refused(account: Account) -> None:
    names = names_of(account)
    first, second = new_eni(account, "backend"), new_eni(account, "backend")
    attachments.attach_network_interface(account, first, names["app-1"], 1)
    assert refused(account, attach(account, second, "app-1", 1)) == taken(names["app-1"], 1)


def test_an_index_taken_on_another_instance_is_free_here(account: Account) -> None:
    names = names_of(account)
    first, second = new_eni(account, "public"), new_eni(account, "public")
    attachments.attach_network_interface(account, first, names["web-1"], 1)
    attachments.attach_network_interface(account, second, names["standby-1"], 1)


@pytest.mark.parametrize(
    ("subnet", "instance"),
    [("public", "db-1"), ("tiny", "web-1"), ("default-c", "web-1"), ("default-a", "db-1")],
)
def test_interface_and_instance_must_share_the_availability_zone(
    account: Account, subnet: str, instance: str
) -> None:
    eni_id = new_eni(account, subnet)
    assert refused(account, attach(account, eni_id, instance, 1)) == AZ_MISMATCH


def test_an_unknown_interface_is_not_found(account: Account) -> None:
    assert refused(account, attach(account, "eni-0123456789abcdef0", "web-1", 1)) == (
        "InvalidNetworkInterfaceID.NotFound",
        "The networkInterface ID 'eni-0123456789abcdef0' does not exist",
    )


def test_an_unknown_instance_is_not_found(account: Account) -> None:
    eni_id = new_eni(account, "public")
    assert refused(account, attach(account, eni_id, "i-0123456789abcdef0", 1)) == (
        "InvalidInstanceID.NotFound",
        "The instance ID 'i-0123456789abcdef0' does not exist",
    )


def test_a_malformed_instance_is_refused(account: Account) -> None:
    eni_id = new_eni(account, "public")
    assert refused(account, attach(account, eni_id, "i-CF9ACE0ED00A6C9E3", 1)) == (
        "InvalidInstanceID.Malformed",
        'Invalid id: "i-CF9ACE0ED00A6C9E3" (expecting "i-...")',
    )


# --- validation order: syntax, existence, state and combinations, limits -------------------------


def test_a_malformed_interface_wins_over_a_malformed_instance(account: Account) -> None:
    assert refused(account, attach(account, "eni-bogus", "i-bogus", 1)) == (
        "InvalidNetworkInterfaceId.Malformed",
        'Invalid id: "eni-bogus" (expecting "eni-...")',
    )


def test_a_malformed_instance_wins_over_an_unknown_interface(account: Account) -> None:
    code, _ = refused(account, attach(account, "eni-0123abcd", "i-bogus", 1))
    assert code == "InvalidInstanceID.Malformed"


def test_a_bad_device_index_wins_over_unknown_resources(account: Account) -> None:
    assert refused(account, attach(account, "eni-0123abcd", "i-0123abcd", 32)) == (
        "InvalidParameterValue",
        "Invalid network device index '32'",
    )


def test_an_unknown_interface_wins_over_an_unknown_instance(account: Account) -> None:
    code, _ = refused(account, attach(account, "eni-0123abcd", "i-0123abcd", 1))
    assert code == "InvalidNetworkInterfaceID.NotFound"


def test_an_unknown_instance_wins_over_an_interface_in_use(account: Account) -> None:
    eni_id = names_of(account)["web-1-eth0"]
    code, _ = refused(account, attach(account, eni_id, "i-0123abcd", 1))
    assert code == "InvalidInstanceID.NotFound"


def test_in_use_wins_over_the_instance_state(account: Account) -> None:
    eni_id = names_of(account)["web-1-eth0"]
    assert refused(account, attach(account, eni_id, "old-1", 1)) == (
        "InvalidNetworkInterface.InUse",
        f"Interface: [{eni_id}] in use.",
    )


def test_the_instance_state_wins_over_a_taken_index_and_another_zone(account: Account) -> None:
    names = names_of(account)
    eni_id = new_eni(account, "tiny")
    account.instances[names["web-1"]].state = "pending"
    assert refused(account, attach(account, eni_id, "web-1", 0)) == bad_state(
        names["web-1"], "pending"
    )


def test_device_index_0_wins_over_another_zone(account: Account) -> None:
    names = names_of(account)
    eni_id = new_eni(account, "tiny")
    assert refused(account, attach(account, eni_id, "web-1", 0)) == taken(names["web-1"], 0)


def test_another_zone_wins_over_a_taken_index(account: Account) -> None:
    """§5: the zone check (step 8) comes before the slot check (step 10)."""
    attach(account, new_eni(account, "public"), "web-1", 1)()
    eni_id = new_eni(account, "tiny")
    assert refused(account, attach(account, eni_id, "web-1", 1)) == AZ_MISMATCH


def test_another_zone_wins_over_the_interface_limit(account: Account) -> None:
    names = names_of(account)
    attachments.attach_network_interface(account, new_eni(account, "public"), names["web-1"], 1)
    # web-1 (t3.micro, 2 interfaces) is full; the zone is checked first.
    eni_id = new_eni(account, "tiny", secondary_private_ip_address_count=3)
    assert refused(account, attach(account, eni_id, "web-1", 2)) == AZ_MISMATCH


def test_a_taken_index_wins_over_the_interface_limit(account: Account) -> None:
    names = names_of(account)
    attachments.attach_network_interface(account, new_eni(account, "public"), names["web-1"], 1)
    eni_id = new_eni(account, "public")
    assert refused(account, attach(account, eni_id, "web-1", 1)) == taken(names["web-1"], 1)


def blocked(instance_id: str, index: int) -> tuple[str, str]:
    return (
        "InvalidParameterValue",
        f"Instance '{instance_id}' cannot attach at device index '{index}' until it has been "
        "stopped and started: an interface was forcibly detached from it.",
    )


def test_a_blocked_index_comes_after_a_taken_index_and_before_the_limit(
    account: Account,
) -> None:
    """A device index a forced detach blocked (§6, `Force`): refused like a taken one, after the
    slot check (a taken index is named as taken) and before the interface limit."""
    names = names_of(account)
    web = names["web-1"]
    account.instances[web].blocked_device_indexes = [1, 2]
    attachments.attach_network_interface(account, new_eni(account, "public"), web, 3)
    eni_id = new_eni(account, "public")
    # web-1 (t3.micro) is full now: a blocked index is still named as blocked, not as the limit.
    assert refused(account, attach(account, eni_id, "web-1", 2)) == blocked(web, 2)
    assert refused(account, attach(account, eni_id, "web-1", 3)) == taken(web, 3)
    assert refused(account, attach(account, eni_id, "web-1", 4))[0] == "AttachmentLimitExceeded"


# --- requester-managed interfaces (eni-rules.md §5 step 5) ------------------------------------


def test_attach_refuses_a_requester_managed_interface(account: Account) -> None:
    """A requester-managed interface belongs to the service that made it: attaching it is refused
    as in use, even while it is `available`."""
    eni_id = new_eni(account, "public")
    eni = account.network_interfaces[eni_id]
    eni.requester_managed, eni.requester_id = True, "amazon-elb"
    assert refused(account, attach(account, eni_id, "web-1", 1)) == (
        "InvalidNetworkInterface.InUse",
        f"Interface: [{eni_id}] in use.",
    )

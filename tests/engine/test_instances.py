"""StopInstances, StartInstances, RebootInstances, TerminateInstances and DescribeInstances
(eni-rules.md §9.4, §0 c): the state changes and what EC2 answers, what each keeps or releases
(stop keeps everything; terminate deletes the interfaces marked delete-on-termination and
detaches the others), the refusals, and DescribeInstances' records and filters.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from ec2eni.engine import attachments, attributes, clock, instances, interfaces, invariants, launch
from ec2eni.engine.instance_descriptions import InstanceDescription, StateChange
from ec2eni.engine.launch import InterfaceSpec
from ec2eni.engine.model import Account, Address, Instance
from ec2eni.engine.network_descriptions import addresses_held
from tests.conftest import names_of
from tests.engine.support import refused

AMI = "ami-0123456789abcdef0"
NOW = datetime(2026, 1, 1, 9, 0, 0, tzinfo=UTC)
CODES = {
    "pending": 0,
    "running": 16,
    "shutting-down": 32,
    "terminated": 48,
    "stopping": 64,
    "stopped": 80,
}


@pytest.fixture(autouse=True)
def fixed_clock() -> Iterator[None]:
    clock.set_now(NOW)
    yield
    clock.set_now(None)


def change(instance_id: str, previous: str, current: str) -> StateChange:
    return StateChange(instance_id, previous, CODES[previous], current, CODES[current])


def state(account: Account, instance_id: str) -> str:
    return account.instances[instance_id].state


def refusal(message: str) -> tuple[str, str]:
    return ("IncorrectInstanceState", message)


def launched(account: Account, **options: Any) -> str:
    return launch.run_instances(account, AMI, **options).instances[0].instance_id


def described(account: Account, instance_id: str) -> InstanceDescription:
    [reservation] = instances.describe_instances(account, [instance_id])
    [d] = reservation.instances
    return d


# --- stop ----------------------------------------------------------------------------------------


def test_stop_keeps_everything_but_the_state(account: Account) -> None:
    names = names_of(account)
    web = names["web-1"]
    extra = interfaces.create_network_interface(account, names["public"]).network_interface_id
    attachments.attach_network_interface(account, extra, web, 1)
    account.addresses["eipalloc-00000000000000001"] = Address(
        "eipalloc-00000000000000001",
        "203.0.113.7",
        "eipassoc-00000000000000001",
        names["web-1-eth0"],
        "10.0.1.4",
    )
    expected = copy.deepcopy(account)
    expected.instances[web].state = "stopped"

    assert instances.stop_instances(account, [web]) == [change(web, "running", "stopping")]

    assert account == expected  # attachments, addresses, MACs, the Elastic IP
    assert invariants.check(account) == []
    assert described(account, web).public_ip_address == "203.0.113.7"


def test_stop_again_is_a_no_op(account: Account) -> None:
    db = names_of(account)["db-1"]
    before = copy.deepcopy(account)
    assert instances.stop_instances(account, [db], force=True) == [change(db, "stopped", "stopped")]
    assert account == before


def test_stop_refuses_pending_shutting_down_and_terminated_instances(account: Account) -> None:
    names = names_of(account)
    web = names["web-1"]
    account.instances[web].state = "pending"
    assert refused(account, lambda: instances.stop_instances(account, [web])) == refusal(
        f"Instance '{web}' cannot be stopped as it has never reached the 'running' state."
    )
    for instance_id, current in ((web, "shutting-down"), (names["old-1"], "terminated")):
        account.instances[instance_id].state = current
        assert refused(account, lambda i=instance_id: instances.stop_instances(account, [i])) == (
            refusal(
                f"This instance '{instance_id}' is not in a state from which it can be stopped."
            )
        )


# --- start ---------------------------------------------------------------------------------------


def test_start_answers_pending_and_stores_running(account: Account) -> None:
    names = names_of(account)
    db, web = names["db-1"], names["web-1"]
    account.instances[db].blocked_device_indexes = [2, 5]
    assert instances.start_instances(account, [db, web]) == [
        change(db, "stopped", "pending"),
        change(web, "running", "running"),
    ]
    assert state(account, db) == "running"
    assert account.instances[db].blocked_device_indexes == []
    assert invariants.check(account) == []


def test_start_refuses_stopping_shutting_down_and_terminated_instances(account: Account) -> None:
    names = names_of(account)
    db = names["db-1"]
    for instance_id, current in (
        (db, "stopping"),
        (db, "shutting-down"),
        (names["old-1"], "terminated"),
    ):
        account.instances[instance_id].state = current
        assert refused(account, lambda i=instance_id: instances.start_instances(account, [i])) == (
            refusal(f"The instance '{instance_id}' is not in a state from which it can be started.")
        )


# --- reboot --------------------------------------------------------------------------------------


def test_reboot_changes_nothing(account: Account) -> None:
    names = names_of(account)
    before = copy.deepcopy(account)
    assert instances.reboot_instances(account, [names["web-1"], names["app-1"]]) is None
    assert account == before


@pytest.mark.parametrize("name", ["db-1", "old-1"])
def test_reboot_needs_a_running_instance(account: Account, name: str) -> None:
    instance_id = names_of(account)[name]
    assert refused(account, lambda: instances.reboot_instances(account, [instance_id])) == refusal(
        f"The instance '{instance_id}' is not in a state from which it can be rebooted."
    )


# --- terminate -----------------------------------------------------------------------------------


def test_terminate_deletes_what_is_marked_and_detaches_the_rest(account: Account) -> None:
    names = names_of(account)
    kept = interfaces.create_network_interface(
        account, names["management"], secondary_private_ip_address_count=1
    ).network_interface_id
    instance_id = launched(
        account,
        instance_type="t3.medium",
        network_interfaces=[
            InterfaceSpec(0, subnet_id=names["public"]),
            InterfaceSpec(1, network_interface_id=kept),
            InterfaceSpec(2, subnet_id=names["management"], delete_on_termination=False),
        ],
    )
    held = {
        e.attachment.device_index: e.id for e in account.interfaces_of(instance_id) if e.attachment
    }
    primary, created_kept = held[0], held[2]
    # An Elastic IP on the primary (deleted) and on the kept interface.
    account.addresses["eipalloc-00000000000000001"] = Address(
        "eipalloc-00000000000000001", "203.0.113.1", "eipassoc-00000000000000001", primary,
        account.network_interfaces[primary].private_ip_address,
    )  # fmt: skip
    account.addresses["eipalloc-00000000000000002"] = Address(
        "eipalloc-00000000000000002", "203.0.113.2", "eipassoc-00000000000000002", kept,
        account.network_interfaces[kept].secondary_private_ip_addresses[0],
    )  # fmt: skip
    survivors = {
        eni_id: copy.deepcopy(account.network_interfaces[eni_id]) for eni_id in (kept, created_kept)
    }
    public_held = addresses_held(account)[names["public"]]

    assert instances.terminate_instances(account, [instance_id]) == [
        change(instance_id, "running", "shutting-down")
    ]

    instance = account.instances[instance_id]
    assert instance.state == "terminated"
    assert account.interfaces_of(instance_id) == []
    # The primary (delete on termination) is gone, its address free again.
    assert primary not in account.network_interfaces
    assert addresses_held(account)[names["public"]] == public_held - 1
    eip = account.addresses["eipalloc-00000000000000001"]
    assert (eip.public_ip, eip.association_id, eip.network_interface_id) == ("203.0.113.1", "", "")
    # The others stay, available, with everything they held.
    for eni_id, before in survivors.items():
        eni = account.network_interfaces[eni_id]
        assert eni.status == "available"
        before.attachment = None
        assert eni == before
    assert account.addresses["eipalloc-00000000000000002"].network_interface_id == kept
    assert invariants.check(account) == []
    # It stays visible, placed nowhere, with no interfaces.
    d = described(account, instance_id)
    assert (d.state, d.state_code, d.vpc_id, d.subnet_id, d.private_ip_address) == (
        "terminated",
        48,
        "",
        "",
        "",
    )
    assert d.network_interfaces == () and d.groups == ()
    assert d.availability_zone == "us-east-1a"


def test_terminate_from_every_state(account: Account) -> None:
    names = names_of(account)
    web, db, old = names["web-1"], names["db-1"], names["old-1"]
    account.instances[names["app-1"]].state = "shutting-down"
    app = names["app-1"]
    assert instances.terminate_instances(account, [web, db, old, app]) == [
        change(web, "running", "shutting-down"),
        change(db, "stopped", "shutting-down"),
        change(old, "terminated", "terminated"),
        change(app, "shutting-down", "shutting-down"),
    ]
    assert [state(account, i) for i in (web, db, old)] == ["terminated"] * 3
    assert account.interfaces_of(web) == account.interfaces_of(db) == []


def test_a_terminated_instance_never_changes_again(account: Account) -> None:
    names = names_of(account)
    instance_id = launched(account, subnet_id=names["public"])
    instances.terminate_instances(account, [instance_id])
    eni_id = interfaces.create_network_interface(account, names["public"]).network_interface_id
    for action in (
        lambda: instances.stop_instances(account, [instance_id]),
        lambda: instances.start_instances(account, [instance_id]),
        lambda: instances.reboot_instances(account, [instance_id]),
        lambda: attachments.attach_network_interface(account, eni_id, instance_id, 1),
    ):
        code, _ = refused(account, action)
        assert code == "IncorrectInstanceState"
    before = copy.deepcopy(account)
    instances.terminate_instances(account, [instance_id])
    assert account == before


# --- several instances, unknown and malformed IDs -----------------------------------------------


def test_one_refusal_changes_none_of_the_instances(account: Account) -> None:
    names = names_of(account)
    wanted = [names["web-1"], names["app-1"], names["old-1"]]
    refused(account, lambda: instances.stop_instances(account, wanted))
    refused(account, lambda: instances.start_instances(account, [names["db-1"], names["old-1"]]))


def test_an_instance_named_twice_changes_once(account: Account) -> None:
    web = names_of(account)["web-1"]
    assert instances.stop_instances(account, [web, web]) == [change(web, "running", "stopping")]


ACTIONS: list[Callable[[Account, list[str]], object]] = [
    instances.stop_instances,
    instances.start_instances,
    instances.reboot_instances,
    instances.terminate_instances,
]


@pytest.mark.parametrize("action", ACTIONS, ids=lambda a: a.__name__)
def test_unknown_instances_are_named_all_at_once(
    account: Account, action: Callable[[Account, list[str]], object]
) -> None:
    web = names_of(account)["web-1"]
    assert refused(account, lambda: action(account, ["i-0123abcd", web])) == (
        "InvalidInstanceID.NotFound",
        "The instance ID 'i-0123abcd' does not exist",
    )
    assert refused(account, lambda: action(account, ["i-0123abcd", web, "i-0000000a"])) == (
        "InvalidInstanceID.NotFound",
        "The instance IDs 'i-0123abcd, i-0000000a' do not exist",
    )
    assert refused(account, lambda: action(account, ["i-0123abcd", "i-0123ABCD"])) == (
        "InvalidInstanceID.Malformed",
        'Invalid id: "i-0123ABCD" (expecting "i-...")',
    )
    assert refused(account, lambda: action(account, [])) == (
        "MissingParameter",
        "The request must contain the parameter InstanceId",
    )


def test_unknown_ids_win_over_states(account: Account) -> None:
    old = names_of(account)["old-1"]
    code, _ = refused(account, lambda: instances.stop_instances(account, [old, "i-0123abcd"]))
    assert code == "InvalidInstanceID.NotFound"


# --- realistic timing keeps the transitional state -----------------------------------------------


def test_with_realistic_timing_the_transitional_state_is_stored(account: Account) -> None:
    names = names_of(account)
    account.timing = "realistic"
    web, db = names["web-1"], names["db-1"]
    instances.stop_instances(account, [web])
    instances.start_instances(account, [db])
    instances.terminate_instances(account, [names["app-1"]])
    stamp = "2026-01-01T09:00:00.000Z"
    got = {i: (state(account, i), account.instances[i].since) for i in (web, db, names["app-1"])}
    assert got == {
        web: ("stopping", stamp),
        db: ("pending", stamp),
        names["app-1"]: ("shutting-down", stamp),
    }
    # Interfaces go only when the termination completes.
    assert account.interfaces_of(names["app-1"]) != []
    launched = launch.run_instances(account, AMI)
    assert state(account, launched.instances[0].instance_id) == "pending"
    assert invariants.check(account) == []


# --- describe ------------------------------------------------------------------------------------


def test_describe_the_default_account(account: Account) -> None:
    names = names_of(account)
    reservations = instances.describe_instances(account)
    assert [len(r.instances) for r in reservations] == [1] * 5
    rows = [
        (d.instance_id, d.instance_type, d.state, d.state_code, d.availability_zone)
        + (d.vpc_id, d.subnet_id, d.private_ip_address, d.private_dns_name)
        for r in reservations
        for d in r.instances
    ]
    assert rows == [
        (names["web-1"], "t3.micro", "running", 16, "us-east-1a", names["workshop"],
         names["public"], "10.0.1.4", "ip-10-0-1-4.ec2.internal"),
        (names["standby-1"], "t3.micro", "running", 16, "us-east-1a", names["workshop"],
         names["public"], "10.0.1.5", "ip-10-0-1-5.ec2.internal"),
        (names["app-1"], "m5.large", "running", 16, "us-east-1a", names["workshop"],
         names["backend"], "10.0.3.4", "ip-10-0-3-4.ec2.internal"),
        (names["db-1"], "r5.large", "stopped", 80, "us-east-1b", names["default"],
         names["default-b"], "172.31.16.4", "ip-172-31-16-4.ec2.internal"),
        # A terminated instance has left its VPC and subnet and holds no address.
        (names["old-1"], "t2.micro", "terminated", 48, "us-east-1a", "", "", "", ""),
    ]  # fmt: skip
    web = reservations[0].instances[0]
    # The built-in instances predate reservations: each has its own, derived from its ID.
    assert reservations[0].reservation_id == web.reservation_id == "r-943e6438e0ce558ec"
    assert (web.image_id, web.key_name, web.launch_index, web.launch_time) == (
        AMI,
        "",
        0,
        "2026-01-01T00:00:00.000Z",
    )
    assert (web.root_device_type, web.virtualization_type, web.hypervisor) == ("ebs", "hvm", "xen")
    assert (web.monitoring, web.tenancy, web.ebs_optimized) == ("disabled", "default", False)
    assert (web.public_ip_address, web.public_dns_name) == ("", "")
    assert web.groups == ((names["workshop/web"], "web"),)
    assert web.tags == (("Name", "web-1"),)
    [nic] = web.network_interfaces
    assert nic.network_interface_id == names["web-1-eth0"]


def test_an_instances_interfaces_come_in_device_index_order(account: Account) -> None:
    names = names_of(account)
    app = names["app-1"]
    account.instances[app].instance_type = "m5.xlarge"
    for index in (3, 1):
        eni_id = interfaces.create_network_interface(account, names["backend"]).network_interface_id
        attachments.attach_network_interface(account, eni_id, app, index)
    d = described(account, app)
    assert [n.attachment.device_index for n in d.network_interfaces if n.attachment] == [0, 1, 3]
    # The instance's address and groups are its primary interface's.
    assert d.private_ip_address == "10.0.3.4"


def test_named_instances_come_in_account_order_once_each(account: Account) -> None:
    names = names_of(account)
    wanted = [names["old-1"], names["web-1"], names["old-1"]]
    got = [
        d.instance_id for r in instances.describe_instances(account, wanted) for d in r.instances
    ]
    assert got == [names["web-1"], names["old-1"]]


def test_describe_refusals_come_in_order(account: Account) -> None:
    names = names_of(account)
    describe = instances.describe_instances
    assert refused(account, lambda: describe(account, ["i-0123abcd", "i-1", "i-x"])) == (
        "InvalidInstanceID.Malformed",
        'Invalid id: "i-x" (expecting "i-...")',
    )
    assert refused(account, lambda: describe(account, ["i-0123abcd"], [("bogus", "x")])) == (
        "InvalidParameterValue",
        "The filter 'bogus' is invalid",
    )
    assert refused(account, lambda: describe(account, ["i-0123abcd", "i-1"])) == (
        "InvalidInstanceID.NotFound",
        "The instance IDs 'i-0123abcd, i-1' do not exist",
    )
    eni_id = names["web-1-eth0"]
    assert refused(account, lambda: describe(account, [eni_id]))[0] == "InvalidInstanceID.Malformed"


@pytest.fixture
def busy(account: Account) -> Account:
    """The default account plus a launch of two instances in `management` with a key and tag,
    and a second interface on web-1."""
    names = names_of(account)
    reservation = launch.run_instances(
        account, AMI, min_count=2, max_count=2, subnet_id=names["management"], key_name="ops"
    )
    account.instances[reservation.instances[1].instance_id].tags["Role"] = "batch"
    extra = interfaces.create_network_interface(
        account, names["public"], description="extra", secondary_private_ip_address_count=1
    ).network_interface_id
    attachments.attach_network_interface(account, extra, names["web-1"], 1)
    attributes.modify_network_interface_attribute(account, extra, source_dest_check=False)
    return account


def _names_matching(account: Account, *filters: tuple[str, str]) -> list[str]:
    by_id = {
        i.id: i.tags.get("Name", f"launch-{i.launch_index}") for i in account.instances.values()
    }
    return [
        by_id[d.instance_id]
        for r in instances.describe_instances(account, filters=list(filters))
        for d in r.instances
    ]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ([("instance-state-name", "stopped")], ["db-1"]),
        ([("instance-state-name", "running"), ("instance-state-name", "terminated")],
         ["web-1", "standby-1", "app-1", "old-1", "launch-0", "launch-1"]),
        ([("instance-state-code", "80")], ["db-1"]),
        ([("instance-type", "t3.*")], ["web-1", "standby-1"]),
        ([("availability-zone", "us-east-1b")], ["db-1"]),
        ([("subnet-id", "{backend}")], ["app-1"]),
        ([("vpc-id", "{default}")], ["db-1"]),
        ([("private-ip-address", "10.0.2.5")], ["launch-1"]),
        ([("image-id", AMI)], ["web-1", "standby-1", "app-1", "db-1", "old-1", "launch-0",
                               "launch-1"]),
        ([("key-name", "ops")], ["launch-0", "launch-1"]),
        ([("launch-index", "1")], ["launch-1"]),
        ([("reservation-id", "r-943e6438e0ce558ec")], ["web-1"]),
        ([("tag:Name", "*-1")], ["web-1", "standby-1", "app-1", "db-1", "old-1"]),
        ([("tag:Role", "batch")], ["launch-1"]),
        ([("tag-key", "Role")], ["launch-1"]),
        ([("tag-value", "db-?")], ["db-1"]),
        ([("group-id", "{workshop/web}")], ["web-1", "standby-1"]),
        ([("instance.group-name", "default"), ("subnet-id", "{default-b}")], ["db-1"]),
        ([("network-interface.network-interface-id", "{app-1-eth0}")], ["app-1"]),
        ([("network-interface.attachment.device-index", "1")], ["web-1"]),
        ([("network-interface.addresses.private-ip-address", "10.0.1.7")], ["web-1"]),
        ([("network-interface.subnet-id", "{public}")], ["web-1", "standby-1"]),
        ([("network-interface.status", "in-use"), ("instance-state-name", "stopped")], ["db-1"]),
        ([("network-interface.description", "extra")], ["web-1"]),
        ([("network-interface.source-dest-check", "false")], ["web-1"]),
        ([("network-interface.attachment.delete-on-termination", "false")], ["web-1"]),
        ([("network-interface.vpc-id", "{default}")], ["db-1"]),
        ([("root-device-type", "ebs"), ("instance-state-name", "stopped")], ["db-1"]),
        ([("tenancy", "dedicated")], []),
        ([("owner-id", "123456789012"), ("instance-type", "r5.large")], ["db-1"]),
        ([("dns-name", "")], ["web-1", "standby-1", "app-1", "db-1", "old-1", "launch-0",
                              "launch-1"]),
    ],
)  # fmt: skip
def test_filters(busy: Account, filters: list[tuple[str, str]], expected: list[str]) -> None:
    names = names_of(busy)
    resolved = [(name, value.format(**names)) for name, value in filters]
    assert _names_matching(busy, *resolved) == expected


def test_a_filter_keeps_only_the_matching_instances_of_a_reservation(busy: Account) -> None:
    [reservation] = instances.describe_instances(busy, filters=[("tag:Role", "batch")])
    assert len(reservation.instances) == 1
    every = instances.describe_instances(busy, filters=[("key-name", "ops")])
    assert [len(r.instances) for r in every] == [2]
    assert every[0].reservation_id == reservation.reservation_id


def test_a_public_address_is_the_elastic_ip_of_the_primary_address(busy: Account) -> None:
    names = names_of(busy)
    web = names["web-1"]
    extra = next(e for e in busy.interfaces_of(web) if e.description == "extra")
    # On a secondary interface: no public address for the instance.
    busy.addresses["eipalloc-00000000000000001"] = Address(
        "eipalloc-00000000000000001", "203.0.113.5", "eipassoc-00000000000000001", extra.id,
        extra.private_ip_address,
    )  # fmt: skip
    assert described(busy, web).public_ip_address == ""
    assert _names_matching(
        busy, ("network-interface.addresses.association.public-ip", "203.0.113.5")
    ) == ["web-1"]
    busy.addresses["eipalloc-00000000000000002"] = Address(
        "eipalloc-00000000000000002", "203.0.113.6", "eipassoc-00000000000000002",
        names["web-1-eth0"], "10.0.1.4",
    )  # fmt: skip
    d = described(busy, web)
    assert (d.public_ip_address, d.public_dns_name) == (
        "203.0.113.6",
        "ec2-203-0-113-6.compute-1.amazonaws.com",
    )
    assert _names_matching(busy, ("ip-address", "203.0.113.6")) == ["web-1"]


def test_every_listed_filter_name_is_known(busy: Account) -> None:
    for name in instances.INSTANCE_NAMES.listing():
        concrete = "tag:Name" if name == "tag:<key>" else name
        instances.describe_instances(busy, filters=[(concrete, "*")])


def test_describe_is_read_only(busy: Account) -> None:
    before = copy.deepcopy(busy)
    instances.describe_instances(busy)
    instances.describe_instances(busy, filters=[("instance-state-name", "running")])
    assert busy == before


# --- invariants ----------------------------------------------------------------------------------


def test_the_invariants_know_blocked_indexes_and_pending_instances(account: Account) -> None:
    names = names_of(account)
    web = account.instances[names["web-1"]]
    web.blocked_device_indexes = [0]
    problems = invariants.check(account)
    assert any("device index 0 is blocked" in p for p in problems), problems
    web.blocked_device_indexes = []
    account.instances["i-0000000000000000a"] = Instance(
        "i-0000000000000000a", "t3.micro", "pending", names["public"]
    )
    assert invariants.check(account) == []
    account.instances["i-0000000000000000a"].state = "running"
    assert invariants.check(account) == [
        "instance i-0000000000000000a: has no primary interface at device index 0"
    ]

"""RunInstances (eni-rules.md §9.4, §0 j, §11): the implicit primary interface, the default
subnet, cold attach of existing interfaces, new interfaces described inline, launching as many as
fit, and every refusal in EC2's order (syntax, existence, state and combination rules, limits).

A refused launch must leave the account exactly as it was, ID counter included (`refused`), so
the next launch gets the IDs it would have had without the refusal.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from ec2eni.engine import attachments, clock, instances, interfaces, launch
from ec2eni.engine.descriptions import InterfaceDescription
from ec2eni.engine.invariants import check
from ec2eni.engine.launch import InterfaceSpec
from ec2eni.engine.model import Account, Address, SecurityGroup
from ec2eni.store import codec
from tests.conftest import names_of
from tests.engine.support import refused

AMI = "ami-0123456789abcdef0"
NOW = datetime(2026, 1, 1, 9, 0, 0, tzinfo=UTC)
AZ_MISMATCH = (
    "InvalidParameterCombination",
    "You may not attach a network interface to an instance if they are not in the same "
    "availability zone",
)
MULTIPLE = (
    "InvalidParameterCombination",
    "An existing network interface or a private IP address can only be given when launching "
    "one instance.",
)


@pytest.fixture(autouse=True)
def fixed_clock() -> Iterator[None]:
    clock.set_now(NOW)
    yield
    clock.set_now(None)


def run(account: Account, **options: Any) -> Callable[[], object]:
    image = options.pop("image_id", AMI)
    return lambda: launch.run_instances(account, image, **options)


def spec(device_index: int, **fields: Any) -> InterfaceSpec:
    return InterfaceSpec(device_index=device_index, **fields)


def new_eni(account: Account, subnet: str, **options: Any) -> str:
    subnet_id = names_of(account)[subnet]
    return interfaces.create_network_interface(account, subnet_id, **options).network_interface_id


def nics(account: Account, instance_id: str) -> list[InterfaceDescription]:
    [reservation] = instances.describe_instances(account, [instance_id])
    return list(reservation.instances[0].network_interfaces)


# --- launches ------------------------------------------------------------------------------------


def test_a_bare_launch_goes_to_the_default_subnet_of_the_first_zone(account: Account) -> None:
    names = names_of(account)
    before = copy.deepcopy(account)
    reservation = launch.run_instances(account, AMI)

    [answer] = reservation.instances
    assert reservation.owner_id == "123456789012" and reservation.group_names == ()
    instance = account.instances[answer.instance_id]
    assert (instance.subnet_id, instance.state, instance.since) == (
        names["default-a"],
        "running",  # instant timing stores the final state...
        "",
    )
    assert (answer.state, answer.state_code) == ("pending", 0)  # ...the answer says pending
    assert (instance.image_id, instance.instance_type, instance.key_name) == (AMI, "m1.small", "")
    assert instance.reservation_id == reservation.reservation_id
    assert instance.reservation_id.startswith("r-") and len(instance.reservation_id) == 19
    assert (instance.launch_time, instance.launch_index) == ("2026-01-01T09:00:00.000Z", 0)
    assert instance.blocked_device_indexes == []

    # §0 j: the implicit primary: new, delete on termination, its description, the VPC's group.
    [eni] = account.interfaces_of(instance.id)
    assert eni.id not in before.network_interfaces
    assert eni.description == "Primary network interface"
    assert eni.group_ids == [names["default/default"]]
    assert eni.private_ip_address == "172.31.0.4"  # lowest free address of 172.31.0.0/20
    assert eni.secondary_private_ip_addresses == []
    a = eni.attachment
    assert a is not None
    assert (a.instance_id, a.device_index, a.delete_on_termination, a.status) == (
        instance.id,
        0,
        True,
        "attached",
    )
    assert a.attach_time == "2026-01-01T09:00:00.000Z"
    [nic] = answer.network_interfaces
    assert nic.attachment is not None and nic.attachment.status == "attaching"
    assert answer.private_ip_address == "172.31.0.4"
    assert answer.groups == ((names["default/default"], "default"),)
    assert check(account) == []
    # Describe shows what is stored.
    [described] = instances.describe_instances(account, [instance.id])
    assert described.instances[0].state == "running"
    [stored_nic] = described.instances[0].network_interfaces
    assert stored_nic.attachment is not None and stored_nic.attachment.status == "attached"


def test_options_of_a_launch_are_stored(account: Account) -> None:
    names = names_of(account)
    reservation = launch.run_instances(
        account,
        "ami-1a2b3c4d",
        instance_type="t3.small",
        subnet_id=names["public"],
        group_ids=[names["workshop/web"], names["workshop/ssh-admin"], names["workshop/web"]],
        key_name="my-key",
        private_ip_address="10.0.1.50",
        secondary_private_ip_addresses=["10.0.1.51"],
    )
    [answer] = reservation.instances
    instance = account.instances[answer.instance_id]
    assert (instance.image_id, instance.instance_type, instance.key_name) == (
        "ami-1a2b3c4d",
        "t3.small",
        "my-key",
    )
    [eni] = account.interfaces_of(instance.id)
    assert eni.private_ip_addresses == ["10.0.1.50", "10.0.1.51"]
    assert eni.group_ids == [names["workshop/web"], names["workshop/ssh-admin"]]
    assert answer.groups == (
        (names["workshop/web"], "web"),
        (names["workshop/ssh-admin"], "ssh-admin"),
    )
    assert answer.tenancy == "default" and answer.vpc_id == names["workshop"]


def test_a_secondary_count_at_instance_level(account: Account) -> None:
    names = names_of(account)
    reservation = launch.run_instances(
        account, AMI, subnet_id=names["management"], secondary_private_ip_address_count=2
    )
    [eni] = account.interfaces_of(reservation.instances[0].instance_id)
    assert eni.private_ip_addresses == ["10.0.2.4", "10.0.2.5", "10.0.2.6"]


@pytest.mark.parametrize(
    ("zone", "subnet"), [("us-east-1b", "default-b"), ("us-east-1c", "default-c")]
)
def test_a_zone_picks_that_zones_default_subnet(account: Account, zone: str, subnet: str) -> None:
    reservation = launch.run_instances(account, AMI, availability_zone=zone)
    assert reservation.instances[0].subnet_id == names_of(account)[subnet]
    assert reservation.instances[0].availability_zone == zone


def test_several_instances_share_one_reservation(account: Account) -> None:
    names = names_of(account)
    reservation = launch.run_instances(
        account, AMI, min_count=3, max_count=3, subnet_id=names["management"]
    )
    launched = [account.instances[d.instance_id] for d in reservation.instances]
    assert [i.launch_index for i in launched] == [0, 1, 2]
    assert {i.reservation_id for i in launched} == {reservation.reservation_id}
    addresses = [d.private_ip_address for d in reservation.instances]
    assert addresses == ["10.0.2.4", "10.0.2.5", "10.0.2.6"]
    # One interface each, none shared.
    enis = [e.id for i in launched for e in account.interfaces_of(i.id)]
    assert len(set(enis)) == 3
    # Describe groups them under their reservation, in account order.
    described = instances.describe_instances(account)
    assert [r.reservation_id for r in described][-1] == reservation.reservation_id
    assert [d.instance_id for d in described[-1].instances] == [i.id for i in launched]
    assert check(account) == []


def test_as_many_as_fit_between_min_and_max(account: Account) -> None:
    tiny = names_of(account)["tiny"]  # a /28: 11 usable addresses
    reservation = launch.run_instances(account, AMI, min_count=5, max_count=20, subnet_id=tiny)
    assert len(reservation.instances) == 11
    # The subnet is now full.
    assert refused(account, run(account, subnet_id=tiny)) == (
        "InsufficientFreeAddressesInSubnet",
        "The specified subnet does not have enough free addresses to satisfy the request.",
    )


def test_fewer_than_min_fitting_launches_nothing(account: Account) -> None:
    tiny = names_of(account)["tiny"]
    assert refused(account, run(account, min_count=12, max_count=12, subnet_id=tiny))[0] == (
        "InsufficientFreeAddressesInSubnet"
    )
    # With secondaries, each instance needs more: 11 // 3 = 3 instances.
    reservation = launch.run_instances(
        account, AMI, max_count=5, subnet_id=tiny, secondary_private_ip_address_count=2
    )
    assert len(reservation.instances) == 3


def test_the_interface_quota_caps_a_launch(account: Account) -> None:
    names = names_of(account)
    account.eni_quota = len(account.network_interfaces) + 2
    reservation = launch.run_instances(account, AMI, max_count=5, subnet_id=names["backend"])
    assert len(reservation.instances) == 2
    assert refused(account, run(account, subnet_id=names["backend"])) == (
        "NetworkInterfaceLimitExceeded",
        f"You have reached the limit of {account.eni_quota} network interfaces in this region.",
    )


def test_a_refused_launch_draws_no_id(account: Account) -> None:
    names = names_of(account)
    twin = copy.deepcopy(account)
    refused(account, run(account, subnet_id=names["public"], private_ip_address="10.0.1.4"))
    refused(account, run(account, instance_type="t9.huge"))
    refused(account, run(account, min_count=12, subnet_id=names["tiny"], max_count=12))
    first = launch.run_instances(account, AMI)
    second = launch.run_instances(twin, AMI)
    assert first == second
    assert codec.encode(account) == codec.encode(twin)


def test_ids_are_never_reused(account: Account) -> None:
    names = names_of(account)
    before = set(account.instances)
    launched = launch.run_instances(account, AMI, subnet_id=names["public"])
    instance_id = launched.instances[0].instance_id
    instances.terminate_instances(account, [instance_id])
    again = launch.run_instances(account, AMI, subnet_id=names["public"])
    assert again.instances[0].instance_id not in before | {instance_id}
    assert account.instances[instance_id].state == "terminated"  # still there, still its own


# --- network interfaces (-a) ---------------------------------------------------------------------


def test_cold_attach_of_an_existing_interface_and_a_new_one(account: Account) -> None:
    names = names_of(account)
    existing = new_eni(account, "public", description="kept", secondary_private_ip_address_count=1)
    kept = copy.deepcopy(account.network_interfaces[existing])
    reservation = launch.run_instances(
        account,
        AMI,
        instance_type="t3.small",
        network_interfaces=[
            spec(0, network_interface_id=existing),
            spec(1, subnet_id=names["management"], description="management NIC"),
        ],
    )
    [answer] = reservation.instances
    instance = account.instances[answer.instance_id]
    # The existing interface at index 0 is the primary: the instance is in its subnet.
    assert instance.subnet_id == names["public"]
    assert answer.private_ip_address == kept.private_ip_address
    eni = account.network_interfaces[existing]
    assert eni.attachment is not None
    # §0 j: an existing interface keeps delete-on-termination false; a new one listed is true.
    assert (eni.attachment.device_index, eni.attachment.delete_on_termination) == (0, False)
    assert (eni.mac_address, eni.private_ip_addresses, eni.group_ids, eni.description) == (
        kept.mac_address,
        kept.private_ip_addresses,
        kept.group_ids,
        kept.description,
    )
    [new] = [e for e in account.interfaces_of(instance.id) if e.id != existing]
    assert new.attachment is not None
    assert (new.attachment.device_index, new.attachment.delete_on_termination) == (1, True)
    assert (new.subnet_id, new.description) == (names["management"], "management NIC")
    assert new.group_ids == [names["workshop/default"]]
    assert [n.network_interface_id for n in answer.network_interfaces] == [existing, new.id]
    assert check(account) == []


def test_a_new_interface_options_and_delete_on_termination(account: Account) -> None:
    names = names_of(account)
    reservation = launch.run_instances(
        account,
        AMI,
        instance_type="t3.small",
        network_interfaces=[
            spec(
                0,
                subnet_id=names["public"],
                private_ip_address="10.0.1.60",
                group_ids=(names["workshop/web"],),
                delete_on_termination=False,
                secondary_private_ip_addresses=("10.0.1.61", "10.0.1.62"),
            ),
        ],
    )
    [eni] = account.interfaces_of(reservation.instances[0].instance_id)
    assert eni.private_ip_addresses == ["10.0.1.60", "10.0.1.61", "10.0.1.62"]
    assert eni.group_ids == [names["workshop/web"]]
    assert eni.attachment is not None and eni.attachment.delete_on_termination is False
    assert eni.description == ""


def test_listed_new_interfaces_in_the_same_subnet_get_distinct_addresses(
    account: Account,
) -> None:
    names = names_of(account)
    reservation = launch.run_instances(
        account,
        AMI,
        instance_type="m5.large",
        max_count=2,
        network_interfaces=[
            spec(1, subnet_id=names["management"], secondary_private_ip_address_count=1),
            spec(0, subnet_id=names["management"]),
        ],
    )
    held = [
        (nic.attachment.device_index if nic.attachment else -1, nic.private_ip_address)
        for d in reservation.instances
        for nic in d.network_interfaces
    ]
    # Handed out in launch order, the entries in the order given: 1 (two addresses), then 0.
    assert held == [
        (0, "10.0.2.6"),
        (1, "10.0.2.4"),
        (0, "10.0.2.9"),
        (1, "10.0.2.7"),
    ]
    assert check(account) == []


def test_a_new_interface_without_a_subnet_goes_to_the_default_subnet(account: Account) -> None:
    names = names_of(account)
    reservation = launch.run_instances(account, AMI, network_interfaces=[spec(0)])
    assert reservation.instances[0].subnet_id == names["default-a"]


def test_a_secondary_interface_may_come_from_another_vpc_of_the_zone(account: Account) -> None:
    names = names_of(account)
    reservation = launch.run_instances(
        account,
        AMI,
        network_interfaces=[
            spec(0, subnet_id=names["public"]),
            spec(1, subnet_id=names["default-a"]),
        ],
    )
    vpcs = [n.vpc_id for n in reservation.instances[0].network_interfaces]
    assert vpcs == [names["workshop"], names["default"]]
    assert check(account) == []


# --- refusals: syntax and values -----------------------------------------------------------------


@pytest.mark.parametrize("image", ["ami-xyz", "ami-", "i-0123abcd", "AMI-0123ABCD", ""])
def test_a_malformed_image_is_refused(account: Account, image: str) -> None:
    assert refused(account, run(account, image_id=image)) == (
        "InvalidAMIID.Malformed",
        f'Invalid id: "{image}" (expecting "ami-...")',
    )


@pytest.mark.parametrize("instance_type", ["t9.huge", "", "M1.SMALL", "m1.small "])
def test_an_unknown_instance_type_is_refused(account: Account, instance_type: str) -> None:
    assert refused(account, run(account, instance_type=instance_type)) == (
        "InvalidParameterValue",
        f"Invalid value '{instance_type}' for InstanceType.",
    )


@pytest.mark.parametrize(
    ("low", "high", "message"),
    [
        (
            0,
            1,
            "Value (0) for parameter minCount is invalid. Expecting an integer from 1 to 65535.",
        ),
        (
            1,
            0,
            "Value (0) for parameter maxCount is invalid. Expecting an integer from 1 to 65535.",
        ),
        (
            1,
            65536,
            "Value (65536) for parameter maxCount is invalid. "
            "Expecting an integer from 1 to 65535.",
        ),
        (3, 2, "Value (3) for parameter minCount is invalid. It must not exceed maxCount (2)."),
    ],
)
def test_bad_counts_are_refused(account: Account, low: int, high: int, message: str) -> None:
    assert refused(account, run(account, min_count=low, max_count=high)) == (
        "InvalidParameterValue",
        message,
    )


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"subnet_id": "subnet-XYZ"}, "InvalidSubnetID.Malformed"),
        ({"group_ids": ["default"]}, "InvalidGroupId.Malformed"),
        (
            {"network_interfaces": [spec(0, network_interface_id="eni-attach-1")]},
            "InvalidNetworkInterfaceId.Malformed",
        ),
        ({"private_ip_address": "10.0.1"}, "InvalidParameterValue"),
        ({"network_interfaces": [spec(32)]}, "InvalidParameterValue"),
        ({"network_interfaces": [spec(0, description="x" * 256)]}, "InvalidParameterValue"),
    ],
)
def test_syntax_errors(account: Account, options: dict[str, Any], expected: str) -> None:
    code, _ = refused(account, run(account, **options))
    assert code == expected


def test_a_bad_device_index_is_named(account: Account) -> None:
    for index in (-1, 32):
        assert refused(account, run(account, network_interfaces=[spec(index)])) == (
            "InvalidParameterValue",
            f"Invalid network device index '{index}'",
        )


def test_a_secondary_count_and_list_together_are_refused(account: Account) -> None:
    names = names_of(account)
    assert refused(
        account,
        run(
            account,
            subnet_id=names["public"],
            secondary_private_ip_address_count=1,
            secondary_private_ip_addresses=["10.0.1.70"],
        ),
    ) == (
        "InvalidParameterCombination",
        "Cannot specify both a secondary private IP address count and secondary private IP "
        "addresses.",
    )


def test_syntax_wins_over_existence(account: Account) -> None:
    code, _ = refused(
        account, run(account, instance_type="t9.huge", subnet_id="subnet-0123456789abcdef0")
    )
    assert code == "InvalidParameterValue"


# --- refusals: existence -------------------------------------------------------------------------


def test_unknown_resources_are_not_found(account: Account) -> None:
    names = names_of(account)
    assert refused(account, run(account, subnet_id="subnet-0123abcd")) == (
        "InvalidSubnetID.NotFound",
        "The subnet ID 'subnet-0123abcd' does not exist",
    )
    assert refused(
        account, run(account, network_interfaces=[spec(0, network_interface_id="eni-0123abcd")])
    ) == (
        "InvalidNetworkInterfaceID.NotFound",
        "The networkInterface ID 'eni-0123abcd' does not exist",
    )
    for group in ("sg-0123abcd", names["default/default"]):
        assert refused(
            account,
            run(account, subnet_id=names["public"], group_ids=[names["workshop/web"], group]),
        ) == (
            "InvalidGroup.NotFound",
            f"The security group '{group}' does not exist in VPC '{names['workshop']}'",
        )


def test_an_unknown_zone_is_refused(account: Account) -> None:
    assert refused(account, run(account, availability_zone="us-east-1z")) == (
        "InvalidParameterValue",
        "Invalid availability zone: [us-east-1z]",
    )


def test_without_a_default_subnet_a_subnet_is_required(account: Account) -> None:
    names = names_of(account)
    account.subnets[names["default-b"]].default_for_az = False
    message = f"No subnets found for the default VPC '{names['default']}'. Please specify a subnet."
    assert refused(account, run(account, availability_zone="us-east-1b")) == (
        "MissingInput",
        message,
    )
    for subnet in account.subnets.values():
        subnet.default_for_az = False
    assert refused(account, run(account)) == ("MissingInput", message)
    account.vpcs[names["default"]].is_default = False
    assert refused(account, run(account)) == ("VPCIdNotSpecified", "No default VPC for this user")
    # A named subnet needs no default.
    launch.run_instances(account, AMI, subnet_id=names["default-b"])


# --- refusals: combinations and state ------------------------------------------------------------


@pytest.mark.parametrize(
    ("instance_level", "what"),
    [
        ({"subnet_id": "subnet-d3d57647d7c3f13c9"}, "an instance-level subnet ID"),
        ({"group_ids": ["sg-ca14ccdaba34ac2c1"]}, "instance-level security groups"),
        ({"private_ip_address": "10.0.1.80"}, "an instance-level private IP address"),
        ({"secondary_private_ip_address_count": 1}, "an instance-level private IP address"),
    ],
)
def test_interfaces_exclude_instance_level_options(
    account: Account, instance_level: dict[str, Any], what: str
) -> None:
    names = names_of(account)
    options = {"network_interfaces": [spec(0, subnet_id=names["public"])], **instance_level}
    assert refused(account, run(account, **options)) == (
        "InvalidParameterCombination",
        f"Network interfaces and {what} may not be specified on the same request",
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"subnet_id": "subnet-d3d57647d7c3f13c9"}, "both {} and a subnet"),
        ({"private_ip_address": "10.0.1.90"}, "both {} and a private IP address"),
        ({"secondary_private_ip_address_count": 1}, "both {} and a private IP address"),
        ({"group_ids": ("sg-ca14ccdaba34ac2c1",)}, "both {} and security groups"),
        ({"description": "x"}, "both {} and a description"),
        ({"delete_on_termination": True}, "{} and delete on termination as true"),
    ],
)
def test_an_existing_interface_takes_no_creation_options(
    account: Account, fields: dict[str, Any], message: str
) -> None:
    eni_id = new_eni(account, "public")
    entry = spec(0, network_interface_id=eni_id, **fields)
    assert refused(account, run(account, network_interfaces=[entry])) == (
        "InvalidParameterCombination",
        "A network interface may not specify " + message.format("a network interface ID"),
    )


def test_an_existing_interface_with_delete_on_termination_false_is_fine(account: Account) -> None:
    eni_id = new_eni(account, "public")
    entry = spec(0, network_interface_id=eni_id, delete_on_termination=False)
    launch.run_instances(account, AMI, network_interfaces=[entry])


def test_one_interface_twice_is_refused(account: Account) -> None:
    names = names_of(account)
    eni_id = new_eni(account, "public")
    entries = [spec(0, network_interface_id=eni_id), spec(1, network_interface_id=eni_id)]
    account.instances[names["web-1"]].instance_type = "t3.small"
    assert refused(account, run(account, instance_type="t3.small", network_interfaces=entries)) == (
        "InvalidParameterValue",
        f"Network interface ID '{eni_id}' may not be specified on multiple interfaces.",
    )


@pytest.mark.parametrize("what", ["existing", "primary", "secondary"])
def test_fixed_interfaces_and_addresses_need_a_single_instance(account: Account, what: str) -> None:
    names = names_of(account)
    public = names["public"]
    entry = {
        "existing": spec(0, network_interface_id=new_eni(account, "public")),
        "primary": spec(0, subnet_id=public, private_ip_address="10.0.1.99"),
        "secondary": spec(0, subnet_id=public, secondary_private_ip_addresses=("10.0.1.98",)),
    }[what]
    assert refused(account, run(account, min_count=1, max_count=2, network_interfaces=[entry])) == (
        MULTIPLE
    )
    launch.run_instances(account, AMI, network_interfaces=[entry])  # one is fine


def test_an_interface_in_use_is_refused(account: Account) -> None:
    names = names_of(account)
    for eni_id in (names["web-1-eth0"], new_eni(account, "public")):
        if account.network_interfaces[eni_id].attachment is None:
            account.network_interfaces[eni_id].requester_managed = True
        assert refused(
            account, run(account, network_interfaces=[spec(0, network_interface_id=eni_id)])
        ) == ("InvalidNetworkInterface.InUse", f"Interface: [{eni_id}] in use.")


def test_an_interface_of_a_terminated_launch_is_free_again(account: Account) -> None:
    names = names_of(account)
    eni_id = new_eni(account, "public")
    first = launch.run_instances(
        account, AMI, network_interfaces=[spec(0, network_interface_id=eni_id)]
    )
    instances.terminate_instances(account, [first.instances[0].instance_id])
    assert account.network_interfaces[eni_id].attachment is None
    again = launch.run_instances(
        account, AMI, network_interfaces=[spec(0, network_interface_id=eni_id)]
    )
    assert again.instances[0].subnet_id == names["public"]


def test_device_indexes_must_be_unique_and_include_0(account: Account) -> None:
    names = names_of(account)
    public = names["public"]
    assert refused(
        account,
        run(account, network_interfaces=[spec(0, subnet_id=public), spec(0, subnet_id=public)]),
    ) == ("InvalidParameterValue", "Each network interface requires a unique device index.")
    assert refused(account, run(account, network_interfaces=[spec(1, subnet_id=public)])) == (
        "UnsupportedOperation",
        "When specifying network interfaces, you must include a device at index 0",
    )


def test_all_interfaces_share_one_zone(account: Account) -> None:
    names = names_of(account)
    entries = [spec(0, subnet_id=names["public"]), spec(1, subnet_id=names["tiny"])]
    assert refused(account, run(account, network_interfaces=entries)) == AZ_MISMATCH
    existing = new_eni(account, "default-b")
    entries = [spec(0, subnet_id=names["public"]), spec(1, network_interface_id=existing)]
    assert refused(account, run(account, network_interfaces=entries)) == AZ_MISMATCH


def test_a_zone_must_match_the_subnet(account: Account) -> None:
    names = names_of(account)
    assert refused(
        account, run(account, subnet_id=names["tiny"], availability_zone="us-east-1a")
    ) == (
        "InvalidParameterValue",
        "Value (us-east-1a) for parameter availabilityZone is invalid. Subnet "
        f"'{names['tiny']}' is in the availability zone us-east-1b",
    )
    reservation = launch.run_instances(
        account, AMI, subnet_id=names["tiny"], availability_zone="us-east-1b"
    )
    assert reservation.instances[0].availability_zone == "us-east-1b"


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("10.0.1.4", "The specified address is already in use."),
        ("10.0.1.3", "Address 10.0.1.3 is in subnet's reserved address range"),
        ("10.0.1.255", "Address 10.0.1.255 is in subnet's reserved address range"),
        ("10.0.2.10", "Address 10.0.2.10 does not fall within the subnet's address range"),
    ],
)
def test_a_requested_primary_address_must_be_usable(
    account: Account, address: str, message: str
) -> None:
    names = names_of(account)
    code, text = refused(
        account, run(account, subnet_id=names["public"], private_ip_address=address)
    )
    assert text == message
    assert code == ("InvalidIPAddress.InUse" if "in use" in message else "InvalidParameterValue")


def test_a_requested_secondary_address_in_use_is_named(account: Account) -> None:
    names = names_of(account)
    assert refused(
        account,
        run(account, subnet_id=names["public"], secondary_private_ip_addresses=["10.0.1.5"]),
    ) == ("InvalidIPAddress.InUse", "Address 10.0.1.5 is in use.")


def test_one_address_for_two_interfaces_is_refused(account: Account) -> None:
    names = names_of(account)
    entries = [
        spec(0, subnet_id=names["public"], private_ip_address="10.0.1.70"),
        spec(1, subnet_id=names["public"], secondary_private_ip_addresses=("10.0.1.70",)),
    ]
    assert refused(account, run(account, network_interfaces=entries)) == (
        "InvalidParameterValue",
        "Address 10.0.1.70 is specified more than once",
    )


def test_existence_wins_over_combination_rules(account: Account) -> None:
    names = names_of(account)
    entries = [spec(0, network_interface_id="eni-0123abcd")]
    code, _ = refused(account, run(account, subnet_id=names["public"], network_interfaces=entries))
    assert code == "InvalidNetworkInterfaceID.NotFound"


# --- refusals: limits ----------------------------------------------------------------------------


def test_more_interfaces_than_the_type_allows(account: Account) -> None:
    names = names_of(account)
    entries = [spec(i, subnet_id=names["public"]) for i in range(3)]
    assert refused(account, run(account, instance_type="t3.micro", network_interfaces=entries)) == (
        "AttachmentLimitExceeded",
        "Interface count 3 exceeds the limit for t3.micro",
    )
    launch.run_instances(account, AMI, instance_type="t3.small", network_interfaces=entries)


def test_more_addresses_per_interface_than_the_type_allows(account: Account) -> None:
    names = names_of(account)
    expected = ("PrivateIpAddressLimitExceeded", "Number of private addresses will exceed limit.")
    options = {"subnet_id": names["public"], "secondary_private_ip_address_count": 2}
    assert refused(account, run(account, instance_type="t3.micro", **options)) == expected
    existing = new_eni(account, "public", secondary_private_ip_address_count=2)
    entry = spec(0, network_interface_id=existing)
    assert refused(account, run(account, instance_type="t2.micro", network_interfaces=[entry])) == (
        expected
    )
    launch.run_instances(account, AMI, instance_type="t3.small", network_interfaces=[entry])


def test_more_groups_than_the_quota(account: Account) -> None:
    names = names_of(account)
    for n in range(3):
        group = SecurityGroup(f"sg-0000000000000000{n}", names["workshop"], f"extra-{n}", "extra")
        account.security_groups[group.id] = group
    six = [g.id for g in account.security_groups.values() if g.vpc_id == names["workshop"]]
    assert len(six) == 6
    assert refused(account, run(account, subnet_id=names["public"], group_ids=six)) == (
        "SecurityGroupsPerInterfaceLimitExceeded",
        "The maximum number of security groups per interface has been reached.",
    )
    launch.run_instances(account, AMI, subnet_id=names["public"], group_ids=six[:5])


def test_the_combination_rules_win_over_the_limits(account: Account) -> None:
    names = names_of(account)
    entries = [spec(i, subnet_id=names["public"]) for i in range(3)] + [
        spec(3, subnet_id=names["tiny"])
    ]
    assert refused(account, run(account, instance_type="t3.micro", network_interfaces=entries)) == (
        AZ_MISMATCH
    )


# --- what the launch leaves behind ---------------------------------------------------------------


def test_launched_instances_take_attaches_and_elastic_ips_like_any_other(account: Account) -> None:
    names = names_of(account)
    reservation = launch.run_instances(
        account, AMI, subnet_id=names["public"], instance_type="t3.small"
    )
    instance_id = reservation.instances[0].instance_id
    extra = new_eni(account, "management")
    attachments.attach_network_interface(account, extra, instance_id, 2)
    [primary] = [
        n for n in nics(account, instance_id) if n.attachment and n.attachment.device_index == 0
    ]
    account.addresses["eipalloc-00000000000000001"] = Address(
        allocation_id="eipalloc-00000000000000001",
        public_ip="203.0.113.9",
        association_id="eipassoc-00000000000000001",
        network_interface_id=primary.network_interface_id,
        private_ip_address=primary.private_ip_address,
    )
    [r] = instances.describe_instances(account, [instance_id])
    d = r.instances[0]
    assert (d.public_ip_address, d.public_dns_name) == (
        "203.0.113.9",
        "ec2-203-0-113-9.compute-1.amazonaws.com",
    )
    assert [n.attachment.device_index for n in d.network_interfaces if n.attachment] == [0, 2]
    assert check(account) == []

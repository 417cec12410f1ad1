"""Elastic IPs (eni-rules.md §9.2, legacy-cli.md §13): allocation from the documentation ranges
within the account's quota, association with a private IP of an interface (one Elastic IP per
private IP), reassociation, disassociation, release, describe with filters; an association
follows its interface through detach and attach and goes with the interface; the file setting
`elastic_ip_quota` and the rules the checker applies to addresses."""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Callable
from typing import Any

import pytest

from ec2eni.engine import addresses, attachments, instances, interfaces
from ec2eni.engine.addresses import AddressDescription
from ec2eni.engine.invariants import check
from ec2eni.engine.model import Account, Address
from ec2eni.store import cache, codec
from tests.conftest import names_of
from tests.engine.support import refused

OWNER = "123456789012"


def allocate(account: Account) -> AddressDescription:
    return addresses.allocate_address(account, "vpc")


def associate(account: Account, allocation_id: str, **kwargs: Any) -> Callable[[], object]:
    return lambda: addresses.associate_address(account, allocation_id, **kwargs)


def described(account: Account, allocation_id: str) -> AddressDescription:
    (d,) = addresses.describe_addresses(account, allocation_ids=[allocation_id])
    return d


# --- allocate -----------------------------------------------------------------------------------


def test_allocation_takes_the_lowest_free_documentation_address(account: Account) -> None:
    first = addresses.allocate_address(account)
    assert first == AddressDescription(
        public_ip="203.0.113.1",
        allocation_id=first.allocation_id,
        domain="vpc",
        instance_id="",
        association_id="",
        network_interface_id="",
        network_interface_owner_id="",
        private_ip_address="",
        tags=(),
    )
    assert first.allocation_id.startswith("eipalloc-") and len(first.allocation_id) == 26
    second = addresses.allocate_address(account, "VPC")  # the legacy client let any case through
    assert second.public_ip == "203.0.113.2"
    addresses.release_address(account, first.allocation_id)
    again = allocate(account)
    assert again.public_ip == "203.0.113.1"
    assert again.allocation_id not in (first.allocation_id, second.allocation_id)
    assert check(account) == []


def test_a_fresh_account_always_gets_the_same_addresses_and_ids() -> None:
    from ec2eni.engine.default_account import build_default_account

    one, two = build_default_account(), build_default_account()
    assert [allocate(one) for _ in range(3)] == [allocate(two) for _ in range(3)]


def test_allocation_skips_held_addresses_and_moves_on_to_the_second_range(
    account: Account,
) -> None:
    account.elastic_ip_quota = 300
    held = Address(allocation_id="eipalloc-00000001", public_ip="203.0.113.1")
    account.addresses[held.allocation_id] = held
    assert allocate(account).public_ip == "203.0.113.2"
    for _ in range(252):
        allocate(account)
    assert "203.0.113.254" in {a.public_ip for a in account.addresses.values()}
    assert not any(a.public_ip.endswith((".0", ".255")) for a in account.addresses.values())
    assert allocate(account).public_ip == "198.51.100.1"
    assert check(account) == []


def test_the_quota_is_five_and_an_account_setting(account: Account) -> None:
    assert account.elastic_ip_quota == 5
    for _ in range(5):
        allocate(account)
    limit = (
        "AddressLimitExceeded",
        "The maximum number of addresses has been reached.",
    )
    assert refused(account, lambda: allocate(account)) == limit
    account.elastic_ip_quota = 6
    assert allocate(account).public_ip == "203.0.113.6"
    # Lowered below what is held: nothing is taken away, no new address is given.
    account.elastic_ip_quota = 2
    assert check(account) == []
    assert refused(account, lambda: allocate(account)) == limit
    account.elastic_ip_quota = 0
    assert check(account) == []


def test_no_free_documentation_address_left(account: Account) -> None:
    account.elastic_ip_quota = 1000
    for _ in range(508):
        allocate(account)
    assert refused(account, lambda: allocate(account)) == (
        "InsufficientAddressCapacity",
        "Not enough available addresses to satisfy your minimum request.",
    )


def test_only_the_vpc_domain_exists(account: Account) -> None:
    assert refused(account, lambda: addresses.allocate_address(account, "standard")) == (
        "InvalidParameterValue",
        "Invalid value 'standard' for domain.",
    )


# --- release ------------------------------------------------------------------------------------


def test_release_refusals_in_order(account: Account) -> None:
    names = names_of(account)
    a = allocate(account)
    release = addresses.release_address
    assert refused(account, lambda: release(account, "eipalloc-xyz")) == (
        "InvalidAllocationID.Malformed",
        'Invalid id: "eipalloc-xyz" (expecting "eipalloc-...")',
    )
    assert refused(account, lambda: release(account, "eipalloc-0123abcd")) == (
        "InvalidAllocationID.NotFound",
        "The allocation ID 'eipalloc-0123abcd' does not exist",
    )
    addresses.associate_address(account, a.allocation_id, network_interface_id=names["web-1-eth0"])
    assert refused(account, lambda: release(account, a.allocation_id)) == (
        "InvalidIPAddress.InUse",
        "Address 203.0.113.1 is in use.",
    )
    # The EC2-Classic form: refused for a VPC address, and for an address not held.
    assert refused(account, lambda: release(account, public_ip="203.0.113.1")) == (
        "InvalidParameterValue",
        "You must specify an allocation id when releasing a VPC elastic IP address",
    )
    assert refused(account, lambda: release(account, public_ip="203.0.113.99")) == (
        "AuthFailure",
        "The address '203.0.113.99' does not belong to you.",
    )
    assert refused(account, lambda: release(account, public_ip="203.0.113")) == (
        "InvalidParameterValue",
        "Invalid value '203.0.113' for PublicIp. Not a valid IPv4 address",
    )
    assert refused(account, lambda: release(account, a.allocation_id, public_ip="203.0.113.1")) == (
        "InvalidParameterCombination",
        "You may specify public IP or allocation id, but not both in the same call",
    )
    assert refused(account, lambda: release(account)) == (
        "MissingParameter",
        "The request must contain the parameter AllocationId",
    )


def test_release_removes_only_the_address(account: Account) -> None:
    a, b = allocate(account), allocate(account)
    addresses.release_address(account, a.allocation_id)
    assert list(account.addresses) == [b.allocation_id]
    assert refused(account, lambda: addresses.release_address(account, a.allocation_id))[0] == (
        "InvalidAllocationID.NotFound"
    )


# --- associate ----------------------------------------------------------------------------------


def test_associate_with_an_interface_uses_its_primary_ip(account: Account) -> None:
    names = names_of(account)
    a = allocate(account)
    association_id = addresses.associate_address(
        account, a.allocation_id, network_interface_id=names["web-1-eth0"]
    )
    assert association_id.startswith("eipassoc-") and len(association_id) == 26
    d = described(account, a.allocation_id)
    assert (d.instance_id, d.association_id, d.network_interface_id) == (
        names["web-1"],
        association_id,
        names["web-1-eth0"],
    )
    assert (d.private_ip_address, d.network_interface_owner_id) == ("10.0.1.4", OWNER)
    # The interface and the instance show it.
    (eni,) = interfaces.describe_network_interfaces(account, [names["web-1-eth0"]])
    association = eni.private_ip_addresses[0].association
    assert association is not None
    assert (association.public_ip, association.association_id) == ("203.0.113.1", association_id)
    (reservation,) = instances.describe_instances(account, [names["web-1"]])
    assert reservation.instances[0].public_ip_address == "203.0.113.1"
    assert check(account) == []


def test_associate_with_a_secondary_ip_and_with_an_instance(account: Account) -> None:
    names = names_of(account)
    eni = interfaces.create_network_interface(
        account, names["public"], secondary_private_ip_address_count=1
    )
    secondary = eni.private_ip_addresses[1].private_ip_address
    a, b = allocate(account), allocate(account)
    addresses.associate_address(
        account,
        a.allocation_id,
        network_interface_id=eni.network_interface_id,
        private_ip_address=secondary,
    )
    assert described(account, a.allocation_id).private_ip_address == secondary
    assert described(account, a.allocation_id).instance_id == ""
    # -i: the instance's only interface, at its primary IP; a stopped instance takes one too.
    addresses.associate_address(account, b.allocation_id, instance_id=names["db-1"])
    d = described(account, b.allocation_id)
    assert (d.instance_id, d.network_interface_id, d.private_ip_address) == (
        names["db-1"],
        names["db-1-eth0"],
        "172.31.16.4",
    )
    assert check(account) == []


def test_associating_again_with_the_same_target_changes_nothing(account: Account) -> None:
    names = names_of(account)
    a = allocate(account)
    first = addresses.associate_address(account, a.allocation_id, instance_id=names["web-1"])
    before = copy.deepcopy(account)
    again = addresses.associate_address(
        account,
        a.allocation_id,
        network_interface_id=names["web-1-eth0"],
        private_ip_address="10.0.1.4",
    )
    assert again == first
    assert account == before


def test_an_associated_address_moves_only_with_allow_reassociation(account: Account) -> None:
    names = names_of(account)
    a = allocate(account)
    first = addresses.associate_address(account, a.allocation_id, instance_id=names["web-1"])
    move = associate(account, a.allocation_id, network_interface_id=names["standby-1-eth0"])
    assert refused(account, move) == (
        "Resource.AlreadyAssociated",
        f"resource {a.allocation_id} is already associated with associate-id {first}",
    )
    moved = addresses.associate_address(
        account,
        a.allocation_id,
        network_interface_id=names["standby-1-eth0"],
        allow_reassociation=True,
    )
    assert moved != first
    d = described(account, a.allocation_id)
    assert (d.instance_id, d.association_id, d.private_ip_address) == (
        names["standby-1"],
        moved,
        "10.0.1.5",
    )
    (web,) = interfaces.describe_network_interfaces(account, [names["web-1-eth0"]])
    assert web.private_ip_addresses[0].association is None
    assert check(account) == []


def test_a_private_ip_holds_one_elastic_ip_the_new_one_replaces_it(account: Account) -> None:
    names = names_of(account)
    a, b = allocate(account), allocate(account)
    addresses.associate_address(account, a.allocation_id, instance_id=names["web-1"])
    addresses.associate_address(account, b.allocation_id, instance_id=names["web-1"])
    assert described(account, a.allocation_id).association_id == ""
    assert described(account, a.allocation_id).network_interface_id == ""
    assert described(account, b.allocation_id).private_ip_address == "10.0.1.4"
    assert check(account) == []


def test_associate_refusals(account: Account) -> None:
    names = names_of(account)
    a = allocate(account)
    eni = names["web-1-eth0"]
    cases: list[tuple[dict[str, Any], tuple[str, str]]] = [
        (
            {"network_interface_id": "eni-xyz"},
            (
                "InvalidNetworkInterfaceId.Malformed",
                'Invalid id: "eni-xyz" (expecting "eni-...")',
            ),
        ),
        (
            {"instance_id": "i-0123abcd"},
            ("InvalidInstanceID.NotFound", "The instance ID 'i-0123abcd' does not exist"),
        ),
        (
            {"network_interface_id": eni, "private_ip_address": "10.0.1"},
            ("InvalidParameterValue", "invalid value for parameter address: 10.0.1"),
        ),
        (
            {"network_interface_id": eni, "private_ip_address": "10.0.1.9"},
            ("InvalidParameterValue", f"Address 10.0.1.9 is not assigned to interface {eni}"),
        ),
        (
            {"instance_id": names["old-1"]},
            (
                "InvalidInstanceID",
                f"The terminated instance '{names['old-1']}' is not in a valid state for this "
                "operation.",
            ),
        ),
        (
            {"instance_id": names["web-1"], "network_interface_id": eni},
            (
                "InvalidParameterCombination",
                "You may specify an instance or a network interface, but not both in the same call",
            ),
        ),
        ({}, ("MissingParameter", "The request must contain the parameter InstanceId")),
    ]
    for kwargs, expected in cases:
        assert refused(account, associate(account, a.allocation_id, **kwargs)) == expected, kwargs
    assert refused(account, associate(account, "eipalloc-q", network_interface_id=eni)) == (
        "InvalidAllocationID.Malformed",
        'Invalid id: "eipalloc-q" (expecting "eipalloc-...")',
    )
    # Malformed before NotFound, and the address before the target.
    assert refused(
        account, associate(account, "eipalloc-0123abcd", network_interface_id="eni-0123abcd")
    ) == ("InvalidAllocationID.NotFound", "The allocation ID 'eipalloc-0123abcd' does not exist")
    assert refused(
        account, associate(account, "eipalloc-0123abcd", network_interface_id="eni-zz")
    ) == ("InvalidNetworkInterfaceId.Malformed", 'Invalid id: "eni-zz" (expecting "eni-...")')


def test_the_ec2_classic_form_is_refused_for_vpc_targets(account: Account) -> None:
    names = names_of(account)
    allocate(account)

    def classic(public_ip: str, **kwargs: str) -> Callable[[], object]:
        return lambda: addresses.associate_address(account, public_ip=public_ip, **kwargs)

    assert refused(account, classic("203.0.113.1", instance_id=names["web-1"])) == (
        "InvalidParameterCombination",
        "You must specify an allocation id when mapping an address to a VPC instance",
    )
    assert refused(account, classic("203.0.113.1", instance_id="i-0123abcd"))[0] == (
        "InvalidInstanceID.NotFound"
    )
    assert refused(account, classic("203.0.113", instance_id=names["web-1"])) == (
        "InvalidParameterValue",
        "Invalid value '203.0.113' for PublicIp. Not a valid IPv4 address",
    )


def test_an_instance_with_several_interfaces_needs_an_interface_id(account: Account) -> None:
    names = names_of(account)
    a = allocate(account)
    second = interfaces.create_network_interface(account, names["public"]).network_interface_id
    attachments.attach_network_interface(account, second, names["web-1"], 1)
    assert refused(account, associate(account, a.allocation_id, instance_id=names["web-1"])) == (
        "InvalidInstanceID",
        f"There are multiple interfaces attached to instance '{names['web-1']}'. Please specify "
        "an interface ID for the operation instead.",
    )
    addresses.associate_address(account, a.allocation_id, network_interface_id=second)
    assert described(account, a.allocation_id).instance_id == names["web-1"]


@pytest.mark.parametrize("state", ["pending", "shutting-down"])
def test_an_instance_on_its_way_is_refused(account: Account, state: str) -> None:
    names = names_of(account)
    a = allocate(account)
    account.instances[names["app-1"]].state = state
    message = (
        "IncorrectInstanceState",
        f"The {state} instance to which '{names['app-1-eth0']}' is attached is not in a valid "
        "state for this operation",
    )
    assert refused(account, associate(account, a.allocation_id, instance_id=names["app-1"])) == (
        message
    )
    assert refused(
        account, associate(account, a.allocation_id, network_interface_id=names["app-1-eth0"])
    ) == (message)


def test_a_requester_managed_interface_is_the_services(account: Account) -> None:
    names = names_of(account)
    managed = interfaces.create_network_interface(account, names["public"]).network_interface_id
    account.network_interfaces[managed].requester_managed = True
    a, b = allocate(account), allocate(account)
    message = (
        "OperationNotPermitted",
        f"The network interface '{managed}' is requester-managed: only its tags can be changed.",
    )
    assert refused(account, associate(account, a.allocation_id, network_interface_id=managed)) == (
        message
    )
    # An address the service put there stays there.
    service = account.addresses[b.allocation_id]
    ip = account.network_interfaces[managed].private_ip_address
    service.association_id = "eipassoc-0000000000000000a"
    service.network_interface_id, service.private_ip_address = managed, ip
    assert check(account) == []
    move = associate(
        account,
        b.allocation_id,
        network_interface_id=names["web-1-eth0"],
        allow_reassociation=True,
    )
    assert refused(account, move) == message
    assert refused(
        account, lambda: addresses.disassociate_address(account, "eipassoc-0000000000000000a")
    ) == (message)


# --- disassociate -------------------------------------------------------------------------------


def test_disassociate_keeps_the_address_allocated(account: Account) -> None:
    names = names_of(account)
    a = allocate(account)
    association_id = addresses.associate_address(
        account, a.allocation_id, instance_id=names["web-1"]
    )
    addresses.disassociate_address(account, association_id)
    assert described(account, a.allocation_id) == a
    assert refused(account, lambda: addresses.disassociate_address(account, association_id)) == (
        "InvalidAssociationID.NotFound",
        f"The association ID '{association_id}' does not exist",
    )


def test_disassociate_refusals(account: Account) -> None:
    allocate(account)
    disassociate = addresses.disassociate_address
    assert refused(account, lambda: disassociate(account, "eipalloc-0123abcd")) == (
        "InvalidAssociationID.Malformed",
        'Invalid id: "eipalloc-0123abcd" (expecting "eipassoc-...")',
    )
    assert refused(account, lambda: disassociate(account, public_ip="203.0.113.1")) == (
        "InvalidParameterValue",
        "You must specify an association id when unmapping an address from a VPC instance",
    )
    assert refused(account, lambda: disassociate(account, public_ip="198.51.100.1")) == (
        "AuthFailure",
        "The address '198.51.100.1' does not belong to you.",
    )
    assert refused(account, lambda: disassociate(account)) == (
        "MissingParameter",
        "The request must contain the parameter AssociationId",
    )


# --- an association follows its interface ------------------------------------------------------


def test_the_address_follows_its_interface_through_detach_and_attach(account: Account) -> None:
    names = names_of(account)
    eni = interfaces.create_network_interface(account, names["public"]).network_interface_id
    attachment_id = attachments.attach_network_interface(account, eni, names["web-1"], 1)
    a = allocate(account)
    association_id = addresses.associate_address(account, a.allocation_id, network_interface_id=eni)
    assert described(account, a.allocation_id).instance_id == names["web-1"]

    attachments.detach_network_interface(account, attachment_id)
    d = described(account, a.allocation_id)
    assert (d.instance_id, d.network_interface_id, d.association_id) == ("", eni, association_id)

    attachments.attach_network_interface(account, eni, names["standby-1"], 1)
    d = described(account, a.allocation_id)
    assert (d.instance_id, d.network_interface_id, d.association_id) == (
        names["standby-1"],
        eni,
        association_id,
    )
    assert check(account) == []


def test_termination_disassociates_deleted_interfaces_and_keeps_the_others(
    account: Account,
) -> None:
    names = names_of(account)
    kept = interfaces.create_network_interface(account, names["public"]).network_interface_id
    attachments.attach_network_interface(account, kept, names["web-1"], 1)
    on_primary, on_kept = allocate(account), allocate(account)
    addresses.associate_address(
        account, on_primary.allocation_id, network_interface_id=names["web-1-eth0"]
    )
    association_id = addresses.associate_address(
        account, on_kept.allocation_id, network_interface_id=kept
    )
    instances.terminate_instances(account, [names["web-1"]])

    assert described(account, on_primary.allocation_id) == on_primary  # allocated, unassociated
    d = described(account, on_kept.allocation_id)
    assert (d.instance_id, d.network_interface_id, d.association_id) == ("", kept, association_id)
    assert check(account) == []


# --- describe -----------------------------------------------------------------------------------


def test_describe_by_ip_or_allocation_in_account_order(account: Account) -> None:
    a, b, c = allocate(account), allocate(account), allocate(account)
    describe = addresses.describe_addresses
    assert describe(account) == [a, b, c]
    assert describe(account, ["203.0.113.3", "203.0.113.1"]) == [a, c]
    assert describe(account, ["203.0.113.3"], [b.allocation_id, b.allocation_id]) == [b, c]
    assert describe(Account(region="us-east-1", owner_id=OWNER, seed="s")) == []


def test_describe_refusals_in_order(account: Account) -> None:
    allocate(account)
    describe = addresses.describe_addresses
    assert refused(account, lambda: describe(account, ["::1"], filters=[("bogus", "x")])) == (
        "InvalidParameterValue",
        "Invalid value '::1' for PublicIp. Not a valid IPv4 address",
    )
    assert refused(account, lambda: describe(account, [], ["foo"], [("bogus", "x")])) == (
        "InvalidAllocationID.Malformed",
        'Invalid id: "foo" (expecting "eipalloc-...")',
    )
    assert refused(account, lambda: describe(account, ["203.0.113.9"], [], [("bogus", "x")])) == (
        "InvalidParameterValue",
        "The filter 'bogus' is invalid",
    )
    assert refused(account, lambda: describe(account, ["203.0.113.9"])) == (
        "InvalidAddress.NotFound",
        "Address '203.0.113.9' not found.",
    )
    assert refused(account, lambda: describe(account, [], ["eipalloc-0123abcd"])) == (
        "InvalidAllocationID.NotFound",
        "The allocation ID 'eipalloc-0123abcd' does not exist",
    )


def test_describe_filters(account: Account) -> None:
    names = names_of(account)
    a, b, c = allocate(account), allocate(account), allocate(account)
    association_id = addresses.associate_address(
        account, a.allocation_id, instance_id=names["web-1"]
    )
    account.addresses[c.allocation_id].tags = {"Name": "spare", "team": ""}

    def found(*pairs: tuple[str, str]) -> list[str]:
        return [d.public_ip for d in addresses.describe_addresses(account, filters=pairs)]

    assert found(("allocation-id", b.allocation_id)) == ["203.0.113.2"]
    assert found(("association-id", association_id)) == ["203.0.113.1"]
    assert found(("association-id", "*")) == ["203.0.113.1"]
    assert found(("domain", "vpc")) == ["203.0.113.1", "203.0.113.2", "203.0.113.3"]
    assert found(("domain", "standard")) == []
    assert found(("instance-id", names["web-1"])) == ["203.0.113.1"]
    assert found(("instance-id", "")) == []
    assert found(("network-interface-id", names["web-1-eth0"])) == ["203.0.113.1"]
    assert found(("network-interface-owner-id", OWNER)) == ["203.0.113.1"]
    assert found(("private-ip-address", "10.0.1.4")) == ["203.0.113.1"]
    assert found(("public-ip", "203.0.113.[23]")) == []  # no character classes: `[` is literal
    assert found(("public-ip", "203.0.113.?"), ("public-ip", "x")) == [
        "203.0.113.1",
        "203.0.113.2",
        "203.0.113.3",
    ]
    assert found(("public-ip", "203.0.113.?"), ("domain", "vpc"), ("tag-key", "team")) == [
        "203.0.113.3"
    ]
    assert found(("tag:Name", "sp*")) == ["203.0.113.3"]
    assert found(("tag:team", "")) == ["203.0.113.3"]
    assert found(("tag-value", "spare")) == ["203.0.113.3"]
    assert "tag:<key>" in addresses.ADDRESS_NAMES.listing()


# --- the file -----------------------------------------------------------------------------------


def test_the_quota_is_written_read_and_cached(account: Account) -> None:
    account.elastic_ip_quota = 7
    allocate(account)
    text = codec.encode(account)
    assert "\nnetwork_interface_quota = 5000\nelastic_ip_quota = 7\n" in text
    decoded, problems = codec.decode(tomllib.loads(text))
    assert (problems, decoded) == ([], account)
    # A file without the setting (schema 2 files written before it existed) reads the default.
    document = tomllib.loads(text)
    del document["elastic_ip_quota"]
    assert codec.decode(document)[0].elastic_ip_quota == 5
    assert cache._account(cache._rows(account)) == account


def test_the_checker_on_addresses(account: Account) -> None:
    names = names_of(account)
    a, b = allocate(account), allocate(account)
    addresses.associate_address(account, a.allocation_id, instance_id=names["web-1"])
    addresses.associate_address(account, b.allocation_id, instance_id=names["standby-1"])
    assert check(account) == []
    account.elastic_ip_quota = -1
    second = account.addresses[b.allocation_id]
    second.association_id = account.addresses[a.allocation_id].association_id
    assert check(account) == [
        "top level: elastic_ip_quota must not be negative",
        f"address {b.allocation_id}: association_id {second.association_id} is also used by "
        f"{a.allocation_id}",
    ]
    second.private_ip_address = "10.0.1.4"
    second.network_interface_id = names["web-1-eth0"]
    account.elastic_ip_quota = 5
    assert check(account)[-1] == (
        f"address {b.allocation_id}: 10.0.1.4 of {names['web-1-eth0']} already has Elastic IP "
        f"{a.allocation_id}"
    )

"""DeleteNetworkInterface (eni-rules.md §4, §0 b): an available interface goes with its
addresses, its Elastic IPs stay allocated; an attached one is refused; Malformed before NotFound
before in-use."""

from __future__ import annotations

import copy
from collections.abc import Callable

import pytest

from ec2eni.engine import attachments, interfaces, network
from ec2eni.engine.invariants import check
from ec2eni.engine.model import Account, Address
from tests.conftest import names_of
from tests.engine.support import refused


def delete(account: Account, eni_id: str) -> Callable[[], object]:
    return lambda: interfaces.delete_network_interface(account, eni_id)


def available_count(account: Account, subnet_id: str) -> int:
    return network.describe_subnets(account, [subnet_id])[0].available_ip_address_count


def test_deleting_an_available_interface_removes_only_it(account: Account) -> None:
    names = names_of(account)
    d = interfaces.create_network_interface(
        account, names["public"], secondary_private_ip_address_count=2
    )
    assert available_count(account, names["public"]) == 246
    expected = copy.deepcopy(account)
    del expected.network_interfaces[d.network_interface_id]

    interfaces.delete_network_interface(account, d.network_interface_id)

    assert d.network_interface_id not in account.network_interfaces
    assert account.network_interfaces == expected.network_interfaces
    assert available_count(account, names["public"]) == 249
    assert refused(account, delete(account, d.network_interface_id)) == (
        "InvalidNetworkInterfaceID.NotFound",
        f"The networkInterface ID '{d.network_interface_id}' does not exist",
    )


def test_a_deleted_interfaces_elastic_ips_stay_allocated_but_disassociated(
    account: Account,
) -> None:
    names = names_of(account)
    d = interfaces.create_network_interface(
        account, names["public"], secondary_private_ip_address_count=1
    )
    kept = Address(allocation_id="eipalloc-00000000000000001", public_ip="203.0.113.9")
    on_eni = Address(
        allocation_id="eipalloc-00000000000000002",
        public_ip="203.0.113.10",
        association_id="eipassoc-00000000000000002",
        network_interface_id=d.network_interface_id,
        private_ip_address=d.private_ip_addresses[1].private_ip_address,
        tags={"Name": "vip"},
    )
    elsewhere = Address(
        allocation_id="eipalloc-00000000000000003",
        public_ip="203.0.113.11",
        association_id="eipassoc-00000000000000003",
        network_interface_id=names["web-1-eth0"],
        private_ip_address="10.0.1.4",
    )
    for address in (kept, on_eni, elsewhere):
        account.addresses[address.allocation_id] = copy.deepcopy(address)
    assert check(account) == []

    interfaces.delete_network_interface(account, d.network_interface_id)

    assert list(account.addresses) == [
        "eipalloc-00000000000000001",
        "eipalloc-00000000000000002",
        "eipalloc-00000000000000003",
    ]
    assert account.addresses[kept.allocation_id] == kept
    assert account.addresses[elsewhere.allocation_id] == elsewhere
    assert account.addresses[on_eni.allocation_id] == Address(
        allocation_id="eipalloc-00000000000000002", public_ip="203.0.113.10", tags={"Name": "vip"}
    )
    assert check(account) == []


def test_an_interface_can_be_deleted_after_it_is_detached(account: Account) -> None:
    names = names_of(account)
    eni_id = interfaces.create_network_interface(account, names["public"]).network_interface_id
    attachment_id = attachments.attach_network_interface(account, eni_id, names["web-1"], 1)
    attachments.detach_network_interface(account, attachment_id)
    interfaces.delete_network_interface(account, eni_id)
    assert eni_id not in account.network_interfaces


@pytest.mark.parametrize("name", ["web-1-eth0", "db-1-eth0"])
def test_an_attached_primary_interface_is_in_use(account: Account, name: str) -> None:
    eni_id = names_of(account)[name]
    assert refused(account, delete(account, eni_id)) == (
        "InvalidParameterValue",
        f"Network interface '{eni_id}' is currently in use.",
    )


def test_an_attached_secondary_interface_is_in_use(account: Account) -> None:
    names = names_of(account)
    eni_id = interfaces.create_network_interface(account, names["default-b"]).network_interface_id
    attachments.attach_network_interface(account, eni_id, names["db-1"], 1)  # stopped instance
    assert refused(account, delete(account, eni_id)) == (
        "InvalidParameterValue",
        f"Network interface '{eni_id}' is currently in use.",
    )


def test_a_malformed_id_is_refused(account: Account) -> None:
    assert refused(account, delete(account, "eni-1706A5992FC9609EA")) == (
        "InvalidNetworkInterfaceId.Malformed",
        'Invalid id: "eni-1706A5992FC9609EA" (expecting "eni-...")',
    )


def test_an_attachment_id_given_as_the_interface_is_malformed(account: Account) -> None:
    attachment_id = names_of(account)["web-1-attachment"]
    assert refused(account, delete(account, attachment_id)) == (
        "InvalidNetworkInterfaceId.Malformed",
        f'Invalid id: "{attachment_id}" (expecting "eni-...")',
    )


def test_an_unknown_id_is_not_found(account: Account) -> None:
    assert refused(account, delete(account, "eni-0123abcd")) == (
        "InvalidNetworkInterfaceID.NotFound",
        "The networkInterface ID 'eni-0123abcd' does not exist",
    )


def test_a_requester_managed_interface_is_in_use_even_when_available(account: Account) -> None:
    """eni-rules.md §4 step 5: a service's interface fails like an attached one."""
    names = names_of(account)
    eni_id = interfaces.create_network_interface(account, names["public"]).network_interface_id
    eni = account.network_interfaces[eni_id]
    eni.requester_managed, eni.requester_id = True, "amazon-elb"
    assert refused(account, delete(account, eni_id)) == (
        "InvalidParameterValue",
        f"Network interface '{eni_id}' is currently in use.",
    )

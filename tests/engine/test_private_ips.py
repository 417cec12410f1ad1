"""AssignPrivateIpAddresses and UnassignPrivateIpAddresses (eni-rules.md §9.1, §0 d, e, f, i, p, v,
y): which addresses an interface gets, reassignment between interfaces of a subnet (and the
Elastic IPs that move with an address), the per-interface limits, and every refusal in EC2's
validation order. Both are all-or-nothing: a refused call leaves the account exactly as it was."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

from ec2eni.engine import interfaces, network
from ec2eni.engine.model import Account, Address
from ec2eni.engine.private_ips import (
    assign_private_ip_addresses,
    ip_limit,
    unassign_private_ip_addresses,
)
from tests.conftest import names_of
from tests.engine.support import refused

LIMIT = ("PrivateIpAddressLimitExceeded", "Number of private addresses will exceed limit.")
INSUFFICIENT = (
    "InsufficientFreeAddressesInSubnet",
    "The specified subnet does not have enough free addresses to satisfy the request.",
)
PRIMARY_ELSEWHERE = ("InvalidParameterValue", "secondary-addresses")
UNKNOWN_ENI = (
    "InvalidNetworkInterfaceID.NotFound",
    "The networkInterface ID 'eni-0123456789abcdef0' does not exist",
)
MANAGED = "OperationNotPermitted"


def in_use(text: str) -> tuple[str, str]:
    return ("InvalidParameterValue", f"Address {text} is in use.")


def not_an_address(text: str) -> tuple[str, str]:
    return ("InvalidParameterValue", f"invalid value for parameter address: {text}")


def not_assigned(eni_id: str) -> tuple[str, str]:
    return (
        "InvalidParameterValue",
        f"Some of the specified addresses are not assigned to interface {eni_id}",
    )


def new_eni(account: Account, subnet: str = "backend", **options: object) -> str:
    subnet_id = names_of(account)[subnet]
    created = interfaces.create_network_interface(account, subnet_id, **options)  # type: ignore[arg-type]
    return created.network_interface_id


def assign(
    account: Account,
    eni_id: str,
    addresses: Sequence[str] = (),
    count: int | None = None,
    reassign: bool = False,
) -> Callable[[], object]:
    return lambda: assign_private_ip_addresses(
        account, eni_id, addresses, count, allow_reassignment=reassign
    )


def unassign(account: Account, eni_id: str, addresses: Sequence[str]) -> Callable[[], object]:
    return lambda: unassign_private_ip_addresses(account, eni_id, addresses)


def free_in(account: Account, subnet: str) -> int:
    (described,) = network.describe_subnets(account, [names_of(account)[subnet]])
    return described.available_ip_address_count


def eip(account: Account, eni_id: str, private_ip: str, n: int = 1) -> Address:
    address = Address(
        allocation_id=f"eipalloc-{n:017x}",
        public_ip=f"203.0.113.{n}",
        association_id=f"eipassoc-{n:017x}",
        network_interface_id=eni_id,
        private_ip_address=private_ip,
    )
    account.addresses[address.allocation_id] = address
    return address


# --- assign: what the interface gets -------------------------------------------------------------


def test_a_count_assigns_the_lowest_free_addresses_after_the_existing_ones(
    account: Account,
) -> None:
    eni_id = names_of(account)["app-1-eth0"]
    before = free_in(account, "backend")
    assigned = assign_private_ip_addresses(account, eni_id, secondary_private_ip_address_count=2)
    assert assigned == ["10.0.3.5", "10.0.3.6"]
    eni = account.network_interfaces[eni_id]
    assert eni.private_ip_addresses == ["10.0.3.4", "10.0.3.5", "10.0.3.6"]
    assert free_in(account, "backend") == before - 2


def test_listed_addresses_are_appended_in_the_order_given(account: Account) -> None:
    eni_id = names_of(account)["app-1-eth0"]
    assign_private_ip_addresses(account, eni_id, ["10.0.3.30", "10.0.3.20"])
    assign_private_ip_addresses(account, eni_id, ["10.0.3.25"])
    assert account.network_interfaces[eni_id].secondary_private_ip_addresses == [
        "10.0.3.30",
        "10.0.3.20",
        "10.0.3.25",
    ]


def test_a_count_skips_the_addresses_held_anywhere_in_the_subnet(account: Account) -> None:
    eni_id = names_of(account)["app-1-eth0"]
    other = new_eni(account, secondary_private_ip_addresses=["10.0.3.6"])  # primary 10.0.3.5
    assert assign_private_ip_addresses(account, eni_id, secondary_private_ip_address_count=2) == [
        "10.0.3.7",
        "10.0.3.8",
    ]
    assert account.network_interfaces[other].private_ip_addresses == ["10.0.3.5", "10.0.3.6"]


def test_addresses_the_interface_already_holds_are_left_as_they_are(account: Account) -> None:
    eni_id = new_eni(account, secondary_private_ip_addresses=["10.0.3.20"])
    before = free_in(account, "backend")
    assign_private_ip_addresses(account, eni_id, ["10.0.3.20", "10.0.3.21"])
    # Its own primary too: no error, no second copy.
    assign_private_ip_addresses(account, eni_id, ["10.0.3.5"])
    eni = account.network_interfaces[eni_id]
    assert eni.private_ip_addresses == ["10.0.3.5", "10.0.3.20", "10.0.3.21"]
    assert free_in(account, "backend") == before - 1


def test_an_interface_of_a_stopped_instance_takes_addresses(account: Account) -> None:
    eni_id = names_of(account)["db-1-eth0"]
    assign_private_ip_addresses(account, eni_id, secondary_private_ip_address_count=1)
    assert account.network_interfaces[eni_id].secondary_private_ip_addresses == ["172.31.16.5"]


def test_the_last_usable_address_can_be_assigned(account: Account) -> None:
    eni_id = new_eni(account, subnet="management")
    assign_private_ip_addresses(account, eni_id, ["10.0.2.254"])
    assert account.network_interfaces[eni_id].private_ip_addresses == ["10.0.2.4", "10.0.2.254"]


# --- assign: reassignment ------------------------------------------------------------------------


def test_an_address_held_elsewhere_is_in_use_without_allow_reassignment(
    account: Account,
) -> None:
    holder = new_eni(account, secondary_private_ip_addresses=["10.0.3.20"])
    eni_id = names_of(account)["app-1-eth0"]
    assert refused(account, assign(account, eni_id, ["10.0.3.20"])) == in_use("10.0.3.20")
    # Another interface's primary is in use too.
    primary = account.network_interfaces[holder].private_ip_address
    assert refused(account, assign(account, eni_id, [primary])) == in_use(primary)


def test_allow_reassignment_moves_a_secondary_and_the_old_holder_loses_it(
    account: Account,
) -> None:
    holder = new_eni(account, secondary_private_ip_addresses=["10.0.3.20", "10.0.3.21"])
    eni_id = names_of(account)["app-1-eth0"]
    before = free_in(account, "backend")
    assign_private_ip_addresses(
        account, eni_id, ["10.0.3.21", "10.0.3.30"], allow_reassignment=True
    )
    assert account.network_interfaces[holder].secondary_private_ip_addresses == ["10.0.3.20"]
    assert account.network_interfaces[eni_id].secondary_private_ip_addresses == [
        "10.0.3.21",
        "10.0.3.30",
    ]
    assert free_in(account, "backend") == before - 1  # only 10.0.3.30 was free


def test_an_elastic_ip_moves_with_its_address(account: Account) -> None:
    holder = new_eni(account, secondary_private_ip_addresses=["10.0.3.20"])
    eni_id = names_of(account)["app-1-eth0"]
    moving = eip(account, holder, "10.0.3.20", 1)
    staying = eip(account, holder, account.network_interfaces[holder].private_ip_address, 2)
    assign_private_ip_addresses(account, eni_id, ["10.0.3.20"], allow_reassignment=True)
    assert (moving.network_interface_id, moving.private_ip_address) == (eni_id, "10.0.3.20")
    assert moving.association_id == "eipassoc-00000000000000001"
    assert staying.network_interface_id == holder


def test_another_interfaces_primary_is_never_moved(account: Account) -> None:
    eni_id = names_of(account)["app-1-eth0"]
    holder = new_eni(account)
    primary = account.network_interfaces[holder].private_ip_address
    assert refused(account, assign(account, eni_id, [primary], reassign=True)) == PRIMARY_ELSEWHERE


def test_nothing_is_taken_from_a_requester_managed_interface(account: Account) -> None:
    holder = new_eni(account, secondary_private_ip_addresses=["10.0.3.20"])
    account.network_interfaces[holder].requester_managed = True
    eni_id = names_of(account)["app-1-eth0"]
    code, message = refused(account, assign(account, eni_id, ["10.0.3.20"], reassign=True))
    assert code == MANAGED and holder in message
    # Without the flag it is simply in use.
    assert refused(account, assign(account, eni_id, ["10.0.3.20"])) == in_use("10.0.3.20")


def test_a_refused_list_moves_nothing(account: Account) -> None:
    holder = new_eni(account, secondary_private_ip_addresses=["10.0.3.20"])
    eni_id = names_of(account)["app-1-eth0"]
    primary = account.network_interfaces[holder].private_ip_address
    assert (
        refused(account, assign(account, eni_id, ["10.0.3.20", primary], reassign=True))
        == PRIMARY_ELSEWHERE
    )


# --- assign: limits ------------------------------------------------------------------------------


def test_an_attached_interface_holds_its_instance_types_limit(account: Account) -> None:
    names = names_of(account)
    web = names["web-1-eth0"]  # t3.micro: 2 private IPv4 per interface
    assert ip_limit(account, account.network_interfaces[web]) == 2
    assign_private_ip_addresses(account, web, secondary_private_ip_address_count=1)
    assert refused(account, assign(account, web, count=1)) == LIMIT
    assert refused(account, assign(account, web, ["10.0.1.30"])) == LIMIT
    # An address it holds is no addition: still accepted at the limit.
    assign_private_ip_addresses(account, web, ["10.0.1.6"])
    app = names["app-1-eth0"]  # m5.large: 10
    assign_private_ip_addresses(account, app, secondary_private_ip_address_count=9)
    assert refused(account, assign(account, app, count=1)) == LIMIT


def test_an_unattached_interface_holds_at_most_fifty(account: Account) -> None:
    eni_id = new_eni(account, subnet="management")
    assert ip_limit(account, account.network_interfaces[eni_id]) == 50
    assert refused(account, assign(account, eni_id, count=50)) == LIMIT
    assign_private_ip_addresses(account, eni_id, secondary_private_ip_address_count=49)
    assert len(account.network_interfaces[eni_id].private_ip_addresses) == 50
    assert refused(account, assign(account, eni_id, count=1)) == LIMIT


def test_a_reassigned_address_counts_toward_the_limit(account: Account) -> None:
    web = names_of(account)["web-1-eth0"]
    assign_private_ip_addresses(account, web, secondary_private_ip_address_count=1)
    holder = new_eni(account, subnet="public", secondary_private_ip_addresses=["10.0.1.30"])
    assert refused(account, assign(account, web, ["10.0.1.30"], reassign=True)) == LIMIT
    assert "10.0.1.30" in account.network_interfaces[holder].secondary_private_ip_addresses


def test_a_count_beyond_the_subnets_free_addresses_is_refused(account: Account) -> None:
    eni_id = new_eni(account, subnet="tiny")  # 11 usable addresses, one now held
    assert refused(account, assign(account, eni_id, count=11)) == INSUFFICIENT
    assign_private_ip_addresses(account, eni_id, secondary_private_ip_address_count=10)
    assert free_in(account, "tiny") == 0


def test_the_limit_is_checked_before_the_free_addresses(account: Account) -> None:
    web = names_of(account)["web-1-eth0"]
    assert refused(account, assign(account, web, count=300)) == LIMIT


# --- assign: refusals and their order ------------------------------------------------------------


@pytest.mark.parametrize("text", ["10.0.3", "10.0.3.256", "10.0.3.020", "", "ten"])
def test_a_malformed_address_is_refused(account: Account, text: str) -> None:
    eni_id = names_of(account)["app-1-eth0"]
    assert refused(account, assign(account, eni_id, ["10.0.3.20", text])) == not_an_address(text)


@pytest.mark.parametrize("address", ["10.0.3.0", "10.0.3.1", "10.0.3.2", "10.0.3.3", "10.0.3.255"])
def test_a_reserved_address_is_refused(account: Account, address: str) -> None:
    eni_id = names_of(account)["app-1-eth0"]
    assert refused(account, assign(account, eni_id, [address])) == (
        "InvalidParameterValue",
        f"Address {address} is in subnet's reserved address range",
    )


def test_an_address_outside_the_subnet_is_refused(account: Account) -> None:
    eni_id = names_of(account)["app-1-eth0"]
    assert refused(account, assign(account, eni_id, ["10.0.1.20"])) == (
        "InvalidParameterValue",
        "Address 10.0.1.20 does not fall within the subnet's address range",
    )


def test_an_address_listed_twice_is_refused(account: Account) -> None:
    eni_id = names_of(account)["app-1-eth0"]
    assert refused(account, assign(account, eni_id, ["10.0.3.20", "10.0.3.20"])) == (
        "InvalidParameterValue",
        "Address 10.0.3.20 is specified more than once",
    )


@pytest.mark.parametrize("count", [0, -1])
def test_a_count_below_one_is_refused(account: Account, count: int) -> None:
    eni_id = names_of(account)["app-1-eth0"]
    assert refused(account, assign(account, eni_id, count=count)) == (
        "InvalidParameterValue",
        f"Value ({count}) for parameter secondaryPrivateIpAddressCount is invalid. "
        "Expecting a positive integer.",
    )


def test_addresses_and_a_count_together_or_neither_are_refused(account: Account) -> None:
    eni_id = names_of(account)["app-1-eth0"]
    assert refused(account, assign(account, eni_id, ["10.0.3.20"], count=1))[0] == (
        "InvalidParameterCombination"
    )
    assert refused(account, assign(account, eni_id))[0] == "MissingParameter"


def test_a_requester_managed_interface_is_refused(account: Account) -> None:
    eni_id = new_eni(account)
    account.network_interfaces[eni_id].requester_managed = True
    assert refused(account, assign(account, eni_id, count=1)) == (
        MANAGED,
        f"The network interface '{eni_id}' is requester-managed: only its tags can be changed.",
    )


def test_validation_order(account: Account) -> None:
    app = names_of(account)["app-1-eth0"]
    unknown = "eni-0123456789abcdef0"
    # Syntax before existence: a malformed ID, then a malformed address, beat an unknown interface.
    assert refused(account, assign(account, "eni-XYZ", ["x"]))[0] == (
        "InvalidNetworkInterfaceId.Malformed"
    )
    assert refused(account, assign(account, unknown, ["x"])) == not_an_address("x")
    assert refused(account, assign(account, unknown, count=0))[0] == "InvalidParameterValue"
    assert refused(account, assign(account, unknown, ["10.0.3.20"])) == UNKNOWN_ENI
    # Existence before the requester-managed rule, which comes before the addresses.
    managed = new_eni(account)
    account.network_interfaces[managed].requester_managed = True
    assert refused(account, assign(account, managed, ["10.0.9.9"]))[0] == MANAGED
    # Every address must fit the subnet before any is looked at as held elsewhere.
    assert refused(account, assign(account, app, ["10.0.3.5", "10.0.3.255"]))[1].endswith(
        "reserved address range"
    )
    # In use before the limit.
    web = names_of(account)["web-1-eth0"]
    assert refused(account, assign(account, web, ["10.0.1.5", "10.0.1.6", "10.0.1.7"])) == in_use(
        "10.0.1.5"
    )


# --- unassign ------------------------------------------------------------------------------------


def test_unassigned_addresses_return_to_the_subnet(account: Account) -> None:
    eni_id = names_of(account)["app-1-eth0"]
    assign_private_ip_addresses(account, eni_id, ["10.0.3.20", "10.0.3.21", "10.0.3.22"])
    before = free_in(account, "backend")
    unassign_private_ip_addresses(account, eni_id, ["10.0.3.22", "10.0.3.20"])
    assert account.network_interfaces[eni_id].private_ip_addresses == ["10.0.3.4", "10.0.3.21"]
    assert free_in(account, "backend") == before + 2
    other = new_eni(account, private_ip_address="10.0.3.20")
    assert account.network_interfaces[other].private_ip_address == "10.0.3.20"


def test_an_address_named_twice_is_unassigned_once(account: Account) -> None:
    eni_id = names_of(account)["app-1-eth0"]
    assign_private_ip_addresses(account, eni_id, ["10.0.3.20"])
    unassign_private_ip_addresses(account, eni_id, ["10.0.3.20", "10.0.3.20"])
    assert account.network_interfaces[eni_id].secondary_private_ip_addresses == []


def test_the_primary_can_never_be_unassigned(account: Account) -> None:
    eni_id = names_of(account)["app-1-eth0"]
    assign_private_ip_addresses(account, eni_id, ["10.0.3.20"])
    assert refused(account, unassign(account, eni_id, ["10.0.3.20", "10.0.3.4"])) == (
        "InvalidParameterValue",
        "Value (10.0.3.4) for parameter privateIpAddress is invalid. The primary IP address of an "
        "interface cannot be unassigned.",
    )


def test_an_address_the_interface_does_not_hold_is_refused(account: Account) -> None:
    eni_id = names_of(account)["app-1-eth0"]
    assign_private_ip_addresses(account, eni_id, ["10.0.3.20"])
    other = new_eni(account, secondary_private_ip_addresses=["10.0.3.21"])
    for address in ("10.0.3.21", "10.0.3.99", "192.168.0.1"):
        assert refused(account, unassign(account, eni_id, ["10.0.3.20", address])) == (
            not_assigned(eni_id)
        )
    # Unassigned once, it is no longer the interface's: a second unassign is refused.
    unassign_private_ip_addresses(account, eni_id, ["10.0.3.20"])
    assert refused(account, unassign(account, eni_id, ["10.0.3.20"])) == not_assigned(eni_id)
    assert account.network_interfaces[other].secondary_private_ip_addresses == ["10.0.3.21"]


def test_an_elastic_ip_on_an_unassigned_address_is_disassociated_and_kept(
    account: Account,
) -> None:
    eni_id = names_of(account)["app-1-eth0"]
    assign_private_ip_addresses(account, eni_id, ["10.0.3.20", "10.0.3.21"])
    gone = eip(account, eni_id, "10.0.3.20", 1)
    kept = eip(account, eni_id, "10.0.3.21", 2)
    on_primary = eip(account, eni_id, "10.0.3.4", 3)
    unassign_private_ip_addresses(account, eni_id, ["10.0.3.20"])
    assert gone.allocation_id in account.addresses
    assert (gone.association_id, gone.network_interface_id, gone.private_ip_address) == ("", "", "")
    assert gone.public_ip == "203.0.113.1"
    assert kept.network_interface_id == eni_id and kept.private_ip_address == "10.0.3.21"
    assert on_primary.network_interface_id == eni_id


def test_unassign_refusals_and_their_order(account: Account) -> None:
    unknown = "eni-0123456789abcdef0"
    assert refused(account, unassign(account, "eni-XYZ", ["x"]))[0] == (
        "InvalidNetworkInterfaceId.Malformed"
    )
    assert refused(account, unassign(account, unknown, ["x"])) == not_an_address("x")
    assert refused(account, unassign(account, unknown, []))[0] == "MissingParameter"
    assert refused(account, unassign(account, unknown, ["10.0.3.20"])) == UNKNOWN_ENI
    managed = new_eni(account, secondary_private_ip_addresses=["10.0.3.20"])
    account.network_interfaces[managed].requester_managed = True
    assert refused(account, unassign(account, managed, ["10.0.3.20"]))[0] == MANAGED

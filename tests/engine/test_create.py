"""CreateNetworkInterface (eni-rules.md §3 and §0 d, e, f, p): the new interface's fields, private
IP allocation, security groups, and every error in EC2's validation order. A refused create leaves
the account exactly as it was."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ec2eni.engine import interfaces, ipv4
from ec2eni.engine.model import Account, SecurityGroup
from tests.conftest import names_of
from tests.engine.support import refused

INSUFFICIENT = (
    "InsufficientFreeAddressesInSubnet",
    "The specified subnet does not have enough free addresses to satisfy the request.",
)
TOO_MANY_GROUPS = (
    "SecurityGroupsPerInterfaceLimitExceeded",
    "The maximum number of security groups per interface has been reached.",
)
DIFFERENT_NETWORKS = (
    "InvalidGroup.NotFound",
    "You have specified two resources that belong to different networks.",
)
IP_IN_USE = ("InvalidIPAddress.InUse", "The specified address is already in use.")


def unknown_group(group_id: str) -> tuple[str, str]:
    """§0 t: create's own code and wording for an unknown group (modify answers InvalidGroup)."""
    return ("InvalidSecurityGroupID.NotFound", f"The securityGroup ID '{group_id}' does not exist")


def not_an_address(text: str) -> tuple[str, str]:
    """§0 v: EC2's wording, lower-case start, the same for the primary and a secondary."""
    return ("InvalidParameterValue", f"invalid value for parameter address: {text}")


def create(account: Account, subnet: str, **options: Any) -> Callable[[], object]:
    """A create call on the subnet named `subnet` (or on a literal ID), for `refused`."""
    subnet_id = names_of(account).get(subnet, subnet)
    return lambda: interfaces.create_network_interface(account, subnet_id, **options)


def add_groups(account: Account, vpc: str, count: int) -> list[str]:
    """Give a VPC `count` more security groups (the default account has at most three per VPC)."""
    vpc_id = names_of(account)[vpc]
    added = []
    for n in range(count):
        group = SecurityGroup(
            id=f"sg-{n:017x}", vpc_id=vpc_id, name=f"extra-{n}", description="extra group"
        )
        account.security_groups[group.id] = group
        added.append(group.id)
    return added


def ip_order(text: str) -> int:
    return ipv4.parse(text) or 0


def ips_of(account: Account, eni_id: str) -> list[str]:
    return account.network_interfaces[eni_id].private_ip_addresses


# --- the new interface ---------------------------------------------------------------------------


def test_a_new_interface_has_ec2s_defaults(account: Account) -> None:
    names = names_of(account)
    counter = account.counter
    d = interfaces.create_network_interface(account, names["management"])
    eni = account.network_interfaces[d.network_interface_id]
    assert list(account.network_interfaces)[-1] == eni.id
    assert account.counter > counter
    assert eni.subnet_id == names["management"]
    assert eni.private_ip_address == "10.0.2.4"  # lowest free address from base + 4
    assert eni.secondary_private_ip_addresses == []
    assert eni.group_ids == [names["workshop/default"]]
    assert eni.description == ""
    assert eni.source_dest_check is True
    assert eni.requester_managed is False
    assert eni.requester_id == ""
    assert eni.interface_type == "interface"
    assert eni.tags == {}
    assert eni.attachment is None
    assert eni.status == "available"
    # The returned description is what describe shows for it.
    assert d.status == "available"
    assert d.vpc_id == names["workshop"]
    assert d.availability_zone == "us-east-1a"
    assert d.owner_id == "123456789012"
    assert d.groups == ((names["workshop/default"], "default"),)
    assert d.private_dns_name == "ip-10-0-2-4.ec2.internal"
    assert d.attachment is None
    assert interfaces.describe_network_interfaces(account, [eni.id]) == [d]


def test_description_and_groups_are_kept_in_the_order_given(account: Account) -> None:
    names = names_of(account)
    groups = [names["workshop/ssh-admin"], names["workshop/web"], names["workshop/ssh-admin"]]
    d = interfaces.create_network_interface(
        account, names["public"], description="management NIC", group_ids=groups
    )
    eni = account.network_interfaces[d.network_interface_id]
    assert eni.description == "management NIC"
    # A repeated group is listed once.
    assert eni.group_ids == [names["workshop/ssh-admin"], names["workshop/web"]]
    assert d.groups == ((names["workshop/ssh-admin"], "ssh-admin"), (names["workshop/web"], "web"))


def test_without_groups_the_interface_gets_its_own_vpcs_default_group(account: Account) -> None:
    names = names_of(account)
    d = interfaces.create_network_interface(account, names["default-c"])
    assert account.network_interfaces[d.network_interface_id].group_ids == [
        names["default/default"]
    ]
    assert d.vpc_id == names["default"] and d.availability_zone == "us-east-1c"


def test_a_description_of_255_characters_is_accepted(account: Account) -> None:
    text = "é" * 255
    d = interfaces.create_network_interface(account, names_of(account)["public"], description=text)
    assert account.network_interfaces[d.network_interface_id].description == text


# --- private IP allocation ----------------------------------------------------------------------


def test_automatic_addresses_are_the_lowest_free_ones_skipping_those_in_use(
    account: Account,
) -> None:
    public = names_of(account)["public"]  # 10.0.1.4 and .5 belong to web-1 and standby-1
    d = interfaces.create_network_interface(account, public, secondary_private_ip_address_count=2)
    assert ips_of(account, d.network_interface_id) == ["10.0.1.6", "10.0.1.7", "10.0.1.8"]
    assert [p.primary for p in d.private_ip_addresses] == [True, False, False]


def test_automatic_addresses_avoid_the_ones_requested_explicitly(account: Account) -> None:
    public = names_of(account)["public"]
    d = interfaces.create_network_interface(
        account, public, secondary_private_ip_addresses=["10.0.1.6"]
    )
    assert ips_of(account, d.network_interface_id) == ["10.0.1.7", "10.0.1.6"]


def test_an_explicit_primary_address_is_used(account: Account) -> None:
    public = names_of(account)["public"]
    d = interfaces.create_network_interface(
        account, public, private_ip_address="10.0.1.254", secondary_private_ip_address_count=1
    )
    assert ips_of(account, d.network_interface_id) == ["10.0.1.254", "10.0.1.6"]
    assert d.private_dns_name == "ip-10-0-1-254.ec2.internal"


def test_explicit_secondary_addresses_follow_the_primary_in_the_order_given(
    account: Account,
) -> None:
    public = names_of(account)["public"]
    d = interfaces.create_network_interface(
        account,
        public,
        private_ip_address="10.0.1.100",
        secondary_private_ip_addresses=["10.0.1.102", "10.0.1.101"],
    )
    assert ips_of(account, d.network_interface_id) == ["10.0.1.100", "10.0.1.102", "10.0.1.101"]


def test_a_secondary_count_of_zero_adds_no_secondary(account: Account) -> None:
    public = names_of(account)["public"]
    d = interfaces.create_network_interface(account, public, secondary_private_ip_address_count=0)
    assert ips_of(account, d.network_interface_id) == ["10.0.1.6"]


def test_the_tiny_subnet_hands_out_its_eleven_usable_addresses_and_no_reserved_one(
    account: Account,
) -> None:
    tiny = names_of(account)["tiny"]  # 10.0.9.0/28: .0-.3 and .15 are reserved
    d = interfaces.create_network_interface(account, tiny, secondary_private_ip_address_count=10)
    assert ips_of(account, d.network_interface_id) == [f"10.0.9.{n}" for n in range(4, 15)]
    assert refused(account, create(account, "tiny")) == INSUFFICIENT


def test_addresses_are_never_handed_out_twice(account: Account) -> None:
    tiny = names_of(account)["tiny"]
    seen: list[str] = []
    for _ in range(11):
        seen += ips_of(
            account, interfaces.create_network_interface(account, tiny).network_interface_id
        )
    assert sorted(seen, key=ip_order) == [f"10.0.9.{n}" for n in range(4, 15)]
    assert refused(account, create(account, "tiny")) == INSUFFICIENT


def test_a_count_one_beyond_the_free_addresses_is_refused(account: Account) -> None:
    assert (
        refused(account, create(account, "tiny", secondary_private_ip_address_count=11))
        == INSUFFICIENT
    )


def test_an_explicit_primary_plus_a_count_may_use_the_last_free_addresses(
    account: Account,
) -> None:
    tiny = names_of(account)["tiny"]
    assert (
        refused(
            account,
            create(
                account,
                "tiny",
                private_ip_address="10.0.9.9",
                secondary_private_ip_address_count=11,
            ),
        )
        == INSUFFICIENT
    )
    d = interfaces.create_network_interface(
        account, tiny, private_ip_address="10.0.9.9", secondary_private_ip_address_count=10
    )
    ips = ips_of(account, d.network_interface_id)
    assert ips[0] == "10.0.9.9"
    assert sorted(ips[1:], key=ip_order) == [f"10.0.9.{n}" for n in range(4, 15) if n != 9]


def test_deleting_an_interface_returns_its_addresses_to_the_subnet(account: Account) -> None:
    tiny = names_of(account)["tiny"]
    full = interfaces.create_network_interface(account, tiny, secondary_private_ip_address_count=10)
    interfaces.delete_network_interface(account, full.network_interface_id)
    again = interfaces.create_network_interface(
        account, tiny, secondary_private_ip_address_count=10
    )
    assert ips_of(account, again.network_interface_id) == [f"10.0.9.{n}" for n in range(4, 15)]


@pytest.mark.parametrize("address", ["10.0.9.0", "10.0.9.1", "10.0.9.2", "10.0.9.3", "10.0.9.15"])
@pytest.mark.parametrize("as_secondary", [False, True])
def test_a_reserved_address_is_refused(account: Account, address: str, as_secondary: bool) -> None:
    option: dict[str, object] = (
        {"secondary_private_ip_addresses": [address]}
        if as_secondary
        else {"private_ip_address": address}
    )
    assert refused(account, create(account, "tiny", **option)) == (
        "InvalidParameterValue",
        f"Address {address} is in subnet's reserved address range",
    )


@pytest.mark.parametrize("address", ["10.0.9.16", "10.0.8.255", "10.0.1.10", "192.168.0.4"])
@pytest.mark.parametrize("as_secondary", [False, True])
def test_an_address_outside_the_subnet_is_refused(
    account: Account, address: str, as_secondary: bool
) -> None:
    option: dict[str, object] = (
        {"secondary_private_ip_addresses": [address]}
        if as_secondary
        else {"private_ip_address": address}
    )
    assert refused(account, create(account, "tiny", **option)) == (
        "InvalidParameterValue",
        f"Address {address} does not fall within the subnet's address range",
    )


@pytest.mark.parametrize("address", ["10.0.9.4", "10.0.9.14"])
def test_the_first_and_last_usable_addresses_are_accepted(account: Account, address: str) -> None:
    tiny = names_of(account)["tiny"]
    d = interfaces.create_network_interface(account, tiny, private_ip_address=address)
    assert d.private_ip_address == address


def test_a_primary_address_in_use_is_invalid_ip_address_in_use(account: Account) -> None:
    assert refused(account, create(account, "public", private_ip_address="10.0.1.4")) == IP_IN_USE


def test_a_secondary_address_in_use_is_invalid_ip_address_in_use_naming_it(
    account: Account,
) -> None:
    # §0 w: the same code as for the primary, but a message that names the address.
    assert refused(
        account,
        create(account, "public", secondary_private_ip_addresses=["10.0.1.6", "10.0.1.5"]),
    ) == ("InvalidIPAddress.InUse", "Address 10.0.1.5 is in use.")


def test_a_secondary_address_held_as_a_secondary_elsewhere_is_in_use(account: Account) -> None:
    public = names_of(account)["public"]
    interfaces.create_network_interface(
        account, public, secondary_private_ip_addresses=["10.0.1.50"]
    )
    assert refused(
        account, create(account, "public", secondary_private_ip_addresses=["10.0.1.50"])
    ) == ("InvalidIPAddress.InUse", "Address 10.0.1.50 is in use.")


def test_a_primary_in_use_is_reported_before_a_secondary_in_use(account: Account) -> None:
    assert (
        refused(
            account,
            create(
                account,
                "public",
                private_ip_address="10.0.1.4",
                secondary_private_ip_addresses=["10.0.1.5"],
            ),
        )
        == IP_IN_USE
    )


def test_an_address_held_as_a_secondary_elsewhere_is_in_use(account: Account) -> None:
    public = names_of(account)["public"]
    interfaces.create_network_interface(
        account, public, secondary_private_ip_addresses=["10.0.1.50"]
    )
    assert refused(account, create(account, "public", private_ip_address="10.0.1.50")) == IP_IN_USE


@pytest.mark.parametrize(
    "options",
    [
        {"private_ip_address": "10.0.1.9", "secondary_private_ip_addresses": ["10.0.1.9"]},
        {"secondary_private_ip_addresses": ["10.0.1.9", "10.0.1.9"]},
    ],
)
def test_an_address_requested_twice_is_refused(
    account: Account, options: dict[str, object]
) -> None:
    assert refused(account, create(account, "public", **options)) == (
        "InvalidParameterValue",
        "Address 10.0.1.9 is specified more than once",
    )


NOT_IPV4 = ["10.0.1", "10.0.1.256", "10.0.1.04", "10.0.1.x", "", "::1", "10.0.1.5/24", " 10.0.1.5"]


@pytest.mark.parametrize("text", NOT_IPV4)
def test_a_primary_address_that_is_not_ipv4_is_refused(account: Account, text: str) -> None:
    assert refused(account, create(account, "public", private_ip_address=text)) == not_an_address(
        text
    )


@pytest.mark.parametrize("text", NOT_IPV4)
def test_a_secondary_address_that_is_not_ipv4_is_refused(account: Account, text: str) -> None:
    assert refused(
        account, create(account, "public", secondary_private_ip_addresses=["10.0.1.6", text])
    ) == not_an_address(text)


def test_a_malformed_primary_is_reported_before_a_malformed_secondary(account: Account) -> None:
    assert refused(
        account,
        create(account, "public", private_ip_address="one", secondary_private_ip_addresses=["two"]),
    ) == not_an_address("one")


def test_a_negative_secondary_count_is_refused(account: Account) -> None:
    assert refused(account, create(account, "public", secondary_private_ip_address_count=-1)) == (
        "InvalidParameterValue",
        "Value (-1) for parameter secondaryPrivateIpAddressCount is invalid. "
        "Expecting a non-negative integer.",
    )


def test_secondary_addresses_and_a_secondary_count_together_are_refused(account: Account) -> None:
    assert refused(
        account,
        create(
            account,
            "public",
            secondary_private_ip_addresses=["10.0.1.9"],
            secondary_private_ip_address_count=1,
        ),
    ) == (
        "InvalidParameterCombination",
        "Cannot specify both a secondary private IP address count and secondary private IP "
        "addresses.",
    )


# --- subnet and security groups -------------------------------------------------------------------


def test_an_unknown_subnet_is_not_found(account: Account) -> None:
    assert refused(account, create(account, "subnet-0123456789abcdef0")) == (
        "InvalidSubnetID.NotFound",
        "The subnet ID 'subnet-0123456789abcdef0' does not exist",
    )


@pytest.mark.parametrize("unknown", ["sg-0123abcd", "sg-0123456789abcdef0", "sg-0"])
def test_an_unknown_group_is_invalid_security_group_id_not_found(
    account: Account, unknown: str
) -> None:
    names = names_of(account)
    groups = [names["workshop/web"], unknown]
    assert refused(account, create(account, "public", group_ids=groups)) == unknown_group(unknown)


def test_a_group_of_another_vpc_is_refused(account: Account) -> None:
    names = names_of(account)
    groups = [names["workshop/web"], names["default/default"]]
    assert refused(account, create(account, "public", group_ids=groups)) == DIFFERENT_NETWORKS


def test_five_groups_are_accepted_and_six_refused(account: Account) -> None:
    names = names_of(account)
    assert account.groups_per_interface == 5  # EC2's default quota
    extra = add_groups(account, "workshop", 3)
    five = [names["workshop/default"], names["workshop/web"], *extra[:2], *extra[:1]]
    d = interfaces.create_network_interface(account, names["public"], group_ids=five)
    assert len(d.groups) == 4  # the repeat counts once
    six = [names["workshop/default"], names["workshop/web"], names["workshop/ssh-admin"], *extra]
    d = interfaces.create_network_interface(account, names["public"], group_ids=six[:5])
    assert len(d.groups) == 5
    assert refused(account, create(account, "public", group_ids=six)) == TOO_MANY_GROUPS


def test_a_raised_group_quota_accepts_seven_groups_and_refuses_eight(account: Account) -> None:
    """§0 u: the quota is an account setting (`security_groups_per_interface`, at most 16)."""
    names = names_of(account)
    account.groups_per_interface = 7
    workshop = [
        names["workshop/default"],
        names["workshop/web"],
        names["workshop/ssh-admin"],
        *add_groups(account, "workshop", 5),
    ]
    d = interfaces.create_network_interface(account, names["public"], group_ids=workshop[:7])
    assert [gid for gid, _ in d.groups] == workshop[:7]
    assert refused(account, create(account, "public", group_ids=workshop)) == TOO_MANY_GROUPS


# --- limits of the account ------------------------------------------------------------------------


def test_the_region_quota_of_network_interfaces(account: Account) -> None:
    assert account.eni_quota == 5000
    account.eni_quota = len(account.network_interfaces) + 1
    interfaces.create_network_interface(account, names_of(account)["public"])
    assert refused(account, create(account, "public")) == (
        "NetworkInterfaceLimitExceeded",
        f"You have reached the limit of {account.eni_quota} network interfaces in this region.",
    )


def test_an_unattached_interface_holds_at_most_fifty_private_addresses(account: Account) -> None:
    public = names_of(account)["public"]
    d = interfaces.create_network_interface(account, public, secondary_private_ip_address_count=49)
    assert len(ips_of(account, d.network_interface_id)) == 50
    limit = ("PrivateIpAddressLimitExceeded", "Number of private addresses will exceed limit.")
    assert (
        refused(account, create(account, "backend", secondary_private_ip_address_count=50)) == limit
    )
    fifty = [f"10.0.3.{n}" for n in range(10, 60)]
    assert (
        refused(account, create(account, "backend", secondary_private_ip_addresses=fifty)) == limit
    )


# --- validation order: syntax, existence, state and combinations, limits -------------------------


def test_a_malformed_subnet_wins_over_a_malformed_group(account: Account) -> None:
    assert refused(account, create(account, "subnet-XYZ", group_ids=["sg-XYZ"])) == (
        "InvalidSubnetID.Malformed",
        'Invalid id: "subnet-XYZ" (expecting "subnet-...")',
    )


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (
            {"group_ids": ["sg-XYZ"]},
            ("InvalidGroupId.Malformed", 'Invalid id: "sg-XYZ" (expecting "sg-...")'),
        ),
        (
            {"description": "x" * 256},
            ("InvalidParameterValue", "Description must be at most 255 characters"),
        ),
        ({"private_ip_address": "10.0.1.300"}, not_an_address("10.0.1.300")),
        ({"secondary_private_ip_addresses": ["10.0.1.300"]}, not_an_address("10.0.1.300")),
        (
            {"secondary_private_ip_address_count": -2},
            (
                "InvalidParameterValue",
                "Value (-2) for parameter secondaryPrivateIpAddressCount is invalid. "
                "Expecting a non-negative integer.",
            ),
        ),
    ],
)
def test_syntax_and_value_errors_win_over_an_unknown_subnet(
    account: Account, options: dict[str, object], expected: tuple[str, str]
) -> None:
    assert refused(account, create(account, "subnet-0123456789abcdef0", **options)) == expected


def test_an_unknown_subnet_wins_over_an_unknown_group(account: Account) -> None:
    code, _ = refused(
        account, create(account, "subnet-0123456789abcdef0", group_ids=["sg-0123abcd"])
    )
    assert code == "InvalidSubnetID.NotFound"


def test_an_unknown_group_wins_over_a_group_of_another_vpc(account: Account) -> None:
    names = names_of(account)
    groups = [names["default/default"], "sg-0123abcd"]
    assert refused(account, create(account, "public", group_ids=groups)) == unknown_group(
        "sg-0123abcd"
    )


def test_an_unknown_group_wins_over_an_address_outside_the_subnet(account: Account) -> None:
    code, message = refused(
        account, create(account, "public", group_ids=["sg-0123abcd"], private_ip_address="10.0.2.9")
    )
    assert (code, message) == unknown_group("sg-0123abcd")


def test_a_group_of_another_vpc_wins_over_an_address_in_use(account: Account) -> None:
    names = names_of(account)
    assert (
        refused(
            account,
            create(
                account,
                "public",
                group_ids=[names["default/default"]],
                private_ip_address="10.0.1.4",
            ),
        )
        == DIFFERENT_NETWORKS
    )


def test_an_unknown_group_wins_over_too_many_groups(account: Account) -> None:
    names = names_of(account)
    six = [*add_groups(account, "workshop", 5), "sg-0123abcd"]
    assert refused(account, create(account, "public", group_ids=six)) == unknown_group(
        "sg-0123abcd"
    )
    six[-1] = names["default/default"]
    assert refused(account, create(account, "public", group_ids=six)) == DIFFERENT_NETWORKS


def test_an_address_in_use_wins_over_too_many_groups(account: Account) -> None:
    six = add_groups(account, "workshop", 6)
    assert (
        refused(account, create(account, "public", group_ids=six, private_ip_address="10.0.1.4"))
        == IP_IN_USE
    )


def test_a_reserved_address_wins_over_a_full_subnet(account: Account) -> None:
    assert refused(
        account,
        create(
            account, "tiny", private_ip_address="10.0.9.15", secondary_private_ip_address_count=11
        ),
    ) == ("InvalidParameterValue", "Address 10.0.9.15 is in subnet's reserved address range")


def test_a_bad_address_wins_over_the_region_quota(account: Account) -> None:
    account.eni_quota = len(account.network_interfaces)
    assert refused(account, create(account, "public", private_ip_address="10.0.1.4")) == IP_IN_USE

"""Instance-type limits (eni-rules.md §11, §0 h): the table matches the rulebook's figures, and
attach enforces both the interface count and the private IPv4 count per interface, counting the
primary interface and the primary address. A refused attach leaves the account exactly as it was.
(Account limits, the 5,000-interface quota, 5 groups and 50 addresses per interface, are in
test_create.py and test_attributes.py.)"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ec2eni.engine import attachments, interfaces
from ec2eni.engine.limits import INSTANCE_TYPES, TypeLimits, limits_for
from ec2eni.engine.model import Account
from tests.conftest import names_of
from tests.engine.support import RULEBOOK, refused

IP_LIMIT = ("PrivateIpAddressLimitExceeded", "Number of private addresses will exceed limit.")


def new_eni(account: Account, subnet: str, ips: int = 1) -> str:
    subnet_id = names_of(account)[subnet]
    return interfaces.create_network_interface(
        account, subnet_id, secondary_private_ip_address_count=ips - 1
    ).network_interface_id


def attach(account: Account, eni_id: str, instance: str, index: int) -> Callable[[], object]:
    instance_id = names_of(account)[instance]
    return lambda: attachments.attach_network_interface(account, eni_id, instance_id, index)


@pytest.mark.parametrize("instance_type", sorted(RULEBOOK))
def test_the_limits_table_has_the_rulebooks_figures(instance_type: str) -> None:
    assert limits_for(instance_type) == RULEBOOK[instance_type]


def test_unknown_types_have_no_limits() -> None:
    assert limits_for("t3.mega") is None
    assert limits_for("") is None
    assert set(RULEBOOK) <= set(INSTANCE_TYPES)


@pytest.mark.parametrize(
    "instance_type",
    ["m6i.32xlarge", "m7i.48xlarge", "m7a.metal-48xl", "m8g.24xlarge", "c8g.48xlarge"],
)
def test_sizes_above_24xlarge_follow_the_16xlarge_and_up_row(instance_type: str) -> None:
    """§11: "same .16xlarge and up (incl. metal)" covers the largest sizes of the newer families."""
    assert limits_for(instance_type) == TypeLimits(15, 50, 15)


@pytest.mark.parametrize(
    "instance_type",
    [
        "t2.micro",
        "t3.small",
        "t3a.small",
        "m5.large",
        "c5.xlarge",
        "m4.large",
        "c7g.medium",
        "r5.4xlarge",
    ],
)
def test_attach_stops_at_the_types_interface_count(account: Account, instance_type: str) -> None:
    names = names_of(account)
    account.instances[names["app-1"]].instance_type = instance_type
    limit = RULEBOOK[instance_type].max_interfaces
    for index in range(1, limit):  # index 0 is the primary: it counts
        attach(account, new_eni(account, "backend"), "app-1", index)()
    assert len(account.interfaces_of(names["app-1"])) == limit
    extra = new_eni(account, "backend")
    assert refused(account, attach(account, extra, "app-1", limit)) == (
        "AttachmentLimitExceeded",
        f"Interface count {limit + 1} exceeds the limit for {instance_type}",
    )


def test_the_default_accounts_t3_micro_takes_one_secondary_interface(account: Account) -> None:
    first, second = new_eni(account, "public"), new_eni(account, "public")
    attach(account, first, "web-1", 1)()
    assert refused(account, attach(account, second, "web-1", 2)) == (
        "AttachmentLimitExceeded",
        "Interface count 3 exceeds the limit for t3.micro",
    )


def test_a_stopped_instance_has_the_same_interface_count(account: Account) -> None:
    names = names_of(account)  # db-1: r5.large, stopped, 3 interfaces
    for index in (1, 2):
        attach(account, new_eni(account, "default-b"), "db-1", index)()
    extra = new_eni(account, "default-b")
    assert refused(account, attach(account, extra, "db-1", 3)) == (
        "AttachmentLimitExceeded",
        "Interface count 4 exceeds the limit for r5.large",
    )
    assert account.instances[names["db-1"]].state == "stopped"


def test_a_detach_makes_room_again(account: Account) -> None:
    names = names_of(account)
    first, second = new_eni(account, "public"), new_eni(account, "public")
    attachment_id = attachments.attach_network_interface(account, first, names["web-1"], 1)
    attachments.detach_network_interface(account, attachment_id)
    attach(account, second, "web-1", 2)()
    assert len(account.interfaces_of(names["web-1"])) == 2


@pytest.mark.parametrize(
    "instance_type", ["t3.micro", "t2.small", "t3.medium", "m5.large", "c5.4xlarge"]
)
def test_attach_refuses_an_interface_with_more_addresses_than_the_type_allows(
    account: Account, instance_type: str
) -> None:
    names = names_of(account)
    account.instances[names["app-1"]].instance_type = instance_type
    limit = RULEBOOK[instance_type].ipv4_per_interface
    too_many = new_eni(account, "backend", ips=limit + 1)
    assert refused(account, attach(account, too_many, "app-1", 1)) == IP_LIMIT
    just_right = new_eni(account, "backend", ips=limit)  # the primary address counts
    attach(account, just_right, "app-1", 1)()
    assert len(account.network_interfaces[just_right].private_ip_addresses) == limit


def test_the_interface_count_is_checked_before_the_address_count(account: Account) -> None:
    """§5: step 11 (interface count) comes before step 12 (addresses per interface)."""
    attach(account, new_eni(account, "public"), "web-1", 1)()
    crowded = new_eni(account, "public", ips=3)
    code, _ = refused(account, attach(account, crowded, "web-1", 2))
    assert code == "AttachmentLimitExceeded"


def test_attach_counts_the_per_card_limit_of_multi_card_types(account: Account) -> None:
    """§11: p5.48xlarge takes 64 interfaces, but only 2 per network card; the legacy attach always
    uses card 0 (the API default), so card 0 is full after the primary and one more."""
    names = names_of(account)
    account.instances[names["app-1"]].instance_type = "p5.48xlarge"
    attach(account, new_eni(account, "backend"), "app-1", 1)()
    assert refused(account, attach(account, new_eni(account, "backend"), "app-1", 2)) == (
        "AttachmentLimitExceeded",
        "Interface count 3 exceeds the limit for p5.48xlarge",
    )

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
from tests.engine.support import refused

IP_LIMIT = ("PrivateIpAddressLimitExceeded", "Number of private addresses will exceed limit.")

# The rulebook's §11 table, transcribed row by row: (ENIs, IPv4 per ENI[, ENIs per card]).
_RULEBOOK_ROWS = {
    "t2.nano t2.micro": (2, 2),
    "t2.small": (3, 4),
    "t2.medium": (3, 6),
    "t2.large": (3, 12),
    "t2.xlarge t2.2xlarge": (3, 15),
    "t3.nano t3.micro": (2, 2),
    "t3.small": (3, 4),
    "t3.medium": (3, 6),
    "t3.large": (3, 12),
    "t3.xlarge t3.2xlarge": (4, 15),
    "t3a.nano t3a.micro": (2, 2),
    "t3a.small": (2, 4),
    "t3a.medium": (3, 6),
    "t3a.large": (3, 12),
    "t3a.xlarge t3a.2xlarge": (4, 15),
    "t4g.nano t4g.micro": (2, 2),
    "t4g.small": (3, 4),
    "t4g.medium": (3, 6),
    "t4g.large": (3, 12),
    "t4g.xlarge t4g.2xlarge": (4, 15),
    "m5.large c5.large r5.large": (3, 10),
    "m5.xlarge m5.2xlarge c5.xlarge c5.2xlarge r5.xlarge r5.2xlarge": (4, 15),
    "m5.4xlarge m5.8xlarge m5.12xlarge c5.4xlarge c5.9xlarge c5.12xlarge": (8, 30),
    "r5.4xlarge r5.8xlarge r5.12xlarge": (8, 30),
    "m5.16xlarge m5.24xlarge m5.metal c5.18xlarge c5.24xlarge c5.metal": (15, 50),
    "r5.16xlarge r5.24xlarge r5.metal": (15, 50),
    "m6i.large c6i.large r6i.large m7i.large r7i.large m7a.large": (3, 10),
    "m6i.xlarge c6i.2xlarge r6i.xlarge m7i.2xlarge r7i.xlarge m7a.2xlarge": (4, 15),
    "m6i.4xlarge c6i.8xlarge r6i.12xlarge m7i.4xlarge r7i.8xlarge m7a.12xlarge": (8, 30),
    "m6i.16xlarge c6i.24xlarge r6i.metal m7i.16xlarge r7i.24xlarge m7a.metal": (15, 50),
    "c7g.medium m7g.medium m6g.medium c6g.medium m8g.medium c8g.medium": (2, 4),
    "c7g.large m7g.large m6g.large c6g.large m8g.large c8g.large": (3, 10),
    "c7g.xlarge m7g.2xlarge m6g.xlarge c6g.2xlarge m8g.xlarge c8g.2xlarge": (4, 15),
    "c7g.4xlarge m7g.8xlarge m6g.12xlarge c6g.4xlarge m8g.8xlarge c8g.12xlarge": (8, 30),
    "c7g.16xlarge m7g.metal m6g.16xlarge c6g.metal m8g.16xlarge c8g.metal": (15, 50),
    "m4.large": (2, 10),
    "c4.large": (3, 10),
    "m1.small": (2, 4),
    "t1.micro": (2, 2),
    "c5n.18xlarge": (15, 50),
    "c6in.32xlarge m6in.32xlarge": (16, 50, 8),
    "trn1.32xlarge": (40, 50, 5),
    "p4d.24xlarge": (60, 50, 15),
    "p5.48xlarge": (64, 50, 2),
}
RULEBOOK = {
    name: TypeLimits(figures[0], figures[1], figures[-1] if len(figures) == 3 else figures[0])
    for names, figures in _RULEBOOK_ROWS.items()
    for name in names.split()
}


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

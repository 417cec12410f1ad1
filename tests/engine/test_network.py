"""DescribeSubnets, DescribeVpcs and DescribeSecurityGroups (legacy-cli.md §14.1-14.3, §15.7): the
records and their derived fields (a subnet's free addresses), IDs in account order once each, every
filter name with wildcards, OR within a name and AND across names, ec2dgrp's reading of a GROUP
(an 8-digit ID, else a name) and the errors: Malformed, then an unknown filter, then NotFound."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

from ec2eni.engine import interfaces, network
from ec2eni.engine.model import Account, SecurityGroup
from ec2eni.engine.network_descriptions import (
    SecurityGroupDescription,
    SubnetDescription,
    VpcDescription,
)
from tests.conftest import names_of
from tests.engine.support import refused

OWNER = "123456789012"
SUBNETS = ["default-a", "default-b", "default-c", "public", "management", "backend", "tiny"]
WORKSHOP_SUBNETS = ["public", "management", "backend", "tiny"]
GROUPS = ["default/default", "workshop/default", "workshop/web", "workshop/ssh-admin"]
LEGACY_GROUP = "sg-1a2b3c4d"


@pytest.fixture
def scene(account: Account) -> Account:
    """The default account plus: `public` tagged Tier=web; the workshop VPC dedicated, with no
    DHCP options set of its own; a group with an 8-digit ID (`legacy`, Tier=old) in the workshop
    VPC; and a group whose NAME looks like a 17-digit group ID (web's)."""
    names = names_of(account)
    account.subnets[names["public"]].tags["Tier"] = "web"
    workshop = account.vpcs[names["workshop"]]
    workshop.instance_tenancy, workshop.dhcp_options_id = "dedicated", ""
    workshop.tags["env"] = "lab"
    for group in (
        SecurityGroup(LEGACY_GROUP, names["workshop"], "legacy", "made in 2013", {"Tier": "old"}),
        SecurityGroup("sg-00000000000000abc", names["default"], names["workshop/web"], "odd"),
    ):
        account.security_groups[group.id] = group
    return account


def subnet_names(account: Account, ids: Sequence[str] = (), *pairs: str) -> list[str]:
    return [
        d.tags[0][1] if d.tags else d.subnet_id
        for d in network.describe_subnets(account, ids, [_pair(p) for p in pairs])
    ]


def vpc_names(account: Account, ids: Sequence[str] = (), *pairs: str) -> list[str]:
    return [
        dict(d.tags)["Name"] for d in network.describe_vpcs(account, ids, [_pair(p) for p in pairs])
    ]


def group_ids(account: Account, values: Sequence[str] = (), *pairs: str) -> list[str]:
    return [
        d.group_id
        for d in network.describe_security_groups(account, values, [_pair(p) for p in pairs])
    ]


def _pair(text: str) -> tuple[str, str]:
    name, _, value = text.partition("=")
    return name, value


# --- subnets -------------------------------------------------------------------------------------


def test_describe_subnets_gives_every_field(account: Account) -> None:
    names = names_of(account)
    default_a, tiny = network.describe_subnets(account, [names["tiny"], names["default-a"]])
    assert default_a == SubnetDescription(
        subnet_id=names["default-a"],
        state="available",
        vpc_id=names["default"],
        cidr_block="172.31.0.0/20",
        available_ip_address_count=4096 - 5,
        availability_zone="us-east-1a",
        default_for_az=True,
        map_public_ip_on_launch=True,
        tags=(("Name", "default-a"),),
    )
    assert (tiny.subnet_id, tiny.default_for_az, tiny.map_public_ip_on_launch) == (
        names["tiny"],
        False,
        False,
    )


def test_describe_subnets_counts_free_addresses(account: Account) -> None:
    names = names_of(account)
    counts = {d.subnet_id: d.available_ip_address_count for d in network.describe_subnets(account)}
    # Block size minus the five reserved, minus every address an interface holds.
    assert counts == {
        names["default-a"]: 4096 - 5,
        names["default-b"]: 4096 - 5 - 1,
        names["default-c"]: 4096 - 5,
        names["public"]: 256 - 5 - 2,
        names["management"]: 256 - 5,
        names["backend"]: 256 - 5 - 1,
        names["tiny"]: 16 - 5,
    }


def test_the_free_address_count_follows_create_and_delete(account: Account) -> None:
    tiny = names_of(account)["tiny"]

    def free() -> int:
        return network.describe_subnets(account, [tiny])[0].available_ip_address_count

    first = interfaces.create_network_interface(account, tiny, secondary_private_ip_address_count=3)
    assert free() == 7  # a primary and three secondaries
    second = interfaces.create_network_interface(
        account, tiny, secondary_private_ip_address_count=6
    )
    assert free() == 0
    assert subnet_names(account, (), "available-ip-address-count=0") == ["tiny"]
    interfaces.delete_network_interface(account, first.network_interface_id)
    assert free() == 4
    interfaces.delete_network_interface(account, second.network_interface_id)
    assert free() == 11


SUBNET_FILTERS: list[tuple[list[str], list[str]]] = [
    (["subnet-id={public}"], ["public"]),
    (["subnet-id={public}", "subnet-id={tiny}"], ["public", "tiny"]),  # ORed, account order
    (["subnet-id=subnet-*"], SUBNETS),
    (["vpc-id={workshop}"], WORKSHOP_SUBNETS),
    (["vpc-id={default}"], ["default-a", "default-b", "default-c"]),
    (["cidr=10.0.1.0/24"], ["public"]),
    (["cidr-block=172.31.*"], ["default-a", "default-b", "default-c"]),
    (["cidrBlock=10.0.9.0/28"], ["tiny"]),
    (["cidr=10.0.1.0"], []),  # the whole block, not an address in it
    (["availability-zone=us-east-1b"], ["default-b", "tiny"]),
    (["availabilityZone=us-east-1c"], ["default-c"]),
    (["availability-zone-id=use1-az3"], ["default-c"]),
    (["available-ip-address-count=11"], ["tiny"]),
    (["available-ip-address-count=4090"], ["default-b"]),
    (["available-ip-address-count=2??"], ["public", "management", "backend"]),
    (["state=available"], SUBNETS),
    (["state=pending"], []),
    (["default-for-az=true"], ["default-a", "default-b", "default-c"]),
    (["defaultForAz=false"], WORKSHOP_SUBNETS),
    (["map-public-ip-on-launch=true"], ["default-a", "default-b", "default-c"]),
    (["tag:Name=default-?"], ["default-a", "default-b", "default-c"]),
    (["tag:Tier=web"], ["public"]),
    (["tag:Tier=*"], ["public"]),  # a tag the others lack matches none of them
    (["tag:name=public"], []),  # keys are case-sensitive
    (["tag-key=Tier"], ["public"]),
    (["tag-key=Name"], SUBNETS),
    (["tag-value=tiny"], ["tiny"]),
    (["tag-value=web"], ["public"]),
    (["vpc-id={workshop}", "availability-zone=us-east-1b"], ["tiny"]),  # ANDed
    (["vpc-id={workshop}", "availability-zone=us-east-1c"], []),
]


def _filled(account: Account, pairs: list[str]) -> list[str]:
    names = {k.replace("/", "_"): v for k, v in names_of(account).items()}
    names.update({k.replace("-", "_"): v for k, v in names.items()})
    return [p.format(**names) for p in pairs]


@pytest.mark.parametrize(("pairs", "expected"), SUBNET_FILTERS, ids=str)
def test_each_subnet_filter(scene: Account, pairs: list[str], expected: list[str]) -> None:
    assert subnet_names(scene, (), *_filled(scene, pairs)) == expected


def test_the_subnet_filter_cases_cover_every_name() -> None:
    covered = {p.split("=")[0] for pairs, _ in SUBNET_FILTERS for p in pairs}
    assert set(network.SUBNET_NAMES.listing()) - {"tag:<key>"} <= covered


def test_ids_and_filters_together(scene: Account) -> None:
    names = names_of(scene)
    wanted = [names["tiny"], names["public"], names["tiny"]]
    assert subnet_names(scene, wanted) == ["public", "tiny"]  # account order, once each
    assert subnet_names(scene, wanted, "availability-zone=us-east-1b") == ["tiny"]


# --- VPCs ----------------------------------------------------------------------------------------


def test_describe_vpcs_gives_every_field(scene: Account) -> None:
    names = names_of(scene)
    default, workshop = network.describe_vpcs(scene)
    assert default == VpcDescription(
        vpc_id=names["default"],
        state="available",
        cidr_block="172.31.0.0/16",
        dhcp_options_id=scene.vpcs[names["default"]].dhcp_options_id,
        instance_tenancy="default",
        is_default=True,
        tags=(("Name", "default"),),
    )
    assert default.dhcp_options_id.startswith("dopt-")
    # No DHCP options set of its own: EC2 says `default`.
    assert (workshop.dhcp_options_id, workshop.instance_tenancy, workshop.is_default) == (
        "default",
        "dedicated",
        False,
    )
    assert workshop.tags == (("Name", "workshop"), ("env", "lab"))


VPC_FILTERS: list[tuple[list[str], list[str]]] = [
    (["vpc-id={workshop}"], ["workshop"]),
    (["vpc-id=vpc-*"], ["default", "workshop"]),
    (["cidr=10.0.0.0/16"], ["workshop"]),
    (["cidr-block=172.31.0.0/16"], ["default"]),
    (["cidr-block-association.cidr-block=10.*"], ["workshop"]),
    (["state=available"], ["default", "workshop"]),
    (["state=pending"], []),
    (["dhcp-options-id=default"], ["workshop"]),
    (["dhcp-options-id=dopt-*"], ["default"]),
    (["is-default=true"], ["default"]),
    (["is-default=false"], ["workshop"]),
    (["tag:Name=work*"], ["workshop"]),
    (["tag:env=lab", "tag:env=prod"], ["workshop"]),
    (["tag-key=env"], ["workshop"]),
    (["tag-value=default"], ["default"]),
    (["is-default=false", "tag-key=Name"], ["workshop"]),
    (["is-default=true", "tag-key=env"], []),
]


@pytest.mark.parametrize(("pairs", "expected"), VPC_FILTERS, ids=str)
def test_each_vpc_filter(scene: Account, pairs: list[str], expected: list[str]) -> None:
    assert vpc_names(scene, (), *_filled(scene, pairs)) == expected


def test_the_vpc_filter_cases_cover_every_name() -> None:
    covered = {p.split("=")[0] for pairs, _ in VPC_FILTERS for p in pairs}
    assert set(network.VPC_NAMES.listing()) - {"tag:<key>"} <= covered


# --- security groups -----------------------------------------------------------------------------


def test_describe_security_groups_gives_every_field(account: Account) -> None:
    names = names_of(account)
    described = network.describe_security_groups(account)
    assert [d.group_id for d in described] == [names[g] for g in GROUPS]
    assert described[2] == SecurityGroupDescription(
        group_id=names["workshop/web"],
        owner_id=OWNER,
        group_name="web",
        description="Web servers: HTTP and HTTPS from anywhere",
        vpc_id=names["workshop"],
        tags=(("Name", "web"),),
    )


def test_an_eight_digit_group_is_an_id_anything_else_a_name(scene: Account) -> None:
    names = names_of(scene)
    assert network.is_group_id(LEGACY_GROUP)
    for not_an_id in (names["workshop/web"], "sg-1A2B3C4D", "sg-1a2b3c4", "web", "", "1a2b3c4d"):
        assert not network.is_group_id(not_an_id)
    assert group_ids(scene, [LEGACY_GROUP]) == [LEGACY_GROUP]
    assert group_ids(scene, ["web"]) == [names["workshop/web"]]
    # A name matches the groups of that name in every VPC.
    assert group_ids(scene, ["default"]) == [names["default/default"], names["workshop/default"]]
    # Today's IDs are names to ec2dgrp: this finds the group NAMED like web's ID, not web.
    assert group_ids(scene, [names["workshop/web"]]) == ["sg-00000000000000abc"]


def test_groups_named_come_in_account_order_once_each(scene: Account) -> None:
    names = names_of(scene)
    got = group_ids(scene, [LEGACY_GROUP, "ssh-admin", "web", "ssh-admin", LEGACY_GROUP])
    assert got == [names["workshop/web"], names["workshop/ssh-admin"], LEGACY_GROUP]


GROUP_FILTERS: list[tuple[list[str], list[str]]] = [
    (["group-id={workshop_web}"], ["workshop/web"]),
    (["group-id={workshop_web}", f"group-id={LEGACY_GROUP}"], ["workshop/web", "legacy"]),
    (["group-id=sg-????????"], ["legacy"]),
    (["group-name=default"], ["default/default", "workshop/default"]),
    (["group-name=*-admin"], ["workshop/ssh-admin"]),
    (["vpc-id={default}"], ["default/default", "odd"]),
    (["description=*security group"], ["default/default", "workshop/default"]),
    (["description=made in 2013"], ["legacy"]),
    (["owner-id=" + OWNER], [*GROUPS, "legacy", "odd"]),
    (["owner-id=111122223333"], []),
    (["tag:Name=web"], ["workshop/web"]),
    (["tag:Tier=old"], ["legacy"]),
    (["tag-key=Tier"], ["legacy"]),
    (["tag-value=ssh-*"], ["workshop/ssh-admin"]),
    (["vpc-id={workshop}", "group-name=default"], ["workshop/default"]),
    # The account stores no rules: a rule filter is known to EC2 and matches no group.
    *(
        ([f"{prefix}ip-permission.{name}=*"], [])
        for prefix in ("", "egress.")
        for name in ("cidr", "from-port", "group-id", "group-name", "protocol", "to-port")
    ),
    (["ip-permission.user-id=*"], []),
    (["egress.ip-permission.user-id=" + OWNER], []),
]


@pytest.mark.parametrize(("pairs", "expected"), GROUP_FILTERS, ids=str)
def test_each_group_filter(scene: Account, pairs: list[str], expected: list[str]) -> None:
    names = names_of(scene)
    label = {v: k for k, v in names.items() if "/" in k}
    label.update({LEGACY_GROUP: "legacy", "sg-00000000000000abc": "odd"})
    got = group_ids(scene, (), *_filled(scene, pairs))
    assert [label[g] for g in got] == expected


def test_the_group_filter_cases_cover_every_name() -> None:
    covered = {p.split("=")[0] for pairs, _ in GROUP_FILTERS for p in pairs}
    assert set(network.GROUP_NAMES.listing()) - {"tag:<key>"} <= covered


def test_groups_named_and_filtered(scene: Account) -> None:
    names = names_of(scene)
    assert group_ids(scene, ["default"], f"vpc-id={names['workshop']}") == [
        names["workshop/default"]
    ]


# --- errors --------------------------------------------------------------------------------------

Describe = Callable[[Account, Sequence[str], Sequence[tuple[str, str]]], Sequence[object]]
ACTIONS: dict[str, Describe] = {
    "subnet": network.describe_subnets,
    "vpc": network.describe_vpcs,
    "sg": network.describe_security_groups,
}


NOT_FOUND = {
    "subnet": ("InvalidSubnetID.NotFound", "The subnet ID '{}' does not exist"),
    "vpc": ("InvalidVpcID.NotFound", "The vpc ID '{}' does not exist"),
    "sg": ("InvalidGroup.NotFound", "The security group '{}' does not exist"),
}


@pytest.mark.parametrize(
    ("kind", "unknown"),
    [
        ("subnet", "subnet-0000000a"),
        ("subnet", "subnet-0123456789abcdef0"),
        ("vpc", "vpc-00000000"),
        ("vpc", "vpc-0123456789abcdef0"),
        ("sg", "sg-deadbeef"),
        # Names to ec2dgrp, so never Malformed: unknown names.
        ("sg", "nosuch"),
        ("sg", "sg-0123456789abcdef0"),
        ("sg", "sg-XYZ"),
        ("sg", ""),
    ],
)
def test_an_unknown_one_is_not_found(scene: Account, kind: str, unknown: str) -> None:
    code, message = NOT_FOUND[kind]
    describe = ACTIONS[kind]
    known = {"subnet": names_of(scene)["tiny"], "vpc": names_of(scene)["workshop"], "sg": "web"}
    assert refused(scene, lambda: describe(scene, [known[kind], unknown], ())) == (
        code,
        message.format(unknown),
    )


@pytest.mark.parametrize(
    ("kind", "code"), [("subnet", "InvalidSubnetID.Malformed"), ("vpc", "InvalidVpcID.Malformed")]
)
@pytest.mark.parametrize("bad", ["{kind}-0123ABCD", "{kind}-0123456789abcdef01", "{kind}-", "x"])
def test_a_malformed_id_wins_over_a_bad_filter_and_an_unknown_id(
    scene: Account, kind: str, code: str, bad: str
) -> None:
    value = bad.format(kind=kind)
    assert refused(
        scene,
        lambda: ACTIONS[kind](scene, [f"{kind}-0123abcd", value], [("bogus", "1")]),
    ) == (code, f'Invalid id: "{value}" (expecting "{kind}-...")')


@pytest.mark.parametrize("kind", ACTIONS)
@pytest.mark.parametrize("name", ["bogus", "tag:", "Subnet-Id", "attachment.status", "tag-key "])
def test_an_unknown_filter_name_is_invalid_before_an_unknown_id(
    scene: Account, kind: str, name: str
) -> None:
    unknown = {"subnet": "subnet-0123abcd", "vpc": "vpc-0123abcd", "sg": "nosuch"}[kind]
    assert refused(scene, lambda: ACTIONS[kind](scene, [unknown], [(name, "x")])) == (
        "InvalidParameterValue",
        f"The filter '{name}' is invalid",
    )


@pytest.mark.parametrize("kind", ACTIONS)
def test_no_match_is_no_error(scene: Account, kind: str) -> None:
    assert ACTIONS[kind](scene, (), [("tag:Name", "nothing-is-called-this")]) == []


def test_an_empty_account_describes_nothing() -> None:
    empty = Account(region="us-east-1", owner_id=OWNER, seed="s")
    assert network.describe_subnets(empty) == []
    assert network.describe_vpcs(empty) == []
    assert network.describe_security_groups(empty) == []

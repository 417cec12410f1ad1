"""CreateTags, DeleteTags and DescribeTags (eni-rules.md §9.3, §1.2): any mix of the account's
resources by ID; tag syntax, then InvalidID, then the kind's NotFound, then the 50-tag limit, all
checked before anything changes; insertion order kept; DescribeTags' filters."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ec2eni.engine import instances, interfaces, tags
from ec2eni.engine.invariants import check
from ec2eni.engine.model import Account, Address
from ec2eni.engine.tags import TagDescription
from tests.conftest import names_of
from tests.engine.support import refused

ALLOCATION = "eipalloc-0a1b2c3d4e5f60718"


@pytest.fixture
def names(account: Account) -> dict[str, str]:
    # One Elastic IP, so every kind the account can hold is there to be tagged.
    account.addresses[ALLOCATION] = Address(allocation_id=ALLOCATION, public_ip="203.0.113.7")
    return names_of(account)


def create(account: Account, ids: list[str], pairs: list[tuple[str, str]]) -> Callable[[], None]:
    return lambda: tags.create_tags(account, ids, pairs)


def listed(descriptions: list[TagDescription]) -> list[tuple[str, str, str, str]]:
    return [(d.resource_type, d.resource_id, d.key, d.value) for d in descriptions]


def test_every_kind_of_resource_takes_tags_in_one_call(
    account: Account, names: dict[str, str]
) -> None:
    every = [
        names["web-1-eth0"],
        names["old-1"],  # terminated: still tagged, as EC2 still shows it
        names["backend"],
        names["workshop"],
        names["workshop/web"],
        ALLOCATION,
    ]
    tags.create_tags(account, every, [("tier", "web"), ("flag", "")])
    found = listed(tags.describe_tags(account, [("key", "tier"), ("key", "flag")]))
    assert found == [
        ("vpc", names["workshop"], "tier", "web"),
        ("vpc", names["workshop"], "flag", ""),
        ("subnet", names["backend"], "tier", "web"),
        ("subnet", names["backend"], "flag", ""),
        ("security-group", names["workshop/web"], "tier", "web"),
        ("security-group", names["workshop/web"], "flag", ""),
        ("instance", names["old-1"], "tier", "web"),
        ("instance", names["old-1"], "flag", ""),
        ("network-interface", names["web-1-eth0"], "tier", "web"),
        ("network-interface", names["web-1-eth0"], "flag", ""),
        ("elastic-ip", ALLOCATION, "tier", "web"),
        ("elastic-ip", ALLOCATION, "flag", ""),
    ]
    assert account.addresses[ALLOCATION].tags == {"tier": "web", "flag": ""}
    assert check(account) == []


def test_an_existing_key_keeps_its_place_and_takes_the_new_value(
    account: Account, names: dict[str, str]
) -> None:
    eni = names["web-1-eth0"]
    tags.create_tags(account, [eni], [("a", "1"), ("b", "2")])
    tags.create_tags(account, [eni], [("Name", "renamed"), ("c", "3"), ("a", "")])
    assert list(account.network_interfaces[eni].tags.items()) == [
        ("Name", "renamed"),
        ("a", ""),
        ("b", "2"),
        ("c", "3"),
    ]


def test_a_key_given_twice_takes_its_last_value(account: Account, names: dict[str, str]) -> None:
    tags.create_tags(account, [names["web-1"]], [("k", "first"), ("k", "last")])
    assert account.instances[names["web-1"]].tags == {"Name": "web-1", "k": "last"}


def test_a_resource_named_twice_is_tagged_once(account: Account, names: dict[str, str]) -> None:
    tags.create_tags(account, [names["web-1"], names["web-1"]], [("k", "v")])
    assert account.instances[names["web-1"]].tags == {"Name": "web-1", "k": "v"}


@pytest.mark.parametrize(
    "resource_id",
    [
        "eni-XYZ",
        "eni-",
        "eni-0123456789abcdef01",  # 18 digits
        "eni-attach-87e61e853d70379d5",  # not a taggable kind
        "eipassoc-0123abcd",
        "ami-0123456789abcdef0",  # a kind the account cannot hold
        "vol-1a2b3c4d",
        "web-1",
        "",
        " i-cf9ace0ed00a6c9e3",
    ],
)
def test_a_malformed_or_foreign_id_is_invalid_id(
    account: Account, names: dict[str, str], resource_id: str
) -> None:
    action = create(account, [names["web-1"], resource_id], [("k", "v")])
    assert refused(account, action) == ("InvalidID", f"The ID '{resource_id}' is not valid")


@pytest.mark.parametrize(
    ("resource_id", "code", "message"),
    [
        (
            "eni-0123456789abcdef0",
            "InvalidNetworkInterfaceID.NotFound",
            "The networkInterface ID 'eni-0123456789abcdef0' does not exist",
        ),
        ("i-0", "InvalidInstanceID.NotFound", "The instance ID 'i-0' does not exist"),
        (
            "subnet-1a2b3c4d",
            "InvalidSubnetID.NotFound",
            "The subnet ID 'subnet-1a2b3c4d' does not exist",
        ),
        ("vpc-1a2b3c4d", "InvalidVpcID.NotFound", "The vpc ID 'vpc-1a2b3c4d' does not exist"),
        ("sg-1a2b3c4d", "InvalidGroup.NotFound", "The security group 'sg-1a2b3c4d' does not exist"),
        (
            "eipalloc-1a2b3c4d",
            "InvalidAllocationID.NotFound",
            "The allocation ID 'eipalloc-1a2b3c4d' does not exist",
        ),
    ],
)
def test_an_unknown_well_formed_id_is_its_kinds_not_found(
    account: Account, names: dict[str, str], resource_id: str, code: str, message: str
) -> None:
    assert refused(account, create(account, [names["web-1"], resource_id], [("k", "v")])) == (
        code,
        message,
    )


def test_syntax_wins_over_existence_and_tags_win_over_ids(
    account: Account, names: dict[str, str]
) -> None:
    unknown, malformed = "i-0123456789abcdef0", "i-nope"
    assert refused(account, create(account, [unknown, malformed], [("k", "v")]))[0] == "InvalidID"
    assert refused(account, create(account, [malformed], [("aws:k", "v")]))[0] == (
        "InvalidParameterValue"
    )


RESERVED = (
    "Value ( aws:cloudformation:stack-name ) for parameter key is invalid. Tag keys starting with "
    "'aws:' are reserved for internal use"
)
EMPTY = "Value ( '' ) for parameter Tag key is invalid. Tag key cannot be null or empty."


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("aws:cloudformation:stack-name", "x", RESERVED),
        ("", "x", EMPTY),
        ("k" * 129, "x", "Tag key exceeds the maximum length of 128 characters"),
        ("k", "v" * 257, "Tag value exceeds the maximum length of 256 characters"),
    ],
)
def test_tag_syntax_is_refused_with_ec2s_words(
    account: Account, names: dict[str, str], key: str, value: str, message: str
) -> None:
    action = create(account, [names["web-1"]], [("fine", "1"), (key, value)])
    assert refused(account, action) == ("InvalidParameterValue", message)


def test_the_longest_key_and_value_and_an_upper_case_aws_prefix_are_fine(
    account: Account, names: dict[str, str]
) -> None:
    pairs = [("k" * 128, "v" * 256), ("AWS:mine", ""), ("x:aws:", "aws:")]
    tags.create_tags(account, [names["web-1"]], pairs)
    assert account.instances[names["web-1"]].tags == {"Name": "web-1", **dict(pairs)}
    assert check(account) == []


def test_fifty_tags_fit_a_resource_and_a_fifty_first_is_refused(
    account: Account, names: dict[str, str]
) -> None:
    eni, vpc = names["web-1-eth0"], names["workshop"]
    tags.create_tags(account, [eni], [(f"k{n}", "") for n in range(49)])  # and Name: 50
    assert len(account.network_interfaces[eni].tags) == 50
    # Overwriting at the limit adds no tag.
    tags.create_tags(account, [vpc, eni], [("Name", "renamed"), ("k0", "again")])
    # The VPC would take the new key, the interface would not: nothing changes anywhere.
    action = create(account, [vpc, eni], [("one-more", "")])
    assert refused(account, action) == (
        "TagLimitExceeded",
        "The maximum number of Tags for a resource has been reached.",
    )
    assert check(account) == []


def test_limits_come_after_existence(account: Account, names: dict[str, str]) -> None:
    eni = names["web-1-eth0"]
    tags.create_tags(account, [eni], [(f"k{n}", "") for n in range(49)])
    action = create(account, [eni, "vpc-1a2b3c4d"], [("one-more", "")])
    assert refused(account, action)[0] == "InvalidVpcID.NotFound"


def test_delete_by_key_by_value_and_by_empty_value(account: Account, names: dict[str, str]) -> None:
    web, eni = names["web-1"], names["web-1-eth0"]
    tags.create_tags(account, [web, eni], [("env", "prod"), ("flag", ""), ("keep", "1")])
    deleted = tags.delete_tags(
        account,
        [eni, web],
        [("env", None), ("flag", ""), ("keep", "2"), ("Name", "web-1"), ("absent", None)],
    )
    # Describe order (instances before interfaces), each resource's tags in order.
    assert listed(deleted) == [
        ("instance", web, "Name", "web-1"),
        ("instance", web, "env", "prod"),
        ("instance", web, "flag", ""),
        ("network-interface", eni, "env", "prod"),
        ("network-interface", eni, "flag", ""),
    ]
    assert account.instances[web].tags == {"keep": "1"}
    assert account.network_interfaces[eni].tags == {"Name": "web-1-eth0", "keep": "1"}


def test_delete_reports_a_tag_matched_twice_once(account: Account, names: dict[str, str]) -> None:
    web = names["web-1"]
    deleted = tags.delete_tags(account, [web], [("Name", None), ("Name", "web-1"), ("Name", "x")])
    assert listed(deleted) == [("instance", web, "Name", "web-1")]


def test_delete_matching_nothing_changes_nothing_and_is_no_error(
    account: Account, names: dict[str, str]
) -> None:
    before = names_of(account)
    assert tags.delete_tags(account, [names["web-1"]], [("Name", "wrong"), ("none", "")]) == []
    assert names_of(account) == before


def test_delete_without_tags_deletes_every_tag_of_the_resources(
    account: Account, names: dict[str, str]
) -> None:
    tags.create_tags(account, [ALLOCATION], [("a", "1")])
    deleted = tags.delete_tags(account, [ALLOCATION, names["tiny"]])
    assert listed(deleted) == [
        ("subnet", names["tiny"], "Name", "tiny"),
        ("elastic-ip", ALLOCATION, "a", "1"),
    ]
    assert account.addresses[ALLOCATION].tags == {}
    assert account.subnets[names["tiny"]].tags == {}


@pytest.mark.parametrize(
    ("resource_ids", "pairs", "code"),
    [
        (["eni-nope"], [("Name", None)], "InvalidID"),
        (["eni-0123456789abcdef0"], [("Name", None)], "InvalidNetworkInterfaceID.NotFound"),
        (["i-cf9ace0ed00a6c9e3"], [("aws:reserved", None)], "InvalidParameterValue"),
        (["i-cf9ace0ed00a6c9e3"], [("", "x")], "InvalidParameterValue"),
    ],
)
def test_delete_is_refused_as_create_is(
    account: Account,
    names: dict[str, str],
    resource_ids: list[str],
    pairs: list[tuple[str, str | None]],
    code: str,
) -> None:
    action = lambda: tags.delete_tags(account, [names["web-1"], *resource_ids], pairs)  # noqa: E731
    assert refused(account, action)[0] == code


def test_describe_lists_every_tag_in_account_order(account: Account, names: dict[str, str]) -> None:
    found = listed(tags.describe_tags(account))
    assert len(found) == 22  # every default resource has its Name, the Elastic IP none
    assert found[0] == ("vpc", names["default"], "Name", "default")
    assert [kind for kind, *_ in found] == sorted(
        (kind for kind, *_ in found),
        key=["vpc", "subnet", "security-group", "instance", "network-interface"].index,
    )
    assert found[-1] == ("network-interface", names["db-1-eth0"], "Name", "db-1-eth0")


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ([("resource-type", "security-group")], ["default", "default", "web", "ssh-admin"]),
        (
            [("resource-type", "vpc"), ("resource-type", "subnet")],
            ["default", "workshop", "default-a", "default-b", "default-c", "public", "management"]
            + ["backend", "tiny"],
        ),
        ([("resource-type", "image")], []),
        ([("value", "web-*")], ["web-1", "web-1-eth0"]),
        ([("value", "web-?")], ["web-1"]),
        (
            [("key", "Name"), ("value", "*-1"), ("resource-type", "instance")],
            ["web-1", "standby-1", "app-1", "db-1", "old-1"],
        ),
        ([("resource-id", "i-cf9ace0ed00a6c9e3")], ["web-1"]),
        ([("key", "name")], []),  # case-sensitive
        ([("tag:Name", "tiny")], ["tiny"]),
    ],
)
def test_describe_filters(
    account: Account, filters: list[tuple[str, str]], expected: list[str]
) -> None:
    assert [d.value for d in tags.describe_tags(account, filters)] == expected


def test_a_tag_filter_selects_resources_and_lists_all_their_tags(
    account: Account, names: dict[str, str]
) -> None:
    tags.create_tags(account, [names["web-1-eth0"], names["app-1-eth0"]], [("tier", "front")])
    tags.create_tags(account, [names["app-1-eth0"]], [("tier", "back")])
    found = listed(tags.describe_tags(account, [("tag:tier", "front")]))
    assert found == [
        ("network-interface", names["web-1-eth0"], "Name", "web-1-eth0"),
        ("network-interface", names["web-1-eth0"], "tier", "front"),
    ]
    # Combined with key: only that key of those resources.
    both = tags.describe_tags(account, [("tag:tier", "*"), ("key", "Name")])
    assert [d.value for d in both] == ["web-1-eth0", "app-1-eth0"]


def test_an_unknown_filter_is_refused(account: Account) -> None:
    assert refused(account, lambda: tags.describe_tags(account, [("tag-key", "Name")])) == (
        "InvalidParameterValue",
        "The filter 'tag-key' is invalid",
    )


def test_a_deleted_interface_takes_its_tags_and_a_terminated_instance_keeps_them(
    account: Account, names: dict[str, str]
) -> None:
    created = interfaces.create_network_interface(account, names["public"])
    eni = created.network_interface_id
    tags.create_tags(account, [eni, names["standby-1"]], [("temp", "yes")])
    interfaces.delete_network_interface(account, eni)
    instances.terminate_instances(account, [names["standby-1"]])
    assert listed(tags.describe_tags(account, [("key", "temp")])) == [
        ("instance", names["standby-1"], "temp", "yes")
    ]
    # standby-1's primary interface went with the instance (delete on termination), tags too.
    assert tags.describe_tags(account, [("resource-id", names["standby-1-eth0"])]) == []


def test_invariants_name_every_broken_tag_rule(account: Account, names: dict[str, str]) -> None:
    account.vpcs[names["workshop"]].tags.update({f"k{n}": "" for n in range(50)})
    account.subnets[names["tiny"]].tags["aws:x"] = ""
    account.instances[names["web-1"]].tags["k" * 129] = ""
    account.network_interfaces[names["web-1-eth0"]].tags["long"] = "v" * 257
    account.addresses[ALLOCATION].tags[""] = "x"
    assert check(account) == [
        f"vpc {names['workshop']}: has 51 tags (at most 50)",
        f"subnet {names['tiny']}: tag key 'aws:x' starts with 'aws:' (AWS's own)",
        f"instance {names['web-1']}: tag key '{'k' * 20}...' is over 128 characters",
        f"network interface {names['web-1-eth0']}: the value of tag 'long' is over 256 characters",
        f"address {ALLOCATION}: a tag has an empty key",
    ]

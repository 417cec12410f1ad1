"""Describe-, Modify- and ResetNetworkInterfaceAttribute (eni-rules.md §8, §0 n, q): one attribute
per call, what each attribute shows and how it changes, and every refusal in EC2's validation
order. A refused modify or reset leaves the account exactly as it was."""

from __future__ import annotations

import copy
import itertools
from collections.abc import Callable
from typing import Any

import pytest

from ec2eni.engine import attachments, attributes, interfaces
from ec2eni.engine.descriptions import describe_interface
from ec2eni.engine.model import Account, SecurityGroup
from tests.conftest import names_of
from tests.engine.support import refused

NO_ATTRIBUTE = ("InvalidParameterCombination", "No attributes specified.")
TOO_LONG = ("InvalidParameterValue", "Description must be at most 255 characters")
DIFFERENT_NETWORKS = (
    "InvalidGroup.NotFound",
    "You have specified two resources that belong to different networks.",
)
UNKNOWN_ENI = (
    "InvalidNetworkInterfaceID.NotFound",
    "The networkInterface ID 'eni-0123456789abcdef0' does not exist",
)
# One keyword argument per attribute, in the order the API lists them.
ONE_OF_EACH: dict[str, dict[str, Any]] = {
    "description": {"description": "x"},
    "sourceDestCheck": {"source_dest_check": False},
    "groupSet": {"group_ids": ["sg-21b37444b69d5fe61"]},
    "attachment": {
        "attachment_id": "eni-attach-87e61e853d70379d5",
        "delete_on_termination": False,
    },
}


def modify(account: Account, eni_id: str, **change: Any) -> Callable[[], object]:
    return lambda: attributes.modify_network_interface_attribute(account, eni_id, **change)


def new_eni(account: Account, subnet: str = "public") -> str:
    subnet_id = names_of(account)[subnet]
    return interfaces.create_network_interface(account, subnet_id).network_interface_id


# --- DescribeNetworkInterfaceAttribute ------------------------------------------------------------


@pytest.mark.parametrize("attribute", ["description", "sourceDestCheck", "groupSet", "attachment"])
def test_describe_attribute_returns_the_interface_as_describe_sees_it(
    account: Account, attribute: str
) -> None:
    eni_id = names_of(account)["web-1-eth0"]
    before = copy.deepcopy(account)
    result = attributes.describe_network_interface_attribute(account, eni_id, attribute)
    assert result.attribute == attribute
    assert result.interface == describe_interface(account, account.network_interfaces[eni_id])
    assert account == before


def test_describe_attribute_values_of_the_default_primary(account: Account) -> None:
    names = names_of(account)
    eni_id = names["web-1-eth0"]

    def value(attribute: str) -> object:
        d = attributes.describe_network_interface_attribute(account, eni_id, attribute).interface
        return {
            "description": d.description,
            "sourceDestCheck": d.source_dest_check,
            "groupSet": d.groups,
            "attachment": d.attachment
            and (
                d.attachment.attachment_id,
                d.attachment.instance_id,
                d.attachment.device_index,
                d.attachment.delete_on_termination,
                d.attachment.status,
            ),
        }[attribute]

    assert value("description") == "Primary network interface"
    assert value("sourceDestCheck") is True
    assert value("groupSet") == ((names["workshop/web"], "web"),)
    assert value("attachment") == (names["web-1-attachment"], names["web-1"], 0, True, "attached")


def test_a_new_interface_shows_the_default_group_and_no_attachment(account: Account) -> None:
    names = names_of(account)
    eni_id = new_eni(account)
    groups = attributes.describe_network_interface_attribute(account, eni_id, "groupSet")
    assert groups.interface.groups == ((names["workshop/default"], "default"),)
    attachment = attributes.describe_network_interface_attribute(account, eni_id, "attachment")
    assert attachment.interface.attachment is None


@pytest.mark.parametrize("attribute", [None, ""])
def test_describe_attribute_needs_an_attribute(account: Account, attribute: str | None) -> None:
    eni_id = names_of(account)["web-1-eth0"]
    assert (
        refused(
            account,
            lambda: attributes.describe_network_interface_attribute(account, eni_id, attribute),
        )
        == NO_ATTRIBUTE
    )


@pytest.mark.parametrize("attribute", ["bogus", "Description", "source-dest-check", "groupset"])
def test_describe_attribute_refuses_an_unknown_attribute(account: Account, attribute: str) -> None:
    eni_id = names_of(account)["web-1-eth0"]
    assert refused(
        account, lambda: attributes.describe_network_interface_attribute(account, eni_id, attribute)
    ) == (
        "InvalidParameterValue",
        f"Value ({attribute}) for parameter attribute is invalid. Unknown attribute.",
    )


def test_describe_attribute_of_an_unknown_interface(account: Account) -> None:
    assert (
        refused(
            account,
            lambda: attributes.describe_network_interface_attribute(
                account, "eni-0123456789abcdef0", "description"
            ),
        )
        == UNKNOWN_ENI
    )


@pytest.mark.parametrize(
    ("attribute", "expected"),
    [
        (None, NO_ATTRIBUTE),
        (
            "bogus",
            (
                "InvalidParameterValue",
                "Value (bogus) for parameter attribute is invalid. Unknown attribute.",
            ),
        ),
    ],
)
def test_describe_attribute_checks_the_attribute_before_the_interface_exists(
    account: Account, attribute: str | None, expected: tuple[str, str]
) -> None:
    assert (
        refused(
            account,
            lambda: attributes.describe_network_interface_attribute(
                account, "eni-0123456789abcdef0", attribute
            ),
        )
        == expected
    )


# --- ModifyNetworkInterfaceAttribute: each attribute --------------------------------------------


@pytest.mark.parametrize("text", ["", "web tier", "x" * 255, "é" * 255, "tab\tand\nnewline"])
def test_modify_description(account: Account, text: str) -> None:
    eni_id = names_of(account)["web-1-eth0"]
    expected = copy.deepcopy(account)
    expected.network_interfaces[eni_id].description = text
    assert attributes.modify_network_interface_attribute(account, eni_id, description=text) == (
        "description"
    )
    assert account == expected


@pytest.mark.parametrize("length", [256, 1000])
def test_a_description_over_255_characters_is_refused(account: Account, length: int) -> None:
    eni_id = names_of(account)["web-1-eth0"]
    assert refused(account, modify(account, eni_id, description="x" * length)) == TOO_LONG


def test_modify_source_dest_check_both_ways(account: Account) -> None:
    eni_id = names_of(account)["web-1-eth0"]
    expected = copy.deepcopy(account)
    expected.network_interfaces[eni_id].source_dest_check = False
    assert (
        attributes.modify_network_interface_attribute(account, eni_id, source_dest_check=False)
        == "sourceDestCheck"
    )
    assert account == expected
    attributes.modify_network_interface_attribute(account, eni_id, source_dest_check=True)
    assert account.network_interfaces[eni_id].source_dest_check is True


def test_modify_groups_replaces_the_whole_set(account: Account) -> None:
    names = names_of(account)
    eni_id = names["web-1-eth0"]  # attached: groups can change anyway
    new = [names["workshop/ssh-admin"], names["workshop/default"], names["workshop/ssh-admin"]]
    expected = copy.deepcopy(account)
    expected.network_interfaces[eni_id].group_ids = new[:2]
    assert (
        attributes.modify_network_interface_attribute(account, eni_id, group_ids=new) == "groupSet"
    )
    assert account == expected
    d = attributes.describe_network_interface_attribute(account, eni_id, "groupSet").interface
    assert d.groups == (
        (names["workshop/ssh-admin"], "ssh-admin"),
        (names["workshop/default"], "default"),
    )


def test_modify_groups_up_to_five(account: Account) -> None:
    names = names_of(account)
    for n in range(3):
        group = SecurityGroup(
            id=f"sg-{n:017x}", vpc_id=names["workshop"], name=f"extra-{n}", description=""
        )
        account.security_groups[group.id] = group
    workshop = [g.id for g in account.security_groups.values() if g.vpc_id == names["workshop"]]
    eni_id = new_eni(account)
    attributes.modify_network_interface_attribute(account, eni_id, group_ids=workshop[:5])
    assert account.network_interfaces[eni_id].group_ids == workshop[:5]
    assert refused(account, modify(account, eni_id, group_ids=workshop)) == (
        "SecurityGroupsPerInterfaceLimitExceeded",
        "The maximum number of security groups per interface has been reached.",
    )
    # Existence and VPC membership are checked before the count.
    assert refused(account, modify(account, eni_id, group_ids=[*workshop, "sg-0123abcd"])) == (
        "InvalidGroup.NotFound",
        "The security group 'sg-0123abcd' does not exist",
    )
    assert (
        refused(account, modify(account, eni_id, group_ids=[*workshop, names["default/default"]]))
        == DIFFERENT_NETWORKS
    )


def test_modify_groups_follows_the_accounts_raised_quota(account: Account) -> None:
    """§0 u: the quota is an account setting (EC2 lets it be raised up to 16)."""
    names = names_of(account)
    for n in range(5):
        group = SecurityGroup(
            id=f"sg-{n:017x}", vpc_id=names["workshop"], name=f"extra-{n}", description=""
        )
        account.security_groups[group.id] = group
    workshop = [g.id for g in account.security_groups.values() if g.vpc_id == names["workshop"]]
    assert len(workshop) == 8
    eni_id = new_eni(account)
    account.groups_per_interface = 7
    attributes.modify_network_interface_attribute(account, eni_id, group_ids=workshop[:7])
    assert account.network_interfaces[eni_id].group_ids == workshop[:7]
    assert refused(account, modify(account, eni_id, group_ids=workshop)) == (
        "SecurityGroupsPerInterfaceLimitExceeded",
        "The maximum number of security groups per interface has been reached.",
    )


def test_modify_groups_refuses_a_group_of_another_vpc(account: Account) -> None:
    names = names_of(account)
    eni_id = names["web-1-eth0"]
    groups = [names["workshop/web"], names["default/default"]]
    assert refused(account, modify(account, eni_id, group_ids=groups)) == DIFFERENT_NETWORKS


def test_modify_groups_refuses_an_unknown_group(account: Account) -> None:
    # §0 t: unlike create (InvalidSecurityGroupID.NotFound), modify keeps InvalidGroup.NotFound.
    eni_id = names_of(account)["web-1-eth0"]
    assert refused(account, modify(account, eni_id, group_ids=["sg-0123456789abcdef0"])) == (
        "InvalidGroup.NotFound",
        "The security group 'sg-0123456789abcdef0' does not exist",
    )


def test_modify_groups_refuses_a_malformed_group(account: Account) -> None:
    names = names_of(account)
    groups = [names["workshop/web"], "sg-WEB"]
    assert refused(account, modify(account, names["web-1-eth0"], group_ids=groups)) == (
        "InvalidGroupId.Malformed",
        'Invalid id: "sg-WEB" (expecting "sg-...")',
    )


def test_modify_groups_needs_at_least_one_group(account: Account) -> None:
    eni_id = names_of(account)["web-1-eth0"]
    assert refused(account, modify(account, eni_id, group_ids=[])) == (
        "MissingParameter",
        "The request must contain the parameter groupId",
    )


@pytest.mark.parametrize("name", ["web-1", "db-1"])
def test_modify_delete_on_termination_of_a_primary_attachment(account: Account, name: str) -> None:
    names = names_of(account)
    eni_id, attachment_id = names[f"{name}-eth0"], names[f"{name}-attachment"]
    expected = copy.deepcopy(account)
    attachment = expected.network_interfaces[eni_id].attachment
    assert attachment is not None and attachment.delete_on_termination is True
    attachment.delete_on_termination = False
    assert (
        attributes.modify_network_interface_attribute(
            account, eni_id, attachment_id=attachment_id, delete_on_termination=False
        )
        == "attachment"
    )
    assert account == expected


def test_modify_delete_on_termination_of_a_secondary_attachment(account: Account) -> None:
    names = names_of(account)
    eni_id = new_eni(account)
    attachment_id = attachments.attach_network_interface(account, eni_id, names["web-1"], 1)
    attributes.modify_network_interface_attribute(
        account, eni_id, attachment_id=attachment_id, delete_on_termination=True
    )
    a = account.network_interfaces[eni_id].attachment
    assert a is not None and a.delete_on_termination is True and a.id == attachment_id
    assert a.instance_id == names["web-1"] and a.device_index == 1


def test_delete_on_termination_needs_this_interfaces_current_attachment(account: Account) -> None:
    names = names_of(account)
    other = names["standby-1-attachment"]
    assert refused(
        account,
        modify(account, names["web-1-eth0"], attachment_id=other, delete_on_termination=False),
    ) == ("InvalidAttachmentID.NotFound", f"The interface attachment '{other}' does not exist.")


def test_delete_on_termination_of_an_unattached_interface_is_not_found(account: Account) -> None:
    names = names_of(account)
    eni_id = new_eni(account)
    attachment_id = attachments.attach_network_interface(account, eni_id, names["web-1"], 1)
    attachments.detach_network_interface(account, attachment_id)
    assert refused(
        account, modify(account, eni_id, attachment_id=attachment_id, delete_on_termination=True)
    ) == (
        "InvalidAttachmentID.NotFound",
        f"The interface attachment '{attachment_id}' does not exist.",
    )


def test_delete_on_termination_needs_both_the_attachment_and_the_flag(account: Account) -> None:
    names = names_of(account)
    eni_id, attachment_id = names["web-1-eth0"], names["web-1-attachment"]
    assert refused(account, modify(account, eni_id, attachment_id=attachment_id)) == (
        "MissingParameter",
        "The request must contain the parameter attachment deleteOnTermination",
    )
    assert refused(account, modify(account, eni_id, delete_on_termination=False)) == (
        "MissingParameter",
        "The request must contain the parameter attachment attachmentId",
    )


def test_delete_on_termination_refuses_a_malformed_attachment(account: Account) -> None:
    eni_id = names_of(account)["web-1-eth0"]
    assert refused(
        account, modify(account, eni_id, attachment_id=eni_id, delete_on_termination=False)
    ) == (
        "InvalidNetworkInterfaceAttachmentId.Malformed",
        f'Invalid id: "{eni_id}" (expecting "eni-attach-...")',
    )


# --- ModifyNetworkInterfaceAttribute: one attribute per call -------------------------------------


def test_modify_needs_an_attribute(account: Account) -> None:
    assert refused(account, modify(account, names_of(account)["web-1-eth0"])) == NO_ATTRIBUTE


@pytest.mark.parametrize(
    "names", [list(pair) for pair in itertools.combinations(ONE_OF_EACH, 2)] + [list(ONE_OF_EACH)]
)
def test_modify_takes_one_attribute_per_call(account: Account, names: list[str]) -> None:
    change: dict[str, object] = {}
    for name in names:
        change.update(ONE_OF_EACH[name])
    eni_id = names_of(account)["web-1-eth0"]
    assert refused(account, modify(account, eni_id, **change)) == (
        "InvalidParameterCombination",
        f"Fields for multiple attribute types specified: {', '.join(names)}",
    )


def test_each_single_attribute_of_the_table_is_accepted(account: Account) -> None:
    eni_id = names_of(account)["web-1-eth0"]
    for name, change in ONE_OF_EACH.items():
        assert attributes.modify_network_interface_attribute(account, eni_id, **change) == name


# --- ModifyNetworkInterfaceAttribute: validation order --------------------------------------------


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({}, NO_ATTRIBUTE),
        (
            {"description": "x", "source_dest_check": True},
            (
                "InvalidParameterCombination",
                "Fields for multiple attribute types specified: description, sourceDestCheck",
            ),
        ),
        ({"description": "x" * 256}, TOO_LONG),
        (
            {"group_ids": ["sg-bogus"]},
            ("InvalidGroupId.Malformed", 'Invalid id: "sg-bogus" (expecting "sg-...")'),
        ),
        (
            {"attachment_id": "eni-attach-0123abcd"},
            (
                "MissingParameter",
                "The request must contain the parameter attachment deleteOnTermination",
            ),
        ),
        (
            {"attachment_id": "eni-attach-bogus", "delete_on_termination": True},
            (
                "InvalidNetworkInterfaceAttachmentId.Malformed",
                'Invalid id: "eni-attach-bogus" (expecting "eni-attach-...")',
            ),
        ),
        # Existence of the interface comes before its groups and its attachment.
        ({"group_ids": ["sg-0123abcd"]}, UNKNOWN_ENI),
        ({"attachment_id": "eni-attach-0123abcd", "delete_on_termination": True}, UNKNOWN_ENI),
    ],
)
def test_modify_of_an_unknown_interface_checks_the_request_first(
    account: Account, change: dict[str, object], expected: tuple[str, str]
) -> None:
    assert refused(account, modify(account, "eni-0123456789abcdef0", **change)) == expected


def test_modify_refuses_a_malformed_interface(account: Account) -> None:
    assert refused(account, modify(account, "eni-bogus", description="x")) == (
        "InvalidNetworkInterfaceId.Malformed",
        'Invalid id: "eni-bogus" (expecting "eni-...")',
    )


# --- ResetNetworkInterfaceAttribute ---------------------------------------------------------------


def test_reset_sets_source_dest_check_back_to_true(account: Account) -> None:
    eni_id = names_of(account)["web-1-eth0"]
    attributes.modify_network_interface_attribute(account, eni_id, description="NAT")
    attributes.modify_network_interface_attribute(account, eni_id, source_dest_check=False)
    expected = copy.deepcopy(account)
    expected.network_interfaces[eni_id].source_dest_check = True
    assert attributes.reset_network_interface_attribute(account, eni_id) == "sourceDestCheck"
    assert account == expected  # only the flag: the description stays
    assert attributes.reset_network_interface_attribute(account, eni_id, "sourceDestCheck") == (
        "sourceDestCheck"
    )
    assert account == expected


@pytest.mark.parametrize("attribute", ["description", "groupSet", "attachment", "bogus", ""])
def test_only_source_dest_check_can_be_reset(account: Account, attribute: str) -> None:
    eni_id = names_of(account)["web-1-eth0"]
    attributes.modify_network_interface_attribute(account, eni_id, source_dest_check=False)
    assert refused(
        account, lambda: attributes.reset_network_interface_attribute(account, eni_id, attribute)
    ) == (
        "InvalidParameterValue",
        f"Value ({attribute}) for parameter attribute is invalid. Unknown attribute.",
    )


def test_reset_of_an_unknown_or_malformed_interface(account: Account) -> None:
    assert (
        refused(
            account,
            lambda: attributes.reset_network_interface_attribute(account, "eni-0123456789abcdef0"),
        )
        == UNKNOWN_ENI
    )
    assert refused(
        account, lambda: attributes.reset_network_interface_attribute(account, "eni-XYZ")
    ) == ("InvalidNetworkInterfaceId.Malformed", 'Invalid id: "eni-XYZ" (expecting "eni-...")')


def test_reset_checks_the_attribute_before_the_interface_exists(account: Account) -> None:
    assert refused(
        account,
        lambda: attributes.reset_network_interface_attribute(
            account, "eni-0123456789abcdef0", "description"
        ),
    ) == (
        "InvalidParameterValue",
        "Value (description) for parameter attribute is invalid. Unknown attribute.",
    )


# --- requester-managed interfaces (eni-rules.md §8.2 step 7) ----------------------------------


def test_modify_and_reset_refuse_a_requester_managed_interface(account: Account) -> None:
    """UG-RM: only the tags of a requester-managed interface can change."""
    eni_id = new_eni(account)
    eni = account.network_interfaces[eni_id]
    eni.requester_managed, eni.requester_id = True, "amazon-elb"
    expected = (
        "OperationNotPermitted",
        f"The network interface '{eni_id}' is requester-managed: only its tags can be changed.",
    )
    assert refused(account, modify(account, eni_id, description="mine now")) == expected
    assert refused(account, modify(account, eni_id, source_dest_check=False)) == expected
    assert (
        refused(account, lambda: attributes.reset_network_interface_attribute(account, eni_id))
        == expected
    )

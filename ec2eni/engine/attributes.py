"""Describe-, Modify- and ResetNetworkInterfaceAttribute: one attribute per call."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from ec2eni.engine import ids, lookup
from ec2eni.engine.descriptions import InterfaceDescription, describe_interface
from ec2eni.engine.errors import (
    EC2Error,
    bad_parameter_value,
    invalid_combination,
    missing_parameter,
    not_found,
    requester_managed,
)
from ec2eni.engine.model import Account
from ec2eni.engine.validation import check_description, check_group_count

# The API's attribute names (DescribeNetworkInterfaceAttribute's `Attribute` enum, less
# associatePublicIpAddress, which belongs to instances launched with a public IP).
ATTRIBUTES = ("description", "sourceDestCheck", "groupSet", "attachment")
RESETTABLE = ("sourceDestCheck",)


class AttributeDescription(NamedTuple):
    attribute: str
    interface: InterfaceDescription


def _unknown_attribute(attribute: str) -> EC2Error:
    return bad_parameter_value("attribute", attribute, "Unknown attribute.")


def describe_network_interface_attribute(
    account: Account, network_interface_id: str, attribute: str | None
) -> AttributeDescription:
    ids.check_id("eni", network_interface_id)
    if not attribute:
        raise invalid_combination("No attributes specified.")
    if attribute not in ATTRIBUTES:
        raise _unknown_attribute(attribute)
    eni = lookup.interface(account, network_interface_id)
    return AttributeDescription(attribute, describe_interface(account, eni))


def modify_network_interface_attribute(
    account: Account,
    network_interface_id: str,
    *,
    description: str | None = None,
    source_dest_check: bool | None = None,
    group_ids: Sequence[str] | None = None,
    attachment_id: str | None = None,
    delete_on_termination: bool | None = None,
) -> str:
    """Change exactly one attribute and return its API name."""
    ids.check_id("eni", network_interface_id)
    given = [
        name
        for name, present in (
            ("description", description is not None),
            ("sourceDestCheck", source_dest_check is not None),
            ("groupSet", group_ids is not None),
            ("attachment", attachment_id is not None or delete_on_termination is not None),
        )
        if present
    ]
    if not given:
        raise invalid_combination("No attributes specified.")
    if len(given) > 1:
        raise invalid_combination(
            f"Fields for multiple attribute types specified: {', '.join(given)}"
        )
    attribute = given[0]
    if description is not None:
        check_description(description)
    if group_ids is not None:
        if not group_ids:
            raise missing_parameter("groupId")
        for group_id in group_ids:
            ids.check_id("sg", group_id)
    if attribute == "attachment":
        if attachment_id is None:
            raise missing_parameter("attachment attachmentId")
        if delete_on_termination is None:
            raise missing_parameter("attachment deleteOnTermination")
        ids.check_id(
            "ela-attach" if attachment_id.startswith("ela-attach-") else "eni-attach", attachment_id
        )

    eni = lookup.interface(account, network_interface_id)
    subnet = account.subnets[eni.subnet_id]
    groups = (
        lookup.security_groups(account, list(group_ids), subnet.vpc_id)
        if group_ids is not None
        else []
    )
    if attachment_id is not None and (eni.attachment is None or eni.attachment.id != attachment_id):
        raise not_found("eni-attach", attachment_id)
    if eni.requester_managed:
        raise requester_managed(eni.id)
    if group_ids is not None:
        check_group_count(account, len(groups))

    if description is not None:
        eni.description = description
    elif source_dest_check is not None:
        eni.source_dest_check = source_dest_check
    elif group_ids is not None:
        eni.group_ids = [g.id for g in groups]
    elif eni.attachment is not None and delete_on_termination is not None:
        eni.attachment.delete_on_termination = delete_on_termination
    return attribute


def reset_network_interface_attribute(
    account: Account, network_interface_id: str, attribute: str = "sourceDestCheck"
) -> str:
    """Reset `attribute` to its default (only sourceDestCheck can be reset: back to true)."""
    ids.check_id("eni", network_interface_id)
    if attribute not in RESETTABLE:
        raise _unknown_attribute(attribute)
    eni = lookup.interface(account, network_interface_id)
    if eni.requester_managed:
        raise requester_managed(eni.id)
    eni.source_dest_check = True
    return attribute

"""Syntax checks shared by several actions (the first step of EC2's validation order)."""

from __future__ import annotations

from ec2eni.engine import ipv4
from ec2eni.engine.errors import EC2Error, invalid_address, invalid_value
from ec2eni.engine.model import MAX_DESCRIPTION_LENGTH, Account


def check_description(description: str) -> str:
    if len(description) > MAX_DESCRIPTION_LENGTH:
        raise invalid_value(f"Description must be at most {MAX_DESCRIPTION_LENGTH} characters")
    return description


def check_ipv4(text: str) -> int:
    """The address as an integer. EC2 names neither the parameter nor which address (primary or
    secondary) was malformed, so neither does this."""
    value = ipv4.parse(text)
    if value is None:
        raise invalid_address(text)
    return value


def check_group_count(account: Account, count: int) -> None:
    """The account's quota (`security_groups_per_interface`: EC2's default 5, at most 16)."""
    if count > account.groups_per_interface:
        raise EC2Error(
            "SecurityGroupsPerInterfaceLimitExceeded",
            "The maximum number of security groups per interface has been reached.",
        )

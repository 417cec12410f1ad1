"""Syntax checks shared by several actions (the first step of EC2's validation order)."""

from __future__ import annotations

from ec2eni.engine import ipv4
from ec2eni.engine.errors import EC2Error, bad_parameter_value, invalid_value
from ec2eni.engine.model import MAX_DESCRIPTION_LENGTH, MAX_GROUPS_PER_INTERFACE


def check_description(description: str) -> str:
    if len(description) > MAX_DESCRIPTION_LENGTH:
        raise invalid_value(f"Description must be at most {MAX_DESCRIPTION_LENGTH} characters")
    return description


def check_ipv4(parameter: str, text: str) -> int:
    value = ipv4.parse(text)
    if value is None:
        raise bad_parameter_value(parameter, text, "Not a valid IPv4 address.")
    return value


def check_group_count(count: int) -> None:
    if count > MAX_GROUPS_PER_INTERFACE:
        raise EC2Error(
            "SecurityGroupsPerInterfaceLimitExceeded",
            f"You have exceeded the limit of {MAX_GROUPS_PER_INTERFACE} security groups "
            "per network interface.",
        )

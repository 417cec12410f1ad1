"""Rendering from the engine's plain descriptions: never prints, never reads the account.

`lines` holds what every legacy text record shares; one module per family of records.
"""

from __future__ import annotations

from ec2eni.render.instances import reservations, state_changes
from ec2eni.render.interfaces import (
    attachment_id,
    attribute,
    deleted,
    detaching,
    interface,
    interfaces,
    modified,
    reset,
)
from ec2eni.render.lines import Lines, Style
from ec2eni.render.network import security_groups, subnets, vpcs

__all__ = [
    "Lines",
    "Style",
    "attachment_id",
    "attribute",
    "deleted",
    "detaching",
    "interface",
    "interfaces",
    "modified",
    "reservations",
    "reset",
    "security_groups",
    "state_changes",
    "subnets",
    "vpcs",
]

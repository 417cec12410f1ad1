"""Rendering from the engine's plain descriptions: never prints, never reads the account.

`lines` holds what every legacy text record shares; one module per family of records.

The instance and network renderers (and the engine description modules they read) are imported
on first use (module `__getattr__`), so a command that renders interfaces does not pay for them
at start-up; type checkers see ordinary imports. The interface names stay eager: the function
`interfaces` shares its name with its module, which importing the module would bind here.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from ec2eni.render.instances import launched, reservations, state_changes
    from ec2eni.render.network import created_subnet, created_vpc, security_groups, subnets, vpcs

_LAZY = {
    "launched": "instances",
    "reservations": "instances",
    "state_changes": "instances",
    "created_subnet": "network",
    "created_vpc": "network",
    "security_groups": "network",
    "subnets": "network",
    "vpcs": "network",
}

__all__ = [
    "Lines",
    "Style",
    "attachment_id",
    "attribute",
    "created_subnet",
    "created_vpc",
    "deleted",
    "detaching",
    "interface",
    "interfaces",
    "launched",
    "modified",
    "reservations",
    "reset",
    "security_groups",
    "state_changes",
    "subnets",
    "vpcs",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value

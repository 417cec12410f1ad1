"""Console-script entry points under the legacy EC2 API Tools names.

Each is the very command object `ec2eni <subcommand>` runs, so the two cannot drift apart.
"""

from __future__ import annotations

from ec2eni.cli.commands import (
    attach,
    create,
    delete,
    describe,
    describe_attribute,
    detach,
    modify_attribute,
    reset_attribute,
)

__all__ = [
    "attach",
    "create",
    "delete",
    "describe",
    "describe_attribute",
    "detach",
    "modify_attribute",
    "reset_attribute",
]

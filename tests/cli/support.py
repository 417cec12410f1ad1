"""The legacy names of each subcommand, as the core issue lists them (long name, short alias)."""

from __future__ import annotations

LEGACY = {
    "attach": ("ec2-attach-network-interface", "ec2attnic"),
    "create": ("ec2-create-network-interface", "ec2addnic"),
    "delete": ("ec2-delete-network-interface", "ec2delnic"),
    "describe": ("ec2-describe-network-interfaces", "ec2dnic"),
    "describe-attribute": ("ec2-describe-network-interface-attribute", "ec2dnicatt"),
    "detach": ("ec2-detach-network-interface", "ec2detnic"),
    "modify-attribute": ("ec2-modify-network-interface-attribute", "ec2mnicatt"),
    "reset-attribute": ("ec2-reset-network-interface-attribute", "ec2rnicatt"),
}

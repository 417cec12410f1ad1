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
    "describe-subnets": ("ec2-describe-subnets", "ec2dsubnet"),
    "describe-vpcs": ("ec2-describe-vpcs", "ec2dvpc"),
    "describe-group": ("ec2-describe-group", "ec2dgrp"),
    "describe-instances": ("ec2-describe-instances", "ec2din"),
    "run-instances": ("ec2-run-instances", "ec2run"),
    "stop-instances": ("ec2-stop-instances", "ec2stop"),
    "start-instances": ("ec2-start-instances", "ec2start"),
    "reboot-instances": ("ec2-reboot-instances", "ec2reboot"),
    "terminate-instances": ("ec2-terminate-instances", "ec2kill"),
}

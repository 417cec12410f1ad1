"""The legacy names of each subcommand, as the core issue lists them: the long name, then the short
alias (ec2-create-tags has two: ec2addtag and ec2tag), then any other name of the legacy tool
(ec2-create-group's ec2-add-group)."""

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
    "create-vpc": ("ec2-create-vpc", "ec2addvpc"),
    "delete-vpc": ("ec2-delete-vpc", "ec2delvpc"),
    "create-subnet": ("ec2-create-subnet", "ec2addsubnet"),
    "delete-subnet": ("ec2-delete-subnet", "ec2delsubnet"),
    "create-group": ("ec2-create-group", "ec2addgrp", "ec2-add-group"),
    "delete-group": ("ec2-delete-group", "ec2delgrp"),
    "describe-instances": ("ec2-describe-instances", "ec2din"),
    "run-instances": ("ec2-run-instances", "ec2run"),
    "stop-instances": ("ec2-stop-instances", "ec2stop"),
    "start-instances": ("ec2-start-instances", "ec2start"),
    "reboot-instances": ("ec2-reboot-instances", "ec2reboot"),
    "terminate-instances": ("ec2-terminate-instances", "ec2kill"),
    "allocate-address": ("ec2-allocate-address", "ec2allocaddr"),
    "associate-address": ("ec2-associate-address", "ec2assocaddr"),
    "disassociate-address": ("ec2-disassociate-address", "ec2disaddr"),
    "release-address": ("ec2-release-address", "ec2reladdr"),
    "describe-addresses": ("ec2-describe-addresses", "ec2daddr"),
    "assign-private-ip-addresses": ("ec2-assign-private-ip-addresses", "ec2apip"),
    "unassign-private-ip-addresses": ("ec2-unassign-private-ip-addresses", "ec2upip"),
    "create-tags": ("ec2-create-tags", "ec2addtag", "ec2tag"),
    "delete-tags": ("ec2-delete-tags", "ec2deltag"),
    "describe-tags": ("ec2-describe-tags", "ec2dtag"),
    "version": ("ec2-version", "ec2ver"),
}

"""The built-in default account every new state file starts from.

Built through the same ID generator as every later command, from a fixed seed, so every fresh
default account has the same IDs, MACs and addresses.
"""

from __future__ import annotations

from ec2eni.engine import ids, ipv4
from ec2eni.engine.model import (
    Account,
    Attachment,
    Instance,
    NetworkInterface,
    SecurityGroup,
    Subnet,
    Vpc,
)

DEFAULT_SEED = "ec2eni-default-account"
DEFAULT_REGION = "us-east-1"
DEFAULT_OWNER = "123456789012"
# Launch time of the built-in instances; fixed so fresh accounts are identical.
LAUNCH_TIME = "2026-01-01T00:00:00.000Z"

_VPCS = {
    "default": (
        "172.31.0.0/16",
        {
            "default-a": ("172.31.0.0/20", "us-east-1a"),
            "default-b": ("172.31.16.0/20", "us-east-1b"),
            "default-c": ("172.31.32.0/20", "us-east-1c"),
        },
        {"default": "default VPC security group"},
    ),
    "workshop": (
        "10.0.0.0/16",
        {
            "public": ("10.0.1.0/24", "us-east-1a"),
            "management": ("10.0.2.0/24", "us-east-1a"),
            "backend": ("10.0.3.0/24", "us-east-1a"),
            "tiny": ("10.0.9.0/28", "us-east-1b"),
        },
        {
            "default": "default VPC security group",
            "web": "Web servers: HTTP and HTTPS from anywhere",
            "ssh-admin": "SSH from the management network",
        },
    ),
}
# name: (type, state, subnet name, group (vpc name, group name))
_INSTANCES = {
    "web-1": ("t3.micro", "running", "public", ("workshop", "web")),
    "standby-1": ("t3.micro", "running", "public", ("workshop", "web")),
    "app-1": ("m5.large", "running", "backend", ("workshop", "default")),
    "db-1": ("r5.large", "stopped", "default-b", ("default", "default")),
    "old-1": ("t2.micro", "terminated", "public", None),
}


def build_default_account() -> Account:
    account = Account(region=DEFAULT_REGION, owner_id=DEFAULT_OWNER, seed=DEFAULT_SEED)
    subnet_by_name: dict[str, Subnet] = {}
    group_by_name: dict[tuple[str, str], SecurityGroup] = {}
    for vpc_name, (cidr, subnets, groups) in _VPCS.items():
        vpc = Vpc(id=ids.new_resource_id(account, "vpc"), cidr=cidr, tags={"Name": vpc_name})
        # The default VPC, as every AWS account has one; its subnets are default for their zone.
        vpc.is_default = vpc_name == "default"
        vpc.dhcp_options_id = ids.derived_id("dopt", vpc.id)
        account.vpcs[vpc.id] = vpc
        for subnet_name, (subnet_cidr, zone) in subnets.items():
            subnet = Subnet(
                id=ids.new_resource_id(account, "subnet"),
                vpc_id=vpc.id,
                cidr=subnet_cidr,
                availability_zone=zone,
                tags={"Name": subnet_name},
                default_for_az=vpc.is_default,
                map_public_ip_on_launch=vpc.is_default,
            )
            account.subnets[subnet.id] = subnet
            subnet_by_name[subnet_name] = subnet
        for group_name, group_description in groups.items():
            group = SecurityGroup(
                id=ids.new_resource_id(account, "sg"),
                vpc_id=vpc.id,
                name=group_name,
                description=group_description,
                tags={"Name": group_name},
            )
            account.security_groups[group.id] = group
            group_by_name[vpc_name, group_name] = group

    for name, (instance_type, state, subnet_name, group_key) in _INSTANCES.items():
        subnet = subnet_by_name[subnet_name]
        instance = Instance(
            id=ids.new_resource_id(account, "i"),
            instance_type=instance_type,
            state=state,
            subnet_id=subnet.id,
            tags={"Name": name},
            launch_time=LAUNCH_TIME,
        )
        # Derived, not drawn from the counter: every other ID stays what it was in schema 1.
        instance.reservation_id = ids.derived_id("r", instance.id)
        account.instances[instance.id] = instance
        if group_key is None:
            continue
        used = account.ips_in_use(subnet.id)
        network, _ = ipv4.parse_cidr(subnet.cidr) or (0, 0)
        address = next(
            ipv4.format_ip(network + offset)
            for offset in range(4, 1 << 16)
            if ipv4.format_ip(network + offset) not in used
        )
        eni = NetworkInterface(
            id=ids.new_resource_id(account, "eni"),
            subnet_id=subnet.id,
            mac_address=ids.new_mac_address(account),
            private_ip_address=address,
            group_ids=[group_by_name[group_key].id],
            description="Primary network interface",
            tags={"Name": f"{name}-eth0"},
        )
        eni.attachment = Attachment(
            id=ids.new_resource_id(account, "eni-attach"),
            instance_id=instance.id,
            device_index=0,
            delete_on_termination=True,
            attach_time=LAUNCH_TIME,
        )
        account.network_interfaces[eni.id] = eni
    return account

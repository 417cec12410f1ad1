"""Every rule a loaded account must satisfy, checked as a whole.

Commands keep these true; a hand edit can break them. `check` returns one line per problem, each
naming the record, so `ec2eni account check` can list them all and a load can refuse the file.

An account `codec.decode` could not read whole (a `PartialAccount`) lacks the records it left out;
their mistakes are already reported. A reference to one of them counts as satisfied, and the rules
that need their contents are skipped (see `codec.decode`). Those look-ups sit only in branches
that are about to report a problem, so checking a sound account costs nothing more.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ec2eni.engine import ipv4
from ec2eni.engine.ids import is_well_formed
from ec2eni.engine.limits import limits_for
from ec2eni.engine.model import (
    MAX_DESCRIPTION_LENGTH,
    MAX_DEVICE_INDEX,
    MAX_GROUPS_PER_INTERFACE,
    TIMINGS,
    UNATTACHED_IP_CEILING,
    Account,
)
from ec2eni.engine.partial import PartialAccount, Unreadable
from ec2eni.engine.tags import (
    MAX_KEY_LENGTH,
    MAX_TAGS_PER_RESOURCE,
    MAX_VALUE_LENGTH,
    RESERVED_PREFIX,
)

INSTANCE_STATES = ("pending", "running", "stopping", "stopped", "shutting-down", "terminated")
_MAC = re.compile(r"[0-9a-f]{2}(:[0-9a-f]{2}){5}")
_OWNER = re.compile(r"[0-9]{12}")
_REGION = re.compile(r"[a-z]{2}(-gov)?-[a-z]+-[0-9]+")
_ALL_READ = Unreadable()


def check(account: Account) -> list[str]:
    problems: list[str] = []
    bad = problems.append
    gone = account.unreadable if isinstance(account, PartialAccount) else _ALL_READ
    if not _REGION.fullmatch(account.region) and "region" not in gone.top:
        bad(f"top level: region '{account.region}' is not a region name like 'us-east-1'")
    if not _OWNER.fullmatch(account.owner_id) and "owner_id" not in gone.top:
        bad(f"top level: owner_id '{account.owner_id}' must be 12 digits")
    if account.counter < 0:
        bad("top level: counter must not be negative")
    if account.timing not in TIMINGS:
        bad(f"top level: timing '{account.timing}' is not one of {', '.join(TIMINGS)}")
    if account.eni_quota < 1:
        bad("top level: network_interface_quota must be at least 1")
    if account.elastic_ip_quota < 0:
        # 0 is a quota too: no address can be allocated. Holding more than the quota is no
        # problem (a lowered quota only stops new allocations, as in EC2).
        bad("top level: elastic_ip_quota must not be negative")
    if not 1 <= account.groups_per_interface <= MAX_GROUPS_PER_INTERFACE:
        bad(
            "top level: security_groups_per_interface must be 1 to "
            f"{MAX_GROUPS_PER_INTERFACE} (EC2's default is 5)"
        )

    blocks: dict[str, tuple[int, int]] = {}
    for vpc in account.vpcs.values():
        where = f"vpc {vpc.id}"
        if not is_well_formed("vpc", vpc.id):
            bad(f"{where}: malformed ID")
        parsed = ipv4.parse_cidr(vpc.cidr)
        if parsed is None or not 16 <= parsed[1] <= 28:
            bad(f"{where}: cidr '{vpc.cidr}' is not a /16../28 IPv4 block")
        else:
            blocks[vpc.id] = parsed
        if vpc.dhcp_options_id and not is_well_formed("dopt", vpc.dhcp_options_id):
            bad(f"{where}: dhcp_options_id '{vpc.dhcp_options_id}' is not like dopt-0123abcd")
        if vpc.instance_tenancy not in ("default", "dedicated"):
            bad(f"{where}: instance_tenancy must be 'default' or 'dedicated'")
    if sum(vpc.is_default for vpc in account.vpcs.values()) > 1:
        bad("top level: more than one VPC has is_default = true (a region has one default VPC)")

    subnet_blocks: dict[str, tuple[int, int]] = {}
    for subnet in account.subnets.values():
        where = f"subnet {subnet.id}"
        if not is_well_formed("subnet", subnet.id):
            bad(f"{where}: malformed ID")
        if subnet.vpc_id not in account.vpcs and not gone.may_exist("vpcs", subnet.vpc_id):
            bad(f"{where}: vpc_id {subnet.vpc_id} does not exist")
        if (
            not subnet.availability_zone.startswith(account.region)
            or len(subnet.availability_zone) != len(account.region) + 1
        ) and "region" not in gone.top:
            bad(
                f"{where}: availability_zone '{subnet.availability_zone}' is not a zone of "
                f"{account.region}"
            )
        parsed = ipv4.parse_cidr(subnet.cidr)
        if parsed is None or not 16 <= parsed[1] <= 28:
            bad(f"{where}: cidr '{subnet.cidr}' is not a /16../28 IPv4 block")
            continue
        vpc_block = blocks.get(subnet.vpc_id)
        if vpc_block and not (
            parsed[1] >= vpc_block[1] and ipv4.contains(vpc_block[0], vpc_block[1], parsed[0])
        ):
            bad(f"{where}: cidr {subnet.cidr} is not inside its VPC's block")
        for other_id, (net, prefix) in subnet_blocks.items():
            if account.subnets[other_id].vpc_id == subnet.vpc_id and (
                ipv4.contains(net, prefix, parsed[0]) or ipv4.contains(parsed[0], parsed[1], net)
            ):
                bad(f"{where}: cidr {subnet.cidr} overlaps subnet {other_id}")
        subnet_blocks[subnet.id] = parsed

    group_names: set[tuple[str, str]] = set()
    for group in account.security_groups.values():
        where = f"security group {group.id}"
        if not is_well_formed("sg", group.id):
            bad(f"{where}: malformed ID")
        if group.vpc_id not in account.vpcs and not gone.may_exist("vpcs", group.vpc_id):
            bad(f"{where}: vpc_id {group.vpc_id} does not exist")
        if (group.vpc_id, group.name) in group_names:
            bad(f"{where}: another group of {group.vpc_id} is also named '{group.name}'")
        group_names.add((group.vpc_id, group.name))
    for vpc_id in account.vpcs:
        if (vpc_id, "default") not in group_names and not gone.may_hold_default_group(vpc_id):
            bad(f"vpc {vpc_id}: has no security group named 'default'")

    for instance in account.instances.values():
        where = f"instance {instance.id}"
        if not is_well_formed("i", instance.id):
            bad(f"{where}: malformed ID")
        if limits_for(instance.instance_type) is None:
            bad(f"{where}: unknown instance type '{instance.instance_type}'")
        if instance.state not in INSTANCE_STATES:
            bad(f"{where}: state '{instance.state}' is not one of {', '.join(INSTANCE_STATES)}")
        # A terminated instance has left its subnet, which may since have been deleted (EC2
        # deletes a subnet whose instances are all terminated: network.delete_subnet).
        if (
            instance.state != "terminated"
            and instance.subnet_id not in account.subnets
            and not gone.may_exist("subnets", instance.subnet_id)
        ):
            bad(f"{where}: subnet_id {instance.subnet_id} does not exist")
        if not is_well_formed("ami", instance.image_id):
            bad(f"{where}: image_id '{instance.image_id}' is not like ami-0123456789abcdef0")
        if instance.reservation_id and not is_well_formed("r", instance.reservation_id):
            bad(f"{where}: reservation_id '{instance.reservation_id}' is not like r-0123abcd")
        if instance.launch_index < 0:
            bad(f"{where}: launch_index must not be negative")
        if any(not 1 <= index <= MAX_DEVICE_INDEX for index in instance.blocked_device_indexes):
            bad(f"{where}: blocked_device_indexes must lie in 1..{MAX_DEVICE_INDEX}")

    _check_tags(account, bad)
    _check_interfaces(account, subnet_blocks, gone, bad)
    _check_addresses(account, gone, bad)
    return problems


def _check_tags(account: Account, bad: Callable[[str], None]) -> None:
    """CreateTags' limits hold for every resource's tags (a hand edit can break them)."""
    tables = (
        ("vpc", account.vpcs),
        ("subnet", account.subnets),
        ("security group", account.security_groups),
        ("instance", account.instances),
        ("network interface", account.network_interfaces),
        ("address", account.addresses),
    )
    for label, table in tables:
        for resource_id, record in table.items():
            where = f"{label} {resource_id}"
            if len(record.tags) > MAX_TAGS_PER_RESOURCE:
                bad(f"{where}: has {len(record.tags)} tags (at most {MAX_TAGS_PER_RESOURCE})")
            for key, value in record.tags.items():
                if not key:
                    bad(f"{where}: a tag has an empty key")
                elif key.startswith(RESERVED_PREFIX):
                    bad(f"{where}: tag key '{key}' starts with '{RESERVED_PREFIX}' (AWS's own)")
                elif len(key) > MAX_KEY_LENGTH:
                    bad(f"{where}: tag key '{key[:20]}...' is over {MAX_KEY_LENGTH} characters")
                if len(value) > MAX_VALUE_LENGTH:
                    bad(f"{where}: the value of tag '{key}' is over {MAX_VALUE_LENGTH} characters")


def _check_interfaces(
    account: Account,
    subnet_blocks: dict[str, tuple[int, int]],
    gone: Unreadable,
    bad: Callable[[str], None],
) -> None:
    ips_seen: dict[tuple[str, str], str] = {}
    macs: dict[str, str] = {}
    attachment_ids: dict[str, str] = {}
    slots: dict[tuple[str, int], str] = {}
    per_instance: dict[str, int] = {}
    for eni in account.network_interfaces.values():
        where = f"network interface {eni.id}"
        if not is_well_formed("eni", eni.id):
            bad(f"{where}: malformed ID")
        subnet = account.subnets.get(eni.subnet_id)
        if subnet is None and not gone.may_exist("subnets", eni.subnet_id):
            bad(f"{where}: subnet_id {eni.subnet_id} does not exist")
        block = subnet_blocks.get(eni.subnet_id)
        addresses = eni.private_ip_addresses
        if len(addresses) > UNATTACHED_IP_CEILING:
            bad(f"{where}: holds {len(addresses)} private IPs (at most {UNATTACHED_IP_CEILING})")
        for text in addresses:
            value = ipv4.parse(text)
            if value is None:
                bad(f"{where}: private IP '{text}' is not an IPv4 address")
                continue
            if block is not None:
                if not ipv4.contains(block[0], block[1], value):
                    bad(
                        f"{where}: private IP {text} lies outside its subnet's block "
                        f"{subnet.cidr if subnet else ''}"
                    )
                elif ipv4.is_reserved(block[0], block[1], value):
                    bad(f"{where}: private IP {text} is one of the subnet's reserved addresses")
            key = (eni.subnet_id, text)
            if key in ips_seen:
                bad(f"{where}: private IP {text} is also held by {ips_seen[key]}")
            ips_seen[key] = eni.id
        if not _MAC.fullmatch(eni.mac_address):
            bad(f"{where}: mac_address '{eni.mac_address}' is not like 02:ab:cd:ef:01:23")
        elif eni.mac_address in macs:
            bad(f"{where}: mac_address {eni.mac_address} is also used by {macs[eni.mac_address]}")
        macs[eni.mac_address] = eni.id
        if not 1 <= len(eni.group_ids) <= account.groups_per_interface:
            bad(
                f"{where}: must have 1 to {account.groups_per_interface} security groups "
                "(security_groups_per_interface)"
            )
        if len(set(eni.group_ids)) != len(eni.group_ids):
            bad(f"{where}: lists a security group twice")
        for group_id in eni.group_ids:
            group = account.security_groups.get(group_id)
            if group is None:
                if not gone.may_exist("security_groups", group_id):
                    bad(f"{where}: security group {group_id} does not exist")
            elif subnet is not None and group.vpc_id != subnet.vpc_id:
                bad(f"{where}: security group {group_id} belongs to another VPC")
        if len(eni.description) > MAX_DESCRIPTION_LENGTH:
            bad(f"{where}: description is longer than {MAX_DESCRIPTION_LENGTH} characters")
        a = eni.attachment
        if a is None:
            continue
        if eni.requester_managed and a.id.startswith("ela-attach-"):
            # A service's attachment (a load balancer's): no instance of the account's.
            if not is_well_formed("ela-attach", a.id):
                bad(f"{where}: attachment ID '{a.id}' is malformed")
            if a.instance_id:
                bad(f"{where}: an ela-attach attachment has no instance_id")
            continue
        if not is_well_formed("eni-attach", a.id):
            bad(f"{where}: attachment ID '{a.id}' is malformed")
        elif a.id in attachment_ids:
            bad(f"{where}: attachment ID {a.id} is also used by {attachment_ids[a.id]}")
        attachment_ids[a.id] = eni.id
        if a.status not in ("attached", "attaching", "detaching"):
            bad(
                f"{where}: attachment status '{a.status}' must be 'attached' (or, while realistic "
                "timing runs a transition, 'attaching' or 'detaching')"
            )
        if not 0 <= a.device_index <= MAX_DEVICE_INDEX:
            bad(f"{where}: device_index {a.device_index} is outside 0..{MAX_DEVICE_INDEX}")
        instance = account.instances.get(a.instance_id)
        if instance is None:
            if not gone.may_exist("instances", a.instance_id):
                bad(f"{where}: attached to instance {a.instance_id}, which does not exist")
            continue
        if instance.state == "terminated":
            bad(f"{where}: attached to {instance.id}, which is terminated")
        slot = (instance.id, a.device_index)
        if slot in slots:
            bad(
                f"{where}: device index {a.device_index} of {instance.id} is also taken by "
                f"{slots[slot]}"
            )
        slots[slot] = eni.id
        per_instance[instance.id] = per_instance.get(instance.id, 0) + 1
        instance_subnet = account.subnets.get(instance.subnet_id)
        if (
            subnet
            and instance_subnet
            and subnet.availability_zone != instance_subnet.availability_zone
        ):
            bad(f"{where}: attached to {instance.id} in another availability zone")
        type_limits = limits_for(instance.instance_type)
        if type_limits and len(addresses) > type_limits.ipv4_per_interface:
            bad(
                f"{where}: holds {len(addresses)} private IPs, more than "
                f"{instance.instance_type} allows per interface ({type_limits.ipv4_per_interface})"
            )

    for instance in account.instances.values():
        type_limits = limits_for(instance.instance_type)
        count = per_instance.get(instance.id, 0)
        if type_limits and count > type_limits.attachable:
            bad(
                f"instance {instance.id}: has {count} interfaces, more than "
                f"{instance.instance_type} allows ({type_limits.attachable})"
            )
        # A pending instance may still be getting its interfaces; a terminated one has none.
        if (
            instance.state not in ("pending", "terminated")
            and (instance.id, 0) not in slots
            and not gone.may_hold_primary(instance.id)
        ):
            bad(f"instance {instance.id}: has no primary interface at device index 0")
        for index in instance.blocked_device_indexes:
            if (instance.id, index) in slots:
                bad(
                    f"instance {instance.id}: device index {index} is blocked by a forced detach "
                    f"(blocked_device_indexes), yet {slots[instance.id, index]} is attached there"
                )


def _check_addresses(account: Account, gone: Unreadable, bad: Callable[[str], None]) -> None:
    """Each Elastic IP has its own public IP; an associated one has an association ID no other
    address uses and sits on a private IP its interface holds, one Elastic IP per private IP."""
    public: dict[str, str] = {}
    targets: dict[tuple[str, str], str] = {}
    associations: dict[str, str] = {}
    for address in account.addresses.values():
        where = f"address {address.allocation_id}"
        if not is_well_formed("eipalloc", address.allocation_id):
            bad(f"{where}: malformed allocation ID")
        if ipv4.parse(address.public_ip) is None:
            bad(f"{where}: public_ip '{address.public_ip}' is not an IPv4 address")
        elif address.public_ip in public:
            bad(
                f"{where}: public_ip {address.public_ip} is also held by "
                f"{public[address.public_ip]}"
            )
        public[address.public_ip] = address.allocation_id
        if not address.network_interface_id:
            if address.association_id or address.private_ip_address:
                bad(f"{where}: association fields set without network_interface_id")
            continue
        if not is_well_formed("eipassoc", address.association_id):
            bad(f"{where}: association_id '{address.association_id}' is malformed")
        elif address.association_id in associations:
            bad(
                f"{where}: association_id {address.association_id} is also used by "
                f"{associations[address.association_id]}"
            )
        associations[address.association_id] = address.allocation_id
        eni = account.network_interfaces.get(address.network_interface_id)
        if eni is None:
            if not gone.may_exist("network_interfaces", address.network_interface_id):
                bad(
                    f"{where}: associated with {address.network_interface_id}, which does not exist"
                )
            continue
        if address.private_ip_address not in eni.private_ip_addresses:
            bad(f"{where}: private_ip_address {address.private_ip_address} is not on {eni.id}")
        key = (eni.id, address.private_ip_address)
        if key in targets:
            bad(
                f"{where}: {address.private_ip_address} of {eni.id} already has Elastic IP "
                f"{targets[key]}"
            )
        targets[key] = address.allocation_id

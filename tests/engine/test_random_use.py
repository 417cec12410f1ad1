"""Random use of the engine keeps the account sound (eni-rules.md §0, §1.4, §3-§9.4, §11).

A hypothesis state machine runs random sequences of create, delete, attach, detach, modify, reset
and describe calls, of secondary-address assigns and unassigns, and of instance launches, stops,
starts, reboots and terminations, valid and invalid, against the default account plus a few extra
records (a pending, a stopping and a large instance, a requester-managed interface, an Elastic
IP). After every step it checks, with its own code rather than `ec2eni.engine.invariants`:

- every private IP is unique in its subnet, inside the subnet's block and never reserved;
- each subnet's AvailableIpAddressCount is its size minus 5 minus the addresses in use;
- device indexes are unique per instance, and interface and per-interface IP counts stay within
  the instance type's limits (rulebook §11);
- every instance keeps the primary interface it started with at device index 0 until it is
  terminated, and a terminated instance holds no interface;
- the addresses a termination frees can be taken again;
- attachments and instances agree both ways; IDs and MACs are unique and well formed;
- a refused action (EC2Error) changed nothing, and a read-only one never changes anything;
- a successful action did what it said.

It also asserts `invariants.check(account) == []` after every step, that the account survives a
TOML encode/decode round trip at the end of each run, and that the runs reached both outcomes of
every action and the interesting refusals.
"""

from __future__ import annotations

import copy
import ipaddress
import re
import tomllib
from collections import Counter
from collections.abc import Callable
from random import Random
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)

from ec2eni.engine import (
    addresses,
    attachments,
    attributes,
    ids,
    instances,
    interfaces,
    invariants,
    launch,
    network,
    private_ips,
)
from ec2eni.engine.default_account import build_default_account
from ec2eni.engine.errors import EC2Error
from ec2eni.engine.launch import InterfaceSpec
from ec2eni.engine.limits import limits_for
from ec2eni.engine.model import (
    Account,
    Address,
    Attachment,
    Instance,
    SecurityGroup,
)
from ec2eni.store import codec
from tests.conftest import names_of
from tests.engine.support import RULEBOOK

UNATTACHED_CEILING = 50  # rulebook §0 i
MAX_GROUPS = 5
ID_PATTERN = re.compile(r"[a-z]+(-attach)?-([0-9a-f]{8}|[0-9a-f]{17})")
MAC_PATTERN = re.compile(r"[0-9a-f]{2}(:[0-9a-f]{2}){5}")

UNKNOWN_ENI = "eni-0123456789abcdef0"
UNKNOWN_ATTACHMENT = "eni-attach-0123456789abcdef0"
UNKNOWN_INSTANCE = "i-0123456789abcdef0"
UNKNOWN_SUBNET = "subnet-0123456789abcdef0"
UNKNOWN_GROUP = "sg-0123456789abcdef0"

# Outcomes of all runs: (action, "ok" or the error code) -> count.
OUTCOMES: Counter[tuple[str, str]] = Counter()


def starting_account() -> Account:
    """The default account plus records that reach the rarer rules: instances that are pending,
    stopping or large, a requester-managed interface, and an Elastic IP on a secondary address."""
    account = build_default_account()
    names = names_of(account)

    def launch(name: str, instance_type: str, state: str, subnet: str, group: str) -> None:
        instance = Instance(
            id=ids.new_resource_id(account, "i"),
            instance_type=instance_type,
            state=state,
            subnet_id=names[subnet],
            tags={"Name": name},
        )
        account.instances[instance.id] = instance
        primary = interfaces.create_network_interface(
            account,
            names[subnet],
            group_ids=[names[group]],
            description="Primary network interface",
        ).network_interface_id
        account.network_interfaces[primary].attachment = Attachment(
            id=ids.new_resource_id(account, "eni-attach"),
            instance_id=instance.id,
            device_index=0,
            delete_on_termination=True,
            attach_time="2026-01-01T00:00:00.000Z",
        )

    launch("booting-1", "t3.small", "pending", "public", "workshop/web")
    launch("draining-1", "t2.medium", "stopping", "backend", "workshop/default")
    launch("big-1", "m5.4xlarge", "running", "management", "workshop/ssh-admin")

    managed = interfaces.create_network_interface(
        account, names["management"], description="VPC endpoint"
    ).network_interface_id
    account.network_interfaces[managed].requester_managed = True
    account.network_interfaces[managed].requester_id = "amazon-vpce"
    account.network_interfaces[managed].interface_type = "vpc_endpoint"

    # Six groups in one VPC, so the five-groups-per-interface limit can be reached.
    workshop = names["workshop"]
    for name in ("db", "cache", "monitoring"):
        group = SecurityGroup(
            id=ids.new_resource_id(account, "sg"), vpc_id=workshop, name=name, description=name
        )
        account.security_groups[group.id] = group
    for subnet in ("public", "management", "tiny", "default-b"):
        interfaces.create_network_interface(account, names[subnet], description="spare")
    # standby-1 (t3.micro) starts full: two interfaces, its type's limit.
    second = interfaces.create_network_interface(account, names["public"], description="second")
    attachments.attach_network_interface(
        account, second.network_interface_id, names["standby-1"], 1
    )
    spare = interfaces.create_network_interface(
        account, names["backend"], description="spare", secondary_private_ip_address_count=2
    )
    eip = Address(
        allocation_id=ids.new_resource_id(account, "eipalloc"),
        public_ip="203.0.113.10",
        association_id=ids.new_resource_id(account, "eipassoc"),
        network_interface_id=spare.network_interface_id,
        private_ip_address=spare.private_ip_addresses[1].private_ip_address,
    )
    account.addresses[eip.allocation_id] = eip
    assert invariants.check(account) == []
    return account


def primaries_of(account: Account) -> dict[str, tuple[str, str]]:
    """instance -> (primary interface, its attachment) for every instance that has one."""
    out = {}
    for eni in account.network_interfaces.values():
        if eni.attachment is not None and eni.attachment.device_index == 0:
            out[eni.attachment.instance_id] = (eni.id, eni.attachment.id)
    return out


# --- the checks, written independently of ec2eni.engine.invariants ---------------------------


def audit(account: Account, primaries: dict[str, tuple[str, str]]) -> None:
    enis = account.network_interfaces

    # Private IPs: unique per subnet, inside the block, not reserved; the subnet's free count.
    subnet_counts = {
        d.subnet_id: d.available_ip_address_count for d in network.describe_subnets(account)
    }
    for subnet in account.subnets.values():
        block = ipaddress.ip_network(subnet.cidr)
        reserved = {block[0], block[1], block[2], block[3], block[-1]}
        held = [
            ip for e in enis.values() if e.subnet_id == subnet.id for ip in e.private_ip_addresses
        ]
        assert len(held) == len(set(held)), f"an IP is held twice in {subnet.id}: {sorted(held)}"
        for text in held:
            address = ipaddress.ip_address(text)
            assert address in block, f"{text} outside {subnet.cidr}"
            assert address not in reserved, f"{text} is reserved in {subnet.cidr}"
        assert subnet_counts[subnet.id] == block.num_addresses - 5 - len(held), subnet.id

    # Interfaces: IDs, MACs, groups, description, attachments.
    macs = [e.mac_address for e in enis.values()]
    assert len(macs) == len(set(macs)), "duplicate MAC"
    attachment_ids = [e.attachment.id for e in enis.values() if e.attachment is not None]
    assert len(attachment_ids) == len(set(attachment_ids)), "duplicate attachment ID"
    all_ids = [
        *account.vpcs,
        *account.subnets,
        *account.security_groups,
        *account.instances,
        *enis,
        *attachment_ids,
        *account.addresses,
    ]
    assert len(all_ids) == len(set(all_ids)), "an ID is used twice"
    for key, eni in enis.items():
        assert key == eni.id
        assert ID_PATTERN.fullmatch(eni.id) and eni.id.startswith("eni-"), eni.id
        assert MAC_PATTERN.fullmatch(eni.mac_address), eni.mac_address
        assert int(eni.mac_address[:2], 16) & 0b11 == 0b10, f"{eni.mac_address} not local unicast"
        vpc_id = account.subnets[eni.subnet_id].vpc_id
        assert 1 <= len(eni.group_ids) <= MAX_GROUPS and len(set(eni.group_ids)) == len(
            eni.group_ids
        ), eni.group_ids
        assert all(account.security_groups[g].vpc_id == vpc_id for g in eni.group_ids)
        assert len(eni.description) <= 255
        assert len(eni.private_ip_addresses) <= UNATTACHED_CEILING

    # Instances: device indexes, limits, primaries, agreement with the interfaces both ways.
    described = {
        d.instance_id: d for r in instances.describe_instances(account) for d in r.instances
    }
    for instance in account.instances.values():
        held_by = [
            e
            for e in enis.values()
            if e.attachment is not None and e.attachment.instance_id == instance.id
        ]
        indexes = [e.attachment.device_index for e in held_by if e.attachment is not None]
        assert len(indexes) == len(set(indexes)), f"{instance.id} device indexes {indexes}"
        assert all(0 <= i <= 31 for i in indexes), indexes
        limits = RULEBOOK[instance.instance_type]
        max_enis, max_ips = limits.attachable, limits.ipv4_per_interface
        engine_limits = limits_for(instance.instance_type)
        assert engine_limits is not None
        assert (engine_limits.attachable, engine_limits.ipv4_per_interface) == (max_enis, max_ips)
        assert len(held_by) <= max_enis, f"{instance.id} holds {len(held_by)} interfaces"
        for eni in held_by:
            assert len(eni.private_ip_addresses) <= max_ips, f"{eni.id} on {instance.id}"
            zone = account.subnets[eni.subnet_id].availability_zone
            assert zone == account.subnets[instance.subnet_id].availability_zone
        if instance.state == "terminated":
            assert held_by == [], f"{instance.id} is terminated but holds interfaces"
            assert instance.id not in primaries
        for index in instance.blocked_device_indexes:
            assert index not in indexes, f"{instance.id} holds its blocked index {index}"
        if instance.id in primaries:
            eni_id, attachment_id = primaries[instance.id]
            attachment = enis[eni_id].attachment
            assert attachment is not None, f"{instance.id} lost its primary {eni_id}"
            assert (attachment.id, attachment.instance_id, attachment.device_index) == (
                attachment_id,
                instance.id,
                0,
            )
            assert described[instance.id].private_ip_address == enis[eni_id].private_ip_address
        # The other direction: describing by instance finds exactly the interfaces holding it.
        found = interfaces.describe_network_interfaces(
            account, filters=[("attachment.instance-id", instance.id)]
        )
        assert sorted(d.network_interface_id for d in found) == sorted(e.id for e in held_by)
    for eni in enis.values():
        if eni.attachment is not None:
            assert eni.attachment.instance_id in account.instances
            assert eni.attachment.status == "attached"

    # Elastic IPs only ever point at an existing interface's address, one per private IP, each
    # with a public IP and an association ID of its own.
    for eip in account.addresses.values():
        if eip.network_interface_id:
            assert eip.private_ip_address in enis[eip.network_interface_id].private_ip_addresses
        else:
            assert eip.association_id == eip.private_ip_address == ""
    associated = [a for a in account.addresses.values() if a.network_interface_id]
    targets = {(a.network_interface_id, a.private_ip_address) for a in associated}
    association_ids = {a.association_id for a in associated}
    assert len(targets) == len(association_ids) == len(associated)
    assert not association_ids & set(all_ids)
    public_ips = [a.public_ip for a in account.addresses.values()]
    assert len(public_ips) == len(set(public_ips))

    assert invariants.check(account) == []


# --- the state machine --------------------------------------------------------------------------

# Descriptions: boundaries of the 255-character limit and text that needs escaping in TOML.
DESCRIPTIONS = st.one_of(
    st.sampled_from(
        ["", "web NIC", "x" * 255, "x" * 256, 'quote " back \\ slash', "tab\tnew\nline"]
    ),
    st.text(max_size=12),
)
# Choices come from a Random that hypothesis controls: `sampled_from` favours the first element so
# strongly that most steps would pick the same instance and interface.
RANDOMS = st.randoms(use_true_random=False)


class RandomUse(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.account = starting_account()
        self.primaries = primaries_of(self.account)
        self.stale_attachments: list[str] = []
        self.refusal: EC2Error | None = None

    # Pools mixing valid IDs with malformed and unknown ones.

    def eni_ids(self) -> list[str]:
        return [*self.account.network_interfaces, UNKNOWN_ENI, "eni-xyz", "i-0123abcd"]

    def instance_ids(self) -> list[str]:
        return [*self.account.instances, UNKNOWN_INSTANCE, "i-12z"]

    def attachment_ids(self) -> list[str]:
        current = [
            e.attachment.id
            for e in self.account.network_interfaces.values()
            if e.attachment is not None
        ]
        some_eni = next(iter(self.account.network_interfaces))
        return [*current, *self.stale_attachments[-3:], UNKNOWN_ATTACHMENT, some_eni]

    def group_ids(self) -> list[str]:
        return [*self.account.security_groups, UNKNOWN_GROUP, "sg-bogus"]

    def some_groups(self, rng: Random, vpc_id: str | None) -> list[str]:
        """0 to 7 groups: distinct ones of the VPC (up to all six of `workshop`), or any mix with
        repeats, other VPCs' and malformed or unknown IDs."""
        own = self.groups_of_vpc(vpc_id) if vpc_id else []
        if own and rng.random() < 0.5:
            return rng.sample(own, min(len(own), rng.choice([0, 1, 2, 5, 6, 6])))
        pool = rng.choice([own or self.group_ids(), self.group_ids()])
        return [rng.choice(pool) for _ in range(rng.randint(0, 7))]

    def groups_of_vpc(self, vpc_id: str) -> list[str]:
        return [g.id for g in self.account.security_groups.values() if g.vpc_id == vpc_id]

    def attempt(self, name: str, action: Callable[[], Any], read_only: bool = False) -> Any:
        """Run `action`; a refusal (or any read-only call) must leave the account as it was."""
        text, before = codec.encode(self.account), copy.deepcopy(self.account)
        self.refusal = None
        try:
            result = action()
        except EC2Error as error:
            self.refusal = error
            OUTCOMES[name, error.code] += 1
            assert codec.encode(self.account) == text, f"refused {name} changed the file"
            assert self.account == before, f"refused {name} changed the account"
            return None
        OUTCOMES[name, "ok"] += 1
        if read_only:
            assert codec.encode(self.account) == text and self.account == before
        return result if result is not None else True

    @rule(rng=RANDOMS, description=DESCRIPTIONS)
    def create(self, rng: Random, description: str) -> None:
        tiny = names_of(self.account)["tiny"]
        subnet_id = rng.choice(
            [*self.account.subnets, tiny, tiny, tiny, UNKNOWN_SUBNET, "subnet-1g"]
        )
        subnet = self.account.subnets.get(subnet_id)
        block = ipaddress.ip_network(subnet.cidr if subnet else "10.0.9.0/28")
        used = sorted(self.account.ips_in_use(subnet_id))
        free = block.num_addresses - 5 - len(used)
        own_groups = self.groups_of_vpc(subnet.vpc_id) if subnet else []

        def ip() -> str:
            """Inside the block (reserved ones too), taken, outside, or not an address."""
            choice = rng.randrange(4)
            if choice == 0:
                return str(block[rng.randrange(min(block.num_addresses, 24))])
            if choice == 1 and used:
                return rng.choice(used)
            if choice == 2:
                return str(block[-1])
            return rng.choice(["10.0.1.4", "172.31.16.4", "10.0.77.7", "10.0.1", "10.00.1.9", ""])

        kwargs: dict[str, Any] = {"description": description}
        if rng.random() < 0.6:
            # A plausible request with one twist, so creates succeed, fill the subnets and meet
            # the rules at their boundaries (exactly full, one address short, taken, reserved).
            kwargs["group_ids"] = rng.sample(own_groups, rng.randint(0, min(3, len(own_groups))))
            twist = rng.choice(["fill", "overfill", "count", "taken", "reserved", "none", "ip"])
            if twist in ("fill", "overfill", "count"):
                count = {"fill": free - 1, "overfill": free}.get(twist, rng.randint(0, 3))
                kwargs["secondary_private_ip_address_count"] = count
            elif twist == "taken" and used:
                key = rng.choice(["private_ip_address", "secondary_private_ip_addresses"])
                taken = rng.choice(used)
                kwargs[key] = taken if key == "private_ip_address" else [taken]
            elif twist == "reserved":
                kwargs["private_ip_address"] = str(block[rng.choice([0, 1, 2, 3, -1])])
            elif twist == "ip":
                kwargs["private_ip_address"] = ip()
        else:
            if rng.random() < 0.5:
                kwargs["private_ip_address"] = ip()
            kwargs["group_ids"] = self.some_groups(rng, subnet.vpc_id if subnet else None)
            secondaries = rng.choice(["none", "count", "list", "both"])
            if secondaries in ("count", "both"):
                kwargs["secondary_private_ip_address_count"] = rng.randint(-1, 12)
            if secondaries in ("list", "both"):
                kwargs["secondary_private_ip_addresses"] = [ip() for _ in range(rng.randint(0, 3))]

        before = copy.deepcopy(self.account.network_interfaces)
        done = self.attempt(
            "create",
            lambda: interfaces.create_network_interface(self.account, subnet_id, **kwargs),
        )
        given = kwargs.get("secondary_private_ip_addresses", [])
        count = kwargs.get("secondary_private_ip_address_count") or 0
        if self.refusal is not None and self.refusal.code == "InsufficientFreeAddressesInSubnet":
            assert 1 + count + len(given) > free, f"refused {kwargs} with {free} free"
        if done is None:
            return
        assert subnet is not None
        new = [e for e in self.account.network_interfaces.values() if e.id not in before]
        assert len(new) == 1 and new[0].id == done.network_interface_id
        eni = new[0]
        assert {k: v for k, v in self.account.network_interfaces.items() if k in before} == before
        assert eni.subnet_id == subnet_id and eni.attachment is None
        assert eni.description == description and eni.source_dest_check
        if kwargs.get("private_ip_address") is not None:
            assert eni.private_ip_address == kwargs["private_ip_address"]
        assert eni.secondary_private_ip_addresses[: len(given)] == given
        assert len(eni.secondary_private_ip_addresses) == len(given) + count
        assert len(eni.private_ip_addresses) <= free
        default = [g.id for g in self.account.security_groups.values() if g.name == "default"]
        expected_groups = list(dict.fromkeys(kwargs["group_ids"]))
        assert eni.group_ids == expected_groups or (
            not expected_groups and eni.group_ids == [g for g in default if g in own_groups]
        )

    @rule(rng=RANDOMS)
    def delete(self, rng: Random) -> None:
        eni_id = rng.choice(self.eni_ids())
        before = copy.deepcopy(self.account.network_interfaces)
        if self.attempt(
            "delete", lambda: interfaces.delete_network_interface(self.account, eni_id)
        ):
            assert before[eni_id].attachment is None and not before[eni_id].requester_managed
            del before[eni_id]
            assert self.account.network_interfaces == before
            assert all(a.network_interface_id != eni_id for a in self.account.addresses.values())

    @rule(rng=RANDOMS)
    def attach(self, rng: Random) -> None:
        instance_id = rng.choice(self.instance_ids())
        instance = self.account.instances.get(instance_id)
        if instance is not None and rng.random() < 0.6:
            # A plausible request: a free interface of the instance's zone at its lowest free
            # index, so attaches succeed and run into the type's limits.
            zone = self.account.subnets[instance.subnet_id].availability_zone
            free = [
                e.id
                for e in self.account.network_interfaces.values()
                if e.attachment is None
                and not e.requester_managed
                and self.account.subnets[e.subnet_id].availability_zone == zone
            ]
            taken = {
                e.attachment.device_index
                for e in self.account.interfaces_of(instance_id)
                if e.attachment is not None
            }
            eni_id = rng.choice(free or self.eni_ids())
            index = min(set(range(1, 32)) - taken - set(instance.blocked_device_indexes))
        else:
            eni_id = rng.choice(self.eni_ids())
            index = rng.choice([1, 2, 3, 0, 31, 32, -1])
        eni = self.account.network_interfaces.get(eni_id)
        held = len(self.account.interfaces_of(instance_id))
        attachment_id = self.attempt(
            "attach",
            lambda: attachments.attach_network_interface(self.account, eni_id, instance_id, index),
        )
        refusal = self.refusal
        if refusal is not None and refusal.code == "AttachmentLimitExceeded":
            assert instance is not None
            assert held + 1 > RULEBOOK[instance.instance_type].attachable
            assert refusal.message == (
                f"Interface count {held + 1} exceeds the limit for {instance.instance_type}"
            )
        if refusal is not None and refusal.code == "PrivateIpAddressLimitExceeded":
            assert instance is not None and eni is not None
            limit = RULEBOOK[instance.instance_type].ipv4_per_interface
            assert len(eni.private_ip_addresses) > limit
        if attachment_id is None:
            return
        assert instance is not None and eni is not None
        attachment = eni.attachment
        assert attachment is not None and attachment.id == attachment_id
        assert (attachment.instance_id, attachment.device_index) == (instance_id, index)
        assert attachment.delete_on_termination is False and attachment.status == "attached"
        assert instance.state in ("running", "stopped")
        assert len(self.account.interfaces_of(instance_id)) == held + 1

    @rule(rng=RANDOMS)
    def detach(self, rng: Random) -> None:
        secondary = [
            e.attachment.id
            for e in self.account.network_interfaces.values()
            if e.attachment is not None and e.attachment.device_index != 0
        ]
        attachment_id = rng.choice(
            secondary if secondary and rng.random() < 0.5 else self.attachment_ids()
        )
        force = rng.random() < 0.5
        eni = self.account.find_attachment(attachment_id)
        if self.attempt(
            "detach",
            lambda: attachments.detach_network_interface(self.account, attachment_id, force),
        ):
            assert eni is not None and eni.attachment is None
            assert eni.id not in {p for p, _ in self.primaries.values()}
            self.stale_attachments.append(attachment_id)

    @rule(rng=RANDOMS, description=DESCRIPTIONS)
    def modify(self, rng: Random, description: str) -> None:
        eni_id = rng.choice(self.eni_ids())
        eni = self.account.network_interfaces.get(eni_id)
        kinds = ["description", "sdc", "groups", "attachment", "half-attachment", "two", "none"]
        kind = rng.choice(kinds)
        kwargs: dict[str, Any] = {}
        if kind in ("description", "two"):
            kwargs["description"] = description
        if kind in ("sdc", "two"):
            kwargs["source_dest_check"] = rng.random() < 0.5
        if kind == "groups":
            vpc_id = self.account.subnets[eni.subnet_id].vpc_id if eni else None
            kwargs["group_ids"] = self.some_groups(rng, vpc_id)
        if kind == "attachment":
            own_attachment = eni.attachment.id if eni and eni.attachment else UNKNOWN_ATTACHMENT
            kwargs["attachment_id"] = rng.choice([own_attachment, *self.attachment_ids()])
            kwargs["delete_on_termination"] = rng.random() < 0.5
        if kind == "half-attachment":
            key = rng.choice(["attachment_id", "delete_on_termination"])
            kwargs[key] = rng.choice(self.attachment_ids()) if key == "attachment_id" else True
        before = copy.deepcopy(self.account.network_interfaces)
        attribute = self.attempt(
            "modify",
            lambda: attributes.modify_network_interface_attribute(self.account, eni_id, **kwargs),
        )
        if attribute is None:
            return
        assert kind in ("description", "sdc", "groups", "attachment") and eni is not None
        if kind == "description":
            assert eni.description == description
        elif kind == "sdc":
            assert eni.source_dest_check is kwargs["source_dest_check"]
        elif kind == "groups":
            assert eni.group_ids == list(dict.fromkeys(kwargs["group_ids"]))
        else:
            assert eni.attachment is not None and eni.attachment.id == kwargs["attachment_id"]
            assert eni.attachment.delete_on_termination is kwargs["delete_on_termination"]
        before.pop(eni_id)
        assert {k: v for k, v in self.account.network_interfaces.items() if k != eni_id} == before

    @rule(rng=RANDOMS)
    def reset(self, rng: Random) -> None:
        eni_id = rng.choice(self.eni_ids())
        attribute = rng.choice(["sourceDestCheck"] * 3 + ["description", "bogus"])
        if self.attempt(
            "reset",
            lambda: attributes.reset_network_interface_attribute(self.account, eni_id, attribute),
        ):
            assert self.account.network_interfaces[eni_id].source_dest_check is True

    @rule(rng=RANDOMS)
    def describe(self, rng: Random) -> None:
        wanted = rng.sample(self.eni_ids(), rng.randint(0, 2))
        attribute = rng.choice(
            ["description", "sourceDestCheck", "groupSet", "attachment", "x", ""]
        )
        subnets = rng.sample(
            [*self.account.subnets, UNKNOWN_SUBNET, "subnet-zz"], rng.randint(0, 2)
        )
        self.attempt(
            "describe",
            lambda: interfaces.describe_network_interfaces(self.account, wanted),
            read_only=True,
        )
        self.attempt(
            "describe-attribute",
            lambda: attributes.describe_network_interface_attribute(
                self.account, wanted[0] if wanted else UNKNOWN_ENI, attribute
            ),
            read_only=True,
        )
        self.attempt(
            "describe-subnets",
            lambda: network.describe_subnets(self.account, subnets),
            read_only=True,
        )

    # --- secondary private addresses -----------------------------------------------------------

    @rule(rng=RANDOMS)
    def assign_ips(self, rng: Random) -> None:
        eni_id = rng.choice(self.eni_ids())
        eni = self.account.network_interfaces.get(eni_id)
        block = ipaddress.ip_network(
            self.account.subnets[eni.subnet_id].cidr if eni else "10.0.1.0/24"
        )
        held = {
            ip: e.id
            for e in self.account.network_interfaces.values()
            if eni is not None and e.subnet_id == eni.subnet_id
            for ip in e.private_ip_addresses
        }
        count: int | None = None
        wanted: list[str] = []
        reassign = rng.random() < 0.5
        enis = self.account.network_interfaces
        taken = [
            ip
            for ip, holder in held.items()
            if holder != eni_id and ip in enis[holder].secondary_private_ip_addresses
        ]
        if taken and rng.random() < 0.3:
            # A plausible move: another interface's secondary, mostly with the flag.
            wanted, reassign = [rng.choice(taken)], rng.random() < 0.8
        elif rng.random() < 0.4:
            count = rng.choice([1, 1, 2, 3, 0, 12, 60])
        else:
            # Free, held here or elsewhere (primaries too), reserved, outside, or not an address.
            pool = [str(block[rng.randrange(min(block.num_addresses, 40))]) for _ in range(3)]
            pool += [*held, *held, str(block[-1]), "10.0.77.7", "10.0.1", ""]
            wanted = [rng.choice(pool) for _ in range(rng.choice([1, 1, 2, 3]))]
        before = copy.deepcopy(self.account)
        done = self.attempt(
            "assign",
            lambda: private_ips.assign_private_ip_addresses(
                self.account, eni_id, wanted, count, allow_reassignment=reassign
            ),
        )
        refusal = self.refusal
        if refusal is not None and refusal.message.endswith(" is in use."):
            assert not reassign
        if refusal is not None and refusal.code == "PrivateIpAddressLimitExceeded":
            assert eni is not None
            adding = count or len({ip for ip in wanted if held.get(ip) != eni_id})
            assert len(eni.private_ip_addresses) + adding > private_ips.ip_limit(self.account, eni)
        if done is None:
            return
        assert eni is not None
        old = before.network_interfaces[eni_id]
        assigned = done if count is not None else wanted
        assert len(assigned) == (count or len(wanted))
        assert eni.private_ip_addresses[: len(old.private_ip_addresses)] == old.private_ip_addresses
        assert set(eni.private_ip_addresses) == set(old.private_ip_addresses) | set(assigned)
        for ip in assigned:
            holder = held.get(ip)
            if holder is not None and holder != eni_id:
                assert (
                    reassign
                    and ip not in self.account.network_interfaces[holder].private_ip_addresses
                )
                assert ip != before.network_interfaces[holder].private_ip_address
            if count is not None:
                assert holder is None
        for allocation_id, address in before.addresses.items():
            if address.private_ip_address in assigned and address.network_interface_id == held.get(
                address.private_ip_address
            ):
                assert self.account.addresses[allocation_id].network_interface_id == eni_id

    @rule(rng=RANDOMS)
    def unassign_ips(self, rng: Random) -> None:
        holding = [
            e.id
            for e in self.account.network_interfaces.values()
            if e.secondary_private_ip_addresses
        ]
        eni_id = rng.choice(holding if holding and rng.random() < 0.6 else self.eni_ids())
        eni = self.account.network_interfaces.get(eni_id)
        own = eni.secondary_private_ip_addresses if eni else []
        if own and rng.random() < 0.6:
            # A plausible request: some of its own secondaries.
            wanted = rng.sample(own, rng.randint(1, len(own)))
        else:
            pool = [*own, "10.0.3.250", "10.0.3", "10.0.3.040"]
            if eni is not None:
                pool += [eni.private_ip_address, *self.account.ips_in_use(eni.subnet_id)]
            wanted = [rng.choice(pool) for _ in range(rng.choice([1, 1, 2, 3]))]
        before = copy.deepcopy(self.account)
        if not self.attempt(
            "unassign",
            lambda: private_ips.unassign_private_ip_addresses(self.account, eni_id, wanted),
        ):
            return
        assert eni is not None
        old = before.network_interfaces[eni_id]
        assert all(ip in old.secondary_private_ip_addresses for ip in wanted)
        assert eni.secondary_private_ip_addresses == [
            ip for ip in old.secondary_private_ip_addresses if ip not in wanted
        ]
        for allocation_id, address in before.addresses.items():
            now = self.account.addresses[allocation_id]
            if address.network_interface_id == eni_id and address.private_ip_address in wanted:
                assert (now.association_id, now.network_interface_id) == ("", "")
            else:
                assert now == address

    # --- Elastic IPs ----------------------------------------------------------------------------

    def allocation_ids(self) -> list[str]:
        held = [*self.account.addresses] * 4
        return [*held, "eipalloc-0123abcd", "eipalloc-xyz"]

    @rule(rng=RANDOMS)
    def allocate(self, rng: Random) -> None:
        domain = rng.choice([None, "vpc", "VPC", "standard"])
        before = copy.deepcopy(self.account.addresses)
        done = self.attempt("allocate", lambda: addresses.allocate_address(self.account, domain))
        if self.refusal is not None and self.refusal.code == "AddressLimitExceeded":
            assert len(before) >= self.account.elastic_ip_quota
        if done is None:
            return
        assert domain in (None, "vpc", "VPC") and len(before) < self.account.elastic_ip_quota
        new = self.account.addresses.pop(done.allocation_id)
        assert self.account.addresses == before and done.allocation_id not in before
        held = {a.public_ip for a in before.values()}
        pool = [f"203.0.113.{n}" for n in range(1, 255)] + [
            f"198.51.100.{n}" for n in range(1, 255)
        ]
        assert new.public_ip == next(ip for ip in pool if ip not in held)
        assert (new.association_id, new.network_interface_id, new.private_ip_address) == (
            "",
            "",
            "",
        )
        self.account.addresses[new.allocation_id] = new

    @rule(rng=RANDOMS)
    def associate(self, rng: Random) -> None:
        allocation_id = rng.choice(self.allocation_ids())
        kwargs: dict[str, Any] = {"allow_reassociation": rng.random() < 0.5}
        if rng.random() < 0.5:
            kwargs["instance_id"] = rng.choice(self.instance_ids())
        else:
            kwargs["network_interface_id"] = rng.choice(self.eni_ids())
            eni = self.account.network_interfaces.get(kwargs["network_interface_id"])
            if eni is not None and rng.random() < 0.5:
                pool = [*eni.private_ip_addresses, "10.0.77.7", "10.0.1"]
                kwargs["private_ip_address"] = rng.choice(pool)
        before = copy.deepcopy(self.account.addresses)
        association_id = self.attempt(
            "associate",
            lambda: addresses.associate_address(self.account, allocation_id, **kwargs),
        )
        if self.refusal is not None and self.refusal.code == "Resource.AlreadyAssociated":
            assert before[allocation_id].network_interface_id
            assert not kwargs["allow_reassociation"]
        if association_id is None:
            return
        address = self.account.addresses[allocation_id]
        target = self.account.network_interfaces[address.network_interface_id]
        assert address.association_id == association_id and not target.requester_managed
        if "instance_id" in kwargs:
            assert self.account.interfaces_of(kwargs["instance_id"]) == [target]
        else:
            assert target.id == kwargs["network_interface_id"]
        ip = kwargs.get("private_ip_address", target.private_ip_address)
        assert address.private_ip_address == ip
        old = before[allocation_id]
        if (old.network_interface_id, old.private_ip_address) == (target.id, ip):
            assert address == old  # associating again where it is changes nothing
        else:
            assert association_id != old.association_id
            assert kwargs["allow_reassociation"] or not old.network_interface_id
        for other_id, other in before.items():
            now = self.account.addresses[other_id]
            if other_id == allocation_id:
                continue
            if (other.network_interface_id, other.private_ip_address) == (target.id, ip):
                assert (now.association_id, now.network_interface_id) == ("", "")  # displaced
            else:
                assert now == other

    @rule(rng=RANDOMS)
    def disassociate(self, rng: Random) -> None:
        current = [a.association_id for a in self.account.addresses.values() if a.association_id]
        association_id = rng.choice([*current, *current, "eipassoc-0123abcd", "eipassoc-q"])
        before = copy.deepcopy(self.account.addresses)
        if self.attempt(
            "disassociate",
            lambda: addresses.disassociate_address(self.account, association_id),
        ):
            (allocation_id,) = [k for k, a in before.items() if a.association_id == association_id]
            before[allocation_id].association_id = ""
            before[allocation_id].network_interface_id = ""
            before[allocation_id].private_ip_address = ""
            assert self.account.addresses == before
        wanted = rng.sample(self.allocation_ids(), rng.randint(0, 2))
        name = rng.choice(["instance-id", "domain", "public-ip", "private-ip-address", "bogus"])
        value = rng.choice(["vpc", "203.0.113.*", "10.0.*", *self.account.instances])
        self.attempt(
            "describe-addresses",
            lambda: addresses.describe_addresses(self.account, [], wanted, [(name, value)]),
            read_only=True,
        )

    @rule(rng=RANDOMS)
    def release(self, rng: Random) -> None:
        allocation_id = rng.choice(self.allocation_ids())
        before = copy.deepcopy(self.account.addresses)
        if self.attempt("release", lambda: addresses.release_address(self.account, allocation_id)):
            assert not before.pop(allocation_id).network_interface_id
            assert self.account.addresses == before
        elif self.refusal is not None and self.refusal.code == "InvalidIPAddress.InUse":
            assert before[allocation_id].network_interface_id

    # --- instances ------------------------------------------------------------------------------

    def some_instances(self, rng: Random) -> list[str]:
        return [rng.choice(self.instance_ids()) for _ in range(rng.choice([1, 1, 1, 2, 3]))]

    @rule(rng=RANDOMS)
    def run(self, rng: Random) -> None:
        subnets = [*self.account.subnets]
        subnet_id = rng.choice([*subnets, *subnets, None, UNKNOWN_SUBNET])
        subnet = self.account.subnets.get(subnet_id or "")
        low = rng.choice([1, 1, 1, 2, 3, 0])
        high = low + rng.choice([0, 0, 1, 4, 20])
        kwargs: dict[str, Any] = {
            "min_count": low,
            "max_count": high,
            "instance_type": rng.choice(["t3.micro", "t3.small", "m5.large", "m5.large", "t9.x"]),
        }
        specs: list[InterfaceSpec] = []
        if rng.random() < 0.4:
            # Interfaces listed: existing ones (free or not) and new ones, at plausible indexes.
            free = [
                e.id
                for e in self.account.network_interfaces.values()
                if e.attachment is None and not e.requester_managed
            ]
            for index in rng.choice([[0], [0, 1], [0, 1, 2], [1], [0, 0], [0, 2]]):
                if rng.random() < 0.3 and free:
                    eni_id = rng.choice([*free, *free, *self.eni_ids()])
                    specs.append(InterfaceSpec(index, network_interface_id=eni_id))
                else:
                    count = rng.choice([None, None, 1, 3])
                    specs.append(
                        InterfaceSpec(
                            index,
                            subnet_id=rng.choice([subnet_id, subnet_id, None]),
                            secondary_private_ip_address_count=count,
                            delete_on_termination=rng.choice([None, None, True, False]),
                        )
                    )
            kwargs["network_interfaces"] = specs
            if rng.random() < 0.1:
                kwargs["subnet_id"] = subnet_id
        else:
            kwargs["subnet_id"] = subnet_id
            kwargs["group_ids"] = self.some_groups(rng, subnet.vpc_id if subnet else None)
            if subnet is not None and rng.random() < 0.3:
                block = ipaddress.ip_network(subnet.cidr)
                kwargs["private_ip_address"] = str(block[rng.randrange(4, 12)])
            if rng.random() < 0.3:
                kwargs["secondary_private_ip_address_count"] = rng.randint(0, 3)
        existing = set(self.account.instances)
        reservation = self.attempt(
            "run", lambda: launch.run_instances(self.account, "ami-0123abcd", **kwargs)
        )
        if reservation is None:
            return
        launched = [d.instance_id for d in reservation.instances]
        assert low <= len(launched) <= high
        assert set(self.account.instances) - existing == set(launched)
        wanted = sorted(s.device_index for s in specs) or [0]
        for instance_id in launched:
            assert instance_id not in existing
            held = self.account.interfaces_of(instance_id)
            indexes = sorted(e.attachment.device_index for e in held if e.attachment)
            assert indexes == wanted
            for eni in held:
                assert eni.attachment is not None
                listed = next(
                    (s for s in specs if s.device_index == eni.attachment.device_index), None
                )
                if listed is not None and listed.network_interface_id is not None:
                    assert eni.attachment.delete_on_termination is False
                elif listed is None or listed.delete_on_termination is None:
                    assert eni.attachment.delete_on_termination is True
            assert self.account.instances[instance_id].state == "running"
        self.primaries = primaries_of(self.account)

    @rule(rng=RANDOMS)
    def stop(self, rng: Random) -> None:
        wanted = self.some_instances(rng)
        before = {i: copy.deepcopy(self.account.instances.get(i)) for i in wanted}
        if self.attempt("stop", lambda: instances.stop_instances(self.account, wanted)):
            for instance_id, old in before.items():
                assert old is not None
                now = self.account.instances[instance_id].state
                expected = "stopped" if old.state == "running" else old.state
                assert now == expected and old.state not in ("pending", "terminated")

    @rule(rng=RANDOMS)
    def start(self, rng: Random) -> None:
        wanted = self.some_instances(rng)
        before = {i: copy.deepcopy(self.account.instances.get(i)) for i in wanted}
        if self.attempt("start", lambda: instances.start_instances(self.account, wanted)):
            for instance_id, old in before.items():
                assert old is not None
                instance = self.account.instances[instance_id]
                expected = "running" if old.state == "stopped" else old.state
                assert instance.state == expected
                assert old.state in ("stopped", "running", "pending")
                if old.state == "stopped":
                    assert instance.blocked_device_indexes == []

    @rule(rng=RANDOMS)
    def reboot(self, rng: Random) -> None:
        wanted = self.some_instances(rng)
        self.attempt("reboot", lambda: instances.reboot_instances(self.account, wanted), True)

    @rule(rng=RANDOMS)
    def terminate(self, rng: Random) -> None:
        wanted = self.some_instances(rng)
        held = {i: [copy.deepcopy(e) for e in self.account.interfaces_of(i)] for i in set(wanted)}
        if not self.attempt(
            "terminate", lambda: instances.terminate_instances(self.account, wanted)
        ):
            return
        freed: list[tuple[str, str]] = []
        for instance_id, enis in held.items():
            assert self.account.instances[instance_id].state in ("terminated", "shutting-down")
            assert self.account.interfaces_of(instance_id) == []
            self.primaries.pop(instance_id, None)
            for old in enis:
                assert old.attachment is not None
                if old.attachment.delete_on_termination:
                    assert old.id not in self.account.network_interfaces
                    freed += [(old.subnet_id, ip) for ip in old.private_ip_addresses]
                    assert all(
                        a.network_interface_id != old.id for a in self.account.addresses.values()
                    )
                else:
                    kept = self.account.network_interfaces[old.id]
                    old.attachment = None
                    assert kept == old
        # A freed address is free: an interface can take it at once.
        if freed:
            subnet_id, ip = rng.choice(freed)
            assert ip not in self.account.ips_in_use(subnet_id)
            eni = interfaces.create_network_interface(
                self.account, subnet_id, private_ip_address=ip
            )
            assert eni.private_ip_address == ip

    @invariant()
    def account_is_sound(self) -> None:
        audit(self.account, self.primaries)

    def teardown(self) -> None:
        text = codec.encode(self.account)
        decoded, problems = codec.decode(tomllib.loads(text))
        assert problems == []
        assert decoded == self.account
        assert codec.encode(decoded) == text


RUN_SETTINGS = settings(
    max_examples=80,
    stateful_step_count=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def test_random_use_keeps_the_account_sound() -> None:
    OUTCOMES.clear()
    run_state_machine_as_test(RandomUse, settings=RUN_SETTINGS)
    # The runs must have reached both outcomes of every action and the rarer refusals; otherwise
    # the checks above proved little.
    actions = ("create", "delete", "attach", "detach", "modify", "reset", "describe")
    actions += ("allocate", "associate", "disassociate", "release")
    for action in (*actions, "run", "stop", "start", "reboot", "terminate", "assign", "unassign"):
        assert OUTCOMES[action, "ok"] > 0, action
        assert sum(n for (a, code), n in OUTCOMES.items() if a == action and code != "ok"), action
    codes = {code for _, code in OUTCOMES}
    assert {
        "InsufficientFreeAddressesInSubnet",
        "AttachmentLimitExceeded",
        "PrivateIpAddressLimitExceeded",
        "IncorrectInstanceState",
        "OperationNotPermitted",
        "InvalidNetworkInterface.InUse",
        "InvalidIPAddress.InUse",
        "InvalidParameterCombination",
        "InvalidAttachmentID.NotFound",
        "SecurityGroupsPerInterfaceLimitExceeded",
        "InvalidInstanceID.NotFound",
        "AddressLimitExceeded",
        "Resource.AlreadyAssociated",
        "InvalidAllocationID.NotFound",
        "InvalidAssociationID.NotFound",
    } <= codes, sorted(codes)

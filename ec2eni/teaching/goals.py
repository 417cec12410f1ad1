"""The requirement kinds a scenario's goal is declared in, checked on the engine's descriptions.

A scenario file lists requirements as data (`kind = "interface_in_subnet"` and its parameters);
each kind here says which parameters it takes, states itself as a sentence (for `scenario show`)
and checks itself against an account (for `scenario check`). Everything is found the way a student
finds it: by Name tag, by device index (`ethN` is device index N), by what is attached to what;
never by an ID, since the IDs depend on the commands the student ran. What a check reads comes from
the engine's describe functions, so a check can never disagree with what `ec2din` or `ec2dnic`
shows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ec2eni.engine.addresses import AddressDescription, describe_addresses
from ec2eni.engine.descriptions import InterfaceDescription
from ec2eni.engine.instance_descriptions import InstanceDescription
from ec2eni.engine.instances import describe_instances
from ec2eni.engine.interfaces import describe_network_interfaces
from ec2eni.engine.model import Account
from ec2eni.engine.network import describe_security_groups, describe_subnets, describe_vpcs
from ec2eni.engine.network_descriptions import (
    SecurityGroupDescription,
    SubnetDescription,
    VpcDescription,
)

# A parameter's name -> (its type: str, int, bool or list (of str), whether it must be given).
Spec = Mapping[str, tuple[type, bool]]
Params = Mapping[str, Any]


class Missing(Exception):
    """Something a requirement is about is not in the account (no instance of that name): the
    requirement is not met, and the message says what is missing."""


# --- finding things by name ---------------------------------------------------------------------


def _one(found: Sequence[Any], what: str, name: str) -> Any:
    if not found:
        raise Missing(f"no {what} is named {name}")
    if len(found) > 1:
        raise Missing(f"{len(found)} {what}s are named {name}")
    return found[0]


def _by_name(name: str) -> list[tuple[str, str]]:
    return [("tag:Name", name)]


def name_of(tags: Sequence[tuple[str, str]], fallback: str) -> str:
    return next((value for key, value in tags if key == "Name"), fallback)


def find_instance(account: Account, name: str) -> InstanceDescription:
    """The instance named `name` that is not terminated; a terminated one only when no other has
    the name (a replaced server's name may live on in the instance that replaced it)."""
    found = [
        instance
        for reservation in describe_instances(account, filters=_by_name(name))
        for instance in reservation.instances
    ]
    live = [instance for instance in found if instance.state != "terminated"]
    if not live and found:
        return found[-1]
    result: InstanceDescription = _one(live, "instance", name)
    return result


def find_interface(account: Account, name: str) -> InterfaceDescription:
    result: InterfaceDescription = _one(
        describe_network_interfaces(account, filters=_by_name(name)), "network interface", name
    )
    return result


def find_subnet(account: Account, name: str) -> SubnetDescription:
    result: SubnetDescription = _one(
        describe_subnets(account, filters=_by_name(name)), "subnet", name
    )
    return result


def find_vpc(account: Account, name: str) -> VpcDescription:
    result: VpcDescription = _one(describe_vpcs(account, filters=_by_name(name)), "VPC", name)
    return result


def find_address(account: Account, name: str) -> AddressDescription:
    result: AddressDescription = _one(
        describe_addresses(account, filters=_by_name(name)), "Elastic IP", name
    )
    return result


def find_group(account: Account, name: str, vpc_id: str) -> SecurityGroupDescription:
    """A security group by its group name, in one VPC (every VPC has a group named default)."""
    found = describe_security_groups(account, filters=[("group-name", name), ("vpc-id", vpc_id)])
    result: SecurityGroupDescription = _one(found, "security group", name)
    return result


def _subnet_name(account: Account, subnet_id: str) -> str:
    [subnet] = describe_subnets(account, [subnet_id])
    return name_of(subnet.tags, subnet_id)


def _vpc_name(account: Account, vpc_id: str) -> str:
    [vpc] = describe_vpcs(account, [vpc_id])
    return name_of(vpc.tags, vpc_id)


def _instance_name(account: Account, instance_id: str) -> str:
    [reservation] = describe_instances(account, [instance_id])
    [instance] = reservation.instances
    return name_of(instance.tags, instance_id)


def _device(instance: InstanceDescription, device_index: int, name: str) -> InterfaceDescription:
    for nic in instance.network_interfaces:
        if nic.attachment is not None and nic.attachment.device_index == device_index:
            return nic
    raise Missing(f"{name} has no eth{device_index}")


def listing(words: Sequence[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


# --- the kinds ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Facts:
    """What a check may look at: the account now and, built only when a kind asks, the account as
    the scenario started (what was true before the student's first step)."""

    account: Account
    start: Callable[[], Account]


@dataclass(frozen=True, slots=True)
class Kind:
    params: Spec
    # The requirement as a sentence, from its parameters alone.
    statement: Callable[[Params], str]
    # None when met; else what the account shows instead (a phrase). May raise Missing.
    check: Callable[[Facts, Params], str | None]


def _count(facts: Facts, p: Params) -> str | None:
    instance = find_instance(facts.account, p["instance"])
    held = len(instance.network_interfaces)
    return None if held == p["count"] else f"it has {held}"


def _in_subnet(facts: Facts, p: Params) -> str | None:
    instance = find_instance(facts.account, p["instance"])
    nic = _device(instance, p["device_index"], p["instance"])
    subnet = _subnet_name(facts.account, nic.subnet_id)
    return None if subnet == p["subnet"] else f"it is in {subnet}"


def _groups(facts: Facts, p: Params) -> str | None:
    instance = find_instance(facts.account, p["instance"])
    nic = _device(instance, p["device_index"], p["instance"])
    held = [name for _, name in nic.groups]
    return None if sorted(held) == sorted(p["groups"]) else f"it has {listing(held)}"


def _on_off(enabled: bool) -> str:
    return "on" if enabled else "off"


def _source_dest_check(facts: Facts, p: Params) -> str | None:
    instance = find_instance(facts.account, p["instance"])
    if not instance.network_interfaces:
        return f"{p['instance']} has no interfaces"
    wrong = [
        f"eth{nic.attachment.device_index}"
        for nic in instance.network_interfaces
        if nic.attachment is not None and nic.source_dest_check != p["enabled"]
    ]
    return f"it is {_on_off(not p['enabled'])} on {listing(wrong)}" if wrong else None


def _attached(facts: Facts, p: Params) -> str | None:
    eni = find_interface(facts.account, p["interface"])
    instance = find_instance(facts.account, p["instance"])
    attachment = eni.attachment
    if attachment is None:
        return "it is not attached"
    if attachment.instance_id != instance.instance_id:
        holder = _instance_name(facts.account, attachment.instance_id)
        return f"it is attached to {holder} as eth{attachment.device_index}"
    if attachment.device_index != p["device_index"]:
        return f"it is {p['instance']}'s eth{attachment.device_index}"
    if attachment.status != "attached":
        return f"its attachment is still {attachment.status}"
    return None


def _private_ips(facts: Facts, p: Params) -> str | None:
    eni = find_interface(facts.account, p["interface"])
    held = [ip.private_ip_address for ip in eni.private_ip_addresses]
    missing = [address for address in p["addresses"] if address not in held]
    return f"it holds {listing(held)}" if missing else None


def _elastic_ip(facts: Facts, p: Params) -> str | None:
    address = find_address(facts.account, p["address"])
    instance = find_instance(facts.account, p["instance"])
    if not address.association_id:
        return "it is not associated"
    if address.instance_id == instance.instance_id:
        if address.private_ip_address == p["private_ip"]:
            return None
        return f"it reaches {p['instance']} at {address.private_ip_address}"
    if not address.instance_id:
        return f"it is on an interface no instance holds, at {address.private_ip_address}"
    holder = _instance_name(facts.account, address.instance_id)
    return f"it reaches {holder} at {address.private_ip_address}"


def _same_mac(facts: Facts, p: Params) -> str | None:
    licensed = find_interface(facts.start(), p["interface"]).mac_address
    instance = find_instance(facts.account, p["instance"])
    nic = _device(instance, p["device_index"], p["instance"])
    if nic.mac_address == licensed:
        return None
    return f"it has {nic.mac_address}, not {licensed}"


def _state(facts: Facts, p: Params) -> str | None:
    instance = find_instance(facts.account, p["instance"])
    return None if instance.state == p["state"] else f"it is {instance.state}"


def _vpcs(facts: Facts, p: Params) -> str | None:
    instance = find_instance(facts.account, p["instance"])
    held = list(
        dict.fromkeys(_vpc_name(facts.account, n.vpc_id) for n in instance.network_interfaces)
    )
    if set(p["vpcs"]) <= set(held):
        return None
    return f"its interfaces are in {listing(held)}" if held else "it has no interfaces"


def _groups_statement(p: Params) -> str:
    groups = p["groups"]
    noun = "group" if len(groups) == 1 else "groups"
    return (
        f"{p['instance']}'s eth{p['device_index']} has only the security {noun} {listing(groups)}"
    )


INSTANCE = {"instance": (str, True)}
DEVICE = {**INSTANCE, "device_index": (int, True)}

KINDS: dict[str, Kind] = {
    "instance_has_interfaces": Kind(
        {**INSTANCE, "count": (int, True)},
        lambda p: f"{p['instance']} has {p['count']} network interfaces",
        _count,
    ),
    "interface_in_subnet": Kind(
        {**DEVICE, "subnet": (str, True)},
        lambda p: f"{p['instance']}'s eth{p['device_index']} is in the subnet {p['subnet']}",
        _in_subnet,
    ),
    "interface_groups": Kind({**DEVICE, "groups": (list, True)}, _groups_statement, _groups),
    "source_dest_check": Kind(
        {**INSTANCE, "enabled": (bool, True)},
        lambda p: (
            f"the source/destination check is {_on_off(p['enabled'])} on every interface of "
            f"{p['instance']}"
        ),
        _source_dest_check,
    ),
    "interface_attached": Kind(
        {"interface": (str, True), **DEVICE},
        lambda p: (
            f"interface {p['interface']} is attached to {p['instance']} as eth{p['device_index']}"
        ),
        _attached,
    ),
    "private_ips_on": Kind(
        {"interface": (str, True), "addresses": (list, True)},
        lambda p: f"interface {p['interface']} still holds {listing(p['addresses'])}",
        _private_ips,
    ),
    "elastic_ip_on": Kind(
        {"address": (str, True), **INSTANCE, "private_ip": (str, True)},
        lambda p: f"Elastic IP {p['address']} reaches {p['instance']} at {p['private_ip']}",
        _elastic_ip,
    ),
    "same_mac_on": Kind(
        {**DEVICE, "interface": (str, True)},
        lambda p: (
            f"{p['instance']}'s eth{p['device_index']} has the MAC address {p['interface']} had "
            "at the start"
        ),
        _same_mac,
    ),
    "instance_state": Kind(
        {**INSTANCE, "state": (str, True)},
        lambda p: f"{p['instance']} is {p['state']}",
        _state,
    ),
    "instance_spans_vpcs": Kind(
        {**INSTANCE, "vpcs": (list, True)},
        lambda p: f"{p['instance']} has interfaces in the VPCs {listing(p['vpcs'])}",
        _vpcs,
    ),
}


@dataclass(frozen=True, slots=True)
class Requirement:
    kind: str
    params: Params
    hint: str

    @property
    def statement(self) -> str:
        return KINDS[self.kind].statement(self.params)


@dataclass(frozen=True, slots=True)
class Outcome:
    statement: str
    met: bool
    # What the account shows instead, when not met.
    found: str
    hint: str


def check(
    requirements: Sequence[Requirement], account: Account, start: Callable[[], Account]
) -> list[Outcome]:
    """Each requirement against `account`; `start` builds the scenario's starting account (called
    at most once, and only if a requirement compares with it)."""
    built: list[Account] = []

    def starting() -> Account:
        if not built:
            built.append(start())
        return built[0]

    facts = Facts(account, starting)
    outcomes = []
    for requirement in requirements:
        try:
            found = KINDS[requirement.kind].check(facts, requirement.params)
        except Missing as missing:
            found = str(missing)
        outcomes.append(
            Outcome(requirement.statement, found is None, found or "", requirement.hint)
        )
    return outcomes

"""RunInstances, StopInstances, StartInstances, RebootInstances, TerminateInstances and
DescribeInstances (eni-rules.md §9.4, §11; project decisions §0 c, j, l).

Every action validates completely before it changes anything, in EC2's order: syntax (Malformed,
bad values), existence (NotFound), state and combination rules, then limits. A refused launch
creates nothing and draws no ID from the account's generator.

State changes go through `_begin`: with instant timing the final state is stored at once; with
realistic timing the transitional state is stored with the time it began, for
`ec2eni.engine.timing` to settle later (a terminated instance's interfaces are released then).
Answers always show the transitional state, as EC2's do. Messages without a source below are
project decisions, marked as such.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ec2eni.engine import clock, ids, ipv4, lookup, timing
from ec2eni.engine.descriptions import (
    AttachmentDescription,
    InterfaceDescription,
    PrivateIpDescription,
)
from ec2eni.engine.errors import (
    EC2Error,
    address_in_use,
    insufficient_free_addresses,
    interface_in_use,
    invalid_combination,
    invalid_value,
    missing_parameter,
    not_found,
    private_ip_limit,
)
from ec2eni.engine.filters import Names, compile_with, matching
from ec2eni.engine.instance_descriptions import (
    InstanceDescription,
    ReservationDescription,
    StateChange,
    describe_instance,
    group_reservations,
    interfaces_by_instance,
    reservation_of,
    state_change,
)
from ec2eni.engine.interfaces import (
    _allocate,
    _default_group,
    check_addresses_fit,
    delete_network_interface,
)
from ec2eni.engine.limits import limits_for
from ec2eni.engine.model import (
    MAX_DEVICE_INDEX,
    Account,
    Attachment,
    Instance,
    NetworkInterface,
    Subnet,
)
from ec2eni.engine.validation import check_description, check_group_count, check_ipv4

DEFAULT_INSTANCE_TYPE = "m1.small"
# The implicit primary interface of a launch without network interfaces (§0 j).
PRIMARY_DESCRIPTION = "Primary network interface"
# Legacy `ec2run -n` takes at most 65535 (legacy-cli.md §12.2).
MAX_COUNT = 65535


@dataclass(frozen=True, slots=True)
class InterfaceSpec:
    """One entry of RunInstances' NetworkInterface list (`ec2run -a`): an existing interface to
    attach at `device_index` (cold attach), or a new one to create in `subnet_id`. None and empty
    mean "not given"; `delete_on_termination` None means EC2's default (§0 j: true for a new
    interface, false for an existing one)."""

    device_index: int
    network_interface_id: str | None = None
    subnet_id: str | None = None
    description: str | None = None
    private_ip_address: str | None = None
    group_ids: tuple[str, ...] = ()
    delete_on_termination: bool | None = None
    secondary_private_ip_address_count: int | None = None
    secondary_private_ip_addresses: tuple[str, ...] = ()

    @property
    def gives_addresses(self) -> bool:
        return (
            self.private_ip_address is not None
            or bool(self.secondary_private_ip_addresses)
            or self.secondary_private_ip_address_count is not None
        )


@dataclass(slots=True)
class _Slot:
    """One interface of the launch, resolved: what every new instance gets at `device_index`."""

    spec: InterfaceSpec
    primary: tuple[str, int] | None
    secondaries: list[tuple[str, int]]
    existing: NetworkInterface | None = None
    subnet: Subnet | None = None
    group_ids: list[str] = field(default_factory=list)

    @property
    def explicit(self) -> list[tuple[str, int]]:
        return ([self.primary] if self.primary else []) + self.secondaries

    @property
    def auto_addresses(self) -> int:
        """Addresses to pick from the subnet for each instance."""
        if self.existing is not None:
            return 0
        return (0 if self.primary else 1) + (self.spec.secondary_private_ip_address_count or 0)

    @property
    def address_count(self) -> int:
        if self.existing is not None:
            return len(self.existing.private_ip_addresses)
        return 1 + len(self.secondaries) + (self.spec.secondary_private_ip_address_count or 0)

    @property
    def delete_on_termination(self) -> bool:
        given = self.spec.delete_on_termination
        return (self.existing is None) if given is None else given


# --- state changes --------------------------------------------------------------------------------


def _begin(account: Account, instance: Instance, transitional: str, final: str) -> None:
    """Move `instance` towards `final`. Instant timing stores `final`; realistic timing stores
    `transitional` and when it began (settled later by the timing module)."""
    if timing.realistic(account):
        instance.state, instance.since = transitional, clock.stamp()
    else:
        instance.state, instance.since = final, ""


def release_interfaces(account: Account, instance: Instance) -> None:
    """What termination does to the instance's interfaces (§9.4): each whose delete-on-termination
    is true is deleted (its addresses freed, its Elastic IPs disassociated but still allocated);
    the others are detached and stay, available, with everything they held."""
    for eni in account.interfaces_of(instance.id):
        assert eni.attachment is not None
        delete = eni.attachment.delete_on_termination and not eni.requester_managed
        eni.attachment = None
        if delete:
            delete_network_interface(account, eni.id)
    instance.blocked_device_indexes = []


def _not_found(missing: Sequence[str]) -> EC2Error:
    # EC2 names every unknown instance of the request in one message [OBS moto#4903].
    if len(missing) == 1:
        return not_found("i", missing[0])
    return EC2Error(
        "InvalidInstanceID.NotFound", f"The instance IDs '{', '.join(missing)}' do not exist"
    )


def _named_instances(account: Account, instance_ids: Sequence[str]) -> list[Instance]:
    """The named instances once each, in the order given: syntax of every ID first, then every
    unknown one named at once."""
    unique = list(dict.fromkeys(instance_ids))
    for instance_id in unique:
        ids.check_id("i", instance_id)
    missing = [i for i in unique if i not in account.instances]
    if missing:
        raise _not_found(missing)
    return [account.instances[i] for i in unique]


def _incorrect_state(message: str) -> EC2Error:
    return EC2Error("IncorrectInstanceState", message)


def _required(instance_ids: Sequence[str]) -> None:
    if not instance_ids:
        raise missing_parameter("InstanceId")


def stop_instances(
    account: Account, instance_ids: Sequence[str], force: bool = False
) -> list[StateChange]:
    """Stop running instances. Everything stays: attachments, addresses, MACs, Elastic IPs.
    `force` is accepted; with no hung instance to rescue it behaves the same."""
    _required(instance_ids)
    instances = _named_instances(account, instance_ids)
    for instance in instances:
        if instance.state == "pending":
            # [OBS cloud-custodian#6014]
            raise _incorrect_state(
                f"Instance '{instance.id}' cannot be stopped as it has never reached the "
                "'running' state."
            )
        if instance.state in ("shutting-down", "terminated"):
            # [OBS erun stop stub; COMPAT EUCA, same words]
            raise _incorrect_state(
                f"This instance '{instance.id}' is not in a state from which it can be stopped."
            )
    changes = []
    for instance in instances:
        previous = instance.state
        current = previous
        if previous == "running":
            _begin(account, instance, "stopping", "stopped")
            current = "stopping"
        changes.append(state_change(instance.id, previous, current))
    return changes


def start_instances(account: Account, instance_ids: Sequence[str]) -> list[StateChange]:
    """Start stopped instances (running or pending ones are left as they are). A start ends the
    effect of a forced detach: blocked device indexes become usable again."""
    _required(instance_ids)
    instances = _named_instances(account, instance_ids)
    for instance in instances:
        if instance.state not in ("stopped", "pending", "running"):
            # [OBS canonical/ubuntu-pro-client#1697]
            raise _incorrect_state(
                f"The instance '{instance.id}' is not in a state from which it can be started."
            )
    changes = []
    for instance in instances:
        previous = instance.state
        current = previous
        if previous == "stopped":
            _begin(account, instance, "pending", "running")
            instance.blocked_device_indexes = []
            current = "pending"
        changes.append(state_change(instance.id, previous, current))
    return changes


def reboot_instances(account: Account, instance_ids: Sequence[str]) -> None:
    """Reboot running instances: nothing observable changes."""
    _required(instance_ids)
    instances = _named_instances(account, instance_ids)
    for instance in instances:
        if instance.state != "running":
            # Project decision: the wording of its start and stop siblings.
            raise _incorrect_state(
                f"The instance '{instance.id}' is not in a state from which it can be rebooted."
            )


def terminate_instances(account: Account, instance_ids: Sequence[str]) -> list[StateChange]:
    """Terminate instances in any state; terminating a terminated one again is a no-op. The
    instance stays visible, with no interfaces, and its ID is never reused."""
    _required(instance_ids)
    instances = _named_instances(account, instance_ids)
    changes = []
    for instance in instances:
        previous = instance.state
        current = previous
        if previous not in ("shutting-down", "terminated"):
            _begin(account, instance, "shutting-down", "terminated")
            current = "shutting-down"
            if instance.state == "terminated":
                release_interfaces(account, instance)
        changes.append(state_change(instance.id, previous, current))
    return changes


# --- RunInstances ---------------------------------------------------------------------------------

MULTIPLE_INSTANCES = (
    # Project decision: no EC2 wording found; the code is the one OpenStack's EC2 API gives
    # [COMPAT OSAPI _check_network_interface_parameters].
    "An existing network interface or a private IP address can only be given when launching "
    "one instance."
)


def _requested(
    primary: str | None, secondaries: Sequence[str], count: int | None
) -> tuple[tuple[str, int] | None, list[tuple[str, int]]]:
    """The explicitly requested addresses, syntax-checked as CreateNetworkInterface checks them."""
    first = (primary, check_ipv4(primary)) if primary is not None else None
    others = [(text, check_ipv4(text)) for text in secondaries]
    if count is not None:
        if count < 0:
            raise invalid_value(
                f"Value ({count}) for parameter secondaryPrivateIpAddressCount is invalid. "
                "Expecting a non-negative integer."
            )
        if others:
            raise invalid_combination(
                "Cannot specify both a secondary private IP address count and secondary "
                "private IP addresses."
            )
    seen: set[int] = set()
    for text, value in ([first] if first else []) + others:
        if value in seen:
            raise invalid_value(f"Address {text} is specified more than once")
        seen.add(value)
    return first, others


def _check_syntax(spec: InterfaceSpec) -> _Slot:
    if not 0 <= spec.device_index <= MAX_DEVICE_INDEX:
        raise invalid_value(f"Invalid network device index '{spec.device_index}'")
    if spec.network_interface_id is not None:
        ids.check_id("eni", spec.network_interface_id)
    if spec.subnet_id is not None:
        ids.check_id("subnet", spec.subnet_id)
    for group_id in spec.group_ids:
        ids.check_id("sg", group_id)
    if spec.description is not None:
        check_description(spec.description)
    primary, secondaries = _requested(
        spec.private_ip_address,
        spec.secondary_private_ip_addresses,
        spec.secondary_private_ip_address_count,
    )
    return _Slot(spec=spec, primary=primary, secondaries=secondaries)


def _check_counts(min_count: int, max_count: int) -> None:
    # Project decision: EC2's "Value (...) for parameter ... is invalid." pattern.
    for name, value in (("minCount", min_count), ("maxCount", max_count)):
        if not 1 <= value <= MAX_COUNT:
            raise invalid_value(
                f"Value ({value}) for parameter {name} is invalid. "
                f"Expecting an integer from 1 to {MAX_COUNT}."
            )
    if min_count > max_count:
        raise invalid_value(
            f"Value ({min_count}) for parameter minCount is invalid. "
            f"It must not exceed maxCount ({max_count})."
        )


def _default_subnet(account: Account, zone: str | None) -> Subnet:
    """The default VPC's default subnet of `zone` (of the first zone when None), where EC2
    launches when the request names no subnet."""
    vpc = next((v for v in account.vpcs.values() if v.is_default), None)
    if vpc is None:
        raise EC2Error("VPCIdNotSpecified", "No default VPC for this user")
    candidates = [
        s
        for s in account.subnets.values()
        if s.vpc_id == vpc.id and s.default_for_az and zone in (None, s.availability_zone)
    ]
    if not candidates:
        # [OBS terraform-aws-ec2-instance#50]; also when `zone` alone has no default subnet.
        raise EC2Error(
            "MissingInput",
            f"No subnets found for the default VPC '{vpc.id}'. Please specify a subnet.",
        )
    return min(candidates, key=lambda s: s.availability_zone)


def _groups_in_vpc(account: Account, group_ids: Sequence[str], vpc_id: str) -> list[str]:
    unique = list(dict.fromkeys(group_ids))
    for group_id in unique:
        group = account.security_groups.get(group_id)
        if group is None or group.vpc_id != vpc_id:
            # RunInstances' answer for a group unknown or of another VPC [OBS moto#5484].
            raise EC2Error(
                "InvalidGroup.NotFound",
                f"The security group '{group_id}' does not exist in VPC '{vpc_id}'",
            )
    return unique


def _resolve(account: Account, slots: list[_Slot], zone: str | None) -> None:
    """Existence: interfaces, subnets and groups (NotFound before any rule about them)."""
    if zone is not None and zone not in {s.availability_zone for s in account.subnets.values()}:
        raise invalid_value(f"Invalid availability zone: [{zone}]")
    for slot in slots:
        spec = slot.spec
        if spec.network_interface_id is not None:
            slot.existing = lookup.interface(account, spec.network_interface_id)
            slot.subnet = account.subnets[slot.existing.subnet_id]
        elif spec.subnet_id is not None:
            slot.subnet = lookup.subnet(account, spec.subnet_id)
    # A new interface named without a subnet goes to the default subnet of the launch's zone.
    placed = [slot.subnet for slot in slots if slot.subnet is not None]
    launch_zone = zone or (placed[0].availability_zone if placed else None)
    for slot in slots:
        if slot.subnet is None:
            slot.subnet = _default_subnet(account, launch_zone)
        if slot.existing is None:
            vpc_id = slot.subnet.vpc_id
            given = _groups_in_vpc(account, slot.spec.group_ids, vpc_id)
            slot.group_ids = given or [_default_group(account, vpc_id)]


def _check_combinations(
    account: Account,
    slots: list[_Slot],
    listed: bool,
    instance_level: tuple[bool, bool, bool],
    max_count: int,
    zone: str | None,
) -> None:
    """The state and combination rules of a launch, in the order EC2's answers are listed."""
    subnet_given, groups_given, addresses_given = instance_level
    if listed:
        # [OBS aws-cli#809, ansible#48109; the groups form by analogy]
        for given, what in (
            (subnet_given, "an instance-level subnet ID"),
            (groups_given, "instance-level security groups"),
            (addresses_given, "an instance-level private IP address"),
        ):
            if given:
                raise invalid_combination(
                    f"Network interfaces and {what} may not be specified on the same request"
                )
    seen_enis: set[str] = set()
    for slot in slots:
        spec = slot.spec
        if slot.existing is None:
            continue
        # [COMPAT OSAPI _check_network_interface_parameters; rulebook §9.4]
        for given, what in (
            (spec.subnet_id is not None, "a subnet"),
            (spec.gives_addresses, "a private IP address"),
            (bool(spec.group_ids), "security groups"),
            (spec.description is not None, "a description"),
        ):
            if given:
                raise invalid_combination(
                    f"A network interface may not specify both a network interface ID and {what}"
                )
        if spec.delete_on_termination:
            raise invalid_combination(
                "A network interface may not specify a network interface ID and delete on "
                "termination as true"
            )
        if slot.existing.id in seen_enis:
            raise invalid_value(
                f"Network interface ID '{slot.existing.id}' may not be specified on multiple "
                "interfaces."
            )
        seen_enis.add(slot.existing.id)
    if max_count > 1 and any(slot.existing or slot.explicit for slot in slots):
        raise invalid_combination(MULTIPLE_INSTANCES)
    for slot in slots:
        if slot.existing is not None and (
            slot.existing.attachment is not None or slot.existing.requester_managed
        ):
            raise interface_in_use(slot.existing.id)
    indexes = [slot.spec.device_index for slot in slots]
    if len(set(indexes)) != len(indexes):
        # Project decision: no EC2 wording found for two entries at one device index.
        raise invalid_value("Each network interface requires a unique device index.")
    if 0 not in indexes:
        # [OBS aws-cloudformation-user-guide PR #449; code: COMPAT OSAPI, rulebook §9.4]
        raise EC2Error(
            "UnsupportedOperation",
            "When specifying network interfaces, you must include a device at index 0",
        )
    subnets = [slot.subnet for slot in slots if slot.subnet is not None]
    if zone is not None:
        for subnet in subnets:
            if subnet.availability_zone != zone:
                # [OBS InQuicker/kaws#11]
                raise invalid_value(
                    f"Value ({zone}) for parameter availabilityZone is invalid. Subnet "
                    f"'{subnet.id}' is in the availability zone {subnet.availability_zone}"
                )
    if len({subnet.availability_zone for subnet in subnets}) > 1:
        raise invalid_combination(
            "You may not attach a network interface to an instance if they are not in the same "
            "availability zone"
        )
    requested: set[tuple[str, int]] = set()
    for slot in slots:
        if slot.subnet is None or not slot.explicit:
            continue
        check_addresses_fit(slot.subnet, slot.explicit)
        used = account.ips_in_use(slot.subnet.id)
        for index, (text, value) in enumerate(slot.explicit):
            if text in used:
                raise address_in_use(text, primary=index == 0 and slot.primary is not None)
            if (slot.subnet.id, value) in requested:
                raise invalid_value(f"Address {text} is specified more than once")
            requested.add((slot.subnet.id, value))


def _launch_count(
    account: Account, slots: list[_Slot], min_count: int, max_count: int
) -> tuple[int, dict[str, set[int]]]:
    """How many instances to launch: as many as the subnets' free addresses and the account's
    interface quota allow, from `min_count` up to `max_count` (EC2 launches as many as it can
    between the two). Also each subnet's addresses in use, requested ones included."""
    used: dict[str, set[int]] = {}
    need: dict[str, int] = {}
    for slot in slots:
        assert slot.subnet is not None
        subnet_id = slot.subnet.id
        if subnet_id not in used:
            held = (ipv4.parse(text) for text in account.ips_in_use(subnet_id))
            used[subnet_id] = {value for value in held if value is not None}
        used[subnet_id].update(value for _, value in slot.explicit)
        need[subnet_id] = need.get(subnet_id, 0) + slot.auto_addresses
    fits = max_count
    for subnet_id, per_instance in need.items():
        if per_instance:
            parsed = ipv4.parse_cidr(account.subnets[subnet_id].cidr)
            assert parsed is not None
            free = ipv4.block_size(parsed[1]) - 5 - len(used[subnet_id])
            fits = min(fits, free // per_instance)
    if fits < min_count:
        raise insufficient_free_addresses()
    created = sum(1 for slot in slots if slot.existing is None)
    if created:
        room = account.eni_quota - len(account.network_interfaces)
        if room // created < min_count:
            raise EC2Error(
                "NetworkInterfaceLimitExceeded",
                f"You have reached the limit of {account.eni_quota} network interfaces in this "
                "region.",
            )
        fits = min(fits, room // created)
    return fits, used


def _check_limits(account: Account, slots: list[_Slot], instance_type: str) -> None:
    type_limits = limits_for(instance_type)
    assert type_limits is not None
    if len(slots) > type_limits.attachable:
        raise EC2Error(
            "AttachmentLimitExceeded",
            f"Interface count {len(slots)} exceeds the limit for {instance_type}",
        )
    for slot in slots:
        if slot.address_count > type_limits.ipv4_per_interface:
            raise private_ip_limit()
        if slot.existing is None:
            check_group_count(account, len(slot.group_ids))


def run_instances(
    account: Account,
    image_id: str,
    *,
    min_count: int = 1,
    max_count: int = 1,
    instance_type: str = DEFAULT_INSTANCE_TYPE,
    subnet_id: str | None = None,
    group_ids: Sequence[str] = (),
    key_name: str = "",
    private_ip_address: str | None = None,
    secondary_private_ip_addresses: Sequence[str] = (),
    secondary_private_ip_address_count: int | None = None,
    network_interfaces: Sequence[InterfaceSpec] = (),
    availability_zone: str | None = None,
) -> ReservationDescription:
    """Launch instances of `image_id` (any well-formed AMI ID is an image) and answer with their
    reservation, as RunInstances does: every instance `pending`, every attachment `attaching`.

    Without `network_interfaces`, each instance gets one new primary interface (device index 0,
    delete on termination, description `Primary network interface`) in `subnet_id`, or in the
    default VPC's default subnet of `availability_zone` (of the first zone when None), with
    `group_ids` or the VPC's default group and the instance-level addresses. With them, each entry
    is an interface of every instance: an existing available one (cold attach; at device index 0
    it is the primary) or a new one described inline.
    """
    # Syntax and values.
    if not ids.is_well_formed("ami", image_id):
        raise EC2Error("InvalidAMIID.Malformed", f'Invalid id: "{image_id}" (expecting "ami-...")')
    if limits_for(instance_type) is None:
        # [OBS moto#1695, quoting EC2]
        raise invalid_value(f"Invalid value '{instance_type}' for InstanceType.")
    _check_counts(min_count, max_count)
    if subnet_id is not None:
        ids.check_id("subnet", subnet_id)
    for group_id in group_ids:
        ids.check_id("sg", group_id)
    listed = bool(network_interfaces)
    instance_addresses = (
        private_ip_address is not None
        or bool(secondary_private_ip_addresses)
        or secondary_private_ip_address_count is not None
    )
    specs = list(network_interfaces) or [
        InterfaceSpec(
            device_index=0,
            subnet_id=subnet_id,
            description=PRIMARY_DESCRIPTION,
            private_ip_address=private_ip_address,
            group_ids=tuple(group_ids),
            delete_on_termination=True,
            secondary_private_ip_address_count=secondary_private_ip_address_count,
            secondary_private_ip_addresses=tuple(secondary_private_ip_addresses),
        )
    ]
    slots = [_check_syntax(spec) for spec in specs]

    # Existence, then state and combination rules, then limits.
    _resolve(account, slots, availability_zone)
    _check_combinations(
        account,
        slots,
        listed,
        (subnet_id is not None, bool(group_ids), instance_addresses),
        max_count,
        availability_zone,
    )
    _check_limits(account, slots, instance_type)
    count, used = _launch_count(account, slots, min_count, max_count)

    # Everything checked: launch.
    launched = _launch(account, slots, count, used, image_id, instance_type, key_name)
    held = interfaces_by_instance(account)
    answers = []
    for instance in launched:
        d = describe_instance(account, instance, held.get(instance.id, []))
        # RunInstances answers before anything settles.
        d.state, d.state_code = "pending", 0
        for nic in d.network_interfaces:
            if nic.attachment is not None:
                nic.attachment.status = "attaching"
        answers.append(d)
    [reservation] = group_reservations(account, answers)
    return reservation


def _launch(
    account: Account,
    slots: list[_Slot],
    count: int,
    used: dict[str, set[int]],
    image_id: str,
    instance_type: str,
    key_name: str,
) -> list[Instance]:
    # One generator for the whole launch: the taken-checks below see what this launch made without
    # rescanning the account for every ID (a launch may make thousands).
    generator = ids.IdGenerator(account.seed, account.counter)
    attachment_ids = {
        e.attachment.id for e in account.network_interfaces.values() if e.attachment is not None
    }
    reservations = {reservation_of(i) for i in account.instances.values()}
    macs = {e.mac_address for e in account.network_interfaces.values()}

    def taken(candidate: str) -> bool:
        if candidate.startswith("eni-attach-"):
            return candidate in attachment_ids
        return candidate in reservations or account.id_taken(candidate)

    # Each subnet's automatic addresses for the whole launch at once, lowest first, handed out in
    # launch order (the same addresses one launch at a time would get).
    picked: dict[str, list[int]] = {}
    for slot in slots:
        assert slot.subnet is not None
        total = slot.auto_addresses * count
        if total:
            subnet_id = slot.subnet.id
            more = _allocate(slot.subnet, used[subnet_id] | set(picked.get(subnet_id, [])), total)
            picked.setdefault(subnet_id, []).extend(more)
    queues = {subnet_id: iter(values) for subnet_id, values in picked.items()}

    def next_address(subnet_id: str) -> str:
        return ipv4.format_ip(next(queues[subnet_id]))

    now = clock.stamp()
    reservation_id = generator.new_id("r", taken)
    first = next(slot for slot in slots if slot.spec.device_index == 0)
    assert first.subnet is not None
    launched = []
    for launch_index in range(count):
        instance = Instance(
            id=generator.new_id("i", taken),
            instance_type=instance_type,
            state="pending",
            subnet_id=first.subnet.id,
            image_id=image_id,
            reservation_id=reservation_id,
            launch_time=now,
            launch_index=launch_index,
            key_name=key_name,
        )
        account.instances[instance.id] = instance
        for slot in slots:
            assert slot.subnet is not None
            eni = slot.existing
            if eni is None:
                subnet_id = slot.subnet.id
                primary_text = slot.primary[0] if slot.primary else next_address(subnet_id)
                secondaries = [text for text, _ in slot.secondaries] + [
                    next_address(subnet_id)
                    for _ in range(slot.spec.secondary_private_ip_address_count or 0)
                ]
                eni = NetworkInterface(
                    id=generator.new_id("eni", taken),
                    subnet_id=subnet_id,
                    mac_address="",
                    private_ip_address=primary_text,
                    secondary_private_ip_addresses=secondaries,
                    group_ids=list(slot.group_ids),
                    description=slot.spec.description or "",
                )
                eni.mac_address = generator.new_mac(macs)
                macs.add(eni.mac_address)
                account.network_interfaces[eni.id] = eni
            attachment_id = generator.new_id("eni-attach", taken)
            attachment_ids.add(attachment_id)
            eni.attachment = Attachment(
                id=attachment_id,
                instance_id=instance.id,
                device_index=slot.spec.device_index,
                delete_on_termination=slot.delete_on_termination,
                attach_time=now,
            )
            if timing.realistic(account):
                eni.attachment.status, eni.attachment.since = "attaching", now
        _begin(account, instance, "pending", "running")
        launched.append(instance)
    account.counter = generator.counter
    return launched


# --- DescribeInstances ----------------------------------------------------------------------------


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _nics(d: InstanceDescription) -> tuple[InterfaceDescription, ...]:
    return d.network_interfaces


def _attachments(d: InstanceDescription) -> list[AttachmentDescription]:
    return [n.attachment for n in d.network_interfaces if n.attachment is not None]


def _addresses(d: InstanceDescription) -> list[PrivateIpDescription]:
    return [p for n in d.network_interfaces for p in n.private_ip_addresses]


INSTANCE_NAMES: Names[InstanceDescription] = Names(
    {
        "availability-zone": lambda d: [d.availability_zone],
        "dns-name": lambda d: [d.public_dns_name],
        "group-id": lambda d: [gid for gid, _ in d.groups],
        "group-name": lambda d: [name for _, name in d.groups],
        "hypervisor": lambda d: [d.hypervisor],
        "image-id": lambda d: [d.image_id],
        "instance-id": lambda d: [d.instance_id],
        "instance-state-code": lambda d: [str(d.state_code)],
        "instance-state-name": lambda d: [d.state],
        "instance-type": lambda d: [d.instance_type],
        "ip-address": lambda d: [d.public_ip_address],
        "key-name": lambda d: [d.key_name],
        "launch-index": lambda d: [str(d.launch_index)],
        "launch-time": lambda d: [d.launch_time],
        "monitoring-state": lambda d: [d.monitoring],
        "network-interface.addresses.association.public-ip": lambda d: [
            p.association.public_ip for p in _addresses(d) if p.association is not None
        ],
        "network-interface.addresses.primary": lambda d: [_flag(p.primary) for p in _addresses(d)],
        "network-interface.addresses.private-ip-address": lambda d: [
            p.private_ip_address for p in _addresses(d)
        ],
        "network-interface.attachment.attach-time": lambda d: [
            a.attach_time for a in _attachments(d)
        ],
        "network-interface.attachment.attachment-id": lambda d: [
            a.attachment_id for a in _attachments(d)
        ],
        "network-interface.attachment.delete-on-termination": lambda d: [
            _flag(a.delete_on_termination) for a in _attachments(d)
        ],
        "network-interface.attachment.device-index": lambda d: [
            str(a.device_index) for a in _attachments(d)
        ],
        "network-interface.attachment.status": lambda d: [a.status for a in _attachments(d)],
        "network-interface.description": lambda d: [n.description for n in _nics(d)],
        "network-interface.group-id": lambda d: [g for n in _nics(d) for g, _ in n.groups],
        "network-interface.group-name": lambda d: [g for n in _nics(d) for _, g in n.groups],
        "network-interface.mac-address": lambda d: [n.mac_address for n in _nics(d)],
        "network-interface.network-interface-id": lambda d: [
            n.network_interface_id for n in _nics(d)
        ],
        "network-interface.owner-id": lambda d: [n.owner_id for n in _nics(d)],
        "network-interface.private-dns-name": lambda d: [n.private_dns_name for n in _nics(d)],
        "network-interface.source-dest-check": lambda d: [
            _flag(n.source_dest_check) for n in _nics(d)
        ],
        "network-interface.status": lambda d: [n.status for n in _nics(d)],
        "network-interface.subnet-id": lambda d: [n.subnet_id for n in _nics(d)],
        "network-interface.vpc-id": lambda d: [n.vpc_id for n in _nics(d)],
        "owner-id": lambda d: [d.owner_id],
        "private-dns-name": lambda d: [d.private_dns_name],
        "private-ip-address": lambda d: [d.private_ip_address],
        "reservation-id": lambda d: [d.reservation_id],
        "root-device-type": lambda d: [d.root_device_type],
        "subnet-id": lambda d: [d.subnet_id],
        "tag-key": lambda d: [key for key, _ in d.tags],
        "tag-value": lambda d: [value for _, value in d.tags],
        "tenancy": lambda d: [d.tenancy],
        "virtualization-type": lambda d: [d.virtualization_type],
        "vpc-id": lambda d: [d.vpc_id],
    },
    # The instance's own groups under the names today's API documents beside the old ones.
    {"instance.group-id": "group-id", "instance.group-name": "group-name"},
    tags=lambda d: d.tags,
)


def describe_instances(
    account: Account,
    instance_ids: Sequence[str] = (),
    filters: Sequence[tuple[str, str]] = (),
) -> list[ReservationDescription]:
    """The named instances (or all), grouped by reservation in account order, keeping those that
    match every filter. A malformed ID first, then an unknown filter name, then unknown IDs."""
    unique = list(dict.fromkeys(instance_ids))
    for instance_id in unique:
        ids.check_id("i", instance_id)
    compiled = compile_with(INSTANCE_NAMES, filters)
    missing = [i for i in unique if i not in account.instances]
    if missing:
        raise _not_found(missing)
    if unique:
        keep = set(unique)
        selected = [i for key, i in account.instances.items() if key in keep]
    else:
        selected = list(account.instances.values())
    held = interfaces_by_instance(account)
    described = (describe_instance(account, i, held.get(i.id, [])) for i in selected)
    return group_reservations(account, matching(compiled, described))

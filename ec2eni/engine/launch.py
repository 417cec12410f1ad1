"""RunInstances (eni-rules.md §0 j, §5, §9.4, §11; legacy-cli.md §12.2): instances with their
interfaces, new ones or existing ones attached cold.

A launch validates completely before it changes anything, in EC2's order: syntax (Malformed, bad
values), existence (NotFound), state and combination rules, then limits. A refused launch creates
nothing and draws no ID from the account's generator. Messages without a source below are project
decisions, marked as such.
"""

from __future__ import annotations

from collections.abc import Sequence

from ec2eni.engine import clock, ids, ipv4, lookup, timing
from ec2eni.engine.errors import (
    EC2Error,
    address_in_use,
    insufficient_free_addresses,
    interface_in_use,
    invalid_combination,
    invalid_value,
    private_ip_limit,
)
from ec2eni.engine.instance_descriptions import (
    ReservationDescription,
    describe_instance,
    group_reservations,
    interfaces_by_instance,
    reservation_of,
)
from ec2eni.engine.instances import begin
from ec2eni.engine.interfaces import (
    allocate_addresses,
    check_addresses_fit,
    default_group,
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
from ec2eni.engine.record import Record, field
from ec2eni.engine.validation import check_description, check_group_count, check_ipv4

DEFAULT_INSTANCE_TYPE = "m1.small"
# The implicit primary interface of a launch without network interfaces (§0 j).
PRIMARY_DESCRIPTION = "Primary network interface"
# Legacy `ec2run -n` takes at most 65535 (legacy-cli.md §12.2).
MAX_COUNT = 65535


class InterfaceSpec(Record):
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


class _Slot(Record):
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
            slot.group_ids = given or [default_group(account, vpc_id)]


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
            more = allocate_addresses(
                slot.subnet, used[subnet_id] | set(picked.get(subnet_id, [])), total
            )
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
        begin(account, instance, "pending", "running")
        launched.append(instance)
    account.counter = generator.counter
    return launched

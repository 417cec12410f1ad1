"""The account's resources as typed records.

Records hold what the state file holds and nothing derived: an interface's status comes from its
attachment (and whether a service manages it), its VPC and AZ from its subnet. Validation lives in
the rules (`interfaces`, `attachments`, `attributes`) and in `invariants`, never in constructors, so
a record can hold what a damaged file says long enough for the checker to name the problem.
"""

from __future__ import annotations

from ec2eni.engine.record import Record, field

SCHEMA_VERSION = 2
# The image an instance was launched from when nobody said (the built-in account's instances and
# instances of schema-1 files, which did not record one).
DEFAULT_IMAGE_ID = "ami-0123456789abcdef0"
# `Account.timing`: transitions take no time, or the time EC2 takes (ec2eni.engine.timing).
TIMINGS = ("instant", "realistic")
DEFAULT_ENI_QUOTA = 5000
# Elastic IPs per region: EC2's default quota.
DEFAULT_ELASTIC_IP_QUOTA = 5
# Security groups per interface: EC2's default quota, and the most it can be raised to.
DEFAULT_GROUPS_PER_INTERFACE = 5
MAX_GROUPS_PER_INTERFACE = 16
MAX_DESCRIPTION_LENGTH = 255
# An unattached interface has no instance type; this is the highest per-interface limit of any type.
UNATTACHED_IP_CEILING = 50
MAX_DEVICE_INDEX = 31


class Vpc(Record):
    """A VPC: an IPv4 block in one region."""

    id: str
    cidr: str
    tags: dict[str, str] = field(default_factory=dict)
    state: str = "available"
    is_default: bool = False
    dhcp_options_id: str = ""
    instance_tenancy: str = "default"


class Subnet(Record):
    """A subnet: a block inside its VPC's block, in one availability zone."""

    id: str
    vpc_id: str
    cidr: str
    availability_zone: str
    tags: dict[str, str] = field(default_factory=dict)
    state: str = "available"
    default_for_az: bool = False
    map_public_ip_on_launch: bool = False


class SecurityGroup(Record):
    """A security group of one VPC. Interfaces refer to it by ID."""

    id: str
    vpc_id: str
    name: str
    description: str
    tags: dict[str, str] = field(default_factory=dict)


class Instance(Record):
    """An instance launched in `subnet_id`. Its primary interface holds device index 0 while it is
    not terminated; a terminated instance has no interfaces and never changes again.

    `reservation_id` empty means a reservation of its own, whose ID derives from the instance's
    (`ids.derived_id("r", id)`). `since` is when the current transitional state (pending,
    stopping, shutting-down) began, empty once settled; `blocked_device_indexes` are indexes freed
    by a forced detach, unusable until the instance has been stopped and started."""

    id: str
    instance_type: str
    state: str
    subnet_id: str
    tags: dict[str, str] = field(default_factory=dict)
    image_id: str = DEFAULT_IMAGE_ID
    reservation_id: str = ""
    launch_time: str = ""
    launch_index: int = 0
    key_name: str = ""
    since: str = ""
    blocked_device_indexes: list[int] = field(default_factory=list)


class Attachment(Record):
    """An interface's link to an instance at one device index."""

    id: str
    instance_id: str
    device_index: int
    delete_on_termination: bool
    attach_time: str
    status: str = "attached"
    # When a transitional status (attaching, detaching) began; empty once settled.
    since: str = ""


class NetworkInterface(Record):
    """An ENI. It lives in one subnet for life; its primary and secondary IPs are unique in the
    subnet, inside the subnet's block and never reserved; `group_ids` name 1 to
    `Account.groups_per_interface` groups of the subnet's VPC."""

    id: str
    subnet_id: str
    mac_address: str
    private_ip_address: str
    secondary_private_ip_addresses: list[str] = field(default_factory=list)
    group_ids: list[str] = field(default_factory=list)
    description: str = ""
    source_dest_check: bool = True
    requester_managed: bool = False
    requester_id: str = ""
    interface_type: str = "interface"
    tags: dict[str, str] = field(default_factory=dict)
    attachment: Attachment | None = None

    @property
    def status(self) -> str:
        """`in-use` while attached, and always for a requester-managed interface: the service that
        made it uses it (attach and delete refuse it as in use), attachment or not."""
        return "in-use" if self.attachment is not None or self.requester_managed else "available"

    @property
    def private_ip_addresses(self) -> list[str]:
        """Primary first, then the secondaries in the order they were assigned."""
        return [self.private_ip_address, *self.secondary_private_ip_addresses]


class Address(Record):
    """An Elastic IP. While associated it sits on one private IP of one interface (at most one
    Elastic IP per private IP)."""

    allocation_id: str
    public_ip: str
    association_id: str = ""
    network_interface_id: str = ""
    private_ip_address: str = ""
    tags: dict[str, str] = field(default_factory=dict)


class Account(Record):
    """One simulated AWS account in one region: everything the state file holds.

    Resources are kept in dicts keyed by ID, in file order (which is also describe order).
    `seed` and `counter` drive the deterministic ID generator.
    """

    region: str
    owner_id: str
    seed: str
    counter: int = 0
    eni_quota: int = DEFAULT_ENI_QUOTA
    elastic_ip_quota: int = DEFAULT_ELASTIC_IP_QUOTA
    groups_per_interface: int = DEFAULT_GROUPS_PER_INTERFACE
    timing: str = "instant"
    vpcs: dict[str, Vpc] = field(default_factory=dict)
    subnets: dict[str, Subnet] = field(default_factory=dict)
    security_groups: dict[str, SecurityGroup] = field(default_factory=dict)
    instances: dict[str, Instance] = field(default_factory=dict)
    network_interfaces: dict[str, NetworkInterface] = field(default_factory=dict)
    addresses: dict[str, Address] = field(default_factory=dict)

    def interfaces_of(self, instance_id: str) -> list[NetworkInterface]:
        return [
            eni
            for eni in self.network_interfaces.values()
            if eni.attachment is not None and eni.attachment.instance_id == instance_id
        ]

    def find_attachment(self, attachment_id: str) -> NetworkInterface | None:
        for eni in self.network_interfaces.values():
            if eni.attachment is not None and eni.attachment.id == attachment_id:
                return eni
        return None

    def ips_in_use(self, subnet_id: str) -> set[str]:
        used: set[str] = set()
        for eni in self.network_interfaces.values():
            if eni.subnet_id == subnet_id:
                used.add(eni.private_ip_address)
                used.update(eni.secondary_private_ip_addresses)
        return used

    def address_on(self, eni_id: str, private_ip: str) -> Address | None:
        for address in self.addresses.values():
            if address.network_interface_id == eni_id and address.private_ip_address == private_ip:
                return address
        return None

    def id_taken(self, candidate: str) -> bool:
        if candidate.startswith("eni-attach-"):
            return self.find_attachment(candidate) is not None
        return any(
            candidate in table
            for table in (
                self.vpcs,
                self.subnets,
                self.security_groups,
                self.instances,
                self.network_interfaces,
                self.addresses,
            )
        )

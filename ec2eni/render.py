"""Legacy text output: tab-separated records, byte for byte as the EC2 API Tools printed them.

Works from the engine's plain descriptions and returns lines; it never prints. Rules (legacy-cli.md
§1.2, §1.3): fields joined by one TAB; empty fields empty, or `(nil)` with --show-empty-fields;
booleans `true`/`false`; at most one header line per invocation (the first record's), shifted left
(no record-type column); TAG lines dropped with --hide-tags. A TAB, newline or carriage return
inside a value is printed as `\\t`, `\\n`, `\\r` so it can never split a record.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ec2eni.engine.attributes import AttributeDescription
from ec2eni.engine.descriptions import (
    InstanceDescription,
    InterfaceDescription,
    SubnetDescription,
)
from ec2eni.engine.model import SecurityGroup, Vpc

NIL = "(nil)"
_ESCAPES = str.maketrans({"\t": "\\t", "\n": "\\n", "\r": "\\r"})

INTERFACE_HEADER = (
    "NetworkInterfaceID",
    "Description",
    "SubnetID",
    "VpcID",
    "AvailabilityZone",
    "OwnerID",
    "RequesterID",
    "RequesterManaged",
    "Status",
    "MacAddress",
    "PrivateIpAddress",
    "PrivateDnsName",
    "SourceDestCheck",
)
ATTACHMENT_HEADER = ("InstanceID", "AttachmentID", "Status", "DeleteOnTermination")
ATTRIBUTE_HEADER = ("NetworkInterfaceID", "Attribute")
RESET_HEADER = ("Attribute", "NetworkInterfaceId", "RESET")
INSTANCE_HEADER = (
    "InstanceID",
    "Type",
    "State",
    "AvailabilityZone",
    "VpcID",
    "SubnetID",
    "PrivateIpAddress",
)
SUBNET_HEADER = (
    "SubnetID",
    "State",
    "VpcID",
    "CidrBlock",
    "AvailableIpAddressCount",
    "AvailabilityZone",
)
GROUP_HEADER = ("GroupID", "OwnerID", "GroupName", "Description", "VpcID")
VPC_HEADER = ("VpcID", "State", "CidrBlock")

# The attribute names the legacy tool printed (its enum says `group`, not `groupSet`).
LEGACY_ATTRIBUTE_NAMES = {
    "description": "description",
    "sourceDestCheck": "sourceDestCheck",
    "groupSet": "group",
    "attachment": "attachment",
}

Field = str | int | bool | None


@dataclass(slots=True)
class Style:
    """The general options that shape output."""

    headers: bool = False
    show_empty_fields: bool = False
    hide_tags: bool = False


class Lines:
    """Collects output lines; prints the header of the first record only (one per invocation)."""

    def __init__(self, style: Style) -> None:
        self.style = style
        self.header_pending = style.headers
        self.lines: list[str] = []
        empty = NIL if style.show_empty_fields else ""
        self._empty = empty

    def _field(self, value: Field) -> str:
        if value is None or value == "":
            return self._empty
        if value is True:
            return "true"
        if value is False:
            return "false"
        if isinstance(value, int):
            return str(value)
        # Most values (IDs, addresses) hold no specials: test before paying for a translate.
        if "\t" in value or "\n" in value or "\r" in value:
            return value.translate(_ESCAPES)
        return value

    def record(self, header: Sequence[str] | None, *fields: Field) -> None:
        if self.header_pending:
            self.header_pending = False
            if header is not None:
                self.lines.append("\t".join(header))
        convert = self._field
        # Plain non-empty strings (nearly every field) pass through without a call.
        self.lines.append(
            "\t".join(
                [
                    v
                    if v.__class__ is str
                    and v
                    and "\t" not in v
                    and "\n" not in v
                    and "\r" not in v
                    else convert(v)
                    for v in fields
                ]
            )
        )

    def bare(self, text: str) -> None:
        """A line that is no record (attach's attachment ID): never headed."""
        self.header_pending = False
        self.lines.append(text)

    def tags(self, resource_type: str, resource_id: str, tags: Iterable[tuple[str, str]]) -> None:
        if not self.style.hide_tags:
            for key, value in tags:
                self.record(None, "TAG", resource_type, resource_id, key, value)


def interface(out: Lines, d: InterfaceDescription) -> None:
    out.record(
        INTERFACE_HEADER,
        "NETWORKINTERFACE",
        d.network_interface_id,
        d.description,
        d.subnet_id,
        d.vpc_id,
        d.availability_zone,
        d.owner_id,
        d.requester_id,
        d.requester_managed,
        d.status,
        d.mac_address,
        d.private_ip_address,
        d.private_dns_name,
        d.source_dest_check,
    )
    for group_id, group_name in d.groups:
        out.record(None, "GROUP", group_id, group_name)
    if d.attachment is not None:
        a = d.attachment
        out.record(
            None, "ATTACHMENT", a.instance_id, a.attachment_id, a.status, a.delete_on_termination
        )
    for p in d.private_ip_addresses:
        if p.association is not None:
            s = p.association
            out.record(
                None,
                "ASSOCIATION",
                s.public_ip,
                s.ip_owner_id,
                s.association_id,
                p.private_ip_address,
                s.public_dns_name,
            )
    for p in d.private_ip_addresses:
        out.record(None, "PRIVATEIPADDRESS", p.private_ip_address, p.private_dns_name)
    out.tags("network-interface", d.network_interface_id, d.tags)


def interfaces(out: Lines, descriptions: Iterable[InterfaceDescription]) -> None:
    for d in descriptions:
        interface(out, d)


def attachment_id(out: Lines, attachment: str) -> None:
    out.bare(attachment)


def detaching(out: Lines, attachment: str) -> None:
    out.record(ATTACHMENT_HEADER, "ATTACHMENT", None, attachment, "detaching", None)


def deleted(out: Lines, eni_id: str) -> None:
    out.header_pending = False  # the legacy tool printed this with outputObjectId: never headed
    out.record(None, "NETWORKINTERFACE", eni_id)


def attribute(out: Lines, result: AttributeDescription) -> None:
    d = result.interface
    out.record(
        ATTRIBUTE_HEADER,
        "NETWORKINTERFACE",
        d.network_interface_id,
        LEGACY_ATTRIBUTE_NAMES[result.attribute],
    )
    if result.attribute == "description":
        out.record(None, "DESCRIPTION", d.description)
    elif result.attribute == "sourceDestCheck":
        out.record(None, "SOURCEDESTCHECK", d.source_dest_check)
    elif result.attribute == "groupSet":
        for group_id, group_name in d.groups:
            out.record(None, "GROUP", group_id, group_name)
    elif d.attachment is not None:
        a = d.attachment
        out.record(
            None, "ATTACHMENT", a.instance_id, a.attachment_id, a.status, a.delete_on_termination
        )


def modified(
    out: Lines,
    eni_id: str,
    attribute_name: str,
    *,
    source_dest_check: bool | None = None,
    group_ids: Sequence[str] = (),
) -> None:
    """Modify echoes the requested source/dest check value or the group IDs as stored; a
    description or attachment change prints only the first line."""
    out.record(ATTRIBUTE_HEADER, "NETWORKINTERFACE", eni_id, LEGACY_ATTRIBUTE_NAMES[attribute_name])
    if attribute_name == "sourceDestCheck":
        out.record(None, "SOURCEDESTCHECK", source_dest_check)
    elif attribute_name == "groupSet":
        for group_id in group_ids:
            out.record(None, "GROUPID", group_id)


def reset(out: Lines, eni_id: str, attribute_name: str) -> None:
    out.record(RESET_HEADER, attribute_name, eni_id, "RESET")


def instances(out: Lines, descriptions: Iterable[InstanceDescription]) -> None:
    for d in descriptions:
        out.record(
            INSTANCE_HEADER,
            "INSTANCE",
            d.instance_id,
            d.instance_type,
            d.state,
            d.availability_zone,
            d.vpc_id,
            d.subnet_id,
            d.private_ip_address,
        )
        out.tags("instance", d.instance_id, d.tags)


def subnets(out: Lines, descriptions: Iterable[SubnetDescription]) -> None:
    for d in descriptions:
        out.record(
            SUBNET_HEADER,
            "SUBNET",
            d.subnet_id,
            d.state,
            d.vpc_id,
            d.cidr_block,
            d.available_ip_address_count,
            d.availability_zone,
        )
        out.tags("subnet", d.subnet_id, d.tags)


def security_groups(out: Lines, groups: Iterable[SecurityGroup], owner_id: str) -> None:
    for g in groups:
        out.record(GROUP_HEADER, "GROUP", g.id, owner_id, g.name, g.description, g.vpc_id)


def vpcs(out: Lines, records: Iterable[Vpc]) -> None:
    for v in records:
        out.record(VPC_HEADER, "VPC", v.id, v.state, v.cidr)
        out.tags("vpc", v.id, v.tags.items())

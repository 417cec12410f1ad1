"""The network-interface records (legacy-cli.md §2-§9)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ec2eni.render import api
from ec2eni.render.lines import Lines

if TYPE_CHECKING:
    from ec2eni.engine.attributes import AttributeDescription
    from ec2eni.engine.descriptions import InterfaceDescription

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
# The attribute names the legacy tool printed (its enum says `group`, not `groupSet`).
LEGACY_ATTRIBUTE_NAMES = {
    "description": "description",
    "sourceDestCheck": "sourceDestCheck",
    "groupSet": "group",
    "attachment": "attachment",
}


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
    out.respond(lambda: {"NetworkInterface": api.interface(d)})


def interfaces(out: Lines, descriptions: Iterable[InterfaceDescription]) -> None:
    listed = list(descriptions)
    for d in listed:
        interface(out, d)
    out.respond(lambda: api.interfaces(listed))


def attachment_id(out: Lines, attachment: str) -> None:
    out.bare(attachment)
    out.respond(lambda: {"AttachmentId": attachment})


def detaching(out: Lines, attachment: str) -> None:
    out.record(ATTACHMENT_HEADER, "ATTACHMENT", None, attachment, "detaching", None)


def deleted(out: Lines, eni_id: str) -> None:
    out.header_pending = False  # the legacy tool printed this with outputObjectId: never headed
    out.record(None, "NETWORKINTERFACE", eni_id)


def attribute(out: Lines, result: AttributeDescription) -> None:
    d = result.interface
    out.respond(lambda: api.attribute(result))
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

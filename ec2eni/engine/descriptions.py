"""Plain, API-shaped descriptions of resources, resolved from the account for rendering.

The renderer and the describe filters work from these: every field a command can print or filter
on, already looked up (VPC, AZ, group names, Elastic IP associations, DNS names).
"""

from __future__ import annotations

from ec2eni.engine import ipv4
from ec2eni.engine.model import Account, NetworkInterface
from ec2eni.engine.record import Record


class AssociationDescription(Record):
    public_ip: str
    ip_owner_id: str
    allocation_id: str
    association_id: str
    public_dns_name: str


class PrivateIpDescription(Record):
    private_ip_address: str
    private_dns_name: str
    primary: bool
    association: AssociationDescription | None


class AttachmentDescription(Record):
    attachment_id: str
    instance_id: str
    instance_owner_id: str
    device_index: int
    status: str
    attach_time: str
    delete_on_termination: bool


class InterfaceDescription(Record):
    network_interface_id: str
    description: str
    subnet_id: str
    vpc_id: str
    availability_zone: str
    owner_id: str
    requester_id: str
    requester_managed: bool
    status: str
    mac_address: str
    private_ip_address: str
    private_dns_name: str
    source_dest_check: bool
    interface_type: str
    groups: tuple[tuple[str, str], ...]
    attachment: AttachmentDescription | None
    private_ip_addresses: tuple[PrivateIpDescription, ...]
    tags: tuple[tuple[str, str], ...]


def public_dns_name(public_ip: str, region: str) -> str:
    host = "ec2-" + public_ip.replace(".", "-")
    if region == "us-east-1":
        return f"{host}.compute-1.amazonaws.com"
    return f"{host}.{region}.compute.amazonaws.com"


def _association(account: Account, eni_id: str, private_ip: str) -> AssociationDescription | None:
    address = account.address_on(eni_id, private_ip) if account.addresses else None
    if address is None:
        return None
    return AssociationDescription(
        public_ip=address.public_ip,
        ip_owner_id=account.owner_id,
        allocation_id=address.allocation_id,
        association_id=address.association_id,
        public_dns_name=public_dns_name(address.public_ip, account.region),
    )


def describe_interface(account: Account, eni: NetworkInterface) -> InterfaceDescription:
    subnet = account.subnets[eni.subnet_id]
    region = account.region
    groups = account.security_groups
    attachment = None
    if eni.attachment is not None:
        a = eni.attachment
        attachment = AttachmentDescription(
            attachment_id=a.id,
            instance_id=a.instance_id,
            instance_owner_id=account.owner_id,
            device_index=a.device_index,
            status=a.status,
            attach_time=a.attach_time,
            delete_on_termination=a.delete_on_termination,
        )
    private_ips = tuple(
        PrivateIpDescription(
            private_ip_address=ip,
            private_dns_name=ipv4.dns_name(ip, region),
            primary=index == 0,
            association=_association(account, eni.id, ip),
        )
        for index, ip in enumerate(eni.private_ip_addresses)
    )
    return InterfaceDescription(
        network_interface_id=eni.id,
        description=eni.description,
        subnet_id=eni.subnet_id,
        vpc_id=subnet.vpc_id,
        availability_zone=subnet.availability_zone,
        owner_id=account.owner_id,
        requester_id=eni.requester_id,
        requester_managed=eni.requester_managed,
        status=eni.status,
        mac_address=eni.mac_address,
        private_ip_address=eni.private_ip_address,
        private_dns_name=private_ips[0].private_dns_name,
        source_dest_check=eni.source_dest_check,
        interface_type=eni.interface_type,
        groups=tuple((gid, groups[gid].name) for gid in eni.group_ids),
        attachment=attachment,
        private_ip_addresses=private_ips,
        tags=tuple(eni.tags.items()),
    )

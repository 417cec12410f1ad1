"""The engine's plain descriptions as EC2 API responses, keyed as the AWS CLI prints them
(`-o json`, `-o table`): plain dicts of str, int, bool, list and dict, nothing else, so the JSON
renderer needs only the standard library. Keys and types follow the EC2 service model
(tests/cli/test_output_json.py checks them against botocore's copy)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ec2eni.engine import clock

if TYPE_CHECKING:
    from ec2eni.engine.addresses import AddressDescription
    from ec2eni.engine.attributes import AttributeDescription
    from ec2eni.engine.descriptions import InterfaceDescription
    from ec2eni.engine.instance_descriptions import (
        InstanceDescription,
        ReservationDescription,
        StateChange,
    )
    from ec2eni.engine.network_descriptions import (
        SecurityGroupDescription,
        SubnetDescription,
        VpcDescription,
    )
    from ec2eni.engine.tags import TagDescription

Response = dict[str, Any]


def time(stamp: str) -> str:
    """ISO 8601 in UTC with `+00:00`, as the AWS CLI prints timestamps."""
    moment = clock.parse(stamp)
    return moment.isoformat() if moment else stamp


def _tags(tags: Iterable[tuple[str, str]]) -> list[Response]:
    return [{"Key": key, "Value": value} for key, value in tags]


def _groups(groups: Iterable[tuple[str, str]]) -> list[Response]:
    return [{"GroupId": group_id, "GroupName": name} for group_id, name in groups]


def _attachment(d: InterfaceDescription) -> Response | None:
    a = d.attachment
    if a is None:
        return None
    return {
        "AttachTime": time(a.attach_time),
        "AttachmentId": a.attachment_id,
        "DeleteOnTermination": a.delete_on_termination,
        "DeviceIndex": a.device_index,
        "InstanceId": a.instance_id,
        "InstanceOwnerId": a.instance_owner_id,
        "Status": a.status,
    }


def interface(d: InterfaceDescription) -> Response:
    private: list[Response] = []
    association: Response | None = None
    for p in d.private_ip_addresses:
        item: Response = {
            "Primary": p.primary,
            "PrivateDnsName": p.private_dns_name,
            "PrivateIpAddress": p.private_ip_address,
        }
        if p.association is not None:
            s = p.association
            item["Association"] = {
                "AllocationId": s.allocation_id,
                "AssociationId": s.association_id,
                "IpOwnerId": s.ip_owner_id,
                "PublicDnsName": s.public_dns_name,
                "PublicIp": s.public_ip,
            }
            if p.primary:
                association = item["Association"]
        private.append(item)
    result: Response = {}
    if association is not None:
        result["Association"] = association
    attachment = _attachment(d)
    if attachment is not None:
        result["Attachment"] = attachment
    result.update(
        {
            "AvailabilityZone": d.availability_zone,
            "Description": d.description,
            "Groups": _groups(d.groups),
            "InterfaceType": d.interface_type,
            "MacAddress": d.mac_address,
            "NetworkInterfaceId": d.network_interface_id,
            "OwnerId": d.owner_id,
            "PrivateDnsName": d.private_dns_name,
            "PrivateIpAddress": d.private_ip_address,
            "PrivateIpAddresses": private,
            "RequesterManaged": d.requester_managed,
            "SourceDestCheck": d.source_dest_check,
            "Status": d.status,
            "SubnetId": d.subnet_id,
            "TagSet": _tags(d.tags),
            "VpcId": d.vpc_id,
        }
    )
    if d.requester_id:
        result["RequesterId"] = d.requester_id
    return result


def interfaces(descriptions: Iterable[InterfaceDescription]) -> Response:
    return {"NetworkInterfaces": [interface(d) for d in descriptions]}


def attribute(result: AttributeDescription) -> Response:
    d = result.interface
    answer: Response = {"NetworkInterfaceId": d.network_interface_id}
    if result.attribute == "description":
        answer["Description"] = {"Value": d.description}
    elif result.attribute == "sourceDestCheck":
        answer["SourceDestCheck"] = {"Value": d.source_dest_check}
    elif result.attribute == "groupSet":
        answer["Groups"] = _groups(d.groups)
    else:
        attachment = _attachment(d)
        if attachment is not None:
            answer["Attachment"] = attachment
    return answer


def _instance_interface(n: InterfaceDescription) -> Response:
    whole = interface(n)
    kept = (
        "Association",
        "Attachment",
        "Description",
        "Groups",
        "InterfaceType",
        "MacAddress",
        "NetworkInterfaceId",
        "OwnerId",
        "PrivateDnsName",
        "PrivateIpAddress",
        "PrivateIpAddresses",
        "SourceDestCheck",
        "Status",
        "SubnetId",
        "VpcId",
    )
    answer = {key: whole[key] for key in kept if key in whole}
    if "Attachment" in answer:
        answer["Attachment"] = {
            key: value for key, value in answer["Attachment"].items() if key != "InstanceId"
        }
        answer["Attachment"].pop("InstanceOwnerId", None)
    return answer


def instance(d: InstanceDescription) -> Response:
    answer: Response = {
        "AmiLaunchIndex": d.launch_index,
        "ImageId": d.image_id,
        "InstanceId": d.instance_id,
        "InstanceType": d.instance_type,
        "LaunchTime": time(d.launch_time),
        "Monitoring": {"State": d.monitoring},
        "Placement": {"AvailabilityZone": d.availability_zone, "Tenancy": d.tenancy},
        "PrivateDnsName": d.private_dns_name,
        "PublicDnsName": d.public_dns_name,
        "State": {"Code": d.state_code, "Name": d.state},
        "EbsOptimized": d.ebs_optimized,
        "Hypervisor": d.hypervisor,
        "NetworkInterfaces": [_instance_interface(n) for n in d.network_interfaces],
        "RootDeviceType": d.root_device_type,
        "SecurityGroups": _groups(d.groups),
        "Tags": _tags(d.tags),
        "VirtualizationType": d.virtualization_type,
    }
    optional = {
        "KeyName": d.key_name,
        "PrivateIpAddress": d.private_ip_address,
        "PublicIpAddress": d.public_ip_address,
        "SubnetId": d.subnet_id,
        "VpcId": d.vpc_id,
    }
    answer.update({key: value for key, value in optional.items() if value})
    return answer


def reservation(r: ReservationDescription) -> Response:
    return {
        "Groups": [],
        "Instances": [instance(d) for d in r.instances],
        "OwnerId": r.owner_id,
        "ReservationId": r.reservation_id,
    }


def reservations(descriptions: Iterable[ReservationDescription]) -> Response:
    return {"Reservations": [reservation(r) for r in descriptions]}


def state_changes(key: str, changes: Iterable[StateChange]) -> Response:
    """StopInstances (`StoppingInstances`), StartInstances, TerminateInstances."""
    return {
        key: [
            {
                "CurrentState": {"Code": c.current_code, "Name": c.current_state},
                "InstanceId": c.instance_id,
                "PreviousState": {"Code": c.previous_code, "Name": c.previous_state},
            }
            for c in changes
        ]
    }


def subnet(d: SubnetDescription) -> Response:
    return {
        "AvailabilityZone": d.availability_zone,
        "AvailableIpAddressCount": d.available_ip_address_count,
        "CidrBlock": d.cidr_block,
        "DefaultForAz": d.default_for_az,
        "MapPublicIpOnLaunch": d.map_public_ip_on_launch,
        "State": d.state,
        "SubnetId": d.subnet_id,
        "VpcId": d.vpc_id,
        "Tags": _tags(d.tags),
    }


def vpc(d: VpcDescription) -> Response:
    return {
        "CidrBlock": d.cidr_block,
        "DhcpOptionsId": d.dhcp_options_id,
        "State": d.state,
        "VpcId": d.vpc_id,
        "InstanceTenancy": d.instance_tenancy,
        "IsDefault": d.is_default,
        "Tags": _tags(d.tags),
    }


def security_group(d: SecurityGroupDescription) -> Response:
    answer: Response = {
        "Description": d.description,
        "GroupName": d.group_name,
        "OwnerId": d.owner_id,
        "GroupId": d.group_id,
        "Tags": _tags(d.tags),
    }
    if d.vpc_id:
        answer["VpcId"] = d.vpc_id
    return answer


def address(d: AddressDescription) -> Response:
    answer: Response = {
        "PublicIp": d.public_ip,
        "AllocationId": d.allocation_id,
        "Domain": d.domain,
    }
    optional = {
        "InstanceId": d.instance_id,
        "AssociationId": d.association_id,
        "NetworkInterfaceId": d.network_interface_id,
        "NetworkInterfaceOwnerId": d.network_interface_owner_id,
        "PrivateIpAddress": d.private_ip_address,
    }
    answer.update({key: value for key, value in optional.items() if value})
    answer["Tags"] = _tags(d.tags)
    return answer


def tag(d: TagDescription) -> Response:
    return {
        "Key": d.key,
        "ResourceId": d.resource_id,
        "ResourceType": d.resource_type,
        "Value": d.value,
    }

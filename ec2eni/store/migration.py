"""Upgrading a state file written by an earlier release, in memory, before it is decoded.

Reading never rewrites the file: the upgraded account is written, as the current schema, by the
next command that changes something. Each step takes a document of one version to the next and
fills only fields the older file cannot have had, so every record and every ID is kept.

Schema 1 → 2 (release 0.1.0 → 0.2.0):
- VPCs gain `is_default` (true for the block AWS gives every account's default VPC,
  172.31.0.0/16), `dhcp_options_id` and `instance_tenancy`; subnets `default_for_az` and
  `map_public_ip_on_launch` (true in the default VPC, as AWS sets them);
- instances gain `image_id`, `reservation_id` (one reservation each), `launch_time` (their primary
  interface's attach time, the best record of it a schema-1 file holds), `launch_index`,
  `key_name`;
- the account gains `timing = "instant"` (and `security_groups_per_interface`, if absent, reads as
  EC2's default of 5).
"""

from __future__ import annotations

import copy
from typing import Any

from ec2eni.engine import ids
from ec2eni.engine.default_account import LAUNCH_TIME
from ec2eni.engine.model import DEFAULT_IMAGE_ID, SCHEMA_VERSION

Document = dict[str, Any]
DEFAULT_VPC_CIDR = "172.31.0.0/16"


def upgrade(document: Document) -> Document:
    """`document` at the current schema version (the same object when it already is, or when its
    version is not one this knows how to upgrade: decoding then names the problem)."""
    if document.get("schema_version") == 1 and SCHEMA_VERSION == 2:
        return _from_1(document)
    return document


def _tables(document: Document, name: str) -> list[dict[str, Any]]:
    """The well-formed records of a table; anything else is left for decoding to report."""
    rows = document.get(name)
    return [row for row in rows if isinstance(row, dict)] if isinstance(rows, list) else []


def _from_1(old: Document) -> Document:
    document = copy.deepcopy(old)
    document["schema_version"] = 2
    document.setdefault("timing", "instant")
    default_vpcs = set()
    for vpc in _tables(document, "vpcs"):
        is_default = vpc.get("cidr") == DEFAULT_VPC_CIDR
        if is_default:
            default_vpcs.add(vpc.get("id"))
        vpc.setdefault("is_default", is_default)
        if isinstance(vpc.get("id"), str):
            vpc.setdefault("dhcp_options_id", ids.derived_id("dopt", vpc["id"]))
        vpc.setdefault("instance_tenancy", "default")
    for subnet in _tables(document, "subnets"):
        in_default = subnet.get("vpc_id") in default_vpcs
        subnet.setdefault("default_for_az", in_default)
        subnet.setdefault("map_public_ip_on_launch", in_default)
    launched: dict[str, str] = {}
    for eni in _tables(document, "network_interfaces"):
        attachment = eni.get("attachment")
        if isinstance(attachment, dict) and attachment.get("device_index") == 0:
            instance_id, when = attachment.get("instance_id"), attachment.get("attach_time")
            if isinstance(instance_id, str) and isinstance(when, str) and when:
                launched[instance_id] = when
    for instance in _tables(document, "instances"):
        instance_id = instance.get("id")
        instance.setdefault("image_id", DEFAULT_IMAGE_ID)
        if isinstance(instance_id, str):
            instance.setdefault("reservation_id", ids.derived_id("r", instance_id))
            instance.setdefault("launch_time", launched.get(instance_id, LAUNCH_TIME))
        instance.setdefault("launch_index", 0)
        instance.setdefault("key_name", "")
    return document

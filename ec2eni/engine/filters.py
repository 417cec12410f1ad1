"""Describe filters: names, values, wildcards; the machinery every Describe action shares, and
DescribeNetworkInterfaces' names (other actions keep their names beside their rules).

Values of one filter name are ORed, different names are ANDed; `*` matches any run of characters,
`?` exactly one, and a backslash makes the next character literal. Matching is case-sensitive.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Generic, TypeVar

from ec2eni.engine.descriptions import (
    AssociationDescription,
    InterfaceDescription,
)
from ec2eni.engine.errors import invalid_value

Extractor = Callable[[InterfaceDescription], Iterable[str]]


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _associations(d: InterfaceDescription) -> list[AssociationDescription]:
    return [p.association for p in d.private_ip_addresses if p.association is not None]


def _primary_association(d: InterfaceDescription) -> list[AssociationDescription]:
    first = d.private_ip_addresses[0].association
    return [] if first is None else [first]


_DIRECTIONS = {"northeast": "ne", "northwest": "nw", "southeast": "se", "southwest": "sw"}


def zone_id(availability_zone: str) -> str:
    """The zone's ID in EC2's style, e.g. `us-east-1a` -> `use1-az1` (real accounts map letters to
    IDs differently; one fixed mapping serves a simulator)."""
    area, direction, number = availability_zone[:-1].split("-", 2)
    short = _DIRECTIONS.get(direction, direction[:1])
    return f"{area}{short}{number}-az{ord(availability_zone[-1]) - ord('a') + 1}"


def _attachment(field: Callable[..., object]) -> Extractor:
    def extract(d: InterfaceDescription) -> list[str]:
        if d.attachment is None:
            return []
        value = field(d.attachment)
        return [_flag(value) if isinstance(value, bool) else str(value)]

    return extract


_EXTRACTORS: dict[str, Extractor] = {
    "addresses.private-ip-address": lambda d: [
        p.private_ip_address for p in d.private_ip_addresses
    ],
    "addresses.primary": lambda d: [_flag(p.primary) for p in d.private_ip_addresses],
    "addresses.association.public-ip": lambda d: [a.public_ip for a in _associations(d)],
    "addresses.association.owner-id": lambda d: [a.ip_owner_id for a in _associations(d)],
    "association.association-id": lambda d: [a.association_id for a in _primary_association(d)],
    "association.allocation-id": lambda d: [a.allocation_id for a in _primary_association(d)],
    "association.ip-owner-id": lambda d: [a.ip_owner_id for a in _primary_association(d)],
    "association.public-ip": lambda d: [a.public_ip for a in _primary_association(d)],
    "association.public-dns-name": lambda d: [a.public_dns_name for a in _primary_association(d)],
    "attachment.attachment-id": _attachment(lambda a: a.attachment_id),
    "attachment.instance-id": _attachment(lambda a: a.instance_id),
    "attachment.instance-owner-id": _attachment(lambda a: a.instance_owner_id),
    "attachment.device-index": _attachment(lambda a: a.device_index),
    "attachment.status": _attachment(lambda a: a.status),
    "attachment.attach-time": _attachment(lambda a: a.attach_time),
    "attachment.delete-on-termination": _attachment(lambda a: a.delete_on_termination),
    "availability-zone": lambda d: [d.availability_zone],
    "availability-zone-id": lambda d: [zone_id(d.availability_zone)],
    "description": lambda d: [d.description],
    "group-id": lambda d: [gid for gid, _ in d.groups],
    "group-name": lambda d: [name for _, name in d.groups],
    "interface-type": lambda d: [d.interface_type],
    # The simulator has no IPv6 addresses and no managed (operator) interfaces.
    "ipv6-addresses.ipv6-address": lambda d: [],
    "operator.managed": lambda d: ["false"],
    "operator.principal": lambda d: [],
    "mac-address": lambda d: [d.mac_address],
    "network-interface-id": lambda d: [d.network_interface_id],
    "owner-id": lambda d: [d.owner_id],
    "private-ip-address": lambda d: [p.private_ip_address for p in d.private_ip_addresses],
    "private-dns-name": lambda d: [p.private_dns_name for p in d.private_ip_addresses],
    "requester-id": lambda d: [d.requester_id],
    "requester-managed": lambda d: [_flag(d.requester_managed)],
    "source-dest-check": lambda d: [_flag(d.source_dest_check)],
    "status": lambda d: [d.status],
    "subnet-id": lambda d: [d.subnet_id],
    "tag-key": lambda d: [key for key, _ in d.tags],
    "tag-value": lambda d: [value for _, value in d.tags],
    "vpc-id": lambda d: [d.vpc_id],
}
# Spellings that real documentation used: the 2013 API docs' `attachment.attach.time`, the SDK
# docs' long-standing typo `source-desk-check`, and euca2ools' `addresses.private-ip-addresses`.
_ALIASES = {
    "attachment.attach.time": "attachment.attach-time",
    "source-desk-check": "source-dest-check",
    "addresses.private-ip-addresses": "addresses.private-ip-address",
}


def _pattern(value: str) -> re.Pattern[str]:
    out = []
    chars = iter(value)
    for ch in chars:
        if ch == "\\":
            out.append(re.escape(next(chars, "\\")))
        elif ch == "*":
            out.append(".*")
        elif ch == "?":
            out.append(".")
        else:
            out.append(re.escape(ch))
    return re.compile("".join(out), re.DOTALL)


D = TypeVar("D")


class Names(Generic[D]):
    """The filter names one Describe action knows: what each extracts from a description `D`
    (every value it can match), the names that are other spellings of one, and how to read a
    `tag:KEY` filter (None when the resource has no tags)."""

    __slots__ = ("extractors", "aliases", "tags")

    def __init__(
        self,
        extractors: dict[str, Callable[[D], Iterable[str]]],
        aliases: dict[str, str] | None = None,
        tags: Callable[[D], Iterable[tuple[str, str]]] | None = None,
    ) -> None:
        self.extractors = extractors
        self.aliases = aliases or {}
        self.tags = tags

    def listing(self) -> tuple[str, ...]:
        tag = ["tag:<key>"] if self.tags is not None else []
        return tuple(sorted([*self.extractors, *self.aliases, *tag]))

    def extractor(self, name: str) -> Callable[[D], Iterable[str]]:
        tags = self.tags
        if tags is not None and name.startswith("tag:") and len(name) > 4:
            key = name[4:]
            return lambda d: [value for k, value in tags(d) if k == key]
        found = self.extractors.get(self.aliases.get(name, name))
        if found is None:
            raise invalid_value(f"The filter '{name}' is invalid")
        return found


class Filter(Generic[D]):
    """One filter name with its values (ORed)."""

    __slots__ = ("name", "extract", "exact", "patterns")

    def __init__(self, name: str, values: Sequence[str], names: Names[D]) -> None:
        self.name = name
        self.extract = names.extractor(name)
        plain = [v for v in values if not any(c in v for c in "*?\\")]
        self.exact = frozenset(plain)
        self.patterns = [_pattern(v) for v in values if v not in self.exact]

    def matches(self, description: D) -> bool:
        for candidate in self.extract(description):
            if candidate in self.exact or any(p.fullmatch(candidate) for p in self.patterns):
                return True
        return False


def compile_with(names: Names[D], pairs: Sequence[tuple[str, str]]) -> list[Filter[D]]:
    """Group `(name, value)` pairs by name in order of first appearance; unknown names raise."""
    grouped: dict[str, list[str]] = {}
    for name, value in pairs:
        grouped.setdefault(name, []).append(value)
    return [Filter(name, values, names) for name, values in grouped.items()]


def matching(filters: Sequence[Filter[D]], descriptions: Iterable[D]) -> list[D]:
    return [d for d in descriptions if all(f.matches(d) for f in filters)]


INTERFACE_NAMES: Names[InterfaceDescription] = Names(_EXTRACTORS, _ALIASES, lambda d: d.tags)


def compile_filters(pairs: Sequence[tuple[str, str]]) -> list[Filter[InterfaceDescription]]:
    """DescribeNetworkInterfaces' filters."""
    return compile_with(INTERFACE_NAMES, pairs)


def quick_subnet_ids(filters: Sequence[Filter[InterfaceDescription]]) -> frozenset[str] | None:
    """If a plain `subnet-id` filter is present, the subnets it allows (lets describe skip building
    descriptions for interfaces that cannot match)."""
    for f in filters:
        if f.name == "subnet-id" and not f.patterns:
            return f.exact
    return None


FILTER_NAMES: tuple[str, ...] = INTERFACE_NAMES.listing()

"""CreateTags, DeleteTags and DescribeTags over every resource the account holds.

Resources are given by ID, any mix of kinds: VPCs, subnets, security groups, instances, network
interfaces and Elastic IP allocations. A tag is a key (1 to 128 characters, not starting with
`aws:`) and a value (at most 256 characters, possibly empty); a resource holds at most 50. Each
resource keeps its tags in the order they were first set, which is describe order.

Every action validates completely before it changes anything, in EC2's order: tag syntax, resource
ID syntax (`InvalidID`), existence (the kind's NotFound), then the per-resource limit.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Protocol

from ec2eni.engine.errors import EC2Error, invalid_value, not_found
from ec2eni.engine.filters import Names, compile_with, matching
from ec2eni.engine.ids import is_well_formed
from ec2eni.engine.model import Account
from ec2eni.engine.record import Record

MAX_TAGS_PER_RESOURCE = 50
MAX_KEY_LENGTH = 128
MAX_VALUE_LENGTH = 256
RESERVED_PREFIX = "aws:"

# ID prefix -> the resource type DescribeTags reports, for every kind the account holds, in
# account (describe) order.
RESOURCE_TYPES = {
    "vpc": "vpc",
    "subnet": "subnet",
    "sg": "security-group",
    "i": "instance",
    "eni": "network-interface",
    "eipalloc": "elastic-ip",
}


class TagDescription(Record):
    """One item of DescribeTags. `resource_tags` are all the tags of the resource, which a
    `tag:KEY` filter reads (it selects resources, then lists their tags)."""

    resource_type: str
    resource_id: str
    key: str
    value: str
    resource_tags: tuple[tuple[str, str], ...] = ()


TAG_NAMES: Names[TagDescription] = Names(
    {
        "key": lambda d: [d.key],
        "resource-id": lambda d: [d.resource_id],
        "resource-type": lambda d: [d.resource_type],
        "value": lambda d: [d.value],
    },
    tags=lambda d: d.resource_tags,
)


class _Tagged(Protocol):
    tags: dict[str, str]


def tag_problem(key: str, value: str) -> str | None:
    """What is wrong with one tag, in EC2's words (InvalidParameterValue), or None."""
    if not key:
        return "Value ( '' ) for parameter Tag key is invalid. Tag key cannot be null or empty."
    if key.startswith(RESERVED_PREFIX):
        return (
            f"Value ( {key} ) for parameter key is invalid. "
            "Tag keys starting with 'aws:' are reserved for internal use"
        )
    if len(key) > MAX_KEY_LENGTH:
        return f"Tag key exceeds the maximum length of {MAX_KEY_LENGTH} characters"
    if len(value) > MAX_VALUE_LENGTH:
        return f"Tag value exceeds the maximum length of {MAX_VALUE_LENGTH} characters"
    return None


def _tables(account: Account) -> dict[str, Mapping[str, _Tagged]]:
    return {
        "vpc": account.vpcs,
        "subnet": account.subnets,
        "sg": account.security_groups,
        "i": account.instances,
        "eni": account.network_interfaces,
        "eipalloc": account.addresses,
    }


def _kind(resource_id: str) -> str | None:
    for kind in RESOURCE_TYPES:
        if is_well_formed(kind, resource_id):
            return kind
    return None


def _unknown(kind: str, resource_id: str) -> EC2Error:
    if kind == "eipalloc":
        return EC2Error(
            "InvalidAllocationID.NotFound", f"The allocation ID '{resource_id}' does not exist"
        )
    return not_found(kind, resource_id)


def _resources(account: Account, resource_ids: Sequence[str]) -> dict[str, dict[str, str]]:
    """Resource ID -> its tags, for the resources named, once each in the order given: every ID
    well formed (else `InvalidID`), then every one known (else its kind's NotFound)."""
    unique = list(dict.fromkeys(resource_ids))
    kinds = []
    for resource_id in unique:
        kind = _kind(resource_id)
        if kind is None:
            raise EC2Error("InvalidID", f"The ID '{resource_id}' is not valid")
        kinds.append(kind)
    tables = _tables(account)
    found = {}
    for resource_id, kind in zip(unique, kinds, strict=True):
        record = tables[kind].get(resource_id)
        if record is None:
            raise _unknown(kind, resource_id)
        found[resource_id] = record.tags
    return found


def create_tags(
    account: Account, resource_ids: Sequence[str], tags: Sequence[tuple[str, str]]
) -> None:
    """Set every tag on every resource: an existing key takes the new value (in its place), a new
    key goes last. A key given twice takes its last value."""
    for key, value in tags:
        problem = tag_problem(key, value)
        if problem is not None:
            raise invalid_value(problem)
    wanted = dict(tags)
    tables = _resources(account, resource_ids).values()
    # Overwriting a key adds no tag: the limit counts the keys the resource would hold.
    for table in tables:
        if len(table.keys() | wanted.keys()) > MAX_TAGS_PER_RESOURCE:
            raise EC2Error(
                "TagLimitExceeded", "The maximum number of Tags for a resource has been reached."
            )
    for table in tables:
        table.update(wanted)


def _items(account: Account) -> Iterator[TagDescription]:
    """Every tag of the account: resources in account order, each resource's tags in order."""
    for kind, table in _tables(account).items():
        resource_type = RESOURCE_TYPES[kind]
        for resource_id, record in table.items():
            if not record.tags:
                continue
            pairs = tuple(record.tags.items())
            for key, value in pairs:
                yield TagDescription(resource_type, resource_id, key, value, pairs)


def delete_tags(
    account: Account,
    resource_ids: Sequence[str],
    tags: Sequence[tuple[str, str | None]] = (),
) -> list[TagDescription]:
    """Delete the tags matching any of `tags` from the resources and return them, in describe
    order. `(KEY, None)` matches the key whatever its value, `(KEY, VALUE)` only with that value
    (`""`: only an empty one); no `tags` at all means every tag of the resources. An absent tag is
    no error."""
    for key, _ in tags:
        problem = tag_problem(key, "")
        if problem is not None:
            raise invalid_value(problem)
    tables = _resources(account, resource_ids)
    matched = [
        item
        for item in _items(account)
        if item.resource_id in tables
        and (not tags or any(k == item.key and v in (None, item.value) for k, v in tags))
    ]
    for item in matched:
        del tables[item.resource_id][item.key]
    return matched


def describe_tags(
    account: Account, filters: Sequence[tuple[str, str]] = ()
) -> list[TagDescription]:
    """Every tag of the account, or those matching the filters (`key`, `value`, `resource-id`,
    `resource-type`, `tag:KEY`; values ORed, names ANDed, `*` and `?` wildcards)."""
    compiled = compile_with(TAG_NAMES, filters)
    return matching(compiled, _items(account))

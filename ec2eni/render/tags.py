"""TAG records of ec2dtag, ec2addtag and ec2deltag (legacy-cli.md §14.4-14.6):
`TAG  resource-type  resource-id  key  value`, under the header `ResourceType ResourceId Key Value`
(four names for five fields). These are the commands' own records, so `--hide-tags` leaves them.

ec2addtag echoes its command line instead of reading an answer, and guessed each resource's type
from its ID prefix with a table of its own: `sg-`, `eni-`, `eipalloc-` and any other prefix it did
not know printed an empty type.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ec2eni.render import api
from ec2eni.render.lines import Lines

if TYPE_CHECKING:
    from ec2eni.engine.tags import TagDescription

TAG_HEADER = ("ResourceType", "ResourceId", "Key", "Value")

# The legacy client's prefix table (ec2addtag), checked after leading whitespace.
_LEGACY_TYPES = {
    "i-": "instance",
    "ami-": "image",
    "aki-": "image",
    "ari-": "image",
    "vpc-": "vpc",
    "subnet-": "subnet",
    "vol-": "volume",
    "snap-": "snapshot",
    "sir-": "spot-instance-request",
    "dopt-": "dhcp-options",
    "cgw-": "customer-gateway",
    "lic-": "license",
}
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def legacy_resource_type(resource_id: str) -> str:
    """The type ec2addtag printed for `resource_id` (empty where its table had none)."""
    text = resource_id.lstrip()
    for prefix, resource_type in _LEGACY_TYPES.items():
        if text.startswith(prefix):
            return resource_type
    return "reserved-instances" if _UUID.fullmatch(text) else ""


def tags(out: Lines, descriptions: Iterable[TagDescription]) -> None:
    """ec2dtag's records (DescribeTags answers `Tags`), and ec2deltag's (DeleteTags answers
    nothing: `described` sets the API response)."""
    for d in descriptions:
        out.record(TAG_HEADER, "TAG", d.resource_type, d.resource_id, d.key, d.value)


def created(out: Lines, resource_ids: Sequence[str], pairs: Sequence[tuple[str, str]]) -> None:
    """ec2addtag's echo: every resource as typed, in order, then every tag as typed, in order."""
    for resource_id in resource_ids:
        resource_type = legacy_resource_type(resource_id)
        for key, value in pairs:
            out.record(TAG_HEADER, "TAG", resource_type, resource_id, key, value)


def described(out: Lines, descriptions: Iterable[TagDescription]) -> None:
    listed = list(descriptions)
    tags(out, listed)
    out.respond(lambda: {"Tags": [api.tag(d) for d in listed]})

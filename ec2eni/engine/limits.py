"""Per-instance-type network limits (eni-rules.md §11).

Each entry is (maximum network interfaces, IPv4 addresses per interface including the primary,
maximum interfaces per network card). Grouped rows of the rulebook are expanded by `_family`
below; the figures are the rulebook's.
"""

from __future__ import annotations

from typing import NamedTuple


class TypeLimits(NamedTuple):
    max_interfaces: int
    ipv4_per_interface: int
    per_card: int

    @property
    def attachable(self) -> int:
        """Interfaces an instance can hold here: the legacy tools attach on network card 0 only,
        so a multi-card type is held to its per-card maximum."""
        return min(self.max_interfaces, self.per_card)


_TABLE: dict[str, TypeLimits] = {}


def _add(names: str, interfaces: int, ipv4: int, per_card: int | None = None) -> None:
    for name in names.split():
        _TABLE[name] = TypeLimits(interfaces, ipv4, interfaces if per_card is None else per_card)


def _family(families: str, sizes: dict[str, tuple[int, int]]) -> None:
    for family in families.split():
        for size, (interfaces, ipv4) in sizes.items():
            _add(f"{family}.{size}", interfaces, ipv4)


_add("t2.nano t2.micro", 2, 2)
_add("t2.small", 3, 4)
_add("t2.medium", 3, 6)
_add("t2.large", 3, 12)
_add("t2.xlarge t2.2xlarge", 3, 15)
_add("t3.nano t3.micro t3a.nano t3a.micro t4g.nano t4g.micro", 2, 2)
_add("t3.small t4g.small", 3, 4)
_add("t3a.small", 2, 4)
_add("t3.medium t3a.medium t4g.medium", 3, 6)
_add("t3.large t3a.large t4g.large", 3, 12)
_add("t3.xlarge t3.2xlarge t3a.xlarge t3a.2xlarge t4g.xlarge t4g.2xlarge", 4, 15)

_INTEL_SIZES = {
    "large": (3, 10),
    "xlarge": (4, 15),
    "2xlarge": (4, 15),
    "4xlarge": (8, 30),
    "8xlarge": (8, 30),
    "12xlarge": (8, 30),
    "16xlarge": (15, 50),
    "24xlarge": (15, 50),
    "metal": (15, 50),
}
# The rulebook's "16xlarge and up (incl. metal)" rows of the newer families.
_LARGEST = {size: (15, 50) for size in "32xlarge 48xlarge metal-24xl metal-48xl".split()}
_family("m5 r5", _INTEL_SIZES)
_family("m6i c6i r6i m7i r7i m7a", _INTEL_SIZES | _LARGEST)
_family(
    "c5",
    {k: v for k, v in _INTEL_SIZES.items() if k not in ("8xlarge", "16xlarge")}
    | {"9xlarge": (8, 30), "18xlarge": (15, 50)},
)
_family(
    "c7g m7g m6g c6g m8g c8g",
    {"medium": (2, 4), **_INTEL_SIZES, **_LARGEST},
)
_add("m4.large", 2, 10)
_add("c4.large", 3, 10)
_add("m1.small", 2, 4)
_add("t1.micro", 2, 2)
_add("c5n.18xlarge", 15, 50)
_add("c6in.32xlarge m6in.32xlarge", 16, 50, per_card=8)
_add("trn1.32xlarge", 40, 50, per_card=5)
_add("p4d.24xlarge", 60, 50, per_card=15)
_add("p5.48xlarge", 64, 50, per_card=2)

INSTANCE_TYPES: dict[str, TypeLimits] = dict(sorted(_TABLE.items()))


def limits_for(instance_type: str) -> TypeLimits | None:
    return INSTANCE_TYPES.get(instance_type)

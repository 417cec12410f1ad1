"""Per-instance-type network limits (eni-rules.md §11).

Each entry is (maximum network interfaces, IPv4 addresses per interface including the primary).
Grouped rows of the rulebook are expanded by `_family` below; the figures are the rulebook's.
"""

from __future__ import annotations

from typing import NamedTuple


class TypeLimits(NamedTuple):
    max_interfaces: int
    ipv4_per_interface: int


_TABLE: dict[str, TypeLimits] = {}


def _add(names: str, interfaces: int, ipv4: int) -> None:
    for name in names.split():
        _TABLE[name] = TypeLimits(interfaces, ipv4)


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
_family("m5 r5 m6i c6i r6i m7i r7i m7a", _INTEL_SIZES)
_family(
    "c5",
    {k: v for k, v in _INTEL_SIZES.items() if k not in ("8xlarge", "16xlarge")}
    | {"9xlarge": (8, 30), "18xlarge": (15, 50)},
)
_family(
    "c7g m7g m6g c6g m8g c8g",
    {"medium": (2, 4), **{k: v for k, v in _INTEL_SIZES.items() if k != "24xlarge"}},
)
_add("m4.large", 2, 10)
_add("c4.large", 3, 10)
_add("m1.small", 2, 4)
_add("t1.micro", 2, 2)
_add("c5n.18xlarge", 15, 50)
_add("c6in.32xlarge m6in.32xlarge", 16, 50)
_add("trn1.32xlarge", 40, 50)
_add("p4d.24xlarge", 60, 50)
_add("p5.48xlarge", 64, 50)

INSTANCE_TYPES: dict[str, TypeLimits] = dict(sorted(_TABLE.items()))


def limits_for(instance_type: str) -> TypeLimits | None:
    return INSTANCE_TYPES.get(instance_type)

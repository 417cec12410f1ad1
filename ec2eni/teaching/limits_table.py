"""The instance-type limits the engine enforces (`ec2eni.engine.limits`) and what an instance uses
of them, as plain records and as the text tables `ec2eni limits` prints.

Nothing here decides a limit: interface counts are the engine's `TypeLimits.attachable` (the
legacy commands attach on network card 0 only), an attached interface's address limit is the
engine's `private_ips.ip_limit`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ec2eni.engine import lookup
from ec2eni.engine.limits import INSTANCE_TYPES, TypeLimits
from ec2eni.engine.model import Account
from ec2eni.engine.private_ips import ip_limit

TYPE_HEADERS = ("TYPE", "INTERFACES", "IPV4 PER INTERFACE", "NETWORK CARDS", "PER CARD")
PER_CARD_NOTE = [
    "PER CARD: the most interfaces one network card takes, where that is fewer than the",
    "type's. The legacy commands attach on card 0 only, so PER CARD is the limit here.",
]
DEVICE_HEADERS = ("DEVICE", "INTERFACE", "PRIVATE IPV4")
FULL_INSTANCE = "Full: one more interface is refused (ec2eni explain AttachmentLimitExceeded)."
FULL_INTERFACE = (
    "Full interface: one more address is refused (ec2eni explain PrivateIpAddressLimitExceeded)."
)
_WILDCARDS = frozenset("*?[")


class UnknownType(LookupError):
    """A type name (or pattern) matching no type the engine knows; the message says so and
    suggests the closest name."""


@dataclass(frozen=True, slots=True)
class TypeRow:
    name: str
    interfaces: int
    ipv4_per_interface: int
    network_cards: int
    # The most interfaces one card takes, None where one card takes them all.
    per_card: int | None


@dataclass(frozen=True, slots=True)
class InterfaceUse:
    device_index: int
    interface_id: str
    ipv4_count: int
    ipv4_limit: int
    status: str


@dataclass(frozen=True, slots=True)
class InstanceUse:
    instance_id: str
    name: str
    instance_type: str
    state: str
    # What the engine lets the instance hold (its card 0's maximum on a multi-card type).
    interface_limit: int
    interfaces: tuple[InterfaceUse, ...]


# --- the table ------------------------------------------------------------------------------------

_NAMED_SIZES = {"nano": 0, "micro": 1, "small": 2, "medium": 3, "large": 4, "xlarge": 5}


def _natural(text: str) -> tuple[tuple[int, int, str], ...]:
    # Digits compare as numbers: c5 < c5n < c6g < c6i < c10 ...
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part)
        for part in re.findall(r"\d+|\D+", text)
    )


def _size(size: str) -> tuple[int, int, str]:
    if size in _NAMED_SIZES:
        return (0, _NAMED_SIZES[size], "")
    many = re.fullmatch(r"(\d+)xlarge", size)
    if many:
        return (0, _NAMED_SIZES["xlarge"] - 1 + int(many.group(1)), "")
    metal = re.fullmatch(r"metal(?:-(\d+)xl)?", size)
    if metal:
        return (1, int(metal.group(1) or 0), "")
    return (2, 0, size)


def sort_key(instance_type: str) -> tuple[object, ...]:
    """Family by family (natural order), each from its smallest size to metal."""
    family, _, size = instance_type.partition(".")
    return (_natural(family), _size(size))


def all_types() -> list[str]:
    return sorted(INSTANCE_TYPES, key=sort_key)


def type_row(name: str, limits: TypeLimits) -> TypeRow:
    # The rulebook's card count (eni-rules.md §11) is, for every type, the interfaces spread
    # over full cards: 64 / 2 = 32 for p5.48xlarge, 1 wherever one card takes them all.
    cards = -(-limits.max_interfaces // limits.per_card)
    return TypeRow(
        name=name,
        interfaces=limits.max_interfaces,
        ipv4_per_interface=limits.ipv4_per_interface,
        network_cards=cards,
        per_card=limits.per_card if limits.per_card < limits.max_interfaces else None,
    )


def rows(names: Iterable[str]) -> list[TypeRow]:
    return [type_row(name, INSTANCE_TYPES[name]) for name in names]


def select(patterns: Sequence[str]) -> list[str]:
    """The types named, in the order given, each once: a name (any case) or a shell-style
    pattern (`t3.*`, `m?.large`) standing for every matching type, smallest first."""
    import fnmatch

    selected: dict[str, None] = {}
    for pattern in patterns:
        wanted = pattern.lower()
        if _WILDCARDS.intersection(wanted):
            matched = [name for name in all_types() if fnmatch.fnmatchcase(name, wanted)]
            if not matched:
                raise UnknownType(f"No instance type matches '{pattern}'.")
            selected.update(dict.fromkeys(matched))
        elif wanted in INSTANCE_TYPES:
            selected[wanted] = None
        else:
            raise UnknownType(f"Unknown instance type '{pattern}'.{_suggestion(wanted)}")
    return list(selected)


def _suggestion(wanted: str) -> str:
    import difflib

    close = difflib.get_close_matches(wanted, list(INSTANCE_TYPES), n=1)
    if close:
        return f" Did you mean '{close[0]}'?"
    return " 'ec2eni limits' lists the types."


def _table(headers: Sequence[str], body: Sequence[Sequence[str]], left: int) -> list[str]:
    """Aligned columns two spaces apart: the first `left` columns flush left, the others (numbers)
    flush right; no trailing spaces."""
    widths = [max(len(row[i]) for row in (headers, *body)) for i in range(len(headers))]
    lines = []
    for row in (headers, *body):
        cells = [
            cell.ljust(width) if i < left else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    return lines


def format_types(type_rows: Sequence[TypeRow]) -> list[str]:
    """The table of `type_rows` with its header line. The PER CARD column (and the note saying
    what it means) only when a row has a per-card maximum."""
    multi_card = any(row.per_card is not None for row in type_rows)
    headers = TYPE_HEADERS if multi_card else TYPE_HEADERS[:-1]
    body = []
    for row in type_rows:
        cells = [row.name, str(row.interfaces), str(row.ipv4_per_interface), str(row.network_cards)]
        if multi_card:
            cells.append("" if row.per_card is None else str(row.per_card))
        body.append(cells)
    lines = _table(headers, body, left=1)
    if multi_card:
        lines += ["", *PER_CARD_NOTE]
    return lines


# --- an instance's use ----------------------------------------------------------------------------


def instance_use(account: Account, instance_id: str) -> InstanceUse:
    """What the instance holds against its type's limits (EC2's Malformed or NotFound error for
    a bad ID, as any command naming an instance)."""
    instance = lookup.instance(account, instance_id)
    limits = INSTANCE_TYPES.get(instance.instance_type)
    assert limits is not None, "the state loader refuses unknown instance types"
    held = sorted(
        (eni for eni in account.interfaces_of(instance.id) if eni.attachment is not None),
        key=lambda eni: eni.attachment.device_index if eni.attachment is not None else 0,
    )
    return InstanceUse(
        instance_id=instance.id,
        name=instance.tags.get("Name", ""),
        instance_type=instance.instance_type,
        state=instance.state,
        interface_limit=limits.attachable,
        interfaces=tuple(
            InterfaceUse(
                device_index=eni.attachment.device_index,
                interface_id=eni.id,
                ipv4_count=len(eni.private_ip_addresses),
                ipv4_limit=ip_limit(account, eni),
                status=eni.attachment.status,
            )
            for eni in held
            if eni.attachment is not None
        ),
    )


def format_instance(use: InstanceUse) -> list[str]:
    """One line for the instance (interfaces attached / limit), a table of its interfaces (device,
    ID, private IPv4 addresses / limit), and for what is full, the error one more would bring."""
    named = f" ({use.name})" if use.name else ""
    count = f"{len(use.interfaces)} / {use.interface_limit} interfaces attached"
    head = f"{use.instance_id}{named}: {use.instance_type}, {use.state}, {count}"
    full_instance = bool(use.interfaces) and len(use.interfaces) >= use.interface_limit
    lines = [head + (" (full)" if full_instance else "")]
    if not use.interfaces:
        return lines
    body = []
    full_interface = False
    for nic in use.interfaces:
        notes = []
        if nic.ipv4_count >= nic.ipv4_limit:
            notes.append("full")
            full_interface = True
        if nic.status != "attached":
            notes.append(nic.status)
        used = f"{nic.ipv4_count} / {nic.ipv4_limit}"
        note = f"({', '.join(notes)})" if notes else ""
        body.append([f"eth{nic.device_index}", nic.interface_id, used, note])
    lines += _table((*DEVICE_HEADERS, ""), body, left=4)
    if full_instance:
        lines.append(FULL_INSTANCE)
    if full_interface:
        lines.append(FULL_INTERFACE)
    return lines

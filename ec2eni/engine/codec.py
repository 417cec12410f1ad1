"""The account as a TOML document: decoding with type checks, and a writer for our schema.

The document is plain data (what `tomllib` returns, and what the parse cache stores as JSON). The
writer is specialised for this schema: `tomli_w` is general and costs several times more per
interface record, which every mutating command pays on large accounts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ec2eni.engine.errors import StateError
from ec2eni.engine.model import (
    DEFAULT_ENI_QUOTA,
    DEFAULT_GROUPS_PER_INTERFACE,
    SCHEMA_VERSION,
    Account,
    Address,
    Attachment,
    Instance,
    NetworkInterface,
    SecurityGroup,
    Subnet,
    Vpc,
)

Document = dict[str, Any]

# Field specs: name -> (type, default). A default of ... means required.
_Spec = dict[str, tuple[type, Any]]
_TAGS = (dict, None)
_VPC: _Spec = {"id": (str, ...), "cidr": (str, ...), "state": (str, "available"), "tags": _TAGS}
_SUBNET: _Spec = {
    "id": (str, ...),
    "vpc_id": (str, ...),
    "cidr": (str, ...),
    "availability_zone": (str, ...),
    "state": (str, "available"),
    "tags": _TAGS,
}
_GROUP: _Spec = {
    "id": (str, ...),
    "vpc_id": (str, ...),
    "name": (str, ...),
    "description": (str, ""),
    "tags": _TAGS,
}
_INSTANCE: _Spec = {
    "id": (str, ...),
    "instance_type": (str, ...),
    "state": (str, ...),
    "subnet_id": (str, ...),
    "tags": _TAGS,
}
_ATTACHMENT: _Spec = {
    "id": (str, ...),
    "instance_id": (str, ...),
    "device_index": (int, ...),
    "delete_on_termination": (bool, False),
    "attach_time": (str, ""),
    "status": (str, "attached"),
}
_INTERFACE: _Spec = {
    "id": (str, ...),
    "subnet_id": (str, ...),
    "description": (str, ""),
    "private_ip_address": (str, ...),
    "secondary_private_ip_addresses": (list, None),
    "mac_address": (str, ...),
    "group_ids": (list, None),
    "source_dest_check": (bool, True),
    "requester_managed": (bool, False),
    "requester_id": (str, ""),
    "interface_type": (str, "interface"),
    "tags": _TAGS,
    "attachment": (dict, None),
}
_ADDRESS: _Spec = {
    "allocation_id": (str, ...),
    "public_ip": (str, ...),
    "association_id": (str, ""),
    "network_interface_id": (str, ""),
    "private_ip_address": (str, ""),
    "tags": _TAGS,
}
_TOP: _Spec = {
    "schema_version": (int, ...),
    "region": (str, ...),
    "owner_id": (str, ...),
    "seed": (str, ...),
    "counter": (int, 0),
    "network_interface_quota": (int, DEFAULT_ENI_QUOTA),
    "security_groups_per_interface": (int, DEFAULT_GROUPS_PER_INTERFACE),
}
_TABLES = ("vpcs", "subnets", "security_groups", "instances", "network_interfaces", "addresses")


def _type_name(value: object) -> str:
    return {
        str: "a string",
        bool: "a boolean",
        int: "an integer",
        list: "an array",
        dict: "a table",
    }.get(type(value), type(value).__name__)


def _fields(where: str, table: Any, spec: _Spec) -> dict[str, Any]:
    if not isinstance(table, dict):
        raise StateError(f"{where}: expected a table, found {_type_name(table)}")
    unknown = [key for key in table if key not in spec]
    if unknown:
        raise StateError(f"{where}: unknown field '{unknown[0]}'")
    out: dict[str, Any] = {}
    for name, (kind, default) in spec.items():
        if name not in table:
            if default is ...:
                raise StateError(f"{where}: missing field '{name}'")
            out[name] = kind() if default is None else default
            continue
        value = table[name]
        # bool is a subclass of int: `device_index = true` must not pass as an integer.
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise StateError(
                f"{where}: field '{name}' must be {_type_name(kind())}, found {_type_name(value)}"
            )
        out[name] = value
    return out


def _strings(where: str, name: str, values: list[Any]) -> list[str]:
    for value in values:
        if not isinstance(value, str):
            raise StateError(f"{where}: '{name}' must hold strings, found {_type_name(value)}")
    return values


def _tags(where: str, tags: dict[str, Any]) -> dict[str, str]:
    for key, value in tags.items():
        if not isinstance(value, str):
            raise StateError(f"{where}: tag '{key}' must be a string, found {_type_name(value)}")
    return tags


def _record_name(table: str, index: int, raw: Any) -> str:
    label = f"{table}[{index}]"
    if isinstance(raw, dict):
        rid = raw.get("id", raw.get("allocation_id"))
        if isinstance(rid, str):
            label += f" ({rid})"
    return label


def decode(document: Document) -> tuple[Account, list[str]]:
    """Build the account; raise StateError for the first wrong type or unsupported schema, and
    return the duplicate IDs found as problems (the rest is `invariants.check`'s job)."""
    version = document.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        raise StateError(
            f"schema_version {version} is newer than this ec2eni understands ({SCHEMA_VERSION}); "
            "upgrade ec2eni"
        )
    top = _fields("top level", {k: v for k, v in document.items() if k not in _TABLES}, _TOP)
    if top["schema_version"] != SCHEMA_VERSION:
        raise StateError(f"schema_version {top['schema_version']} is not supported")
    account = Account(
        region=top["region"],
        owner_id=top["owner_id"],
        seed=top["seed"],
        counter=top["counter"],
        eni_quota=top["network_interface_quota"],
        groups_per_interface=top["security_groups_per_interface"],
    )
    problems: list[str] = []

    def table(
        name: str,
        spec: _Spec,
        build: Callable[[str, dict[str, Any]], Any],
        target: dict[str, Any],
        key: str = "id",
    ) -> None:
        rows = document.get(name, [])
        if not isinstance(rows, list):
            raise StateError(f"'{name}' must be an array of tables, found {_type_name(rows)}")
        for index, raw in enumerate(rows):
            where = _record_name(name, index, raw)
            fields = _fields(where, raw, spec)
            if "tags" in fields:
                _tags(where, fields["tags"])
            record = build(where, fields)
            if fields[key] in target:
                problems.append(f"{where}: duplicate ID {fields[key]}")
                continue
            target[fields[key]] = record

    def interface(where: str, f: dict[str, Any]) -> NetworkInterface:
        _strings(where, "secondary_private_ip_addresses", f["secondary_private_ip_addresses"])
        _strings(where, "group_ids", f["group_ids"])
        raw_attachment = f.pop("attachment")
        eni = NetworkInterface(**f)
        if raw_attachment:
            eni.attachment = Attachment(
                **_fields(f"{where} attachment", raw_attachment, _ATTACHMENT)
            )
        return eni

    table("vpcs", _VPC, lambda w, f: Vpc(**f), account.vpcs)
    table("subnets", _SUBNET, lambda w, f: Subnet(**f), account.subnets)
    table("security_groups", _GROUP, lambda w, f: SecurityGroup(**f), account.security_groups)
    table("instances", _INSTANCE, lambda w, f: Instance(**f), account.instances)
    table("network_interfaces", _INTERFACE, interface, account.network_interfaces)
    table("addresses", _ADDRESS, lambda w, f: Address(**f), account.addresses, "allocation_id")
    return account, problems


# --- writing ----------------------------------------------------------------------------------

_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f"\\\x7f]')
_ESCAPES = {
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
    '"': '\\"',
    "\\": "\\\\",
}
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _escape_char(match: re.Match[str]) -> str:
    ch = match.group()
    return _ESCAPES.get(ch) or f"\\u{ord(ch):04x}"


def _s(value: str) -> str:
    # isprintable() is false for every control character: a fast test for the common case.
    if value.isprintable() and '"' not in value and "\\" not in value:
        return f'"{value}"'
    return '"' + _NEEDS_ESCAPE.sub(_escape_char, value) + '"'


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _s(key)


def _b(value: bool) -> str:
    return "true" if value else "false"


def _list(values: list[str]) -> str:
    return "[" + ", ".join(map(_s, values)) + "]"


def _ids(values: list[str]) -> str:
    """A list of IDs or addresses, which the invariants keep free of anything needing escapes."""
    return '["' + '", "'.join(values) + '"]' if values else "[]"


def _tag_table(tags: dict[str, str]) -> str:
    return (
        "{ " + ", ".join(f"{_key(k)} = {_s(v)}" for k, v in tags.items()) + " }" if tags else "{}"
    )


HEADER = """\
# ec2eni account state: one simulated AWS account (see the README, "The account state").
# You may edit this file by hand; every command checks it on load and refuses a file that breaks a
# rule, naming the record. `ec2eni account check` lists every problem.
"""


def encode(account: Account) -> str:
    out = [
        HEADER,
        f"schema_version = {SCHEMA_VERSION}",
        f"region = {_s(account.region)}",
        f"owner_id = {_s(account.owner_id)}",
        f"seed = {_s(account.seed)}",
        f"counter = {account.counter}",
        f"network_interface_quota = {account.eni_quota}",
        f"security_groups_per_interface = {account.groups_per_interface}",
    ]
    add = out.append
    for v in account.vpcs.values():
        add(
            f"\n[[vpcs]]\nid = {_s(v.id)}\ncidr = {_s(v.cidr)}\nstate = {_s(v.state)}\n"
            f"tags = {_tag_table(v.tags)}"
        )
    for s in account.subnets.values():
        add(
            f"\n[[subnets]]\nid = {_s(s.id)}\nvpc_id = {_s(s.vpc_id)}\ncidr = {_s(s.cidr)}\n"
            f"availability_zone = {_s(s.availability_zone)}\nstate = {_s(s.state)}\n"
            f"tags = {_tag_table(s.tags)}"
        )
    for g in account.security_groups.values():
        add(
            f"\n[[security_groups]]\nid = {_s(g.id)}\nvpc_id = {_s(g.vpc_id)}\n"
            f"name = {_s(g.name)}\n"
            f"description = {_s(g.description)}\ntags = {_tag_table(g.tags)}"
        )
    for i in account.instances.values():
        add(
            f"\n[[instances]]\nid = {_s(i.id)}\ninstance_type = {_s(i.instance_type)}\n"
            f"state = {_s(i.state)}\nsubnet_id = {_s(i.subnet_id)}\ntags = {_tag_table(i.tags)}"
        )
    for e in account.network_interfaces.values():
        # IDs, addresses and MACs are checked by the invariants on load and made by the engine:
        # they are quoted directly rather than escaped.
        lines = (
            f'\n[[network_interfaces]]\nid = "{e.id}"\nsubnet_id = "{e.subnet_id}"\n'
            f"description = {_s(e.description)}\n"
            f'private_ip_address = "{e.private_ip_address}"\n'
            f"secondary_private_ip_addresses = {_ids(e.secondary_private_ip_addresses)}\n"
            f'mac_address = "{e.mac_address}"\ngroup_ids = {_ids(e.group_ids)}\n'
            f"source_dest_check = {_b(e.source_dest_check)}\ntags = {_tag_table(e.tags)}"
        )
        if e.requester_managed or e.requester_id:
            lines += (
                f"\nrequester_managed = {_b(e.requester_managed)}\n"
                f"requester_id = {_s(e.requester_id)}"
            )
        if e.interface_type != "interface":
            lines += f"\ninterface_type = {_s(e.interface_type)}"
        a = e.attachment
        if a is not None:
            lines += (
                f'\nattachment = {{ id = "{a.id}", instance_id = "{a.instance_id}", '
                f"device_index = {a.device_index}, "
                f"delete_on_termination = {_b(a.delete_on_termination)}, "
                f"attach_time = {_s(a.attach_time)}, status = {_s(a.status)} }}"
            )
        add(lines)
    for d in account.addresses.values():
        add(
            f"\n[[addresses]]\nallocation_id = {_s(d.allocation_id)}\n"
            f"public_ip = {_s(d.public_ip)}\n"
            f"association_id = {_s(d.association_id)}\n"
            f"network_interface_id = {_s(d.network_interface_id)}\n"
            f"private_ip_address = {_s(d.private_ip_address)}\ntags = {_tag_table(d.tags)}"
        )
    out.append("")
    return "\n".join(out)

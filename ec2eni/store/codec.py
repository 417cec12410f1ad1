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
    DEFAULT_ELASTIC_IP_QUOTA,
    DEFAULT_ENI_QUOTA,
    DEFAULT_GROUPS_PER_INTERFACE,
    DEFAULT_IMAGE_ID,
    MAX_GROUPS_PER_INTERFACE,
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
from ec2eni.engine.partial import PartialAccount, Unreadable
from ec2eni.engine.record import field_names

Document = dict[str, Any]

# Field specs: name -> (type, default). A default of ... means required. Every array of the schema
# holds strings; a table-valued field is `tags` (string values) or a record of its own (_NESTED).
_Spec = dict[str, tuple[type, Any]]
_TAGS = (dict, None)
_VPC: _Spec = {
    "id": (str, ...),
    "cidr": (str, ...),
    "state": (str, "available"),
    "is_default": (bool, False),
    "dhcp_options_id": (str, ""),
    "instance_tenancy": (str, "default"),
    "tags": _TAGS,
}
_SUBNET: _Spec = {
    "id": (str, ...),
    "vpc_id": (str, ...),
    "cidr": (str, ...),
    "availability_zone": (str, ...),
    "state": (str, "available"),
    "default_for_az": (bool, False),
    "map_public_ip_on_launch": (bool, False),
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
    "image_id": (str, DEFAULT_IMAGE_ID),
    "reservation_id": (str, ""),
    "launch_time": (str, ""),
    "launch_index": (int, 0),
    "key_name": (str, ""),
    "since": (str, ""),
    "blocked_device_indexes": (list, None),
    "tags": _TAGS,
}
_ATTACHMENT: _Spec = {
    "id": (str, ...),
    "instance_id": (str, ...),
    "device_index": (int, ...),
    "delete_on_termination": (bool, False),
    "attach_time": (str, ""),
    "status": (str, "attached"),
    "since": (str, ""),
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
_NESTED: dict[str, _Spec] = {"attachment": _ATTACHMENT}
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
    "elastic_ip_quota": (int, DEFAULT_ELASTIC_IP_QUOTA),
    "security_groups_per_interface": (int, DEFAULT_GROUPS_PER_INTERFACE),
    "timing": (str, "instant"),
}
# Arrays hold strings, except these.
_ITEM_TYPE: dict[str, type] = {"blocked_device_indexes": int}
# What stands in for a top-level setting the file gives no usable value: a value every rule that
# uses it accepts (the highest group limit, so no interface is blamed for the unknown one).
_TOP_PLACEHOLDERS: dict[str, Any] = {
    "region": "",
    "owner_id": "",
    "seed": "",
    "counter": 0,
    "network_interface_quota": DEFAULT_ENI_QUOTA,
    "elastic_ip_quota": DEFAULT_ELASTIC_IP_QUOTA,
    "security_groups_per_interface": MAX_GROUPS_PER_INTERFACE,
    "timing": "instant",
}
_TABLES = ("vpcs", "subnets", "security_groups", "instances", "network_interfaces", "addresses")
_MISSING: Any = object()


def _type_name(value: object) -> str:
    name = {
        str: "a string",
        bool: "a boolean",
        int: "an integer",
        float: "a float",
        list: "an array",
        dict: "a table",
    }.get(type(value))
    return name or f"a {type(value).__name__}"


def _fast(raw: Any, spec: _Spec) -> dict[str, Any] | None:
    """The fields of a record with nothing wrong at its own level, defaults filled in; None for
    anything else, which `_fields` then lists. Lean on purpose: it runs for every record of every
    load that misses the parse cache."""
    if type(raw) is not dict or not raw.keys() <= spec.keys():
        return None
    out: dict[str, Any] = {}
    for name, (kind, default) in spec.items():
        value = raw.get(name, _MISSING)
        # type(), not isinstance(): `device_index = true` must not pass as an integer (bool is a
        # subclass of int), and tomllib makes exact types only.
        if type(value) is kind:
            out[name] = value
        elif value is _MISSING and default is not ...:
            out[name] = kind() if default is None else default
        else:
            return None
        if kind is list and name in _ITEM_TYPE:
            item_type = _ITEM_TYPE[name]
            for item in out[name]:
                if type(item) is not item_type:
                    return None
    tags = out.get("tags")
    if tags:
        for text in tags.values():
            if type(text) is not str:
                return None
    return out


def _fields(where: str, raw: Any, spec: _Spec, problems: list[str]) -> dict[str, Any]:
    """Add every problem of one record to `problems`; return the fields that have a usable value
    (defaults filled in, unknown fields and non-string tag values dropped). A record is readable
    when all of its fields are there."""
    if type(raw) is not dict:
        problems.append(f"{where}: expected a table, found {_type_name(raw)}")
        return {}
    # Unknown fields first: one is often a misspelt field that the next lines report missing.
    problems.extend(f"{where}: unknown field '{key}'" for key in raw if key not in spec)
    out: dict[str, Any] = {}
    for name, (kind, default) in spec.items():
        value: Any = raw.get(name, _MISSING)
        # A bool, not `type(value) is kind` in the test: mypy would narrow `value` to `object`.
        well_typed = type(value) is kind
        if value is _MISSING:
            if default is ...:
                problems.append(f"{where}: missing field '{name}'")
            else:
                out[name] = kind() if default is None else default
        elif not well_typed:
            problems.append(
                f"{where}: field '{name}' must be {_type_name(kind())}, found {_type_name(value)}"
            )
        elif kind is list:
            item_type = _ITEM_TYPE.get(name, str)
            wrong = [item for item in value if type(item) is not item_type]
            if wrong:
                problems.append(
                    f"{where}: '{name}' must hold "
                    f"{'integers' if item_type is int else 'strings'}, found {_type_name(wrong[0])}"
                )
            else:
                out[name] = value
        elif name in _NESTED:
            nested = _fields(f"{where} {name}", value, _NESTED[name], problems) if value else {}
            if not value or len(nested) == len(_NESTED[name]):
                out[name] = nested
        elif name == "tags":
            for key, text in value.items():
                if type(text) is not str:
                    problems.append(
                        f"{where}: tag '{key}' must be a string, found {_type_name(text)}"
                    )
            out[name] = {key: text for key, text in value.items() if type(text) is str}
        else:
            out[name] = value
    return out


def _interface(fields: dict[str, Any]) -> NetworkInterface:
    """The interface of checked fields (its attachment's too, or an empty table for none)."""
    attachment = fields.pop("attachment")
    eni = NetworkInterface(**fields)
    if attachment:
        eni.attachment = Attachment(**attachment)
    return eni


def _interface_fast(fields: dict[str, Any]) -> NetworkInterface | None:
    """`_interface`, once the parts `_fast` does not look into are checked; None if one is off."""
    for text in fields["secondary_private_ip_addresses"]:
        if type(text) is not str:
            return None
    for text in fields["group_ids"]:
        if type(text) is not str:
            return None
    if fields["attachment"]:
        attachment = _fast(fields["attachment"], _ATTACHMENT)
        if attachment is None:
            return None
        fields["attachment"] = attachment
    return _interface(fields)


def _record_name(table: str, index: int, raw: Any) -> str:
    label = f"{table}[{index}]"
    if isinstance(raw, dict):
        rid = raw.get("id", raw.get("allocation_id"))
        if isinstance(rid, str):
            label += f" ({rid})"
    return label


def _schema_problem(version: object) -> str | None:
    if type(version) is int and version == SCHEMA_VERSION:
        return None
    if version is _MISSING:
        what = "top level: missing field 'schema_version'"
    elif type(version) is not int:
        what = f"top level: field 'schema_version' must be an integer, found {_type_name(version)}"
    elif version > SCHEMA_VERSION:
        what = (
            f"schema_version {version} is newer than this ec2eni understands "
            f"({SCHEMA_VERSION}); upgrade ec2eni"
        )
    else:
        what = (
            f"schema_version {version} is not supported: this ec2eni reads versions 1 to "
            f"{SCHEMA_VERSION}"
        )
    return f"{what} (nothing else was checked: the schema version says how to read the file)"


def decode(document: Document) -> tuple[Account, list[str]]:
    """Build the account, and list every problem that a record has on its own: a missing field,
    a value of the wrong type, an unknown field, a duplicate ID. The rules between fields and
    records are `invariants.check`'s.

    Going on after a bad record: a record with a field that has no usable value (missing, of the
    wrong type, an array holding a non-string) is left out of the account, and named in the
    returned account's `unreadable` (a `PartialAccount`). The invariants treat a reference to it
    as satisfied and skip the rules that need its contents. So each mistake is one line: no
    "malformed" line for the value it lacks, no "does not exist" line for each record that refers
    to it, no "has no primary interface" for the instance it is attached to. Keeping the record
    with stand-in values instead would let those values reach rules between records (zones, VPCs,
    device indexes, duplicates) and make up problems. What the rules have to say about the record
    itself shows once its mistakes are fixed. A record whose only problems are unknown fields or
    non-string tag values is kept and checked in full, as the rules read neither. A top-level
    setting without a usable value is replaced by a value the rules accept, and not checked. The
    second record with an ID is left out the same way, as before.

    A `schema_version` that is missing, not an integer or not this version raises StateError at
    once: it decides how the rest is read. A table that is not an array of tables is reported
    and treated like a table of unreadable records.
    """
    problem = _schema_problem(document.get("schema_version", _MISSING))
    if problem is not None:
        raise StateError(problem)
    problems: list[str] = []
    unreadable = Unreadable()
    settings = {k: v for k, v in document.items() if k not in _TABLES}
    top = _fast(settings, _TOP)
    if top is None:
        top = _fields("top level", settings, _TOP, problems)
        for name, placeholder in _TOP_PLACEHOLDERS.items():
            if name not in top:
                top[name] = placeholder
                unreadable.top.add(name)
    account = Account(
        region=top["region"],
        owner_id=top["owner_id"],
        seed=top["seed"],
        counter=top["counter"],
        eni_quota=top["network_interface_quota"],
        elastic_ip_quota=top["elastic_ip_quota"],
        groups_per_interface=top["security_groups_per_interface"],
        timing=top["timing"],
    )

    def table(
        name: str,
        spec: _Spec,
        build: Callable[[dict[str, Any]], Any],
        target: dict[str, Any],
        key: str = "id",
        build_fast: Callable[[dict[str, Any]], Any] | None = None,
    ) -> None:
        rows = document.get(name, [])
        if type(rows) is not list:
            problems.append(
                f"'{name}' must be an array of tables ([[{name}]]), found {_type_name(rows)} "
                f"(what refers to {name} was not checked against it)"
            )
            unreadable.leave_out_table(name)
            return
        fast = build_fast or build
        left_out = False
        for index, raw in enumerate(rows):
            fields = _fast(raw, spec)
            record = None if fields is None else fast(fields)
            if fields is None or record is None:
                fields = _fields(_record_name(name, index, raw), raw, spec, problems)
                if len(fields) < len(spec):
                    record_id = fields.get(key)
                    if record_id in target or (name, record_id) in unreadable.records:
                        problems.append(
                            f"{_record_name(name, index, raw)}: duplicate ID {record_id}"
                        )
                    unreadable.leave_out(name, raw, key)
                    left_out = True
                    continue
                record = build(fields)
            record_id = fields[key]
            if record_id in target or left_out and (name, record_id) in unreadable.records:
                problems.append(f"{_record_name(name, index, raw)}: duplicate ID {record_id}")
                # Left out like an unreadable record, so what it is linked to is not blamed.
                unreadable.leave_out(name, raw, key)
                left_out = True
                continue
            target[record_id] = record

    table("vpcs", _VPC, lambda f: Vpc(**f), account.vpcs)
    table("subnets", _SUBNET, lambda f: Subnet(**f), account.subnets)
    table("security_groups", _GROUP, lambda f: SecurityGroup(**f), account.security_groups)
    table("instances", _INSTANCE, lambda f: Instance(**f), account.instances)
    table(
        "network_interfaces",
        _INTERFACE,
        _interface,
        account.network_interfaces,
        build_fast=_interface_fast,
    )
    table("addresses", _ADDRESS, lambda f: Address(**f), account.addresses, "allocation_id")
    if not unreadable:
        return account, problems
    partial = PartialAccount(
        **{name: getattr(account, name) for name in field_names(Account)}, unreadable=unreadable
    )
    return partial, problems


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
        f"elastic_ip_quota = {account.elastic_ip_quota}",
        f"security_groups_per_interface = {account.groups_per_interface}",
        f"timing = {_s(account.timing)}",
    ]
    add = out.append
    for v in account.vpcs.values():
        add(
            f"\n[[vpcs]]\nid = {_s(v.id)}\ncidr = {_s(v.cidr)}\nstate = {_s(v.state)}\n"
            f"is_default = {_b(v.is_default)}\ndhcp_options_id = {_s(v.dhcp_options_id)}\n"
            f"instance_tenancy = {_s(v.instance_tenancy)}\ntags = {_tag_table(v.tags)}"
        )
    for s in account.subnets.values():
        add(
            f"\n[[subnets]]\nid = {_s(s.id)}\nvpc_id = {_s(s.vpc_id)}\ncidr = {_s(s.cidr)}\n"
            f"availability_zone = {_s(s.availability_zone)}\nstate = {_s(s.state)}\n"
            f"default_for_az = {_b(s.default_for_az)}\n"
            f"map_public_ip_on_launch = {_b(s.map_public_ip_on_launch)}\n"
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
            f"state = {_s(i.state)}\nsubnet_id = {_s(i.subnet_id)}\n"
            f"image_id = {_s(i.image_id)}\nreservation_id = {_s(i.reservation_id)}\n"
            f"launch_time = {_s(i.launch_time)}\nlaunch_index = {i.launch_index}\n"
            f"key_name = {_s(i.key_name)}\ntags = {_tag_table(i.tags)}"
            # Only while they mean something: a transition under way, indexes a forced detach froze.
            + (f"\nsince = {_s(i.since)}" if i.since else "")
            + (
                "\nblocked_device_indexes = [" + ", ".join(map(str, i.blocked_device_indexes)) + "]"
                if i.blocked_device_indexes
                else ""
            )
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
                f"attach_time = {_s(a.attach_time)}, status = {_s(a.status)}"
                + (f", since = {_s(a.since)} }}" if a.since else " }")
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

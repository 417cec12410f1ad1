"""`-o table`: the API response as rich tables, one per record kind (the interfaces, their
attachments, their addresses, ...), each with the scalar fields of its records as columns.

Only this module imports rich, so text and json output never pay for it. Colour only on a
terminal, never with `NO_COLOR` set or `TERM=dumb` (rich's own rules, made explicit here)."""

from __future__ import annotations

import io
import os
import sys
from typing import Any

from rich.console import Console
from rich.table import Table

# Nested records that make their own table, named for the list (or object) holding them.
_KINDS = {
    "Attachment": "Attachments",
    "Association": "Associations",
    "PrivateIpAddresses": "PrivateIpAddresses",
    "Groups": "Groups",
    "SecurityGroups": "SecurityGroups",
    "TagSet": "Tags",
    "Tags": "Tags",
    "Instances": "Instances",
    "NetworkInterfaces": "NetworkInterfaces",
}
# The key that names a record's owner in the tables of its nested records.
_OWNERS = (
    "NetworkInterfaceId",
    "InstanceId",
    "ReservationId",
    "SubnetId",
    "VpcId",
    "GroupId",
    "AllocationId",
    "InstanceType",
)


def _cell(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, dict):
        return ", ".join(f"{k}={_cell(v)}" for k, v in value.items())
    return str(value)


def _is_record(value: Any) -> bool:
    return isinstance(value, dict) and any(isinstance(v, dict | list) for v in value.values())


class _Tables:
    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, str]]] = {}

    def add(self, kind: str, record: dict[str, Any], owner: tuple[str, str] | None) -> None:
        # Claimed before the nested records: a record's table comes before its parts' tables.
        rows = self.rows.setdefault(kind, [])
        row: dict[str, str] = {}
        if owner is not None and owner[0] not in record:
            row[owner[0]] = owner[1]
        mine = next(((k, str(record[k])) for k in _OWNERS if k in record), owner)
        for key, value in record.items():
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, dict):
                        self.add(_KINDS.get(key, key), item, mine)
            elif isinstance(value, dict) and (key in _KINDS or _is_record(value)):
                self.add(_KINDS.get(key, key), value, mine)
            else:
                row[key] = _cell(value)
        rows.append(row)


def _collect(response: dict[str, Any]) -> dict[str, list[dict[str, str]]]:
    tables = _Tables()
    scalars: dict[str, Any] = {}
    for key, value in response.items():
        if isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    tables.add(key, item, None)
                else:
                    tables.rows.setdefault(key, []).append({key: _cell(item)})
        elif isinstance(value, dict):
            tables.add(key, value, None)
        else:
            scalars[key] = value
    if scalars:
        tables.add("Result", scalars, None)
    return tables.rows


def _colour() -> bool:
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return sys.stdout.isatty()


def render(response: dict[str, Any] | None) -> str:
    """The tables as one string (empty for an action that answers nothing)."""
    if response is None:
        return ""
    colour = _colour()
    console = Console(
        force_terminal=colour,
        no_color=not colour,
        color_system="auto" if colour else None,
        width=max(80, Console().width) if colour else 200,
        record=False,
        file=io.StringIO(),
    )
    for kind, rows in _collect(response).items():
        columns: list[str] = []
        for row in rows:
            columns += [key for key in row if key not in columns]
        table = Table(title=kind, title_justify="left")
        for column in columns:
            table.add_column(column)
        for row in rows:
            table.add_row(*(row.get(column, "") for column in columns))
        console.print(table)
    sink = console.file
    assert isinstance(sink, io.StringIO)
    # Rich pads titles to the table's width: no trailing blanks in a file or a pipe.
    return "\n".join(line.rstrip() for line in sink.getvalue().split("\n"))

"""What a damaged state file's decode could not read, so the rules neither repeat a problem the
decoder reported nor blame other records for it (see `ec2eni.store.codec.decode`)."""

from __future__ import annotations

from typing import Any

from ec2eni.engine.model import Account
from ec2eni.engine.record import field

# In `Unreadable.attached_to` and `.default_group_vpcs`: which one cannot be told.
ANY = "*"


class Unreadable:
    """What `decode` left out of an account because the file gives it no usable value.

    `invariants.check` reads it so as to report neither a problem `decode` already reported nor a
    consequence of one: a reference to a left-out record counts as satisfied, and a rule that
    needs a left-out record's contents waits until the record is fixed.
    """

    __slots__ = ("records", "tables", "top", "attached_to", "default_group_vpcs")

    def __init__(self) -> None:
        # (table, ID) of each record left out.
        self.records: set[tuple[str, str]] = set()
        # Tables where any ID may be a left-out record's: the table is not an array of tables, or
        # one of its records has no readable ID.
        self.tables: set[str] = set()
        # Top-level settings replaced by a placeholder.
        self.top: set[str] = set()
        # Instances a left-out interface is attached to.
        self.attached_to: set[str] = set()
        # VPCs whose security group named 'default' may be a left-out one.
        self.default_group_vpcs: set[str] = set()

    def __bool__(self) -> bool:
        return bool(self.records or self.tables or self.top)

    def may_exist(self, table: str, record_id: str) -> bool:
        return table in self.tables or (table, record_id) in self.records

    def may_hold_primary(self, instance_id: str) -> bool:
        return instance_id in self.attached_to or ANY in self.attached_to

    def may_hold_default_group(self, vpc_id: str) -> bool:
        return vpc_id in self.default_group_vpcs or ANY in self.default_group_vpcs

    def leave_out_table(self, table: str) -> None:
        self.tables.add(table)
        if table == "network_interfaces":
            self.attached_to.add(ANY)
        elif table == "security_groups":
            self.default_group_vpcs.add(ANY)

    def leave_out(self, table: str, raw: Any, key: str) -> None:
        """Note a record of `table` that could not be read; `raw` is what the file holds."""
        if type(raw) is not dict:
            self.leave_out_table(table)
            return
        record_id = raw.get(key)
        if type(record_id) is str:
            self.records.add((table, record_id))
        else:
            self.tables.add(table)
        # Whatever the record's own mistake, the file's strings still say what it is linked to.
        if table == "network_interfaces" and raw.get("attachment", {}) != {}:
            attachment = raw["attachment"]
            instance_id = attachment.get("instance_id") if type(attachment) is dict else None
            self.attached_to.add(instance_id if type(instance_id) is str else ANY)
        elif table == "security_groups":
            name, vpc_id = raw.get("name"), raw.get("vpc_id")
            if type(name) is not str or name == "default":
                self.default_group_vpcs.add(vpc_id if type(vpc_id) is str else ANY)


class PartialAccount(Account):
    """An account decoded from a file with unreadable parts, which `unreadable` lists: only for
    listing the file's problems, never for use. The account itself carries them because it is all
    that a load hands from decode to the rules."""

    unreadable: Unreadable = field(default_factory=Unreadable)

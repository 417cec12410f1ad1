"""The schema-specific TOML writer (store/codec.py `encode`) against tomli-w, the general writer,
as the reference: for random accounts, with every character class in descriptions, names and
tags (controls, quotes, backslashes, non-ASCII, astral characters, keys needing quotes), both
writers' output parses to the same document. tomli-w is slower per record, which is why the
project writes its own; this test is why it keeps tomli-w."""

from __future__ import annotations

import copy
import tomllib
from typing import Any

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ec2eni.engine.default_account import build_default_account
from ec2eni.engine.model import SCHEMA_VERSION, Account
from ec2eni.engine.record import field_names
from ec2eni.store import codec

# Every character class: C0/C1 controls and DEL, quotes, backslash, non-ASCII, astral, spaces.
TEXT = st.text(
    st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        st.sampled_from(['"', "\\", "\t", "\n", "\r", "\x00", "\x7f", "\x85", "'", "=", "#"]),
    ),
    max_size=30,
)
KEYS = TEXT.filter(bool)

TOP = {
    "region": "region",
    "owner_id": "owner_id",
    "seed": "seed",
    "counter": "counter",
    "eni_quota": "network_interface_quota",
    "elastic_ip_quota": "elastic_ip_quota",
    "groups_per_interface": "security_groups_per_interface",
    "timing": "timing",
}
TABLES = ("vpcs", "subnets", "security_groups", "instances", "network_interfaces", "addresses")
# What the project's writer leaves out when it holds its default (a smaller file to edit).
OMITTED_WHEN_DEFAULT = {
    "network_interfaces": {
        "requester_managed": False,
        "requester_id": "",
        "interface_type": "interface",
    },
    "instances": {"since": "", "blocked_device_indexes": []},
    "attachment": {"since": ""},
}


def _record(record: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in field_names(record):
        value = getattr(record, name)
        if name == "attachment":
            if value is not None:
                out["attachment"] = _record(value)
            continue
        out[name] = copy.deepcopy(value)
    return out


def reference(account: Account) -> dict[str, Any]:
    """The account as a document, written by tomli-w from the model's own fields."""
    document: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    document.update({name: getattr(account, attr) for attr, name in TOP.items()})
    for table in TABLES:
        document[table] = [_record(r) for r in getattr(account, table).values()]
    return tomllib.loads(tomli_w.dumps(document))


def ours(account: Account) -> dict[str, Any]:
    document = tomllib.loads(codec.encode(account))
    for table in TABLES:
        document.setdefault(table, [])  # an empty table is simply not written
    for table, defaults in OMITTED_WHEN_DEFAULT.items():
        rows = document.get(table, [])
        if table == "attachment":
            rows = [r["attachment"] for r in document["network_interfaces"] if "attachment" in r]
        for row in rows:
            for key, default in defaults.items():
                row.setdefault(key, copy.deepcopy(default))
    return document


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_both_writers_give_the_same_document(data: st.DataObject) -> None:
    account = build_default_account()
    records = [
        r for table in TABLES for r in getattr(account, table).values() if table != "addresses"
    ]
    for record in records:
        record.tags = data.draw(st.dictionaries(KEYS, TEXT, max_size=4))
        if hasattr(record, "description"):
            record.description = data.draw(TEXT)
        if hasattr(record, "name") and record.name != "default":
            record.name = data.draw(KEYS)
    assert ours(account) == reference(account)


def test_the_default_account_is_the_same_document() -> None:
    account = build_default_account()
    assert ours(account) == reference(account)

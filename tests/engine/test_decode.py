"""`codec.decode` lists every problem of a document in one call (issue 8).

- Every missing field, wrong type and unknown field of every record is listed, one line each,
  naming the record (`network_interfaces[2] (eni-...)`) and the field; the top level the same.
- A record with a field that has no usable value is left out of the account, and the account
  says so (`PartialAccount.unreadable`): `invariants.check` then reports neither a malformed value
  for the missing one nor anything that only follows from the record being unreadable (references
  to it, its instance's primary interface, its VPC's default group).
- A record whose only problems are unknown fields or non-string tags is kept and checked in full.
- Problems of sound records are still reported beside the decode problems.
- Only a missing, mistyped or unsupported `schema_version` stops at once, saying so.
"""

from __future__ import annotations

import copy
import tomllib
from typing import Any

import pytest

from ec2eni.engine import invariants
from ec2eni.engine.default_account import build_default_account
from ec2eni.engine.errors import StateError
from ec2eni.engine.model import Account
from ec2eni.engine.partial import PartialAccount
from ec2eni.store import codec
from tests.conftest import names_of

ID = names_of(build_default_account())
DOCUMENT = tomllib.loads(codec.encode(build_default_account()))
UNKNOWN_SUBNET = "subnet-0123456789abcdef0"


@pytest.fixture
def doc() -> dict[str, Any]:
    """The default account as `tomllib` reads it from the file, for the test to damage."""
    return copy.deepcopy(DOCUMENT)


def at(doc: dict[str, Any], table: str, record_id: str) -> tuple[int, dict[str, Any]]:
    """The index and the record of `table` with this ID."""
    for index, record in enumerate(doc[table]):
        if record.get("id", record.get("allocation_id")) == record_id:
            return index, record
    raise AssertionError(f"{record_id} is not in {table}")


def where(doc: dict[str, Any], table: str, record_id: str) -> str:
    return f"{table}[{at(doc, table, record_id)[0]}] ({record_id})"


def everything(doc: dict[str, Any]) -> tuple[Account, list[str]]:
    """What a load reports: decode's problems, then the invariants' (as `Store._parse` does)."""
    account, problems = codec.decode(doc)
    return account, problems + invariants.check(account)


# --- a sound document ------------------------------------------------------------------------


def test_sound_document_decodes_to_the_account_it_was_written_from(doc: dict[str, Any]) -> None:
    account, problems = everything(doc)
    assert problems == []
    assert type(account) is Account
    assert account == build_default_account()


# --- every problem in one call ---------------------------------------------------------------


def test_three_wrong_types_in_three_records_are_three_lines(doc: dict[str, Any]) -> None:
    web, app, old = ID["web-1-eth0"], ID["app-1-eth0"], ID["old-1"]
    at(doc, "network_interfaces", web)[1]["attachment"]["device_index"] = "1"
    at(doc, "network_interfaces", app)[1]["source_dest_check"] = "yes"
    at(doc, "instances", old)[1]["tags"]["cost"] = 12
    doc["counter"] = "x"

    account, problems = everything(doc)

    assert problems == [
        "top level: field 'counter' must be an integer, found a string",
        f"{where(doc, 'instances', old)}: tag 'cost' must be a string, found an integer",
        f"{where(doc, 'network_interfaces', web)} attachment: field 'device_index' must be an "
        "integer, found a string",
        f"{where(doc, 'network_interfaces', app)}: field 'source_dest_check' must be a boolean, "
        "found a string",
    ]
    assert isinstance(account, PartialAccount)
    # The two interfaces are left out; the instance, whose tags alone are wrong, is kept.
    assert web not in account.network_interfaces
    assert app not in account.network_interfaces
    assert old in account.instances


@pytest.mark.parametrize(
    "field",
    ["mac_address", "private_ip_address", "subnet_id", "id"],
)
def test_a_missing_field_is_reported_as_missing_and_nothing_else(
    field: str, doc: dict[str, Any]
) -> None:
    standby = ID["standby-1-eth0"]
    index, record = at(doc, "network_interfaces", standby)
    del record[field]
    named = f"network_interfaces[{index}]" + ("" if field == "id" else f" ({standby})")

    # No "mac_address '' is not like ...", no "private IP '' ...", no "subnet_id  does not
    # exist", no "standby-1 has no primary interface".
    assert everything(doc)[1] == [f"{named}: missing field '{field}'"]


def test_missing_fields_of_several_records_are_all_listed(doc: dict[str, Any]) -> None:
    web, db, tiny = ID["web-1-eth0"], ID["db-1-eth0"], ID["tiny"]
    del at(doc, "network_interfaces", web)[1]["mac_address"]
    del at(doc, "network_interfaces", db)[1]["attachment"]["instance_id"]
    del at(doc, "subnets", tiny)[1]["availability_zone"]
    del doc["region"]

    assert everything(doc)[1] == [
        "top level: missing field 'region'",
        f"{where(doc, 'subnets', tiny)}: missing field 'availability_zone'",
        f"{where(doc, 'network_interfaces', web)}: missing field 'mac_address'",
        f"{where(doc, 'network_interfaces', db)} attachment: missing field 'instance_id'",
    ]


def test_every_unknown_field_is_listed_and_the_record_is_kept(doc: dict[str, Any]) -> None:
    web, tiny = ID["web-1-eth0"], ID["tiny"]
    record = at(doc, "network_interfaces", web)[1]
    record["colour"] = "red"
    record["source_dest_chek"] = False
    record["attachment"]["speed"] = 10
    at(doc, "subnets", tiny)[1]["zone"] = "a"
    doc["owner"] = "me"

    account, problems = everything(doc)

    assert problems == [
        "top level: unknown field 'owner'",
        f"{where(doc, 'subnets', tiny)}: unknown field 'zone'",
        f"{where(doc, 'network_interfaces', web)}: unknown field 'colour'",
        f"{where(doc, 'network_interfaces', web)}: unknown field 'source_dest_chek'",
        f"{where(doc, 'network_interfaces', web)} attachment: unknown field 'speed'",
    ]
    # Every field the rules read is there: the records stay in and are checked in full.
    assert type(account) is Account
    assert account.network_interfaces[web] == build_default_account().network_interfaces[web]
    assert tiny in account.subnets


def test_a_misspelt_field_is_reported_unknown_then_missing(doc: dict[str, Any]) -> None:
    web = ID["web-1-eth0"]
    record = at(doc, "network_interfaces", web)[1]
    record["mac_adress"] = record.pop("mac_address")
    assert everything(doc)[1] == [
        f"{where(doc, 'network_interfaces', web)}: unknown field 'mac_adress'",
        f"{where(doc, 'network_interfaces', web)}: missing field 'mac_address'",
    ]


@pytest.mark.parametrize(
    ("value", "found"),
    [(True, "a boolean"), (1.0, "a float"), ([0], "an array"), ({"a": 0}, "a table")],
    ids=["bool", "float", "array", "table"],
)
def test_only_an_integer_is_an_integer(value: object, found: str, doc: dict[str, Any]) -> None:
    web = ID["web-1-eth0"]
    at(doc, "network_interfaces", web)[1]["attachment"]["device_index"] = value
    assert everything(doc)[1] == [
        f"{where(doc, 'network_interfaces', web)} attachment: field 'device_index' must be an "
        f"integer, found {found}"
    ]


def test_arrays_must_hold_strings(doc: dict[str, Any]) -> None:
    web, app = ID["web-1-eth0"], ID["app-1-eth0"]
    at(doc, "network_interfaces", web)[1]["group_ids"].append(5)
    at(doc, "network_interfaces", app)[1]["secondary_private_ip_addresses"] = [True]
    assert everything(doc)[1] == [
        f"{where(doc, 'network_interfaces', web)}: 'group_ids' must hold strings, found an integer",
        f"{where(doc, 'network_interfaces', app)}: 'secondary_private_ip_addresses' must hold "
        "strings, found a boolean",
    ]


def test_an_attachment_and_its_interface_are_both_checked(doc: dict[str, Any]) -> None:
    web = ID["web-1-eth0"]
    record = at(doc, "network_interfaces", web)[1]
    record["mac_address"] = 6
    record["attachment"]["status"] = 1
    assert everything(doc)[1] == [
        f"{where(doc, 'network_interfaces', web)}: field 'mac_address' must be a string, found "
        "an integer",
        f"{where(doc, 'network_interfaces', web)} attachment: field 'status' must be a string, "
        "found an integer",
    ]


def test_a_record_that_is_not_a_table(doc: dict[str, Any]) -> None:
    doc["addresses"] = ["eipalloc-0123456789abcdef0"]
    assert everything(doc)[1] == ["addresses[0]: expected a table, found a string"]


# --- no cascade from an unreadable record ----------------------------------------------------


def test_nothing_is_blamed_on_an_unreadable_subnet(doc: dict[str, Any]) -> None:
    # The public subnet holds web-1, standby-1 and their interfaces.
    public = ID["public"]
    at(doc, "subnets", public)[1]["cidr"] = 24
    account, problems = everything(doc)
    assert problems == [
        f"{where(doc, 'subnets', public)}: field 'cidr' must be a string, found an integer"
    ]
    assert isinstance(account, PartialAccount)
    assert ("subnets", public) in account.unreadable.records


def test_nothing_is_blamed_on_an_unreadable_vpc_or_instance(doc: dict[str, Any]) -> None:
    workshop, web = ID["workshop"], ID["web-1"]
    at(doc, "vpcs", workshop)[1]["cidr"] = ["10.0.0.0/16"]
    at(doc, "instances", web)[1]["state"] = 16
    assert everything(doc)[1] == [
        f"{where(doc, 'vpcs', workshop)}: field 'cidr' must be a string, found an array",
        f"{where(doc, 'instances', web)}: field 'state' must be a string, found an integer",
    ]


def test_an_unreadable_default_group_is_not_reported_missing(doc: dict[str, Any]) -> None:
    group = ID["workshop/default"]
    at(doc, "security_groups", group)[1]["name"] = 0
    assert everything(doc)[1] == [
        f"{where(doc, 'security_groups', group)}: field 'name' must be a string, found an integer"
    ]


def test_an_address_on_an_unreadable_interface_is_not_blamed(doc: dict[str, Any]) -> None:
    web = ID["web-1-eth0"]
    record = at(doc, "network_interfaces", web)[1]
    doc["addresses"] = [
        {
            "allocation_id": "eipalloc-0123456789abcdef0",
            "public_ip": "3.3.3.3",
            "association_id": "eipassoc-0123456789abcdef0",
            "network_interface_id": web,
            "private_ip_address": record["private_ip_address"],
            "tags": {},
        }
    ]
    assert everything(doc)[1] == []
    record["source_dest_check"] = "no"
    assert everything(doc)[1] == [
        f"{where(doc, 'network_interfaces', web)}: field 'source_dest_check' must be a boolean, "
        "found a string"
    ]


def test_a_record_without_a_readable_id_covers_references_to_its_table(
    doc: dict[str, Any],
) -> None:
    public = ID["public"]
    index, record = at(doc, "subnets", public)
    record["id"] = 3
    assert everything(doc)[1] == [
        f"subnets[{index}]: field 'id' must be a string, found an integer"
    ]


@pytest.mark.parametrize("table", ["vpcs", "subnets", "security_groups", "network_interfaces"])
def test_a_table_that_is_not_an_array_of_tables_is_one_line(
    table: str, doc: dict[str, Any]
) -> None:
    doc[table] = doc[table][0]
    assert everything(doc)[1] == [
        f"'{table}' must be an array of tables ([[{table}]]), found a table (what refers to "
        f"{table} was not checked against it)"
    ]


def test_a_duplicate_is_left_out_without_blaming_its_instance(doc: dict[str, Any]) -> None:
    web, standby = ID["web-1-eth0"], ID["standby-1-eth0"]
    index, record = at(doc, "network_interfaces", standby)
    record["id"] = web
    # Not also "standby-1: has no primary interface": the file does attach one.
    assert everything(doc)[1] == [f"network_interfaces[{index}] ({web}): duplicate ID {web}"]


def test_a_duplicate_of_an_unreadable_record_is_reported(doc: dict[str, Any]) -> None:
    web, standby = ID["web-1-eth0"], ID["standby-1-eth0"]
    at(doc, "network_interfaces", web)[1]["mac_address"] = 1
    index, record = at(doc, "network_interfaces", standby)
    record["id"] = web
    assert everything(doc)[1] == [
        f"network_interfaces[0] ({web}): field 'mac_address' must be a string, found an integer",
        f"network_interfaces[{index}] ({web}): duplicate ID {web}",
    ]


def test_an_unreadable_top_level_setting_is_not_checked_further(doc: dict[str, Any]) -> None:
    # A region the rules cannot read would otherwise fail its own check and every subnet's zone.
    doc["region"] = 1
    doc["security_groups_per_interface"] = "5"
    del doc["owner_id"]
    assert everything(doc)[1] == [
        "top level: field 'region' must be a string, found an integer",
        "top level: missing field 'owner_id'",
        "top level: field 'security_groups_per_interface' must be an integer, found a string",
    ]


# --- the rules still apply to what could be read ---------------------------------------------


def test_invariant_problems_of_other_records_are_listed_too(doc: dict[str, Any]) -> None:
    web, app, old = ID["web-1-eth0"], ID["app-1-eth0"], ID["old-1"]
    at(doc, "network_interfaces", web)[1]["attachment"]["device_index"] = "0"
    at(doc, "network_interfaces", app)[1]["subnet_id"] = UNKNOWN_SUBNET
    at(doc, "instances", old)[1]["instance_type"] = "t9.huge"
    assert everything(doc)[1] == [
        f"{where(doc, 'network_interfaces', web)} attachment: field 'device_index' must be an "
        "integer, found a string",
        f"instance {old}: unknown instance type 't9.huge'",
        f"network interface {app}: subnet_id {UNKNOWN_SUBNET} does not exist",
    ]


def test_a_record_kept_despite_an_unknown_field_is_still_checked(doc: dict[str, Any]) -> None:
    web = ID["web-1-eth0"]
    record = at(doc, "network_interfaces", web)[1]
    record["colour"] = "red"
    record["mac_address"] = "not a mac"
    assert everything(doc)[1] == [
        f"{where(doc, 'network_interfaces', web)}: unknown field 'colour'",
        f"network interface {web}: mac_address 'not a mac' is not like 02:ab:cd:ef:01:23",
    ]


# --- what stops at once ----------------------------------------------------------------------

STOPPED = " (nothing else was checked: the schema version says how to read the file)"


@pytest.mark.parametrize(
    ("version", "message"),
    [
        (None, "top level: missing field 'schema_version'"),
        ("1", "top level: field 'schema_version' must be an integer, found a string"),
        (True, "top level: field 'schema_version' must be an integer, found a boolean"),
        (0, "schema_version 0 is not supported: this ec2eni reads versions 1 to 2"),
        (3, "schema_version 3 is newer than this ec2eni understands (2); upgrade ec2eni"),
    ],
    ids=["missing", "string", "boolean", "older", "newer"],
)
def test_a_schema_version_other_than_this_one_stops_at_once(
    version: object, message: str, doc: dict[str, Any]
) -> None:
    if version is None:
        del doc["schema_version"]
    else:
        doc["schema_version"] = version
    doc["counter"] = "x"  # not reported: nothing past the version is read
    with pytest.raises(StateError) as caught:
        codec.decode(doc)
    assert str(caught.value) == message + STOPPED


def test_an_empty_document_is_one_line() -> None:
    with pytest.raises(StateError) as caught:
        codec.decode({})
    assert str(caught.value) == "top level: missing field 'schema_version'" + STOPPED


def test_every_top_level_setting_has_a_placeholder(doc: dict[str, Any]) -> None:
    # A wrong type in any setting is one problem, never a KeyError: each setting the decoder
    # reads has a stand-in for when the file gives it no usable value.
    for name in ("timing", "elastic_ip_quota", "network_interface_quota", "counter"):
        broken = copy.deepcopy(doc)
        broken[name] = [] if name == "timing" else "x"
        _, problems = codec.decode(broken)
        assert len(problems) == 1 and f"'{name}'" in problems[0], problems

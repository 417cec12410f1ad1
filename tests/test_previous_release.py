"""A schema-1 state file, written by release 0.1.0 (commit a8df1f6), keeps working:
`tests/data/account-release-0.1.0.toml` was made by that release's own commands (the default
account, an interface created, attached and modified, and one with a TAB and quotes in its
description).

Reading never rewrites it; `account check` says it will be upgraded; the next changing command
writes it as schema 2 (ec2eni/store/migration.py), keeping every record, field and ID, and adding
only the fields schema 2 introduced.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from ec2eni.engine import ids
from ec2eni.engine.default_account import build_default_account
from ec2eni.engine.model import DEFAULT_IMAGE_ID
from ec2eni.store import codec, migration
from tests.conftest import Run

OLD = Path(__file__).resolve().parent / "data" / "account-release-0.1.0.toml"
WEB_1 = "i-cf9ace0ed00a6c9e3"
MANAGEMENT_ENI = "eni-09812cbf8065e9511"


def _install(state_path: Path) -> bytes:
    data = OLD.read_bytes()
    state_path.write_bytes(data)
    return data


def test_reading_a_schema_1_file_never_rewrites_it(run: Run, state_path: Path) -> None:
    before = _install(state_path)
    shown = run("describe", "--hide-tags")
    assert shown.exit_code == 0, shown.stderr
    assert shown.stdout.count("NETWORKINTERFACE\t") == 6
    assert 'NETWORKINTERFACE\teni-d0b904217dda58f03\ttab\\tand "quote"\t' in shown.stdout
    checked = run("account", "check")
    assert checked.stdout == (
        f"{state_path}: OK (schema version 1, upgraded to 2 by the next command that changes "
        "something; 6 network interfaces, 5 instances, 7 subnets)\n"
    )
    assert state_path.read_bytes() == before


def test_the_upgrade_fills_only_the_new_fields() -> None:
    old = tomllib.loads(OLD.read_text())
    new = migration.upgrade(old)
    assert old["schema_version"] == 1  # the document read is not changed in place
    assert new["schema_version"] == 2
    assert new["timing"] == "instant"
    default_vpc, workshop = new["vpcs"]
    assert (default_vpc["is_default"], workshop["is_default"]) == (True, False)
    assert default_vpc["dhcp_options_id"] == ids.derived_id("dopt", default_vpc["id"])
    assert [s["default_for_az"] for s in new["subnets"]] == [True] * 3 + [False] * 4
    web_1 = next(i for i in new["instances"] if i["id"] == WEB_1)
    assert web_1["image_id"] == DEFAULT_IMAGE_ID
    assert web_1["reservation_id"] == ids.derived_id("r", WEB_1)
    assert web_1["launch_time"] == "2026-01-01T00:00:00.000Z"  # its eth0's attach time
    account, problems = codec.decode(new)
    assert (problems, account.groups_per_interface) == ([], 5)


def _without_new_fields(document: dict[str, Any]) -> dict[str, Any]:
    added = {
        "top": {"schema_version", "timing", "security_groups_per_interface", "elastic_ip_quota"},
        "vpcs": {"is_default", "dhcp_options_id", "instance_tenancy"},
        "subnets": {"default_for_az", "map_public_ip_on_launch"},
        "instances": {"image_id", "reservation_id", "launch_time", "launch_index", "key_name"},
    }
    out = {k: v for k, v in document.items() if k not in added["top"]}
    for table in ("vpcs", "subnets", "instances"):
        out[table] = [{k: v for k, v in row.items() if k not in added[table]} for row in out[table]]
    return out


def test_the_next_change_writes_schema_2_and_keeps_every_record(run: Run, state_path: Path) -> None:
    _install(state_path)
    old = tomllib.loads(OLD.read_text())

    changed = run("modify-attribute", MANAGEMENT_ENI, "-d", "changed")
    assert changed.exit_code == 0, changed.stderr

    new = tomllib.loads(state_path.read_text())
    assert new["schema_version"] == 2
    for record in new["network_interfaces"]:
        if record["id"] == MANAGEMENT_ENI:
            assert record["description"] == "changed"
            record["description"] = "management NIC"
    assert _without_new_fields(new) == _without_new_fields(old)
    checked = run("account", "check")
    assert "OK (schema version 2;" in checked.stdout


def test_the_default_account_of_schema_1_upgrades_to_the_default_account_of_schema_2() -> None:
    # The built-in account kept its IDs: the old release's default account, upgraded, is today's
    # default account, field for field.
    old = tomllib.loads(OLD.read_text())
    upgraded, _ = codec.decode(migration.upgrade(old))
    today = build_default_account()
    for table in ("vpcs", "subnets", "security_groups", "instances"):
        assert getattr(upgraded, table) == getattr(today, table), table

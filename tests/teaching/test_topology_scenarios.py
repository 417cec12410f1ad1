"""`ec2eni topology` shows every resource of each scenario's starting account (issue 11: "topology
shows every resource of the default account and of each scenario"): every VPC, subnet,
interface and instance ID, and every Elastic IP's public address."""

from __future__ import annotations

import pytest

from ec2eni.teaching.scenarios import build_start, load, names
from tests.conftest import Run


@pytest.mark.parametrize("name", names())
def test_topology_shows_every_resource_of_the_scenario(name: str, run: Run) -> None:
    started = run("scenario", "start", name, "--yes")
    assert started.exit_code == 0, started.stderr
    drawn = run("topology")
    assert (drawn.exit_code, drawn.stderr) == (0, "")
    account = build_start(load(name))
    for table in ("vpcs", "subnets", "network_interfaces", "instances"):
        missing = [rid for rid in getattr(account, table) if rid not in drawn.stdout]
        assert missing == [], (table, missing)
    associated = [a.public_ip for a in account.addresses.values() if a.association_id]
    assert [ip for ip in associated if ip not in drawn.stdout] == []
    assert "\x1b[" not in drawn.stdout  # not a terminal: no colour

"""A second VPC, made and unmade through the legacy commands (the README's session).

On a fresh default account: a VPC 10.1.0.0/16, a subnet of it in us-east-1a (web-1's zone), a
security group, an interface in that subnet with that group, attached to web-1 as its secondary
interface (a multi-VPC attachment: EC2 allows a secondary interface from another VPC of the account
in the same zone). The describes show each piece where it belongs; nothing in use can be deleted;
then, taken apart in order, the account is the default account again (but for its ID counter).
IDs are read from the commands' output, not assumed.
"""

from __future__ import annotations

from pathlib import Path

from ec2eni.engine.default_account import build_default_account
from ec2eni.store.state_file import Store
from tests.conftest import Run, names_of

NAMES = names_of(build_default_account())
WEB_1 = NAMES["web-1"]


def ok(legacy: Run, name: str, *args: str) -> list[list[str]]:
    result = legacy(name, *args)
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    return [line.split("\t") for line in result.stdout.splitlines()]


def refused(legacy: Run, state_path: Path, name: str, *args: str) -> str:
    before = state_path.read_bytes()
    result = legacy(name, *args)
    assert (result.exit_code, result.stdout) == (1, ""), result.stdout
    assert state_path.read_bytes() == before
    return result.stderr


def kinds(rows: list[list[str]], kind: str) -> list[list[str]]:
    return [row for row in rows if row[0] == kind]


def test_a_second_vpcs_interface_on_web_1(legacy: Run, state_path: Path) -> None:
    [vpc] = ok(legacy, "ec2addvpc", "10.1.0.0/16")
    vpc_id = vpc[1]
    assert vpc[:4] == ["VPC", vpc_id, "pending", "10.1.0.0/16"] and vpc[6] == "false"
    [subnet] = ok(
        legacy, "ec2-create-subnet", "-c", vpc_id, "-i", "10.1.1.0/24", "-z", "us-east-1a"
    )
    subnet_id = subnet[1]
    assert subnet[2:8] == ["pending", vpc_id, "10.1.1.0/24", "251", "us-east-1a", "false"]
    [group] = ok(legacy, "ec2addgrp", "lab", "-d", "Lab network", "-c", vpc_id)
    group_id = group[1]
    assert group == ["GROUP", group_id, "lab", "Lab network"]

    created = ok(legacy, "ec2addnic", subnet_id, "-g", group_id, "-d", "lab NIC")
    [eni] = kinds(created, "NETWORKINTERFACE")
    eni_id = eni[1]
    assert (eni[3], eni[4], eni[5], eni[11]) == (subnet_id, vpc_id, "us-east-1a", "10.1.1.4")
    assert kinds(created, "GROUP") == [["GROUP", group_id, "lab"]]
    [[attachment_id]] = ok(legacy, "ec2attnic", eni_id, "-i", WEB_1, "-d", "1")

    # Each describe shows the new pieces last, where they belong.
    assert ok(legacy, "ec2dvpc", "--hide-tags")[-1][:3] == ["VPC", vpc_id, "available"]
    assert ok(legacy, "ec2dsubnet", "-F", f"vpc-id={vpc_id}") == [
        ["SUBNET", subnet_id, "available", vpc_id, "10.1.1.0/24", "250", "us-east-1a"]
        + ["false", "false"]
    ]
    groups = ok(legacy, "ec2dgrp", "-F", f"vpc-id={vpc_id}")
    assert [(g[3], g[5]) for g in groups] == [("default", vpc_id), ("lab", vpc_id)]
    shown = ok(legacy, "ec2din", WEB_1)
    nics = kinds(shown, "NIC")
    assert [(n[1], n[3]) for n in nics] == [
        (NAMES["web-1-eth0"], NAMES["workshop"]),
        (eni_id, vpc_id),
    ]
    assert kinds(shown, "NICATTACHMENT")[1][1:4] == [attachment_id, "1", "attached"]

    # In use, nothing of it can go.
    assert refused(legacy, state_path, "ec2delgrp", group_id) == (
        f"Client.DependencyViolation: resource {group_id} has a dependent object\n"
    )
    assert refused(legacy, state_path, "ec2delsubnet", subnet_id) == (
        "Client.DependencyViolation: The subnet "
        f"'{subnet_id}' has dependencies and cannot be deleted.\n"
    )
    assert refused(legacy, state_path, "ec2-delete-vpc", vpc_id) == (
        f"Client.DependencyViolation: The vpc '{vpc_id}' has dependencies and cannot be deleted.\n"
    )

    # Taken apart in order, the account is the default account again.
    ok(legacy, "ec2detnic", attachment_id)
    ok(legacy, "ec2delnic", eni_id)
    assert ok(legacy, "ec2delgrp", group_id) == [["RETURN", "true"]]
    assert ok(legacy, "ec2delsubnet", subnet_id) == [["SUBNET", subnet_id]]
    assert ok(legacy, "ec2delvpc", vpc_id) == [["VPC", vpc_id]]
    account = Store(state_path).load()
    fresh = build_default_account()
    fresh.counter = account.counter
    assert account == fresh


def test_an_interface_of_another_zone_is_refused(legacy: Run, state_path: Path) -> None:
    [vpc] = ok(legacy, "ec2addvpc", "10.1.0.0/16")
    [subnet] = ok(legacy, "ec2addsubnet", "-c", vpc[1], "-i", "10.1.2.0/24", "-z", "us-east-1b")
    # Without -g the interface gets the new VPC's own default group.
    created = ok(legacy, "ec2addnic", subnet[1])
    [group] = kinds(created, "GROUP")
    assert group[2] == "default"
    assert ok(legacy, "ec2dgrp", "-F", f"group-id={group[1]}")[0][5] == vpc[1]
    eni_id = kinds(created, "NETWORKINTERFACE")[0][1]
    assert refused(legacy, state_path, "ec2attnic", eni_id, "-i", WEB_1, "-d", "1") == (
        "Client.InvalidParameterCombination: You may not attach a network interface to an "
        "instance if they are not in the same availability zone\n"
    )


def test_the_same_session_under_ec2eni_names(run: Run) -> None:
    def rows(*args: str) -> list[list[str]]:
        result = run(*args)
        assert (result.exit_code, result.stderr) == (0, ""), result.stderr
        return [line.split("\t") for line in result.stdout.splitlines()]

    vpc_id = rows("create-vpc", "10.1.0.0/16", "--tenancy", "dedicated")[0][1]
    subnet_id = rows("create-subnet", "--vpc", vpc_id, "--cidr", "10.1.1.0/24")[0][1]
    group_id = rows("create-group", "lab", "--description", "Lab", "--vpc", vpc_id)[0][1]
    assert rows("describe-vpcs", vpc_id)[0][5] == "dedicated"
    assert rows("describe-subnets", subnet_id)[0][6] == "us-east-1a"  # the region's first zone
    assert rows("delete-group", group_id) == [["RETURN", "true"]]
    assert rows("delete-subnet", subnet_id) == [["SUBNET", subnet_id]]
    assert rows("delete-vpc", vpc_id) == [["VPC", vpc_id]]

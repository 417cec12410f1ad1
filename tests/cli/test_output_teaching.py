"""`-o json` and `-o table` on the commands the legacy tools never had: limits, topology, explain,
scenario, account and version (issue 12). Text stays the default and unchanged (the help,
README and scenario tests cover it); json is one document with the keys below, and `limits`
answers as DescribeInstanceTypes, checked against botocore's EC2 model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from ec2eni.cli.group import main

WEB_1 = "i-cf9ace0ed00a6c9e3"
WEB_1_ETH0 = "eni-1706a5992fc9609ea"
WORKSHOP = "vpc-b03a97e3a4324354e"


def invoke(state_path: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    """`state_path` is the account's file by $EC2ENI_STATE (explain and scenario list/show take
    no --state-file: they do not read the account)."""
    return CliRunner(env=env).invoke(main, list(args))


def as_json(state_path: Path, *args: str, exit_code: int = 0) -> Any:
    result = invoke(state_path, *args, "-o", "json")
    assert (result.exit_code, result.stderr) == (exit_code, ""), result.output
    return json.loads(result.stdout)


def test_limits_answers_as_describe_instance_types(state_path: Path) -> None:
    document = as_json(state_path, "limits", "p5.48xlarge", WEB_1)
    assert document["InstanceTypes"][0] == {
        "InstanceType": "p5.48xlarge",
        "NetworkInfo": {
            "MaximumNetworkInterfaces": 64,
            "Ipv4AddressesPerInterface": 50,
            "MaximumNetworkCards": 32,
            "DefaultNetworkCardIndex": 0,
            "NetworkCards": [{"NetworkCardIndex": 0, "MaximumNetworkInterfaces": 2}],
        },
    }
    assert [t["InstanceType"] for t in document["InstanceTypes"]] == ["p5.48xlarge", "t3.micro"]
    assert document["Instances"] == [
        {
            "InstanceId": WEB_1,
            "Name": "web-1",
            "InstanceType": "t3.micro",
            "State": "running",
            "MaximumNetworkInterfaces": 2,
            "NetworkInterfaces": [
                {
                    "DeviceIndex": 0,
                    "NetworkInterfaceId": WEB_1_ETH0,
                    "PrivateIpAddressCount": 1,
                    "Ipv4AddressesPerInterface": 2,
                    "Status": "attached",
                }
            ],
        }
    ]


def test_limits_json_keys_are_the_ec2_model_s(state_path: Path) -> None:
    session = pytest.importorskip("botocore.session")
    from tests.cli.test_output_json import check

    model = session.get_session().get_service_model("ec2")
    shape = model.operation_model("DescribeInstanceTypes").output_shape
    document = as_json(state_path, "limits")
    assert len(document["InstanceTypes"]) > 100
    # The rulebook's size ranges ("16xlarge and up") name a few sizes the model's enum lacks
    # (c6g.24xlarge): the names are the simulator's, the keys and types must be EC2's.
    assert all(isinstance(t["InstanceType"], str) for t in document["InstanceTypes"])
    named = [{**t, "InstanceType": "t3.micro"} for t in document["InstanceTypes"]]
    check(shape, {"InstanceTypes": named}, "DescribeInstanceTypes")


def test_topology_as_records(state_path: Path) -> None:
    document = as_json(state_path, "topology", "--vpc", WORKSHOP)
    assert [v["VpcId"] for v in document["Vpcs"]] == [WORKSHOP]
    subnets = document["Vpcs"][0]["Subnets"]
    assert all(s["VpcId"] == WORKSHOP for s in subnets)
    interfaces = [i for s in subnets for i in s["NetworkInterfaces"]]
    attached = [i for i in interfaces if "Attachment" in i]
    assert attached and all("InstanceName" in i for i in attached)
    by_instance = {n["InstanceId"]: n for n in document["Instances"]}
    assert [i["Attachment"]["DeviceIndex"] for i in by_instance[WEB_1]["NetworkInterfaces"]] == [0]
    assert by_instance[WEB_1]["Name"] == "web-1"


def test_topology_refuses_svg_with_json(state_path: Path, tmp_path: Path) -> None:
    result = invoke(state_path, "topology", "--svg", str(tmp_path / "a.svg"), "-o", "json")
    assert result.exit_code == 2
    assert "--svg writes the picture" in result.stderr
    assert not (tmp_path / "a.svg").exists()


def test_explain_one_code_and_the_listing(state_path: Path) -> None:
    one = as_json(state_path, "explain", "client.attachmentlimitexceeded")
    assert one["Code"] == "AttachmentLimitExceeded"
    assert set(one) == {"Code", "Summary", "Rule", "Why", "Fix", "Commands"}
    assert {"Command": "ec2eni limits INSTANCE", "Shows": one["Commands"][0]["Shows"]} in one[
        "Commands"
    ]
    listing = as_json(state_path, "explain")
    codes = [c["Code"] for c in listing["Codes"]]
    assert "AttachmentLimitExceeded" in codes and codes == sorted(codes, key=str.casefold)


def test_scenario_list_show_start_check(state_path: Path) -> None:
    listed = as_json(state_path, "scenario", "list")["Scenarios"]
    assert listed[0]["Name"] == "management-network"
    shown = as_json(state_path, "scenario", "show", "multi-vpc")
    assert shown["Name"] == "multi-vpc" and shown["Steps"] and shown["Requirements"]
    assert all(step["Run"] for step in shown["Steps"])

    invoke(state_path, "describe-vpcs")  # an account to replace
    started = as_json(state_path, "scenario", "start", "multi-vpc", "--yes")
    assert started["Scenario"] == "multi-vpc"
    assert started["StateFile"] == str(state_path)
    assert started["Backup"] is not None and Path(started["Backup"]).is_file()

    checked = as_json(state_path, "scenario", "check", "multi-vpc", exit_code=1)
    assert checked["Done"] is False
    assert [r["Statement"] for r in checked["Requirements"]] == shown["Requirements"]
    assert all(r["Hint"] for r in checked["Requirements"] if not r["Met"])


def test_account_path_check_reset(state_path: Path) -> None:
    assert as_json(state_path, "account", "path") == {"StateFile": str(state_path)}
    missing = as_json(state_path, "account", "check")
    assert missing == {"StateFile": str(state_path), "Exists": False, "Problems": []}
    reset = as_json(state_path, "account", "reset", "--yes")
    assert reset == {
        "Wrote": "a fresh default account",
        "StateFile": str(state_path),
        "Backup": None,
    }
    checked = as_json(state_path, "account", "check")
    assert checked["NetworkInterfaces"] == 4 and checked["Problems"] == []

    state_path.write_text(
        state_path.read_text().replace("schema_version = 2", "schema_version = 9")
    )
    damaged = as_json(state_path, "account", "check", exit_code=3)
    assert len(damaged["Problems"]) == 1


def test_version(state_path: Path) -> None:
    assert as_json(state_path, "version") == {
        "Version": "0.1.0",
        "ApiVersion": "2013-02-01",
        "LegacyToolsVersion": "1.6.7.1",
    }


@pytest.mark.parametrize(
    ("args", "titles"),
    [
        (["limits", "t3.micro"], ["InstanceTypes", "NetworkInfo", "NetworkCards"]),
        (["topology"], ["Vpcs", "Subnets", "NetworkInterfaces", "Instances"]),
        (["explain", "AttachmentLimitExceeded"], ["Commands", "Result"]),
        (["scenario", "list"], ["Scenarios"]),
        (["account", "path"], ["Result"]),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) and v[0][0].islower() else "",
)
def test_tables(state_path: Path, args: list[str], titles: list[str]) -> None:
    result = invoke(state_path, *args, "-o", "table")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line for line in lines if line in titles] == titles


def test_the_environment_chooses_the_output(state_path: Path) -> None:
    result = invoke(state_path, "scenario", "list", env={"EC2ENI_OUTPUT": "json"})
    assert result.exit_code == 0
    assert "Scenarios" in json.loads(result.stdout)

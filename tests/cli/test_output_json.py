"""`-o json`: every command prints its EC2 API action's response as the AWS CLI would, checked
against the EC2 service model botocore ships (a test dependency): every key a member of the
output shape, every value of the member's type. Actions that answer nothing print nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ec2eni.cli.group import main
from tests.cli.test_entry_points import ARGS, IDS, Prepared, prepared

botocore_session = pytest.importorskip("botocore.session")

__all__ = ["prepared"]  # the module-scoped fixture, shared with test_entry_points

OPERATIONS = {
    "describe": "DescribeNetworkInterfaces",
    "create": "CreateNetworkInterface",
    "attach": "AttachNetworkInterface",
    "detach": "DetachNetworkInterface",
    "delete": "DeleteNetworkInterface",
    "describe-attribute": "DescribeNetworkInterfaceAttribute",
    "modify-attribute": "ModifyNetworkInterfaceAttribute",
    "reset-attribute": "ResetNetworkInterfaceAttribute",
    "describe-subnets": "DescribeSubnets",
    "describe-vpcs": "DescribeVpcs",
    "describe-group": "DescribeSecurityGroups",
    "create-vpc": "CreateVpc",
    "delete-vpc": "DeleteVpc",
    "create-subnet": "CreateSubnet",
    "delete-subnet": "DeleteSubnet",
    "create-group": "CreateSecurityGroup",
    "delete-group": "DeleteSecurityGroup",
    "describe-instances": "DescribeInstances",
    "run-instances": "RunInstances",
    "stop-instances": "StopInstances",
    "start-instances": "StartInstances",
    "reboot-instances": "RebootInstances",
    "terminate-instances": "TerminateInstances",
    "assign-private-ip-addresses": "AssignPrivateIpAddresses",
    "unassign-private-ip-addresses": "UnassignPrivateIpAddresses",
    "create-tags": "CreateTags",
    "delete-tags": "DeleteTags",
    "describe-tags": "DescribeTags",
    "allocate-address": "AllocateAddress",
    "associate-address": "AssociateAddress",
    "disassociate-address": "DisassociateAddress",
    "release-address": "ReleaseAddress",
    "describe-addresses": "DescribeAddresses",
}


@pytest.fixture(scope="module")
def model() -> Any:
    return botocore_session.get_session().get_service_model("ec2")


def run(state: Path, *args: str, output: str = "json") -> str:
    result = CliRunner(env={"EC2ENI_NOW": "2026-01-01T09:00:00Z"}).invoke(
        main, [*args, "-o", output, "--state-file", str(state)]
    )
    assert result.exit_code == 0, result.stderr
    return result.stdout


def check(shape: Any, value: Any, where: str) -> None:
    kind = shape.type_name
    if kind == "structure":
        assert isinstance(value, dict), where
        for key, item in value.items():
            assert key in shape.members, f"{where}.{key} is no member of {shape.name}"
            check(shape.members[key], item, f"{where}.{key}")
    elif kind == "list":
        assert isinstance(value, list), where
        for n, item in enumerate(value):
            check(shape.member, item, f"{where}[{n}]")
    elif kind == "boolean":
        assert isinstance(value, bool), where
    elif kind in ("integer", "long"):
        assert isinstance(value, int) and not isinstance(value, bool), where
    elif kind == "timestamp":
        assert isinstance(value, str) and value.endswith("+00:00"), where
    elif kind == "string":
        assert isinstance(value, str), where
        if shape.enum:
            assert value in shape.enum, f"{where}: {value!r} not in {shape.enum}"
    else:
        raise AssertionError(f"{where}: unexpected shape type {kind}")


def test_every_command_is_covered() -> None:
    assert set(OPERATIONS) <= set(ARGS)


@pytest.mark.parametrize("sub", OPERATIONS)
def test_json_matches_the_ec2_output_shape(
    prepared: Prepared, tmp_path: Path, model: Any, sub: str
) -> None:
    state = prepared.copy(tmp_path, "account")
    printed = run(state, sub, *ARGS[sub](prepared))
    shape = model.operation_model(OPERATIONS[sub]).output_shape
    if shape is None:
        assert printed == ""
        return
    response = json.loads(printed)
    assert response, sub
    check(shape, response, OPERATIONS[sub])


def test_describe_keys_and_types(prepared: Prepared, tmp_path: Path) -> None:
    state = prepared.copy(tmp_path, "account")
    response = json.loads(run(state, "describe", IDS["web-1-eth0"]))
    (eni,) = response["NetworkInterfaces"]
    assert eni["NetworkInterfaceId"] == IDS["web-1-eth0"]
    assert eni["Attachment"]["DeviceIndex"] == 0
    assert eni["Attachment"]["AttachTime"].endswith("+00:00")
    assert eni["Attachment"]["InstanceId"] == IDS["web-1"]
    assert eni["PrivateIpAddresses"][0]["Primary"] is True
    assert set(eni["Groups"][0]) == {"GroupId", "GroupName"}
    assert eni["TagSet"] == [{"Key": "Name", "Value": "web-1-eth0"}]


def test_small_answers(prepared: Prepared, tmp_path: Path) -> None:
    state = prepared.copy(tmp_path, "account")
    attached = json.loads(run(state, "attach", prepared.free, "-i", IDS["app-1"], "-d", "1"))
    assert list(attached) == ["AttachmentId"]
    assert attached["AttachmentId"].startswith("eni-attach-")
    assert json.loads(run(state, "delete-group", IDS["workshop/ssh-admin"])) == {"Return": True}
    stopped = json.loads(run(state, "stop-instances", IDS["web-1"]))["StoppingInstances"]
    assert stopped[0]["PreviousState"] == {"Code": 16, "Name": "running"}
    assert stopped[0]["CurrentState"]["Name"] in ("stopping", "stopped")
    allocated = json.loads(run(state, "allocate-address"))
    assert set(allocated) == {"PublicIp", "AllocationId", "Domain"}


def test_environment_default_and_errors_on_stderr(prepared: Prepared, tmp_path: Path) -> None:
    state = prepared.copy(tmp_path, "account")
    runner = CliRunner(env={"EC2ENI_OUTPUT": "json"})
    result = runner.invoke(main, ["describe-vpcs", "--state-file", str(state)])
    assert result.exit_code == 0 and "Vpcs" in json.loads(result.stdout)
    result = runner.invoke(main, ["describe", "eni-0000000000000000f", "--state-file", str(state)])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("Client.InvalidNetworkInterfaceID.NotFound")
    result = CliRunner().invoke(
        main, ["describe", "-o", "json", "-o", "text", "--state-file", str(state)]
    )
    assert result.exit_code == 0 and result.stdout.startswith("{")

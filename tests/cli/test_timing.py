"""Realistic timing through the commands (README "Time"): `EC2ENI_TIMING=realistic` or
`timing = "realistic"` in the file makes transitions take EC2's time, computed from the stored
timestamps. The clock is moved with `EC2ENI_NOW`; nothing sleeps."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ec2eni.engine.default_account import build_default_account
from tests.conftest import Run, names_of

ID = names_of(build_default_account())


@pytest.fixture
def at(monkeypatch: pytest.MonkeyPatch) -> Callable[[int], None]:
    def move(seconds: int) -> None:
        monkeypatch.setenv("EC2ENI_NOW", f"2026-01-01T09:00:{seconds:02d}Z")

    move(0)
    return move


def _attachment(legacy: Run, eni: str) -> list[str]:
    lines = legacy("ec2dnic", eni).stdout.splitlines()
    return next((line.split("\t") for line in lines if line.startswith("ATTACHMENT")), [])


def test_a_script_without_a_wait_loop_fails_as_on_ec2(
    legacy: Run, monkeypatch: pytest.MonkeyPatch, at: Callable[[int], None]
) -> None:
    monkeypatch.setenv("EC2ENI_TIMING", "realistic")
    move = at
    eni = legacy("ec2addnic", ID["management"]).stdout.split("\t")[1]
    attachment = legacy("ec2attnic", eni, "-i", ID["web-1"], "-d", "1").stdout.strip()
    assert _attachment(legacy, eni)[3] == "attaching"

    move(2)
    assert _attachment(legacy, eni)[3] == "attached"
    assert legacy("ec2detnic", attachment).exit_code == 0
    assert _attachment(legacy, eni)[3] == "detaching"
    # Still in use while it detaches: the delete a hasty script sends next is refused.
    refused = legacy("ec2delnic", eni)
    assert (refused.exit_code, refused.stderr) == (
        1,
        f"Client.InvalidParameterValue: Network interface '{eni}' is currently in use.\n",
    )

    move(4)
    assert _attachment(legacy, eni) == []
    assert legacy("ec2delnic", eni).exit_code == 0


def test_instances_pass_through_pending_and_stopping(
    legacy: Run, monkeypatch: pytest.MonkeyPatch, at: Callable[[int], None]
) -> None:
    monkeypatch.setenv("EC2ENI_TIMING", "realistic")
    move = at
    web_1 = ID["web-1"]
    assert legacy("ec2stop", web_1).stdout == f"INSTANCE\t{web_1}\trunning\tstopping\n"

    def state() -> str:
        lines = legacy("ec2din", web_1).stdout.splitlines()
        return next(line for line in lines if line.startswith("INSTANCE")).split("\t")[5]

    assert state() == "stopping"
    # Starting a stopping instance is refused as EC2 refuses it.
    assert legacy("ec2start", web_1).exit_code == 1
    move(5)
    assert state() == "stopped"
    assert legacy("ec2start", web_1).stdout == f"INSTANCE\t{web_1}\tstopped\tpending\n"
    assert state() == "pending"
    # No attach to an instance that is not running or stopped yet.
    eni = legacy("ec2addnic", ID["management"]).stdout.split("\t")[1]
    refused = legacy("ec2attnic", eni, "-i", web_1, "-d", "1")
    assert refused.stderr == (
        f"Client.IncorrectInstanceState: The instance '{web_1}' is not in a valid state for "
        "this operation. Current state: pending.\n"
    )
    move(10)
    assert state() == "running"


def test_reading_settles_in_memory_only_and_the_file_setting_works(
    legacy: Run, state_path: Path, at: Callable[[int], None]
) -> None:
    move = at
    legacy("ec2dvpc")
    state_path.write_text(
        state_path.read_text().replace('timing = "instant"', 'timing = "realistic"')
    )
    legacy("ec2kill", ID["app-1"])
    before = state_path.read_bytes()
    move(30)
    lines = legacy("ec2din", ID["app-1"]).stdout.splitlines()
    assert next(line for line in lines if line.startswith("INSTANCE")).split("\t")[5] == (
        "terminated"
    )
    # Its delete-on-termination primary interface went when the shutdown completed.
    assert not any(line.startswith("NIC\t") for line in lines)
    assert state_path.read_bytes() == before  # a read never writes
    assert 'state = "shutting-down"' in before.decode()


def test_a_bad_timing_variable_is_one_line(legacy: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EC2ENI_TIMING", "slow")
    result = legacy("ec2dvpc")
    assert (result.exit_code, result.stderr) == (
        3,
        "ec2eni: EC2ENI_TIMING='slow' must be one of instant, realistic\n",
    )

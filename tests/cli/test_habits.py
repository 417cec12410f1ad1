"""Habits from other tools (issue 12): `--version` everywhere and `ec2ver`, the general options
before the subcommand, bare `ec2eni`, and a suggestion after an unknown filter name at a
terminal."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from ec2eni import __version__
from ec2eni.cli.options import API_VERSION, version_line
from tests.cli.support import LEGACY
from tests.conftest import Run

SCRIPTS = Path(sys.executable).parent
VERSION_LINE = f"ec2eni {__version__} (EC2 API {API_VERSION}, as EC2 API Tools 1.6.7.1)\n"


def _script(name: str, *args: str, tmp_path: Path, stderr: int | None = None) -> tuple[int, str]:
    done = subprocess.run(
        [str(SCRIPTS / name), *args],
        capture_output=stderr is None,
        stdout=subprocess.PIPE if stderr is not None else None,
        stderr=stderr,
        text=True,
        env={**os.environ, "EC2ENI_STATE": str(tmp_path / "account.toml")},
        check=False,
    )
    return done.returncode, done.stdout


def test_version_line() -> None:
    assert version_line() + "\n" == VERSION_LINE


@pytest.mark.parametrize("sub", sorted(LEGACY))
def test_version_on_every_name(run: Run, sub: str) -> None:
    result = run(sub, "--version")
    assert (result.exit_code, result.stdout, result.stderr) == (0, VERSION_LINE, "")


def test_version_on_every_installed_script(tmp_path: Path) -> None:
    names = ["ec2eni", *(name for names in LEGACY.values() for name in names)]
    for name in names:
        assert _script(name, "--version", tmp_path=tmp_path) == (0, VERSION_LINE), name


@pytest.mark.parametrize("argv", [["ec2ver"], ["ec2-version"], ["ec2eni", "version"]])
def test_ec2ver_prints_the_version_then_the_api_version(argv: list[str], tmp_path: Path) -> None:
    # legacy-cli.md §14.7: `1.6.7.1 2013-02-01`; here ec2eni's own version, then the API's.
    assert _script(*argv, tmp_path=tmp_path) == (0, f"{__version__} {API_VERSION}\n")


def test_bare_ec2eni_prints_its_help_on_stdout_and_succeeds(run: Run) -> None:
    result = run()
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith("Usage: ec2eni [OPTIONS]")
    assert "describe-instances" in result.stdout and "version" in result.stdout


def test_general_options_before_the_subcommand(run: Run, tmp_path: Path) -> None:
    state = tmp_path / "elsewhere.toml"
    before = run("--state-file", str(state), "-H", "describe-vpcs")
    after = run("describe-vpcs", "--state-file", str(state), "-H")
    assert before.exit_code == 0 and state.exists()
    assert (before.stdout, before.stderr) == (after.stdout, after.stderr)
    assert before.stdout.startswith("Entity\tVpcID")


def test_the_subcommands_own_value_wins(run: Run, tmp_path: Path) -> None:
    first, second = tmp_path / "first.toml", tmp_path / "second.toml"
    result = run("--state-file", str(first), "describe", "--state-file", str(second))
    assert result.exit_code == 0
    assert second.exists() and not first.exists()
    # Another region before the subcommand, the account's own after it: the account is seen.
    result = run("--region", "eu-west-1", "describe", "--region", "us-east-1")
    assert result.exit_code == 0 and "NETWORKINTERFACE" in result.stdout


def test_a_region_before_the_subcommand_applies(run: Run) -> None:
    assert run("--region", "eu-west-1", "describe").stdout == ""
    bad = run("--region", "mars", "describe")
    assert bad.exit_code == 2 and "'mars' is not a region name" in bad.stderr


def test_state_file_before_a_nested_command(run: Run, tmp_path: Path) -> None:
    state = tmp_path / "nested.toml"
    result = run("--state-file", str(state), "account", "path")
    assert (result.exit_code, result.stdout) == (0, f"{state}\n")


def _stderr_at_a_terminal(name: str, *args: str, tmp_path: Path) -> tuple[int, str]:
    controller, terminal = pty.openpty()
    try:
        code, _ = _script(name, *args, tmp_path=tmp_path, stderr=terminal)
        os.close(terminal)
        terminal = -1
        chunks = []
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # EIO: the writer side is closed
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        if terminal >= 0:
            os.close(terminal)
        os.close(controller)
    return code, b"".join(chunks).decode().replace("\r\n", "\n")


@pytest.mark.parametrize(
    ("argv", "typed", "meant"),
    [
        (["ec2dnic"], "sbnet-id", "subnet-id"),
        (["ec2eni", "describe-instances"], "instance-state", "instance-state-name"),
        (["ec2dsubnet"], "vpcid", "vpc-id"),
        (["ec2daddr"], "allocation_id", "allocation-id"),
    ],
)
def test_an_unknown_filter_at_a_terminal_gets_a_suggestion(
    argv: list[str], typed: str, meant: str, tmp_path: Path
) -> None:
    code, stderr = _stderr_at_a_terminal(*argv, "-F", f"{typed}=x", tmp_path=tmp_path)
    assert code == 1
    assert stderr == (
        f"Client.InvalidParameterValue: The filter '{typed}' is invalid\nDid you mean '{meant}'?\n"
    )


def test_an_unknown_filter_through_a_pipe_is_one_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [str(SCRIPTS / "ec2dnic"), "-F", "sbnet-id=x"],
        capture_output=True,
        text=True,
        env={**os.environ, "EC2ENI_STATE": str(tmp_path / "account.toml")},
        check=False,
    )
    assert (done.returncode, done.stderr) == (
        1,
        "Client.InvalidParameterValue: The filter 'sbnet-id' is invalid\n",
    )


def test_no_suggestion_when_nothing_is_close(tmp_path: Path) -> None:
    code, stderr = _stderr_at_a_terminal("ec2dnic", "-F", "zzzz=x", tmp_path=tmp_path)
    assert (code, stderr) == (1, "Client.InvalidParameterValue: The filter 'zzzz' is invalid\n")

"""Shared fixtures: every test gets its own account state file under tmp_path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ec2eni.cli.group import main
from ec2eni.engine.default_account import build_default_account
from ec2eni.engine.model import Account


@pytest.fixture(autouse=True)
def state_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every command at a private state file (created as the default account on first use)."""
    path = tmp_path / "account.toml"
    monkeypatch.setenv("EC2ENI_STATE", str(path))
    monkeypatch.delenv("EC2ENI_LOCK_TIMEOUT", raising=False)
    return path


@pytest.fixture
def account() -> Account:
    """A fresh default account in memory (for engine tests without click)."""
    return build_default_account()


def names_of(account: Account) -> dict[str, str]:
    """Name tag -> ID for every tagged resource of the account (security groups as
    `<vpc name>/<group name>`, since both VPCs have a group named `default`)."""
    vpc_names = {v.id: v.tags.get("Name", v.id) for v in account.vpcs.values()}
    out: dict[str, str] = {}
    for table in (account.vpcs, account.subnets, account.instances, account.network_interfaces):
        for record in table.values():
            name = record.tags.get("Name")
            if name:
                out[name] = record.id
    for group in account.security_groups.values():
        out[f"{vpc_names[group.vpc_id]}/{group.name}"] = group.id
    for eni in account.network_interfaces.values():
        if eni.attachment is not None and "Name" in eni.tags:
            out[eni.tags["Name"].replace("eth0", "attachment")] = eni.attachment.id
    return out


@pytest.fixture
def ids() -> dict[str, str]:
    """IDs of the default account by name: `web-1`, `public`, `workshop/web`, `web-1-eth0`,
    `web-1-attachment`, ..."""
    return names_of(build_default_account())


Run = Callable[..., Result]


@pytest.fixture
def run() -> Run:
    """Run `ec2eni ARGS...` through CliRunner with stdout and stderr kept apart."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Result:
        return runner.invoke(main, list(args), input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def legacy() -> Run:
    """Run a legacy name (`ec2dnic ARGS...`) in process: its console-script entry point."""
    from importlib.metadata import distribution

    entry_points = {
        e.name: e for e in distribution("ec2eni").entry_points if e.group == "console_scripts"
    }
    runner = CliRunner()

    def invoke(name: str, *args: str, input: str | None = None) -> Result:
        command = entry_points[name].load()
        return runner.invoke(
            command, list(args), input=input, prog_name=name, catch_exceptions=False
        )

    return invoke

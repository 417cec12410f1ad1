"""Start-up stays flat: a command imports its own module and not the others' (issue 12).

Each check runs a fresh interpreter (the installed console-script target, loaded as the script
loads it), then lists the `ec2eni` and third-party modules it imported.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

# Modules only other commands need: launching, the teaching texts, the tree drawing (rich).
HEAVY = (
    "ec2eni.cli.instances",
    "ec2eni.cli.network",
    "ec2eni.cli.addresses",
    "ec2eni.cli.tags",
    "ec2eni.cli.account",
    "ec2eni.cli.scenario",
    "ec2eni.cli.topology",
    "ec2eni.cli.explain",
    "ec2eni.cli.limits",
    "ec2eni.engine.launch",
    "ec2eni.teaching",
    "rich",
)

PROBE = """
import json, sys
{load}
try:
    command.main({args!r}, prog_name={prog!r})
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.__stderr__)
"""


def _imported(target: str, prog: str, args: list[str], tmp_path: Path) -> set[str]:
    if target == "group":
        load = "from ec2eni.cli.group import main as command"
    else:
        load = f"from ec2eni.cli.legacy import {target} as command"
    code = PROBE.format(load=load, args=args, prog=prog)
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"EC2ENI_STATE": str(tmp_path / "account.toml"), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    modules = json.loads(done.stderr.strip().splitlines()[-1])
    return set(modules)


def _heavy(modules: set[str], allowed: tuple[str, ...] = ()) -> list[str]:
    return sorted(
        m
        for m in modules
        if any(m == h or m.startswith(h + ".") for h in HEAVY)
        and not any(m == a or m.startswith(a + ".") for a in allowed)
    )


@pytest.mark.parametrize(
    ("target", "prog", "args"),
    [
        ("describe", "ec2dnic", []),
        ("group", "ec2eni", ["describe"]),
        ("describe", "ec2dnic", ["-F", "subnet-id=subnet-d3d57647d7c3f13c9"]),
        ("version", "ec2ver", []),
    ],
    ids=["ec2dnic", "ec2eni describe", "ec2dnic -F", "ec2ver"],
)
def test_a_command_imports_no_other_command_module(
    target: str, prog: str, args: list[str], tmp_path: Path
) -> None:
    modules = _imported(target, prog, args, tmp_path)
    assert _heavy(modules) == []
    if target != "version":
        assert "ec2eni.cli.interfaces" in modules


def test_describe_instances_imports_its_own_module_only(tmp_path: Path) -> None:
    modules = _imported("describe_instances", "ec2din", [], tmp_path)
    assert "ec2eni.cli.instances" in modules
    # `run-instances` lives in the same module, so the launch rules come along; nothing else does.
    assert _heavy(modules, allowed=("ec2eni.cli.instances", "ec2eni.engine.launch")) == []


def test_importing_the_group_and_the_legacy_module_imports_no_command(tmp_path: Path) -> None:
    code = (
        "import json, sys, ec2eni.cli, ec2eni.cli.legacy\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('ec2eni.cli.'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(json.loads(done.stdout))
    assert loaded <= {
        "ec2eni.cli.legacy",
        "ec2eni.cli.options",
        "ec2eni.cli.runtime",
        "ec2eni.cli.stdin",
        "ec2eni.cli.usage",
    }, loaded

"""Start-up stays flat: a command imports its own module and not the others' (issue 12).

Each check runs a fresh interpreter (the installed console-script target, loaded as the script
loads it), then lists the `ec2eni` and third-party modules it imported.
"""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
from pathlib import Path
from typing import Any

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

# Standard-library and third-party modules a command on the default account does without, each
# for a measured share of its start-up: records are not dataclasses, timestamps are not parsed
# with strptime, the parse cache is marshal rather than JSON, paths are strings rather than
# pathlib (which imports urllib.parse), the default path is found without platformdirs on Linux,
# the filter help is wrapped without textwrap, legacy faces are copied without copy.
AVOIDED = (
    "dataclasses",
    "_strptime",
    "json",
    "pathlib",
    "urllib",
    "platformdirs",
    "textwrap",
    "copy",
    "ipaddress",
    "ec2eni.cli.complete",
    "ec2eni.store.codec",
    "tomllib",
    # click's parser would import difflib for suggestions on every short option (-F, -i, -d).
    "difflib",
)

# The interpreter without `site`, finding ec2eni and its dependencies through PYTHONPATH: an
# editable install's path hook (a .pth file that `site` runs) would import pathlib and more
# before the command, and hide the command's own imports of them.
BARE_PYTHON = [sys.executable, "-S"]
BARE_ENV = {
    "PATH": "/usr/bin:/bin",
    "PYTHONPATH": os.pathsep.join(
        [str(Path(__file__).resolve().parents[2]), *site.getsitepackages()]
    ),
}

PROBE = """
import gc, sys
{load}
paused = not gc.isenabled()
try:
    command.main({args!r}, prog_name={prog!r})
except SystemExit:
    pass
modules = sorted(sys.modules)
import json  # only now: the probe's own import must not count
state = {{"paused": paused, "enabled": gc.isenabled(), "frozen": gc.get_freeze_count()}}
print(json.dumps(state), file=sys.__stderr__)
print(json.dumps(modules), file=sys.__stderr__)
"""


def _run(target: str, prog: str, args: list[str], tmp_path: Path) -> tuple[set[str], Any]:
    """The modules a fresh interpreter imported to run the command, and its collector's state:
    paused while the command was imported, then running again with the imports frozen."""
    if target == "group":
        load = "from ec2eni.cli.group import main as command"
    else:
        load = f"from ec2eni.cli.legacy import {target} as command"
    code = PROBE.format(load=load, args=args, prog=prog)
    # The default account at its default path (HOME), as a user's first command finds it; the
    # account is made first, so the run measured reads it as every later command does.
    env = {"HOME": str(tmp_path), **BARE_ENV}
    subprocess.run([*BARE_PYTHON, "-m", "ec2eni", "describe-vpcs"], env=env, check=True)
    done = subprocess.run(
        [*BARE_PYTHON, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    *_, gc_state, modules = done.stderr.strip().splitlines()
    return set(json.loads(modules)), json.loads(gc_state)


def _bare_modules() -> set[str]:
    code = "import sys; print(' '.join(sys.modules))"
    done = subprocess.run(
        [*BARE_PYTHON, "-c", code], capture_output=True, text=True, env=BARE_ENV, check=True
    )
    return set(done.stdout.split())


def _imported(target: str, prog: str, args: list[str], tmp_path: Path) -> set[str]:
    return _run(target, prog, args, tmp_path)[0]


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
    modules, gc_state = _run(target, prog, args, tmp_path)
    assert _heavy(modules) == []
    if target != "version":
        assert "ec2eni.cli.interfaces" in modules
    # Less what the bare interpreter had (an editable install's path hook imports pathlib).
    added = modules - _bare_modules()
    avoided = sorted(m for m in added if any(m == a or m.startswith(a + ".") for a in AVOIDED))
    assert avoided == []
    assert gc_state["paused"] and gc_state["enabled"] and gc_state["frozen"] > 1000, gc_state


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

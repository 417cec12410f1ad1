"""Every `Examples:` block of `--help` runs as shown on a fresh default account.

Each block is run on its own, in bash with `set -e -o pipefail`, with the installed console
scripts first on PATH (and `y` answering `account reset`'s question), so an example that stops
working (an ID that changed, a rule that now refuses it) fails here instead of in front of a user.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
import pytest

from ec2eni.cli.group import main

SCRIPTS = Path(sys.executable).parent


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = []
    for name, command in group.commands.items():
        path = (*prefix, name)
        if isinstance(command, click.Group):
            found += _commands(command, path)
        else:
            found.append(path)
    return found


def _examples(path: tuple[str, ...]) -> str:
    context = click.Context(main, info_name="ec2eni")
    for name in path:
        command = context.command
        assert isinstance(command, click.Group)
        sub = command.commands[name]
        context = click.Context(sub, info_name=name, parent=context)
    epilog = context.command.epilog or ""
    assert "Examples:" in epilog, f"{' '.join(path)} --help has no Examples:"
    return epilog.split("Examples:", 1)[1]


@pytest.mark.parametrize("path", _commands(main), ids=" ".join)
def test_help_examples_run_on_a_fresh_default_account(
    path: tuple[str, ...], tmp_path: Path
) -> None:
    script = "set -e -o pipefail\n" + _examples(path)
    env = dict(os.environ, PATH=f"{SCRIPTS}{os.pathsep}{os.environ['PATH']}", HOME=str(tmp_path))
    env["EC2ENI_STATE"] = str(tmp_path / "account.toml")
    env["EDITOR"] = "true"  # `$EDITOR "$(ec2eni account path)"` opens the file; here, nothing
    done = subprocess.run(
        ["bash", "-c", script],
        env=env,
        cwd=tmp_path,
        input="y\n",  # the one question: `account reset` asks before replacing the account
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, f"{script}\n--- stderr:\n{done.stderr}"
    assert "Traceback" not in done.stderr

"""Running the installed `ec2eni` as a real process, and reading its state file afresh."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

from ec2eni.engine import invariants
from ec2eni.engine.model import Account
from ec2eni.store import codec

EC2ENI = str(Path(sys.executable).parent / "ec2eni")


def ec2eni(
    *args: str,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    umask: int = -1,
    **variables: str,
) -> subprocess.CompletedProcess[str]:
    """Run the console script. The environment is `env` (default: this process's) plus
    `variables`; the state file comes from its EC2ENI_STATE. umask -1 keeps this process's."""
    return subprocess.run(
        [EC2ENI, *args],
        capture_output=True,
        text=True,
        env={**(os.environ if env is None else env), **variables},
        cwd=cwd,
        umask=umask,
        timeout=120,
        check=False,
    )


def parse(data: bytes) -> Account:
    """The account in these bytes, parsed as TOML (not from the parse cache) and checked in full."""
    account, problems = codec.decode(tomllib.loads(data.decode()))
    assert problems == []
    assert invariants.check(account) == []
    return account


def parse_state(path: Path) -> Account:
    return parse(path.read_bytes())

"""The per-subnet tagging script of issue 10, run as a user would run it: bash driving the installed
console scripts as real processes, one shared state file.

For each subnet of the workshop VPC it creates an interface and tags it `Name=eni-<subnet name>`
and `tier=<subnet name>` with `ec2addtag`; then `ec2dtag -F resource-type=network-interface` shows
exactly the interfaces' tags (the default account's Name tags, then the new ones in order), and
`ec2dnic -F tag:tier=backend` finds the one interface made in `backend`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ec2eni.engine.default_account import build_default_account
from tests.conftest import names_of

SCRIPTS = Path(sys.executable).parent
IDS = names_of(build_default_account())
WORKSHOP_SUBNETS = ("public", "management", "backend", "tiny")

TAG_EVERY_SUBNET = r"""
set -e -o pipefail
VPC=$(ec2dvpc -F tag:Name=workshop | grep ^VPC | cut -f2)
ec2dsubnet -F vpc-id=$VPC | grep ^TAG | cut -f3,5 | while read -r SUBNET NAME; do
  ENI=$(ec2addnic $SUBNET -d "$NAME interface" | grep ^NETWORKINTERFACE | cut -f2)
  ec2addtag $ENI -t Name=eni-$NAME -t tier=$NAME
done
"""


def bash(script: str, state: Path) -> str:
    env = dict(os.environ, PATH=f"{SCRIPTS}{os.pathsep}{os.environ['PATH']}")
    env.update(EC2ENI_STATE=str(state), EC2ENI_NOW="2026-01-01T09:00:00Z")
    env.pop("EC2ENI_LOCK_TIMEOUT", None)
    done = subprocess.run(
        ["bash", "-c", script],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    return done.stdout


def test_tagging_an_interface_per_subnet(tmp_path: Path) -> None:
    state = tmp_path / "account.toml"
    echoed = [line.split("\t") for line in bash(TAG_EVERY_SUBNET, state).splitlines()]

    # ec2addtag echoes each tag with the legacy client's empty type for an eni- ID.
    assert [(kind, key, value) for _, kind, _, key, value in echoed] == [
        ("", key, value)
        for name in WORKSHOP_SUBNETS
        for key, value in (("Name", f"eni-{name}"), ("tier", name))
    ]
    new = {value: eni for _, _, eni, key, value in echoed if key == "tier"}
    assert len(set(new.values())) == len(WORKSHOP_SUBNETS)

    described = bash("ec2dtag -F resource-type=network-interface", state)
    default = [
        f"TAG\tnetwork-interface\t{IDS[name]}\tName\t{name}"
        for name in ("web-1-eth0", "standby-1-eth0", "app-1-eth0", "db-1-eth0")
    ]
    created = [
        f"TAG\tnetwork-interface\t{new[name]}\t{key}\t{value}"
        for name in WORKSHOP_SUBNETS
        for key, value in (("Name", f"eni-{name}"), ("tier", name))
    ]
    assert described.splitlines() == default + created

    found = bash("ec2dnic -F tag:tier=backend", state).splitlines()
    interfaces = [line.split("\t") for line in found if line.startswith("NETWORKINTERFACE\t")]
    assert len(interfaces) == 1
    assert interfaces[0][1:4] == [new["backend"], "backend interface", IDS["backend"]]
    assert [line for line in found if line.startswith("TAG\t")] == [
        f"TAG\tnetwork-interface\t{new['backend']}\tName\teni-backend",
        f"TAG\tnetwork-interface\t{new['backend']}\ttier\tbackend",
    ]

"""The installed console scripts, run as real processes: every legacy name (long and short) is
installed beside the interpreter and behaves exactly like the matching `ec2eni` subcommand,
`python -m ec2eni` works, and the exit codes and stderr lines hold outside CliRunner.

Each comparison runs all the names of one command at the same time, each on its own copy of one
prepared account, so the module stays at a few dozen short processes.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from ec2eni.cli.group import main
from ec2eni.engine.default_account import build_default_account
from tests.cli.support import LEGACY
from tests.conftest import names_of

SCRIPTS = Path(sys.executable).parent
IDS = names_of(build_default_account())
Outcome = tuple[int, str, str]


class Prepared:
    """A state file holding the default account plus an available interface (`free`, with the
    secondary address 10.0.2.30), one attached to web-1 at device index 1 (`attachment`) and an
    empty VPC (`vpc`)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "template.toml"
        runner = CliRunner()

        def cli(*args: str) -> str:
            result = runner.invoke(main, [*args, "--state-file", str(self.path)])
            assert result.exit_code == 0, result.stderr
            return result.stdout

        self.free = cli(
            "create", IDS["management"], "-d", "free", "--secondary-private-ip-address", "10.0.2.30"
        ).split("\t")[1]
        attached = cli("create", IDS["management"], "-d", "attached").split("\t")[1]
        self.attachment = cli("attach", attached, "-i", IDS["web-1"], "-d", "1").strip()
        # A VPC with nothing in it but its default group, which delete-vpc can delete.
        self.vpc = cli("create-vpc", "10.1.0.0/16").split("\t")[1]
        # An Elastic IP (`allocation`), and another associated with `free` (`association`).
        self.allocation = cli("allocate-address").split("\t")[4]
        associated = cli("allocate-address").split("\t")[4]
        record = cli("associate-address", "-a", associated, "-n", self.free)
        self.association = record.split("\t")[4]

    def copy(self, folder: Path, name: str) -> Path:
        target = folder / f"{name}.toml"
        shutil.copyfile(self.path, target)
        return target


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Prepared:
    return Prepared(tmp_path_factory.mktemp("entry-points"))


def run_together(commands: list[tuple[list[str], Path]]) -> list[Outcome]:
    """Start every (argv, state file) process at once; wait for all."""
    processes = []
    for argv, state in commands:
        # A fixed clock: launch and attach times are the same whichever process is slower.
        env = dict(os.environ, EC2ENI_STATE=str(state), EC2ENI_NOW="2026-01-01T09:00:00Z")
        env.pop("EC2ENI_LOCK_TIMEOUT", None)
        processes.append(
            subprocess.Popen(
                argv,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    outcomes = []
    for process in processes:
        out, err = process.communicate(timeout=60)
        outcomes.append((process.returncode, out, err))
    return outcomes


def script(name: str) -> str:
    return str(SCRIPTS / name)


def without_attach_time(path: Path) -> str:
    # The one field that depends on the clock: when the attachment was made.
    return re.sub(r'attach_time = "[^"]*"', "", path.read_text())


def test_every_script_is_installed_beside_the_interpreter() -> None:
    for name in ("ec2eni", *(n for names in LEGACY.values() for n in names)):
        path = SCRIPTS / name
        assert path.is_file() and os.access(path, os.X_OK), path


ARGS: dict[str, Callable[[Prepared], list[str]]] = {
    "describe": lambda p: ["-H", "--show-empty-fields"],
    "create": lambda p: [IDS["management"], "-d", "from a script", "-g", IDS["workshop/web"]],
    "attach": lambda p: [p.free, "-i", IDS["app-1"], "-d", "1"],
    "detach": lambda p: [p.attachment, "-f"],
    "delete": lambda p: [p.free],
    "describe-attribute": lambda p: [IDS["web-1-eth0"], "-a", "-H"],
    "modify-attribute": lambda p: [p.free, "--source-dest-check", "FALSE"],
    "reset-attribute": lambda p: [IDS["web-1-eth0"], "--source-dest-check"],
    "describe-subnets": lambda p: ["-H", "-F", f"vpc-id={IDS['workshop']}"],
    "describe-vpcs": lambda p: ["--show-empty-fields", IDS["workshop"]],
    "describe-group": lambda p: ["-H", "default", "-F", "tag-key=Name"],
    "create-vpc": lambda p: ["-H", "10.2.0.0/16", "--tenancy", "dedicated"],
    "delete-vpc": lambda p: [p.vpc],
    "create-subnet": lambda p: ["-c", p.vpc, "-i", "10.1.1.0/24", "-z", "us-east-1b"],
    "delete-subnet": lambda p: [IDS["tiny"]],
    "create-group": lambda p: ["lab", "-d", "Lab machines", "-c", p.vpc],
    "delete-group": lambda p: [IDS["workshop/ssh-admin"]],
    "describe-instances": lambda p: ["-H", "-F", "instance-state-name=running"],
    "run-instances": lambda p: ["ami-0123456789abcdef0", "-s", IDS["management"], "-n", "2"],
    "stop-instances": lambda p: ["-H", IDS["web-1"], IDS["db-1"]],
    "start-instances": lambda p: [IDS["db-1"]],
    "reboot-instances": lambda p: [IDS["web-1"], "-i", IDS["app-1"]],
    "terminate-instances": lambda p: [IDS["standby-1"], IDS["old-1"]],
    "assign-private-ip-addresses": lambda p: [
        "-n",
        p.free,
        "--secondary-private-ip-address-count",
        "2",
    ],
    "unassign-private-ip-addresses": lambda p: [
        "-n",
        p.free,
        "--secondary-private-ip-address",
        "10.0.2.30",
    ],
    "create-tags": lambda p: [p.free, IDS["web-1"], "-t", "role=spare", "-t", "owner"],
    "delete-tags": lambda p: ["-H", IDS["web-1"], IDS["workshop"], "-t", "Name"],
    "describe-tags": lambda p: ["-H", "-F", "resource-type=network-interface"],
    "allocate-address": lambda p: ["-d", "vpc", "-H"],
    "associate-address": lambda p: ["-a", p.allocation, "-i", IDS["app-1"]],
    "disassociate-address": lambda p: ["-a", p.association],
    "release-address": lambda p: ["-a", p.allocation],
    "describe-addresses": lambda p: ["-H", "-F", "domain=vpc"],
    "version": lambda p: [],
}


@pytest.mark.parametrize("sub", LEGACY)
def test_legacy_names_behave_like_the_subcommand(
    prepared: Prepared, tmp_path: Path, sub: str
) -> None:
    args = ARGS[sub](prepared)
    argvs = [[script("ec2eni"), sub, *args], *([script(name), *args] for name in LEGACY[sub])]
    states = [prepared.copy(tmp_path, str(n)) for n in range(len(argvs))]
    reference, *others = run_together(list(zip(argvs, states, strict=True)))
    assert reference[0] == 0 and reference[2] == "", reference
    assert reference[1] or sub == "reboot-instances"  # ec2reboot prints nothing
    for other in others:
        assert other == reference
    # The same change to the account, whichever name made it.
    first = without_attach_time(states[0])
    assert all(without_attach_time(state) == first for state in states[1:])


def test_python_dash_m_runs_the_ec2eni_group(prepared: Prepared, tmp_path: Path) -> None:
    state = prepared.copy(tmp_path, "account")
    module, installed = run_together(
        [
            ([sys.executable, "-m", "ec2eni", "describe", "--hide-tags"], state),
            ([script("ec2eni"), "describe", "--hide-tags"], state),
        ]
    )
    assert module == installed
    assert module[0] == 0 and module[1].count("NETWORKINTERFACE\t") == 6


def test_an_ec2_error_is_one_stderr_line_and_exit_1(prepared: Prepared, tmp_path: Path) -> None:
    eni = IDS["web-1-eth0"]
    states = [prepared.copy(tmp_path, str(n)) for n in range(3)]
    before = states[0].read_bytes()
    outcomes = run_together(
        [
            ([script("ec2delnic"), eni], states[0]),
            ([script("ec2-delete-network-interface"), eni], states[1]),
            ([script("ec2eni"), "delete", eni], states[2]),
        ]
    )
    message = f"Client.InvalidParameterValue: Network interface '{eni}' is currently in use.\n"
    assert outcomes == [(1, "", message)] * 3
    assert all(state.read_bytes() == before for state in states)


def test_a_legacy_usage_error_is_the_legacy_line_and_exit_1(
    prepared: Prepared, tmp_path: Path
) -> None:
    # legacy-cli.md §1.4: under a legacy name, the legacy tool's own line and status.
    state = prepared.copy(tmp_path, "account")
    before = state.read_bytes()
    missing, unknown, modern = run_together(
        [
            ([script("ec2attnic"), prepared.free, "-d", "1"], state),
            ([script("ec2-describe-network-interfaces"), "--bogus"], state),
            ([script("ec2eni"), "describe", "--bogus"], state),
        ]
    )
    assert missing == (1, "", "Required option '-i, --instance INSTANCE' missing (-h for usage)\n")
    assert unknown == (1, "", "Unrecognized option: --bogus (use -h for usage)\n")
    # The modern face keeps click's wording and status 2.
    assert modern == (
        2,
        "",
        "ec2eni describe: No such option '--bogus'. Did you mean '--verbose'? (-h for usage)\n",
    )
    assert state.read_bytes() == before

"""`ec2eni scenario list|show|start|check` and the scenario files behind them.

For every scenario, as a student would do it, with the installed scripts in real processes: start
it, check (not done: each unmet requirement says what is there instead, and a hint), run every
`$ ` line of `show` in one bash in order (each must succeed), check again (all met, exit 0). Then
the commands' own behaviour: the list, start's question and backup (the same as `account reset`),
unknown names, and the scenario files' validation.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ec2eni.engine import invariants
from ec2eni.store import codec
from ec2eni.teaching import scenarios
from ec2eni.teaching.scenarios import ScenarioError, build_start, load, load_all
from tests.cli.support import LEGACY
from tests.conftest import Run

SCRIPTS = Path(sys.executable).parent
NAMES = [
    "management-network",
    "network-appliance",
    "dual-homed-tiers",
    "high-availability",
    "mac-licensing",
    "multi-vpc",
]
NOW = "2026-01-01T09:00:00Z"
BACKUP = re.compile(r"account\.toml\.\d{8}T\d{6}Z(-\d+)?\.bak")


def _environment(state: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EC2ENI_")}
    env.update(
        PATH=f"{SCRIPTS}{os.pathsep}{os.environ['PATH']}",
        HOME=str(state.parent),
        EC2ENI_STATE=str(state),
        EC2ENI_NOW=NOW,
    )
    return env


def _bash(script: str, state: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", script],
        env=_environment(state),
        cwd=state.parent,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def _commands(shown: str) -> list[str]:
    return [line[2:] for line in shown.splitlines() if line.startswith("$ ")]


def test_the_six_scenarios_are_listed_in_teaching_order(run: Run) -> None:
    assert [s.name for s in load_all()] == NAMES
    result = run("scenario", "list")
    assert (result.exit_code, result.stderr) == (0, "")
    rows = result.stdout.splitlines()
    assert [row.split()[0] for row in rows] == NAMES
    width = max(map(len, NAMES))
    for row, scenario in zip(rows, load_all(), strict=True):
        assert row == f"{scenario.name:<{width}}  {scenario.summary}"
        assert len(row) <= 80  # one line on any terminal


@pytest.mark.parametrize("name", NAMES)
def test_a_student_follows_the_steps_to_the_goal(name: str, tmp_path: Path) -> None:
    state = tmp_path / "account.toml"
    scenario = load(name)

    started = _bash(f"ec2eni scenario start {name}", state)
    assert (started.returncode, started.stderr) == (0, ""), started.stderr
    assert started.stdout == (
        f"Wrote the starting account of scenario {name} to {state}\n"
        f"Next: ec2eni scenario show {name}\n"
    )

    before = _bash(f"ec2eni scenario check {name}", state)
    assert (before.returncode, before.stderr) == (1, ""), before.stderr
    lines = before.stdout.splitlines()
    outcomes = lines[:-1]
    assert len(outcomes) == len(scenario.requirements)
    unmet = [line for line in outcomes if line.startswith("[not met] ")]
    assert unmet, before.stdout
    for line, requirement in zip(outcomes, scenario.requirements, strict=True):
        if line.startswith("[met] "):
            assert line == f"[met] {requirement.statement}"
        else:
            # What is there instead, in parentheses, then the scenario's hint.
            assert re.fullmatch(
                rf"\[not met\] {re.escape(requirement.statement)} \(.+\) — hint: "
                + re.escape(requirement.hint),
                line,
            ), line
    met = len(outcomes) - len(unmet)
    assert lines[-1] == (
        f"{met} of {len(outcomes)} requirements met; the steps: ec2eni scenario show {name}"
    )

    shown = _bash(f"ec2eni scenario show {name}", state)
    assert (shown.returncode, shown.stderr) == (0, "")
    commands = _commands(shown.stdout)
    assert len(commands) == sum(len(step.run) for step in scenario.steps)
    # All of them in one shell, in order: later ones use the variables earlier ones set.
    done = _bash("set -eu -o pipefail\n" + "\n".join(commands), state)
    assert (done.returncode, done.stderr) == (0, ""), f"{done.stdout}\n--- stderr:\n{done.stderr}"

    after = _bash(f"ec2eni scenario check {name}", state)
    assert (after.returncode, after.stderr) == (0, ""), after.stdout
    assert after.stdout.splitlines() == [
        *(f"[met] {r.statement}" for r in scenario.requirements),
        f"All {len(scenario.requirements)} requirements met: scenario {name} is done.",
    ]


@pytest.mark.parametrize("name", NAMES)
def test_show_explains_and_gives_the_exact_commands(name: str, run: Run) -> None:
    scenario = load(name)
    result = run("scenario", "show", name)
    assert (result.exit_code, result.stderr) == (0, "")
    text = result.stdout
    assert text.startswith(f"{scenario.title} ({name})\n")
    for heading in ("Why", "Starting point", "Goal", "Steps"):
        assert f"\n{heading}\n" in text
    for requirement in scenario.requirements:
        assert f"  - {requirement.statement}" in " ".join(text.split("\n    "))
    assert text.count("Look at: ") == len(scenario.steps)
    assert text.endswith(f"\nThen: ec2eni scenario check {name}\n")
    commands = _commands(text)
    assert commands == [command for step in scenario.steps for command in step.run]
    # Only the legacy tools' names: the commands a student would have typed against EC2.
    legacy = {n for names in LEGACY.values() for n in names}
    for command in commands:
        assert "ec2eni" not in command
        assert set(re.findall(r"\bec2[a-z-]+", command)) <= legacy, command
    assert all(len(line) <= 78 for line in text.splitlines() if not line.startswith("$ "))


@pytest.mark.parametrize("name", NAMES)
def test_starting_accounts_are_valid_and_the_same_every_time(name: str) -> None:
    scenario = load(name)
    first = build_start(scenario)
    assert invariants.check(first) == []
    assert codec.encode(first) == codec.encode(build_start(scenario))


def test_start_asks_before_replacing_and_keeps_a_backup(run: Run, state_path: Path) -> None:
    # No file yet: nothing to lose, nothing asked, nothing kept.
    result = run("scenario", "start", "management-network")
    assert (result.exit_code, result.stderr) == (0, "")
    assert "Kept" not in result.stdout
    old = state_path.read_bytes()

    refused = run("scenario", "start", "high-availability", input="n\n")
    assert refused.exit_code == 1
    assert refused.stdout.startswith(
        f"Replace {state_path} with the starting account of scenario high-availability? "
        "The old file is kept as a backup [y/N]: "
    )
    assert refused.stderr == "Aborted.\n"
    assert state_path.read_bytes() == old
    assert not list(state_path.parent.glob("*.bak"))

    agreed = run("scenario", "start", "high-availability", input="y\n")
    assert (agreed.exit_code, agreed.stderr) == (0, "")
    [backup] = state_path.parent.glob("*.bak")
    assert BACKUP.fullmatch(backup.name)
    assert backup.read_bytes() == old
    assert f"Kept the old account as {backup}\n" in agreed.stdout
    assert agreed.stdout.endswith(
        f"Wrote the starting account of scenario high-availability to {state_path}\n"
        "Next: ec2eni scenario show high-availability\n"
    )
    assert state_path.read_text().count("service-eth1") == 1

    # --yes: no question, and the account it replaced is kept too.
    replaced = state_path.read_bytes()
    quiet = run("scenario", "start", "multi-vpc", "--yes")
    assert (quiet.exit_code, quiet.stderr) == (0, "")
    assert "Replace" not in quiet.stdout
    backups = sorted(state_path.parent.glob("*.bak"), key=lambda p: p.stat().st_mtime_ns)
    assert len(backups) == 2
    assert replaced in {b.read_bytes() for b in backups}


def test_start_and_reset_keep_the_old_account_the_same_way(run: Run, state_path: Path) -> None:
    assert run("scenario", "start", "mac-licensing").exit_code == 0
    scenario_file = state_path.read_bytes()
    reset = run("account", "reset", "--yes")
    assert reset.exit_code == 0
    [backup] = state_path.parent.glob("*.bak")
    assert backup.read_bytes() == scenario_file
    assert reset.stdout == (
        f"Kept the old account as {backup}\nWrote a fresh default account to {state_path}\n"
    )


@pytest.mark.parametrize("command", ["show", "start", "check"])
def test_an_unknown_scenario_is_a_usage_error_naming_the_scenarios(
    command: str, run: Run, state_path: Path
) -> None:
    result = run("scenario", command, "no-such-lab")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"ec2eni scenario {command}: Invalid value for 'NAME': unknown scenario 'no-such-lab'; "
        f"the scenarios are: {', '.join(NAMES)} (-h for usage)\n"
    )
    assert not state_path.exists()


def test_a_path_is_not_a_scenario_name(run: Run) -> None:
    result = run("scenario", "show", "../scenarios/multi-vpc")
    assert result.exit_code == 2
    assert "unknown scenario" in result.stderr


def test_check_finds_things_by_name_and_says_what_is_there_instead(run: Run) -> None:
    """A wrong turn: web-1's new interface made in the public subnet instead of the management
    one. The IDs are whatever the run made; the check still finds web-1's eth1."""
    assert run("scenario", "start", "management-network").exit_code == 0
    made = run("create", "subnet-d3d57647d7c3f13c9", "-g", "sg-97f065c67a83556cf")
    eni = made.stdout.split("\t")[1]
    assert run("attach", eni, "-i", "i-cf9ace0ed00a6c9e3", "-d", "1").exit_code == 0
    result = run("scenario", "check", "management-network")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:5] == [
        "[met] web-1 has 2 network interfaces",
        "[met] web-1's eth0 is in the subnet public",
        "[met] web-1's eth0 has only the security group web",
        "[not met] web-1's eth1 is in the subnet management (it is in public) — hint: an "
        "interface stays in the subnet it was made in: detach the wrong one, create one in the "
        "management subnet and attach it with -d 1",
        "[met] web-1's eth1 has only the security group ssh-admin",
    ]


def test_a_new_interface_does_not_carry_the_licensed_mac(run: Run) -> None:
    assert run("scenario", "start", "mac-licensing").exit_code == 0
    licensed = build_start(load("mac-licensing"))
    [mac] = [
        e.mac_address
        for e in licensed.network_interfaces.values()
        if e.tags == {"Name": "license-eth1"}
    ]
    backend = "subnet-1b9e7e21dbe5446f6"
    launched = run("run-instances", "ami-0123456789abcdef0", "-t", "m5.large", "-s", backend)
    instance = [line for line in launched.stdout.splitlines() if line.startswith("INSTANCE")]
    instance_id = instance[0].split("\t")[1]
    assert run("create-tags", instance_id, "-t", "Name=app-2").exit_code == 0
    eni = run("create", backend).stdout.split("\t")[1]
    assert run("attach", eni, "-i", instance_id, "-d", "1").exit_code == 0
    result = run("scenario", "check", "mac-licensing")
    assert result.exit_code == 1
    [line] = [row for row in result.stdout.splitlines() if row.startswith("[not met]")]
    assert line.startswith(
        "[not met] app-2's eth1 has the MAC address license-eth1 had at the start (it has "
    )
    assert f", not {mac}) — hint: " in line


def test_check_names_what_is_missing_without_failing(run: Run) -> None:
    """On the plain default account nat-1 does not exist: every requirement about it says so."""
    assert run("account", "reset", "--yes").exit_code == 0
    result = run("scenario", "check", "network-appliance")
    assert (result.exit_code, result.stderr) == (1, "")
    outcomes = result.stdout.splitlines()[:-1]
    assert outcomes and all("(no instance is named nat-1) — hint: " in o for o in outcomes)


def _parse(text: str) -> scenarios.Scenario:
    import tomllib

    return scenarios._parse("broken", tomllib.loads(text))


GOOD = """
order = 9
title = "t"
summary = "s"
idea = "i"
goal = "g"
[[steps]]
do = "d"
run = ["ec2dnic"]
look = "l"
"""


@pytest.mark.parametrize(
    ("extra", "problem"),
    [
        ('[[requirements]]\nkind = "nope"\nhint = "h"', "kind must be one of"),
        (
            '[[requirements]]\nkind = "instance_has_interfaces"\ninstance = "a"\nhint = "h"',
            "count is missing",
        ),
        (
            '[[requirements]]\nkind = "instance_has_interfaces"\ninstance = "a"\ncount = true\n'
            'hint = "h"',
            "count must be an integer",
        ),
        (
            '[[requirements]]\nkind = "instance_state"\ninstance = "a"\nstate = "running"\n'
            'colour = "red"\nhint = "h"',
            "unknown colour",
        ),
        ('[[setup]]\naction = "format_disk"', "action must be one of"),
    ],
)
def test_a_wrong_scenario_file_is_named_with_its_problem(extra: str, problem: str) -> None:
    with pytest.raises(ScenarioError, match=problem):
        _parse(GOOD + extra)


def test_a_setup_that_the_engine_refuses_is_a_scenario_error() -> None:
    scenario = _parse(
        GOOD
        + '[[setup]]\naction = "create_vpc"\nname = "x"\ncidr = "10.0.0.0/8"\n'
        + '[[requirements]]\nkind = "instance_state"\ninstance = "x"\nstate = "running"\n'
        + 'hint = "h"'
    )
    with pytest.raises(ScenarioError, match=r"setup action 1 \(create_vpc\) failed: InvalidVpc"):
        build_start(scenario)

"""Commands running in parallel, as real processes of the installed `ec2eni`, never lose an
update and never leave a broken account; a held lock makes a writer wait, then give up with exit 4
and nothing changed, while readers go on (README, Guarantees: Locked; Errors and exit codes)."""

from __future__ import annotations

import fcntl
import os
import random
import re
import subprocess
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ec2eni.engine.default_account import build_default_account
from tests.conftest import Run
from tests.reliability.support import EC2ENI, ec2eni, parse_state

EC2_ERROR_LINE = re.compile(r"Client\.[A-Za-z]+(\.[A-Za-z]+)*: [^\n]+\n")


def interface_record(stdout: str) -> list[str]:
    lines = [line for line in stdout.splitlines() if line.startswith("NETWORKINTERFACE\t")]
    assert len(lines) == 1, stdout
    return lines[0].split("\t")


def assert_ok_or_one_ec2_error(done: subprocess.CompletedProcess[str]) -> None:
    """Losing a race is an EC2 refusal (exit 1, one `Client.<Code>: ...` line), never more."""
    context = f"{done.args}: exit {done.returncode}\n{done.stderr}"
    assert done.returncode in (0, 1), context
    if done.returncode == 0:
        assert done.stderr == "", context
    else:
        assert EC2_ERROR_LINE.fullmatch(done.stderr), context
        assert done.stdout == "", context


# --- (a) parallel creates -----------------------------------------------------------------


def test_eight_processes_creating_25_interfaces_each_make_exactly_200(
    state_path: Path, ids: dict[str, str]
) -> None:
    # No account yet: the processes also race to create the default account.
    subnet = ids["default-a"]

    def create_25(_: int) -> list[subprocess.CompletedProcess[str]]:
        return [ec2eni("create", subnet) for _ in range(25)]

    with ThreadPoolExecutor(max_workers=8) as pool:
        runs = [done for batch in pool.map(create_25, range(8)) for done in batch]

    for done in runs:
        assert (done.returncode, done.stderr) == (0, ""), done.stderr
    records = [interface_record(done.stdout) for done in runs]
    new_ids = {r[1] for r in records}
    macs = {r[10] for r in records}
    ips = {r[11] for r in records}
    assert len(new_ids) == len(macs) == 200
    # Fully serialised, each create takes the lowest free address from base+4: no gap, no reuse.
    assert ips == {f"172.31.0.{n}" for n in range(4, 204)}

    account = parse_state(state_path)
    default_ids = set(build_default_account().network_interfaces)
    assert set(account.network_interfaces) == default_ids | new_ids
    for r in records:
        eni = account.network_interfaces[r[1]]
        assert (eni.mac_address, eni.private_ip_address) == (r[10], r[11])
    all_macs = [e.mac_address for e in account.network_interfaces.values()]
    assert len(set(all_macs)) == len(all_macs) == 204

    check = ec2eni("account", "check")
    assert (check.returncode, check.stderr) == (0, "")
    assert (
        check.stdout
        == f"{state_path}: OK (schema version 2; 204 network interfaces, 5 instances, 7 subnets)\n"
    )


# --- (b) a mixed run on shared interfaces --------------------------------------------------


@dataclass
class Tally:
    """What the parallel workers saw succeed, to compare with the account afterwards."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    pool: list[str] = field(default_factory=list)
    created: set[str] = field(default_factory=set)
    deleted: set[str] = field(default_factory=set)
    attachments: list[str] = field(default_factory=list)
    detached: list[str] = field(default_factory=list)
    runs: list[subprocess.CompletedProcess[str]] = field(default_factory=list)


def mixed_worker(seed: int, tally: Tally, names: dict[str, str]) -> None:
    rng = random.Random(seed)
    instances = [names["web-1"], names["standby-1"], names["app-1"]]
    for step in range(20):
        with tally.lock:
            eni = rng.choice(tally.pool)
        op = rng.choice(["attach", "attach", "detach", "detach", "modify", "delete", "create"])
        if op == "attach":
            device = rng.choice(["1", "2"])
            done = ec2eni("attach", eni, "-i", rng.choice(instances), "-d", device)
        elif op == "detach":
            # Look the attachment up first, as a script would; it may be gone by the next step.
            done = ec2eni("describe", eni, "--hide-tags")
            attachment = [
                line.split("\t")[2]
                for line in done.stdout.splitlines()
                if line.startswith("ATTACHMENT\t")
            ]
            if attachment:
                with tally.lock:
                    tally.runs.append(done)
                done = ec2eni("detach", attachment[0])
            else:
                op = "describe"
        elif op == "modify":
            if rng.random() < 0.5:
                done = ec2eni("modify-attribute", eni, "-d", f"worker {seed} step {step}")
            else:
                flag = rng.choice(["true", "false"])
                done = ec2eni("modify-attribute", eni, "--source-dest-check", flag)
        elif op == "delete":
            done = ec2eni("delete", eni)
        else:
            done = ec2eni("create", names["public"], "-d", f"worker {seed}")
        with tally.lock:
            tally.runs.append(done)
            if done.returncode != 0:
                continue
            if op == "create":
                new = interface_record(done.stdout)[1]
                tally.created.add(new)
                tally.pool.append(new)
            elif op == "delete":
                assert done.stdout == f"NETWORKINTERFACE\t{eni}\n"
                tally.deleted.add(eni)
            elif op == "attach":
                tally.attachments.append(done.stdout.strip())
            elif op == "detach":
                tally.detached.append(done.args[-1])


def test_parallel_mixed_commands_keep_every_invariant_and_every_success(
    state_path: Path, run: Run, ids: dict[str, str]
) -> None:
    tally = Tally()
    for n in range(6):
        created = run("create", ids["public"], "-d", f"shared {n}")
        assert created.exit_code == 0, created.stderr
        tally.pool.append(interface_record(created.stdout)[1])
    before = set(parse_state(state_path).network_interfaces)

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(lambda seed: mixed_worker(seed, tally, ids), range(6)))

    for done in tally.runs:
        assert_ok_or_one_ec2_error(done)
    # The run must have raced every kind of change, or the checks below prove little.
    assert tally.created and tally.deleted and tally.attachments and tally.detached
    account = parse_state(state_path)
    # Every success the workers saw is in the file: nothing was lost or applied twice.
    assert set(account.network_interfaces) == (before | tally.created) - tally.deleted
    secondary = {
        e.attachment.id
        for e in account.network_interfaces.values()
        if e.attachment is not None and e.attachment.device_index != 0
    }
    assert len(tally.detached) == len(set(tally.detached))
    assert secondary == set(tally.attachments) - set(tally.detached)
    check = ec2eni("account", "check")
    assert (check.returncode, check.stderr) == (0, ""), check.stdout


# --- (c) the lock --------------------------------------------------------------------------


@contextmanager
def holding_lock(state_path: Path) -> Iterator[None]:
    """Hold the account lock from this process, as a long-running command would."""
    fd = os.open(state_path.with_name(".account.toml.lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def writing_command(name: str, run: Run, ids: dict[str, str]) -> list[str]:
    """Argv of a writing command that succeeds on the account as prepared here."""
    spare = interface_record(run("create", ids["public"]).stdout)[1]
    if name == "create":
        return ["create", ids["default-a"]]
    if name == "attach":
        return ["attach", spare, "-i", ids["app-1"], "-d", "1"]
    if name == "detach":
        attached = run("attach", spare, "-i", ids["app-1"], "-d", "1")
        return ["detach", attached.stdout.strip()]
    if name == "delete":
        return ["delete", spare]
    if name == "modify-attribute":
        return ["modify-attribute", ids["web-1-eth0"], "-d", "changed"]
    if name == "reset-attribute":
        return ["reset-attribute", ids["web-1-eth0"], "--source-dest-check"]
    assert name == "account reset"
    return ["account", "reset", "--yes"]


@pytest.mark.parametrize(
    "name",
    [
        "create",
        "attach",
        "detach",
        "delete",
        "modify-attribute",
        "reset-attribute",
        "account reset",
    ],
)
def test_a_writer_gives_up_on_a_held_lock_with_exit_4_and_nothing_changed(
    name: str, state_path: Path, run: Run, ids: dict[str, str]
) -> None:
    argv = writing_command(name, run, ids)
    before = state_path.read_bytes()
    listing = sorted(os.listdir(state_path.parent))

    with holding_lock(state_path):
        started = time.monotonic()
        done = ec2eni(*argv, EC2ENI_LOCK_TIMEOUT="0.5")
        elapsed = time.monotonic() - started

    assert done.returncode == 4, done.stderr
    assert 0.5 <= elapsed < 5
    assert done.stdout == ""
    message = done.stderr
    assert message.count("\n") == 1 and message.endswith("\n")
    assert message.startswith("ec2eni: ")
    for part in (str(state_path), "is locked", "0.5 s", "EC2ENI_LOCK_TIMEOUT"):
        assert part in message
    assert state_path.read_bytes() == before
    assert sorted(os.listdir(state_path.parent)) == listing

    again = ec2eni(*argv, EC2ENI_LOCK_TIMEOUT="0.5")
    assert (again.returncode, again.stderr) == (0, "")


def test_a_writer_waits_for_the_lock_and_goes_on_when_it_is_released(
    state_path: Path, run: Run, ids: dict[str, str]
) -> None:
    run("describe")
    with holding_lock(state_path):
        waiting = subprocess.Popen(
            [EC2ENI, "create", ids["default-a"]],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "EC2ENI_LOCK_TIMEOUT": "30"},
        )
        time.sleep(1.0)
        still_waiting = waiting.poll() is None
    stdout, stderr = waiting.communicate(timeout=30)

    assert still_waiting
    assert (waiting.returncode, stderr) == (0, "")
    new = interface_record(stdout)[1]
    assert new in parse_state(state_path).network_interfaces


@pytest.mark.parametrize(
    "argv",
    [
        ["describe"],
        ["describe", "-F", "status=in-use"],
        ["describe-attribute", "eni-1706a5992fc9609ea", "-d"],
        ["describe-instances"],
        ["describe-subnets"],
        ["describe-security-groups"],
        ["describe-vpcs"],
        ["account", "check"],
        ["account", "path"],
    ],
    ids=" ".join,
)
def test_readers_do_not_wait_for_a_held_lock(argv: list[str], state_path: Path, run: Run) -> None:
    # Only a read-modify-write takes the lock (README, Guarantees); a reader of an existing file
    # reads the last complete version, which a rename makes atomic.
    run("describe")
    expected = ec2eni(*argv)
    assert (expected.returncode, expected.stderr) == (0, "")
    before = state_path.read_bytes()

    with holding_lock(state_path):
        done = ec2eni(*argv, EC2ENI_LOCK_TIMEOUT="0.5")

    assert (done.returncode, done.stdout, done.stderr) == (0, expected.stdout, "")
    assert state_path.read_bytes() == before

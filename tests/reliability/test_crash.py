"""`kill -9` at any moment of a writing command leaves the account as it was before the command or
as it is after it, byte for byte: never a mix, never a truncated file. What a killed command leaves
behind (its lock file, its temp files) never blocks the next command, and the next write removes
the temp files (README, Guarantees: Atomic, Locked; store.py)."""

from __future__ import annotations

import copy
import os
import random
import signal
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from ec2eni.engine import interfaces
from ec2eni.engine.default_account import build_default_account
from ec2eni.store import codec
from tests.reliability.support import EC2ENI, ec2eni, parse_state

KILLS = 120
SEED = 20261123
KNOWN_FILES = {"account.toml", ".account.toml.lock", ".account.toml.cache"}


def timed_run(argv: list[str]) -> float:
    started = time.monotonic()
    done = ec2eni(*argv)
    assert (done.returncode, done.stderr) == (0, "")
    return time.monotonic() - started


def kill_after(argv: list[str], delay: float) -> bool:
    """Start a command, SIGKILL it after `delay` s; True if it was still running then."""
    process = subprocess.Popen(
        [EC2ENI, *argv], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    time.sleep(delay)
    process.kill()
    process.wait()
    # Either it had finished normally, or the kill is what ended it.
    assert process.returncode in (0, -signal.SIGKILL)
    return process.returncode == -signal.SIGKILL


def temp_files(directory: Path) -> list[str]:
    return sorted(name for name in os.listdir(directory) if name.endswith(".tmp"))


def test_sigkill_at_random_moments_leaves_the_old_or_the_new_account(
    state_path: Path, ids: dict[str, str]
) -> None:
    rng = random.Random(SEED)
    subnet, eth0 = ids["default-a"], ids["web-1-eth0"]
    default_ids = set(build_default_account().network_interfaces)
    lifetime = statistics.median(
        timed_run(argv) for argv in [["create", subnet], ["describe"]] * 2 + [["create", subnet]]
    )
    current = parse_state(state_path)
    current_bytes = state_path.read_bytes()
    # The after-state's exact bytes are predicted with the same encoder the command uses.
    assert codec.encode(current).encode() == current_bytes
    outcomes: Counter[str] = Counter()

    for kill in range(KILLS):
        # Alternate create and delete so the account stays small and every command is cheap.
        expected = copy.deepcopy(current)
        extra = [eni for eni in current.network_interfaces if eni not in default_ids]
        if extra:
            argv = ["delete", extra[0]]
            interfaces.delete_network_interface(expected, extra[0])
        else:
            argv = ["create", subnet]
            interfaces.create_network_interface(expected, subnet)
        expected_bytes = codec.encode(expected).encode()

        # Half the kills anywhere in the command's life, half near its end, where it writes.
        share = rng.uniform(0, 1.25) if kill % 2 else rng.uniform(0.6, 1.1)
        killed = kill_after(argv, share * lifetime)

        data = state_path.read_bytes()
        context = f"kill {kill} of {argv}: {len(data)} bytes"
        if data == current_bytes:
            assert killed, context
            outcomes["before"] += 1
        else:
            assert data == expected_bytes, context
            outcomes["after, killed" if killed else "after"] += 1
            current, current_bytes = expected, expected_bytes
        assert parse_state(state_path) == current

        leftovers = temp_files(state_path.parent)
        if leftovers or kill % 10 == 9:
            outcomes["leftover temp files"] += bool(leftovers)
            # The next command is not blocked by the killed one's lock or temp files, and its
            # write removes those temp files.
            done = ec2eni("reset-attribute", eth0, "--source-dest-check")
            assert (done.returncode, done.stdout, done.stderr) == (
                0,
                f"sourceDestCheck\t{eth0}\tRESET\n",
                "",
            ), context
            assert state_path.read_bytes() == current_bytes
            assert temp_files(state_path.parent) == []

    assert set(os.listdir(state_path.parent)) <= KNOWN_FILES
    # The kills must have hit commands mid-run and missed others, or nothing was tested.
    assert outcomes["before"] >= KILLS // 10, outcomes
    assert outcomes["after"] + outcomes["after, killed"] >= KILLS // 10, outcomes
    check = ec2eni("account", "check")
    assert (check.returncode, check.stderr) == (0, ""), check.stdout


def test_sigkill_of_the_first_command_leaves_no_file_or_a_complete_account(
    state_path: Path, ids: dict[str, str]
) -> None:
    # The first command creates the default account, then applies itself: a kill may leave
    # nothing, the ready default account (README: the first command creates it), or both steps.
    rng = random.Random(SEED + 1)
    subnet = ids["default-a"]
    default = build_default_account()
    with_one = copy.deepcopy(default)
    interfaces.create_network_interface(with_one, subnet)
    allowed = {codec.encode(default).encode(), codec.encode(with_one).encode()}
    lifetime = timed_run(["create", subnet])

    for kill in range(20):
        for name in os.listdir(state_path.parent):
            os.unlink(state_path.parent / name)
        kill_after(["create", subnet], rng.uniform(0, 1.25 * lifetime))
        if state_path.exists():
            assert state_path.read_bytes() in allowed, f"kill {kill}"
        done = ec2eni("describe", "--hide-tags")
        assert (done.returncode, done.stderr) == (0, ""), f"kill {kill}"


def test_a_killed_lock_holder_does_not_block_the_next_command(
    state_path: Path, ids: dict[str, str]
) -> None:
    assert ec2eni("describe").returncode == 0
    lock = state_path.with_name(".account.toml.lock")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, os, sys, time\n"
            "fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)\n"
            "fcntl.flock(fd, fcntl.LOCK_EX)\n"
            "print('locked', flush=True)\n"
            "time.sleep(60)\n",
            str(lock),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    try:
        assert holder.stdout.readline() == "locked\n"
        blocked = ec2eni("create", ids["default-a"], EC2ENI_LOCK_TIMEOUT="0.3")
        assert blocked.returncode == 4, blocked.stderr
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()

    done = ec2eni("create", ids["default-a"], EC2ENI_LOCK_TIMEOUT="2")
    assert (done.returncode, done.stderr) == (0, "")
    assert len(parse_state(state_path).network_interfaces) == 5


def test_the_next_write_removes_temp_files_left_by_killed_commands(
    state_path: Path, ids: dict[str, str]
) -> None:
    assert ec2eni("describe").returncode == 0
    before = state_path.read_bytes()
    # What SIGKILL mid-write leaves: a half-written state temp file and a cache temp file, named
    # after processes that no longer exist.
    (state_path.parent / ".account.toml.4242.tmp").write_bytes(before[: len(before) // 2])
    (state_path.parent / ".account.toml.cache.4243.tmp").write_bytes(b"[2,[1,")
    expected = parse_state(state_path)
    interfaces.create_network_interface(expected, ids["default-a"])

    done = ec2eni("create", ids["default-a"])

    assert (done.returncode, done.stderr) == (0, "")
    assert set(os.listdir(state_path.parent)) == KNOWN_FILES
    assert parse_state(state_path) == expected

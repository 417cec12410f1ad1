"""Benchmark: whole `ec2eni` processes against `python -c pass` and a minimal click app, on accounts
of growing size.

Usage (with the interpreter that has ec2eni installed; the `ec2eni` script beside it is timed):

    .venv/bin/python bench/run.py                   # default,1000,5000,50000 interfaces, 7 runs
    .venv/bin/python bench/run.py --quick          # 3 runs, no 50,000 account: a fast check
    .venv/bin/python bench/run.py --sizes default,5000 --runs 11 --output /tmp/bench.md
    .venv/bin/python bench/run.py --sizes 5000 --keep   # keep the built accounts for profiling

What it does:

1. Builds one account state file per size in a fresh temp directory (the user's own account is
   never read or written: the children of a padded account get `EC2ENI_STATE` pointing at its
   file; those of the default account find theirs at the default path, under a private
   `XDG_DATA_HOME`, as a user's first commands do, so resolving that path is timed too).
   `default` is the built-in default account (4 interfaces) plus one unattached benchmark
   interface in its `backend` subnet, made through the engine as `ec2eni create` would. A number N
   is the default account padded to N interfaces in total with a `bench` VPC (10.128.0.0/16, 16
   /20 subnets in us-east-1a, interfaces spread evenly over them, so one subnet holds 1/16 of
   them), about one in ten interfaces attached to running m5.2xlarge instances (4 each), one in ten
   holding a secondary IP, one unattached benchmark interface, and one m5.24xlarge instance with
   only its primary interface to attach it to. IDs and MACs come from a counter (well formed and
   unique), the quota is raised to 100,000, and every account must pass
   `ec2eni.engine.invariants.check` before it is timed. Each account is built in a child process
   (this script with `--build`), so the timing process stays small: see "Peak RSS" below.
2. For each size, runs every case once untimed (warm-up: byte-code, page cache and the parse cache
   are hot afterwards, as for a user running a second command), then `--runs` rounds. In each
   round every case runs once, and every timed command is immediately preceded by a
   `python -c pass` run and a minimal click app run (CLICK_APP: `import click`, one command that
   echoes a line) of the same interpreter with the same environment, so machine noise hits the
   command and its floors alike. Wall time covers spawning the process, reading all of its
   stdout from a pipe (in chunks, counting lines and records on the fly), and reaping it.
3. Reports per row: median wall time, median of its paired floor runs, their ratio, the median of
   its paired click-app runs and the ratio to it, the highest peak RSS of the timed runs, the lines
   printed, and each applicable target with pass/FAIL.

Why two floors: the ratio to `python -c pass` moves from machine to machine (it mostly measures
how slow imports are there), while the ratio to a minimal click app, which pays the same
interpreter start and the same `import click`, holds: it measures what ec2eni adds on top.

Peak RSS is the child's `ru_maxrss` from `os.wait4`. Linux carries the spawning process's
high-water RSS into the child's `ru_maxrss` (the child is forked or vforked before exec), so a
child can never report less than its spawner's peak. This script would be that spawner at 15-20
MiB (more if it held an account or a large output), so commands are spawned, read and reaped by
a small helper interpreter (`python -S -I`, about 8 MiB) that keeps only counts and the first
bytes of each output, and the accounts are built in a child process. The report prints the
helper's peak; `python -c pass` itself peaks at about 10 MiB.

The cases:

- `describe`: every interface; the NETWORKINTERFACE records are counted and must equal the
  account's interfaces (the line count is reported).
- `describe -F subnet-id=…`: the subnet holding the most interfaces that is still at most a tenth
  of the account (for the default account: a subnet holding one); the record count is checked.
- `describe-attribute -d` of the benchmark interface.
- `create` in the benchmark interface's subnet; the new interface is deleted again after each run
  by an untimed `ec2eni delete`, so the account does not grow (its ID counter still advances).
- `attach` of the benchmark interface to the benchmark instance at device index 1, then `detach`
  of that attachment: two timed commands, reported as two rows (attach, detach), each with its
  own paired floor runs. Both rows carry the target of the attach + detach case.
- `modify-attribute --source-dest-check` of the benchmark interface, alternating false and true.
- On the default account only: the other describe commands (`describe-instances`,
  `describe-subnets`, `describe-vpcs`, `describe-group`, `describe-addresses`, `describe-tags`),
  `ec2dnic` (a legacy console script, which imports only its own command) and `ec2ver`.

The children run in this environment minus settings that change what is timed (DISTORTING_ENV:
`PYTHONDONTWRITEBYTECODE`, `PYTHONUNBUFFERED`, debugging switches), with `PYTHONPYCACHEPREFIX` set
to a private folder: ec2eni's byte code is compiled once in the warm-up and then reused, as after a
normal install, even when the source tree's .pyc files are stale, and the source tree is never
written. The report names the settings removed.

Every command finds a fresh parse cache (`.account.toml.cache`), as after any earlier ec2eni
command; the first command after a hand edit of the TOML file parses and checks it afresh, which
this benchmark does not time.

Targets (ratio = median command / median paired floor):

- every command on the default account: <= 5x `python -c pass`, and <= 1.2x the minimal click
  app (start-up stays flat: a command imports only its own module);
- at 5,000 interfaces: `describe -F subnet-id=…` <= 10x; `create`, `attach`, `detach`,
  `modify-attribute` and full `describe` <= 15x; peak RSS of every command <= 100 MiB;
- at 50,000 interfaces: every command completes (within `--timeout`), and its median is at most
  10 times its median at 5,000 (linear growth or better; needs 5,000 in the same run).

The table (Markdown) goes to stdout and, with the machine description and each size's floor
median, to `--output` (default: bench/results.md). Progress goes to stderr. The exit status is 0
whatever the targets say; it is 1 only if a command fails or prints something unexpected.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import marshal
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ec2eni.engine.model import Account

DEFAULT_SIZES = "default,1000,5000,50000"
QUICK_SIZES = "default,1000,5000"
DEFAULT_RUNS = 7
QUICK_RUNS = 3
DEFAULT_OUTPUT = Path(__file__).resolve().parent / "results.md"
BENCH_QUOTA = 100_000
BENCH_SUBNETS = 16  # /20s of 10.128.0.0/16: 4,091 usable addresses each
ATTACHED_EVERY = 10  # one interface in ten is attached to an instance
SECONDARY_EVERY = 10  # one interface in ten holds a secondary private IP
PER_INSTANCE = 4  # interfaces of each m5.2xlarge (its limit)
MIB = 1024
CHUNK = 1 << 16
HEAD = 4096  # bytes of each command's output kept for the checks
RECORD = b"\nNETWORKINTERFACE\t"

FILTER_ROW = "describe -F subnet-id=…"
ROWS = (
    "describe",
    FILTER_ROW,
    "describe-attribute -d",
    "create",
    "attach",
    "detach",
    "modify-attribute",
)
# Rows run on the default account only: argv after the script, and the script (None: ec2eni).
DEFAULT_ONLY: dict[str, tuple[list[str], str | None]] = {
    "describe-instances": (["describe-instances"], None),
    "describe-subnets": (["describe-subnets"], None),
    "describe-vpcs": (["describe-vpcs"], None),
    "describe-group": (["describe-group"], None),
    "describe-addresses": (["describe-addresses"], None),  # no address: prints nothing
    "describe-tags": (["describe-tags"], None),
    "ec2dnic": ([], "ec2dnic"),
    "ec2ver": ([], "ec2ver"),
}
ALL_ROWS = (*ROWS, *DEFAULT_ONLY)
# The second floor: the smallest click program, run by the same interpreter.
CLICK_APP = """\
import click


@click.command()
def main() -> None:
    click.echo("hello")


main()
"""
# Ratio targets at 5,000 interfaces, by row.
TARGETS_5K = {
    "describe": 15.0,
    FILTER_ROW: 10.0,
    "create": 15.0,
    "attach": 15.0,
    "detach": 15.0,
    "modify-attribute": 15.0,
}
DEFAULT_TARGET = 5.0
CLICK_TARGET = 1.2  # default account: median command / median minimal click app
RSS_TARGET_MIB = 100.0
GROWTH_TARGET = 10.0
# Interpreter settings that change what is timed; removed from the children's environment.
DISTORTING_ENV = (
    "PYTHONDONTWRITEBYTECODE",
    "PYTHONPYCACHEPREFIX",
    "PYTHONUNBUFFERED",
    "PYTHONOPTIMIZE",
    "PYTHONPROFILEIMPORTTIME",
    "PYTHONDEVMODE",
    "PYTHONTRACEMALLOC",
    "PYTHONMALLOC",
    "PYTHONMALLOCSTATS",
    "PYTHONVERBOSE",
    "PYTHONDEBUG",
    "PYTHONINSPECT",
    "PYTHONASYNCIODEBUG",
    "PYTHONWARNINGS",
    "EC2ENI_LOCK_TIMEOUT",
)


class BenchError(Exception):
    """A command failed or printed something unexpected: the numbers would mean nothing."""


class TimedOut(Exception):
    """A command ran longer than --timeout and was killed."""


# --- building accounts (in a child process: `run.py --build SIZE --to PATH`) -----------------


@dataclass
class Bench:
    """One benchmark account and the resources the cases use."""

    label: str
    size: int | None  # None: the default account
    path: str
    interfaces: int
    eni_id: str  # unattached, in a us-east-1a subnet
    instance_id: str  # running, in us-east-1a, with a free device index 1
    create_subnet: str
    filter_subnet: str
    filter_count: int
    ec2eni_version: str
    build_seconds: float = 0.0


def _hex_id(kind: str, number: int) -> str:
    """A well-formed 17-digit ID that the account's blake2b generator will not produce in
    practice ("0be" then the counter)."""
    return f"{kind}-0be{number:014x}"


def _mac(number: int) -> str:
    return f"02:be:{(number >> 16) & 255:02x}:{(number >> 8) & 255:02x}:{number & 255:02x}:00"


def _ip(value: int) -> str:
    return f"{value >> 24}.{(value >> 16) & 255}.{(value >> 8) & 255}.{value & 255}"


def _filter_subnet(account: Account) -> tuple[str, int]:
    """The subnet with the most interfaces that still holds at most a tenth of them (at least
    one)."""
    counts: dict[str, int] = {}
    for eni in account.network_interfaces.values():
        counts[eni.subnet_id] = counts.get(eni.subnet_id, 0) + 1
    limit = max(1, len(account.network_interfaces) // 10)
    within = [(n, s) for s, n in counts.items() if n <= limit]
    count, subnet_id = max(within) if within else min((n, s) for s, n in counts.items())
    return subnet_id, count


def build_default(path: Path) -> Bench:
    from ec2eni.engine import interfaces
    from ec2eni.engine.default_account import build_default_account

    account = build_default_account()
    backend = next(s for s in account.subnets.values() if s.tags.get("Name") == "backend")
    app = next(i for i in account.instances.values() if i.tags.get("Name") == "app-1")
    created = interfaces.create_network_interface(
        account, backend.id, description="benchmark interface"
    )
    eni_id = created.network_interface_id
    return _finish(account, path, None, eni_id, app.id, backend.id)


def build_padded(path: Path, size: int) -> Bench:
    """The default account padded to `size` interfaces with a `bench` VPC (see the docstring)."""
    from ec2eni.engine.default_account import LAUNCH_TIME, build_default_account
    from ec2eni.engine.model import (
        Attachment,
        Instance,
        NetworkInterface,
        SecurityGroup,
        Subnet,
        Vpc,
    )

    account = build_default_account()
    account.eni_quota = BENCH_QUOTA
    extra = size - len(account.network_interfaces)
    if extra < 2:
        raise BenchError(f"size {size}: too small (the default account alone has 4 interfaces)")
    if extra * (1 + 1 / SECONDARY_EVERY) > BENCH_SUBNETS * 4000:
        raise BenchError(f"size {size}: too large for one /16 of benchmark subnets")

    vpc = Vpc(id=_hex_id("vpc", 1), cidr="10.128.0.0/16", tags={"Name": "bench"})
    account.vpcs[vpc.id] = vpc
    subnets: list[Subnet] = []
    next_ip: list[int] = []
    for k in range(BENCH_SUBNETS):
        network = (10 << 24) | (128 << 16) | (k * 16 << 8)
        subnet = Subnet(
            id=_hex_id("subnet", k + 1),
            vpc_id=vpc.id,
            cidr=f"{_ip(network)}/20",
            availability_zone="us-east-1a",
            tags={"Name": f"bench-{k:02d}"},
        )
        account.subnets[subnet.id] = subnet
        subnets.append(subnet)
        next_ip.append(network + 4)  # the first four addresses are reserved
    groups: list[SecurityGroup] = []
    for k, (name, text) in enumerate(
        [
            ("default", "default VPC security group"),
            ("web", "HTTP and HTTPS from anywhere"),
            ("app", "Application tier"),
            ("db", "Database tier"),
            ("ssh-admin", "SSH from the management network"),
        ]
    ):
        group = SecurityGroup(
            id=_hex_id("sg", k + 1), vpc_id=vpc.id, name=name, description=text, tags={}
        )
        account.security_groups[group.id] = group
        groups.append(group)

    instance_count = 0

    def new_instance(instance_type: str, subnet: Subnet, name: str) -> Instance:
        nonlocal instance_count
        instance_count += 1
        instance = Instance(
            id=_hex_id("i", instance_count),
            instance_type=instance_type,
            state="running",
            subnet_id=subnet.id,
            tags={"Name": name},
        )
        account.instances[instance.id] = instance
        return instance

    def new_interface(number: int, k: int, description: str, secondary: bool) -> NetworkInterface:
        subnet = subnets[k]
        addresses = [_ip(next_ip[k] + j) for j in range(2 if secondary else 1)]
        next_ip[k] += len(addresses)
        chosen = [groups[0]] + [groups[1 + j] for j in range(number % 3) if number % 5 != j]
        eni = NetworkInterface(
            id=_hex_id("eni", number),
            subnet_id=subnet.id,
            mac_address=_mac(number),
            private_ip_address=addresses[0],
            secondary_private_ip_addresses=addresses[1:],
            group_ids=[g.id for g in chosen],
            description=description,
            source_dest_check=number % 7 != 0,
            tags={"Name": f"bench-{number}", "tier": ("web", "app", "db")[number % 3]},
        )
        account.network_interfaces[eni.id] = eni
        return eni

    def attach(eni: NetworkInterface, instance: Instance, index: int, number: int) -> None:
        eni.attachment = Attachment(
            id=_hex_id("eni-attach", number),
            instance_id=instance.id,
            device_index=index,
            delete_on_termination=index == 0,
            attach_time=LAUNCH_TIME,
        )

    # The benchmark instance (only its primary interface) and the benchmark interface.
    target = new_instance("m5.24xlarge", subnets[0], "bench-target")
    attach(new_interface(1, 0, "Primary network interface", False), target, 0, 1)
    eni_id = new_interface(2, 0, "benchmark interface", False).id

    current: Instance | None = None
    used = 0
    for number in range(3, extra + 1):
        k = number % BENCH_SUBNETS
        attached = number % ATTACHED_EVERY == 0
        description = "" if number % 4 == 0 else f"bench interface {number}"
        if attached and (current is None or used == PER_INSTANCE):
            current = new_instance("m5.2xlarge", subnets[k], f"bench-{instance_count:05d}")
            used = 0
            description = "Primary network interface"
        eni = new_interface(number, k, description, number % SECONDARY_EVERY == 5)
        if attached and current is not None:
            attach(eni, current, used, number)
            used += 1
    return _finish(account, path, size, eni_id, target.id, subnets[0].id)


def _finish(
    account: Account,
    path: Path,
    size: int | None,
    eni_id: str,
    instance_id: str,
    create_subnet: str,
) -> Bench:
    from ec2eni import __version__
    from ec2eni.engine import invariants
    from ec2eni.store.state_file import Store

    problems = invariants.check(account)
    if problems:
        raise BenchError(f"built account {size or 'default'} breaks invariants: {problems[:5]}")
    Store(path).replace_with(account)
    filter_subnet, filter_count = _filter_subnet(account)
    total = len(account.network_interfaces)
    return Bench(
        label=f"default ({total:,})" if size is None else f"{total:,}",
        size=size,
        path=str(path),
        interfaces=total,
        eni_id=eni_id,
        instance_id=instance_id,
        create_subnet=create_subnet,
        filter_subnet=filter_subnet,
        filter_count=filter_count,
        ec2eni_version=__version__,
    )


def build_in_child(size: int | None, path: Path) -> Bench:
    """Build in a separate process so this one never holds a large account (see "Peak RSS")."""
    token = "default" if size is None else str(size)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, __file__, "--build", token, "--to", str(path)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
    )
    if done.returncode != 0:
        raise BenchError(f"building the {token} account failed:\n{done.stderr.decode()}")
    bench = Bench(**json.loads(done.stdout))
    bench.build_seconds = time.perf_counter() - start
    return bench


def build_main(token: str, path: Path) -> int:
    size = parse_sizes(token)[0]
    bench = build_default(path) if size is None else build_padded(path, size)
    print(json.dumps(dataclasses.asdict(bench)))
    return 0


# --- running processes ----------------------------------------------------------------------


@dataclass
class Sample:
    seconds: float
    max_rss_kib: int
    head: bytes  # the first HEAD bytes of stdout
    lines: int
    records: int  # NETWORKINTERFACE lines


# The spawner: a bare interpreter (`-S -I`, builtin modules only, about 8 MiB) that starts each
# command with posix_spawn, reads its stdout and stderr as they come (counting lines and records,
# keeping only the first bytes), and reaps it with wait4. Linux puts the spawning process's
# high-water RSS into the child's ru_maxrss, so spawning from this small process instead of from
# the benchmark itself keeps every reported peak the child's own (above about 8 MiB). Requests and
# replies are length-prefixed `marshal` tuples on its stdin and stdout.
SPAWNER = r"""
import marshal, os, select, sys, time
src, dst = sys.stdin.buffer, sys.stdout.buffer
while header := src.read(4):
    argv, env, timeout, chunk_size, head_size, record = marshal.loads(
        src.read(int.from_bytes(header, "little"))
    )
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    start = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, env, file_actions=[
        (os.POSIX_SPAWN_OPEN, 0, "/dev/null", os.O_RDONLY, 0),
        (os.POSIX_SPAWN_DUP2, out_w, 1),
        (os.POSIX_SPAWN_DUP2, err_w, 2),
    ])
    os.close(out_w)
    os.close(err_w)
    head, tail, err, lines, records, timed_out = b"", b"", b"", 0, 0, False
    open_fds = [out_r, err_r]
    deadline = start + timeout
    while open_fds:
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            os.kill(pid, 9)
            timed_out = True
            break
        for fd in select.select(open_fds, [], [], remaining)[0]:
            data = os.read(fd, chunk_size)
            if not data:
                open_fds.remove(fd)
            elif fd == err_r:
                err = (err + data)[:head_size]
            else:
                if len(head) < head_size:
                    head += data[: head_size - len(head)]
                lines += data.count(b"\n")
                window = tail + data  # tail is shorter than record: nothing counted twice
                records += window.count(record)
                tail = window[1 - len(record):]
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    os.close(out_r)
    os.close(err_r)
    records += head.startswith(record[1:])
    own_peak = 0  # this process's high-water RSS, which every child's ru_maxrss includes
    try:
        with open("/proc/self/status", "rb") as status_file:
            for line in status_file:
                if line.startswith(b"VmHWM:"):
                    own_peak = int(line.split()[1])
    except OSError:
        pass
    reply = marshal.dumps((
        seconds, usage.ru_maxrss, head, lines, records, os.waitstatus_to_exitcode(status), err,
        timed_out, own_peak,
    ))
    dst.write(len(reply).to_bytes(4, "little") + reply)
    dst.flush()
"""


class Spawner:
    """Runs commands through the SPAWNER process, one at a time."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-S", "-I", "-c", SPAWNER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        self.own_peak_kib = 0

    def run(self, argv: list[str], env: dict[str, str], timeout: float) -> Sample:
        """Run to completion, reading all of stdout; wall time and the child's peak RSS."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        request = marshal.dumps((argv, env, timeout, CHUNK, HEAD, RECORD))
        self.proc.stdin.write(len(request).to_bytes(4, "little") + request)
        self.proc.stdin.flush()
        header = self.proc.stdout.read(4)
        if len(header) < 4:
            raise BenchError("the spawner process died")
        reply = marshal.loads(self.proc.stdout.read(int.from_bytes(header, "little")))
        seconds, max_rss, head, lines, records, code, errors, timed_out, own_peak = reply
        self.own_peak_kib = max(self.own_peak_kib, own_peak)
        if timed_out:
            raise TimedOut(f"{' '.join(argv)}: killed after {timeout:g} s")
        if code != 0:
            message = errors.decode(errors="replace").strip()
            raise BenchError(f"{' '.join(argv)}: exit {code}: {message}")
        return Sample(seconds, max_rss, head, lines, records)

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait()


@dataclass
class Row:
    times: list[float] = field(default_factory=list)
    floors: list[float] = field(default_factory=list)
    click_floors: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)
    floor_rss_kib: list[int] = field(default_factory=list)
    lines: int | None = None
    timed_out: str | None = None


class Runner:
    """Runs the cases of one account; `timed` pairs each command with a floor run."""

    def __init__(
        self,
        spawner: Spawner,
        bench: Bench,
        ec2eni: Path,
        env: dict[str, str],
        timeout: float,
        click_app: Path,
    ) -> None:
        self.spawner = spawner
        self.bench = bench
        self.ec2eni = str(ec2eni)
        self.click_app = str(click_app)
        self.timeout = timeout
        self.env = env
        self.recording = False
        self.rows: dict[str, Row] = {name: Row() for name in ALL_ROWS}
        self.source_dest_check = True

    def untimed(self, args: list[str]) -> Sample:
        return self.spawner.run([self.ec2eni, *args], self.env, self.timeout)

    def timed(self, row: str, args: list[str], script: str | None = None) -> Sample:
        floor = self.spawner.run([sys.executable, "-c", "pass"], self.env, self.timeout)
        click_floor = self.spawner.run([sys.executable, self.click_app], self.env, self.timeout)
        program = self.ec2eni if script is None else str(Path(self.ec2eni).parent / script)
        sample = self.spawner.run([program, *args], self.env, self.timeout)
        if self.recording:
            record = self.rows[row]
            record.times.append(sample.seconds)
            record.floors.append(floor.seconds)
            record.click_floors.append(click_floor.seconds)
            record.rss_kib.append(sample.max_rss_kib)
            record.floor_rss_kib.append(floor.max_rss_kib)
            record.lines = sample.lines
        return sample

    # The cases, each one round's worth; `Runner.cases` lists them with the rows they fill.

    def describe(self) -> None:
        out = self.timed("describe", ["describe"])
        self._expect_records(out, self.bench.interfaces, "describe")

    def describe_filtered(self) -> None:
        args = ["describe", "-F", f"subnet-id={self.bench.filter_subnet}"]
        out = self.timed(FILTER_ROW, args)
        self._expect_records(out, self.bench.filter_count, FILTER_ROW)

    def describe_attribute(self) -> None:
        out = self.timed("describe-attribute -d", ["describe-attribute", self.bench.eni_id, "-d"])
        if self.bench.eni_id.encode() not in out.head:
            raise BenchError(f"describe-attribute printed {out.head[:200]!r}")

    def create(self) -> None:
        out = self.timed("create", ["create", self.bench.create_subnet]).head
        fields = out.split(b"\n", 1)[0].split(b"\t")
        if fields[0] != b"NETWORKINTERFACE":
            raise BenchError(f"create printed {out[:200]!r}")
        self.untimed(["delete", fields[1].decode()])

    def attach_detach(self) -> None:
        b = self.bench
        out = self.timed("attach", ["attach", b.eni_id, "-i", b.instance_id, "-d", "1"]).head
        attachment = out.decode().strip()
        if not attachment.startswith("eni-attach-"):
            raise BenchError(f"attach printed {out[:200]!r}")
        self.timed("detach", ["detach", attachment])

    def modify_attribute(self) -> None:
        self.source_dest_check = not self.source_dest_check
        value = "true" if self.source_dest_check else "false"
        args = ["modify-attribute", self.bench.eni_id, "--source-dest-check", value]
        self.timed("modify-attribute", args)

    def default_only(self, row: str) -> Callable[[], None]:
        args, script = DEFAULT_ONLY[row]

        def case() -> None:
            out = self.timed(row, args, script)
            if not out.lines and row != "describe-addresses":
                raise BenchError(f"{row} printed nothing")

        return case

    def cases(self) -> list[tuple[Callable[[], None], tuple[str, ...]]]:
        cases: list[tuple[Callable[[], None], tuple[str, ...]]] = [
            (self.describe, ("describe",)),
            (self.describe_filtered, (FILTER_ROW,)),
            (self.describe_attribute, ("describe-attribute -d",)),
            (self.create, ("create",)),
            (self.attach_detach, ("attach", "detach")),
            (self.modify_attribute, ("modify-attribute",)),
        ]
        if self.bench.size is None:
            cases += [(self.default_only(row), (row,)) for row in DEFAULT_ONLY]
        return cases

    def _expect_records(self, out: Sample, expected: int, what: str) -> None:
        if out.records != expected:
            raise BenchError(f"{what}: {out.records} interfaces printed, expected {expected}")

    def run(self, warmups: int, runs: int) -> None:
        cases = self.cases()
        dead: set[int] = set()
        for round_number in range(warmups + runs):
            self.recording = round_number >= warmups
            tag = "warm-up" if not self.recording else f"run {round_number - warmups + 1}/{runs}"
            log(f"  {self.bench.label}: {tag}")
            for index, (case, rows) in enumerate(cases):
                if index in dead:
                    continue
                try:
                    case()
                except TimedOut as error:
                    dead.add(index)
                    for row in rows:
                        self.rows[row].timed_out = str(error)
                    log(f"  {error}")


def child_env(workdir: Path) -> tuple[dict[str, str], list[str]]:
    """The children's environment: this one without DISTORTING_ENV, with byte code cached under
    `workdir` (fresh .pyc files, as in a normal install, without writing to the source tree)."""
    # EC2ENI_STATE too: each account says where its file is (the user's own is never touched).
    env = {k: v for k, v in os.environ.items() if k not in DISTORTING_ENV and k != "EC2ENI_STATE"}
    removed = sorted(k for k in os.environ if k in DISTORTING_ENV)
    env["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")
    return env, removed


# --- reporting --------------------------------------------------------------------------------


@dataclass
class Result:
    bench: Bench
    rows: dict[str, Row]
    floor_ms: float
    floor_rss_mib: float
    click_ms: float


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def mark(ok: bool) -> str:
    return "pass" if ok else "**FAIL**"


def judge(result: Result, name: str, by_size: dict[int | None, Result]) -> tuple[str, list[str]]:
    """The targets that apply to one row, as text, and the verdict of each."""
    row = result.rows[name]
    size = result.bench.size
    targets: list[str] = []
    verdicts: list[str] = []
    if size is None:
        targets.append(f"≤ {DEFAULT_TARGET:g}×")
        if row.times:
            ratio = median_ms(row.times) / median_ms(row.floors)
            verdicts.append(mark(ratio <= DEFAULT_TARGET))
        targets.append(f"≤ {CLICK_TARGET:g}× click")
        if row.times:
            ratio = median_ms(row.times) / median_ms(row.click_floors)
            verdicts.append(mark(ratio <= CLICK_TARGET))
    if size == 5000:
        limit = TARGETS_5K.get(name)
        if limit is not None:
            targets.append(f"≤ {limit:g}×")
            if row.times:
                ratio = median_ms(row.times) / median_ms(row.floors)
                verdicts.append(mark(ratio <= limit))
        targets.append(f"RSS ≤ {RSS_TARGET_MIB:g} MiB")
        if row.rss_kib:
            verdicts.append(mark(max(row.rss_kib) / MIB <= RSS_TARGET_MIB))
    if size == 50000:
        targets.append("completes")
        verdicts.append(mark(row.timed_out is None and bool(row.times)))
        base = by_size.get(5000)
        if base is None or not base.rows[name].times:
            targets.append("t ≤ 10 × t(5k): no 5,000 run")
        elif row.times:
            growth = median_ms(row.times) / median_ms(base.rows[name].times)
            targets.append(f"t ≤ {GROWTH_TARGET:g} × t(5k): {growth:.1f} ×")
            verdicts.append(mark(growth <= GROWTH_TARGET))
    if row.timed_out and "completes" not in targets:
        verdicts.append("**FAIL** (timed out)")
    return ("; ".join(targets) or "—"), verdicts


def table(results: list[Result]) -> tuple[list[str], list[str]]:
    """The Markdown table and the list of failed targets."""
    by_size = {r.bench.size: r for r in results}
    lines = [
        "| interfaces | command | median ms | floor ms | ratio | click ms | × click | peak RSS MiB "
        "| lines out | target | result |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    failures: list[str] = []
    for result in results:
        for name in ALL_ROWS:
            row = result.rows[name]
            if name in DEFAULT_ONLY and result.bench.size is not None:
                continue
            target, verdicts = judge(result, name, by_size)
            if row.times:
                cmd = median_ms(row.times)
                floor = median_ms(row.floors)
                click_floor = median_ms(row.click_floors)
                cells = [
                    f"{cmd:,.1f}",
                    f"{floor:.1f}",
                    f"{cmd / floor:.1f}×",
                    f"{click_floor:.1f}",
                    f"{cmd / click_floor:.2f}×",
                    f"{max(row.rss_kib) / MIB:.1f}",
                    f"{row.lines:,}" if row.lines is not None else "",
                ]
            else:
                cells = ["did not complete", "", "", "", "", "", ""]
            verdict = ", ".join(verdicts) or "—"
            if "FAIL" in verdict:
                failures.append(f"{result.bench.label} interfaces, `{name}`: {target} → {verdict}")
            lines.append(
                f"| {result.bench.label} | `{name}` | " + " | ".join(cells) + f" | {target} "
                f"| {verdict} |"
            )
    return lines, failures


def machine(version: str) -> list[str]:
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return [
        f"- date: {datetime.datetime.now(datetime.UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- ec2eni {version}; Python {platform.python_version()} ({sys.executable})",
        f"- platform: {platform.platform()}; {os.cpu_count()} CPUs; "
        f"load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}",
    ]


def report(
    results: list[Result], runs: int, warmups: int, spawner_peak_kib: int, removed: list[str]
) -> tuple[str, list[str]]:
    rows, failures = table(results)
    floors = ", ".join(
        f"{r.bench.label}: {r.floor_ms:.1f} ms, {r.floor_rss_mib:.1f} MiB" for r in results
    )
    version = results[0].bench.ec2eni_version if results else "?"
    text = [
        "# ec2eni benchmark",
        "",
        *machine(version),
        f"- {warmups} warm-up round(s), then {runs} timed rounds; medians; every timed command "
        "paired with a `python -c pass` run just before it (floor ms is the median of its pairs)",
        f"- floor (`python -c pass`) median time and peak RSS, all pairs of each account: {floors}",
        "- second floor: a minimal click app (`import click`, one command echoing a line), run "
        "just before each timed command; median per account: "
        + ", ".join(f"{r.bench.label}: {r.click_ms:.1f} ms" for r in results),
        f"- peak RSS of the process that spawns the commands: {spawner_peak_kib / MIB:.1f} MiB "
        "(Linux counts it into each child's peak: no row can show less)",
        "- children's environment: byte code cached in a private `PYTHONPYCACHEPREFIX` (fresh "
        "for ec2eni, as after an install); removed: "
        + (", ".join(f"`{name}`" for name in removed) or "nothing"),
        "- `create` rows: the created interface is deleted after each run (untimed); `attach` and "
        "`detach` are timed separately, one after the other; `lines out` is the output of the "
        "last timed run (full `describe` prints every interface: its records are counted)",
        "",
        *rows,
        "",
    ]
    if failures:
        text += ["Targets not met:", "", *[f"- {f}" for f in failures], ""]
    else:
        text += ["Every target applicable to the sizes run was met.", ""]
    return "\n".join(text), failures


# --- main -------------------------------------------------------------------------------------


def parse_sizes(text: str) -> list[int | None]:
    sizes: list[int | None] = []
    for token in text.split(","):
        token = token.strip().replace("_", "")
        if token == "default":
            sizes.append(None)
        elif token.isdigit() and int(token) >= 10:
            sizes.append(int(token))
        else:
            raise argparse.ArgumentTypeError(f"size {token!r}: 'default' or a number >= 10")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time whole ec2eni processes against `python -c pass` and a minimal click app "
        "(see the docstring)."
    )
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=None,
        help=f"comma-separated: 'default' (the built-in account) and interface counts "
        f"(default: {DEFAULT_SIZES}; with --quick: {QUICK_SIZES})",
    )
    parser.add_argument(
        "--runs", type=int, default=None, help=f"timed rounds (default {DEFAULT_RUNS})"
    )
    parser.add_argument("--warmups", type=int, default=1, help="untimed rounds first (default 1)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="Markdown table file")
    parser.add_argument(
        "--quick", action="store_true", help=f"{QUICK_RUNS} runs and no 50,000 account"
    )
    parser.add_argument(
        "--timeout", type=float, default=600.0, help="seconds before a command counts as hung"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the built account files (the path is printed)"
    )
    parser.add_argument("--build", metavar="SIZE", help=argparse.SUPPRESS)
    parser.add_argument("--to", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.build is not None:
        if args.to is None:
            parser.error("--build needs --to PATH")
        return build_main(args.build, args.to)
    sizes: list[int | None] = args.sizes or parse_sizes(
        QUICK_SIZES if args.quick else DEFAULT_SIZES
    )
    runs: int = args.runs or (QUICK_RUNS if args.quick else DEFAULT_RUNS)
    if runs < 1 or args.warmups < 0:
        parser.error("--runs must be at least 1 and --warmups not negative")

    ec2eni = Path(sys.executable).parent / "ec2eni"
    if not ec2eni.exists():
        parser.error(f"no ec2eni script beside {sys.executable}: install ec2eni into it first")

    workdir = Path(tempfile.mkdtemp(prefix="ec2eni-bench-"))
    results: list[Result] = []
    spawner = Spawner()
    env, removed = child_env(workdir)
    click_app = workdir / "click_app.py"
    click_app.write_text(CLICK_APP, encoding="utf-8")
    try:
        for size in sizes:
            name = "default" if size is None else str(size)
            if size is None:
                # The built-in account where a user's commands find it: the default path, under
                # a private XDG_DATA_HOME, so resolving that path is timed too.
                xdg = workdir / name / "data"
                path = xdg / "ec2eni" / "account.toml"
                run_env = {**env, "XDG_DATA_HOME": str(xdg)}
            else:
                path = workdir / name / "account.toml"
                run_env = {**env, "EC2ENI_STATE": str(path)}
            path.parent.mkdir(parents=True)
            log(f"building the {name} account ...")
            bench = build_in_child(size, path)
            log(
                f"  {bench.interfaces:,} interfaces in {bench.build_seconds:.1f} s; filter subnet "
                f"holds {bench.filter_count:,}"
            )
            runner = Runner(spawner, bench, ec2eni, run_env, args.timeout, click_app)
            runner.run(args.warmups, runs)
            floors = [t for row in runner.rows.values() for t in row.floors]
            floor_rss = [k for row in runner.rows.values() for k in row.floor_rss_kib]
            click_floors = [t for row in runner.rows.values() for t in row.click_floors]
            results.append(
                Result(
                    bench,
                    runner.rows,
                    median_ms(floors) if floors else 0.0,
                    statistics.median(floor_rss) / MIB if floor_rss else 0.0,
                    median_ms(click_floors) if click_floors else 0.0,
                )
            )
    except BenchError as error:
        log(f"error: {error}")
        return 1
    finally:
        spawner.close()
        if args.keep:
            log(f"account files kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    text, failures = report(results, runs, args.warmups, spawner.own_peak_kib, removed)
    print(text)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    log(f"written to {args.output}; {len(failures)} target(s) not met")
    return 0


if __name__ == "__main__":
    sys.exit(main())

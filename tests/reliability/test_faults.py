"""Disk faults in the middle of a command: a full disk (ENOSPC), a failing disk (EIO), a folder that
is read-only or closed to the user (EROFS, EACCES), a state file that turns unreadable once the
lock is held (README, Guarantees; cli/runtime.py: exit 3).

The faults are injected in process by wrapping os functions for chosen files only (root, which
runs these tests in CI, would ignore file modes). A refused command prints one line on stderr
naming the file and the reason, nothing on stdout, exits 3 without a traceback, and leaves the old
file byte for byte, on the same inode, with no temp file beside it. A fault after the new file is
in place (syncing the folder, writing the parse cache) does not turn the success into a failure;
and after a failure the next command still sees the old account.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from ec2eni.engine.default_account import build_default_account
from tests.conftest import Run, names_of
from tests.reliability.support import parse

ID = names_of(build_default_account())
SUBNET = ID["default-a"]
WRITES = [
    ("create", SUBNET),
    ("modify-attribute", ID["web-1-eth0"], "-d", "x"),
]
# The temp files' names (`.<name>.<pid>.<random>.tmp`) are pinned in test_file_safety.py; here any
# temp file of the state file or of its cache will do.
STATE_TEMP = re.compile(r"\.account\.toml\.\d+(\.[0-9a-f]+)?\.tmp")
CACHE_TEMP = re.compile(r"\.account\.toml\.cache\.\d+(\.[0-9a-f]+)?\.tmp")

Where = Callable[[str], bool]


def is_state_temp(path: str) -> bool:
    return STATE_TEMP.fullmatch(os.path.basename(path)) is not None


def is_cache_temp(path: str) -> bool:
    return CACHE_TEMP.fullmatch(os.path.basename(path)) is not None


def error_name(code: int) -> str:
    return errno.errorcode[code]


def id_of(value: object) -> str:
    """Test IDs: names as they are, error numbers by their errno name."""
    return error_name(value) if isinstance(value, int) else str(value)


class Disk:
    """os functions that fail for the files a test chooses, as a faulty disk would.

    Calls on a descriptor are matched by the path it was opened with (through os.open, which is
    how the store opens its files), calls on a path by the path itself.
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch
        self.armed = True
        self.hits = 0
        self.paths: dict[int, str] = {}
        real_open, real_close = os.open, os.close

        def tracking_open(
            path: str | os.PathLike[str], flags: int, mode: int = 0o777, **kwargs: Any
        ) -> int:
            fd = real_open(path, flags, mode, **kwargs)
            self.paths[fd] = os.fspath(path)
            return fd

        def tracking_close(fd: int) -> None:
            self.paths.pop(fd, None)
            real_close(fd)

        monkeypatch.setattr(os, "open", tracking_open)
        monkeypatch.setattr(os, "close", tracking_close)

    def fail(self, name: str, code: int, where: Where, *, partial: bool = False) -> None:
        """Make `os.<name>` raise `code` for files `where` accepts. `partial`: the first such
        os.write writes half its data, as a disk filling up mid-file does, and the next fails."""
        real = getattr(os, name)
        wrote_part = False

        def faulty(*args: Any, **kwargs: Any) -> Any:
            nonlocal wrote_part
            target = args[0]
            path = self.paths.get(target, "") if isinstance(target, int) else os.fspath(target)
            if not (self.armed and where(path)):
                return real(*args, **kwargs)
            if partial and not wrote_part:
                wrote_part = True
                return real(target, args[1][: len(args[1]) // 2])
            self.hits += 1
            if name == "close":
                real(*args)  # a failing close still releases the descriptor
            raise OSError(code, os.strerror(code))

        self.monkeypatch.setattr(os, name, faulty)

    def arm_when_locked(self) -> None:
        """Let the faults act only once a command holds the account lock."""
        self.armed = False
        real = fcntl.flock

        def flock(fd: int, operation: int) -> None:
            real(fd, operation)
            if operation & fcntl.LOCK_EX:
                self.armed = True

        self.monkeypatch.setattr(fcntl, "flock", flock)

    def arm_after(self, name: str, where: Where) -> None:
        """Let the faults act only once `os.<name>` has succeeded on a file `where` accepts."""
        self.armed = False
        real = getattr(os, name)

        def arming(*args: Any, **kwargs: Any) -> Any:
            result = real(*args, **kwargs)
            if where(os.fspath(args[0])):
                self.armed = True
            return result

        self.monkeypatch.setattr(os, name, arming)


@pytest.fixture
def disk(monkeypatch: pytest.MonkeyPatch) -> Disk:
    return Disk(monkeypatch)


@dataclass(frozen=True)
class Before:
    data: bytes
    inode: int
    names: list[str]
    shown: str


def listing(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


def settled(run: Run, state_path: Path) -> Before:
    """The account as a first command leaves it (file, lock and cache), before any fault."""
    shown = run("describe")
    assert (shown.exit_code, shown.stderr) == (0, "")
    return Before(
        state_path.read_bytes(), state_path.stat().st_ino, listing(state_path.parent), shown.stdout
    )


def assert_refused(result: Result, disk: Disk, line: str) -> None:
    assert disk.hits > 0, "the fault was never reached"
    assert "Traceback" not in result.stdout + result.stderr
    assert (result.exit_code, result.stdout, result.stderr) == (3, "", f"ec2eni: {line}\n")


def assert_unchanged(run: Run, state_path: Path, disk: Disk, before: Before) -> None:
    disk.armed = False
    assert state_path.read_bytes() == before.data
    assert state_path.stat().st_ino == before.inode
    assert listing(state_path.parent) == before.names  # no temp file, nothing new
    # Nor does the parse cache tell the next command about a write that did not happen.
    again = run("describe")
    assert (again.exit_code, again.stdout, again.stderr) == (0, before.shown, "")


def cannot_write(state_path: Path, code: int) -> str:
    reason = os.strerror(code)
    return f"cannot write the account state file {state_path}: {reason}. Nothing was changed."


def ids_of(argv: tuple[str, ...]) -> str:
    return argv[0]


# --- writing the temp file ------------------------------------------------------------------


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO], ids=error_name)
@pytest.mark.parametrize("partial", [False, True], ids=["first-write", "after-half"])
@pytest.mark.parametrize("argv", WRITES, ids=ids_of)
def test_a_failing_write_of_the_temp_file_changes_nothing(
    argv: tuple[str, ...], partial: bool, code: int, run: Run, state_path: Path, disk: Disk
) -> None:
    before = settled(run, state_path)
    disk.fail("write", code, is_state_temp, partial=partial)

    assert_refused(run(*argv), disk, cannot_write(state_path, code))
    assert_unchanged(run, state_path, disk, before)


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO], ids=error_name)
@pytest.mark.parametrize("argv", WRITES, ids=ids_of)
def test_a_failing_fsync_of_the_temp_file_changes_nothing(
    argv: tuple[str, ...], code: int, run: Run, state_path: Path, disk: Disk
) -> None:
    before = settled(run, state_path)
    disk.fail("fsync", code, is_state_temp)

    assert_refused(run(*argv), disk, cannot_write(state_path, code))
    assert_unchanged(run, state_path, disk, before)


@pytest.mark.parametrize(
    ("name", "code"),
    [("close", errno.EIO), ("close", errno.ENOSPC), ("replace", errno.EIO)],
    ids=id_of,
)
def test_a_failing_close_or_rename_of_the_temp_file_changes_nothing(
    name: str, code: int, run: Run, state_path: Path, disk: Disk
) -> None:
    # Some file systems (NFS) report a failed write only when the file is closed.
    before = settled(run, state_path)
    disk.fail(name, code, is_state_temp)

    assert_refused(run("create", SUBNET), disk, cannot_write(state_path, code))
    assert_unchanged(run, state_path, disk, before)


@pytest.mark.parametrize("argv", [("describe",), *WRITES], ids=ids_of)
def test_a_full_disk_on_the_first_command_leaves_no_file(
    argv: tuple[str, ...], run: Run, state_path: Path, disk: Disk
) -> None:
    # The first command writes the default account; it fails, and no half file stays.
    disk.fail("write", errno.ENOSPC, is_state_temp, partial=True)

    assert_refused(run(*argv), disk, cannot_write(state_path, errno.ENOSPC))
    assert listing(state_path.parent) == [".account.toml.lock"]
    disk.armed = False
    assert run("describe").exit_code == 0
    assert len(parse(state_path.read_bytes()).network_interfaces) == 4


# --- a folder the temp file cannot be created in ------------------------------------------------


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES], ids=error_name)
@pytest.mark.parametrize("argv", WRITES, ids=ids_of)
def test_a_temp_file_that_cannot_be_created_changes_nothing(
    argv: tuple[str, ...], code: int, run: Run, state_path: Path, disk: Disk
) -> None:
    before = settled(run, state_path)
    # As in a folder made read-only after the lock file was created in it.
    disk.fail("open", code, lambda path: is_state_temp(path) or is_cache_temp(path))

    assert_refused(run(*argv), disk, cannot_write(state_path, code))
    assert_unchanged(run, state_path, disk, before)


def in_folder_except_the_file(state_path: Path) -> Where:
    """Every name of the state file's folder but the state file itself (which is only read)."""
    return lambda path: Path(path).parent == state_path.parent and Path(path) != state_path


def test_a_read_only_folder_still_serves_reads(run: Run, state_path: Path, disk: Disk) -> None:
    before = settled(run, state_path)
    (state_path.parent / ".account.toml.cache").unlink()  # so the read wants to write a cache
    names = listing(state_path.parent)
    for name in ("open", "replace", "unlink"):
        disk.fail(name, errno.EROFS, in_folder_except_the_file(state_path))

    shown = run("describe")

    assert disk.hits > 0, "the cache write was never tried"
    assert (shown.exit_code, shown.stdout, shown.stderr) == (0, before.shown, "")
    assert listing(state_path.parent) == names


@pytest.mark.parametrize("argv", WRITES, ids=ids_of)
def test_a_read_only_folder_refuses_writes_at_the_lock(
    argv: tuple[str, ...], run: Run, state_path: Path, disk: Disk
) -> None:
    # On a read-only file system even the existing lock file cannot be opened for writing.
    before = settled(run, state_path)
    for name in ("open", "replace", "unlink"):
        disk.fail(name, errno.EROFS, in_folder_except_the_file(state_path))
    lock = state_path.parent / ".account.toml.lock"

    line = f"cannot create the lock file {lock}: {os.strerror(errno.EROFS)}"
    assert_refused(run(*argv), disk, line)
    assert_unchanged(run, state_path, disk, before)


# --- a file that turns unreadable ---------------------------------------------------------------

UNREADABLE = [("open", errno.EACCES), ("open", errno.EIO), ("read", errno.EIO)]


@pytest.mark.parametrize(("name", "code"), UNREADABLE, ids=id_of)
@pytest.mark.parametrize("argv", WRITES, ids=ids_of)
def test_a_file_unreadable_once_the_lock_is_held_changes_nothing(
    argv: tuple[str, ...], name: str, code: int, run: Run, state_path: Path, disk: Disk
) -> None:
    before = settled(run, state_path)
    disk.arm_when_locked()
    disk.fail(name, code, lambda path: path == str(state_path))

    line = f"cannot read the account state file {state_path}: {os.strerror(code)}"
    assert_refused(run(*argv), disk, line)
    assert_unchanged(run, state_path, disk, before)


@pytest.mark.parametrize(("name", "code"), UNREADABLE, ids=id_of)
def test_an_unreadable_file_is_refused_by_a_read(
    name: str, code: int, run: Run, state_path: Path, disk: Disk
) -> None:
    before = settled(run, state_path)
    disk.fail(name, code, lambda path: path == str(state_path))

    line = f"cannot read the account state file {state_path}: {os.strerror(code)}"
    assert_refused(run("describe"), disk, line)
    assert_unchanged(run, state_path, disk, before)


# --- faults once the new file is in place ---------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code", "where"),
    [
        ("fsync", errno.EIO, "folder"),
        ("open", errno.ENOSPC, "cache temp"),
        ("replace", errno.EIO, "cache temp"),
    ],
    ids=id_of,
)
def test_a_fault_after_the_rename_does_not_fail_the_write(
    name: str, code: int, where: str, run: Run, state_path: Path, disk: Disk
) -> None:
    settled(run, state_path)
    folder = state_path.parent
    chosen: Where = (lambda path: path == str(folder)) if where == "folder" else is_cache_temp
    disk.fail(name, code, chosen)

    done = run("create", SUBNET)

    assert disk.hits > 0, "the fault was never reached"
    assert (done.exit_code, done.stderr) == (0, "")
    eni_id = done.stdout.split("\t")[1]
    assert eni_id in parse(state_path.read_bytes()).network_interfaces
    assert not [n for n in listing(folder) if n.endswith(".tmp")]
    disk.armed = False
    # Whatever became of the cache, the next command sees the new account.
    shown = run("describe", eni_id)
    assert (shown.exit_code, shown.stderr) == (0, "")
    assert eni_id in shown.stdout


def test_a_file_that_cannot_be_examined_after_the_rename_is_still_written(
    run: Run, state_path: Path, disk: Disk
) -> None:
    # The parse cache is keyed on the new file's stat; without it there is just no cache.
    settled(run, state_path)
    disk.arm_after("replace", is_state_temp)
    disk.fail("stat", errno.EIO, lambda path: path == str(state_path))

    done = run("create", SUBNET)

    assert disk.hits > 0, "the fault was never reached"
    assert (done.exit_code, done.stderr) == (0, "")
    disk.armed = False
    eni_id = done.stdout.split("\t")[1]
    assert eni_id in parse(state_path.read_bytes()).network_interfaces
    assert eni_id in run("describe", eni_id).stdout

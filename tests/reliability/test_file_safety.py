"""The state file on disk, as the installed `ec2eni` leaves it: private to its owner whatever the
umask, with its lock, cache and temp files beside it and nowhere else, found where the README says
(`--state-file`, `$EC2ENI_STATE`, the user data folder; `~` expanded, missing folders made), and
replaced by rename so a reader holding the old file still sees it whole (README, The account state;
Guarantees: Atomic, Private)."""

from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path

import pytest

from ec2eni.engine import interfaces
from ec2eni.engine.store import Store
from tests.reliability.support import ec2eni, parse

SUBNET = "subnet-1ee1230838de3c64f"  # default-a, 172.31.0.0/20


def env_without_state(**extra: str) -> dict[str, str]:
    """The environment with no state path chosen, so the command falls back to its default."""
    env = {k: v for k, v in os.environ.items() if k not in ("EC2ENI_STATE", "XDG_DATA_HOME")}
    env.update(extra)
    return env


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- private -------------------------------------------------------------------------------


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o000], ids=oct)
@pytest.mark.parametrize("argv", [["describe"], ["create", SUBNET]], ids=" ".join)
def test_a_new_state_file_is_private_whatever_the_umask(
    argv: list[str], umask: int, state_path: Path
) -> None:
    done = ec2eni(*argv, umask=umask)

    assert (done.returncode, done.stderr) == (0, "")
    # The parse cache holds the whole account too, so it must be as private as the file.
    for name in ("account.toml", ".account.toml.cache", ".account.toml.lock"):
        assert mode(state_path.with_name(name)) == 0o600, name


@pytest.mark.parametrize("chosen", [0o640, 0o660], ids=oct)
def test_a_write_keeps_the_mode_the_owner_gave_the_file(chosen: int, state_path: Path) -> None:
    # The write replaces the file by a new one; a mode the owner chose (say, a group-writable
    # account shared by a team) must carry over, whatever the umask of the writing shell.
    assert ec2eni("describe").returncode == 0
    state_path.chmod(chosen)

    done = ec2eni("create", SUBNET, umask=0o022)

    assert (done.returncode, done.stderr) == (0, "")
    assert mode(state_path) == chosen


# --- beside the state file ------------------------------------------------------------------


def test_lock_cache_and_temp_files_stay_beside_the_state_file(tmp_path: Path) -> None:
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    state = tmp_path / "accounts" / "lab.toml"
    option = ["--state-file", str(state)]
    runs = [
        ec2eni("create", SUBNET, *option, cwd=cwd),
        ec2eni("describe", *option, cwd=cwd),
        ec2eni("modify-attribute", "eni-1706a5992fc9609ea", "-d", "x", *option, cwd=cwd),
        ec2eni("delete", "eni-0123456789abcdef0", *option, cwd=cwd),
    ]

    assert [r.returncode for r in runs] == [0, 0, 0, 1]
    assert sorted(os.listdir(state.parent)) == [".lab.toml.cache", ".lab.toml.lock", "lab.toml"]
    assert sorted(os.listdir(tmp_path)) == ["accounts", "cwd"]
    assert os.listdir(cwd) == []


def test_every_rename_is_from_a_temp_file_in_the_same_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A rename is atomic only within one file system: the temp file must be beside its target.
    renames: list[tuple[Path, Path]] = []
    real_replace = os.replace

    def recording_replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        renames.append((Path(src), Path(dst)))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", recording_replace)
    store = Store(tmp_path / "account.toml")
    with store.transaction() as account:
        interfaces.create_network_interface(account, SUBNET)

    assert {dst.name for _, dst in renames} == {"account.toml", ".account.toml.cache"}
    for src, dst in renames:
        assert src.parent == dst.parent == tmp_path
        # `.account.toml.<pid>.tmp` for the file, `.account.toml.cache.<pid>.tmp` for the cache
        assert re.fullmatch(rf"\.{re.escape(dst.name.lstrip('.'))}\.\d+\.tmp", src.name), src
    assert sorted(os.listdir(tmp_path)) == [
        ".account.toml.cache",
        ".account.toml.lock",
        "account.toml",
    ]


# --- where the file is ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("how", "expected"),
    [
        (["--state-file", "~/x/account.toml"], "x/account.toml"),
        (["--state-file=~/x/account.toml"], "x/account.toml"),
        ({"EC2ENI_STATE": "~/y/account.toml"}, "y/account.toml"),
    ],
    ids=["--state-file ~", "--state-file=~", "EC2ENI_STATE ~"],
)
def test_a_tilde_in_the_state_path_is_the_home_folder(
    how: list[str] | dict[str, str], expected: str, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    options = how if isinstance(how, list) else []
    env = env_without_state(HOME=str(home), **(how if isinstance(how, dict) else {}))

    shown = ec2eni("account", "path", *options, env=env, cwd=tmp_path)
    created = ec2eni("create", SUBNET, *options, env=env, cwd=tmp_path)

    assert (shown.returncode, shown.stdout, shown.stderr) == (0, f"{home / expected}\n", "")
    assert (created.returncode, created.stderr) == (0, "")
    assert len(parse((home / expected).read_bytes()).network_interfaces) == 5
    assert not (tmp_path / "~").exists()


def test_missing_folders_of_the_state_path_are_created(tmp_path: Path) -> None:
    state = tmp_path / "a" / "b" / "c" / "account.toml"

    done = ec2eni("create", SUBNET, "--state-file", str(state))

    assert (done.returncode, done.stderr) == (0, "")
    assert len(parse(state.read_bytes()).network_interfaces) == 5


@pytest.mark.parametrize("argv", [["create", SUBNET], ["describe"]], ids=" ".join)
def test_a_state_path_under_a_regular_file_is_a_clear_error(
    argv: list[str], tmp_path: Path
) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("not a folder\n")

    done = ec2eni(*argv, "--state-file", str(blocker / "account.toml"))

    assert done.returncode == 3
    assert done.stdout == ""
    assert done.stderr.startswith("ec2eni: ") and done.stderr.count("\n") == 1
    assert str(blocker) in done.stderr
    assert blocker.read_text() == "not a folder\n"


@pytest.mark.skipif(sys.platform != "linux", reason="the XDG layout of the user data folder")
@pytest.mark.parametrize("xdg", [True, False], ids=["XDG_DATA_HOME", "HOME only"])
def test_without_a_chosen_path_the_file_is_in_the_user_data_folder(
    xdg: bool, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    if xdg:
        env = env_without_state(HOME=str(home), XDG_DATA_HOME=str(tmp_path / "data"))
        expected = tmp_path / "data" / "ec2eni" / "account.toml"
    else:
        env = env_without_state(HOME=str(home))
        expected = home / ".local" / "share" / "ec2eni" / "account.toml"

    shown = ec2eni("account", "path", env=env)
    created = ec2eni("describe", env=env)

    assert (shown.returncode, shown.stdout, shown.stderr) == (0, f"{expected}\n", "")
    assert (created.returncode, created.stderr) == (0, "")
    assert len(parse(expected.read_bytes()).network_interfaces) == 4
    assert mode(expected) == 0o600


# --- atomic replacement ---------------------------------------------------------------------


def test_a_write_replaces_the_file_and_an_open_reader_keeps_the_old_one_whole(
    state_path: Path,
) -> None:
    assert ec2eni("describe").returncode == 0
    old_bytes = state_path.read_bytes()
    old_inode = state_path.stat().st_ino

    with open(state_path, "rb") as reader:
        done = ec2eni("create", SUBNET)
        seen_by_reader = reader.read()

    assert (done.returncode, done.stderr) == (0, "")
    assert state_path.stat().st_ino != old_inode
    assert seen_by_reader == old_bytes
    old, new = parse(seen_by_reader), parse(state_path.read_bytes())
    assert set(new.network_interfaces) - set(old.network_interfaces) == {done.stdout.split()[1]}


@pytest.mark.parametrize(
    ("argv", "status"),
    [
        (["describe"], 0),
        (["describe-attribute", "eni-1706a5992fc9609ea", "-d"], 0),
        (["account", "check"], 0),
        # web-1's primary interface: attached, so the delete is refused.
        (["delete", "eni-1706a5992fc9609ea"], 1),
        (["attach", "eni-0123456789abcdef0", "-i", "i-cf9ace0ed00a6c9e3", "-d", "1"], 1),
        (["create", SUBNET, "-g", "sg-nothex"], 1),
        (["create", SUBNET, "--bogus"], 2),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else str(value),
)
def test_a_command_that_changes_nothing_does_not_rewrite_the_file(
    argv: list[str], status: int, state_path: Path
) -> None:
    # Not even with the same bytes: an editor or a backup tool watching the file would see a
    # change that is not one.
    assert ec2eni("describe").returncode == 0
    before = state_path.stat()
    data = state_path.read_bytes()

    done = ec2eni(*argv)

    after = state_path.stat()
    assert done.returncode == status, done.stderr
    assert state_path.read_bytes() == data
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


@pytest.mark.parametrize(
    ("args", "action"),
    [
        (("describe",), "cannot read the account state file"),
        (("create", SUBNET), "cannot create the lock file"),
        (("account", "check"), "cannot read the account state file"),
    ],
    ids=["reader", "writer", "account-check"],
)
def test_a_file_where_a_folder_belongs_is_named(
    tmp_path: Path, args: tuple[str, ...], action: str
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("someone's notes\n")
    state = blocker / "account.toml"
    result = ec2eni(*args, "--state-file", str(state))
    assert result.returncode == 3
    assert result.stdout == ""
    assert result.stderr.startswith(f"ec2eni: {action} ")
    assert result.stderr.endswith(f": {blocker} is a file, not a folder\n")
    assert blocker.read_text() == "someone's notes\n"

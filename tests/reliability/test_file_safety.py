"""The state file on disk, as the installed `ec2eni` leaves it: private to its owner whatever the
umask, with its lock, cache and temp files beside it and nowhere else, found where the README says
(`--state-file`, `$EC2ENI_STATE`, the user data folder; `~` expanded, missing folders made), and
replaced by rename so a reader holding the old file still sees it whole (README, The account state;
Guarantees: Atomic, Private). Temp files get unguessable names and are created exclusively, so a
link planted beside the file is never followed; a state or lock path that is another user's link
is refused, while the user's own link to an account kept elsewhere works."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from ec2eni.engine import interfaces
from ec2eni.store.state_file import Store
from tests.conftest import Run
from tests.reliability.support import ec2eni, parse

SUBNET = "subnet-1ee1230838de3c64f"  # default-a, 172.31.0.0/20
ETH0 = "eni-1706a5992fc9609ea"  # web-1's primary interface
KNOWN_FILES = [".account.toml.cache", ".account.toml.lock", "account.toml"]
# `.<target name>.<pid>.<16 random hex digits>.tmp`
TEMP_NAME = r"\.{}\.\d+\.[0-9a-f]{{16}}\.tmp"


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
        # `.account.toml.<pid>.<random>.tmp` for the file, `.account.toml.cache.<pid>.<random>.tmp`
        # for the cache
        assert re.fullmatch(TEMP_NAME.format(re.escape(dst.name.lstrip("."))), src.name), src
    assert sorted(os.listdir(tmp_path)) == KNOWN_FILES


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


@pytest.mark.parametrize("argv", [["create", SUBNET], ["describe"]], ids=" ".join)
def test_a_folder_as_the_state_path_is_a_clear_error_and_leaves_nothing_behind(
    argv: list[str], tmp_path: Path
) -> None:
    folder = tmp_path / "accounts"
    folder.mkdir()
    for chosen, expected in [
        (str(folder), f"the account state path {folder} is a directory"),
        (f"{folder}/", f"the account state path {folder}/ names a folder, not a file"),
        ("/", "the account state path / names a folder, not a file"),
        (".", "the account state path . names a folder, not a file"),
    ]:
        done = ec2eni(*argv, "--state-file", chosen)
        assert (done.returncode, done.stdout) == (3, ""), chosen
        assert done.stderr == f"ec2eni: {expected}\n", chosen
    # No lock, cache or temp file was made beside the folder, nor in it.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["accounts"]
    assert list(folder.iterdir()) == []


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


# --- temp files and links -------------------------------------------------------------------

requires_root = pytest.mark.skipif(
    os.geteuid() != 0, reason="only root can give a link to another user"
)
OTHER_UID = 12345


def describe_count(run: Run, *options: str) -> int:
    shown = run("describe", *options)
    assert (shown.exit_code, shown.stderr) == (0, "")
    return shown.stdout.count("NETWORKINTERFACE\t")


def foreign_link(link: Path, target: Path) -> None:
    """A symbolic link at `link` to `target`, owned by another user (as if they had made it)."""
    link.symlink_to(target)
    os.lchown(link, OTHER_UID, OTHER_UID)


def snapshot(*folders: Path) -> dict[str, bytes | str]:
    """Every entry of the folders: a file's bytes, a link's target."""
    out: dict[str, bytes | str] = {}
    for folder in folders:
        for entry in sorted(folder.iterdir()):
            if entry.is_symlink():
                out[str(entry)] = f"-> {os.readlink(entry)}"
            elif entry.is_file():
                out[str(entry)] = entry.read_bytes()
    return out


def test_the_next_write_removes_stale_temp_files_of_old_and_new_names(
    run: Run, state_path: Path
) -> None:
    assert run("describe").exit_code == 0
    folder = state_path.parent
    stale = [
        ".account.toml.4242.tmp",  # older releases: `.<name>.<pid>.tmp`
        ".account.toml.cache.4243.tmp",
        ".account.toml.4244.0123456789abcdef.tmp",  # `.<name>.<pid>.<random>.tmp`
        ".account.toml.cache.4245.fedcba9876543210.tmp",
    ]
    others = ["notes.tmp", ".other.toml.4246.tmp", "account.toml.4247.tmp", ".account.toml.x.tmp"]
    for name in stale + others:
        (folder / name).write_bytes(b"[2,[1,")
    (folder / ".account.toml.4248.tmp").symlink_to(folder / "nowhere")

    done = run("create", SUBNET)

    assert (done.exit_code, done.stderr) == (0, "")
    assert sorted(os.listdir(folder)) == sorted(KNOWN_FILES + others)
    assert describe_count(run) == 5


def test_a_link_planted_at_a_predictable_temp_name_is_not_followed(
    run: Run, state_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # Older releases named their temp files `.<name>.<pid>.tmp`: anyone able to write to the folder
    # could plant a link there and have the next write land in a file of their choosing. The
    # command runs in this process, so its pid is known.
    assert run("describe").exit_code == 0
    folder = state_path.parent
    (folder / ".account.toml.cache").unlink()  # so the next read writes a cache
    victim = tmp_path_factory.mktemp("elsewhere") / "victim.txt"
    victim.write_text("precious\n")
    for name in (".account.toml", ".account.toml.cache"):
        (folder / f"{name}.{os.getpid()}.tmp").symlink_to(victim)

    assert describe_count(run) == 4  # a read writes only the cache
    created = run("create", SUBNET)

    assert (created.exit_code, created.stderr) == (0, "")
    assert victim.read_text() == "precious\n"
    assert describe_count(run) == 5
    # The write removed the planted links as leftovers; their target was never opened.
    assert sorted(os.listdir(folder)) == KNOWN_FILES


def test_a_link_planted_at_the_very_temp_name_being_created_is_not_followed(
    run: Run,
    state_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Someone who guessed the random name, or won the race for it: the link is in place when the
    # temp file is opened. The open must fail on it, and another name be tried.
    assert run("describe").exit_code == 0
    folder = state_path.parent
    (folder / ".account.toml.cache").unlink()
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    victim, absent = elsewhere / "victim.txt", elsewhere / "absent.txt"
    victim.write_text("precious\n")
    planted: list[Path] = []
    real_open = os.open
    plant_next = True

    def open_after_planting(path: str | os.PathLike[str], flags: int, mode: int = 0o777) -> int:
        nonlocal plant_next
        if re.fullmatch(TEMP_NAME.format(r"account\.toml(\.cache)?"), os.path.basename(path)):
            # The first name each write tries is taken; the retry with a new name is let be.
            if plant_next:
                planted.append(Path(path))
                # A dangling link too: following it would create the file it names.
                Path(path).symlink_to(victim if len(planted) % 2 else absent)
            plant_next = not plant_next
        return real_open(path, flags, mode)

    monkeypatch.setattr(os, "open", open_after_planting)
    assert describe_count(run) == 4  # writes the cache
    created = run("create", SUBNET)  # writes the file and the cache
    monkeypatch.undo()

    assert (created.exit_code, created.stderr) == (0, "")
    assert len(planted) == 3  # the cache of the read, then the file and the cache of the write
    assert victim.read_text() == "precious\n"
    assert not absent.exists()
    # Each link is still the planter's link (or was removed as a leftover by the write), never
    # replaced by an account or a cache.
    for link in planted:
        assert not os.path.lexists(link) or link.resolve() in (victim, absent)
    assert any(link.is_symlink() for link in planted)
    assert len(parse(state_path.read_bytes()).network_interfaces) == 5


@requires_root
@pytest.mark.parametrize(
    "argv",
    [("describe",), ("create", SUBNET), ("modify-attribute", ETH0, "-d", "x"),
     ("account", "check"), ("account", "reset", "--yes")],
    ids=" ".join,
)  # fmt: skip
def test_a_state_file_that_is_another_users_link_is_refused(
    argv: tuple[str, ...], run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "mine" / "account.toml"
    assert run("describe", "--state-file", str(target)).exit_code == 0
    shared = tmp_path / "shared"
    shared.mkdir()
    link = shared / "account.toml"
    foreign_link(link, target)
    monkeypatch.setenv("EC2ENI_STATE", str(link))
    before = snapshot(target.parent, shared)

    done = run(*argv)

    assert (done.exit_code, done.stdout) == (3, "")
    assert done.stderr == (
        f"ec2eni: refusing the account state file {link}: it is a symbolic link owned by another "
        f"user (uid {OTHER_UID}), who could point it at any file. Nothing was changed.\n"
    )
    assert snapshot(target.parent, shared) == before


@requires_root
@pytest.mark.parametrize("dangling", [False, True], ids=["to-a-file", "dangling"])
@pytest.mark.parametrize(
    "argv", [("create", SUBNET), ("modify-attribute", ETH0, "-d", "x")], ids=" ".join
)
def test_a_lock_file_that_is_another_users_link_is_refused(
    argv: tuple[str, ...], dangling: bool, run: Run, state_path: Path, tmp_path: Path
) -> None:
    assert run("describe").exit_code == 0
    lock = state_path.with_name(".account.toml.lock")
    lock.unlink()
    victim = tmp_path / "elsewhere" / "victim.txt"
    victim.parent.mkdir()
    if not dangling:
        victim.write_text("precious\n")
    foreign_link(lock, victim)
    before = snapshot(state_path.parent, victim.parent)

    done = run(*argv)

    assert (done.exit_code, done.stdout) == (3, "")
    assert done.stderr == (
        f"ec2eni: refusing the lock file {lock}: it is a symbolic link owned by another user "
        f"(uid {OTHER_UID}), who could point it at any file. Nothing was changed.\n"
    )
    assert snapshot(state_path.parent, victim.parent) == before


def test_a_lock_file_that_is_a_link_is_not_followed(
    run: Run, state_path: Path, tmp_path: Path
) -> None:
    # Even the user's own: the lock file is ec2eni's, and a link there is opened with O_NOFOLLOW
    # so that one swapped in after the ownership check cannot redirect it either.
    assert run("describe").exit_code == 0
    lock = state_path.with_name(".account.toml.lock")
    lock.unlink()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    lock.symlink_to(victim)
    data = state_path.read_bytes()

    done = run("create", SUBNET)

    assert (done.exit_code, done.stdout) == (3, "")
    assert done.stderr.startswith(f"ec2eni: refusing the lock file {lock}: it is a symbolic link")
    assert done.stderr.count("\n") == 1
    assert victim.read_text() == "precious\n"
    assert state_path.read_bytes() == data


def test_the_users_own_link_to_the_state_file_works(
    run: Run, state_path: Path, tmp_path: Path
) -> None:
    target = tmp_path / "workshops" / "a.toml"
    assert run("describe", "--state-file", str(target)).exit_code == 0
    kept = target.read_bytes()
    state_path.symlink_to(target)  # account.toml -> workshops/a.toml, the user's own

    assert describe_count(run) == 4  # read through the link
    created = run("create", SUBNET)
    assert (created.exit_code, created.stderr) == (0, "")
    assert describe_count(run) == 5
    assert run("account", "check").exit_code == 0

    # The write went to the target: the link is still a link, and the target holds the new
    # interface (a rename over the link would have left the target behind, unchanged).
    assert state_path.is_symlink()
    assert target.read_bytes() != kept
    assert len(parse(target.read_bytes()).network_interfaces) == 5
    # The lock and cache sit beside the target, shared by commands naming either path.
    assert not (state_path.parent / ".account.toml.lock").exists()
    assert (target.parent / ".a.toml.lock").exists()
    assert describe_count(run, "--state-file", str(target)) == 5


PLATFORMDIRS_ENVIRONMENTS = {
    "HOME only": {"HOME": "/home/ada"},
    "HOME with a trailing slash": {"HOME": "/home/ada/"},
    "HOME is /": {"HOME": "/"},
    "absolute XDG_DATA_HOME": {"HOME": "/home/ada", "XDG_DATA_HOME": "/srv/data"},
    "XDG_DATA_HOME with a trailing slash": {"HOME": "/home/ada", "XDG_DATA_HOME": "/srv/data/"},
    "empty XDG_DATA_HOME": {"HOME": "/home/ada", "XDG_DATA_HOME": ""},
    "relative XDG_DATA_HOME": {"HOME": "/home/ada", "XDG_DATA_HOME": "data"},
    "blank XDG_DATA_HOME": {"HOME": "/home/ada", "XDG_DATA_HOME": "  "},
    "relative HOME": {"HOME": "ada"},
    "no HOME": {},
}


@pytest.mark.parametrize(
    "env", PLATFORMDIRS_ENVIRONMENTS.values(), ids=list(PLATFORMDIRS_ENVIRONMENTS)
)
def test_the_default_path_is_the_one_platformdirs_gives(env: dict[str, str]) -> None:
    """On Linux the plain cases skip importing platformdirs (start-up time); the answer must stay
    platformdirs' own, in every environment."""
    code = (
        "import sys, platformdirs\n"
        "from pathlib import Path\n"
        "from ec2eni.store.state_file import default_state_path\n"
        "ours = default_state_path()\n"
        "theirs = Path(platformdirs.user_data_dir('ec2eni', appauthor=False)) / 'account.toml'\n"
        "print(ours, theirs, sep='\\n')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    ours, theirs = done.stdout.splitlines()
    assert ours == theirs


def test_the_plain_linux_case_does_not_import_platformdirs() -> None:
    code = (
        "import sys\n"
        "from ec2eni.store.state_file import default_state_path\n"
        "default_state_path()\n"
        "print('platformdirs' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": "/home/ada"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout == ("False\n" if sys.platform == "linux" else "True\n")

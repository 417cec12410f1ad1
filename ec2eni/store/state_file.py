"""The account state file: where it is, reading it, and writing it safely.

- Path: `--state-file`, else `$EC2ENI_STATE`, else `<user data dir>/ec2eni/account.toml`.
- Writes go to a temp file beside the state file, are fsynced, then renamed over it, so a reader
  or a crash sees the old file or the new one, never a mix. New files are private to their owner.
  The temp file has an unguessable name and is created exclusively, so a link planted beside the
  file (in a folder others can write to) is never followed; a state or lock path that is a link
  owned by another user is refused.
- Every read-modify-write holds an exclusive lock on a lock file beside the state file, waiting at
  most `$EC2ENI_LOCK_TIMEOUT` seconds (default 10), so concurrent commands never lose an update.
- A file that is not TOML, has an unknown schema, or breaks an invariant is refused, never
  overwritten.
- A parse cache beside the file holds the parsed account (`ec2eni.store.cache`), keyed on the
  file's size, mtime, ctime, inode and CRC-32. Any change to the file (a hand edit included)
  misses the key, and the TOML is parsed afresh; an unreadable, damaged or foreign cache is
  ignored.

Paths are plain strings (`os.path`): importing pathlib costs every command about 3 ms of
start-up (it imports urllib.parse, fnmatch and ntpath).
"""

from __future__ import annotations

import os
import re
import stat
import sys
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from ec2eni.engine.errors import LockTimeout, StateError
from ec2eni.engine.model import SCHEMA_VERSION, Account
from ec2eni.store import cache

ENV_STATE = "EC2ENI_STATE"
ENV_LOCK_TIMEOUT = "EC2ENI_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 10.0


def _linux_data_dir() -> str | None:
    """platformdirs' user data folder on Linux in the plain case, without importing it (about
    5-9 ms of every command's start-up): `$XDG_DATA_HOME/ec2eni` when that is an absolute path,
    else `$HOME/.local/share/ec2eni` when HOME is absolute. None for anything else (another
    system, Android, a relative or unset HOME, a relative XDG_DATA_HOME), which platformdirs
    answers. A test holds the two answers equal."""
    if sys.platform != "linux" or hasattr(sys, "getandroidapilevel"):
        return None
    if os.environ.get("ANDROID_DATA") == "/data" and os.environ.get("ANDROID_ROOT") == "/system":
        return None
    xdg = os.environ.get("XDG_DATA_HOME", "")
    if xdg.startswith("/"):
        return os.path.join(xdg, "ec2eni")
    home = os.environ.get("HOME", "")
    if xdg == "" and home.startswith("/"):
        return os.path.join(home, ".local", "share", "ec2eni")
    return None


def default_state_path() -> str:
    folder = _linux_data_dir()
    if folder is None:
        # Imported here: platformdirs costs start-up time that the plain case and --state-file
        # and $EC2ENI_STATE skip.
        import platformdirs

        folder = platformdirs.user_data_dir("ec2eni", appauthor=False)
    return os.path.join(folder, "account.toml")


def resolve_state_path(option: str | None = None) -> str:
    chosen = option or os.environ.get(ENV_STATE)
    if chosen:
        return os.path.expanduser(chosen)
    return default_state_path()


def lock_timeout() -> float:
    raw = os.environ.get(ENV_LOCK_TIMEOUT)
    if raw is None or raw == "":
        return DEFAULT_LOCK_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        raise StateError(f"{ENV_LOCK_TIMEOUT}={raw!r} is not a number of seconds") from None
    if not value >= 0:
        raise StateError(f"{ENV_LOCK_TIMEOUT}={raw!r} must not be negative")
    return value


def _default_account() -> Account:
    from ec2eni.engine.default_account import build_default_account

    return build_default_account()


def _hint(path: str) -> str:
    """What to do about a damaged file, as commands that act on that same file.

    The bare commands act on the default file; with `--state-file` or `$EC2ENI_STATE` the damaged
    file is another one, so the advice names it (also in a shell where the variable is not set).
    """
    option = ""
    if os.environ.get(ENV_STATE) or path != os.fspath(default_state_path()):
        import shlex

        option = f" --state-file {shlex.quote(path)}"
    return (
        f"The file was left as it is. Fix it by hand (`ec2eni account check{option}` lists every "
        f"problem), or start over with `ec2eni account reset{option}`, which keeps the old file "
        "as a backup."
    )


class DamagedState(StateError):
    """The file parsed, or failed to, and cannot be used; `problems` lists why."""

    def __init__(self, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        listing = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"the account state file {path} cannot be used:\n{listing}\n{_hint(path)}")


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def _refuse_foreign_link(path: str, what: str) -> None:
    """Refuse `path` if it is a symbolic link owned by another user.

    In a folder others can write to, their link at this name could point the command at any file
    of ours (to read it as the account, or to create or lock it). A link of the user's own, such
    as an account kept in another folder, is theirs to make and is used as before.
    """
    try:
        info = os.lstat(path)
    except OSError:
        return  # nothing there yet, or a problem the next step reports with its own words
    if stat.S_ISLNK(info.st_mode) and info.st_uid != os.geteuid():
        raise StateError(
            f"refusing the {what} {path}: it is a symbolic link owned by another user "
            f"(uid {info.st_uid}), who could point it at any file. Nothing was changed."
        )


def _identity(info: os.stat_result, data: bytes) -> list[int]:
    """What ties a cache to one version of the file. Size, mtime, inode and CRC-32 can all be
    kept by a deliberate edit; the ctime cannot be set back by a user, so it still changes."""
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, zlib.crc32(data)]


def _toml_error(path: str, text: str, error: Exception) -> DamagedState:
    message = str(error)
    match = re.search(r"\(at line (\d+), column (\d+)\)$", message)
    if match:
        message = f"line {match[1]}, column {match[2]}: {message[: match.start()].strip()}"
    elif message.endswith("(at end of document)"):
        detail = message.removesuffix("(at end of document)").strip()
        message = f"line {text.count(chr(10)) + 1} (the end of the file): {detail}"
    return DamagedState(path, [f"not valid TOML: {message}"])


def _line(text: str, offset: int) -> str:
    return f"line {text.count(chr(10), 0, offset) + 1}"


def _locate(text: str, problem: str) -> str:
    """Prefix a problem with the line of the record it names, so a hand editor can find it."""
    top = re.match(r"top level: (?:unknown )?field '([^']+)'", problem)
    if top:
        # A top-level setting sits before the first table header.
        head = text[: text.find("\n[")] if "\n[" in text else text
        setting = re.search(rf"^{re.escape(top[1])}\s*=", head, re.MULTILINE)
        if setting:
            return f"{_line(text, setting.start())}: {problem}"
        return problem
    match = re.search(r"\b(?:vpc|subnet|sg|i|eni|eipalloc)-[0-9a-zA-Z]+", problem)
    needle = f'"{match.group()}"' if match else None
    table = re.match(r"(\w+)\[(\d+)\]", problem)
    if table:
        # The n-th record of the table, found by its header: with a duplicate ID, the first
        # record holding that ID is the valid one and the problem is at this one.
        header = f"[[{table[1]}]]"
        offset = -1
        for _ in range(int(table[2]) + 1):
            offset = text.find(header, offset + 1)
            if offset < 0:
                break
        else:
            if needle is not None:
                following = text.find(needle, offset)
                if following >= 0 and header not in text[offset + len(header) : following]:
                    return f"{_line(text, following)}: {problem}"
            return f"{_line(text, offset)}: {problem}"
    if needle is not None:
        offset = text.find(needle)
        if offset >= 0:
            return f"{_line(text, offset)}: {problem}"
    return problem


def _why_no_folder(path: str, error: OSError) -> str:
    """Name the file that stands where a folder of `path` should be, else the system's reason."""
    parents: list[str] = []
    parent = os.path.dirname(path)
    while parent and parent not in parents:
        parents.append(parent)
        parent = os.path.dirname(parent)
    for parent in reversed(parents):
        if os.path.exists(parent) and not os.path.isdir(parent):
            return f"{parent} is a file, not a folder"
    return str(error.strerror)


def _folder(path: str) -> str:
    return os.path.dirname(path) or "."


def _beside(path: str, name: str) -> str:
    """The path of `name` in the folder of `path`."""
    return os.path.join(os.path.dirname(path), name)


class Store:
    """One account state file, with its lock, temp and cache files beside it."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        # A link of the user's own (`account.toml -> workshops/a.toml`) stands for its target:
        # writes must replace the target, not the link, and the lock and cache must sit beside
        # the target so that commands naming either path share them. Another user's link is kept
        # as it is, to be refused before it is used.
        path = os.fspath(path)
        name = os.path.basename(path)
        if name in ("", ".", ".."):
            # `/`, `.`, `x/`: the lock and cache files named after the file would have no name.
            raise StateError(f"the account state path {path} names a folder, not a file")
        try:
            info = os.lstat(path)
        except OSError:
            info = None
        if info is not None and stat.S_ISLNK(info.st_mode) and info.st_uid == os.geteuid():
            path = os.path.realpath(path)
            name = os.path.basename(path)
        self.path: str = path
        self.lock_path = _beside(path, f".{name}.lock")
        self.cache_path = _beside(path, f".{name}.cache")
        # The schema version of the file as last parsed (before any upgrade), for `account check`.
        self.file_version: int | None = None

    # --- reading -------------------------------------------------------------------------

    def _read_bytes(self) -> tuple[bytes, list[int]] | None:
        _refuse_foreign_link(self.path, "account state file")
        try:
            # O_NONBLOCK: a FIFO at the path must be refused below, not hang the command in
            # open(); on a regular file it changes nothing.
            fd = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK)
        except FileNotFoundError:
            return None
        except OSError as error:
            raise StateError(
                f"cannot read the account state file {self.path}: "
                f"{_why_no_folder(self.path, error)}"
            ) from None
        try:
            info = os.fstat(fd)
            if stat.S_ISDIR(info.st_mode):
                raise StateError(f"the account state path {self.path} is a directory")
            if not stat.S_ISREG(info.st_mode):
                raise StateError(f"the account state path {self.path} is not a regular file")
            chunks = []
            while chunk := os.read(fd, max(info.st_size, 1 << 16) + 1):
                chunks.append(chunk)
            data = b"".join(chunks)
        except OSError as error:
            raise StateError(
                f"cannot read the account state file {self.path}: {_reason(error)}"
            ) from None
        finally:
            os.close(fd)
        return data, _identity(info, data)

    def _parse(self, data: bytes, key: list[int]) -> Account:
        import tomllib

        from ec2eni.store import codec

        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise DamagedState(self.path, [f"not UTF-8 text (byte {error.start})"]) from None
        try:
            document = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise _toml_error(self.path, text, error) from None
        version = document.get("schema_version")
        self.file_version = version if type(version) is int else None
        if version != SCHEMA_VERSION:
            from ec2eni.store import migration  # only files of an earlier release need it

            document = migration.upgrade(document)
        try:
            account, problems = codec.decode(document)
        except StateError as error:
            raise DamagedState(self.path, [_locate(text, str(error))]) from None
        from ec2eni.engine import invariants  # only a file not seen before needs the full check

        problems += invariants.check(account)
        if problems:
            raise DamagedState(self.path, [_locate(text, p) for p in problems])
        cache.write(self.cache_path, key, account)
        return account

    def load_if_present(self) -> Account | None:
        """The account if the file exists (None if not): unlike `load`, never creates the file
        (shell completion must not leave a default account behind)."""
        return self._load_existing()

    def _load_existing(self) -> Account | None:
        read = self._read_bytes()
        if read is None:
            return None
        data, key = read
        return cache.read(self.cache_path, key) or self._parse(data, key)

    def check(self) -> list[str]:
        """Every problem of the file as it is (an empty list when clean or absent)."""
        read = self._read_bytes()
        if read is None:
            return []
        try:
            self._parse(*read)
        except DamagedState as error:
            return error.problems
        return []

    def load(self) -> Account:
        """The account, for reading only; a missing file is first created as the default account."""
        account = self._load_existing()
        if account is not None:
            return account
        with self.locked():
            account = self._load_existing()
            if account is None:
                account = _default_account()
                self._write(account)
        return account

    # --- writing -------------------------------------------------------------------------

    @contextmanager
    def locked(self) -> Iterator[None]:
        import fcntl

        timeout = lock_timeout()
        # Before anything is created: a refused path leaves the folder as it was.
        _refuse_foreign_link(self.path, "account state file")
        if os.path.isdir(self.path):
            raise StateError(f"the account state path {self.path} is a directory")
        try:
            os.makedirs(_folder(self.path), mode=0o700, exist_ok=True)
            _refuse_foreign_link(self.lock_path, "lock file")
            # O_NOFOLLOW: a link swapped in after the check above is not followed either.
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        except OSError as error:
            if os.path.islink(self.lock_path):
                raise StateError(
                    f"refusing the lock file {self.lock_path}: it is a symbolic link, which "
                    "ec2eni never follows there (remove it; the next command makes a plain "
                    "lock file). Nothing was changed."
                ) from None
            raise StateError(
                f"cannot create the lock file {self.lock_path}: "
                f"{_why_no_folder(self.lock_path, error)}"
            ) from None
        try:
            deadline = time.monotonic() + timeout
            delay = 0.002
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise LockTimeout(
                            f"the account state file {self.path} is locked by another ec2eni "
                            f"command; gave up after {timeout:g} s (set {ENV_LOCK_TIMEOUT} to "
                            "wait longer). Nothing was changed."
                        ) from None
                    time.sleep(delay)
                    delay = min(delay * 2, 0.05)
            yield
        finally:
            # Closing the descriptor releases the lock; a killed process releases it the same way.
            os.close(fd)

    def _remove_stale_temp_files(self) -> None:
        """Temp files of killed commands. Called under the lock, when no other writer can be
        mid-write; a reader's cache temp file removed here only costs that reader its cache."""
        # `.NAME[.cache].<pid>.<random>.tmp`, and `.NAME[.cache].<pid>.tmp` of older releases.
        name = re.escape(os.path.basename(self.path))
        stale = re.compile(rf"\.{name}(\.cache)?\.\d+(\.[0-9a-f]+)?\.tmp")
        folder = _folder(self.path)
        try:
            names = os.listdir(folder)
        except OSError:
            return
        for name in names:
            if stale.fullmatch(name):
                try:
                    os.unlink(os.path.join(folder, name))
                except OSError:
                    pass

    def _write(self, account: Account) -> None:
        from ec2eni.store import codec

        self._remove_stale_temp_files()
        data = codec.encode(account).encode()
        try:
            mode = os.stat(self.path).st_mode & 0o777
        except OSError:
            mode = 0o600
        tmp: str | None = None
        try:
            prefix = _beside(self.path, f".{os.path.basename(self.path)}")
            fd, tmp = cache.create_temp(prefix, mode)
            try:
                # os.open's mode passes through the umask; a group-writable
                # file the owner chose must stay group-writable after a write.
                os.fchmod(fd, mode)
                view = memoryview(data)
                while view:
                    written = os.write(fd, view)
                    view = view[written:]
                os.fsync(fd)
            except BaseException:
                # The first failure is the one to report, not a close that fails after it.
                try:
                    os.close(fd)
                except OSError:
                    pass
                raise
            # Some file systems (NFS) report a failed write only here: it fails the write too.
            os.close(fd)
            os.replace(tmp, self.path)
        except BaseException as error:
            if tmp is not None:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
            if isinstance(error, OSError):
                raise StateError(
                    f"cannot write the account state file {self.path}: "
                    f"{_reason(error)}. Nothing was changed."
                ) from None
            raise
        # The new file is in place: from here on nothing may turn the write into a failure.
        # Syncing the folder makes the rename itself durable; not every file system can.
        try:
            dir_fd = os.open(_folder(self.path), os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
        except OSError:
            pass
        try:
            key = _identity(os.stat(self.path), data)
        except OSError:
            return  # no cache this time; the old one's key cannot match the new file
        cache.write(self.cache_path, key, account)

    @contextmanager
    def transaction(self) -> Iterator[Account]:
        """Lock, load, hand the account to the caller, and save it if the block ends normally.

        An exception (an EC2 error included) leaves the file exactly as it was.
        """
        with self.locked():
            account = self._load_existing()
            if account is None:
                # The first command of a new account saves the default account on its own, so a
                # first command that fails still leaves the ready account behind.
                account = _default_account()
                self._write(account)
            yield account
            self._write(account)

    def replace_with(self, account: Account) -> None:
        """Overwrite the file with `account`, whatever it held (damaged or not), under the lock."""
        with self.locked():
            self._write(account)

    def write_locked(self, account: Account) -> None:
        """Overwrite the file with `account`; the caller holds `locked()`."""
        self._write(account)

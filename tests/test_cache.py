"""The parse cache (`.account.toml.cache`, ec2eni/store/cache.py) never changes what a command
sees: it is only a faster way to read exactly what the TOML file holds.

- A hand edit of the TOML is seen by the very next command, also when the edit keeps the file's
  size, its inode and (restored with `os.utime`) its modification time.
- A corrupted cache (garbage, truncated, rows of the wrong shape with a right CRC, another format
  version, the previous release's JSON cache, a pickle) or one whose key matches but whose
  contents were damaged is ignored: the command answers from the TOML and the cache is rebuilt.
  So is a cache owned by another user.
- An unreadable cache, a directory in its place, or no cache at all does not break any command.
- The account read through the cache equals the account decoded from the TOML, for the default
  account and after changes with awkward text.
- Loading the cache cannot run code: the modules use marshal (which only makes data), never
  pickle or eval.
"""

from __future__ import annotations

import ast
import json
import marshal
import os
import pickle
import time
import tomllib
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ec2eni.engine.default_account import build_default_account
from ec2eni.engine.model import Account
from ec2eni.store import cache, codec
from ec2eni.store.state_file import Store
from tests.conftest import Run

STORE = Path(__file__).resolve().parent.parent / "ec2eni" / "store"
WEB_1_ETH0 = "eni-1706a5992fc9609ea"
PUBLIC = "subnet-d3d57647d7c3f13c9"
APP_1_ETH0 = "eni-34e052102d385956a"


def cache_file(state_path: Path) -> Path:
    return state_path.with_name(f".{state_path.name}.cache")


def from_toml(state_path: Path) -> Account:
    """The account as the TOML file alone says, without any cache."""
    account, problems = codec.decode(tomllib.loads(state_path.read_text()))
    assert problems == []
    return account


def cached(state_path: Path) -> Account | None:
    """What the cache would serve for the state file as it is now (None on a miss)."""
    store = Store(state_path)
    read = store._read_bytes()
    assert read is not None
    return cache.read(store.cache_path, read[1])


def describe(run: Run) -> str:
    result = run("describe")
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    return str(result.stdout)


def line_of(output: str, start: str) -> str:
    return next(line for line in output.splitlines() if line.startswith(start))


def warm(run: Run, state_path: Path) -> str:
    """Run a command so that the state file and a valid cache exist; return describe's output."""
    output = describe(run)
    assert cache_file(state_path).is_file()
    assert cached(state_path) == from_toml(state_path)
    return output


def assert_rebuilt(state_path: Path) -> None:
    assert cached(state_path) == from_toml(state_path), "the cache was not rebuilt"


def edit_in_place(path: Path, new: bytes, keep_mtime: bool) -> None:
    """Overwrite the file's bytes through the same inode, optionally restoring its mtime."""
    before = os.stat(path)
    with open(path, "r+b") as handle:
        handle.write(new)
        handle.truncate()
    if keep_mtime:
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(path)
    assert after.st_ino == before.st_ino
    if keep_mtime:
        assert after.st_mtime_ns == before.st_mtime_ns


# --- (a) hand edits are seen ----------------------------------------------------------------


def test_hand_edited_description_is_seen_by_the_next_describe(run: Run, state_path: Path) -> None:
    before = warm(run, state_path)
    assert f"{WEB_1_ETH0}\tPrimary network interface\t" in before
    text = state_path.read_text()
    state_path.write_text(
        text.replace('description = "Primary network interface"', 'description = "by hand"', 1)
    )
    after = describe(run)
    assert line_of(after, f"NETWORKINTERFACE\t{WEB_1_ETH0}\t").split("\t")[2] == "by hand"
    assert_rebuilt(state_path)


def test_same_size_edit_of_a_name_tag_is_seen(run: Run, state_path: Path) -> None:
    warm(run, state_path)
    old = state_path.read_bytes()
    new = old.replace(b'"web-1-eth0"', b'"web-X-eth0"')
    assert len(new) == len(old) and new != old
    edit_in_place(state_path, new, keep_mtime=False)
    after = describe(run)
    assert f"TAG\tnetwork-interface\t{WEB_1_ETH0}\tName\tweb-X-eth0" in after.splitlines()
    assert "web-1-eth0" not in after


def test_same_size_edit_with_the_old_mtime_restored_is_seen(run: Run, state_path: Path) -> None:
    """Size, inode and mtime all as before: only the contents (the CRC-32 in the key) differ."""
    warm(run, state_path)
    old = state_path.read_bytes()
    # true -> false adds a character; dropping one from the header comment keeps the size.
    new = old.replace(b"source_dest_check = true", b"source_dest_check = false", 1)
    new = new.replace(b"# ec2eni account state", b"# ec2eni account stat", 1)
    assert len(new) == len(old) and new != old
    edit_in_place(state_path, new, keep_mtime=True)
    after = describe(run)
    first = line_of(after, "NETWORKINTERFACE\t")
    assert first.startswith(f"NETWORKINTERFACE\t{WEB_1_ETH0}\t") and first.endswith("\tfalse")
    assert_rebuilt(state_path)


def forge_crc32(data: bytes, start: int, length: int, target: int) -> bytes:
    """`data` with the low four bits of data[start:start+length] (characters '@' to 'O') chosen so
    that its CRC-32 is `target`. CRC-32 is affine over GF(2), so this is a linear system."""
    base = bytearray(data)
    base[start : start + length] = b"@" * length
    origin = zlib.crc32(base)
    basis: dict[int, tuple[int, int]] = {}  # pivot bit -> (vector, which flips make it)

    def reduce(vector: int, flips: int) -> tuple[int, int]:
        for bit in sorted(basis, reverse=True):
            if vector >> bit & 1:
                vector ^= basis[bit][0]
                flips ^= basis[bit][1]
        return vector, flips

    for j in range(4 * length):
        probe = bytearray(base)
        probe[start + j // 4] ^= 1 << (j % 4)
        vector, flips = reduce(zlib.crc32(probe) ^ origin, 1 << j)
        if vector:
            basis[vector.bit_length() - 1] = (vector, flips)
    rest, flips = reduce(origin ^ target, 0)
    assert rest == 0, "not enough free bits"
    for j in range(4 * length):
        if flips >> j & 1:
            base[start + j // 4] ^= 1 << (j % 4)
    assert zlib.crc32(base) == target
    return bytes(base)


def test_edit_keeping_size_inode_mtime_and_crc32_is_seen(run: Run, state_path: Path) -> None:
    """The cache key (size, mtime, inode, CRC-32) can all be kept by a deliberate edit: CRC-32 is
    no cryptographic hash. The file's ctime cannot be set back by anyone, so it still changes."""
    warm(run, state_path)
    time.sleep(0.05)  # past the file system's timestamp granularity
    old = state_path.read_bytes()
    marker = b'description = "Primary network interface"'
    at = old.index(marker) + len(b'description = "')
    # "Primary network interface" is 25 characters: "hand " + 16 forged + " ed.".
    draft = old[:at] + b"hand " + b"@" * 16 + b" ed." + old[at + 25 :]
    new = forge_crc32(draft, at + 5, 16, zlib.crc32(old))
    assert len(new) == len(old) and zlib.crc32(new) == zlib.crc32(old)
    edit_in_place(state_path, new, keep_mtime=True)
    description = new[at : at + 25].decode()
    after = describe(run)
    assert line_of(after, f"NETWORKINTERFACE\t{WEB_1_ETH0}\t").split("\t")[2] == description


def test_hand_edit_survives_the_next_change(run: Run, state_path: Path) -> None:
    """A command that changes the account starts from the edited file, not from the cache."""
    warm(run, state_path)
    state_path.write_text(state_path.read_text().replace('"web-1-eth0"', '"renamed-by-hand"'))
    done = run("modify-attribute", WEB_1_ETH0, "--source-dest-check", "false")
    assert done.exit_code == 0, done.stderr
    text = state_path.read_text()
    assert '"renamed-by-hand"' in text and '"web-1-eth0"' not in text
    assert from_toml(state_path).network_interfaces[WEB_1_ETH0].source_dest_check is False
    assert_rebuilt(state_path)


def test_hand_edit_that_breaks_a_rule_is_refused_despite_a_valid_cache(
    run: Run, state_path: Path
) -> None:
    warm(run, state_path)
    text = state_path.read_text()
    state_path.write_text(
        text.replace('private_ip_address = "10.0.1.4"', 'private_ip_address = "10.0.2.4"', 1)
    )
    before = state_path.read_bytes()
    result = run("describe")
    assert result.exit_code == 3
    assert "10.0.2.4 lies outside its subnet's block 10.0.1.0/24" in result.stderr
    assert state_path.read_bytes() == before


def test_cache_of_an_older_version_of_the_file_is_not_used(run: Run, state_path: Path) -> None:
    warm(run, state_path)
    old_cache = cache_file(state_path).read_bytes()
    done = run("modify-attribute", WEB_1_ETH0, "-d", "newer")
    assert done.exit_code == 0, done.stderr
    cache_file(state_path).write_bytes(old_cache)
    after = describe(run)
    assert line_of(after, f"NETWORKINTERFACE\t{WEB_1_ETH0}\t").split("\t")[2] == "newer"
    assert_rebuilt(state_path)


def test_cache_of_a_copied_account_is_not_used_for_the_copy(
    run: Run, state_path: Path, tmp_path: Path
) -> None:
    """`cp -p` keeps size, mtime and contents; the inode tells the copy from the original."""
    warm(run, state_path)
    copy_path = tmp_path / "copy.toml"
    copy_path.write_bytes(state_path.read_bytes())
    info = os.stat(state_path)
    os.utime(copy_path, ns=(info.st_atime_ns, info.st_mtime_ns))
    cache_file(copy_path).write_bytes(cache_file(state_path).read_bytes())
    assert cached(copy_path) is None


# --- (b) corrupted caches are ignored and rebuilt ---------------------------------------------


def split(good: bytes) -> tuple[list[bytes], bytes]:
    """A cache's header fields (magic, format, key, rows CRC) and its marshal rows."""
    head, _, rows = good.partition(b"\n")
    return head.split(b" "), rows


def made(rows: bytes, *, fmt: bytes = b"%d" % cache.FORMAT, like: bytes) -> bytes:
    """A cache with `like`'s key and these rows, their CRC right: only the rows are wrong."""
    fields, _ = split(like)
    return b"%s %s %s %d\n" % (fields[0], fmt, fields[2], zlib.crc32(rows)) + rows


def with_format(fmt: bytes) -> Callable[[bytes], bytes]:
    return lambda good: made(split(good)[1], fmt=fmt, like=good)


def with_rows(change: Callable[[list[Any]], object]) -> Callable[[bytes], bytes]:
    return lambda good: made(marshal.dumps(change(marshal.loads(split(good)[1]))), like=good)


class PickleBomb:
    """Unpickling this would create a directory: proof that code ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (os.mkdir, (str(self.marker),))


def previous_release_cache(good: bytes) -> bytes:
    """The JSON layout of format 5, with this file's key and a right CRC."""
    fields, rows = split(good)
    text = json.dumps(marshal.loads(rows), separators=(",", ":")).encode()
    return b"[5,[%s],%d,%s]" % (fields[2], zlib.crc32(text), text)


CORRUPTIONS: dict[str, Callable[[bytes], bytes]] = {
    "empty": lambda good: b"",
    "garbage bytes": lambda good: bytes(range(256)) * 4,
    "truncated": lambda good: good[: len(good) // 2],
    "one byte short": lambda good: good[:-1],
    "one byte more": lambda good: good + b"N",
    "no header line": lambda good: split(good)[1],
    "header only": lambda good: good.partition(b"\n")[0] + b"\n",
    "another magic": lambda good: good.replace(cache.MAGIC, b"ec2eni-cachf", 1),
    "older format": with_format(b"%d" % (cache.FORMAT - 1)),
    "newer format": with_format(b"%d" % (cache.FORMAT + 1)),
    "format as a word": with_format(b"six"),
    "the previous release's JSON cache": previous_release_cache,
    # The rows below have a right CRC: the layout check alone must refuse them.
    "rows of the wrong type": with_rows(lambda rows: {"vpcs": []}),
    "rows missing a table": with_rows(lambda rows: rows[:-1]),
    "rows of None": with_rows(lambda rows: None),
    "deeply nested rows": lambda good: made(b"[\x01\x00\x00\x00" * 100_000 + b"N", like=good),
    "rows that are not marshal data": lambda good: made(b"\xff" * 64, like=good),
    "UTF-16": lambda good: good.decode("latin-1").encode("utf-16"),
}


@pytest.mark.parametrize("corrupt", CORRUPTIONS.values(), ids=list(CORRUPTIONS))
def test_corrupted_cache_is_ignored_and_rebuilt(
    run: Run, state_path: Path, corrupt: Callable[[bytes], bytes]
) -> None:
    before = warm(run, state_path)
    toml_before = state_path.read_bytes()
    cache_file(state_path).write_bytes(corrupt(cache_file(state_path).read_bytes()))
    assert describe(run) == before
    assert state_path.read_bytes() == toml_before
    assert_rebuilt(state_path)


def test_pickle_in_the_cache_is_never_unpickled(run: Run, state_path: Path, tmp_path: Path) -> None:
    before = warm(run, state_path)
    marker = tmp_path / "code-ran"
    cache_file(state_path).write_bytes(pickle.dumps(PickleBomb(marker)))
    assert describe(run) == before
    assert not marker.exists()
    assert_rebuilt(state_path)


def tamper_rows(path: Path, change: Callable[[list[Any]], None]) -> None:
    """Change the cached rows in place and keep everything else, the format, key and rows CRC
    included (what a flipped bit, or a cache written by a different ec2eni, leaves behind)."""
    fields, rows = split(path.read_bytes())
    document = marshal.loads(rows)
    change(document)
    path.write_bytes(b" ".join(fields) + b"\n" + marshal.dumps(document))


def eni_row(rows: list[Any], eni_id: str) -> list[Any]:
    for table in rows[1:]:
        for row in table:
            if row and row[0] == eni_id:
                return row  # type: ignore[no-any-return]
    raise AssertionError(f"{eni_id} not in the cache")


def replace_field(old: object, new: object) -> Callable[[list[Any]], None]:
    def change(rows: list[Any]) -> None:
        row = eni_row(rows, WEB_1_ETH0)
        row[row.index(old)] = new

    return change


DAMAGE = {
    # What a flipped bit or a cache written by a different ec2eni could leave behind.
    "dangling subnet reference": replace_field(PUBLIC, "subnet-00000000"),
    "one character flipped": replace_field(
        "Primary network interface", "Primary network interfacf"
    ),
}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=list(DAMAGE))
def test_cache_whose_key_matches_but_contents_are_damaged_is_not_trusted(
    run: Run, state_path: Path, damage: Callable[[list[Any]], None]
) -> None:
    before = warm(run, state_path)
    tamper_rows(cache_file(state_path), damage)
    result = run("describe")
    assert (result.exit_code, result.stdout, result.stderr) == (0, before, "")
    # Nor may a change carry the damage into the TOML file.
    done = run("modify-attribute", APP_1_ETH0, "--source-dest-check", "false")
    assert done.exit_code == 0, done.stderr
    assert (
        from_toml(state_path).network_interfaces[WEB_1_ETH0]
        == (build_default_account().network_interfaces[WEB_1_ETH0])
    )


# --- (c) unreadable caches, and (f) no cache -------------------------------------------------


def test_directory_in_place_of_the_cache_breaks_nothing(run: Run, state_path: Path) -> None:
    before = warm(run, state_path)
    cache_file(state_path).unlink()
    cache_file(state_path).mkdir()
    assert describe(run) == before
    done = run("modify-attribute", WEB_1_ETH0, "-d", "still works")
    assert (done.exit_code, done.stderr) == (0, "")
    after = describe(run)
    assert line_of(after, f"NETWORKINTERFACE\t{WEB_1_ETH0}\t").split("\t")[2] == "still works"
    assert not [p.name for p in state_path.parent.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_cache_breaks_nothing(run: Run, state_path: Path) -> None:
    before = warm(run, state_path)
    cache_file(state_path).chmod(0)
    assert describe(run) == before
    done = run("modify-attribute", WEB_1_ETH0, "-d", "still works")
    assert (done.exit_code, done.stderr) == (0, "")
    after = describe(run)
    assert line_of(after, f"NETWORKINTERFACE\t{WEB_1_ETH0}\t").split("\t")[2] == "still works"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes whatever the directory's mode")
def test_cache_that_cannot_be_written_breaks_no_read(run: Run, state_path: Path) -> None:
    before = warm(run, state_path)
    cache_file(state_path).unlink()
    state_path.parent.chmod(0o500)
    try:
        assert describe(run) == before
        assert describe(run) == before
    finally:
        state_path.parent.chmod(0o700)


def test_removing_the_cache_is_harmless(run: Run, state_path: Path) -> None:
    before = warm(run, state_path)
    cache_file(state_path).unlink()
    assert describe(run) == before
    assert_rebuilt(state_path)
    cache_file(state_path).unlink()
    done = run("modify-attribute", WEB_1_ETH0, "-d", "after removal")
    assert (done.exit_code, done.stderr) == (0, "")
    assert from_toml(state_path).network_interfaces[WEB_1_ETH0].description == "after removal"
    assert_rebuilt(state_path)


# --- (d) the cache holds exactly what the TOML holds -------------------------------------------


def test_cache_of_the_default_account_equals_the_toml(run: Run, state_path: Path) -> None:
    warm(run, state_path)
    assert from_toml(state_path) == build_default_account()
    assert cached(state_path) == build_default_account()
    assert Store(state_path).load() == build_default_account()


def test_cache_equals_the_toml_after_changes(
    run: Run, state_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    awkward = 'naïve "quoted" back\\slash tab\there ☃ \u00e9\u0301 \U0001f600'
    created = run(
        "create", "subnet-aa9a00acd3a4f485b", "-d", awkward,
        "-g", "sg-97f065c67a83556cf", "-g", "sg-ca14ccdaba34ac2c1",
        "--secondary-private-ip-address-count", "2",
    )  # fmt: skip
    assert created.exit_code == 0, created.stderr
    eni_id = created.stdout.split("\t")[1]
    steps = [
        ("attach", eni_id, "-i", "i-0396021bfcce11279", "-d", "1"),
        ("modify-attribute", APP_1_ETH0, "--source-dest-check", "false"),
        ("create", "subnet-7d970a336e055a4f4", "-d", ""),
        ("modify-attribute", WEB_1_ETH0, "-d", "x" * 255),
    ]
    for args in steps:
        done = run(*args)
        assert done.exit_code == 0, (args, done.stderr)
    expected = from_toml(state_path)
    assert expected.network_interfaces[eni_id].description == awkward
    assert cached(state_path) == expected
    # And a load really goes through the cache: parsing the TOML is not needed.
    monkeypatch.setattr(Store, "_parse", lambda *args: pytest.fail("parsed the TOML"))
    assert Store(state_path).load() == expected


# --- (e) loading the cache cannot run code ------------------------------------------------------


@pytest.mark.parametrize("module", ["cache.py", "state_file.py"])
def test_cache_modules_use_no_code_loading_serializer(module: str) -> None:
    """marshal (cache.py) only makes data; pickle and its kind call what the data names."""
    tree = ast.parse((STORE / module).read_text())
    imported: set[str] = set()
    called: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            called.add(node.func.id)
    assert not imported & {"pickle", "shelve", "dill", "cloudpickle", "yaml", "jsonpickle"}
    assert not called & {"eval", "exec", "compile", "__import__"}


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_a_cache_owned_by_another_user_is_not_read(run: Run, state_path: Path) -> None:
    """marshal is not meant for untrusted data: a cache someone else wrote is never decoded, even
    a valid one (here this very file's, handed to another user)."""
    before = warm(run, state_path)
    os.chown(cache_file(state_path), 65534, 65534)
    assert cached(state_path) is None
    assert describe(run) == before
    assert_rebuilt(state_path)
    assert os.stat(cache_file(state_path)).st_uid == os.geteuid()


def test_a_fifo_or_a_link_at_the_cache_name_is_a_miss_not_a_hang(
    run: Run, state_path: Path, tmp_path: Path
) -> None:
    import subprocess
    import sys

    run("describe-vpcs")
    cache_path = state_path.with_name(".account.toml.cache")
    good_cache = cache_path.read_bytes()
    cache_path.unlink()
    os.mkfifo(cache_path)
    # A subprocess with a timeout: opening a FIFO for reading would block an in-process run.
    done = subprocess.run(
        [sys.executable, "-m", "ec2eni", "describe", "--hide-tags"],
        env={**os.environ, "EC2ENI_STATE": str(state_path)},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.count("NETWORKINTERFACE\t") == 4

    # A link to a cache (here a valid one of this very file) is not followed either.
    cache_path.unlink()
    elsewhere = tmp_path / "planted.cache"
    elsewhere.write_bytes(good_cache)
    cache_path.symlink_to(elsewhere)
    from ec2eni.store.state_file import _identity

    data = state_path.read_bytes()
    key = _identity(os.stat(state_path), data)
    assert cache.read(elsewhere, key) is not None  # the planted cache is valid for this file
    assert cache.read(cache_path, key) is None  # but it is not read through the link

"""A damaged account file is refused, never overwritten (README "Guarantees", "Errors and exit
codes": exit 3).

Each damage starts from a valid file written by the tool and edits its TOML text by hand:
truncation, invalid TOML, wrong value types, a schema from the future, dangling references,
duplicate IPs, IDs and MACs, addresses outside their subnet or reserved. For each, a read command
and a write command both exit 3 with nothing on stdout; stderr names the file, the line and the
record (or the field), and says what to do (`ec2eni account check`, `ec2eni account reset`, with
`--state-file PATH` unless the file is the default one, so that the advice acts on the damaged
file). The file keeps its bytes and its mtime, and no temporary file is left beside it. The parse
cache of the file as it was before the damage must not hide the damage.
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import Result

from ec2eni.engine.default_account import build_default_account
from ec2eni.store import state_file as store
from tests.conftest import Run, names_of

ID = names_of(build_default_account())
UNKNOWN_INSTANCE = "i-0123456789abcdef0"
UNKNOWN_SUBNET = "subnet-0123456789abcdef0"
UNKNOWN_VPC = "vpc-0123456789abcdef0"
UNKNOWN_GROUP = "sg-0123456789abcdef0"


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line number of the n-th occurrence of `needle` in `text`."""
    offset = -1
    for _ in range(occurrence):
        offset = text.index(needle, offset + 1)
    return text.count("\n", 0, offset) + 1


def record_line(text: str, record_id: str, occurrence: int = 1) -> str:
    """`line N` of the record with `record_id` (its `id = ...` line)."""
    return f"line {line_of(text, in_record(record_id), occurrence)}"


def replace(text: str, old: str, new: str, *, after: str = "") -> str:
    """Replace the first `old` that follows `after` (the record it belongs to)."""
    start = text.index(after) if after else 0
    offset = text.index(old, start)
    return text[:offset] + new + text[offset + len(old) :]


def in_record(record_id: str) -> str:
    return f'id = "{record_id}"'


def mac_of(text: str, eni_id: str) -> str:
    match = re.compile(r'mac_address = "([^"]*)"').search(text, text.index(in_record(eni_id)))
    assert match is not None
    return match[1]


@dataclass(frozen=True)
class Damage:
    id: str
    edit: Callable[[str], str]
    # What stderr must name, given the damaged text: the line, the record, the field.
    named: Callable[[str], list[str]]


WEB1_ETH0 = ID["web-1-eth0"]
STANDBY_ETH0 = ID["standby-1-eth0"]
APP1_ETH0 = ID["app-1-eth0"]


def half(text: str) -> str:
    # Cut about half-way, after the instances (at the first interface record, whatever the
    # exact length of the top-level settings), so what is left still parses.
    return text[: text.index("\n[[network_interfaces]]")]


def mid_string(text: str) -> str:
    return text[: text.index('"Primary network interface"') + 10]


DAMAGES = [
    # Cut after the instances: what is left parses, and web-1 has lost its primary interface.
    Damage("truncated-at-half", half, lambda t: [record_line(t, ID["web-1"]), ID["web-1"]]),
    Damage("truncated-mid-string", mid_string, lambda t: ["not valid TOML", "Unterminated string"]),
    Damage(
        "invalid-toml-unquoted-string",
        lambda t: replace(t, 'state = "running"', "state = running"),
        lambda t: ["not valid TOML", f"line {line_of(t, 'state = running')}"],
    ),
    Damage(
        "invalid-toml-key-given-twice",
        lambda t: replace(t, "counter = ", "counter = 1\ncounter = "),
        lambda t: ["not valid TOML", f"line {line_of(t, 'counter = ', 2)}"],
    ),
    Damage(
        "invalid-toml-unclosed-table-header",
        lambda t: replace(t, "[[subnets]]", "[[subnets]"),
        lambda t: ["not valid TOML", "line " + str(line_of(t, "[[subnets]\n"))],
    ),
    Damage("empty-file", lambda t: "", lambda t: ["'schema_version'"]),
    Damage(
        "not-utf-8",
        lambda t: replace(t, 'Name = "web-1"', 'Name = "web-\udcff"'),
        lambda t: ["UTF-8"],
    ),
    Damage(
        "wrong-type-counter",
        lambda t: re.sub(r"(?m)^counter = (\d+)$", r'counter = "\1"', t),
        lambda t: ["'counter'", "must be an integer, found a string"],
    ),
    Damage(
        "wrong-type-device-index",
        lambda t: replace(t, "device_index = 0,", 'device_index = "0",'),
        lambda t: [record_line(t, WEB1_ETH0), WEB1_ETH0, "'device_index'", "an integer"],
    ),
    Damage(
        "wrong-type-source-dest-check",
        lambda t: replace(
            t, "source_dest_check = true", 'source_dest_check = "yes"', after=in_record(APP1_ETH0)
        ),
        lambda t: [record_line(t, APP1_ETH0), APP1_ETH0, "'source_dest_check'", "a boolean"],
    ),
    Damage(
        "wrong-type-group-ids",
        lambda t: replace(
            t,
            f'group_ids = ["{ID["workshop/default"]}"]',
            f'group_ids = "{ID["workshop/default"]}"',
            after=in_record(APP1_ETH0),
        ),
        lambda t: [record_line(t, APP1_ETH0), APP1_ETH0, "'group_ids'", "an array"],
    ),
    Damage(
        "unknown-field",
        lambda t: replace(t, "source_dest_check = ", 'colour = "red"\nsource_dest_check = '),
        lambda t: [record_line(t, WEB1_ETH0), WEB1_ETH0, "'colour'"],
    ),
    Damage(
        "schema-version-from-the-future",
        lambda t: re.sub(r"(?m)^schema_version = \d+$", "schema_version = 99", t),
        lambda t: ["schema_version 99", "upgrade ec2eni"],
    ),
    Damage(
        "attachment-to-a-missing-instance",
        lambda t: replace(
            t, f'instance_id = "{ID["web-1"]}"', f'instance_id = "{UNKNOWN_INSTANCE}"'
        ),
        lambda t: [record_line(t, WEB1_ETH0), WEB1_ETH0, UNKNOWN_INSTANCE],
    ),
    Damage(
        "interface-in-a-missing-subnet",
        lambda t: replace(
            t, f'"{ID["backend"]}"', f'"{UNKNOWN_SUBNET}"', after=in_record(APP1_ETH0)
        ),
        lambda t: [record_line(t, APP1_ETH0), APP1_ETH0, UNKNOWN_SUBNET],
    ),
    Damage(
        "subnet-in-a-missing-vpc",
        lambda t: replace(
            t, f'"{ID["workshop"]}"', f'"{UNKNOWN_VPC}"', after=in_record(ID["tiny"])
        ),
        lambda t: [record_line(t, ID["tiny"]), ID["tiny"], UNKNOWN_VPC],
    ),
    Damage(
        "interface-with-a-missing-group",
        lambda t: replace(
            t, f'"{ID["workshop/default"]}"', f'"{UNKNOWN_GROUP}"', after=in_record(APP1_ETH0)
        ),
        lambda t: [record_line(t, APP1_ETH0), APP1_ETH0, UNKNOWN_GROUP],
    ),
    Damage(
        "duplicate-ip",
        lambda t: replace(t, '"10.0.1.5"', '"10.0.1.4"', after=in_record(STANDBY_ETH0)),
        lambda t: [record_line(t, STANDBY_ETH0), STANDBY_ETH0, "10.0.1.4", WEB1_ETH0],
    ),
    Damage(
        "duplicate-id",
        lambda t: replace(t, in_record(STANDBY_ETH0), in_record(WEB1_ETH0)),
        lambda t: ["duplicate ID", WEB1_ETH0, "network_interfaces[1]"],
    ),
    Damage(
        "duplicate-mac",
        lambda t: replace(
            t, mac_of(t, STANDBY_ETH0), mac_of(t, WEB1_ETH0), after=in_record(STANDBY_ETH0)
        ),
        lambda t: [record_line(t, STANDBY_ETH0), STANDBY_ETH0, mac_of(t, WEB1_ETH0)],
    ),
    Damage(
        "ip-outside-its-subnet",
        lambda t: replace(t, '"10.0.1.5"', '"10.0.2.5"', after=in_record(STANDBY_ETH0)),
        lambda t: [record_line(t, STANDBY_ETH0), STANDBY_ETH0, "10.0.2.5", "outside"],
    ),
    Damage(
        "reserved-ip",
        lambda t: replace(t, '"10.0.1.5"', '"10.0.1.2"', after=in_record(STANDBY_ETH0)),
        lambda t: [record_line(t, STANDBY_ETH0), STANDBY_ETH0, "10.0.1.2", "reserved"],
    ),
]


def hints(path: Path | None) -> tuple[str, str]:
    """The advised commands, in their backquotes: for `path`, or bare for the default file."""
    option = "" if path is None else f" --state-file {shlex.quote(str(path))}"
    return f"`ec2eni account check{option}`", f"`ec2eni account reset{option}`"


def advised(stderr: str) -> list[list[str]]:
    """The commands the message advises, split as a shell would split them."""
    return [shlex.split(command) for command in re.findall(r"`(ec2eni account [^`]*)`", stderr)]


def write_valid_then_damage(run: Run, state_path: Path, edit: Callable[[str], str]) -> str:
    """A valid file written by the tool, then edited by hand; returns the damaged text."""
    assert run("describe-vpcs").exit_code == 0
    valid = state_path.read_text()
    damaged = edit(valid)
    assert damaged != valid
    state_path.write_bytes(damaged.encode("utf-8", "surrogateescape"))
    return damaged


def assert_refused(result: Result, state_path: Path, named: list[str]) -> None:
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exit_code == 3, result.stderr
    assert result.stdout == ""
    assert str(state_path) in result.stderr
    # The state_path fixture chooses the file with EC2ENI_STATE, so the advice names it.
    for text in (*named, *hints(state_path)):
        assert text in result.stderr


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


READ = ("describe",)
WRITES = (
    ("create", ID["management"]),
    ("modify-attribute", ID["db-1-eth0"], "-d", "changed"),
)


@pytest.mark.parametrize("damage", DAMAGES, ids=[d.id for d in DAMAGES])
def test_damaged_file_is_refused_by_reads_and_writes_and_left_alone(
    damage: Damage, run: Run, state_path: Path
) -> None:
    damaged = write_valid_then_damage(run, state_path, damage.edit)
    before = state_path.read_bytes()
    mtime = state_path.stat().st_mtime_ns

    for args in (READ, *WRITES):
        assert_refused(run(*args), state_path, damage.named(damaged))
        assert state_path.read_bytes() == before
        assert state_path.stat().st_mtime_ns == mtime
        assert temp_files(state_path.parent) == []


@pytest.mark.parametrize(
    "same_size_and_mtime", [True, False], ids=["same-size-and-mtime", "invalid-toml"]
)
def test_cache_from_before_the_damage_does_not_hide_it(
    same_size_and_mtime: bool, run: Run, state_path: Path
) -> None:
    assert run("describe").exit_code == 0
    cache = state_path.with_name(f".{state_path.name}.cache")
    assert cache.exists()
    cached = cache.read_bytes()
    valid = state_path.read_bytes()
    info = state_path.stat()
    if same_size_and_mtime:
        # Only the content differs: same size, same inode (written in place), mtime put back.
        damaged = valid.replace(b'"10.0.1.5"', b'"10.0.1.2"', 1)
        named = [STANDBY_ETH0, "10.0.1.2", "reserved"]
        with open(state_path, "r+b") as handle:
            handle.write(damaged)
        os.utime(state_path, ns=(info.st_atime_ns, info.st_mtime_ns))
        now = state_path.stat()
        assert (now.st_size, now.st_ino, now.st_mtime_ns) == (
            info.st_size,
            info.st_ino,
            info.st_mtime_ns,
        )
    else:
        damaged = valid.replace(b'state = "running"', b"state = running", 1)
        named = ["not valid TOML", "line "]
        state_path.write_bytes(damaged)
    assert cache.read_bytes() == cached

    for args in (READ, *WRITES):
        assert_refused(run(*args), state_path, named)
        assert state_path.read_bytes() == damaged


def test_unreadable_file_is_refused_with_exit_3(run: Run, state_path: Path) -> None:
    assert run("describe-vpcs").exit_code == 0
    state_path.unlink()
    state_path.mkdir()
    result = run("describe")
    assert result.exit_code == 3
    assert str(state_path) in result.stderr
    assert result.stdout == ""


def test_toml_error_at_the_end_of_a_truncated_file_names_its_line(
    run: Run, state_path: Path
) -> None:
    # README "Guarantees": a damaged file is refused "with ... a message naming the file, the
    # line and the record". A file cut inside a string fails at its last line.
    damaged = write_valid_then_damage(run, state_path, mid_string)
    result = run("describe")
    assert result.exit_code == 3
    assert f"line {damaged.count(chr(10)) + 1}" in result.stderr


def test_duplicate_id_is_located_at_the_duplicate_record(run: Run, state_path: Path) -> None:
    # The message names network_interfaces[1], the second record with the ID; the line must be
    # that record's, not the first one's (which is the valid original).
    damaged = write_valid_then_damage(
        run, state_path, lambda t: replace(t, in_record(STANDBY_ETH0), in_record(WEB1_ETH0))
    )
    result = run("describe")
    assert result.exit_code == 3
    problem = next(line for line in result.stderr.splitlines() if "duplicate ID" in line)
    assert problem.strip().startswith(record_line(damaged, WEB1_ETH0, occurrence=2) + ":")


# --- the advice names the damaged file --------------------------------------------------------


def damage(path: Path) -> None:
    """A valid account at `path`, then made invalid TOML by hand."""
    store.Store(path).load()
    path.write_text(path.read_text().replace('state = "running"', "state = running", 1))


def assert_advice_acts_on(result: Result, path: Path, bare: bool = False) -> None:
    """The message advises check and reset for `path` (bare commands only for the default file),
    and the advised check, run as given, reports that very file."""
    assert result.exit_code == 3, result.stderr
    assert f"the account state file {path} cannot be used" in result.stderr
    for text in hints(None if bare else path):
        assert text in result.stderr
    check, reset = advised(result.stderr)
    assert check[:3] == ["ec2eni", "account", "check"]
    assert reset[:3] == ["ec2eni", "account", "reset"]
    assert check[3:] == reset[3:] == ([] if bare else ["--state-file", str(path)])


def run_advised(run: Run, result: Result) -> Result:
    check = advised(result.stderr)[0]
    return run(*check[1:])


def test_with_state_file_the_advice_names_that_file(
    run: Run, state_path: Path, tmp_path: Path
) -> None:
    # EC2ENI_STATE (set by the fixture) names a valid account: the bare advice would check that
    # one and find nothing wrong.
    assert run("describe").exit_code == 0
    damaged = tmp_path / "workshop" / "lab.toml"
    damaged.parent.mkdir()
    damage(damaged)

    for args in (READ, *WRITES):
        result = run(*args, "--state-file", str(damaged))
        assert_advice_acts_on(result, damaged)

    checked = run_advised(run, result)
    assert checked.exit_code == 3
    assert checked.stdout.startswith(f"{damaged}: 1 problem\n")


def test_with_ec2eni_state_the_advice_names_that_file(run: Run, state_path: Path) -> None:
    # A shell without the variable (another terminal, a colleague's) must be told the file too.
    damage(state_path)

    result = run("describe")

    assert_advice_acts_on(result, state_path)
    assert run_advised(run, result).stdout.startswith(f"{state_path}: 1 problem\n")


@pytest.mark.parametrize("name", ["x y.toml", "it's here.toml", "-dash $HOME.toml"])
def test_a_path_with_spaces_or_quotes_is_quoted_for_the_shell(
    name: str, run: Run, tmp_path: Path
) -> None:
    damaged = tmp_path / "my accounts" / name
    damaged.parent.mkdir()
    damage(damaged)

    result = run("describe", "--state-file", str(damaged))

    assert_advice_acts_on(result, damaged)
    assert f"--state-file {shlex.quote(str(damaged))}`" in result.stderr
    assert run_advised(run, result).stdout.startswith(f"{damaged}: 1 problem\n")


def test_for_the_default_file_the_advice_is_the_bare_commands(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    default = tmp_path / "data" / "ec2eni" / "account.toml"
    monkeypatch.setattr(store, "default_state_path", lambda: default)
    monkeypatch.delenv("EC2ENI_STATE")
    default.parent.mkdir(parents=True)
    damage(default)

    for args in (READ, *WRITES):
        assert_advice_acts_on(run(*args), default, bare=True)
    # The same file named with --state-file is still the default one: the bare advice is right.
    result = run("describe", "--state-file", str(default))
    assert_advice_acts_on(result, default, bare=True)
    assert run_advised(run, result).stdout.startswith(f"{default}: 1 problem\n")

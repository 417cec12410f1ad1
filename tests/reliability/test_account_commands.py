"""`ec2eni account path|check|reset` (README "The account state", "Guarantees").

- `path` prints the file the commands use: `--state-file`, else `$EC2ENI_STATE`, else
  `~/.local/share/ec2eni/account.toml` on Linux; `~` is expanded; nothing is created.
- `check` reports a clean file with its counts (exit 0) and lists every problem of a damaged one
  with its line (exit 3), changing nothing: in one run, every wrong type, missing field and unknown
  field of every record, beside the broken rules, and nothing that only follows from them (a
  missing field is not also a malformed value). A normal command refuses the file with the same
  list.
- `reset` asks first (no answer or `n` changes nothing; `--yes` skips the question), keeps the old
  file, damaged or not, beside it as `<name>.<UTC time>.bak` with exactly its bytes, and writes a
  fresh default account.
"""

from __future__ import annotations

import os
import re
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ec2eni.engine.default_account import build_default_account
from tests.conftest import Run, names_of

ID = names_of(build_default_account())
BACKUP = re.compile(r"account\.toml\.(\d{8}T\d{6}Z)(-\d+)?\.bak")


def backups(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.endswith(".bak"))


def fresh_default_bytes(run: Run, tmp_path: Path) -> bytes:
    """The bytes of a brand-new default account file, as the first command writes it."""
    fresh = tmp_path / "fresh" / "account.toml"
    assert run("describe-vpcs", "--state-file", str(fresh)).exit_code == 0
    return fresh.read_bytes()


# --- path -------------------------------------------------------------------------------------


def test_path_is_the_environment_variable_and_is_not_created(run: Run, state_path: Path) -> None:
    result = run("account", "path")
    assert result.exit_code == 0
    assert result.stdout == f"{state_path}\n"
    assert not state_path.exists()


def test_path_option_wins_over_the_environment(run: Run, tmp_path: Path) -> None:
    chosen = tmp_path / "elsewhere" / "mine.toml"
    result = run("account", "path", "--state-file", str(chosen))
    assert result.stdout == f"{chosen}\n"
    assert not chosen.exists()


def test_path_expands_the_home_folder(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert run("account", "path", "--state-file", "~/a.toml").stdout == f"{tmp_path / 'a.toml'}\n"
    monkeypatch.setenv("EC2ENI_STATE", "~/b.toml")
    assert run("account", "path").stdout == f"{tmp_path / 'b.toml'}\n"


@pytest.mark.skipif(sys.platform != "linux", reason="the README names the Linux default")
def test_path_default_is_the_user_data_folder_and_commands_use_it(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("EC2ENI_STATE")
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    expected = tmp_path / ".local" / "share" / "ec2eni" / "account.toml"

    assert run("account", "path").stdout == f"{expected}\n"
    assert not expected.exists()
    assert run("describe-vpcs").exit_code == 0
    assert expected.exists()


# --- check ------------------------------------------------------------------------------------


def test_check_clean_default_account(run: Run, state_path: Path) -> None:
    assert run("describe-vpcs").exit_code == 0
    before = state_path.read_bytes()
    result = run("account", "check")
    assert result.exit_code == 0
    # README's default account: 4 primary interfaces (web-1, standby-1, app-1, db-1; old-1 is
    # terminated), 5 instances, 7 subnets.
    assert (
        result.stdout
        == f"{state_path}: OK (schema version 2; 4 network interfaces, 5 instances, 7 subnets)\n"
    )
    assert result.stderr == ""
    assert state_path.read_bytes() == before


def test_check_counts_what_the_commands_added(run: Run, state_path: Path) -> None:
    assert run("create", ID["management"]).exit_code == 0
    result = run("account", "check")
    assert (
        result.stdout
        == f"{state_path}: OK (schema version 2; 5 network interfaces, 5 instances, 7 subnets)\n"
    )


def test_check_without_a_file_reports_it_and_creates_nothing(run: Run, state_path: Path) -> None:
    result = run("account", "check")
    assert result.exit_code == 0
    assert str(state_path) in result.stdout
    assert not state_path.exists()


def line_of(text: str, needle: str) -> int:
    return text.count("\n", 0, text.index(needle)) + 1


def id_line(text: str, record_id: str) -> int:
    """The line of a record's `id = "..."`, where a hand editor finds the record."""
    return line_of(text, f'id = "{record_id}"')


def test_check_lists_every_problem_with_its_line(run: Run, state_path: Path) -> None:
    assert run("describe-vpcs").exit_code == 0
    text = state_path.read_text()
    web, app, old = ID["web-1-eth0"], ID["app-1-eth0"], ID["old-1"]
    # Three independent problems in three records: a reserved address, a missing group, an
    # unknown instance type.
    text = text.replace('"10.0.1.4"', '"10.0.1.2"', 1)
    after_app = text.index(f'id = "{app}"')
    text = text[:after_app] + text[after_app:].replace(
        ID["workshop/default"], "sg-0123456789abcdef0", 1
    )
    text = text.replace(
        f'id = "{old}"\ninstance_type = "t2.micro"', f'id = "{old}"\ninstance_type = "t9.huge"'
    )
    state_path.write_text(text)
    before = state_path.read_bytes()
    mtime = state_path.stat().st_mtime_ns

    result = run("account", "check")

    assert result.exit_code == 3
    lines = result.stdout.splitlines()
    assert lines[0] == f"{state_path}: 3 problems"
    problems = lines[1:]
    assert len(problems) == 3
    for record, named in (
        (web, ["10.0.1.2", "reserved"]),
        (app, ["sg-0123456789abcdef0"]),
        (old, ["t9.huge"]),
    ):
        prefix = f"  line {id_line(text, record)}: "
        [problem] = [p for p in problems if p.startswith(prefix)]
        for part in (record, *named):
            assert part in problem
    assert state_path.read_bytes() == before
    assert state_path.stat().st_mtime_ns == mtime


def test_check_names_the_line_of_invalid_toml(run: Run, state_path: Path) -> None:
    assert run("describe-vpcs").exit_code == 0
    text = state_path.read_text().replace('cidr = "10.0.0.0/16"', "cidr = 10.0.0.0/16", 1)
    state_path.write_text(text)
    result = run("account", "check")
    assert result.exit_code == 3
    assert result.stdout.splitlines()[0] == f"{state_path}: 1 problem"
    assert f"line {line_of(text, 'cidr = 10.0.0.0/16')}" in result.stdout


def in_record(text: str, record_id: str, old: str, new: str) -> str:
    """Replace the first `old` that follows the record's `id = "..."` line."""
    start = text.index(f'id = "{record_id}"')
    offset = text.index(old, start)
    return text[:offset] + new + text[offset + len(old) :]


def without_field(text: str, record_id: str, field: str) -> str:
    """Delete the record's `field = ...` line."""
    start = text.index(f'id = "{record_id}"')
    line = re.compile(rf"^{field} = .*\n", re.MULTILINE).search(text, start)
    assert line is not None
    return text[: line.start()] + text[line.end() :]


def check_lists_exactly(run: Run, state_path: Path, text: str, problems: list[str]) -> None:
    """`account check` of `text` prints a header and exactly these problems, exits 3, and leaves
    the file as it is; a normal command refuses the file with the same list."""
    state_path.write_text(text)
    before = state_path.read_bytes()
    mtime = state_path.stat().st_mtime_ns

    result = run("account", "check")

    count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
    assert result.stdout.splitlines() == [f"{state_path}: {count}", *(f"  {p}" for p in problems)]
    assert result.exit_code == 3
    described = run("describe")
    assert (described.exit_code, described.stdout) == (3, "")
    listed = [line for line in described.stderr.splitlines() if line.startswith("  ")]
    assert listed == [f"  {p}" for p in problems]
    assert state_path.read_bytes() == before
    assert state_path.stat().st_mtime_ns == mtime


def test_check_lists_a_wrong_type_in_each_of_three_records(run: Run, state_path: Path) -> None:
    # Issue 8: a wrong type used to stop the check at the first record.
    assert run("describe-vpcs").exit_code == 0
    web, app, old = ID["web-1-eth0"], ID["app-1-eth0"], ID["old-1"]
    text = state_path.read_text()
    text = in_record(text, web, "device_index = 0,", 'device_index = "1",')
    text = in_record(text, app, "source_dest_check = true", 'source_dest_check = "yes"')
    text = in_record(text, old, 'tags = { Name = "old-1" }', 'tags = { Name = "old-1", cost = 12 }')
    check_lists_exactly(
        run,
        state_path,
        text,
        [
            f"line {id_line(text, old)}: instances[4] ({old}): tag 'cost' must be a string, "
            "found an integer",
            f"line {id_line(text, web)}: network_interfaces[0] ({web}) attachment: field "
            "'device_index' must be an integer, found a string",
            f"line {id_line(text, app)}: network_interfaces[2] ({app}): field "
            "'source_dest_check' must be a boolean, found a string",
        ],
    )


def test_check_lists_a_wrong_top_level_type_with_the_records(run: Run, state_path: Path) -> None:
    assert run("describe-vpcs").exit_code == 0
    web = ID["web-1-eth0"]
    text = re.sub(r"(?m)^counter = \d+$", 'counter = "x"', state_path.read_text())
    text = in_record(text, web, "source_dest_check = true", "source_dest_check = 1")
    counter_line = text.splitlines().index('counter = "x"') + 1
    check_lists_exactly(
        run,
        state_path,
        text,
        [
            f"line {counter_line}: top level: field 'counter' must be an integer, found a string",
            f"line {id_line(text, web)}: network_interfaces[0] ({web}): field "
            "'source_dest_check' must be a boolean, found an integer",
        ],
    )


def test_check_reports_a_missing_field_as_missing_only(run: Run, state_path: Path) -> None:
    # Not also "mac_address '' is not like ..." or "private IP '' ...", nor "standby-1 has no
    # primary interface": the records are left out of the rules until they can be read.
    assert run("describe-vpcs").exit_code == 0
    standby, db = ID["standby-1-eth0"], ID["db-1-eth0"]
    text = state_path.read_text()
    text = without_field(text, standby, "mac_address")
    text = without_field(text, db, "private_ip_address")
    check_lists_exactly(
        run,
        state_path,
        text,
        [
            f"line {id_line(text, standby)}: network_interfaces[1] ({standby}): missing field "
            "'mac_address'",
            f"line {id_line(text, db)}: network_interfaces[3] ({db}): missing field "
            "'private_ip_address'",
        ],
    )


def test_check_lists_every_unknown_field(run: Run, state_path: Path) -> None:
    assert run("describe-vpcs").exit_code == 0
    web, app, tiny = ID["web-1-eth0"], ID["app-1-eth0"], ID["tiny"]
    text = state_path.read_text()
    text = in_record(
        text, web, "source_dest_check = ", 'colour = "red"\nsize = 3\nsource_dest_check = '
    )
    text = in_record(text, app, "device_index = ", "speed = 10, device_index = ")
    text = in_record(text, tiny, "state = ", 'zone = "a"\nstate = ')
    check_lists_exactly(
        run,
        state_path,
        text,
        [
            f"line {id_line(text, tiny)}: subnets[6] ({tiny}): unknown field 'zone'",
            f"line {id_line(text, web)}: network_interfaces[0] ({web}): unknown field 'colour'",
            f"line {id_line(text, web)}: network_interfaces[0] ({web}): unknown field 'size'",
            f"line {id_line(text, app)}: network_interfaces[2] ({app}) attachment: unknown field "
            "'speed'",
        ],
    )


def test_check_lists_a_wrong_type_beside_a_broken_rule(run: Run, state_path: Path) -> None:
    assert run("describe-vpcs").exit_code == 0
    web, old = ID["web-1-eth0"], ID["old-1"]
    text = state_path.read_text()
    text = in_record(text, web, "device_index = 0,", 'device_index = "0",')
    text = in_record(text, old, 'instance_type = "t2.micro"', 'instance_type = "t9.huge"')
    check_lists_exactly(
        run,
        state_path,
        text,
        [
            f"line {id_line(text, web)}: network_interfaces[0] ({web}) attachment: field "
            "'device_index' must be an integer, found a string",
            f"line {id_line(text, old)}: instance {old}: unknown instance type 't9.huge'",
        ],
    )


# --- reset ------------------------------------------------------------------------------------


@pytest.mark.parametrize("answer", ["n\n", "\n", "no\n"], ids=["n", "enter", "no"])
def test_reset_not_confirmed_changes_nothing(answer: str, run: Run, state_path: Path) -> None:
    assert run("create", ID["management"]).exit_code == 0
    before = state_path.read_bytes()
    mtime = state_path.stat().st_mtime_ns

    result = run("account", "reset", input=answer)

    assert (result.exit_code, result.stderr) == (1, "Aborted.\n")
    assert str(state_path) in result.stdout  # the question names the file
    assert state_path.read_bytes() == before
    assert state_path.stat().st_mtime_ns == mtime
    assert backups(state_path.parent) == []


def check_reset(
    run: Run, state_path: Path, tmp_path: Path, old: bytes, mode: int, stdout: str
) -> Path:
    """The old bytes are kept in one timestamped backup; the file is a fresh default account."""
    kept = backups(state_path.parent)
    assert len(kept) == 1
    backup = kept[0]
    assert backup.parent == state_path.parent
    match = BACKUP.fullmatch(backup.name)
    assert match, backup.name
    stamp = datetime.strptime(match[1], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    assert abs(datetime.now(UTC) - stamp) < timedelta(minutes=2)
    assert backup.read_bytes() == old
    assert backup.stat().st_mode & 0o777 == mode  # as private as the file it keeps
    assert str(backup) in stdout
    assert state_path.read_bytes() == fresh_default_bytes(run, tmp_path)
    assert run("account", "check").exit_code == 0
    return backup


@pytest.mark.parametrize("flag", ["--yes", "-y"])
def test_reset_yes_keeps_a_backup_and_writes_a_fresh_account(
    flag: str, run: Run, state_path: Path, tmp_path: Path
) -> None:
    assert run("create", ID["management"]).exit_code == 0
    old = state_path.read_bytes()
    mode = state_path.stat().st_mode & 0o777

    result = run("account", "reset", flag)

    assert result.exit_code == 0, result.stderr
    assert "[y/N]" not in result.stdout
    check_reset(run, state_path, tmp_path, old, mode, result.stdout)
    # The parse cache of the old account must not answer for the new one.
    shown = run("describe", "--hide-tags")
    assert [
        line.split("\t")[1] for line in shown.stdout.splitlines() if "NETWORKINTERFACE" in line
    ] == [
        ID["web-1-eth0"],
        ID["standby-1-eth0"],
        ID["app-1-eth0"],
        ID["db-1-eth0"],
    ]


def test_reset_confirmed_with_y(run: Run, state_path: Path, tmp_path: Path) -> None:
    assert run("create", ID["management"]).exit_code == 0
    old = state_path.read_bytes()
    mode = state_path.stat().st_mode & 0o777
    result = run("account", "reset", input="y\n")
    assert result.exit_code == 0, result.stderr
    check_reset(run, state_path, tmp_path, old, mode, result.stdout)


@pytest.mark.parametrize(
    "damaged",
    [b"schema_version = [[[\n", b"\xff\xfe not even text", b""],
    ids=["invalid-toml", "not-utf-8", "empty"],
)
def test_reset_works_on_a_damaged_file(
    damaged: bytes, run: Run, state_path: Path, tmp_path: Path
) -> None:
    state_path.write_bytes(damaged)
    state_path.chmod(0o640)
    assert run("describe").exit_code == 3

    result = run("account", "reset", "--yes")

    assert result.exit_code == 0, result.stderr
    check_reset(run, state_path, tmp_path, damaged, 0o640, result.stdout)
    assert run("describe").exit_code == 0


def test_reset_without_a_file_writes_a_fresh_account(
    run: Run, state_path: Path, tmp_path: Path
) -> None:
    result = run("account", "reset", "--yes")
    assert result.exit_code == 0, result.stderr
    assert state_path.read_bytes() == fresh_default_bytes(run, tmp_path)
    assert backups(state_path.parent) == []
    assert str(state_path) in result.stdout


def test_reset_without_a_file_does_not_ask(run: Run, state_path: Path, tmp_path: Path) -> None:
    result = run("account", "reset")  # no input: a question would read end of file and abort
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == f"Wrote a fresh default account to {state_path}\n"
    assert state_path.read_bytes() == fresh_default_bytes(run, tmp_path)


def test_two_resets_in_a_row_keep_both_backups(run: Run, state_path: Path) -> None:
    assert run("create", ID["management"]).exit_code == 0
    first = state_path.read_bytes()
    assert run("account", "reset", "--yes").exit_code == 0
    second = state_path.read_bytes()
    assert run("account", "reset", "--yes").exit_code == 0

    kept = backups(state_path.parent)
    assert len(kept) == 2
    assert all(BACKUP.fullmatch(p.name) for p in kept)
    assert sorted(p.read_bytes() for p in kept) == sorted([first, second])


def test_reset_of_a_folder_is_refused_and_leaves_no_lock(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "not-a-file"
    folder.mkdir()
    result = run("account", "reset", "--yes", "--state-file", str(folder))
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == f"ec2eni: the account state path {folder} is a directory\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-file"]


def test_reset_answered_with_bytes_that_are_not_text_aborts(run: Run, state_path: Path) -> None:
    assert run("describe-vpcs").exit_code == 0
    before = state_path.read_bytes()
    result = run("account", "reset", input=b"\x80\n")
    assert result.exit_code == 1
    assert result.stderr.endswith("Aborted.\n")
    assert state_path.read_bytes() == before


def test_a_path_that_is_not_utf8_is_printed_as_bytes_or_escaped(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # From $EC2ENI_STATE: an argument that is not UTF-8 is refused as a usage error.
    odd = str(tmp_path / "caf\udce9.toml")  # the byte 0xe9, as Python hands it over
    monkeypatch.setenv("EC2ENI_STATE", odd)
    shown = f"{tmp_path}/caf\\xe9.toml"
    printed = run("account", "path")
    assert (printed.exit_code, printed.stdout_bytes) == (0, os.fsencode(odd) + b"\n")
    checked = run("account", "check")
    assert (checked.exit_code, checked.stdout) == (
        0,
        f"{shown}: no account state file yet; the first command creates the default account "
        "there\n",
    )
    reset = run("account", "reset", "--yes")
    assert (reset.exit_code, reset.stdout) == (0, f"Wrote a fresh default account to {shown}\n")
    assert os.path.exists(os.fsencode(odd))
    refused = run("account", "path", "--state-file", odd)
    assert (refused.exit_code, refused.stderr) == (
        2,
        f"ec2eni account path: The argument '{shown}' is not UTF-8 text. (-h for usage)\n",
    )

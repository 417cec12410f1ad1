"""Golden legacy output as data: every `tests/data/cases/<family>/<name>.case` file is one test.

A case file is plain text (UTF-8): `#` comment lines saying what the case shows and why, then
sections, each opened by a header line `== <name>`:

    == account   optional: a file name in tests/data/accounts/, copied as the state file first
    == setup     optional: command lines run first, in order; each must exit 0 (output ignored)
    == command   required: ONE command line, the one whose output is pinned
    == stdin     optional: text fed to the command (absent: no stdin)
    == stdout    expected stdout (absent: empty)
    == stderr    expected stderr (absent: empty)
    == exit      expected exit status (absent: 0)

Sections may come in any order; each at most once. In `setup` and `command`, blank lines and
lines starting with `#` are skipped; in `account` and `exit`, blank lines are. In `stdin`,
`stdout` and `stderr` every line is content, blank lines and trailing TABs included: the text is
the lines joined with "\\n", plus a final "\\n" when there is any line, so a section without
lines is empty text. A content line cannot start with `== `.

A command line is split with `shlex.split`; bash's `$'...'` quoting is understood too (escapes
\\t \\n \\r \\\\ \\' \\"), so an argument can hold a TAB, newline or carriage return and the line
still pastes into bash. The first word is `ec2eni` or another console script of pyproject.toml's
`[project.scripts]` (read from the file, so a new legacy script needs no reinstall); it runs in
process through its entry point, a click command, with CliRunner (stdout and stderr apart).

Every case starts from a fresh state file in tmp (`$EC2ENI_STATE`): the `account` file, or else
the default account written before setup (so "nothing changed" below is a byte comparison even
when there is no setup), with `EC2ENI_NOW=2026-01-01T09:00:00Z`, `TZ=UTC` and no other
`EC2ENI_*` variable. IDs are deterministic, so a case may name the IDs its setup creates.

Beyond the expected output, a case with a non-zero exit must leave the state file byte-for-byte
as it was after setup: a refused command changes nothing.

`EC2ENI_UPDATE_CASES=1 pytest tests/cli/test_cases.py -k interfaces/create-` rewrites the
stdout, stderr and exit sections of the selected cases from the actual run (all three written out,
sections in the order above; everything else kept line for line), refused when `CI` is set. Read
the rewritten files before committing them: the run's output becomes the expectation. A failing
setup line or a refused command that changed the state file still fails, and writes nothing.
See tests/data/cases/README.md.
"""

from __future__ import annotations

import functools
import os
import re
import shlex
import shutil
import time
import tomllib
from dataclasses import dataclass
from importlib.metadata import EntryPoint
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from ec2eni.engine import clock
from ec2eni.store.state_file import Store

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "data" / "cases"
ACCOUNTS = ROOT / "tests" / "data" / "accounts"
NOW = "2026-01-01T09:00:00Z"
UPDATE = "EC2ENI_UPDATE_CASES"

# Also the order in which a rewritten file holds its sections.
SECTIONS = ("account", "setup", "command", "stdin", "stdout", "stderr", "exit")
HEADER = "== "


class CaseError(Exception):
    """A malformed case file; the message starts with the file's path."""


@dataclass(frozen=True)
class Outcome:
    stdout: str
    stderr: str
    exit: int


@dataclass(frozen=True)
class Case:
    path: Path
    preamble: list[str]
    # Raw lines, as written: a rewrite keeps everything but the output sections untouched.
    sections: dict[str, list[str]]
    account: str | None
    setup: list[list[str]]
    command: list[str]
    stdin: str | None
    expected: Outcome


# --- the format ----------------------------------------------------------------------------------


def _text(lines: list[str]) -> str:
    return "".join(f"{line}\n" for line in lines)


def _lines(path: Path, section: str, text: str) -> list[str]:
    """The content lines that give back `text` (the inverse of `_text`)."""
    if not text:
        return []
    if not text.endswith("\n"):
        raise CaseError(
            f"{path}: {section} does not end in a newline, which the case format cannot hold"
        )
    lines = text[:-1].split("\n")
    for line in lines:
        if line.startswith(HEADER):
            raise CaseError(f"{path}: {section} has a line the format reads as a header: {line!r}")
    return lines


_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "\\": "\\", "'": "'", '"': '"'}


def split_command(line: str) -> list[str]:
    """`shlex.split`, after rewriting each bash `$'...'` word part as plain single quoting.

    Only outside other quotes, as in bash; a case file keeps one command per line, so this is
    how an argument holds a newline or carriage return (and a TAB that a reader can see)."""
    out: list[str] = []
    quote: str | None = None
    i = 0
    while i < len(line):
        char = line[i]
        if quote is not None:
            out.append(char)
            if char == quote:
                quote = None
            elif char == "\\" and quote == '"' and i + 1 < len(line):
                out.append(line[i + 1])
                i += 1
        elif char == "\\" and i + 1 < len(line):
            out.append(line[i : i + 2])
            i += 1
        elif char in "'\"":
            quote = char
            out.append(char)
        elif line.startswith("$'", i):
            value: list[str] = []
            i += 2
            while i < len(line) and line[i] != "'":
                if line[i] == "\\":
                    escape = line[i + 1 : i + 2]
                    if escape not in _ESCAPES:
                        raise ValueError(f"unknown escape \\{escape} in $'...'")
                    value.append(_ESCAPES[escape])
                    i += 1
                else:
                    value.append(line[i])
                i += 1
            if i >= len(line):
                raise ValueError("no closing quotation")
            out.append(shlex.quote("".join(value)))
        else:
            out.append(char)
        i += 1
    return shlex.split("".join(out))


@functools.cache
def entry_points() -> dict[str, EntryPoint]:
    """The console scripts as pyproject.toml declares them (`ec2eni` included)."""
    with (ROOT / "pyproject.toml").open("rb") as file:
        scripts = tomllib.load(file)["project"]["scripts"]
    return {
        name: EntryPoint(name=name, value=value, group="console_scripts")
        for name, value in scripts.items()
    }


def parse(path: Path, text: str | None = None) -> Case:
    """Read a case file; CaseError names the file (and line) of anything malformed."""
    if text is None:
        # Bytes, not read_text: universal newlines would turn a "\r" in the output into "\n".
        text = path.read_bytes().decode("utf-8")
    rows = text.split("\n")
    if rows[-1] == "":
        rows.pop()  # the file's final newline ends the last line; it is not another line
    preamble: list[str] = []
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for number, row in enumerate(rows, 1):
        if row.startswith(HEADER):
            name = row[len(HEADER) :]
            if name not in SECTIONS:
                raise CaseError(
                    f"{path}:{number}: unknown section {name!r} (known: {', '.join(SECTIONS)})"
                )
            if name in sections:
                raise CaseError(f"{path}:{number}: section {name!r} appears twice")
            current = sections[name] = []
        elif current is not None:
            current.append(row)
        elif row.strip() and not row.startswith("#"):
            raise CaseError(f"{path}:{number}: only # comment lines may come before the first ==")
        else:
            preamble.append(row)

    def instructions(name: str) -> list[str]:
        return [r for r in sections.get(name, []) if r.strip() and not r.startswith("#")]

    def single(name: str) -> str | None:
        values = [r for r in sections.get(name, []) if r.strip()]
        if len(values) > 1:
            raise CaseError(f"{path}: section {name!r} must hold one line, not {len(values)}")
        return values[0].strip() if values else None

    def words(line: str) -> list[str]:
        try:
            argv = split_command(line)
        except ValueError as error:
            raise CaseError(f"{path}: cannot split {line!r}: {error}") from None
        if not argv or argv[0] not in entry_points():
            raise CaseError(
                f"{path}: {line!r} does not start with ec2eni or a console script of pyproject.toml"
            )
        return argv

    commands = instructions("command")
    if len(commands) != 1:
        raise CaseError(
            f"{path}: section 'command' must hold exactly one command line, not {len(commands)}"
        )
    account = single("account")
    if account is not None and (
        Path(account).name != account or not (ACCOUNTS / account).is_file()
    ):
        raise CaseError(f"{path}: account {account!r} is not a file in {ACCOUNTS}")
    exit_text = single("exit") or "0"
    if not re.fullmatch(r"-?[0-9]+", exit_text):
        raise CaseError(f"{path}: exit {exit_text!r} is not a number")
    return Case(
        path=path,
        preamble=preamble,
        sections=sections,
        account=account,
        setup=[words(line) for line in instructions("setup")],
        command=words(commands[0]),
        stdin=_text(sections["stdin"]) if "stdin" in sections else None,
        expected=Outcome(
            _text(sections.get("stdout", [])),
            _text(sections.get("stderr", [])),
            int(exit_text),
        ),
    )


def render(case: Case, outcome: Outcome) -> str:
    """The case file with `outcome` as its output sections; the rest is kept line for line."""
    sections = dict(case.sections)
    sections["stdout"] = _lines(case.path, "stdout", outcome.stdout)
    sections["stderr"] = _lines(case.path, "stderr", outcome.stderr)
    sections["exit"] = [str(outcome.exit)]
    out = list(case.preamble)
    for name in SECTIONS:
        if name in sections:
            out += [f"{HEADER}{name}", *sections[name]]
    return _text(out)


def update_requested() -> bool:
    if not os.environ.get(UPDATE):
        return False
    if os.environ.get("CI"):
        # CI checks the cases against the program; letting it write them would pass anything.
        raise CaseError(f"{UPDATE} is refused when CI is set")
    return True


# --- running -------------------------------------------------------------------------------------


def invoke(argv: list[str], stdin: str | None = None) -> Outcome:
    command = entry_points()[argv[0]].load()
    assert isinstance(command, click.Command), f"{argv[0]} is not a click command"
    result = CliRunner().invoke(
        command, argv[1:], input=stdin, prog_name=argv[0], catch_exceptions=False
    )
    return Outcome(result.stdout, result.stderr, result.exit_code)


def run(case: Case, state: Path, monkeypatch: pytest.MonkeyPatch) -> Outcome:
    """Run `case` against the state file `state`; a setup line that fails fails the test."""
    try:
        with monkeypatch.context() as env:
            for name in [n for n in os.environ if n.startswith("EC2ENI_")]:
                env.delenv(name)
            env.setenv("EC2ENI_STATE", str(state))
            env.setenv("EC2ENI_NOW", NOW)
            env.setenv("TZ", "UTC")
            time.tzset()
            if case.account is not None:
                shutil.copyfile(ACCOUNTS / case.account, state)
            else:
                clock.set_now(clock.parse(NOW))
                Store(state).load()  # writes the default account, as a first command would
            for number, argv in enumerate(case.setup, 1):
                done = invoke(argv)
                if done.exit:
                    pytest.fail(
                        f"{case.path}: setup line {number} ({shlex.join(argv)}) exited "
                        f"{done.exit}:\n{done.stderr}",
                        pytrace=False,
                    )
            before = state.read_bytes() if state.exists() else None
            outcome = invoke(case.command, case.stdin)
            if outcome.exit:
                after = state.read_bytes() if state.exists() else None
                assert after == before, (
                    f"{case.path}: the command exited {outcome.exit} but changed the state file"
                )
            return outcome
    finally:
        # The engine's clock and the C library's time zone are process-wide: other tests expect
        # the real clock and the zone they started with (TZ is given back by now).
        clock.set_now(None)
        time.tzset()


def _first_difference(want: str, got: str) -> str:
    """Where two texts part, with repr so that a TAB or trailing space shows."""
    wanted, gotten = want.split("\n"), got.split("\n")
    for number, (a, b) in enumerate(zip(wanted, gotten, strict=False), 1):
        if a != b:
            return f"line {number}: expected {a!r}, got {b!r}"
    return f"expected {len(wanted) - 1} lines, got {len(gotten) - 1}"


def _view(outcome: Outcome) -> str:
    return f"== stdout\n{outcome.stdout}== stderr\n{outcome.stderr}== exit\n{outcome.exit}\n"


def case_files() -> list[Path]:
    return sorted(CASES.rglob("*.case"))


def case_id(path: Path) -> str:
    return path.relative_to(CASES).with_suffix("").as_posix()


@pytest.mark.parametrize("path", case_files(), ids=case_id)
def test_case(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    try:
        update = update_requested()
        case = parse(path)
    except CaseError as error:
        pytest.fail(str(error), pytrace=False)
    outcome = run(case, tmp_path / "account.toml", monkeypatch)
    if update:
        try:
            rewritten = render(case, outcome)
        except CaseError as error:
            pytest.fail(str(error), pytrace=False)
        if rewritten != path.read_bytes().decode("utf-8"):
            path.write_bytes(rewritten.encode("utf-8"))
        return
    if outcome == case.expected:
        return
    where = [
        f"{name}: {_first_difference(want, got)}"
        for name, want, got in (
            ("stdout", case.expected.stdout, outcome.stdout),
            ("stderr", case.expected.stderr, outcome.stderr),
            ("exit", f"{case.expected.exit}\n", f"{outcome.exit}\n"),
        )
        if want != got
    ]
    assert _view(outcome) == _view(case.expected), (
        f"{path} differs ({'; '.join(where)}). If the new output is right, rewrite the file "
        f"with {UPDATE}=1 and read the diff."
    )


def test_there_are_cases() -> None:
    assert len(case_files()) > 50
    assert {p.parent.name for p in case_files()} >= {"interfaces", "attachments", "attributes"}


# --- the format itself ---------------------------------------------------------------------------


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sample.case"
    path.write_bytes(text.encode("utf-8"))
    return path


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("== command\nec2dnic\n== stdot\n", "unknown section 'stdot'"),
        ("== command\nec2dnic\n== stdout \n", "unknown section 'stdout '"),
        ("# no command\n== stdout\nx\n", "exactly one command line, not 0"),
        ("== command\nec2dnic\nec2dnic -H\n", "exactly one command line, not 2"),
        ("== command\nec2dnic\n== exit\none\n", "exit 'one' is not a number"),
        ("== command\nec2dnic\n== exit\n1\n2\n", "'exit' must hold one line"),
        ("describe it\n== command\nec2dnic\n", "only # comment lines"),
        ("== command\nec2dnic\n== stdout\n== stdout\n", "'stdout' appears twice"),
        ("== command\nec2-frobnicate-nic\n", "does not start with ec2eni or a console script"),
        ("== setup\nls -l\n== command\nec2dnic\n", "'ls -l' does not start with ec2eni"),
        ("== command\nec2dnic -F 'status=in-use\n", "cannot split"),
        ("== command\nec2addnic -d $'a\\qb'\n", "unknown escape"),
        ("== account\nno-such.toml\n== command\nec2dnic\n", "'no-such.toml' is not a file"),
        ("== account\n../cases/x.toml\n== command\nec2dnic\n", "is not a file in"),
    ],
)
def test_a_malformed_case_is_refused_naming_the_file(
    tmp_path: Path, text: str, complaint: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(CaseError) as caught:
        parse(path)
    assert str(caught.value).startswith(str(path))
    assert complaint in str(caught.value)


SAMPLE = """\
# Comment lines first.

== setup
# a comment, and a blank line, are skipped
ec2addnic subnet-aa9a00acd3a4f485b -d "web NIC"

ec2eni attach eni-09812cbf8065e9511 -i i-cf9ace0ed00a6c9e3 -d 1
== command
ec2detnic eni-attach-1ee7a89708b56e759 -f
== stdin
first

== stdout
ATTACHMENT\t\teni-attach-1ee7a89708b56e759\tdetaching\t
== stderr
"""


def test_sections_keep_every_character_of_their_lines(tmp_path: Path) -> None:
    case = parse(write(tmp_path, SAMPLE))
    assert case.setup == [
        ["ec2addnic", "subnet-aa9a00acd3a4f485b", "-d", "web NIC"],
        ["ec2eni", "attach", "eni-09812cbf8065e9511", "-i", "i-cf9ace0ed00a6c9e3", "-d", "1"],
    ]
    assert case.command == ["ec2detnic", "eni-attach-1ee7a89708b56e759", "-f"]
    assert case.stdin == "first\n\n"  # a blank line is content
    assert case.expected == Outcome(
        "ATTACHMENT\t\teni-attach-1ee7a89708b56e759\tdetaching\t\n", "", 0
    )
    assert case.account is None
    bare = parse(write(tmp_path, "== command\nec2dnic\n"))
    assert (bare.stdin, bare.expected) == (None, Outcome("", "", 0))
    # No final newline in the file: the last line is still a whole line.
    assert parse(write(tmp_path, "== command\nec2dnic\n== stdout\nx")).expected.stdout == "x\n"


def test_render_replaces_only_the_output_sections(tmp_path: Path) -> None:
    case = parse(write(tmp_path, SAMPLE))
    same = render(case, case.expected)
    assert same == SAMPLE + "== exit\n0\n"
    assert parse(write(tmp_path, same)).expected == case.expected
    new = Outcome("a\r\n\tb \n", "Client.X: y\n", 1)
    rewritten = render(case, new)
    assert rewritten.startswith(SAMPLE.split("== stdout")[0])
    assert parse(write(tmp_path, rewritten)).expected == new


@pytest.mark.parametrize(
    ("stdout", "complaint"),
    [("no newline", "does not end in a newline"), ("ok\n== exit\n", "reads as a header")],
)
def test_render_refuses_output_the_format_cannot_hold(
    tmp_path: Path, stdout: str, complaint: str
) -> None:
    case = parse(write(tmp_path, SAMPLE))
    with pytest.raises(CaseError, match=complaint):
        render(case, Outcome(stdout, "", 0))


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("ec2addnic s -d \"web NIC\" -F 'a b'", ["ec2addnic", "s", "-d", "web NIC", "-F", "a b"]),
        ("ec2addnic s -d $'a\\tb\\nc\\rd'", ["ec2addnic", "s", "-d", "a\tb\nc\rd"]),
        ("x -d=$'it\\'s \\\\'", ["x", "-d=it's \\"]),
        ("x $''", ["x", ""]),
        # Inside other quotes, or escaped, `$'` is just text.
        ("x \"$'a'\" '$b' \\$'c'", ["x", "$'a'", "$b", "$c"]),
    ],
)
def test_command_lines_split_as_bash_would(line: str, words: list[str]) -> None:
    assert split_command(line) == words


def test_updating_is_refused_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(UPDATE, "1")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(CaseError, match="refused when CI is set"):
        update_requested()
    monkeypatch.delenv("CI")
    assert update_requested()
    monkeypatch.delenv(UPDATE)
    assert not update_requested()


def test_a_failing_setup_line_fails_the_case(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = parse(
        write(tmp_path, "== setup\nec2delnic eni-1706a5992fc9609ea\n== command\nec2dnic\n")
    )
    with pytest.raises(pytest.fail.Exception, match="setup line 1 .*exited 1:\nClient.Invalid"):
        run(case, tmp_path / "account.toml", monkeypatch)


def test_a_refused_command_that_changes_the_state_file_fails_the_case(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def careless(argv: list[str], stdin: str | None = None) -> Outcome:
        Path(os.environ["EC2ENI_STATE"]).write_text("changed")
        return Outcome("", "Client.X: y\n", 1)

    case = parse(write(tmp_path, "== command\nec2delnic eni-1706a5992fc9609ea\n"))
    monkeypatch.setattr(f"{__name__}.invoke", careless)
    with pytest.raises(AssertionError, match="exited 1 but changed the state file"):
        run(case, tmp_path / "account.toml", monkeypatch)

"""Random argument vectors through every console script, in process (issue 8).

Each entry point of `[project.scripts]` is imported from its "module:attr" target and run with
CliRunner on short argv (0-8 tokens): either random units mixing realistic tokens (the
command's own option names, IDs of the account, malformed IDs, awkward numbers, booleans,
addresses, filters, general options) with arbitrary text, or a valid invocation with its free-text
values replaced by arbitrary text and up to three tokens changed. Arbitrary text includes control
characters and the surrogate escapes of bytes that are not UTF-8; stdin is absent, lines of text,
or raw bytes. The account is the default one, one with spare interfaces, or a damaged file.
For every example:

- no traceback: the result's exception is None or a SystemExit, and no output says "Traceback";
- the exit status is one of 0-4 (README "Errors and exit codes");
- after a non-zero exit every state file is byte-for-byte what it was ("Guarantees"); a file
  that did not exist may only have become the default account (a failing first command keeps
  the account it started from).

The state files live in a private temp folder: `$EC2ENI_STATE` always points there, and every
`--state-file` value is rewritten to a path inside it, so the user's own account is never read.
Between examples the folder is put back as it was by writing the same bytes back, which keeps
each example cheap (the parse cache beside an unchanged file stays valid).

CI (CI=true) runs 5,200 examples, derandomized so a failure reproduces; locally about 500.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import shutil
import tomllib
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ec2eni.engine import attachments, interfaces
from ec2eni.engine.default_account import build_default_account
from ec2eni.store import codec
from tests.conftest import names_of

# --- the entry points ------------------------------------------------------------------------

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"
SCRIPTS: dict[str, str] = tomllib.loads(PYPROJECT.read_text())["project"]["scripts"]


def load_command(target: str) -> click.Command:
    module_name, _, attribute = target.partition(":")
    found: Any = importlib.import_module(module_name)
    for part in attribute.split("."):
        found = getattr(found, part)
    assert isinstance(found, click.Command), f"{target} is not a click command"
    return found


# The group gets the largest share: it has thirteen subcommands (two levels under `account`).
GROUP_SCRIPTS = sorted(
    name for name, target in SCRIPTS.items() if target == "ec2eni.cli.group:main"
)
OTHER_SCRIPTS = sorted(name for name in SCRIPTS if name not in GROUP_SCRIPTS)

IN_CI = os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def fuzz_settings(ci_examples: int, local_examples: int) -> settings:
    ci_only: dict[str, Any] = {"derandomize": True, "database": None} if IN_CI else {}
    return settings(
        max_examples=ci_examples if IN_CI else local_examples,
        deadline=None,
        # Long argv and stdin texts are wanted here, not a sign of a slow strategy.
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        **ci_only,
    )


# 2,000 + 16 x 200 = 5,200 examples in CI; 180 + 16 x 20 = 500 locally.
GROUP_SETTINGS = fuzz_settings(2000, 180)
SCRIPT_SETTINGS = fuzz_settings(200, 20)

# --- the accounts the commands run against ---------------------------------------------------

DEFAULT_BYTES = codec.encode(build_default_account()).encode()


def busy_account() -> tuple[bytes, list[str]]:
    """The default account plus an unattached interface and one attached at device index 1, so
    that detach, delete and modify have something to succeed on; and the IDs that adds."""
    account = build_default_account()
    ids = names_of(account)
    added: list[str] = []
    try:
        spare = interfaces.create_network_interface(
            account, ids["public"], description="fuzz spare", secondary_private_ip_address_count=1
        )
        added.append(spare.network_interface_id)
        second = interfaces.create_network_interface(account, ids["public"])
        added.append(second.network_interface_id)
        added.append(
            attachments.attach_network_interface(
                account, second.network_interface_id, ids["web-1"], 1
            )
        )
    except Exception:
        # The engine is being changed by others: a refused setup only costs this extra state.
        pass
    return codec.encode(account).encode(), added


BUSY_BYTES, BUSY_IDS = busy_account()
# Unparsable TOML (exit 3 for everything but `account path/check/reset`).
DAMAGED_BYTES = DEFAULT_BYTES + b"\n[[[broken\n"
STATE_FILES = {
    "account.toml": DEFAULT_BYTES,
    "busy.toml": BUSY_BYTES,
    "damaged.toml": DAMAGED_BYTES,
}
STATE_NAMES = ["account.toml", "busy.toml", "busy.toml", "damaged.toml"]
# A folder of the sandbox: a `--state-file` naming it keeps its lock file inside the sandbox.
FOLDER = "folder"
# Where a `--state-file` value may point, relative to the sandbox: its state files, a file
# that does not exist yet, one in folders that do not exist yet, a folder, a path under a file,
# and the empty string (falls back to $EC2ENI_STATE). Odd file names are added below.
STATE_FILE_VALUES = [*STATE_FILES, "new.toml", "new/deeper/x.toml", FOLDER, "account.toml/x", ""]


@dataclass
class Sandbox:
    root: Path

    def state_file_value(self, relative: str) -> str:
        return "" if relative == "" else str(self.root / relative)

    def snapshot(self) -> dict[str, bytes]:
        """Every visible file under the sandbox (lock, cache and temp files are hidden ones)."""
        files = {}
        for folder, _, names in os.walk(self.root):
            for name in names:
                if not name.startswith("."):
                    path = Path(folder, name)
                    files[str(path.relative_to(self.root))] = path.read_bytes()
        return files

    def restore(self) -> None:
        """Back to the three state files (with their lock and cache files) and an empty folder."""
        keep = {n for name in STATE_FILES for n in (name, f".{name}.lock", f".{name}.cache")}
        for entry in self.root.iterdir():
            if entry.name in keep or (entry.name == FOLDER and not any(entry.iterdir())):
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        (self.root / FOLDER).mkdir(exist_ok=True)
        for name, data in STATE_FILES.items():
            path = self.root / name
            if not path.is_file() or path.read_bytes() != data:
                if path.is_dir():
                    shutil.rmtree(path)
                path.write_bytes(data)


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    box = Sandbox(tmp_path_factory.mktemp("fuzz"))
    box.restore()
    yield box


# --- argument vectors ------------------------------------------------------------------------

ACCOUNT_IDS = sorted({*names_of(build_default_account()).values(), *BUSY_IDS})
MALFORMED_IDS = [
    "eni-",
    "eni-XYZ",
    "eni-0",
    "eni-" + "a" * 18,
    "eni-1706A5992FC9609EA",
    "eni-attach-",
    "eni-attach-xyz",
    "i-",
    "i-0",
    "subnet-",
    "sg-",
    "sg-default",
    "vpc-",
    "eni_1706a5992fc9609ea",
    "ENI-1706a5992fc9609ea",
    " eni-1706a5992fc9609ea",
]
VALUES = [
    "-",
    "--",
    "true",
    "FALSE",
    "yes",
    "on",
    "0",
    "1",
    " 1",
    "1_0",
    "-1",
    "+1",
    "1.0",
    "0x1",
    "\u0663",
    "31",
    "32",
    "2147483647",
    "2147483648",
    "-2147483649",
    "10.0.1.4",
    "10.0.1.50",
    "10.0.0.5",
    "172.31.0.10",
    "10.0.1.0",
    "10.0.1.255",
    "300.1.1.1",
    "1.2.3",
    "10.0.1.04",
    "name=value",
    "tag:Name=web*",
    "tag:Name=web-?",
    "status",
    "status=available",
    "status=in-use",
    "description=*",
    "private-ip-address=10.0.1.4,",
    "=",
    "=x",
    "web tier",
    "",
    " ",
    "eu-west-1",
    "us-east-1",
    "us-gov-west-1",
    "EU-WEST-1",
    "mars",
]
GENERAL = [
    "-H",
    "--show-empty-fields",
    "--hide-tags",
    "-v",
    "--debug",
    "--region",
    "--state-file",
    "--version",
    "-h",
    "--help",
    "-?",
    "-Hv",
]


def hex_id() -> st.SearchStrategy[str]:
    """Well- and ill-formed IDs of every kind: a prefix and 0-19 hex digits (17 is real)."""
    prefixes = st.sampled_from(["eni", "eni-attach", "i", "subnet", "sg", "vpc"])
    digits = st.text("0123456789abcdefABCDEF", min_size=0, max_size=19)
    return st.builds(lambda p, d: f"{p}-{d}", prefixes, digits)


# Argv comes from bytes on a real system, so it never holds NUL; bytes that are not UTF-8 reach
# Python as surrogate escapes (U+DC80-U+DCFF), as in `ec2addnic SUBNET -d $'\xff'`.
ARG_CHARS = st.one_of(
    st.characters(codec="utf-8", exclude_characters="\x00"),
    st.characters(codec="ascii", exclude_characters="\x00"),
)
ESCAPED_BYTE = st.characters(min_codepoint=0xDC80, max_codepoint=0xDCFF, categories=["Cs"])
ARBITRARY = st.one_of(
    st.text(ARG_CHARS, max_size=24),
    # A list joined, not st.text: text() merges its alphabets and the utf-8 codec of one
    # drops the surrogates of the other.
    st.lists(st.one_of(ARG_CHARS, ESCAPED_BYTE), min_size=1, max_size=6).map("".join),
)
# A file name of the sandbox itself, however odd: one path component, so it stays inside.
STATE_FILE_VALUE = st.one_of(
    st.sampled_from(STATE_FILE_VALUES),
    ARBITRARY.filter(lambda name: "/" not in name and name not in ("", ".", "..")),
)
VALUE = st.one_of(
    st.sampled_from(VALUES), st.sampled_from(ACCOUNT_IDS), st.sampled_from(MALFORMED_IDS), hex_id()
)
TOKEN = st.one_of(VALUE, st.sampled_from(GENERAL), ARBITRARY)


def option_names(command: click.Command) -> tuple[list[str], list[str]]:
    """(every option name of the command, the names of the options that take a value)."""
    names: list[str] = list(command.context_settings.get("help_option_names", ["--help"]))
    valued: list[str] = []
    for param in command.params:
        if isinstance(param, click.Option):
            names += [*param.opts, *param.secondary_opts]
            if not param.is_flag and not param.count:
                valued += param.opts
    return names, valued


# Valid invocations of each command (by its `ec2eni` path), mutated below: random tokens alone
# rarely get past the usage checks, and the deeper paths (a write, a rendered description) are
# where a strange value does damage.
_ID = names_of(build_default_account())
_SPARE, _SECOND, _SECOND_ATTACHMENT = (
    BUSY_IDS
    if len(BUSY_IDS) == 3
    else [_ID["web-1-eth0"], _ID["app-1-eth0"], _ID["web-1-attachment"]]
)
_ENI, _SUBNET, _SG = _ID["web-1-eth0"], _ID["public"], _ID["workshop/web"]
# `SLOT` in a template token is filled with arbitrary text: the places where free text is taken
# (descriptions, filter names and values, --region) and then stored, matched or printed. NUL
# cannot occur in argv, so it cannot be mistaken for a real token.
SLOT = "\x00"
TEMPLATES: dict[str, list[list[str]]] = {
    "describe": [
        [],
        [_ENI, "-H"],
        ["-F", "status=available"],
        ["-F", "tag:Name=web*", _SPARE],
        ["-F", f"description={SLOT}"],
        ["-F", f"{SLOT}=x"],
        ["-F", f"tag:{SLOT}={SLOT}"],
        ["--region", SLOT],
        ["-"],
        ["-F", "-"],
    ],
    "create": [
        [_SUBNET, "-d", "management NIC"],
        [_SUBNET, "-d", SLOT],
        [_SUBNET, "--private-ip-address", "10.0.1.50", "-g", _SG],
        [_SUBNET, "--secondary-private-ip-address-count", "2"],
        [_SUBNET, "--secondary-private-ip-address", "10.0.1.60"],
        ["-", "-d", "x"],
        [_SUBNET, "--private-ip-address", "-"],
    ],
    "delete": [[_SPARE], ["-"]],
    "attach": [[_SPARE, "-i", _ID["web-1"], "-d", "2"], [_SPARE, "-i", _ID["web-1"], "-d", "-"]],
    "detach": [[_SECOND_ATTACHMENT], [_SECOND_ATTACHMENT, "-f"]],
    "describe-attribute": [[_ENI, "-d"], [_SPARE, "--group-set"], [_SECOND, "-a"]],
    "modify-attribute": [
        [_SPARE, "-d", "web tier"],
        [_SPARE, "-d", SLOT],
        [_SPARE, "-d", "-"],
        [_ENI, "--source-dest-check", "false"],
        [_SPARE, "--group-id", _SG],
        [_SECOND, "-a", _SECOND_ATTACHMENT, "--delete-on-termination", "false"],
    ],
    "reset-attribute": [[_ENI, "--source-dest-check"]],
    "describe-instances": [[], [_ID["web-1"]], ["-"]],
    "describe-subnets": [[], [_SUBNET]],
    "describe-security-groups": [[], [_SG]],
    "describe-vpcs": [[], [_ID["workshop"]]],
    "account path": [[], ["--state-file", "x"]],
    "account check": [[], ["--state-file", "x"]],
    "account reset": [["--yes"], [], ["--yes", "--state-file", "x"]],
}


def mutated(template: list[str], names: list[str]) -> st.SearchStrategy[list[str]]:
    """`template` with its slots filled, then up to three tokens replaced, inserted or deleted."""
    slots = sum(token.count(SLOT) for token in template)
    edit = st.tuples(
        st.sampled_from(["replace", "insert", "delete"]),
        st.integers(0, 8),
        st.one_of(TOKEN, ARBITRARY, st.sampled_from(names)),
    )

    def apply(drawn: tuple[list[str], list[tuple[str, int, str]]]) -> list[str]:
        fillers, edits = drawn
        argv = []
        for token in template:
            for _ in range(token.count(SLOT)):
                token = token.replace(SLOT, fillers.pop(), 1)
            argv.append(token)
        for kind, position, token in edits:
            if kind == "insert" or not argv:
                argv.insert(position % (len(argv) + 1), token)
            elif kind == "replace":
                argv[position % len(argv)] = token
            else:
                del argv[position % len(argv)]
        return argv

    fillers = st.lists(ARBITRARY, min_size=slots, max_size=slots)
    return st.tuples(fillers, st.lists(edit, max_size=3)).map(apply)


STRATEGIES: dict[tuple[int, str], st.SearchStrategy[list[str]]] = {}


def argv_for(command: click.Command, path: str) -> st.SearchStrategy[list[str]]:
    """Argv for `command`, reached as `ec2eni <path>`: random units of one or two tokens, or a
    mutated valid invocation; at most 8 tokens. A group's argv starts with one of its
    subcommands most of the time."""
    if (id(command), path) in STRATEGIES:
        return STRATEGIES[id(command), path]
    names, valued = option_names(command)
    units: list[st.SearchStrategy[list[str]]] = [
        st.sampled_from(names).map(lambda name: [name]),
        TOKEN.map(lambda token: [token]),
    ]
    if valued:
        option = st.sampled_from(valued)
        units.append(st.tuples(option, VALUE).map(list))
        units.append(st.tuples(option, TOKEN).map(list))
        long_options = [name for name in valued if name.startswith("--")]
        if long_options:
            joined = st.tuples(st.sampled_from(long_options), VALUE)
            units.append(joined.map(lambda pair: [f"{pair[0]}={pair[1]}"]))
    strategy = st.lists(st.one_of(units), max_size=6).map(lambda chunks: sum(chunks, []))
    if path in TEMPLATES:
        near_valid = st.one_of([mutated(t, names) for t in TEMPLATES[path]])
        strategy = st.one_of(strategy, near_valid, near_valid)
    if isinstance(command, click.Group):
        subcommands = [
            st.tuples(st.just(name), argv_for(sub, f"{path} {name}".strip())).map(
                lambda pair: [pair[0], *pair[1]]
            )
            for name, sub in sorted(command.commands.items())
        ]
        strategy = st.one_of(st.one_of(subcommands), st.one_of(subcommands), strategy)
    strategy = strategy.map(lambda argv: argv[:8])
    STRATEGIES[id(command), path] = strategy
    return strategy


def command_path(script: str) -> str:
    """`ec2eni describe-attribute` for `ec2dnicatt` (its target `...legacy:describe_attribute`),
    "" for the group itself."""
    attribute = SCRIPTS[script].partition(":")[2]
    return "" if attribute == "main" else attribute.replace("_", "-")


STDIN_LINE = st.one_of(
    VALUE,
    st.sampled_from(["", " ", "\t", "  eni-1706a5992fc9609ea  "]),
    st.text(st.characters(codec="utf-8", exclude_characters="\n\r"), max_size=16),
)
STDIN = st.one_of(
    st.none(),
    st.lists(STDIN_LINE, max_size=5).flatmap(
        lambda lines: st.sampled_from(["\n", "\r\n", ""]).map(
            lambda end: "\n".join(lines) + (end if lines else "")
        )
    ),
    # A pipe carries bytes: not always UTF-8 text.
    st.binary(max_size=12),
)
LOCK_TIMEOUT = st.sampled_from(["0.5", "0.5", "0.5", "0", "abc", "-1", "nan"])


def rewrite_state_files(argv: list[str], choose: Callable[[], str]) -> list[str]:
    """Every `--state-file` value points inside the sandbox. Any token after a `--state-file`
    token is replaced, consumed as its value or not: rewriting too much is harmless, too little
    could read or write the user's files."""
    out = list(argv)
    for index, token in enumerate(out):
        if token == "--state-file" and index + 1 < len(out):
            out[index + 1] = choose()
        elif token.startswith("--state-file="):
            out[index] = f"--state-file={choose()}"
    return out


# --- one example -----------------------------------------------------------------------------

RUNNER = CliRunner()
EXIT_CODES = {0, 1, 2, 3, 4}
TRACEBACK = "Traceback (most recent call last)"


def report(script: str, argv: list[str], stdin: str | bytes | None, result: Result) -> str:
    trace = ""
    if result.exc_info is not None and not isinstance(result.exception, SystemExit):
        trace = "".join(traceback.format_exception(*result.exc_info))
    return (
        f"\n{script} {argv!r} stdin={stdin!r} -> exit {result.exit_code}"
        f"\nexception: {result.exception!r}\nstdout: {result.stdout!r}\nstderr: {result.stderr!r}"
        f"\n{trace}"
    )


def run_example(
    sandbox: Sandbox,
    script: str,
    command: click.Command,
    data: st.DataObject,
) -> None:
    argv = data.draw(argv_for(command, command_path(script)), label="argv")
    argv = rewrite_state_files(
        argv,
        lambda: sandbox.state_file_value(data.draw(STATE_FILE_VALUE, label="--state-file")),
    )
    stdin = data.draw(STDIN, label="stdin")
    state = data.draw(st.sampled_from(STATE_NAMES), label="EC2ENI_STATE")
    env = {
        "EC2ENI_STATE": str(sandbox.root / state),
        "EC2ENI_LOCK_TIMEOUT": data.draw(LOCK_TIMEOUT, label="EC2ENI_LOCK_TIMEOUT"),
    }
    before = sandbox.snapshot()
    try:
        # In the sandbox: a relative path the argv names (`topology --svg --svg`) lands there,
        # and restore() removes it, instead of littering the folder pytest runs in.
        with contextlib.chdir(sandbox.root):
            result = RUNNER.invoke(
                command, argv, input=stdin, prog_name=script, catch_exceptions=True, env=env
            )
        detail = report(script, argv, stdin, result)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            # The command's own exception, so that hypothesis tells distinct bugs apart by where
            # they were raised, and pytest shows their traceback.
            result.exception.add_note(detail)
            raise result.exception
        # Unless the caller typed it: a description is printed back as given.
        if not any(TRACEBACK in text for text in [*argv, repr(stdin)]):
            assert TRACEBACK not in result.stdout, detail
            assert TRACEBACK not in result.stderr, detail
        assert result.exit_code in EXIT_CODES, detail
        if result.exit_code != 0:
            after = sandbox.snapshot()
            for name, data_before in before.items():
                assert after.get(name) == data_before, f"{name} changed{detail}"
            for name in after.keys() - before.keys():
                # A missing state file may be left as the default account the command started
                # from; an `account reset` that failed after its backup may leave that backup.
                assert after[name] == DEFAULT_BYTES or name.endswith(".bak"), (
                    f"{name} created{detail}"
                )
    finally:
        sandbox.restore()


# --- the tests -------------------------------------------------------------------------------


def test_every_entry_point_is_fuzzed() -> None:
    """The two tests below cover every script of pyproject.toml, each a click command."""
    assert GROUP_SCRIPTS, "no script runs the `ec2eni` group"
    assert sorted(GROUP_SCRIPTS + OTHER_SCRIPTS) == sorted(SCRIPTS)
    for target in SCRIPTS.values():
        load_command(target)


@pytest.mark.parametrize("script", GROUP_SCRIPTS)
@GROUP_SETTINGS
@given(data=st.data())
def test_fuzz_group(sandbox: Sandbox, script: str, data: st.DataObject) -> None:
    run_example(sandbox, script, load_command(SCRIPTS[script]), data)


@pytest.mark.parametrize("script", OTHER_SCRIPTS)
@SCRIPT_SETTINGS
@given(data=st.data())
def test_fuzz_script(sandbox: Sandbox, script: str, data: st.DataObject) -> None:
    run_example(sandbox, script, load_command(SCRIPTS[script]), data)

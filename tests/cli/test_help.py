"""Every command has help: each `ec2eni` subcommand (walked from the click group, `account` and its
subcommands included) and every installed legacy entry point.

Help is printed on stdout with exit 0 for `--help`, `-h` and `-?` alike (legacy-cli.md §1.1),
holds an `Examples:` section whose examples call the command itself, and, for the commands with
the legacy general options, says that the credential, URL and timeout options are accepted and
ignored.
"""

from __future__ import annotations

import re
from importlib.metadata import distribution

import click
import pytest
from click.testing import CliRunner, Result

from ec2eni.cli.group import main
from tests.cli.support import LEGACY

IGNORED = ("-O", "-W", "-T", "-K", "-C", "-U", "--connection-timeout", "--request-timeout")
GENERAL = ("-H", "--show-empty-fields", "--hide-tags", "-v", "--debug", "--region", "--state-file")
VIEWS = ("describe-instances", "describe-subnets", "describe-security-groups", "describe-vpcs")


def _walk(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = []
    for name, command in group.commands.items():
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found += _walk(command, (*prefix, name))
    return found


PATHS = _walk(main)


def _help(command: click.Command, prog: str, *args: str) -> Result:
    return CliRunner().invoke(command, list(args), prog_name=prog, catch_exceptions=False)


def _options(help_text: str) -> dict[str, str]:
    """Option entries of the `Options:` section: the names column -> its description."""
    section = help_text.split("\nOptions:\n", 1)[1].split("\n\n", 1)[0]
    entries: dict[str, str] = {}
    names = ""
    for row in section.splitlines():
        match = re.match(r"  (-\S.*?)(?:  +(.*))?$", row)
        if match:
            names = match.group(1)
            entries[names] = match.group(2) or ""
        else:
            entries[names] += " " + row.strip()
    return entries


def _examples(help_text: str) -> list[str]:
    assert "Examples:" in help_text
    block = help_text.split("Examples:", 1)[1]
    return [row.strip() for row in block.splitlines() if row.strip()]


def test_the_walk_finds_every_command() -> None:
    assert set(PATHS) >= {(name,) for name in (*LEGACY, *VIEWS, "account")}
    assert {("account", sub) for sub in ("path", "check", "reset")} <= set(PATHS)


def test_top_level_help_lists_every_subcommand() -> None:
    result = _help(main, "ec2eni", "--help")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith("Usage: ec2eni ")
    for path in PATHS:
        if len(path) == 1:
            assert re.search(rf"^  {re.escape(path[0])} ", result.stdout, re.M), path


@pytest.mark.parametrize("path", PATHS, ids=" ".join)
def test_every_subcommand_has_help_with_examples(path: tuple[str, ...]) -> None:
    result = _help(main, "ec2eni", *path, "--help")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith(f"Usage: ec2eni {' '.join(path)} ")
    # Each example calls this command, under one of its names.
    names = [f"ec2eni {' '.join(path)}", *LEGACY.get(path[0], ())] if len(path) == 1 else []
    names = names or [f"ec2eni {' '.join(path)}"]
    examples = _examples(result.stdout)
    assert examples
    assert any(re.search(rf"(^|[(|$ ]){re.escape(n)}( |$)", e) for e in examples for n in names)
    for alias in ("-h", "-?"):
        same = _help(main, "ec2eni", *path, alias)
        assert (same.exit_code, same.stdout, same.stderr) == (0, result.stdout, "")


@pytest.mark.parametrize("path", [(name,) for name in (*LEGACY, *VIEWS)], ids=" ".join)
def test_general_options_are_documented_and_ignored_ones_say_so(path: tuple[str, ...]) -> None:
    result = _help(main, "ec2eni", *path, "--help")
    options = _options(result.stdout)
    for option in (*GENERAL, *IGNORED):
        entry = [names for names in options if re.search(rf"(^|, ){re.escape(option)}\b", names)]
        assert len(entry) == 1, (option, list(options))
        description = options[entry[0]].lower()
        if option in IGNORED:
            assert "accepted" in description and "ignored" in description, (option, description)
        else:
            assert "ignored" not in description, (option, description)


def test_legacy_entry_points_are_installed() -> None:
    scripts = {
        e.name: e.value for e in distribution("ec2eni").entry_points if e.group == "console_scripts"
    }
    assert scripts.pop("ec2eni") == "ec2eni.cli.group:main"
    assert set(scripts) == {name for names in LEGACY.values() for name in names}


ENTRY_POINTS = {
    e.name: e for e in distribution("ec2eni").entry_points if e.group == "console_scripts"
}
LEGACY_NAMES = [(name, sub) for sub, names in LEGACY.items() for name in names]


@pytest.mark.parametrize(("name", "sub"), LEGACY_NAMES, ids=[n for n, _ in LEGACY_NAMES])
def test_every_legacy_entry_point_has_help(name: str, sub: str) -> None:
    command = ENTRY_POINTS[name].load()
    # A legacy face of the very command `ec2eni <sub>` runs (its body and parameters), so help
    # and behaviour cannot drift apart; only its usage errors speak the legacy language.
    modern = main.commands[sub]
    assert command is not modern
    assert (command.callback, command.params) == (modern.callback, modern.params)
    assert command.legacy and not modern.legacy
    result = _help(command, name, "--help")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith(f"Usage: {name} [OPTIONS]")
    flat = " ".join(result.stdout.split())
    assert all(legacy_name in flat for legacy_name in LEGACY[sub])
    assert any(e.split()[0] in LEGACY[sub] for e in _examples(result.stdout) if e.split())
    options = _options(result.stdout)
    ignored = [
        text.lower() for names, text in options.items() if names.split(",")[0].split()[0] in IGNORED
    ]
    assert len(ignored) == len(IGNORED)
    assert all("accepted" in text and "ignored" in text for text in ignored)
    for alias_option in ("-h", "-?"):
        same = _help(command, name, alias_option)
        assert (same.exit_code, same.stdout, same.stderr) == (0, result.stdout, "")

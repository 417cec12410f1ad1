"""Shell completion: the committed scripts are click's current output for every program name, and
values complete from the account without creating, printing or failing."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import distribution
from pathlib import Path

import click
import pytest
from click.shell_completion import BashComplete, FishComplete, ShellComplete, ZshComplete

from ec2eni.cli import complete
from tests.cli.support import LEGACY
from tests.conftest import Run

COMPLETIONS = Path(__file__).resolve().parents[2] / "completions"


def _command(name: str) -> click.Command:
    scripts = distribution("ec2eni").entry_points.select(group="console_scripts")
    loaded = next(script for script in scripts if script.name == name).load()
    assert isinstance(loaded, click.Command)
    return loaded


def _complete(
    args: str, incomplete: str = "", shell: type[ShellComplete] = BashComplete
) -> list[tuple[str, str | None]]:
    """(value, help) offered for `incomplete` after the words `args` (the first is the program)."""
    prog_name, *words = args.split()
    var = f"_{prog_name.upper()}_COMPLETE"
    completer = shell(_command(prog_name), {}, prog_name, var)
    return [(item.value, item.help) for item in completer.get_completions(words, incomplete)]


def _values(args: str, incomplete: str = "") -> list[str]:
    return [value for value, _ in _complete(args, incomplete)]


@pytest.fixture(autouse=True)
def _default_account(state_path: Path) -> None:
    # The default account, written once the way a first command writes it.
    from ec2eni.store.state_file import Store

    Store(state_path).load()


def test_committed_scripts_are_freshly_generated() -> None:
    fresh = complete.scripts()
    committed = {path.name: path.read_text(encoding="utf-8") for path in COMPLETIONS.iterdir()}
    assert committed == fresh, "run: python -m ec2eni.cli.complete --write completions"


def test_scripts_register_every_program_name() -> None:
    names = {"ec2eni", *(name for faces in LEGACY.values() for name in faces)}
    assert names <= set(complete.program_names())
    fish = (COMPLETIONS / "ec2eni.fish").read_text(encoding="utf-8")
    for name in names:
        assert f"complete --no-files --command {name} " in fish


def test_the_generator_writes_the_files(tmp_path: Path) -> None:
    assert complete.main(["--write", str(tmp_path / "out")]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(complete.scripts())
    assert complete.main([]) == 2


def test_interface_ids_after_legacy_and_modern_names(ids: dict[str, str]) -> None:
    assert ids["web-1-eth0"] in _values("ec2dnic")
    assert _values("ec2eni describe", "eni-1") == [ids["web-1-eth0"]]
    assert _values("ec2-describe-network-interfaces", "eni-zzz") == []


@pytest.mark.parametrize("shell", [ZshComplete, FishComplete])
def test_the_name_tag_is_the_help_in_zsh_and_fish(
    shell: type[ShellComplete], ids: dict[str, str]
) -> None:
    offered = dict(_complete("ec2dnic", "", shell))
    assert offered[ids["web-1-eth0"]] == "web-1-eth0"
    completer = shell(_command("ec2dnic"), {}, "ec2dnic", "_EC2DNIC_COMPLETE")
    item = next(i for i in completer.get_completions([], "") if i.value == ids["web-1-eth0"])
    assert "web-1-eth0" in completer.format_completion(item)


def test_instance_ids_after_attach_i(ids: dict[str, str]) -> None:
    offered = dict(_complete(f"ec2attnic {ids['web-1-eth0']} -i", "", FishComplete))
    assert offered[ids["web-1"]] == "web-1"
    assert ids["web-1-eth0"] not in offered


def test_other_kinds_of_ids(ids: dict[str, str]) -> None:
    assert ids["web-1-attachment"] in _values("ec2detnic")
    assert ids["public"] in _values("ec2addnic")
    assert ids["workshop/web"] in _values("ec2addnic -g")
    assert ids["workshop"] in _values("ec2addsubnet -c")
    assert _values("ec2addgrp") == []  # a new group's name
    assert ids["web-1-attachment"] in _values(f"ec2mnicatt {ids['web-1-eth0']} -a")
    assert ids["workshop/web"] in _values(f"ec2mnicatt {ids['web-1-eth0']} --group-id")
    assert ids["web-1"] in _values("ec2addtag")


def test_allocation_and_association_ids(legacy: Run) -> None:
    result = legacy("ec2allocaddr", "-d", "vpc")
    allocation = next(w for w in result.output.split() if w.startswith("eipalloc-"))
    assert _values("ec2reladdr -a") == [allocation]
    assert allocation in _values("ec2daddr")
    assert _values("ec2disaddr -a") == []


def test_filter_names_after_F() -> None:
    offered = _values("ec2dnic -F", "st")
    assert offered == ["status="]
    assert "instance-state-name=" in _values("ec2din -F", "instance-state")
    assert _values("ec2dnic -F", "status=") == []
    assert "tag:Name=" in _values("ec2dnic -F", "tag:")
    assert _values(f"ec2dnic -F status=available {'-F'}", "attachment.st") == ["attachment.status="]


def test_state_file_typed_on_the_line_is_honoured(tmp_path: Path, ids: dict[str, str]) -> None:
    other = tmp_path / "other.toml"
    assert _values(f"ec2dnic --state-file {other}") == []
    assert not other.exists()
    assert ids["web-1-eth0"] in _values(f"ec2dnic --state-file {tmp_path / 'account.toml'}")


def test_no_file_is_created_when_none_exists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "none" / "account.toml"
    monkeypatch.setenv("EC2ENI_STATE", str(missing))
    assert _values("ec2dnic") == []
    assert _values("ec2eni describe") == []
    assert not missing.parent.exists()


def test_a_broken_state_file_offers_nothing_and_prints_nothing(state_path: Path) -> None:
    state_path.write_text("this is [ not toml", encoding="utf-8")
    env = {
        **os.environ,
        "COMP_WORDS": "ec2dnic ",
        "COMP_CWORD": "1",
        "_EC2DNIC_COMPLETE": "bash_complete",
    }
    code = "from ec2eni.cli.legacy import describe; describe(prog_name='ec2dnic')"
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout.strip(), done.stderr) == (0, "", "")


def _bash(line: str) -> list[str]:
    """What the committed bash script's function gets back for `line` (cursor at its end): the
    words split as bash splits them for completion, at blanks and at `=` and `:` too."""
    import re

    words = re.findall(r"[=:]|[^\s=:]+", line) + ([""] if line.endswith(" ") else [])
    prog = line.split()[0]
    env = {
        **os.environ,
        "COMP_WORDS": " ".join(words),
        "COMP_CWORD": str(len(words) - 1),
        "COMP_LINE": line,
        "COMP_POINT": str(len(line)),
        "_{}_COMPLETE".format(prog.replace("-", "_").upper()): "bash_complete",
    }
    script = Path(sys.executable).parent / prog
    done = subprocess.run(
        [str(script)], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    return [line for line in done.stdout.splitlines() if line]


def test_bash_completes_from_the_line_not_from_words_split_at_equals(
    ids: dict[str, str],
) -> None:
    # bash's words were `-F subnet-id = sub`: `sub` completed as an interface ID argument.
    assert _bash("ec2dnic -F subnet-id=sub") == []
    assert _bash("ec2eni describe -F subnet-id=") == []
    # bash replaces only its own last word (`Na`): the value comes without `tag:`.
    assert _bash("ec2dnic -F tag:Na") == ["plain,Name="]
    assert _bash("ec2dnic -F subnet-i") == ["plain,subnet-id="]
    assert _bash("ec2attnic eni-1706") == [f"plain,{ids['web-1-eth0']}"]
    assert _bash("ec2dnic -F vpc-id=vpc-1 eni-1706") == [f"plain,{ids['web-1-eth0']}"]


def test_the_bash_script_passes_the_line() -> None:
    text = (COMPLETIONS / "ec2eni.bash").read_text(encoding="utf-8")
    assert text.count('COMP_LINE="$COMP_LINE" COMP_POINT=$COMP_POINT') == len(
        complete.program_names()
    )

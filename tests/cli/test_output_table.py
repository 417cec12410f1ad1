"""`-o table`: rich tables, one per record kind, plain (no ANSI) when not on a terminal or with
NO_COLOR; text and json output never import rich."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from ec2eni.cli.group import main
from tests.cli.test_entry_points import IDS, Prepared, prepared

__all__ = ["prepared"]  # the module-scoped fixture, shared with test_entry_points


def run(state: Path, *args: str, env: dict[str, str] | None = None) -> str:
    result = CliRunner(env=env).invoke(main, [*args, "-o", "table", "--state-file", str(state)])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_interfaces_show_device_index_and_attach_time(prepared: Prepared, tmp_path: Path) -> None:
    state = prepared.copy(tmp_path, "account")
    shown = run(state, "describe", env={"EC2ENI_NOW": "2026-01-01T09:00:00Z"})
    assert "\x1b[" not in shown
    titles = [line for line in shown.splitlines() if line and line[0].isalpha()]
    assert titles[:3] == ["NetworkInterfaces", "Attachments", "Groups"]
    header = next(line for line in shown.splitlines() if "DeviceIndex" in line)
    assert "AttachTime" in header and "NetworkInterfaceId" in header
    assert IDS["web-1-eth0"] in shown and prepared.attachment in shown


def test_no_colour_with_no_color(prepared: Prepared, tmp_path: Path) -> None:
    state = prepared.copy(tmp_path, "account")
    shown = run(state, "describe-vpcs", env={"NO_COLOR": "1", "TERM": "xterm-256color"})
    assert "\x1b[" not in shown
    assert shown.splitlines()[0] == "Vpcs" and IDS["workshop"] in shown
    assert all(line == line.rstrip() for line in shown.splitlines())


def test_a_small_answer_is_one_table(prepared: Prepared, tmp_path: Path) -> None:
    state = prepared.copy(tmp_path, "account")
    shown = run(state, "attach", prepared.free, "-i", IDS["app-1"], "-d", "1")
    assert shown.splitlines()[0] == "Result" and "AttachmentId" in shown


def test_rich_is_imported_for_table_only(prepared: Prepared, tmp_path: Path) -> None:
    state = prepared.copy(tmp_path, "account")
    probe = (
        "import sys\n"
        "from ec2eni.cli.group import main\n"
        "sys.argv = ['ec2eni', 'describe', '-o', sys.argv[1], '--state-file', sys.argv[2]]\n"
        "try:\n    main()\n"
        "except SystemExit:\n    pass\n"
        "print('RICH' if 'rich' in sys.modules else 'NORICH', file=sys.stderr)\n"
    )
    for output, expected in (("json", "NORICH"), ("text", "NORICH"), ("table", "RICH")):
        done = subprocess.run(
            [sys.executable, "-c", probe, output, str(state)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.stderr.strip().splitlines()[-1] == expected, (output, done.stderr)

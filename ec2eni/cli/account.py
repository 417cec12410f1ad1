"""`ec2eni account`: find, check or reset the account state file itself."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from ec2eni.cli.options import CONTEXT_SETTINGS, OUTPUT_OPTION
from ec2eni.cli.runtime import EXIT_STATE, EC2Command, OneLineErrors, answer
from ec2eni.engine.default_account import build_default_account
from ec2eni.engine.errors import StateError
from ec2eni.engine.model import SCHEMA_VERSION, Account
from ec2eni.store.state_file import Store, resolve_state_path

state_file_option = click.option(
    "--state-file",
    metavar="PATH",
    help="Account state file (default: $EC2ENI_STATE, else the user data folder).",
)


class AccountGroup(OneLineErrors, click.Group):
    pass


@click.group(
    "account",
    cls=AccountGroup,
    context_settings=CONTEXT_SETTINGS,
    epilog="\b\nExamples:\n  ec2eni account path\n  ec2eni account check\n"
    "  ec2eni account reset --yes",
)
def account() -> None:
    """Find, check or reset the account state file."""


@account.command(
    "path",
    cls=EC2Command,
    context_settings=CONTEXT_SETTINGS,
    epilog='\b\nExamples:\n  ec2eni account path\n  $EDITOR "$(ec2eni account path)"',
)
@state_file_option
@OUTPUT_OPTION
def path(state_file: str | None, output: str | None) -> None:
    """Print the path of the account state file the commands use."""
    chosen = resolve_state_path(state_file)
    if output in ("json", "table"):
        answer(output, [], lambda: {"StateFile": shown(chosen)})
        return
    # The path's own bytes, so `$(ec2eni account path)` names the file even when it is not UTF-8.
    click.echo(os.fsencode(chosen) + b"\n", nl=False)


@account.command(
    "check",
    cls=EC2Command,
    context_settings=CONTEXT_SETTINGS,
    epilog="\b\nExamples:\n  ec2eni account check\n"
    "  ec2eni account check --state-file workshop.toml",
)
@state_file_option
@OUTPUT_OPTION
def check(state_file: str | None, output: str | None) -> None:
    """List every problem of the account state file (exit 0 when clean, 3 when not).

    Nothing is changed; a missing file is reported, not created.
    """
    store = Store(resolve_state_path(state_file))
    problems = store.check()  # a path that cannot hold a file fails here, with the reason
    where = shown(store.path)
    report: dict[str, Any] = {"StateFile": where, "Exists": os.path.exists(store.path)}
    if not report["Exists"]:
        text = [
            f"{where}: no account state file yet; the first command creates the default account "
            "there"
        ]
    elif not problems:
        account = store.load()
        version = f"schema version {store.file_version}"
        if store.file_version != SCHEMA_VERSION:
            version += f", upgraded to {SCHEMA_VERSION} by the next command that changes something"
        text = [
            f"{where}: OK ({version}; {len(account.network_interfaces)} network "
            f"interfaces, {len(account.instances)} instances, {len(account.subnets)} subnets)"
        ]
        report |= {
            "SchemaVersion": store.file_version,
            "NetworkInterfaces": len(account.network_interfaces),
            "Instances": len(account.instances),
            "Subnets": len(account.subnets),
        }
    else:
        text = [f"{where}: {len(problems)} problem{'s' if len(problems) != 1 else ''}"]
        text += [f"  {problem}" for problem in problems]
    report["Problems"] = problems
    answer(output, text, lambda: report)
    if problems:
        raise click.exceptions.Exit(EXIT_STATE)


def shown(path: str | Path) -> str:
    """`path` as text any terminal can print: bytes that are not UTF-8 as `\\x80`."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _backup_path(path: Path) -> Path:
    from datetime import UTC, datetime

    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    candidate = path.with_name(f"{path.name}.{stamp}.bak")
    number = 1
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.{stamp}-{number}.bak")
        number += 1
    return candidate


def replace_account(
    store: Store, account: Account, *, yes: bool, what: str
) -> tuple[list[str], str | None]:
    """Write `account` (described as `what`, "a fresh default account") over the state file,
    keeping the old file, damaged or not, beside it as <name>.<UTC time>.bak; asks first unless
    `yes` or there is no file yet. Returns the lines that say what it kept and wrote, and the
    backup's path as it is shown (None without one).

    Shared by `account reset` and `scenario start`, so a replaced account is kept the same way
    whichever command replaced it."""
    if os.path.isdir(store.path):
        # Refused before the lock: a reset must not leave a lock file beside a folder.
        raise StateError(f"the account state path {shown(store.path)} is a directory")
    if not yes and os.path.exists(store.path):
        # Nothing is lost when there is no file yet, so there is nothing to confirm.
        try:
            click.confirm(
                f"Replace {shown(store.path)} with {what}? The old file is kept as a backup",
                abort=True,
            )
        except UnicodeDecodeError:
            raise click.exceptions.Abort() from None  # an answer that is not text is not "y"
    backup = None
    with store.locked():
        if os.path.exists(store.path):
            backup = _backup_path(Path(store.path))
            import shutil

            try:
                shutil.copy2(store.path, backup)
            except OSError as error:
                raise StateError(
                    f"cannot keep the old account as {shown(backup)}: {error.strerror}. "
                    "Nothing was changed."
                ) from None
        store.write_locked(account)
    kept = None if backup is None else shown(backup)
    lines = [] if kept is None else [f"Kept the old account as {kept}"]
    return [*lines, f"Wrote {what} to {shown(store.path)}"], kept


@account.command(
    "reset",
    cls=EC2Command,
    context_settings=CONTEXT_SETTINGS,
    epilog="\b\nExamples:\n  ec2eni account reset\n  ec2eni account reset --yes",
)
@state_file_option
@click.option("-y", "--yes", is_flag=True, help="Do not ask for confirmation.")
@OUTPUT_OPTION
def reset(state_file: str | None, yes: bool, output: str | None) -> None:
    """Replace the account with a fresh default account.

    The old file, damaged or not, is kept beside it as <name>.<UTC time>.bak.
    """
    from ec2eni.render import teaching

    store = Store(resolve_state_path(state_file))
    what = "a fresh default account"
    text, backup = replace_account(store, build_default_account(), yes=yes, what=what)
    answer(output, text, lambda: teaching.replaced(what, shown(store.path), backup))

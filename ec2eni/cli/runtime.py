"""What every command does around its one engine call: open the account, print, map errors.

Exit codes, decided here and nowhere else:

| code | meaning |
|---|---|
| 0 | success (also with a `WARNING:  Ignoring extra parameter(s)` line on stderr) |
| 1 | an EC2 error: one line `Client.<Code>: <Message>` on stderr |
| 2 | a usage error under `ec2eni <subcommand>` (missing argument, unknown option, bad value) |
| 1 | a usage error under a legacy name (`ec2dnic`, ...): the legacy tool's wording and status |
| 3 | the account state file cannot be used (damaged, unreadable, unwritable) |
| 4 | the account is locked by another command for longer than `$EC2ENI_LOCK_TIMEOUT` |

After any non-zero exit the state file is byte-for-byte what it was.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

import click

from ec2eni.cli import started
from ec2eni.cli.options import General
from ec2eni.cli.stdin import check_text
from ec2eni.cli.stdin import expand as expand_stdin
from ec2eni.cli.usage import legacy_line
from ec2eni.engine import clock, timing
from ec2eni.engine.errors import EC2Error, LockTimeout, StateError
from ec2eni.engine.model import TIMINGS, Account
from ec2eni.render import Lines
from ec2eni.render.lines import Response, Style
from ec2eni.store.state_file import Store, resolve_state_path

EXIT_OK = 0
EXIT_EC2_ERROR = 1
EXIT_USAGE = 2
EXIT_LEGACY_USAGE = 1
EXIT_STATE = 3
EXIT_LOCKED = 4


def _request_id() -> str:
    import uuid

    return str(uuid.uuid4())


class OneLineErrors:
    """Usage errors as one stderr line.

    Under `ec2eni`: `<command>: <message> (-h for usage)`, exit 2. Click's own form takes three
    lines (usage, hint, error); scripts that log stderr, and people scanning it, are better served
    by one line that names the problem. Under a legacy name (`legacy = True`): the legacy tool's
    own line (`ec2eni.cli.usage`) and exit 1, as scripts written for it expect.
    """

    legacy = False

    def main(
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        started()
        if any(name.startswith("_") and name.endswith("_COMPLETE") for name in os.environ):
            # A shell asks for completions (click reads `_<PROG>_COMPLETE`): bash's words from
            # the line (ec2eni.cli.complete.LineBashComplete).
            from ec2eni.cli.complete import register

            register()
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)  # type: ignore[misc]
        try:
            result = super().main(args, prog_name, complete_var, False, **extra)  # type: ignore[misc]
        except click.exceptions.Abort:
            click.echo("Aborted.", err=True)
            sys.exit(EXIT_EC2_ERROR)
        except click.UsageError as error:
            if self.legacy:
                click.echo(legacy_line(error), err=True)
                sys.exit(EXIT_LEGACY_USAGE)
            self._modern_error(error, prog_name)
        except click.ClickException as error:
            self._modern_error(error, prog_name)
        sys.exit(result if isinstance(result, int) else EXIT_OK)

    @staticmethod
    def _modern_error(error: click.ClickException, prog_name: str | None) -> NoReturn:
        context = getattr(error, "ctx", None)
        name = (
            context.command_path
            if context is not None
            else (prog_name or os.path.basename(sys.argv[0]) or "ec2eni")
        )
        click.echo(f"{name}: {error.format_message()} (-h for usage)", err=True)
        sys.exit(error.exit_code)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # Click's option parser raises some errors ("Option '-d' requires an argument") without
        # a context, which would make the line name `ec2eni` instead of `ec2eni create`.
        try:
            if not isinstance(self, click.Group):
                check_text(args)
                args = expand_stdin(ctx.command, args)
            return super().parse_args(ctx, args)  # type: ignore[misc,no-any-return]
        except click.UsageError as error:
            if error.ctx is None:
                error.ctx = ctx
            raise


class _ShortFirstParser(click.parser._OptionParser):
    """click's parser tries every option as a long one first and, when that fails, builds a
    NoSuchOption with spelling suggestions (importing difflib, about 1 ms) before trying it as
    the short option it is. A two-character option (`-i`) that is no long option is refused here
    without suggestions: the caller catches it and matches the short option, as before."""

    def _match_long_opt(self, opt: str, explicit_value: str | None, state: Any) -> None:
        if len(opt) == 2 and opt not in self._long_opt:
            raise click.NoSuchOption(opt, ctx=self.ctx)
        super()._match_long_opt(opt, explicit_value, state)


class EC2Command(OneLineErrors, click.Command):
    """A command whose engine errors become the legacy stderr line and exit status."""

    def make_parser(self, ctx: click.Context) -> click.parser._OptionParser:
        parser = _ShortFirstParser(ctx)
        for param in self.get_params(ctx):
            param.add_to_parser(parser, ctx)
        return parser

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except EC2Error as error:
            general: General | None = ctx.meta.get("ec2eni.general")
            click.echo(f"Client.{error.code}: {error.message}", err=True)
            hint = self.suggestion(error)
            if hint is not None:
                click.echo(hint, err=True)
            if general is not None and (general.verbose or general.debug):
                request_id = _request_id()
                if general.debug:
                    click.echo(
                        f"Status Code: 400, AWS Service: AmazonEC2, AWS Request ID: {request_id}, "
                        f"AWS Error Code: {error.code}, AWS Error Message: {error.message}",
                        err=True,
                    )
                click.echo(f"Request ID: {request_id}", err=True)
            ctx.exit(EXIT_EC2_ERROR)
        except LockTimeout as error:
            click.echo(f"ec2eni: {error}", err=True)
            ctx.exit(EXIT_LOCKED)
        except StateError as error:
            click.echo(f"ec2eni: {error}", err=True)
            ctx.exit(EXIT_STATE)

    def filter_names(self) -> list[str]:
        """The filter names this command knows: the `Filters:` paragraph of its help (written by
        `options.filter_names` from the engine's table), without the `tag:<key>` pattern."""
        _, found, listing = (self.help or "").partition("\nFilters:\n")
        if not found:
            return []
        paragraph = listing.split("\n\n", 1)[0]
        names = (name.strip() for name in paragraph.replace("\n", ",").split(","))
        return [name for name in names if name and "<" not in name]

    def suggestion(self, error: EC2Error) -> str | None:
        """`Did you mean 'y'?` after an unknown filter name, for a person at a terminal only:
        scripts reading stderr through a pipe see exactly EC2's one line."""
        if error.code != "InvalidParameterValue" or not sys.stderr.isatty():
            return None
        match = re.fullmatch(_UNKNOWN_FILTER, error.message, re.DOTALL)
        if match is None:
            return None
        import difflib

        close = difflib.get_close_matches(match.group(1), self.filter_names(), n=1, cutoff=0.6)
        return f"Did you mean '{close[0]}'?" if close else None


_UNKNOWN_FILTER = r"The filter '(.*)' is invalid"

ENV_NOW = "EC2ENI_NOW"
ENV_TIMING = "EC2ENI_TIMING"


def _read_environment() -> None:
    """`$EC2ENI_NOW` (`2026-01-01T09:00:00Z`) fixes the time every timestamp takes, so a class
    or a test sees the same output on every run; `$EC2ENI_TIMING` (`instant` or `realistic`)
    overrides the account's `timing` for this command."""
    # Set (or cleared) on every command: several commands can run in one process (tests).
    raw = os.environ.get(ENV_NOW)
    moment = clock.parse(raw) if raw else None
    if raw and moment is None:
        raise StateError(f"{ENV_NOW}={raw!r} is not a UTC time like 2026-01-01T09:00:00Z")
    mode = os.environ.get(ENV_TIMING) or None
    if mode is not None and mode not in TIMINGS:
        raise StateError(f"{ENV_TIMING}={mode!r} must be one of {', '.join(TIMINGS)}")
    clock.set_now(moment)
    timing.override(mode)


def store_for(general: General) -> Store:
    _read_environment()
    store = Store(resolve_state_path(general.state_file))
    if general.debug:
        click.echo(f"DEBUG: account state file {store.path}", err=True)
    return store


def _other_region(general: General, account: Account) -> Account | None:
    """An empty view when --region names another region: nothing of this account is there."""
    if general.region is None or general.region == account.region:
        return None
    return Account(region=general.region, owner_id=account.owner_id, seed=account.seed)


def read_account(general: General) -> Account:
    account = store_for(general).load()
    # Transitions whose time has passed show as complete; reading never writes them back.
    timing.settle(account)
    return _other_region(general, account) or account


class _Discard(Exception):
    """Ends a transaction without saving (a command run against another region's empty view)."""


@contextmanager
def change_account(general: General) -> Iterator[Account]:
    """The account for one read-modify-write: saved if the block succeeds, untouched otherwise.

    In another region the command runs against an empty view, so it answers as EC2 would there
    (mostly NotFound); a change that would succeed even there (a new VPC, an Elastic IP) is
    refused rather than printed as done and then thrown away."""
    try:
        with store_for(general).transaction() as account:
            timing.settle(account)
            elsewhere = _other_region(general, account)
            if elsewhere is None:
                yield account
            else:
                yield elsewhere
                raise _Discard(account.region)
    except _Discard as discarded:
        raise EC2Error(
            "UnauthorizedOperation",
            f"You are not authorized to perform this operation in {general.region}: the "
            f"simulated account lives in {discarded.args[0]}, and other regions can only be "
            "read (they are empty).",
        ) from None


def new_lines(general: General) -> Lines:
    return Lines(general.style)


def answer(output: str | None, text: list[str], response: Callable[[], Response]) -> None:
    """A teaching or account command's answer: its `text` lines, or with `-o json` / `-o table`
    the document `response` builds (only then)."""
    general = General(
        style=Style(),
        verbose=False,
        debug=False,
        region=None,
        state_file=None,
        output=output or "text",
    )
    out = new_lines(general)
    out.lines = text
    out.respond(response)
    emit(general, out)


def emit(general: General, out: Lines, *, request_id_first: bool = False) -> None:
    """Write the collected lines to stdout; `-v` adds the REQUEST ID record (after the data, or
    before it for describe-attribute, as the legacy tools did). `-o json` and `-o table` print
    the API response the render functions left in `out` instead (no REQUEST ID record)."""
    if general.output == "json":
        from ec2eni.render import json as json_output

        _write(json_output.render(out.response()))
        return
    if general.output == "table":
        from ec2eni.render import table

        shown = table.render(out.response())
        _write(shown.rstrip("\n").split("\n") if shown else [])
        return
    lines = out.lines
    if general.verbose:
        record = f"REQUEST ID\t{_request_id()}"
        lines = [record, *lines] if request_id_first else [*lines, record]
    _write(lines)


def _write(lines: list[str]) -> None:
    if not lines:
        return
    try:
        sys.stdout.write("\n".join(lines) + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        # `ec2dnic | head -1`: the reader left; say nothing more and do not trace back.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_OK)

"""Options shared by commands, as named objects applied as decorators.

`general_options` adds the legacy general options (the same block on every legacy command) plus
`--state-file`, and hands the command one `General` value instead of a dozen keyword arguments.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import click

from ec2eni.render import Style

HELP_OPTION_NAMES = ["-h", "--help", "-?"]
CONTEXT_SETTINGS: dict[str, Any] = {
    "help_option_names": HELP_OPTION_NAMES,
    "max_content_width": 100,
}
_REGION = re.compile(r"[a-z]{2}(-gov)?-[a-z]+-[0-9]+")


@dataclass(slots=True)
class General:
    """The general options of one invocation."""

    style: Style
    verbose: bool
    debug: bool
    region: str | None
    state_file: str | None


class LegacyBoolean(click.ParamType[Any, bool]):
    """`true` or `false` in any case, as the legacy tools took them (`yes`, `1`, `on` refused)."""

    name = "BOOLEAN"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> bool:
        if isinstance(value, bool):
            return value
        lowered = str(value).lower()
        if lowered in ("true", "false"):
            return lowered == "true"
        self.fail(f"'{value}' is not a boolean: use true or false (any case).", param, ctx)


class LegacyInteger(click.ParamType[Any, int]):
    """A decimal integer that fits a Java int, as the legacy (Java) tools parsed their numbers;
    anything bigger was a usage error there, not a request."""

    name = "INTEGER"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        try:
            number = int(str(value), 10)
        except ValueError:
            self.fail(f"'{value}' is not a valid integer.", param, ctx)
        if not -(2**31) <= number < 2**31:
            self.fail(f"'{value}' is not a valid integer (the largest is 2147483647).", param, ctx)
        return number


class OrStdin(click.ParamType[Any, Any]):
    """`inner`, or `-` kept as it is: the value is then read from stdin and converted after."""

    def __init__(self, inner: click.ParamType[Any, Any]) -> None:
        self.inner = inner
        self.name = inner.name

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if value == "-":
            return value
        return self.inner.convert(value, param, ctx)


BOOLEAN = OrStdin(LegacyBoolean())
INTEGER = OrStdin(LegacyInteger())

_IGNORED = "Accepted for compatibility; ignored by the local simulator."
_GENERAL: list[Callable[[Any], Any]] = [
    click.option("-H", "--headers", is_flag=True, help="Print a header line of column names."),
    click.option("--show-empty-fields", is_flag=True, help="Print (nil) for empty fields."),
    click.option("--hide-tags", is_flag=True, help="Do not print TAG lines."),
    click.option(
        "-v",
        "--verbose",
        is_flag=True,
        help="Print a REQUEST ID line (and `Request ID:` on stderr with errors).",
    ),
    click.option(
        "--debug",
        is_flag=True,
        help="Print the state file used and, on errors, the full error detail (stderr).",
    ),
    click.option(
        "--region",
        metavar="REGION",
        help="Region to work in; resources of the account's own region are invisible "
        "from any other region.",
    ),
    click.option(
        "--state-file",
        metavar="PATH",
        help="Account state file (default: $EC2ENI_STATE, else the user data folder).",
    ),
    click.option("-U", "--url", "_url", metavar="URL", help=_IGNORED),
    click.option("-O", "--aws-access-key", "_access_key", metavar="KEY", help=_IGNORED),
    click.option("-W", "--aws-secret-key", "_secret_key", metavar="KEY", help=_IGNORED),
    click.option("-T", "--security-token", "_token", metavar="TOKEN", help=_IGNORED),
    click.option("-K", "--private-key", "_private_key", metavar="KEY", help=_IGNORED),
    click.option("-C", "--cert", "_cert", metavar="CERT", help=_IGNORED),
    click.option("--connection-timeout", "_connection_timeout", metavar="TIMEOUT", help=_IGNORED),
    click.option("--request-timeout", "_request_timeout", metavar="TIMEOUT", help=_IGNORED),
]


def general_options(command: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(command)
    def wrapper(**kwargs: Any) -> Any:
        for name in [k for k in kwargs if k.startswith("_")]:
            del kwargs[name]
        region = kwargs.pop("region")
        if region is not None and not _REGION.fullmatch(region):
            raise click.BadParameter(
                f"'{region}' is not a region name like us-east-1.", param_hint="'--region'"
            )
        general = General(
            style=Style(
                headers=kwargs.pop("headers"),
                show_empty_fields=kwargs.pop("show_empty_fields"),
                hide_tags=kwargs.pop("hide_tags"),
            ),
            verbose=kwargs.pop("verbose"),
            debug=kwargs.pop("debug"),
            region=region,
            state_file=kwargs.pop("state_file"),
        )
        click.get_current_context().meta["ec2eni.general"] = general
        return command(general=general, **_values_from_stdin(kwargs))

    for option in reversed(_GENERAL):
        wrapper = option(wrapper)
    return wrapper


def _values_from_stdin(kwargs: dict[str, Any]) -> dict[str, Any]:
    """The legacy tools' general note: any option or parameter given as `-` is read from stdin
    (after `-- waiting for stdin --` on stdout); each stdin line is one value, so a repeatable
    parameter takes them all and a single-valued one the first."""
    wanted = [
        name
        for name, value in kwargs.items()
        if value == "-" or (isinstance(value, tuple) and "-" in value)
    ]
    if not wanted:
        return kwargs
    if len(wanted) > 1:
        raise click.UsageError("Only one option or parameter can be read from stdin ('-').")
    click.echo("-- waiting for stdin --")
    lines = [line.strip() for line in sys.stdin.read().splitlines()]
    lines = [line for line in lines if line]
    name = wanted[0]
    ctx = click.get_current_context()
    param = next(p for p in ctx.command.params if p.name == name)
    if isinstance(param.type, OrStdin):
        lines = [param.type.inner.convert(line, param, ctx) for line in lines]
    value = kwargs[name]
    if isinstance(value, tuple):
        index = value.index("-")
        kwargs[name] = (*value[:index], *lines, *value[index + 1 :])
    elif not lines:
        raise click.UsageError(f"Nothing on stdin for '{name.replace('_', '-')}'.")
    else:
        kwargs[name] = lines[0]
    return kwargs


def one_argument(values: tuple[str, ...], name: str) -> str:
    """The first positional argument; extra ones are a warning, as in the legacy tools."""
    if not values:
        raise click.UsageError(f"Missing argument '{name}'.")
    if len(values) > 1:
        click.echo(f"WARNING:  Ignoring extra parameter(s): [ {', '.join(values[1:])} ]", err=True)
    return values[0]


filter_option = click.option(
    "-F",
    "--filter",
    "filters",
    multiple=True,
    metavar="NAME=VALUE",
    help="Only interfaces matching NAME=VALUE (repeatable; values of one name are ORed, "
    "names ANDed; * and ? are wildcards).",
)


def parse_filters(filters: tuple[str, ...]) -> list[tuple[str, str]]:
    pairs = []
    for text in filters:
        name, sep, value = text.partition("=")
        if not sep:
            raise click.UsageError(
                f"Filter definitions must have format 'name=value', but found '{text}'"
            )
        pairs.append((name, value))
    return pairs

"""Options shared by commands, as named objects applied as decorators.

`general_options` adds the legacy general options (the same block on every legacy command) plus
`--state-file`, and hands the command one `General` value instead of a dozen keyword arguments.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from typing import Any

import click
from click.core import ParameterSource

from ec2eni import __version__
from ec2eni.cli.usage import SUFFIX, Usage
from ec2eni.engine.record import Record
from ec2eni.render import Style

HELP_OPTION_NAMES = ["-h", "--help", "-?"]
CONTEXT_SETTINGS: dict[str, Any] = {
    "help_option_names": HELP_OPTION_NAMES,
    "max_content_width": 100,
}
# A pattern string, compiled (and cached by `re`) on first use: compiling at import costs
# every command's start-up.
_REGION = r"[a-z]{2}(-gov)?-[a-z]+-[0-9]+"


class General(Record):
    """The general options of one invocation."""

    style: Style
    verbose: bool
    debug: bool
    region: str | None
    state_file: str | None
    output: str = "text"


class BadValue(click.BadParameter):
    """A value its type refused, keeping the value: the legacy wording quotes it."""

    def __init__(
        self, message: str, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> None:
        super().__init__(message, ctx=ctx, param=param)
        self.value = value


class LegacyBoolean(click.ParamType[Any, bool]):
    """`true` or `false` in any case, as the legacy tools took them (`yes`, `1`, `on` refused)."""

    name = "BOOLEAN"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> bool:
        if isinstance(value, bool):
            return value
        lowered = str(value).lower()
        if lowered in ("true", "false"):
            return lowered == "true"
        raise BadValue(
            f"'{value}' is not a boolean: use true or false (any case).", value, param, ctx
        )


_DECIMAL = r"-?[0-9]+"


class LegacyInteger(click.ParamType[Any, int]):
    """Plain decimal digits with an optional leading `-`, within a Java int: the legacy (Java)
    tools used `Integer.parseInt`, which refuses the spaces, `+` and `_` that Python's `int`
    accepts (`1_0` must not attach at device index 10)."""

    name = "INTEGER"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        text = str(value)
        if not re.fullmatch(_DECIMAL, text) or not text.isascii():
            raise BadValue(f"'{value}' is not a valid integer.", value, param, ctx)
        number = int(text, 10)
        if not -(2**31) <= number < 2**31:
            raise BadValue(
                f"'{value}' is not a valid integer (the largest is 2147483647).", value, param, ctx
            )
        return number


BOOLEAN = LegacyBoolean()
INTEGER = LegacyInteger()


class FirstValue(click.Option):
    """A single-valued option that may be given more than once: the first value counts, as in
    the legacy tools (commons-cli's `getOptionValue`), and only it is converted."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.value_type: click.ParamType[Any, Any] = click.types.convert_type(
            kwargs.pop("type", None)
        )
        kwargs.setdefault("metavar", self.value_type.name.upper())
        kwargs["multiple"] = True
        super().__init__(*args, **kwargs)

    def process_value(self, ctx: click.Context, value: Any) -> Any:
        values = super().process_value(ctx, value)
        if not values:
            return None
        return self.value_type(values[0], self, ctx)


def single(*decls: str, **kwargs: Any) -> Callable[[Any], Any]:
    """`click.option` for a single-valued option (first value wins)."""
    return click.option(*decls, cls=FirstValue, **kwargs)


# What the simulator follows: the EC2 API version of the legacy tools it imitates (legacy-cli.md
# §14.7: `ec2ver` printed `1.6.7.1 2013-02-01`, the tools' version then the API version).
API_VERSION = "2013-02-01"
LEGACY_TOOLS_VERSION = "1.6.7.1"


def version_line() -> str:
    """What `--version` prints, under every name."""
    return f"ec2eni {__version__} (EC2 API {API_VERSION}, as EC2 API Tools {LEGACY_TOOLS_VERSION})"


_IGNORED = "Accepted for compatibility; ignored by the local simulator."
OUTPUTS = ("text", "json", "table")
ENV_OUTPUT = "EC2ENI_OUTPUT"
# The EC2 commands take it with the general options; the teaching and account commands on its own.
OUTPUT_OPTION = single(
    "-o",
    "--output",
    type=click.Choice(OUTPUTS),
    envvar=ENV_OUTPUT,
    metavar="[text|json|table]",
    help="text (the legacy records, default), json (the EC2 API response as the AWS CLI "
    "prints it) or table (rich tables); default $EC2ENI_OUTPUT, else text.",
)
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
    OUTPUT_OPTION,
    single(
        "--region",
        metavar="REGION",
        help="Region to work in; resources of the account's own region are invisible "
        "from any other region.",
    ),
    single(
        "--state-file",
        metavar="PATH",
        help="Account state file (default: $EC2ENI_STATE, else the user data folder).",
    ),
    single("-U", "--url", "_url", metavar="URL", help=_IGNORED),
    single("-O", "--aws-access-key", "_access_key", metavar="KEY", help=_IGNORED),
    single("-W", "--aws-secret-key", "_secret_key", metavar="KEY", help=_IGNORED),
    single("-T", "--security-token", "_token", metavar="TOKEN", help=_IGNORED),
    single("-K", "--private-key", "_private_key", metavar="KEY", help=_IGNORED),
    single("-C", "--cert", "_cert", metavar="CERT", help=_IGNORED),
    single("--connection-timeout", "_connection_timeout", metavar="TIMEOUT", help=_IGNORED),
    single("--request-timeout", "_request_timeout", metavar="TIMEOUT", help=_IGNORED),
    click.version_option(__version__, "--version", message=version_line()),
]


def general_options(command: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(command)
    def wrapper(**kwargs: Any) -> Any:
        for name in [k for k in kwargs if k.startswith("_")]:
            del kwargs[name]
        region = kwargs.pop("region")
        if region is not None and not re.fullmatch(_REGION, region):
            ctx = click.get_current_context()
            param = next(p for p in ctx.command.params if p.name == "region")
            raise BadValue(f"'{region}' is not a region name like us-east-1.", region, param, ctx)
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
            output=kwargs.pop("output") or "text",
        )
        click.get_current_context().meta["ec2eni.general"] = general
        return command(general=general, **kwargs)

    for option in reversed(_GENERAL):
        wrapper = option(wrapper)
    return wrapper


def _defaults_for(command: click.Command, given: dict[str, Any]) -> dict[str, Any]:
    """A `default_map` entry giving `command` the general options given before it: the
    subcommand's own value, when given too, wins as any value given on the command line wins
    over a default. Groups under the subcommand (`account`, `scenario`) pass them on."""
    defaults: dict[str, Any] = {}
    for param in command.params:
        if param.name in given:
            value = given[param.name]
            defaults[param.name] = (value,) if param.multiple else value
    if isinstance(command, click.Group):
        ctx = click.Context(command)
        for name in command.list_commands(ctx):
            child = command.get_command(ctx, name)
            if child is not None:
                defaults[name] = _defaults_for(child, given)
    return defaults


def group_general_options(group: Callable[[], Any]) -> Callable[..., Any]:
    """The general options on the `ec2eni` group itself (`ec2eni --state-file X describe`):
    those given there become the subcommand's defaults."""

    @functools.wraps(group)
    def wrapper(**kwargs: Any) -> Any:
        ctx = click.get_current_context()
        given = {
            name: value
            for name, value in kwargs.items()
            if ctx.get_parameter_source(name) not in (None, ParameterSource.DEFAULT)
        }
        if given and ctx.invoked_subcommand is not None:
            assert isinstance(ctx.command, click.Group)
            sub = ctx.command.get_command(ctx, ctx.invoked_subcommand)
            if sub is not None:
                ctx.default_map = {ctx.invoked_subcommand: _defaults_for(sub, given)}
        return group()

    for option in reversed(_GENERAL):
        wrapper = option(wrapper)
    return wrapper


def one_argument(values: tuple[str, ...], name: str, legacy_name: str | None = None) -> str:
    """The first positional argument; extra ones are a warning, as in the legacy tools.
    `legacy_name` is the name the legacy message used where it differs from the synopsis."""
    if not values:
        raise Usage(
            f"Missing argument '{name}'.",
            legacy=f"Required parameter '{legacy_name or name}' missing{SUFFIX}",
        )
    if len(values) > 1:
        click.echo(f"WARNING:  Ignoring extra parameter(s): [ {', '.join(values[1:])} ]", err=True)
    return values[0]


def filters_of(things: str) -> Callable[[Any], Any]:
    """`-F/--filter NAME=VALUE` of a describe command whose records are `things`: its names are
    listed by `filter_names` in the command's description, its values read by `parse_filters`."""
    return click.option(
        "-F",
        "--filter",
        "filters",
        multiple=True,
        metavar="NAME=VALUE",
        help=f"Only {things} matching NAME=VALUE (repeatable; values of one name are ORed, "
        "names ANDed; * and ? are wildcards; names under Filters above).",
    )


def filter_names(names: Iterable[str]) -> str:
    """A help paragraph listing filter names, kept as written (click would rewrap it and break
    names at their hyphens): `name, name, ...` in rows of at most 90 characters, a name never
    broken. (What `textwrap.wrap` would make of it; textwrap costs every command its import.)"""
    words = [f"{name}," for name in names]
    if words:
        words[-1] = words[-1][:-1]
    rows: list[str] = []
    row = ""
    for word in words:
        if row and len(row) + 1 + len(word) > 90:
            rows.append(row)
            row = word
        else:
            row = f"{row} {word}" if row else word
    if row:
        rows.append(row)
    return "\n\n\b\nFilters:\n" + "\n".join(f"  {row}" for row in rows)


def parse_filters(filters: tuple[str, ...]) -> list[tuple[str, str]]:
    """(name, value) pairs, as the legacy client sent them: split at the first `=`, the value
    split at commas into several values (ORed), trailing empty values dropped as Java's
    `String.split` drops them (`10.0.1.4,` is one value; a value of only commas is one empty
    value, not none, so the filter still filters)."""
    pairs: list[tuple[str, str]] = []
    for text in filters:
        name, sep, value = text.partition("=")
        if not sep:
            message = f"Filter definitions must have format 'name=value', but found '{text}'"
            raise Usage(message, legacy=message)
        values = value.split(",")
        while len(values) > 1 and values[-1] == "":
            values.pop()
        pairs.extend((name, one) for one in values)
    return pairs

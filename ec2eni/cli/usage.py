"""Usage errors in two languages: click's for `ec2eni <subcommand>`, the legacy tool's for the
legacy names (`ec2dnic`, `ec2-create-network-interface`, ...), as legacy-cli.md §1.4 records them:

    Required parameter 'SUBNET' missing (-h for usage)
    Required option '-i, --instance INSTANCE' missing (-h for usage)
    Invalid argument for option '-d, --device-index DEVICEINDEX': 'x' (-h for usage)
    Missing argument for option:d (use -h for usage)
    Unrecognized option: --bogus (use -h for usage)
    Filter definitions must have format 'name=value', but found 'status'

The command code raises `Usage` with both texts where it words a rule itself; click's own errors
(unknown option, missing value, bad value, missing required option) are translated here.
"""

from __future__ import annotations

import click

SUFFIX = " (-h for usage)"


class Usage(click.UsageError):
    """A usage error with its legacy wording (by default the message plus ` (-h for usage)`)."""

    def __init__(self, message: str, legacy: str | None = None) -> None:
        super().__init__(message)
        self.legacy = legacy if legacy is not None else message.rstrip(".") + SUFFIX


def one_of(flags: str) -> Usage:
    """The legacy tools' check that exactly one of several options was given."""
    return Usage(f"One, and only one, of [{flags}] expected.")


def short_name(option: click.Option) -> str:
    """The name the legacy `Missing argument for option:` message uses: the short one, else the
    long one, without dashes."""
    names = sorted(option.opts, key=lambda name: name.startswith("--"))
    return names[0].lstrip("-")


def option_label(param: click.Parameter) -> str:
    """`-d, --device-index DEVICEINDEX` or `--source-dest-check BOOLEAN`: short names first, then
    the long ones, then the argument name if the option takes one."""
    if not isinstance(param, click.Option):
        return param.human_readable_name
    names = sorted(param.opts, key=lambda name: name.startswith("--"))
    label = ", ".join(names)
    if not param.is_flag and not param.count:
        label += f" {param.metavar or param.type.name.upper()}"
    return label


def _option_named(ctx: click.Context | None, name: str | None) -> click.Option | None:
    if ctx is None or name is None:
        return None
    for param in ctx.command.params:
        if isinstance(param, click.Option) and name in (*param.opts, *param.secondary_opts):
            return param
    return None


def legacy_line(error: click.ClickException) -> str:
    """The line the legacy tool printed for `error`."""
    legacy = getattr(error, "legacy", None)
    if isinstance(legacy, str):
        return legacy
    if isinstance(error, click.NoSuchOption):
        return f"Unrecognized option: {error.option_name} (use -h for usage)"
    if isinstance(error, click.BadOptionUsage):
        option = _option_named(error.ctx, error.option_name)
        name = short_name(option) if option is not None else error.option_name.lstrip("-")
        return f"Missing argument for option:{name} (use -h for usage)"
    if isinstance(error, click.MissingParameter) and error.param is not None:
        if isinstance(error.param, click.Option):
            return f"Required option '{option_label(error.param)}' missing{SUFFIX}"
        return f"Required parameter '{error.param.human_readable_name}' missing{SUFFIX}"
    if (
        isinstance(error, click.BadParameter)
        and error.param is not None
        and hasattr(error, "value")
    ):
        return f"Invalid argument for option '{option_label(error.param)}': '{error.value}'{SUFFIX}"
    return error.format_message().rstrip(".") + SUFFIX

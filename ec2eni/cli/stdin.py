"""The legacy tools' general note: any option or parameter given as `-` is read from stdin.

The command line is rewritten before click parses it (legacy-cli.md, "what they share"):
- the first stdin line takes the place of the `-`;
- each later line becomes another occurrence of the most recent option before the `-` that takes
  a value (`-F -` gives one filter per line; `-i -` gives further `-i` values, of which the first
  counts), or another positional argument when there is no such option (`ec2delnic - < ids.txt`
  deletes the first interface and warns about the others);
- lines are raw: only the line ending is removed, so spaces are kept and a blank line is a value.

Flags take no value, so a flag before the `-` does not capture the later lines (the legacy client
would have made them occurrences of the flag, losing them silently).
"""

from __future__ import annotations

import re
import sys

import click

from ec2eni.cli.usage import Usage, short_name

WAITING = "-- waiting for stdin --"
_LINE_END = r"\r\n|\r|\n"


def read_lines(text: str) -> list[str]:
    """Lines as Java's `readLine` gives them: split at CR, LF or CRLF; no final empty line."""
    if not text:
        return []
    lines = re.split(_LINE_END, text)
    if lines[-1] == "":
        lines.pop()
    return lines


def _shown(value: str) -> str:
    """`value` printable whatever it holds: undecodable bytes as `\\x80`."""
    return value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def check_text(args: list[str]) -> None:
    """Refuse an argument that is not UTF-8 text. Python hands undecodable argv bytes over as
    lone surrogates, which no account file, TOML or terminal can hold."""
    for arg in args:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            raise Usage(f"The argument '{_shown(arg)}' is not UTF-8 text.") from None


def _read_stdin() -> str:
    raw = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read()
    if isinstance(raw, str):
        check_text([raw])
        return raw
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise Usage(f"stdin is not UTF-8 text (byte {error.start + 1}).") from None


def _takes_value(params: dict[str, click.Option], token: str) -> click.Option | None:
    option = params.get(token)
    if option is None or option.is_flag or option.count:
        return None
    return option


def expand(command: click.Command, args: list[str]) -> list[str]:
    """`args` with the `-` replaced by the lines of stdin, or `args` itself if there is none."""
    options: dict[str, click.Option] = {}
    for param in command.params:
        if isinstance(param, click.Option):
            for name in (*param.opts, *param.secondary_opts):
                options[name] = param
    if any(token in ("-h", "--help", "-?") for token in args):
        return args

    # Find the `-` tokens that stand for a value, and the option each belongs to.
    found: list[tuple[int, str | None]] = []  # (index, option token or None)
    recent: str | None = None
    index = 0
    only_positionals = False
    while index < len(args):
        token = args[index]
        if not only_positionals and token == "--":
            only_positionals = True
        elif not only_positionals and token.startswith("-") and token != "-":
            name, equals, _ = token.partition("=")
            option = _takes_value(options, name)
            if option is not None:
                recent = name
                if not equals and index + 1 < len(args):
                    index += 1
                    if args[index] == "-":
                        found.append((index, name))
        elif token == "-":
            found.append((index, recent))
        index += 1
    if not found:
        return args
    if len(found) > 1:
        raise Usage("Only one option or parameter can be read from stdin ('-').")

    click.echo(WAITING)
    lines = read_lines(_read_stdin())
    at, option_name = found[0]
    value_of_option = at > 0 and args[at - 1] == option_name
    if not lines:
        if value_of_option:
            assert option_name is not None
            raise Usage(
                f"Nothing on stdin for option '{option_name}'.",
                legacy=f"Missing argument for option:{short_name(options[option_name])} "
                "(use -h for usage)",
            )
        return args[:at] + args[at + 1 :]
    more: list[str] = []
    for line in lines[1:]:
        more += [option_name, line] if option_name is not None else [line]
    return [*args[:at], lines[0], *more, *args[at + 1 :]]

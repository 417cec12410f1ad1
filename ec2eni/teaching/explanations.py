"""The explanation of each error code the simulator answers, from `explanations.toml` beside this
module, as plain text lines for `ec2eni explain`.

Figures in the texts are placeholders filled from the engine (`{interfaces:t3.micro}`,
`{eni_quota}`, ...), so an explanation can never state a limit the engine does not enforce.
"""

from __future__ import annotations

import functools
import re
import textwrap
from dataclasses import dataclass

from ec2eni.engine import limits, model, network, tags, timing

# The paragraphs' width: fixed, not the terminal's, so the output is the same everywhere.
WIDTH = 78
INDENT = "  "
# How the simulator prints an EC2 error: `Client.<Code>: <Message>` (ec2eni.cli.runtime).
PREFIX = "client."

_FIELDS = ("summary", "rule", "why", "fix", "commands")
_SECTIONS = (
    ("rule", "The rule:"),
    ("why", "Why EC2 has it:"),
    ("fix", "How to fix the request:"),
)
_PLACEHOLDER = re.compile(r"\{([a-z0-9_]+)(?::([a-z0-9.\-]+))?\}")


@dataclass(frozen=True, slots=True)
class Explanation:
    code: str
    summary: str
    rule: str
    why: str
    fix: str
    # (command, what it shows)
    commands: tuple[tuple[str, str], ...]


class UnknownCode(LookupError):
    """A code no explanation covers; `suggestion` is the closest known one, if any is close."""

    def __init__(self, code: str, suggestion: str | None) -> None:
        super().__init__(code)
        self.code = code
        self.suggestion = suggestion


def _figures() -> dict[str, int]:
    return {
        "eni_quota": model.DEFAULT_ENI_QUOTA,
        "elastic_ip_quota": model.DEFAULT_ELASTIC_IP_QUOTA,
        "groups_per_interface": model.DEFAULT_GROUPS_PER_INTERFACE,
        "max_groups_per_interface": model.MAX_GROUPS_PER_INTERFACE,
        "unattached_ips": model.UNATTACHED_IP_CEILING,
        "max_device_index": model.MAX_DEVICE_INDEX,
        "max_description": model.MAX_DESCRIPTION_LENGTH,
        "tags_per_resource": tags.MAX_TAGS_PER_RESOURCE,
        "vpcs_per_region": network.VPCS_PER_REGION,
        "subnets_per_vpc": network.SUBNETS_PER_VPC,
        "groups_per_region": network.SECURITY_GROUPS_PER_REGION,
        "smallest_prefix": network.SMALLEST_PREFIX,
        "largest_prefix": network.LARGEST_PREFIX,
        "instance_seconds": int(timing.INSTANCE_SETTLES["pending"][1].total_seconds()),
        "attachment_seconds": int(timing.ATTACHMENT_SETTLES["detaching"][1].total_seconds()),
    }


def _per_type(name: str, instance_type: str) -> int:
    type_limits = limits.limits_for(instance_type)
    if type_limits is None:
        raise ValueError(f"explanations.toml: unknown instance type in {{{name}:{instance_type}}}")
    if name == "interfaces":
        return type_limits.attachable
    if name == "all_interfaces":
        return type_limits.max_interfaces
    if name == "ipv4":
        return type_limits.ipv4_per_interface
    raise ValueError(f"explanations.toml: unknown placeholder {{{name}:{instance_type}}}")


def fill(text: str) -> str:
    """`text` with its placeholders replaced by the engine's figures (thousands with commas)."""
    figures = _figures()

    def value(match: re.Match[str]) -> str:
        name, instance_type = match.group(1), match.group(2)
        if instance_type is not None:
            return f"{_per_type(name, instance_type):,}"
        if name not in figures:
            raise ValueError(f"explanations.toml: unknown placeholder {{{name}}}")
        return f"{figures[name]:,}"

    return _PLACEHOLDER.sub(value, text)


def _text(code: str, table: dict[str, object], field: str) -> str:
    value = table.get(field)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"explanations.toml: [{code}] needs a non-empty {field}")
    return fill(value.strip())


def _commands(code: str, table: dict[str, object]) -> tuple[tuple[str, str], ...]:
    value = table.get("commands")
    pairs: list[tuple[str, str]] = []
    if isinstance(value, list):
        for item in value:
            if (
                isinstance(item, list)
                and len(item) == 2
                and all(isinstance(part, str) and part for part in item)
            ):
                pairs.append((item[0], fill(item[1])))
            else:
                pairs = []
                break
    if not pairs:
        raise ValueError(f"explanations.toml: [{code}] needs commands: [[command, what], ...]")
    return tuple(pairs)


@functools.cache
def explanations() -> dict[str, Explanation]:
    """Every explanation by code, in the data file's order."""
    import tomllib

    from ec2eni.teaching import read_text

    raw = read_text("explanations.toml")
    found: dict[str, Explanation] = {}
    for code, table in tomllib.loads(raw).items():
        if not isinstance(table, dict) or set(table) != set(_FIELDS):
            raise ValueError(f"explanations.toml: [{code}] must have exactly {', '.join(_FIELDS)}")
        found[code] = Explanation(
            code=code,
            summary=_text(code, table, "summary"),
            rule=_text(code, table, "rule"),
            why=_text(code, table, "why"),
            fix=_text(code, table, "fix"),
            commands=_commands(code, table),
        )
    return found


def _bare(text: str) -> str:
    """The code in what a user may paste: `Client.Code`, or the whole `Client.Code: message`."""
    code = text.split(":", 1)[0].strip()
    if code.lower().startswith(PREFIX):
        code = code[len(PREFIX) :]
    return code


def find(text: str) -> Explanation:
    """The explanation of a code, in any case, with or without `Client.`; else `UnknownCode`."""
    import difflib

    known = explanations()
    by_folded = {code.lower(): code for code in known}
    code = _bare(text)
    if code.lower() in by_folded:
        return known[by_folded[code.lower()]]
    close = difflib.get_close_matches(code.lower(), list(by_folded), n=1)
    raise UnknownCode(code or text, by_folded[close[0]] if close else None)


def listing() -> list[str]:
    """One line per code, sorted ignoring case: the code, then its summary."""
    known = explanations()
    width = max(len(code) for code in known)
    return [f"{code:<{width}}  {known[code].summary}" for code in sorted(known, key=str.casefold)]


def _paragraphs(text: str) -> list[str]:
    lines: list[str] = []
    for number, paragraph in enumerate(re.split(r"\n\s*\n", text)):
        if number:
            lines.append("")
        lines += textwrap.wrap(
            " ".join(paragraph.split()),
            WIDTH,
            initial_indent=INDENT,
            subsequent_indent=INDENT,
            break_long_words=False,
            break_on_hyphens=False,
        )
    return lines


def render(explanation: Explanation) -> list[str]:
    """The explanation as printed: the code and summary, the sections, the commands (each with
    a shell comment saying what it shows, so a line can be pasted as it is)."""
    lines = [f"{explanation.code}: {explanation.summary}"]
    for field, title in _SECTIONS:
        lines += ["", title, *_paragraphs(getattr(explanation, field))]
    width = max(len(command) for command, _ in explanation.commands)
    lines += ["", "Commands that show the state:"]
    lines += [f"{INDENT}{command:<{width}}  # {what}" for command, what in explanation.commands]
    return lines

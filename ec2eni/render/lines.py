"""Legacy text output, the part every record shares: tab-separated records, byte for byte as
the EC2 API Tools printed them.

Works from the engine's plain descriptions and returns lines; it never prints. Rules (legacy-cli.md
§1.2, §1.3): fields joined by one TAB; empty fields empty, or `(nil)` with --show-empty-fields;
booleans `true`/`false`; at most one header line per invocation (the first record's), shifted left
(no record-type column); TAG lines dropped with --hide-tags. A TAB, newline or carriage return
inside a value is printed as `\\t`, `\\n`, `\\r` so it can never split a record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from ec2eni.engine.record import Record

NIL = "(nil)"
_ESCAPES = str.maketrans({"\t": "\\t", "\n": "\\n", "\r": "\\r"})

Field = str | int | bool | None
Response = dict[str, Any]


class Style(Record):
    """The general options that shape output."""

    headers: bool = False
    show_empty_fields: bool = False
    hide_tags: bool = False


class Lines:
    """Collects output lines; prints the header of the first record only (one per invocation)."""

    def __init__(self, style: Style) -> None:
        self.style = style
        self.header_pending = style.headers
        self.lines: list[str] = []
        self._response: Callable[[], Response | None] | None = None
        empty = NIL if style.show_empty_fields else ""
        self._empty = empty

    def respond(self, build: Callable[[], Response | None]) -> None:
        """Keep how to build the same answer as an EC2 API response (render/api.py), for `-o json`
        and `-o table`; it is built only if one of those asks for it, so text output never pays.
        None (or never responding) is the answer of an API action that answers nothing: the AWS
        CLI then prints nothing."""
        self._response = build

    def response(self) -> Response | None:
        return self._response() if self._response is not None else None

    def _field(self, value: Field) -> str:
        if value is None or value == "":
            return self._empty
        if value is True:
            return "true"
        if value is False:
            return "false"
        if isinstance(value, int):
            return str(value)
        # Most values (IDs, addresses) hold no specials: test before paying for a translate.
        if "\t" in value or "\n" in value or "\r" in value:
            return value.translate(_ESCAPES)
        return value

    def record(self, header: Sequence[str] | None, *fields: Field) -> None:
        if self.header_pending:
            self.header_pending = False
            if header is not None:
                self.lines.append("\t".join(header))
        convert = self._field
        # Plain non-empty strings (nearly every field) pass through without a call.
        self.lines.append(
            "\t".join(
                [
                    v
                    if v.__class__ is str
                    and v
                    and "\t" not in v
                    and "\n" not in v
                    and "\r" not in v
                    else convert(v)
                    for v in fields
                ]
            )
        )

    def bare(self, text: str) -> None:
        """A line that is no record (attach's attachment ID): never headed."""
        self.header_pending = False
        self.lines.append(text)

    def tags(self, resource_type: str, resource_id: str, tags: Iterable[tuple[str, str]]) -> None:
        if not self.style.hide_tags:
            for key, value in tags:
                self.record(None, "TAG", resource_type, resource_id, key, value)

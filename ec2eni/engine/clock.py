"""The engine's notion of now, and the timestamp format of the state file.

Every timestamp the engine stores (attach and launch times, when a transition began) is UTC in
EC2's API form, `2026-01-01T00:00:00.000Z`. The time comes from `now()`: the real clock, unless
the caller fixed it with `set_now` (the CLI does so from `$EC2ENI_NOW`, so a class or a test sees
the same times on every run; tests move it to step through timed transitions without sleeping).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

FORMAT = "%Y-%m-%dT%H:%M:%S.000Z"
# What `parse` takes: the forms `strptime` took with FORMAT, `%Y-%m-%dT%H:%M:%SZ` and
# `%Y-%m-%dT%H:%M:%S.%fZ`, matched here because importing `_strptime` costs every command ~2 ms
# (compiled on first use, not at import, for the same reason).
_STAMP = r"(\d{4})-(\d\d?)-(\d\d?)T(\d\d?):(\d\d?):(\d\d?)(?:\.(\d{1,6}))?Z"
_fixed: datetime | None = None


def now() -> datetime:
    return _fixed if _fixed is not None else datetime.now(UTC).replace(microsecond=0)


def set_now(value: datetime | None) -> None:
    """Fix the clock at `value` (UTC), or give it back to the real clock with None."""
    global _fixed
    _fixed = value


def advance(seconds: float) -> None:
    """Move a fixed clock forward."""
    global _fixed
    _fixed = now() + timedelta(seconds=seconds)


def stamp(moment: datetime | None = None) -> str:
    return (moment or now()).strftime(FORMAT)


def parse(text: str) -> datetime | None:
    """A stored or user-given timestamp (`...Z` with or without milliseconds), None if it is not
    one."""
    match = re.fullmatch(_STAMP, text, re.IGNORECASE)
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction = match.groups()
    try:
        return datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second),
            int((fraction or "0").ljust(6, "0")),
            tzinfo=UTC,
        )
    except ValueError:  # a field out of range: month 13, February 30, hour 24, ...
        return None

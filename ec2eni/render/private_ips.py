"""The one line ec2apip and ec2upip print (legacy-cli.md §13.6, §13.7)."""

from __future__ import annotations

from ec2eni.render.lines import Lines


def returned_true(out: Lines) -> None:
    """`RETURN\\ttrue`, whatever the service answered, and never headed: the legacy tools printed
    it without looking at the reply (an error never gets this far)."""
    out.record(None, "RETURN", True)

"""`-o text` (the default): the legacy records, as `Lines` collected them (render/lines.py)."""

from __future__ import annotations

from ec2eni.render.lines import Lines


def render(out: Lines) -> list[str]:
    return out.lines

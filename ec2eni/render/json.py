"""`-o json`: the API response as the AWS CLI prints it (four-space indent, keys in the order
built, non-ASCII kept). Standard library only: rich stays unimported."""

from __future__ import annotations

import json
from typing import Any


def render(response: dict[str, Any] | None) -> list[str]:
    """The lines to print; none for an action that answers nothing (the AWS CLI prints nothing
    for DeleteNetworkInterface, DetachNetworkInterface, ...)."""
    if response is None:
        return []
    return json.dumps(response, indent=4, ensure_ascii=False).split("\n")

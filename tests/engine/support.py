"""What every engine test module shares."""

from __future__ import annotations

import copy
from collections.abc import Callable

import pytest

from ec2eni.engine.codec import encode
from ec2eni.engine.errors import EC2Error
from ec2eni.engine.model import Account


def refused(account: Account, action: Callable[[], object]) -> tuple[str, str]:
    """Run an action EC2 must refuse; check it left the account exactly as it was and return the
    error's (code, message)."""
    before, text = copy.deepcopy(account), encode(account)
    with pytest.raises(EC2Error) as caught:
        action()
    assert encode(account) == text
    assert account == before
    return caught.value.code, caught.value.message

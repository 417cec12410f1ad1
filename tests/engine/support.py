"""What every engine test module shares."""

from __future__ import annotations

import copy
from collections.abc import Callable

import pytest

from ec2eni.engine.errors import EC2Error
from ec2eni.engine.limits import TypeLimits
from ec2eni.engine.model import Account
from ec2eni.store.codec import encode

# The rulebook's §11 table, transcribed row by row: (ENIs, IPv4 per ENI[, ENIs per card]).
_RULEBOOK_ROWS = {
    "t2.nano t2.micro": (2, 2),
    "t2.small": (3, 4),
    "t2.medium": (3, 6),
    "t2.large": (3, 12),
    "t2.xlarge t2.2xlarge": (3, 15),
    "t3.nano t3.micro": (2, 2),
    "t3.small": (3, 4),
    "t3.medium": (3, 6),
    "t3.large": (3, 12),
    "t3.xlarge t3.2xlarge": (4, 15),
    "t3a.nano t3a.micro": (2, 2),
    "t3a.small": (2, 4),
    "t3a.medium": (3, 6),
    "t3a.large": (3, 12),
    "t3a.xlarge t3a.2xlarge": (4, 15),
    "t4g.nano t4g.micro": (2, 2),
    "t4g.small": (3, 4),
    "t4g.medium": (3, 6),
    "t4g.large": (3, 12),
    "t4g.xlarge t4g.2xlarge": (4, 15),
    "m5.large c5.large r5.large": (3, 10),
    "m5.xlarge m5.2xlarge c5.xlarge c5.2xlarge r5.xlarge r5.2xlarge": (4, 15),
    "m5.4xlarge m5.8xlarge m5.12xlarge c5.4xlarge c5.9xlarge c5.12xlarge": (8, 30),
    "r5.4xlarge r5.8xlarge r5.12xlarge": (8, 30),
    "m5.16xlarge m5.24xlarge m5.metal c5.18xlarge c5.24xlarge c5.metal": (15, 50),
    "r5.16xlarge r5.24xlarge r5.metal": (15, 50),
    "m6i.large c6i.large r6i.large m7i.large r7i.large m7a.large": (3, 10),
    "m6i.xlarge c6i.2xlarge r6i.xlarge m7i.2xlarge r7i.xlarge m7a.2xlarge": (4, 15),
    "m6i.4xlarge c6i.8xlarge r6i.12xlarge m7i.4xlarge r7i.8xlarge m7a.12xlarge": (8, 30),
    "m6i.16xlarge c6i.24xlarge r6i.metal m7i.16xlarge r7i.24xlarge m7a.metal": (15, 50),
    "c7g.medium m7g.medium m6g.medium c6g.medium m8g.medium c8g.medium": (2, 4),
    "c7g.large m7g.large m6g.large c6g.large m8g.large c8g.large": (3, 10),
    "c7g.xlarge m7g.2xlarge m6g.xlarge c6g.2xlarge m8g.xlarge c8g.2xlarge": (4, 15),
    "c7g.4xlarge m7g.8xlarge m6g.12xlarge c6g.4xlarge m8g.8xlarge c8g.12xlarge": (8, 30),
    "c7g.16xlarge m7g.metal m6g.16xlarge c6g.metal m8g.16xlarge c8g.metal": (15, 50),
    "m4.large": (2, 10),
    "c4.large": (3, 10),
    "m1.small": (2, 4),
    "t1.micro": (2, 2),
    "c5n.18xlarge": (15, 50),
    "c6in.32xlarge m6in.32xlarge": (16, 50, 8),
    "trn1.32xlarge": (40, 50, 5),
    "p4d.24xlarge": (60, 50, 15),
    "p5.48xlarge": (64, 50, 2),
}
RULEBOOK = {
    name: TypeLimits(figures[0], figures[1], figures[-1] if len(figures) == 3 else figures[0])
    for names, figures in _RULEBOOK_ROWS.items()
    for name in names.split()
}


def refused(account: Account, action: Callable[[], object]) -> tuple[str, str]:
    """Run an action EC2 must refuse; check it left the account exactly as it was and return the
    error's (code, message)."""
    before, text = copy.deepcopy(account), encode(account)
    with pytest.raises(EC2Error) as caught:
        action()
    assert encode(account) == text
    assert account == before
    return caught.value.code, caught.value.message

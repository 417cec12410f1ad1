"""Transitions that take time, computed from timestamps in the account: no background process.

With `Account.timing = "instant"` (the default, what a class needs) every transition is complete
when the command that starts it returns. With `"realistic"` (or `EC2ENI_TIMING=realistic` for one
command, see `override`), a transition stores its transitional state and when it began (`since`),
and `settle` completes every transition whose time has passed, whenever an account is read:

| from | to | after |
|---|---|---|
| instance `pending` | `running` | 5 s |
| instance `stopping` | `stopped` | 5 s |
| instance `shutting-down` | `terminated` | 5 s |
| attachment `attaching` | `attached` | 2 s |
| attachment `detaching` | gone (the interface `available`) | 2 s |

A script that attaches and at once deletes, or starts an instance and at once attaches to it, then
fails here as it would on EC2, and needs the wait loop it needs there.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from ec2eni.engine import clock
from ec2eni.engine.model import Account

INSTANCE_SETTLES = {
    "pending": ("running", timedelta(seconds=5)),
    "stopping": ("stopped", timedelta(seconds=5)),
    "shutting-down": ("terminated", timedelta(seconds=5)),
}
ATTACHMENT_SETTLES = {
    "attaching": ("attached", timedelta(seconds=2)),
    "detaching": ("", timedelta(seconds=2)),  # the attachment is gone
}

_override: str | None = None


def override(mode: str | None) -> None:
    """Use `mode` instead of each account's own `timing` (None: the account's again)."""
    global _override
    _override = mode


def mode(account: Account) -> str:
    return _override or account.timing


def realistic(account: Account) -> bool:
    return mode(account) == "realistic"


def _due(since: str, wait: timedelta, now: datetime) -> bool:
    began = clock.parse(since)
    # An unreadable time cannot be waited on: the transition is over.
    return began is None or now - began >= wait


def settle(account: Account, now: datetime | None = None) -> bool:
    """Complete every transition whose time has passed; True if anything changed."""
    moment = now or clock.now()
    changed = False
    for instance in account.instances.values():
        if not instance.since:
            continue
        target = INSTANCE_SETTLES.get(instance.state)
        if target is None:
            instance.since = ""
            changed = True
        elif _due(instance.since, target[1], moment):
            instance.state, instance.since = target[0], ""
            if instance.state == "terminated":
                # Imported here: instances imports this module for `realistic`.
                from ec2eni.engine.instances import release_interfaces

                release_interfaces(account, instance)
            changed = True
    for eni in account.network_interfaces.values():
        attachment = eni.attachment
        if attachment is None or not attachment.since:
            continue
        target = ATTACHMENT_SETTLES.get(attachment.status)
        if target is None:
            attachment.since = ""
            changed = True
        elif _due(attachment.since, target[1], moment):
            if target[0]:
                attachment.status, attachment.since = target[0], ""
            else:
                eni.attachment = None
            changed = True
    return changed

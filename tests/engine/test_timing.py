"""Realistic timing (engine/timing.py): transitions complete when their time has passed, computed
from the timestamps in the account; a fixed clock is moved, nothing sleeps."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from ec2eni.engine import clock, timing
from ec2eni.engine.model import Account
from tests.conftest import names_of

START = datetime(2026, 1, 1, 9, 0, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fixed_clock() -> Iterator[None]:
    clock.set_now(START)
    yield
    clock.set_now(None)
    timing.override(None)


def test_an_instance_transition_completes_after_its_time(account: Account) -> None:
    web_1 = account.instances[names_of(account)["web-1"]]
    web_1.state, web_1.since = "stopping", clock.stamp()
    clock.advance(4)
    assert timing.settle(account) is False
    assert web_1.state == "stopping"
    clock.advance(1)
    assert timing.settle(account) is True
    assert (web_1.state, web_1.since) == ("stopped", "")


@pytest.mark.parametrize(
    ("transitional", "final"),
    [("pending", "running"), ("stopping", "stopped"), ("shutting-down", "terminated")],
)
def test_every_instance_transition_settles(account: Account, transitional: str, final: str) -> None:
    instance = account.instances[names_of(account)["standby-1"]]
    instance.state, instance.since = transitional, clock.stamp()
    clock.advance(5)
    timing.settle(account)
    assert instance.state == final


def test_attaching_becomes_attached_and_detaching_goes_away(account: Account) -> None:
    names = names_of(account)
    web_eni = account.network_interfaces[names["web-1-eth0"]]
    app_eni = account.network_interfaces[names["app-1-eth0"]]
    assert web_eni.attachment is not None and app_eni.attachment is not None
    web_eni.attachment.status, web_eni.attachment.since = "attaching", clock.stamp()
    app_eni.attachment.status, app_eni.attachment.since = "detaching", clock.stamp()
    clock.advance(1)
    assert timing.settle(account) is False
    assert web_eni.status == app_eni.status == "in-use"
    clock.advance(1)
    assert timing.settle(account) is True
    assert (web_eni.attachment.status, web_eni.attachment.since) == ("attached", "")
    assert app_eni.attachment is None and app_eni.status == "available"


def test_a_settled_account_is_left_alone(account: Account) -> None:
    before = repr(account)
    clock.advance(3600)
    assert timing.settle(account) is False
    assert repr(account) == before


def test_an_unreadable_since_ends_the_wait(account: Account) -> None:
    instance = account.instances[names_of(account)["web-1"]]
    instance.state, instance.since = "pending", "not a time"
    assert timing.settle(account) is True
    assert instance.state == "running"


def test_the_override_wins_over_the_account(account: Account) -> None:
    assert timing.mode(account) == "instant" and not timing.realistic(account)
    timing.override("realistic")
    assert timing.realistic(account)
    account.timing = "realistic"
    timing.override("instant")
    assert not timing.realistic(account)

"""The read-only views behind describe-instances, -subnets, -security-groups and -vpcs: every record
or the named ones in account order, the derived fields (a terminated instance's empty VPC and
subnet, a subnet's free-address count), and Malformed before NotFound."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

from ec2eni.engine import attachments, interfaces, views
from ec2eni.engine.model import Account
from tests.conftest import names_of
from tests.engine.support import refused


def test_describe_instances(account: Account) -> None:
    names = names_of(account)
    names[""] = ""
    expected = [
        ("web-1", "t3.micro", "running", "us-east-1a", "workshop", "public", "10.0.1.4"),
        ("standby-1", "t3.micro", "running", "us-east-1a", "workshop", "public", "10.0.1.5"),
        ("app-1", "m5.large", "running", "us-east-1a", "workshop", "backend", "10.0.3.4"),
        ("db-1", "r5.large", "stopped", "us-east-1b", "default", "default-b", "172.31.16.4"),
        # A terminated instance has left its VPC and subnet and holds no address.
        ("old-1", "t2.micro", "terminated", "us-east-1a", "", "", ""),
    ]
    rows = [
        (i.instance_id, i.instance_type, i.state, i.availability_zone)
        + (i.vpc_id, i.subnet_id, i.private_ip_address)
        for i in views.describe_instances(account)
    ]
    assert rows == [
        (names[name], kind, state, zone, names[vpc], names[subnet], ip)
        for name, kind, state, zone, vpc, subnet, ip in expected
    ]
    assert views.describe_instances(account)[0].tags == (("Name", "web-1"),)


def test_an_instances_private_ip_is_its_primary_interfaces(account: Account) -> None:
    names = names_of(account)
    eni_id = interfaces.create_network_interface(account, names["public"]).network_interface_id
    attachments.attach_network_interface(account, eni_id, names["web-1"], 1)
    [web] = views.describe_instances(account, [names["web-1"]])
    assert web.private_ip_address == "10.0.1.4"


def test_describe_subnets_counts_free_addresses(account: Account) -> None:
    names = names_of(account)
    counts = {s.subnet_id: s.available_ip_address_count for s in views.describe_subnets(account)}
    # Block size minus the five reserved, minus the addresses interfaces hold.
    assert counts == {
        names["default-a"]: 4096 - 5,
        names["default-b"]: 4096 - 5 - 1,
        names["default-c"]: 4096 - 5,
        names["public"]: 256 - 5 - 2,
        names["management"]: 256 - 5,
        names["backend"]: 256 - 5 - 1,
        names["tiny"]: 16 - 5,
    }
    [tiny] = views.describe_subnets(account, [names["tiny"]])
    assert (tiny.state, tiny.vpc_id, tiny.cidr_block, tiny.availability_zone) == (
        "available",
        names["workshop"],
        "10.0.9.0/28",
        "us-east-1b",
    )


def test_the_free_address_count_follows_create_and_delete(account: Account) -> None:
    tiny = names_of(account)["tiny"]

    def free() -> int:
        return views.describe_subnets(account, [tiny])[0].available_ip_address_count

    first = interfaces.create_network_interface(account, tiny, secondary_private_ip_address_count=3)
    assert free() == 7
    second = interfaces.create_network_interface(
        account, tiny, secondary_private_ip_address_count=6
    )
    assert free() == 0
    interfaces.delete_network_interface(account, first.network_interface_id)
    assert free() == 4
    interfaces.delete_network_interface(account, second.network_interface_id)
    assert free() == 11


def test_describe_security_groups(account: Account) -> None:
    names = names_of(account)
    expected = [
        ("default/default", "default", "default", "default VPC security group"),
        ("workshop/default", "workshop", "default", "default VPC security group"),
        ("workshop/web", "workshop", "web", "Web servers: HTTP and HTTPS from anywhere"),
        ("workshop/ssh-admin", "workshop", "ssh-admin", "SSH from the management network"),
    ]
    rows = [
        (g.id, g.vpc_id, g.name, g.description) for g in views.describe_security_groups(account)
    ]
    assert rows == [(names[key], names[vpc], name, text) for key, vpc, name, text in expected]


def test_describe_vpcs(account: Account) -> None:
    names = names_of(account)
    rows = [(v.id, v.state, v.cidr, v.tags) for v in views.describe_vpcs(account)]
    assert rows == [
        (names["default"], "available", "172.31.0.0/16", {"Name": "default"}),
        (names["workshop"], "available", "10.0.0.0/16", {"Name": "workshop"}),
    ]


VIEWS: dict[str, tuple[str, Callable[[Account, Sequence[str]], Sequence[object]]]] = {
    "i": ("web-1 db-1 old-1", views.describe_instances),
    "subnet": ("tiny default-a", views.describe_subnets),
    "sg": ("workshop/ssh-admin default/default", views.describe_security_groups),
    "vpc": ("workshop default", views.describe_vpcs),
}


def _id_of(record: object) -> str:
    for name in ("instance_id", "subnet_id", "id"):
        if hasattr(record, name):
            return str(getattr(record, name))
    raise AssertionError(record)


@pytest.mark.parametrize("kind", VIEWS)
def test_named_records_come_in_account_order_once_each(account: Account, kind: str) -> None:
    names = names_of(account)
    wanted_names, view = VIEWS[kind]
    wanted = [names[n] for n in wanted_names.split()]
    every = [_id_of(r) for r in view(account, [])]
    got = [_id_of(r) for r in view(account, [*wanted, wanted[0]])]
    assert got == [i for i in every if i in wanted]
    assert len(got) == len(wanted)


@pytest.mark.parametrize(
    ("kind", "code", "message"),
    [
        ("i", "InvalidInstanceID.NotFound", "The instance ID '{}' does not exist"),
        ("subnet", "InvalidSubnetID.NotFound", "The subnet ID '{}' does not exist"),
        ("sg", "InvalidGroup.NotFound", "The security group '{}' does not exist"),
        ("vpc", "InvalidVpcID.NotFound", "The vpc ID '{}' does not exist"),
    ],
)
def test_an_unknown_id_is_not_found(account: Account, kind: str, code: str, message: str) -> None:
    _, view = VIEWS[kind]
    unknown = f"{kind}-0123456789abcdef0"
    assert refused(account, lambda: view(account, [unknown, f"{kind}-0123abcd"])) == (
        code,
        message.format(unknown),
    )


@pytest.mark.parametrize(
    ("kind", "code"),
    [
        ("i", "InvalidInstanceID.Malformed"),
        ("subnet", "InvalidSubnetID.Malformed"),
        ("sg", "InvalidGroupId.Malformed"),
        ("vpc", "InvalidVpcID.Malformed"),
    ],
)
def test_a_malformed_id_wins_over_an_unknown_one(account: Account, kind: str, code: str) -> None:
    _, view = VIEWS[kind]
    bad = f"{kind}-0123ABCD"
    assert refused(account, lambda: view(account, [f"{kind}-0123abcd", bad])) == (
        code,
        f'Invalid id: "{bad}" (expecting "{kind}-...")',
    )


def test_an_interface_id_is_not_an_instance_id(account: Account) -> None:
    eni_id = names_of(account)["web-1-eth0"]
    code, _ = refused(account, lambda: views.describe_instances(account, [eni_id]))
    assert code == "InvalidInstanceID.Malformed"

"""DescribeNetworkInterfaces (eni-rules.md §7, §0 m; legacy-cli.md §2.1): IDs, every filter name of
the legacy list and of the current API list, wildcards, OR within a name,
AND across names, and the errors: Malformed, NotFound, unknown filter."""

from __future__ import annotations

import copy

import pytest

from ec2eni.engine import attachments, attributes, interfaces
from ec2eni.engine.default_account import LAUNCH_TIME
from ec2eni.engine.filters import FILTER_NAMES
from ec2eni.engine.invariants import check
from ec2eni.engine.model import Account, Address
from ec2eni.store.codec import encode
from tests.conftest import names_of
from tests.engine.support import refused

DEFAULTS = ["web-1-eth0", "standby-1-eth0", "app-1-eth0", "db-1-eth0"]
EVERYONE = [*DEFAULTS, "spare", "second"]
ATTACHED = [*DEFAULTS, "second"]


@pytest.fixture
def scene(account: Account) -> Account:
    """The default account plus:
    - `spare`: unattached, in `management`, 10.0.2.4 + secondary 10.0.2.5, group ssh-admin,
      description `spare NIC`, tags Name=spare and Role=spare, requester-managed by `amazon-elb`
      (so `in-use`, §0 y); Elastic IP 203.0.113.20 on its secondary;
    - `second`: in `public` (10.0.1.6), attached to web-1 at device index 1, description
      `backup*`, source/dest check off;
    - Elastic IP 203.0.113.10 on web-1-eth0's primary address.
    """
    names = names_of(account)
    spare = interfaces.create_network_interface(
        account,
        names["management"],
        description="spare NIC",
        group_ids=[names["workshop/ssh-admin"]],
        secondary_private_ip_address_count=1,
    ).network_interface_id
    eni = account.network_interfaces[spare]
    eni.tags.update(Name="spare", Role="spare")
    eni.requester_managed, eni.requester_id = True, "amazon-elb"
    second = interfaces.create_network_interface(
        account, names["public"], description="backup*"
    ).network_interface_id
    account.network_interfaces[second].tags["Name"] = "second"
    attachments.attach_network_interface(account, second, names["web-1"], 1)
    attributes.modify_network_interface_attribute(account, second, source_dest_check=False)
    for n, (eni_id, private_ip, public_ip) in enumerate(
        [(names["web-1-eth0"], "10.0.1.4", "203.0.113.10"), (spare, "10.0.2.5", "203.0.113.20")],
        start=1,
    ):
        account.addresses[f"eipalloc-{n:017x}"] = Address(
            allocation_id=f"eipalloc-{n:017x}",
            public_ip=public_ip,
            association_id=f"eipassoc-{n:017x}",
            network_interface_id=eni_id,
            private_ip_address=private_ip,
        )
    assert check(account) == []
    return account


def found(account: Account, *pairs: str, ids: tuple[str, ...] = ()) -> list[str]:
    """Name tags of the interfaces describe returns for `name=value` filters."""
    filters = [(name, value) for name, _, value in (pair.partition("=") for pair in pairs)]
    result = interfaces.describe_network_interfaces(account, ids, filters)
    return [dict(d.tags)["Name"] for d in result]


def test_without_ids_or_filters_every_interface_in_account_order(scene: Account) -> None:
    assert found(scene) == EVERYONE


def test_describe_changes_nothing(scene: Account) -> None:
    before, text = copy.deepcopy(scene), encode(scene)
    interfaces.describe_network_interfaces(scene, [], [("status", "in-use"), ("tag:Name", "*")])
    assert scene == before and encode(scene) == text


def test_ids_select_in_account_order_once_each(scene: Account) -> None:
    names = names_of(scene)
    ids = (names["spare"], names["web-1-eth0"], names["spare"])
    assert found(scene, ids=ids) == ["web-1-eth0", "spare"]


def test_ids_and_filters_combine(scene: Account) -> None:
    names = names_of(scene)
    ids = (names["spare"], names["web-1-eth0"])
    assert found(scene, "requester-managed=true", ids=ids) == ["spare"]
    assert found(scene, "status=in-use", "tag:Name=spare", ids=ids) == ["spare"]
    assert found(scene, "status=available", ids=ids) == []


def test_an_unknown_id_is_not_found(scene: Account) -> None:
    names = names_of(scene)
    ids = [names["spare"], "eni-0123456789abcdef0", "eni-0123abcd"]
    assert refused(scene, lambda: interfaces.describe_network_interfaces(scene, ids)) == (
        "InvalidNetworkInterfaceID.NotFound",
        "The networkInterface ID 'eni-0123456789abcdef0' does not exist",
    )


def test_a_malformed_id_wins_over_an_unknown_one(scene: Account) -> None:
    ids = ["eni-0123456789abcdef0", "eni-nope"]
    assert refused(scene, lambda: interfaces.describe_network_interfaces(scene, ids)) == (
        "InvalidNetworkInterfaceId.Malformed",
        'Invalid id: "eni-nope" (expecting "eni-...")',
    )


@pytest.mark.parametrize("name", ["bogus", "Status", "tag:", "availability_zone", "attachment", ""])
def test_an_unknown_filter_name_is_refused(scene: Account, name: str) -> None:
    assert refused(
        scene, lambda: interfaces.describe_network_interfaces(scene, [], [(name, "x")])
    ) == ("InvalidParameterValue", f"The filter '{name}' is invalid")


def test_an_unknown_filter_wins_over_an_unknown_id(scene: Account) -> None:
    assert refused(
        scene,
        lambda: interfaces.describe_network_interfaces(
            scene, ["eni-0123456789abcdef0"], [("status", "in-use"), ("bogus", "1")]
        ),
    ) == ("InvalidParameterValue", "The filter 'bogus' is invalid")


# Every filter name: (filters, the interfaces that match). Values come from the scene's docstring
# and the default account (owner 123456789012, launch time, zones, groups).
FILTER_CASES: list[tuple[list[str], list[str]]] = [
    (["addresses.private-ip-address=10.0.2.5"], ["spare"]),
    (["addresses.private-ip-addresses=10.0.2.5"], ["spare"]),
    (["addresses.primary=false"], ["spare"]),
    (["addresses.primary=true"], EVERYONE),
    (["addresses.association.public-ip=203.0.113.20"], ["spare"]),
    (["addresses.association.owner-id=123456789012"], ["web-1-eth0", "spare"]),
    (["association.association-id=eipassoc-00000000000000001"], ["web-1-eth0"]),
    (["association.association-id=eipassoc-00000000000000002"], []),  # on a secondary only
    (["association.allocation-id=eipalloc-00000000000000001"], ["web-1-eth0"]),
    (["association.ip-owner-id=123456789012"], ["web-1-eth0"]),
    (["association.public-ip=203.0.113.10"], ["web-1-eth0"]),
    (["association.public-ip=203.0.113.20"], []),
    (["association.public-dns-name=ec2-203-0-113-10.compute-1.amazonaws.com"], ["web-1-eth0"]),
    (["attachment.attachment-id=eni-attach-87e61e853d70379d5"], ["web-1-eth0"]),
    (["attachment.instance-id=i-cf9ace0ed00a6c9e3"], ["web-1-eth0", "second"]),
    (["attachment.instance-owner-id=123456789012"], ATTACHED),
    (["attachment.device-index=1"], ["second"]),
    (["attachment.device-index=0"], DEFAULTS),
    (["attachment.status=attached"], ATTACHED),
    (["attachment.status=detached"], []),
    ([f"attachment.attach-time={LAUNCH_TIME}"], DEFAULTS),
    ([f"attachment.attach.time={LAUNCH_TIME}"], DEFAULTS),
    (["attachment.delete-on-termination=true"], DEFAULTS),
    (["attachment.delete-on-termination=false"], ["second"]),
    (["availability-zone=us-east-1b"], ["db-1-eth0"]),
    (["availability-zone=us-east-1c"], []),
    (["availability-zone-id=use1-az2"], ["db-1-eth0"]),
    (["availability-zone-id=use1-az3"], []),
    (["ipv6-addresses.ipv6-address=*"], []),  # the simulator has no IPv6 addresses
    (["operator.managed=false"], EVERYONE),
    (["operator.managed=true"], []),
    (["operator.principal=*"], []),
    (["description=spare NIC"], ["spare"]),
    (["description=Primary network interface"], DEFAULTS),
    (["group-id=sg-97f065c67a83556cf"], ["spare"]),
    (["group-id=sg-21b37444b69d5fe61"], ["app-1-eth0", "second"]),
    (["group-name=web"], ["web-1-eth0", "standby-1-eth0"]),
    (["group-name=default"], ["app-1-eth0", "db-1-eth0", "second"]),
    (["interface-type=interface"], EVERYONE),
    (["interface-type=efa"], []),
    (["mac-address=06:e3:bf:06:33:47"], ["web-1-eth0"]),
    (["network-interface-id=eni-34e052102d385956a"], ["app-1-eth0"]),
    (["owner-id=123456789012"], EVERYONE),
    (["owner-id=210987654321"], []),
    (["private-ip-address=10.0.2.5"], ["spare"]),  # "address or addresses": secondaries too
    (["private-ip-address=10.0.1.6"], ["second"]),
    (["private-dns-name=ip-10-0-2-5.ec2.internal"], ["spare"]),
    (["private-dns-name=ip-172-31-16-4.ec2.internal"], ["db-1-eth0"]),
    (["requester-id=amazon-elb"], ["spare"]),
    (["requester-managed=true"], ["spare"]),
    (["requester-managed=false"], ATTACHED),
    (["source-dest-check=false"], ["second"]),
    (["source-dest-check=true"], [*DEFAULTS, "spare"]),
    (["source-desk-check=false"], ["second"]),
    (["status=available"], []),  # spare is requester-managed: in use (§0 y)
    (["status=in-use"], EVERYONE),
    (["subnet-id=subnet-aa9a00acd3a4f485b"], ["spare"]),
    (["subnet-id=subnet-d3d57647d7c3f13c9"], ["web-1-eth0", "standby-1-eth0", "second"]),
    (["subnet-id=subnet-7d970a336e055a4f4"], []),
    (["tag:Name=db-1-eth0"], ["db-1-eth0"]),
    (["tag:Role=spare"], ["spare"]),
    (["tag:role=spare"], []),  # keys are case-sensitive
    (["tag-key=Role"], ["spare"]),
    (["tag-value=spare"], ["spare"]),
    (["vpc-id=vpc-3855c7bcf6b1b8cc2"], ["db-1-eth0"]),
    (["vpc-id=vpc-b03a97e3a4324354e"], [n for n in EVERYONE if n != "db-1-eth0"]),
]


@pytest.mark.parametrize(("pairs", "expected"), FILTER_CASES, ids=lambda v: str(v))
def test_each_filter_name(scene: Account, pairs: list[str], expected: list[str]) -> None:
    assert found(scene, *pairs) == expected


def test_the_filter_cases_cover_every_name() -> None:
    legacy = {
        "addresses.private-ip-address", "addresses.primary", "addresses.association.public-ip",
        "addresses.association.owner-id", "association.association-id",
        "association.allocation-id", "association.ip-owner-id", "association.public-ip",
        "association.public-dns-name", "attachment.attachment-id", "attachment.instance-id",
        "attachment.instance-owner-id", "attachment.device-index", "attachment.status",
        "attachment.attach.time", "attachment.delete-on-termination", "availability-zone",
        "description", "group-id", "group-name", "mac-address", "network-interface-id",
        "owner-id", "private-ip-address", "private-dns-name", "requester-id",
        "requester-managed", "source-dest-check", "status", "subnet-id", "tag-key",
        "tag-value", "vpc-id",
    }  # fmt: skip
    covered = {pair.split("=")[0] for pairs, _ in FILTER_CASES for pair in pairs}
    assert legacy <= covered
    assert set(FILTER_NAMES) - {"tag:<key>"} <= covered


def test_the_second_attachment_time_is_filterable(scene: Account) -> None:
    [second] = [e for e in scene.network_interfaces.values() if e.tags.get("Name") == "second"]
    assert second.attachment is not None
    assert found(scene, f"attachment.attach-time={second.attachment.attach_time}") == ["second"]


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        (["tag:Name=web-*"], ["web-1-eth0"]),
        (["tag:Name=*-eth0"], DEFAULTS),
        (["tag:Name=*"], EVERYONE),
        (["tag:Name=web-1-eth0*"], ["web-1-eth0"]),  # * matches nothing too
        (["tag:Name=*1-eth?"], ["web-1-eth0", "standby-1-eth0", "app-1-eth0", "db-1-eth0"]),
        (["tag:Name=web-?-eth0"], ["web-1-eth0"]),
        (["tag:Name=web-??-eth0"], []),  # ? is exactly one character
        (["tag:Name=web-1-eth"], []),  # a value must match whole
        (["tag:Name=eth0"], []),
        (["description=Primary*"], DEFAULTS),
        (["description=primary*"], []),  # matching is case-sensitive
        (["private-ip-address=10.0.?.5"], ["standby-1-eth0", "spare"]),
        (["private-ip-address=172.*"], ["db-1-eth0"]),
        (["description=backup*"], ["second"]),
        (["description=backup\\*"], ["second"]),  # a literal *
        (["description=back\\*"], []),  # a literal * does not match "up*"
        (["description=back*"], ["second"]),
        (["description=spare?NIC"], ["spare"]),
        (["description=spare\\?NIC"], []),
    ],
    ids=lambda v: str(v),
)
def test_wildcards(scene: Account, pairs: list[str], expected: list[str]) -> None:
    assert found(scene, *pairs) == expected


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        # Values of one name are ORed.
        (["status=available", "status=in-use"], EVERYONE),
        (["tag:Name=spare", "tag:Name=db-1-eth0"], ["db-1-eth0", "spare"]),
        (["availability-zone=us-east-1b", "availability-zone=us-east-1c"], ["db-1-eth0"]),
        # Different names are ANDed.
        (
            ["status=in-use", "subnet-id=subnet-d3d57647d7c3f13c9"],
            ["web-1-eth0", "standby-1-eth0", "second"],
        ),
        (["status=available", "subnet-id=subnet-d3d57647d7c3f13c9"], []),
        (["status=in-use", "tag:Name=web-*"], ["web-1-eth0"]),
        # Both at once, in any order.
        (
            ["tag:Name=web-1-eth0", "requester-managed=true", "tag:Name=spare", "tag:Name=second"],
            ["spare"],
        ),
        (
            ["group-name=web", "attachment.device-index=0", "group-name=default"],
            DEFAULTS,
        ),
        (
            [
                "group-name=web",
                "group-name=default",
                "vpc-id=vpc-b03a97e3a4324354e",
                "status=in-use",
            ],
            ["web-1-eth0", "standby-1-eth0", "app-1-eth0", "second"],
        ),
    ],
    ids=lambda v: str(v),
)
def test_or_within_a_name_and_across_names(
    scene: Account, pairs: list[str], expected: list[str]
) -> None:
    assert found(scene, *pairs) == expected


def test_an_empty_value_matches_an_empty_field(scene: Account) -> None:
    assert found(scene, "requester-id=") == ATTACHED
    assert found(scene, "description=") == []


def test_a_filter_on_attachment_fields_skips_unattached_interfaces(scene: Account) -> None:
    # The moto bug the rulebook notes (§10): instance-owner-id must not match unattached ENIs.
    assert found(scene, "attachment.instance-owner-id=*") == ATTACHED
    assert found(scene, "attachment.status=*") == ATTACHED


def test_a_requester_managed_interface_is_in_use_without_an_attachment(scene: Account) -> None:
    """§0 y: a service's interface shows `in-use`, as attach and delete treat it; an unattached
    interface of the account's own is `available`."""
    names = names_of(scene)
    own = interfaces.create_network_interface(scene, names["management"]).network_interface_id
    scene.network_interfaces[own].tags["Name"] = "own"
    spare = scene.network_interfaces[names["spare"]]
    assert spare.attachment is None and spare.status == "in-use"
    [d] = interfaces.describe_network_interfaces(scene, [spare.id])
    assert (d.status, d.attachment, d.requester_managed) == ("in-use", None, True)
    assert found(scene, "status=in-use", "subnet-id=subnet-aa9a00acd3a4f485b") == ["spare"]
    assert found(scene, "status=available") == ["own"]
    assert found(scene, "status=available", "requester-managed=true") == []
    # Nothing about it changed: it is still no one's attachment.
    assert found(scene, "attachment.status=*", "tag:Name=spare") == []


def test_describe_reflects_each_state_change(account: Account) -> None:
    names = names_of(account)
    eni_id = interfaces.create_network_interface(account, names["public"]).network_interface_id
    [d] = interfaces.describe_network_interfaces(account, [eni_id])
    assert (d.status, d.attachment) == ("available", None)
    attachment_id = attachments.attach_network_interface(account, eni_id, names["web-1"], 1)
    [d] = interfaces.describe_network_interfaces(account, [eni_id])
    assert d.status == "in-use" and d.attachment is not None
    assert d.attachment.attachment_id == attachment_id
    attachments.detach_network_interface(account, attachment_id)
    [d] = interfaces.describe_network_interfaces(account, [eni_id])
    assert (d.status, d.attachment) == ("available", None)
    interfaces.delete_network_interface(account, eni_id)
    assert refused(account, lambda: interfaces.describe_network_interfaces(account, [eni_id])) == (
        "InvalidNetworkInterfaceID.NotFound",
        f"The networkInterface ID '{eni_id}' does not exist",
    )

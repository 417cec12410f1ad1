"""Resource IDs and MAC addresses: the syntax every action checks (eni-rules.md §1.2), and the
deterministic generator (same seed, same commands, same IDs; §1.3 for MACs)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from ec2eni.engine import attachments, attributes, interfaces, network
from ec2eni.engine.default_account import build_default_account
from ec2eni.engine.ids import IdGenerator, is_well_formed
from ec2eni.engine.invariants import check
from ec2eni.engine.model import Account
from tests.conftest import names_of
from tests.engine.support import refused

KINDS = ("eni", "eni-attach", "i", "subnet", "vpc", "sg")
MAC = re.compile(r"[0-9a-f]{2}(:[0-9a-f]{2}){5}")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    "digits",
    [
        "0123abcd",  # 8: the legacy form
        "0123456789abcdef0",  # 17: today's form
        "00000000",
        "fffffffffffffffff",
        # §0 x: any length from 1 to 17 (EC2 answered NotFound for `eni-0`).
        "0",
        "abc",
        "0123abc",  # 7
        "0123abcd0",  # 9
        "0123456789abcdef",  # 16
    ],
)
def test_one_to_seventeen_lowercase_hex_digits_are_well_formed(kind: str, digits: str) -> None:
    assert is_well_formed(kind, f"{kind}-{digits}")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    "digits",
    [
        "0123ABCD",  # uppercase
        "0123456789ABCDEF0",
        "A",
        "0123456789abcdef01",  # 18
        "000000000000000000",  # 18 zeros
        "0123abcg",  # not hex
        "xyz",
        "",
        " 0123abcd",
        "0123abcd ",
        "-0123abcd",
    ],
)
def test_other_lengths_case_and_characters_are_malformed(kind: str, digits: str) -> None:
    assert not is_well_formed(kind, f"{kind}-{digits}")


@pytest.mark.parametrize(
    "value",
    [
        "ENI-0123abcd",
        "eni0123abcd",
        "eni_0123abcd",
        "i-0123abcd",
        "eni-attach-0123abcd",
        "eni-attach-1234",
        "eni-attach-0",
        "eni-",
        "0123abcd",
    ],
)
def test_a_wrong_prefix_is_malformed_for_an_interface(value: str) -> None:
    assert not is_well_formed("eni", value)


@pytest.mark.parametrize("value", ["eni-0123456789abcdef0", "eni-0", "eni-abc", "eni-attach"])
def test_an_interface_id_is_not_an_attachment_id(value: str) -> None:
    assert not is_well_formed("eni-attach", value)


@pytest.mark.parametrize(
    "value",
    [
        "eni-0123ABCD",
        "eni-0123456789abcdef01",
        "eni-xyz",
        "i-0123abcd",
        "eni-attach-0123456789abcdef0",
        "eni-attach-1234",
    ],
)
def test_every_interface_action_refuses_a_malformed_interface_id(
    account: Account, value: str
) -> None:
    names = names_of(account)
    # The code spells `Id`, the NotFound code `ID`: EC2's own inconsistency (§1.2).
    expected = (
        "InvalidNetworkInterfaceId.Malformed",
        f'Invalid id: "{value}" (expecting "eni-...")',
    )
    actions: list[Callable[[], object]] = [
        lambda: interfaces.delete_network_interface(account, value),
        lambda: interfaces.describe_network_interfaces(account, [value]),
        lambda: attachments.attach_network_interface(account, value, names["web-1"], 1),
        lambda: attributes.describe_network_interface_attribute(account, value, "description"),
        lambda: attributes.modify_network_interface_attribute(account, value, description="x"),
        lambda: attributes.reset_network_interface_attribute(account, value),
    ]
    for action in actions:
        assert refused(account, action) == expected


@pytest.mark.parametrize(
    ("kind", "code", "action"),
    [
        (
            "subnet",
            "InvalidSubnetID.Malformed",
            lambda a, v: interfaces.create_network_interface(a, v),
        ),
        (
            "sg",
            "InvalidGroupId.Malformed",
            lambda a, v: interfaces.create_network_interface(
                a, names_of(a)["public"], group_ids=[v]
            ),
        ),
        (
            "i",
            "InvalidInstanceID.Malformed",
            lambda a, v: attachments.attach_network_interface(a, names_of(a)["web-1-eth0"], v, 1),
        ),
        (
            "eni-attach",
            "InvalidNetworkInterfaceAttachmentId.Malformed",
            lambda a, v: attachments.detach_network_interface(a, v),
        ),
        ("vpc", "InvalidVpcID.Malformed", lambda a, v: network.describe_vpcs(a, [v])),
    ],
)
@pytest.mark.parametrize("digits", ["0123ABCD", "0123456789abcdef01", "xyz", ""])
def test_each_kind_has_its_own_malformed_code(
    account: Account,
    kind: str,
    code: str,
    action: Callable[[Account, str], object],
    digits: str,
) -> None:
    value = f"{kind}-{digits}"
    assert refused(account, lambda: action(account, value)) == (
        code,
        f'Invalid id: "{value}" (expecting "{kind}-...")',
    )


def test_a_legacy_eight_digit_id_is_looked_up_not_refused_as_malformed(account: Account) -> None:
    names = names_of(account)
    assert refused(
        account, lambda: interfaces.describe_network_interfaces(account, ["eni-0123abcd"])
    ) == (
        "InvalidNetworkInterfaceID.NotFound",
        "The networkInterface ID 'eni-0123abcd' does not exist",
    )
    assert refused(
        account,
        lambda: attachments.attach_network_interface(account, names["web-1-eth0"], "i-0123abcd", 1),
    ) == ("InvalidInstanceID.NotFound", "The instance ID 'i-0123abcd' does not exist")
    assert refused(
        account, lambda: attachments.detach_network_interface(account, "eni-attach-0123abcd")
    ) == (
        "InvalidAttachmentID.NotFound",
        "The interface attachment 'eni-attach-0123abcd' does not exist.",
    )


@pytest.mark.parametrize("digits", ["0", "abc", "0123abc", "0123456789abcdef"])
def test_a_short_well_formed_id_is_looked_up_not_refused_as_malformed(
    account: Account, digits: str
) -> None:
    """§0 x, after [TEMPEST]: EC2 answered NotFound for `eni-0`."""
    names = names_of(account)
    eni_id, instance_id, subnet_id = f"eni-{digits}", f"i-{digits}", f"subnet-{digits}"
    attachment_id, group_id, vpc_id = f"eni-attach-{digits}", f"sg-{digits}", f"vpc-{digits}"
    expectations: list[tuple[Callable[[], object], tuple[str, str]]] = [
        (
            lambda: interfaces.describe_network_interfaces(account, [eni_id]),
            (
                "InvalidNetworkInterfaceID.NotFound",
                f"The networkInterface ID '{eni_id}' does not exist",
            ),
        ),
        (
            lambda: interfaces.delete_network_interface(account, eni_id),
            (
                "InvalidNetworkInterfaceID.NotFound",
                f"The networkInterface ID '{eni_id}' does not exist",
            ),
        ),
        (
            lambda: attachments.attach_network_interface(
                account, names["web-1-eth0"], instance_id, 1
            ),
            ("InvalidInstanceID.NotFound", f"The instance ID '{instance_id}' does not exist"),
        ),
        (
            lambda: interfaces.create_network_interface(account, subnet_id),
            ("InvalidSubnetID.NotFound", f"The subnet ID '{subnet_id}' does not exist"),
        ),
        (
            lambda: attachments.detach_network_interface(account, attachment_id),
            (
                "InvalidAttachmentID.NotFound",
                f"The interface attachment '{attachment_id}' does not exist.",
            ),
        ),
        (
            lambda: interfaces.create_network_interface(
                account, names["public"], group_ids=[group_id]
            ),
            (
                "InvalidSecurityGroupID.NotFound",
                f"The securityGroup ID '{group_id}' does not exist",
            ),
        ),
        (
            lambda: network.describe_vpcs(account, [vpc_id]),
            ("InvalidVpcID.NotFound", f"The vpc ID '{vpc_id}' does not exist"),
        ),
    ]
    for action, expected in expectations:
        assert refused(account, action) == expected


def test_an_attachment_id_given_for_an_interface_is_malformed_not_looked_up(
    account: Account,
) -> None:
    # `eni-attach-1234` starts with `eni-` and ends in hex, but `attach-1234` is not hex.
    value = "eni-attach-1234"
    assert refused(account, lambda: interfaces.describe_network_interfaces(account, [value])) == (
        "InvalidNetworkInterfaceId.Malformed",
        f'Invalid id: "{value}" (expecting "eni-...")',
    )
    # The other way round: a short interface ID is not an attachment ID.
    assert refused(account, lambda: attachments.detach_network_interface(account, "eni-1234")) == (
        "InvalidNetworkInterfaceAttachmentId.Malformed",
        'Invalid id: "eni-1234" (expecting "eni-attach-...")',
    )


def test_a_hand_edited_short_id_passes_the_invariants_and_can_be_used(account: Account) -> None:
    names = names_of(account)
    eni = account.network_interfaces[
        interfaces.create_network_interface(account, names["public"]).network_interface_id
    ]
    del account.network_interfaces[eni.id]
    eni.id = "eni-0"
    account.network_interfaces[eni.id] = eni
    assert check(account) == []
    attachment_id = attachments.attach_network_interface(account, "eni-0", names["web-1"], 1)
    assert check(account) == []
    attachments.detach_network_interface(account, attachment_id)
    interfaces.delete_network_interface(account, "eni-0")
    assert "eni-0" not in account.network_interfaces


def test_an_interface_with_a_legacy_id_can_be_used(account: Account) -> None:
    names = names_of(account)
    eni = account.network_interfaces[
        interfaces.create_network_interface(account, names["public"]).network_interface_id
    ]
    del account.network_interfaces[eni.id]
    eni.id = "eni-0a1b2c3d"
    account.network_interfaces[eni.id] = eni
    assert [
        d.network_interface_id for d in interfaces.describe_network_interfaces(account, [eni.id])
    ] == ["eni-0a1b2c3d"]
    attachment_id = attachments.attach_network_interface(account, eni.id, names["web-1"], 1)
    assert account.network_interfaces["eni-0a1b2c3d"].attachment is not None
    attachments.detach_network_interface(account, attachment_id)
    interfaces.delete_network_interface(account, eni.id)
    assert "eni-0a1b2c3d" not in account.network_interfaces


def test_the_default_account_has_the_ids_the_readme_documents(account: Account) -> None:
    names = names_of(account)
    documented = {
        "default": "vpc-3855c7bcf6b1b8cc2",
        "default-a": "subnet-1ee1230838de3c64f",
        "default-b": "subnet-70b94fe1f0ce8f8da",
        "default-c": "subnet-ccceb6af077351f16",
        "default/default": "sg-05d7d90b7ca3a3bd8",
        "workshop": "vpc-b03a97e3a4324354e",
        "public": "subnet-d3d57647d7c3f13c9",
        "management": "subnet-aa9a00acd3a4f485b",
        "backend": "subnet-1b9e7e21dbe5446f6",
        "tiny": "subnet-7d970a336e055a4f4",
        "workshop/default": "sg-21b37444b69d5fe61",
        "workshop/web": "sg-ca14ccdaba34ac2c1",
        "workshop/ssh-admin": "sg-97f065c67a83556cf",
        "web-1": "i-cf9ace0ed00a6c9e3",
        "standby-1": "i-a6e1bfcefbcba1d6b",
        "app-1": "i-0396021bfcce11279",
        "db-1": "i-5873466a36ed8b69a",
        "old-1": "i-2202441d1a2d6612d",
        "web-1-eth0": "eni-1706a5992fc9609ea",
        "web-1-attachment": "eni-attach-87e61e853d70379d5",
    }
    assert {name: names[name] for name in documented} == documented


def _script(account: Account) -> list[str]:
    """A fixed series of actions; returns every ID and MAC they produced, in order."""
    names = names_of(account)
    produced = []
    for subnet in ("public", "management", "tiny"):
        d = interfaces.create_network_interface(
            account, names[subnet], secondary_private_ip_address_count=1
        )
        produced += [
            d.network_interface_id,
            d.mac_address,
            *(p.private_ip_address for p in d.private_ip_addresses),
        ]
    first, second, third = produced[0], produced[4], produced[8]
    produced.append(attachments.attach_network_interface(account, second, names["app-1"], 1))
    produced.append(attachments.attach_network_interface(account, third, names["db-1"], 2))
    attachments.detach_network_interface(account, produced[-1])
    interfaces.delete_network_interface(account, first)
    d = interfaces.create_network_interface(account, names["public"])
    produced += [d.network_interface_id, d.mac_address, d.private_ip_address]
    produced.append(attachments.attach_network_interface(account, third, names["db-1"], 1))
    return produced


def test_two_fresh_accounts_given_the_same_actions_produce_the_same_ids() -> None:
    one, two = build_default_account(), build_default_account()
    assert one == two
    produced = _script(one)
    assert _script(two) == produced
    assert one.counter == two.counter
    new_ids = [p for p in produced if p.startswith("eni")]
    assert len(new_ids) == len(set(new_ids)) == 7
    for resource_id in new_ids:
        kind = "eni-attach" if resource_id.startswith("eni-attach-") else "eni"
        # New IDs use the long form.
        assert is_well_formed(kind, resource_id) and len(resource_id) == len(kind) + 18


def test_a_different_seed_gives_different_ids(account: Account) -> None:
    other = build_default_account()
    other.seed = "another-seed"
    subnet = names_of(account)["public"]
    ours = interfaces.create_network_interface(account, subnet)
    theirs = interfaces.create_network_interface(other, subnet)
    assert ours.network_interface_id != theirs.network_interface_id
    assert ours.mac_address != theirs.mac_address


def test_a_deleted_interface_id_is_never_handed_out_again(account: Account) -> None:
    subnet = names_of(account)["public"]
    first = interfaces.create_network_interface(account, subnet)
    interfaces.delete_network_interface(account, first.network_interface_id)
    second = interfaces.create_network_interface(account, subnet)
    assert second.network_interface_id != first.network_interface_id
    assert second.mac_address != first.mac_address
    # The freed address is reused: it is the lowest free one again.
    assert second.private_ip_address == first.private_ip_address


def test_the_generator_skips_ids_already_taken() -> None:
    first = IdGenerator("seed", 0).new_id("eni", lambda _: False)
    skipped = IdGenerator("seed", 0).new_id("eni", lambda candidate: candidate == first)
    assert skipped != first and is_well_formed("eni", skipped)


def test_the_generator_skips_macs_already_taken() -> None:
    first = IdGenerator("seed", 0).new_mac(set())
    again = IdGenerator("seed", 0).new_mac({first})
    assert again != first


def test_new_macs_are_unique_locally_administered_unicast(account: Account) -> None:
    subnet = names_of(account)["default-a"]
    created = [interfaces.create_network_interface(account, subnet) for _ in range(40)]
    macs = [eni.mac_address for eni in account.network_interfaces.values()]
    assert len(set(macs)) == len(macs) == 44
    for d in created:
        assert MAC.fullmatch(d.mac_address), d.mac_address
        first_octet = int(d.mac_address[:2], 16)
        assert first_octet & 0x02, "locally administered"
        assert not first_octet & 0x01, "unicast"


def test_a_mac_never_changes_for_the_life_of_the_interface(account: Account) -> None:
    names = names_of(account)
    created = interfaces.create_network_interface(account, names["public"])
    eni_id, mac = created.network_interface_id, created.mac_address
    attachment_id = attachments.attach_network_interface(account, eni_id, names["web-1"], 1)
    attributes.modify_network_interface_attribute(account, eni_id, description="moved")
    attributes.modify_network_interface_attribute(account, eni_id, source_dest_check=False)
    attributes.reset_network_interface_attribute(account, eni_id)
    attachments.detach_network_interface(account, attachment_id)
    attachments.attach_network_interface(account, eni_id, names["standby-1"], 1)
    assert account.network_interfaces[eni_id].mac_address == mac

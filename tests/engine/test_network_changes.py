"""CreateVpc, DeleteVpc, CreateSubnet, DeleteSubnet, CreateSecurityGroup and DeleteSecurityGroup
(legacy-cli.md §15; EC2's rules and answers): what each makes (IDs from the account's generator, a
new VPC's DHCP options set and default group, `pending` in the answer, creation order in the
describes), each refusal in EC2's order, leaving the account as it was, and the account staying
sound (`invariants.check`) and surviving a TOML round trip after every change.

A subnet whose instances are all terminated can be deleted, as in EC2; the terminated instance
keeps its old subnet ID, which the invariants allow."""

from __future__ import annotations

import tomllib

import pytest

from ec2eni.engine import attachments, ids, instances, interfaces, invariants, network
from ec2eni.engine.default_account import build_default_account
from ec2eni.engine.model import Account, Instance
from ec2eni.store.codec import decode, encode
from tests.conftest import names_of
from tests.engine.support import refused

NAMES = names_of(build_default_account())
WORKSHOP, DEFAULT_VPC = NAMES["workshop"], NAMES["default"]
WEB_1 = NAMES["web-1"]
ZONES = "us-east-1a, us-east-1b, us-east-1c, us-east-1d, us-east-1e, us-east-1f"


def sound(account: Account) -> None:
    """No invariant broken, and the file the account makes reads back as the same account."""
    assert invariants.check(account) == []
    decoded, problems = decode(tomllib.loads(encode(account)))
    assert problems == [] and decoded == account


def new_vpc(account: Account, cidr: str = "10.1.0.0/16") -> str:
    return network.create_vpc(account, cidr).vpc_id


def group_of(account: Account, vpc_id: str, name: str) -> str:
    [group] = [
        g.id for g in account.security_groups.values() if g.vpc_id == vpc_id and g.name == name
    ]
    return group


# --- CreateVpc ---------------------------------------------------------------------------------


def test_create_vpc_answers_pending_and_makes_an_available_vpc_with_its_default_group(
    account: Account,
) -> None:
    counter = account.counter
    expected = ids.IdGenerator(account.seed, counter).new_id("vpc", account.id_taken)
    reply = network.create_vpc(account, "10.1.0.0/16")
    assert reply.vpc_id == expected
    assert (reply.state, reply.cidr_block, reply.instance_tenancy, reply.is_default) == (
        "pending",
        "10.1.0.0/16",
        "default",
        False,
    )
    assert reply.dhcp_options_id == ids.derived_id("dopt", reply.vpc_id)
    assert reply.tags == ()
    # Stored available, listed last; its default group too.
    [described] = network.describe_vpcs(account, [reply.vpc_id])
    assert described.state == "available"
    assert [d.vpc_id for d in network.describe_vpcs(account)][-1] == reply.vpc_id
    last = network.describe_security_groups(account)[-1]
    assert (last.group_name, last.description, last.vpc_id, last.tags) == (
        "default",
        "default VPC security group",
        reply.vpc_id,
        (),
    )
    assert account.counter == counter + 2  # the VPC's ID, then its group's
    sound(account)


def test_create_vpc_is_deterministic_and_takes_dedicated_tenancy(account: Account) -> None:
    other = build_default_account()
    first = network.create_vpc(account, "192.168.0.0/24", "dedicated")
    assert network.create_vpc(other, "192.168.0.0/24", "dedicated") == first
    assert first.instance_tenancy == "dedicated"
    sound(account)


def test_overlapping_vpcs_are_allowed(account: Account) -> None:
    # EC2 lets VPCs of one account share address space (they are separate networks).
    network.create_vpc(account, "10.0.0.0/16")
    network.create_vpc(account, "10.0.0.0/20")
    sound(account)


@pytest.mark.parametrize(
    "cidr", ["not-a-cidr", "", "10.1.0.0", "10.1.0.0/33", "10.1.0.1/16", "256.1.0.0/16", "10.1/16"]
)
def test_create_vpc_refuses_what_is_no_cidr_block(account: Account, cidr: str) -> None:
    assert refused(account, lambda: network.create_vpc(account, cidr)) == (
        "InvalidParameterValue",
        f"Value ({cidr}) for parameter cidrBlock is invalid. This is not a valid CIDR block.",
    )


@pytest.mark.parametrize("cidr", ["10.0.0.0/8", "10.2.0.0/15", "10.1.0.0/29", "10.1.0.0/32"])
def test_create_vpc_refuses_sizes_outside_16_to_28(account: Account, cidr: str) -> None:
    assert refused(account, lambda: network.create_vpc(account, cidr)) == (
        "InvalidVpc.Range",
        f"The CIDR '{cidr}' is invalid.",
    )


def test_create_vpc_takes_the_largest_and_the_smallest_block(account: Account) -> None:
    assert network.create_vpc(account, "10.1.0.0/16").cidr_block == "10.1.0.0/16"
    assert network.create_vpc(account, "10.2.0.16/28").cidr_block == "10.2.0.16/28"
    sound(account)


def test_create_vpc_refuses_an_unknown_tenancy(account: Account) -> None:
    assert refused(account, lambda: network.create_vpc(account, "10.1.0.0/16", "host")) == (
        "InvalidParameterValue",
        "Value (host) for parameter instanceTenancy is invalid. Expecting 'default' or "
        "'dedicated'.",
    )


def test_the_sixth_vpc_is_refused(account: Account) -> None:
    for n in range(network.VPCS_PER_REGION - len(account.vpcs)):
        new_vpc(account, f"10.{n + 1}.0.0/16")
    assert refused(account, lambda: network.create_vpc(account, "10.9.0.0/16")) == (
        "VpcLimitExceeded",
        "The maximum number of VPCs has been reached.",
    )
    # A syntax error still comes first.
    assert refused(account, lambda: network.create_vpc(account, "bad"))[0] == (
        "InvalidParameterValue"
    )


# --- DeleteVpc ---------------------------------------------------------------------------------


def test_delete_vpc_takes_its_default_group_with_it(account: Account) -> None:
    before = {**account.security_groups}
    vpc_id = new_vpc(account)
    network.delete_vpc(account, vpc_id)
    assert vpc_id not in account.vpcs
    assert account.security_groups == before
    sound(account)


@pytest.mark.parametrize(
    ("vpc_id", "code", "message"),
    [
        ("vpc-xyz", "InvalidVpcID.Malformed", 'Invalid id: "vpc-xyz" (expecting "vpc-...")'),
        ("", "InvalidVpcID.Malformed", 'Invalid id: "" (expecting "vpc-...")'),
        ("vpc-1a2b3c4d", "InvalidVpcID.NotFound", "The vpc ID 'vpc-1a2b3c4d' does not exist"),
    ],
)
def test_delete_vpc_refuses_a_bad_or_unknown_id(
    account: Account, vpc_id: str, code: str, message: str
) -> None:
    assert refused(account, lambda: network.delete_vpc(account, vpc_id)) == (code, message)


def test_delete_vpc_refuses_a_vpc_with_subnets_or_other_groups(account: Account) -> None:
    dependencies = ("DependencyViolation", "The vpc '{}' has dependencies and cannot be deleted.")
    for vpc_id in (WORKSHOP, DEFAULT_VPC):
        code, message = refused(account, lambda v=vpc_id: network.delete_vpc(account, v))
        assert (code, message) == (dependencies[0], dependencies[1].format(vpc_id))
    with_subnet = new_vpc(account)
    subnet_id = network.create_subnet(account, with_subnet, "10.1.0.0/24").subnet_id
    with_group = new_vpc(account, "10.2.0.0/16")
    group_id = network.create_security_group(account, "lab", "Lab", with_group).group_id
    for vpc_id in (with_subnet, with_group):
        code, message = refused(account, lambda v=vpc_id: network.delete_vpc(account, v))
        assert (code, message) == (dependencies[0], dependencies[1].format(vpc_id))
    # Emptied, both go.
    network.delete_subnet(account, subnet_id)
    network.delete_security_group(account, group_id=group_id)
    network.delete_vpc(account, with_subnet)
    network.delete_vpc(account, with_group)
    sound(account)


def test_the_default_vpc_can_be_deleted_once_empty(account: Account) -> None:
    default_subnets = [s.id for s in account.subnets.values() if s.vpc_id == DEFAULT_VPC]
    # db-1 (stopped) lives in default-b: terminate it and settle, as EC2 releases its interface.
    instances.terminate_instances(account, [NAMES["db-1"]])
    for subnet_id in default_subnets:
        network.delete_subnet(account, subnet_id)
    network.delete_vpc(account, DEFAULT_VPC)
    sound(account)
    # Without a default VPC, a group needs a VPC and a name finds nothing to delete.
    assert refused(account, lambda: network.create_security_group(account, "x", "y")) == (
        "VPCIdNotSpecified",
        "No default VPC for this user",
    )
    assert refused(account, lambda: network.delete_security_group(account, group_name="web")) == (
        "VPCIdNotSpecified",
        "No default VPC for this user. GroupName is only supported for EC2-Classic and default "
        "VPC.",
    )


# --- CreateSubnet ------------------------------------------------------------------------------


def test_create_subnet_answers_pending_and_makes_an_available_subnet(account: Account) -> None:
    vpc_id = new_vpc(account)
    reply = network.create_subnet(account, vpc_id, "10.1.1.0/24", "us-east-1b")
    assert (
        reply.state,
        reply.vpc_id,
        reply.cidr_block,
        reply.available_ip_address_count,
        reply.availability_zone,
        reply.default_for_az,
        reply.map_public_ip_on_launch,
        reply.tags,
    ) == ("pending", vpc_id, "10.1.1.0/24", 251, "us-east-1b", False, False, ())
    described = network.describe_subnets(account)
    assert described[-1].subnet_id == reply.subnet_id
    assert described[-1].state == "available"
    sound(account)


def test_without_a_zone_a_subnet_goes_to_the_regions_first_zone(account: Account) -> None:
    reply = network.create_subnet(account, WORKSHOP, "10.0.4.0/22")
    assert (reply.availability_zone, reply.available_ip_address_count) == ("us-east-1a", 1019)
    sound(account)


def test_a_subnet_may_be_as_large_as_its_vpc_or_a_28(account: Account) -> None:
    vpc_id = new_vpc(account, "10.1.0.0/24")
    assert network.create_subnet(account, vpc_id, "10.1.0.0/28").available_ip_address_count == 11
    other = new_vpc(account, "10.2.0.0/16")
    assert network.create_subnet(account, other, "10.2.0.0/16").cidr_block == "10.2.0.0/16"
    sound(account)


def test_the_region_has_six_zones_here_and_three_elsewhere(account: Account) -> None:
    assert network.region_zones(account) == ZONES.split(", ")
    account.region = "eu-west-1"
    for subnet in account.subnets.values():
        subnet.availability_zone = "eu-west-1" + subnet.availability_zone[-1]
    assert network.region_zones(account) == ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
    # A zone the account's subnets already use counts too (a hand-edited account).
    next(iter(account.subnets.values())).availability_zone = "eu-west-1d"
    assert network.region_zones(account)[-1] == "eu-west-1d"


@pytest.mark.parametrize("zone", ["us-east-1g", "us-west-2a", "", "US-EAST-1A"])
def test_create_subnet_refuses_a_zone_outside_the_region(account: Account, zone: str) -> None:
    assert refused(
        account, lambda: network.create_subnet(account, WORKSHOP, "10.0.4.0/24", zone)
    ) == (
        "InvalidParameterValue",
        f"Value ({zone}) for parameter availabilityZone is invalid. Subnets can currently only be "
        f"created in the following availability zones: {ZONES}.",
    )


@pytest.mark.parametrize(
    ("cidr", "code", "message"),
    [
        ("10.0.4.0", "InvalidParameterValue", "Value (10.0.4.0) for parameter cidrBlock is "
         "invalid. This is not a valid CIDR block."),
        ("10.0.4.1/24", "InvalidParameterValue", "Value (10.0.4.1/24) for parameter cidrBlock "
         "is invalid. This is not a valid CIDR block."),
        ("10.0.4.0/29", "InvalidSubnet.Range", "The CIDR '10.0.4.0/29' is invalid."),
        ("10.0.0.0/15", "InvalidSubnet.Range", "The CIDR '10.0.0.0/15' is invalid."),
        ("10.1.0.0/24", "InvalidSubnet.Range", "The CIDR '10.1.0.0/24' is invalid."),
        ("172.31.0.0/20", "InvalidSubnet.Range", "The CIDR '172.31.0.0/20' is invalid."),
        ("10.0.1.0/24", "InvalidSubnet.Conflict",
         "The CIDR '10.0.1.0/24' conflicts with another subnet"),
        ("10.0.1.128/25", "InvalidSubnet.Conflict",
         "The CIDR '10.0.1.128/25' conflicts with another subnet"),
        ("10.0.0.0/22", "InvalidSubnet.Conflict",
         "The CIDR '10.0.0.0/22' conflicts with another subnet"),
        ("10.0.9.8/29", "InvalidSubnet.Range", "The CIDR '10.0.9.8/29' is invalid."),
    ],
)  # fmt: skip
def test_create_subnet_refuses_blocks_that_do_not_fit(
    account: Account, cidr: str, code: str, message: str
) -> None:
    assert refused(account, lambda: network.create_subnet(account, WORKSHOP, cidr)) == (
        code,
        message,
    )


def test_a_subnet_may_sit_next_to_its_neighbours_and_in_another_vpcs_space(
    account: Account,
) -> None:
    # tiny is 10.0.9.0/28: the next /28 is free; and the default VPC's blocks are its own.
    network.create_subnet(account, WORKSHOP, "10.0.9.16/28", "us-east-1b")
    vpc_id = new_vpc(account, "172.31.0.0/16")
    network.create_subnet(account, vpc_id, "172.31.0.0/20")
    sound(account)


def test_create_subnet_checks_in_ec2s_order(account: Account) -> None:
    # Malformed VPC, then the CIDR's syntax, then the zone, then the VPC's existence, then fit.
    steps = [
        ("vpc-xyz", "bad", "nowhere", "InvalidVpcID.Malformed"),
        ("vpc-1a2b3c4d", "bad", "nowhere", "InvalidParameterValue"),
        ("vpc-1a2b3c4d", "10.0.1.0/24", "nowhere", "InvalidParameterValue"),
        ("vpc-1a2b3c4d", "10.0.1.0/24", "us-east-1a", "InvalidVpcID.NotFound"),
        (WORKSHOP, "10.0.1.0/29", "us-east-1a", "InvalidSubnet.Range"),
        (WORKSHOP, "10.0.1.0/24", "us-east-1a", "InvalidSubnet.Conflict"),
    ]
    for vpc_id, cidr, zone, code in steps:
        assert (
            refused(
                account, lambda v=vpc_id, c=cidr, z=zone: network.create_subnet(account, v, c, z)
            )[0]
            == code
        )


def test_a_vpc_holds_at_most_200_subnets(account: Account, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(network, "SUBNETS_PER_VPC", 5)
    network.create_subnet(account, WORKSHOP, "10.0.4.0/24")
    assert refused(account, lambda: network.create_subnet(account, WORKSHOP, "10.0.5.0/24")) == (
        "SubnetLimitExceeded",
        "The maximum number of subnets has been reached.",
    )
    # Another VPC's subnets do not count.
    network.create_subnet(account, new_vpc(account), "10.1.0.0/24")
    assert network.SUBNETS_PER_VPC == 5


# --- DeleteSubnet ------------------------------------------------------------------------------


def test_delete_subnet_deletes_an_empty_subnet(account: Account) -> None:
    network.delete_subnet(account, NAMES["tiny"])
    assert NAMES["tiny"] not in account.subnets
    sound(account)


@pytest.mark.parametrize("name", ["public", "management", "backend", "default-b"])
def test_delete_subnet_refuses_a_subnet_with_interfaces(account: Account, name: str) -> None:
    if name == "management":
        interfaces.create_network_interface(account, NAMES[name])
    assert refused(account, lambda: network.delete_subnet(account, NAMES[name])) == (
        "DependencyViolation",
        f"The subnet '{NAMES[name]}' has dependencies and cannot be deleted.",
    )


def test_delete_subnet_refuses_an_unknown_or_malformed_id(account: Account) -> None:
    assert refused(account, lambda: network.delete_subnet(account, "subnet-1a2b3c4d")) == (
        "InvalidSubnetID.NotFound",
        "The subnet ID 'subnet-1a2b3c4d' does not exist",
    )
    assert refused(account, lambda: network.delete_subnet(account, "web"))[0] == (
        "InvalidSubnetID.Malformed"
    )


def test_a_subnet_whose_instances_are_all_terminated_can_be_deleted(account: Account) -> None:
    subnet_id = network.create_subnet(account, WORKSHOP, "10.0.4.0/24").subnet_id
    old = account.instances[NAMES["old-1"]]
    old.subnet_id = subnet_id  # the terminated old-1 was launched here
    waiting = Instance("i-0123456789abcdef0", "t3.micro", "pending", subnet_id)
    account.instances[waiting.id] = waiting
    # A pending instance (no interface yet) still holds the subnet.
    assert refused(account, lambda: network.delete_subnet(account, subnet_id))[0] == (
        "DependencyViolation"
    )
    del account.instances[waiting.id]
    network.delete_subnet(account, subnet_id)
    sound(account)
    # old-1 keeps its old subnet ID; describe-instances shows it outside any subnet, as before.
    assert old.subnet_id == subnet_id
    [described] = instances.describe_instances(account, [old.id])[0].instances
    assert (described.state, described.subnet_id, described.vpc_id) == ("terminated", "", "")


def test_a_terminated_instances_subnet_goes_when_its_interfaces_have_gone(
    account: Account,
) -> None:
    # app-1 is backend's only user: terminated, its primary interface (delete on termination)
    # goes, and then so can the subnet.
    instances.terminate_instances(account, [NAMES["app-1"]])
    network.delete_subnet(account, NAMES["backend"])
    sound(account)


# --- CreateSecurityGroup -----------------------------------------------------------------------


def test_create_security_group_in_a_vpc(account: Account) -> None:
    expected = ids.IdGenerator(account.seed, account.counter).new_id("sg", account.id_taken)
    reply = network.create_security_group(account, "db", "Database servers", WORKSHOP)
    assert reply.group_id == expected
    assert (reply.group_name, reply.description, reply.vpc_id, reply.owner_id, reply.tags) == (
        "db",
        "Database servers",
        WORKSHOP,
        account.owner_id,
        (),
    )
    assert network.describe_security_groups(account)[-1] == reply
    sound(account)


def test_without_a_vpc_a_group_goes_to_the_default_vpc(account: Account) -> None:
    assert network.create_security_group(account, "web", "Web, default VPC").vpc_id == DEFAULT_VPC
    sound(account)


def test_the_same_name_may_be_used_in_another_vpc(account: Account) -> None:
    vpc_id = new_vpc(account)
    network.create_security_group(account, "web", "Web servers", vpc_id)
    network.create_security_group(account, "ssh-admin", "SSH", vpc_id)
    sound(account)


@pytest.mark.parametrize("name", ["web", "WEB", "Ssh-Admin", "default", "Default"])
def test_group_names_are_unique_in_a_vpc_ignoring_case(account: Account, name: str) -> None:
    assert refused(
        account, lambda: network.create_security_group(account, name, "again", WORKSHOP)
    ) == (
        "InvalidGroup.Duplicate",
        f"The security group '{name}' already exists for VPC '{WORKSHOP}'",
    )


@pytest.mark.parametrize(
    ("name", "description", "code", "message"),
    [
        ("", "d", "MissingParameter", "The request must contain the parameter GroupName"),
        ("db", "", "MissingParameter", "The request must contain the parameter GroupDescription"),
        ("sg-db", "d", "InvalidParameterValue",
         "Value (sg-db) for parameter GroupName is invalid. Group names may not be in the format "
         "sg-*."),
        ("bäd", "d", "InvalidParameterValue",
         "Value (bäd) for parameter GroupName is invalid. Character sets beyond ASCII are not "
         "supported."),
        ("db", "→ db", "InvalidParameterValue",
         "Value (→ db) for parameter GroupDescription is invalid. Character sets beyond ASCII "
         "are not supported."),
        ("it's", "d", "InvalidParameterValue",
         "Invalid security group name. Valid names are strings less than 256 characters from the "
         "following set:  a-zA-Z0-9. _-:/()#,@[]+=&;{}!$*"),
        ("x" * 256, "d", "InvalidParameterValue",
         "Invalid security group name. Valid names are strings less than 256 characters from the "
         "following set:  a-zA-Z0-9. _-:/()#,@[]+=&;{}!$*"),
        ("db", "tab\there", "InvalidParameterValue",
         "Invalid security group description. Valid descriptions are strings less than 256 "
         "characters from the following set:  a-zA-Z0-9. _-:/()#,@[]+=&;{}!$*"),
        ("db", "d" * 256, "InvalidParameterValue",
         "Invalid security group description. Valid descriptions are strings less than 256 "
         "characters from the following set:  a-zA-Z0-9. _-:/()#,@[]+=&;{}!$*"),
    ],
)  # fmt: skip
def test_create_security_group_checks_name_and_description(
    account: Account, name: str, description: str, code: str, message: str
) -> None:
    assert refused(
        account, lambda: network.create_security_group(account, name, description, WORKSHOP)
    ) == (code, message)


def test_names_and_descriptions_of_255_characters_of_ec2s_set_are_taken(account: Account) -> None:
    text = ("a-zA-Z0-9. _-:/()#,@[]+=&;{}!$*" * 9)[:255]
    network.create_security_group(account, "SG-" + text[3:], text, WORKSHOP)
    sound(account)


def test_create_security_group_checks_in_ec2s_order(account: Account) -> None:
    steps = [
        ("sg-x", "", "vpc-xyz", "InvalidVpcID.Malformed"),
        ("sg-x", "", "vpc-1a2b3c4d", "InvalidParameterValue"),
        ("db", "", "vpc-1a2b3c4d", "MissingParameter"),
        ("web", "again", "vpc-1a2b3c4d", "InvalidVpcID.NotFound"),
        ("web", "again", WORKSHOP, "InvalidGroup.Duplicate"),
    ]
    for name, description, vpc_id, code in steps:
        assert (
            refused(
                account,
                lambda n=name, d=description, v=vpc_id: network.create_security_group(
                    account, n, d, v
                ),
            )[0]
            == code
        )


def test_the_region_holds_at_most_2500_groups(
    account: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(network, "SECURITY_GROUPS_PER_REGION", len(account.security_groups))
    assert refused(account, lambda: network.create_security_group(account, "db", "d")) == (
        "SecurityGroupLimitExceeded",
        "The maximum number of security groups has been reached.",
    )


# --- DeleteSecurityGroup -----------------------------------------------------------------------


def test_delete_security_group_by_id_and_by_name_in_the_default_vpc(account: Account) -> None:
    lab = network.create_security_group(account, "lab", "Lab", WORKSHOP).group_id
    old = network.create_security_group(account, "old", "Old").group_id
    network.delete_security_group(account, group_id=lab)
    network.delete_security_group(account, group_name="old")
    assert lab not in account.security_groups and old not in account.security_groups
    # An unused group of the default account goes too.
    network.delete_security_group(account, group_id=NAMES["workshop/ssh-admin"])
    sound(account)


def test_a_name_is_looked_up_in_the_default_vpc_only(account: Account) -> None:
    assert refused(account, lambda: network.delete_security_group(account, group_name="web")) == (
        "InvalidGroup.NotFound",
        f"The security group 'web' does not exist in default VPC '{DEFAULT_VPC}'",
    )


@pytest.mark.parametrize(
    ("group_id", "code", "message"),
    [
        ("sg-xyz", "InvalidGroupId.Malformed", 'Invalid id: "sg-xyz" (expecting "sg-...")'),
        ("sg-", "InvalidGroupId.Malformed", 'Invalid id: "sg-" (expecting "sg-...")'),
        ("sg-1a2b3c4d", "InvalidGroup.NotFound", "The security group 'sg-1a2b3c4d' does not exist"),
    ],
)
def test_delete_security_group_refuses_a_bad_or_unknown_id(
    account: Account, group_id: str, code: str, message: str
) -> None:
    assert refused(account, lambda: network.delete_security_group(account, group_id=group_id)) == (
        code,
        message,
    )


def test_a_default_group_cannot_be_deleted_by_itself(account: Account) -> None:
    for group_id in (NAMES["workshop/default"], NAMES["default/default"]):
        assert refused(
            account, lambda g=group_id: network.delete_security_group(account, group_id=g)
        ) == (
            "CannotDelete",
            f'the specified group: "{group_id}" name: "default" cannot be deleted by a user',
        )
    assert refused(account, lambda: network.delete_security_group(account, group_name="default"))[
        1
    ].startswith(f'the specified group: "{NAMES["default/default"]}"')


def test_a_group_an_interface_uses_cannot_be_deleted(account: Account) -> None:
    web = NAMES["workshop/web"]
    assert refused(account, lambda: network.delete_security_group(account, group_id=web)) == (
        "DependencyViolation",
        f"resource {web} has a dependent object",
    )
    # Also a group on an available interface that is only one of its groups.
    lab = network.create_security_group(account, "lab", "Lab", WORKSHOP).group_id
    interfaces.create_network_interface(
        account, NAMES["management"], group_ids=[NAMES["workshop/ssh-admin"], lab]
    )
    assert refused(account, lambda: network.delete_security_group(account, group_id=lab))[0] == (
        "DependencyViolation"
    )


def test_delete_security_group_needs_an_id_or_a_name(account: Account) -> None:
    assert refused(account, lambda: network.delete_security_group(account)) == (
        "MissingParameter",
        "The request must contain the parameter GroupId",
    )


# --- a second VPC in use -----------------------------------------------------------------------


def test_a_second_vpcs_interface_attaches_to_web_1_and_everything_goes_again(
    account: Account,
) -> None:
    vpc_id = new_vpc(account)
    subnet_id = network.create_subnet(account, vpc_id, "10.1.1.0/24", "us-east-1a").subnet_id
    group_id = network.create_security_group(account, "lab", "Lab network", vpc_id).group_id
    eni = interfaces.create_network_interface(account, subnet_id, group_ids=[group_id])
    attachment = attachments.attach_network_interface(account, eni.network_interface_id, WEB_1, 1)
    sound(account)
    assert [d.vpc_id for d in network.describe_subnets(account, [subnet_id])] == [vpc_id]

    # Nothing goes while in use; then, in order, everything does.
    for action in (
        lambda: network.delete_security_group(account, group_id=group_id),
        lambda: network.delete_subnet(account, subnet_id),
        lambda: network.delete_vpc(account, vpc_id),
    ):
        assert refused(account, action)[0] == "DependencyViolation"
    attachments.detach_network_interface(account, attachment)
    interfaces.delete_network_interface(account, eni.network_interface_id)
    network.delete_security_group(account, group_id=group_id)
    network.delete_subnet(account, subnet_id)
    network.delete_vpc(account, vpc_id)
    sound(account)
    fresh = build_default_account()
    fresh.counter = account.counter
    assert account == fresh


def test_an_interface_in_another_zone_of_a_second_vpc_is_refused(account: Account) -> None:
    vpc_id = new_vpc(account)
    subnet_id = network.create_subnet(account, vpc_id, "10.1.2.0/24", "us-east-1b").subnet_id
    eni = interfaces.create_network_interface(account, subnet_id)
    # The new VPC's default group was given to it.
    assert [g for g, _ in eni.groups] == [group_of(account, vpc_id, "default")]
    assert refused(
        account,
        lambda: attachments.attach_network_interface(account, eni.network_interface_id, WEB_1, 1),
    )[0] == ("InvalidParameterCombination")

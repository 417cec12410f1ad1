"""The read-only views: `describe-subnets` (ec2dsubnet), `describe-vpcs` (ec2dvpc) and
`describe-group` (ec2dgrp, also `describe-security-groups`) in the legacy layouts. Instances
(ec2din): tests/data/cases/instances/ and tests/cli/test_instance_lifecycle.py.

Expected lines come from the README (the default-account table and the first session's literal
output), from legacy-cli.md §14.1-14.3 (record and header layouts) and from arithmetic on the
subnets: a /N block has 2^(32-N) addresses, five of them reserved, and every private IP an
interface holds is one fewer available. More cases, as data: tests/data/cases/network/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import Run

OWNER = "123456789012"
DEFAULT_VPC = "vpc-3855c7bcf6b1b8cc2"
WORKSHOP_VPC = "vpc-b03a97e3a4324354e"

# (name, id, vpc, cidr, zone, addresses held by the default account's interfaces); the default
# VPC's subnets are default for their zone and map public IPs on launch, the others not.
SUBNETS = [
    ("default-a", "subnet-1ee1230838de3c64f", DEFAULT_VPC, "172.31.0.0/20", "us-east-1a", 0),
    ("default-b", "subnet-70b94fe1f0ce8f8da", DEFAULT_VPC, "172.31.16.0/20", "us-east-1b", 1),
    ("default-c", "subnet-ccceb6af077351f16", DEFAULT_VPC, "172.31.32.0/20", "us-east-1c", 0),
    ("public", "subnet-d3d57647d7c3f13c9", WORKSHOP_VPC, "10.0.1.0/24", "us-east-1a", 2),
    ("management", "subnet-aa9a00acd3a4f485b", WORKSHOP_VPC, "10.0.2.0/24", "us-east-1a", 0),
    ("backend", "subnet-1b9e7e21dbe5446f6", WORKSHOP_VPC, "10.0.3.0/24", "us-east-1a", 1),
    ("tiny", "subnet-7d970a336e055a4f4", WORKSHOP_VPC, "10.0.9.0/28", "us-east-1b", 0),
]

GROUPS = [
    ("sg-05d7d90b7ca3a3bd8", "default", "default VPC security group", DEFAULT_VPC),
    ("sg-21b37444b69d5fe61", "default", "default VPC security group", WORKSHOP_VPC),
    ("sg-ca14ccdaba34ac2c1", "web", "Web servers: HTTP and HTTPS from anywhere", WORKSHOP_VPC),
    ("sg-97f065c67a83556cf", "ssh-admin", "SSH from the management network", WORKSHOP_VPC),
]

# (name, id, cidr, DHCP options, is default)
VPCS = [
    ("default", DEFAULT_VPC, "172.31.0.0/16", "dopt-a76118d47f98349d9", True),
    ("workshop", WORKSHOP_VPC, "10.0.0.0/16", "dopt-fcc33b485da6961aa", False),
]
SUBNET_HEADER = (
    "Entity\tSubnetID\tState\tVpcID\tCIDR Block\tFreeAddressCount\tAvailabilityZone"
    "\tDefaultForAZ\tMapPublicIpOnLaunch"
)
VPC_HEADER = "Entity\tVpcID\tState\tCIDR Block\tDHCPOptionsID\tTenancy\tDefault"
GROUP_HEADER = "GROUP\tId\tOwner\tName\tDescription\tVpcID"


# The README's first session, `ec2eni describe-subnets -H --hide-tags`.
README_SUBNETS = (
    f"{SUBNET_HEADER}\n"
    "SUBNET\tsubnet-1ee1230838de3c64f\tavailable\tvpc-3855c7bcf6b1b8cc2\t"
    "172.31.0.0/20\t4091\tus-east-1a\ttrue\ttrue\n"
    "SUBNET\tsubnet-70b94fe1f0ce8f8da\tavailable\tvpc-3855c7bcf6b1b8cc2\t"
    "172.31.16.0/20\t4090\tus-east-1b\ttrue\ttrue\n"
    "SUBNET\tsubnet-ccceb6af077351f16\tavailable\tvpc-3855c7bcf6b1b8cc2\t"
    "172.31.32.0/20\t4091\tus-east-1c\ttrue\ttrue\n"
    "SUBNET\tsubnet-d3d57647d7c3f13c9\tavailable\tvpc-b03a97e3a4324354e\t"
    "10.0.1.0/24\t249\tus-east-1a\tfalse\tfalse\n"
    "SUBNET\tsubnet-aa9a00acd3a4f485b\tavailable\tvpc-b03a97e3a4324354e\t"
    "10.0.2.0/24\t251\tus-east-1a\tfalse\tfalse\n"
    "SUBNET\tsubnet-1b9e7e21dbe5446f6\tavailable\tvpc-b03a97e3a4324354e\t"
    "10.0.3.0/24\t250\tus-east-1a\tfalse\tfalse\n"
    "SUBNET\tsubnet-7d970a336e055a4f4\tavailable\tvpc-b03a97e3a4324354e\t"
    "10.0.9.0/28\t11\tus-east-1b\tfalse\tfalse\n"
)


def line(*fields: str | int | bool) -> str:
    return "\t".join(str(f).lower() if isinstance(f, bool) else str(f) for f in fields)


def text(lines: list[str]) -> str:
    return "".join(f"{each}\n" for each in lines)


def available(cidr: str, held: int) -> int:
    prefix = int(cidr.split("/")[1])
    return (1 << (32 - prefix)) - 5 - held


def subnet_lines(tags: bool = True, held: dict[str, int] | None = None) -> list[str]:
    out = []
    for name, subnet_id, vpc, cidr, zone, used in SUBNETS:
        count = available(cidr, used + (held or {}).get(name, 0))
        default = vpc == DEFAULT_VPC
        out.append(line("SUBNET", subnet_id, "available", vpc, cidr, count, zone, default, default))
        if tags:
            out.append(line("TAG", "subnet", subnet_id, "Name", name))
    return out


def group_lines(tags: bool = True) -> list[str]:
    out = []
    for gid, name, desc, vpc in GROUPS:
        out.append(line("GROUP", gid, OWNER, name, desc, vpc))
        if tags:
            out.append(line("TAG", "GROUP", gid, "Name", name))
    return out


def vpc_lines(tags: bool = True) -> list[str]:
    out = []
    for name, vpc_id, cidr, dhcp, default in VPCS:
        out.append(line("VPC", vpc_id, "available", cidr, dhcp, "default", default))
        if tags:
            out.append(line("TAG", "vpc", vpc_id, "Name", name))
    return out


def ok(run: Run, *args: str) -> str:
    result = run(*args)
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    return result.stdout


def test_describe_subnets(run: Run) -> None:
    assert ok(run, "describe-subnets") == text(subnet_lines())


def test_describe_subnets_with_headers_matches_the_readme(run: Run) -> None:
    assert text([SUBNET_HEADER, *subnet_lines(tags=False)]) == README_SUBNETS
    assert ok(run, "describe-subnets", "-H", "--hide-tags") == README_SUBNETS


def test_describe_group(run: Run) -> None:
    # No PERMISSION lines: the account stores no rules. TAG lines name the type `GROUP`.
    assert ok(run, "describe-group") == text(group_lines())
    assert ok(run, "describe-group", "--hide-tags") == text(group_lines(tags=False))


def test_describe_security_groups_is_the_same_command(run: Run) -> None:
    for args in ([], ["-H", "web"], ["-F", "vpc-id=" + DEFAULT_VPC, "--hide-tags"]):
        assert ok(run, "describe-security-groups", *args) == ok(run, "describe-group", *args)


def test_describe_vpcs(run: Run) -> None:
    assert ok(run, "describe-vpcs") == text(vpc_lines())
    assert ok(run, "describe-vpcs", "--hide-tags") == text(vpc_lines(tags=False))


@pytest.mark.parametrize(
    ("command", "header"),
    [
        ("describe-subnets", SUBNET_HEADER),
        ("describe-vpcs", VPC_HEADER),
        ("describe-group", GROUP_HEADER),
    ],
)
def test_network_views_print_one_header_as_wide_as_their_records(
    run: Run, command: str, header: str
) -> None:
    plain = ok(run, command).splitlines()
    headed = ok(run, command, "-H").splitlines()
    assert headed == [header, *plain]
    # Unlike the interface records' headers, these keep a first column (`Entity`, `GROUP`).
    assert len(header.split("\t")) == len(plain[0].split("\t"))
    # An empty answer prints no header either.
    assert ok(run, command, "-H", "-F", "tag:Name=nothing") == ""


@pytest.mark.parametrize(
    ("command", "wanted", "expected"),
    [
        ("describe-subnets", ["subnet-7d970a336e055a4f4"], ["tiny"]),
        ("describe-vpcs", [WORKSHOP_VPC], ["workshop"]),
    ],
)
def test_views_take_ids_and_list_them_in_account_order(
    run: Run, command: str, wanted: list[str], expected: list[str] | None
) -> None:
    rows = ok(run, command, *wanted, "--hide-tags").splitlines()
    assert sorted(r.split("\t")[1] for r in rows) == sorted(wanted)
    every = ok(run, command, "--hide-tags").splitlines()
    assert rows == [r for r in every if r.split("\t")[1] in wanted]  # account order
    if expected is not None:
        tagged = ok(run, command, *wanted).splitlines()
        tags = [r.split("\t")[3:] for r in tagged if r.startswith("TAG\t")]
        assert tags == [["Name", name] for name in expected]


def test_describe_group_takes_names_and_eight_digit_ids_only(run: Run) -> None:
    every = ok(run, "describe-group", "--hide-tags").splitlines()
    rows = ok(run, "describe-group", "ssh-admin", "default", "--hide-tags").splitlines()
    # Account order: both groups named `default` (one per VPC), then ssh-admin.
    assert rows == [every[0], every[1], every[3]]
    # Today's 17-digit IDs are group NAMES to ec2dgrp (legacy-cli.md §14.3): select them by filter.
    result = run("describe-group", "sg-97f065c67a83556cf")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "Client.InvalidGroup.NotFound: The security group 'sg-97f065c67a83556cf' does not exist\n"
    )
    by_id = ok(run, "describe-group", "-F", "group-id=sg-97f065c67a83556cf", "--hide-tags")
    assert by_id == f"{every[3]}\n"


@pytest.mark.parametrize(
    ("command", "missing", "message"),
    [
        (
            "describe-instances",
            "i-0000000000000000a",
            "InvalidInstanceID.NotFound: The instance ID 'i-0000000000000000a' does not exist",
        ),
        (
            "describe-subnets",
            "subnet-0000000a",
            "InvalidSubnetID.NotFound: The subnet ID 'subnet-0000000a' does not exist",
        ),
        (
            "describe-security-groups",
            "sg-0000000a",
            "InvalidGroup.NotFound: The security group 'sg-0000000a' does not exist",
        ),
        (
            "describe-group",
            "no-such-group",
            "InvalidGroup.NotFound: The security group 'no-such-group' does not exist",
        ),
        (
            "describe-vpcs",
            "vpc-0000000a",
            "InvalidVpcID.NotFound: The vpc ID 'vpc-0000000a' does not exist",
        ),
        (
            "describe-vpcs",
            "vpc-xyz",
            'InvalidVpcID.Malformed: Invalid id: "vpc-xyz" (expecting "vpc-...")',
        ),
    ],
)
def test_views_refuse_unknown_ids_and_change_nothing(
    run: Run, state_path: Path, command: str, missing: str, message: str
) -> None:
    run("describe-vpcs")
    before = state_path.read_bytes()
    result = run(command, missing)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Client.{message}\n")
    assert state_path.read_bytes() == before


def test_available_ip_count_follows_creates_and_deletes(run: Run) -> None:
    created = ok(run, "create", "subnet-aa9a00acd3a4f485b")
    ok(run, "create", "subnet-d3d57647d7c3f13c9", "--secondary-private-ip-address-count", "3")
    # management: one address; public: a primary and three secondaries.
    assert ok(run, "describe-subnets") == text(subnet_lines(held={"management": 1, "public": 4}))
    ok(run, "delete", created.split("\t")[1])
    assert ok(run, "describe-subnets", "subnet-aa9a00acd3a4f485b", "--hide-tags") == text(
        [line("SUBNET", "subnet-aa9a00acd3a4f485b", "available", WORKSHOP_VPC, "10.0.2.0/24",
              251, "us-east-1a", False, False)]
    )  # fmt: skip


@pytest.mark.parametrize("command", ["describe-subnets", "describe-vpcs", "describe-group"])
def test_verbose_adds_the_request_id_last(run: Run, command: str) -> None:
    plain = ok(run, command, "-H").splitlines()
    verbose = ok(run, command, "-H", "-v").splitlines()
    assert verbose[:-1] == plain
    assert re.fullmatch(r"REQUEST ID\t[0-9a-f-]{36}", verbose[-1])


def test_empty_fields_print_empty_or_nil(run: Run, state_path: Path) -> None:
    run("describe-vpcs")
    state = state_path.read_text()
    # A group without a description, an empty tag value; a VPC with no DHCP options set of its
    # own, which EC2 reports as `default`.
    state = state.replace(
        'description = "SSH from the management network"\ntags = { Name = "ssh-admin" }',
        'description = ""\ntags = { Name = "ssh-admin", empty = "" }',
    )
    state = state.replace('dhcp_options_id = "dopt-fcc33b485da6961aa"', 'dhcp_options_id = ""')
    state_path.write_text(state)
    group = ("GROUP", "sg-97f065c67a83556cf", OWNER, "ssh-admin")
    tag = ("TAG", "GROUP", "sg-97f065c67a83556cf")
    assert ok(run, "describe-group", "ssh-admin") == text(
        [line(*group, "", WORKSHOP_VPC), line(*tag, "Name", "ssh-admin"), line(*tag, "empty", "")]
    )
    assert ok(run, "describe-group", "ssh-admin", "--show-empty-fields") == text(
        [
            line(*group, "(nil)", WORKSHOP_VPC),
            line(*tag, "Name", "ssh-admin"),
            line(*tag, "empty", "(nil)"),
        ]
    )
    assert ok(run, "describe-vpcs", WORKSHOP_VPC, "--hide-tags", "--show-empty-fields") == text(
        [line("VPC", WORKSHOP_VPC, "available", "10.0.0.0/16", "default", "default", False)]
    )

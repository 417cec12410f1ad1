"""The read-only views: `describe-instances`, `-subnets`, `-security-groups`, `-vpcs`.

Expected lines come from the README (the layouts in "The commands", the default-account table and
the first session's literal output) and from arithmetic on the subnets: a /N block has 2^(32-N)
addresses, five of them reserved, and every private IP an interface holds is one fewer available.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Run

OWNER = "123456789012"
DEFAULT_VPC = "vpc-3855c7bcf6b1b8cc2"
WORKSHOP_VPC = "vpc-b03a97e3a4324354e"

# (name, id, type, state, zone, vpc, subnet, primary IP) per README "The account state".
INSTANCES = [
    ("web-1", "i-cf9ace0ed00a6c9e3", "t3.micro", "running", "us-east-1a", WORKSHOP_VPC,
     "subnet-d3d57647d7c3f13c9", "10.0.1.4"),
    ("standby-1", "i-a6e1bfcefbcba1d6b", "t3.micro", "running", "us-east-1a", WORKSHOP_VPC,
     "subnet-d3d57647d7c3f13c9", "10.0.1.5"),
    ("app-1", "i-0396021bfcce11279", "m5.large", "running", "us-east-1a", WORKSHOP_VPC,
     "subnet-1b9e7e21dbe5446f6", "10.0.3.4"),
    ("db-1", "i-5873466a36ed8b69a", "r5.large", "stopped", "us-east-1b", DEFAULT_VPC,
     "subnet-70b94fe1f0ce8f8da", "172.31.16.4"),
    # Terminated: it has left its VPC and subnet and holds no address (README first session).
    ("old-1", "i-2202441d1a2d6612d", "t2.micro", "terminated", "us-east-1a", "", "", ""),
]  # fmt: skip

# (name, id, vpc, cidr, zone, addresses held by the default account's interfaces)
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

VPCS = [("default", DEFAULT_VPC, "172.31.0.0/16"), ("workshop", WORKSHOP_VPC, "10.0.0.0/16")]


# Literal output from the README, "A first session".
README_INSTANCES = (
    "INSTANCE\ti-cf9ace0ed00a6c9e3\tt3.micro\trunning\tus-east-1a\t"
    "vpc-b03a97e3a4324354e\tsubnet-d3d57647d7c3f13c9\t10.0.1.4\n"
    "INSTANCE\ti-a6e1bfcefbcba1d6b\tt3.micro\trunning\tus-east-1a\t"
    "vpc-b03a97e3a4324354e\tsubnet-d3d57647d7c3f13c9\t10.0.1.5\n"
    "INSTANCE\ti-0396021bfcce11279\tm5.large\trunning\tus-east-1a\t"
    "vpc-b03a97e3a4324354e\tsubnet-1b9e7e21dbe5446f6\t10.0.3.4\n"
    "INSTANCE\ti-5873466a36ed8b69a\tr5.large\tstopped\tus-east-1b\t"
    "vpc-3855c7bcf6b1b8cc2\tsubnet-70b94fe1f0ce8f8da\t172.31.16.4\n"
    "INSTANCE\ti-2202441d1a2d6612d\tt2.micro\tterminated\tus-east-1a\t"
    "\t\t\n"
)
README_SUBNETS = (
    "SubnetID\tState\tVpcID\tCidrBlock\t"
    "AvailableIpAddressCount\tAvailabilityZone\n"
    "SUBNET\tsubnet-1ee1230838de3c64f\tavailable\tvpc-3855c7bcf6b1b8cc2\t"
    "172.31.0.0/20\t4091\tus-east-1a\n"
    "SUBNET\tsubnet-70b94fe1f0ce8f8da\tavailable\tvpc-3855c7bcf6b1b8cc2\t"
    "172.31.16.0/20\t4090\tus-east-1b\n"
    "SUBNET\tsubnet-ccceb6af077351f16\tavailable\tvpc-3855c7bcf6b1b8cc2\t"
    "172.31.32.0/20\t4091\tus-east-1c\n"
    "SUBNET\tsubnet-d3d57647d7c3f13c9\tavailable\tvpc-b03a97e3a4324354e\t"
    "10.0.1.0/24\t249\tus-east-1a\n"
    "SUBNET\tsubnet-aa9a00acd3a4f485b\tavailable\tvpc-b03a97e3a4324354e\t"
    "10.0.2.0/24\t251\tus-east-1a\n"
    "SUBNET\tsubnet-1b9e7e21dbe5446f6\tavailable\tvpc-b03a97e3a4324354e\t"
    "10.0.3.0/24\t250\tus-east-1a\n"
    "SUBNET\tsubnet-7d970a336e055a4f4\tavailable\tvpc-b03a97e3a4324354e\t"
    "10.0.9.0/28\t11\tus-east-1b\n"
)


def line(*fields: str | int) -> str:
    return "\t".join(str(f) for f in fields)


def text(lines: list[str]) -> str:
    return "".join(f"{each}\n" for each in lines)


def available(cidr: str, held: int) -> int:
    prefix = int(cidr.split("/")[1])
    return (1 << (32 - prefix)) - 5 - held


def instance_lines(tags: bool = True) -> list[str]:
    out = []
    for name, *fields in INSTANCES:
        out.append(line("INSTANCE", *fields))
        if tags:
            out.append(line("TAG", "instance", fields[0], "Name", name))
    return out


def subnet_lines(tags: bool = True, held: dict[str, int] | None = None) -> list[str]:
    out = []
    for name, subnet_id, vpc, cidr, zone, used in SUBNETS:
        count = available(cidr, used + (held or {}).get(name, 0))
        out.append(line("SUBNET", subnet_id, "available", vpc, cidr, count, zone))
        if tags:
            out.append(line("TAG", "subnet", subnet_id, "Name", name))
    return out


def group_lines() -> list[str]:
    return [line("GROUP", gid, OWNER, name, desc, vpc) for gid, name, desc, vpc in GROUPS]


def vpc_lines(tags: bool = True) -> list[str]:
    out = []
    for name, vpc_id, cidr in VPCS:
        out.append(line("VPC", vpc_id, "available", cidr))
        if tags:
            out.append(line("TAG", "vpc", vpc_id, "Name", name))
    return out


def ok(run: Run, *args: str) -> str:
    result = run(*args)
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    return result.stdout


def test_describe_instances(run: Run) -> None:
    assert ok(run, "describe-instances") == text(instance_lines())


def test_describe_instances_hide_tags_matches_the_readme(run: Run) -> None:
    assert text(instance_lines(tags=False)) == README_INSTANCES
    assert ok(run, "describe-instances", "--hide-tags") == README_INSTANCES


def test_describe_instances_shows_nil_for_the_terminated_instance(run: Run) -> None:
    rows = ok(run, "describe-instances", "--show-empty-fields", "i-2202441d1a2d6612d").splitlines()
    assert rows == [
        "INSTANCE\ti-2202441d1a2d6612d\tt2.micro\tterminated\tus-east-1a\t(nil)\t(nil)\t(nil)",
        "TAG\tinstance\ti-2202441d1a2d6612d\tName\told-1",
    ]


def test_describe_subnets(run: Run) -> None:
    assert ok(run, "describe-subnets") == text(subnet_lines())


def test_describe_subnets_with_headers_matches_the_readme(run: Run) -> None:
    header = "SubnetID\tState\tVpcID\tCidrBlock\tAvailableIpAddressCount\tAvailabilityZone"
    assert text([header, *subnet_lines(tags=False)]) == README_SUBNETS
    assert ok(run, "describe-subnets", "-H", "--hide-tags") == README_SUBNETS


def test_describe_security_groups(run: Run) -> None:
    # Groups print no TAG lines (README: `GROUP id owner-id name description vpc-id`).
    assert ok(run, "describe-security-groups") == text(group_lines())


def test_describe_vpcs(run: Run) -> None:
    assert ok(run, "describe-vpcs") == text(vpc_lines())
    assert ok(run, "describe-vpcs", "--hide-tags") == text(vpc_lines(tags=False))


@pytest.mark.parametrize(
    ("command", "first_column", "columns"),
    [
        ("describe-instances", "InstanceID", 7),
        ("describe-subnets", "SubnetID", 6),
        ("describe-security-groups", "GroupID", 5),
        ("describe-vpcs", "VpcID", 3),
    ],
)
def test_views_print_one_left_shifted_header(
    run: Run, command: str, first_column: str, columns: int
) -> None:
    plain = ok(run, command).splitlines()
    headed = ok(run, command, "-H").splitlines()
    assert headed[1:] == plain
    header = headed[0].split("\t")
    # No record-type column: one column fewer than the records, the ID's column first.
    assert len(header) == columns == len(plain[0].split("\t")) - 1
    assert header[0] == first_column
    assert all("\t" in row and row.split("\t")[0].isupper() for row in headed[1:])


@pytest.mark.parametrize(
    ("command", "wanted", "expected"),
    [
        ("describe-instances", ["i-5873466a36ed8b69a", "i-cf9ace0ed00a6c9e3"], ["web-1", "db-1"]),
        ("describe-subnets", ["subnet-7d970a336e055a4f4"], ["tiny"]),
        ("describe-security-groups", ["sg-97f065c67a83556cf", "sg-05d7d90b7ca3a3bd8"], None),
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
              251, "us-east-1a")]
    )  # fmt: skip


def test_describe_instances_primary_ip_ignores_secondary_interfaces(run: Run) -> None:
    eni = ok(run, "create", "subnet-aa9a00acd3a4f485b").split("\t")[1]
    ok(run, "attach", eni, "-i", "i-cf9ace0ed00a6c9e3", "-d", "1")
    assert ok(run, "describe-instances", "i-cf9ace0ed00a6c9e3", "--hide-tags") == text(
        [instance_lines(tags=False)[0]]
    )

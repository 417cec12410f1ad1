"""`ec2eni topology`: the account drawn as trees, pinned as plain text (not a terminal: no colour,
a fixed width of 100 columns), narrowed by --vpc and --instance, after changes made with the
`ec2eni` commands, and written as an SVG."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from ec2eni.engine.default_account import build_default_account
from ec2eni.engine.errors import EC2Error
from ec2eni.engine.topology import describe_topology
from ec2eni.render import topology as draw
from tests.conftest import Run, names_of

NAMES = names_of(build_default_account())
WORKSHOP = NAMES["workshop"]
WEB_1 = NAMES["web-1"]
DB_1 = NAMES["db-1"]
ACCOUNTS = Path(__file__).resolve().parent.parent / "data" / "accounts"
ANSI = re.compile(r"\x1b\[")


@pytest.fixture(autouse=True)
def plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever the shell running the tests says about colour and terminals."""
    for name in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "TERM"):
        monkeypatch.delenv(name, raising=False)


def ok(run: Run, *args: str) -> str:
    result = run(*args)
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    return result.stdout


DEFAULT = """\
VPCs
vpc-3855c7bcf6b1b8cc2  default  172.31.0.0/16  default VPC
├── subnet-1ee1230838de3c64f  default-a  172.31.0.0/20  us-east-1a  4091 free
├── subnet-70b94fe1f0ce8f8da  default-b  172.31.16.0/20  us-east-1b  4090 free
│   └── eni-b2e66f99499073f01  db-1-eth0
│       primary 172.31.16.4
│       MAC 0e:b0:5c:a9:38:00  groups default
│       └── eth0  i-5873466a36ed8b69a  db-1  stopped  r5.large
└── subnet-ccceb6af077351f16  default-c  172.31.32.0/20  us-east-1c  4091 free
vpc-b03a97e3a4324354e  workshop  10.0.0.0/16
├── subnet-d3d57647d7c3f13c9  public  10.0.1.0/24  us-east-1a  249 free
│   ├── eni-1706a5992fc9609ea  web-1-eth0
│   │   primary 10.0.1.4
│   │   MAC 06:e3:bf:06:33:47  groups web
│   │   └── eth0  i-cf9ace0ed00a6c9e3  web-1  running  t3.micro
│   └── eni-4cf45537dbbb9b892  standby-1-eth0
│       primary 10.0.1.5
│       MAC 06:a1:6c:98:56:88  groups web
│       └── eth0  i-a6e1bfcefbcba1d6b  standby-1  running  t3.micro
├── subnet-aa9a00acd3a4f485b  management  10.0.2.0/24  us-east-1a  251 free
├── subnet-1b9e7e21dbe5446f6  backend  10.0.3.0/24  us-east-1a  250 free
│   └── eni-34e052102d385956a  app-1-eth0
│       primary 10.0.3.4
│       MAC 0e:92:08:a0:54:65  groups default
│       └── eth0  i-0396021bfcce11279  app-1  running  m5.large
└── subnet-7d970a336e055a4f4  tiny  10.0.9.0/28  us-east-1b  11 free

Instances
i-cf9ace0ed00a6c9e3  web-1  running  t3.micro
└── eth0  eni-1706a5992fc9609ea  web-1-eth0
    in public (subnet-d3d57647d7c3f13c9), VPC workshop
    primary 10.0.1.4
i-a6e1bfcefbcba1d6b  standby-1  running  t3.micro
└── eth0  eni-4cf45537dbbb9b892  standby-1-eth0
    in public (subnet-d3d57647d7c3f13c9), VPC workshop
    primary 10.0.1.5
i-0396021bfcce11279  app-1  running  m5.large
└── eth0  eni-34e052102d385956a  app-1-eth0
    in backend (subnet-1b9e7e21dbe5446f6), VPC workshop
    primary 10.0.3.4
i-5873466a36ed8b69a  db-1  stopped  r5.large
└── eth0  eni-b2e66f99499073f01  db-1-eth0
    in default-b (subnet-70b94fe1f0ce8f8da), VPC default
    primary 172.31.16.4
i-2202441d1a2d6612d  old-1  terminated  t2.micro
"""


def test_the_default_account(run: Run) -> None:
    out = ok(run, "topology")
    assert out == DEFAULT
    # Every resource of the account is in the picture, and every line fits 80 columns.
    account = build_default_account()
    for table in (account.vpcs, account.subnets, account.network_interfaces, account.instances):
        for resource_id in table:
            assert resource_id in out
    assert (len(account.vpcs), len(account.subnets)) == (2, 7)
    assert (len(account.network_interfaces), len(account.instances)) == (4, 5)
    assert max(len(line) for line in out.splitlines()) <= 80


WORKSHOP_VPC = DEFAULT[DEFAULT.index("vpc-b03a97e3a4324354e") : DEFAULT.index("\n\nInstances")]
# Instance lines start at column 0 (in the VPCs tree an instance follows its ethN).
WORKSHOP_INSTANCES = DEFAULT[
    DEFAULT.index("\ni-cf9ace0ed00a6c9e3") + 1 : DEFAULT.index("\ni-5873466a36ed8b69a") + 1
]


def test_one_vpc(run: Run) -> None:
    # The default VPC and db-1 (in it) are left out, and so is the terminated old-1: it has left
    # its VPC.
    out = ok(run, "topology", "--vpc", WORKSHOP)
    assert out == f"VPCs\n{WORKSHOP_VPC}\n\nInstances\n{WORKSHOP_INSTANCES}"


def test_one_instance(run: Run) -> None:
    # The VPCs tree keeps only the subnets the instance's interfaces are in.
    assert ok(run, "topology", "--instance", DB_1) == (
        "VPCs\n"
        "vpc-3855c7bcf6b1b8cc2  default  172.31.0.0/16  default VPC\n"
        "└── subnet-70b94fe1f0ce8f8da  default-b  172.31.16.0/20  us-east-1b  4090 free\n"
        "    └── eni-b2e66f99499073f01  db-1-eth0\n"
        "        primary 172.31.16.4\n"
        "        MAC 0e:b0:5c:a9:38:00  groups default\n"
        "        └── eth0  i-5873466a36ed8b69a  db-1  stopped  r5.large\n"
        "\n"
        "Instances\n"
        "i-5873466a36ed8b69a  db-1  stopped  r5.large\n"
        "└── eth0  eni-b2e66f99499073f01  db-1-eth0\n"
        "    in default-b (subnet-70b94fe1f0ce8f8da), VPC default\n"
        "    primary 172.31.16.4\n"
    )


def test_a_terminated_instance_has_no_interfaces(run: Run) -> None:
    out = ok(run, "topology", "--instance", NAMES["old-1"])
    assert out == "VPCs\nnone\n\nInstances\ni-2202441d1a2d6612d  old-1  terminated  t2.micro\n"


def test_several_instances_and_a_vpc_together(run: Run) -> None:
    # Both named instances are shown; in the VPCs tree, only their interfaces in the named VPC.
    out = ok(run, "topology", "--vpc", WORKSHOP, "--instance", DB_1, "--instance", WEB_1)
    vpcs, instances = out.split("\n\n")
    assert vpcs == (
        "VPCs\n"
        "vpc-b03a97e3a4324354e  workshop  10.0.0.0/16\n"
        "└── subnet-d3d57647d7c3f13c9  public  10.0.1.0/24  us-east-1a  249 free\n"
        "    └── eni-1706a5992fc9609ea  web-1-eth0\n"
        "        primary 10.0.1.4\n"
        "        MAC 06:e3:bf:06:33:47  groups web\n"
        "        └── eth0  i-cf9ace0ed00a6c9e3  web-1  running  t3.micro"
    )
    assert [line for line in instances.splitlines() if line.startswith("i-")] == [
        "i-cf9ace0ed00a6c9e3  web-1  running  t3.micro",
        "i-5873466a36ed8b69a  db-1  stopped  r5.large",
    ]


def test_after_an_attach_a_secondary_ip_and_an_elastic_ip(run: Run) -> None:
    created = ok(run, "create", NAMES["management"], "-g", NAMES["workshop/ssh-admin"])
    record = created.splitlines()[0].split("\t")
    eni, mac = record[1], record[10]
    ok(run, "attach", eni, "-i", WEB_1, "-d", "1")
    ok(run, "modify-attribute", eni, "--source-dest-check", "false")
    eth0 = NAMES["web-1-eth0"]
    ok(
        run,
        "assign-private-ip-addresses",
        "-n",
        eth0,
        "--secondary-private-ip-address",
        "10.0.1.20",
    )
    allocation = ok(run, "allocate-address", "-d", "vpc").split("\t")
    public_ip, allocation_id = allocation[1], allocation[4]
    ok(run, "associate-address", "-a", allocation_id, "-n", eth0, "-p", "10.0.1.20")
    out = ok(run, "topology", "--instance", WEB_1)
    assert out == (
        "VPCs\n"
        "vpc-b03a97e3a4324354e  workshop  10.0.0.0/16\n"
        "├── subnet-d3d57647d7c3f13c9  public  10.0.1.0/24  us-east-1a  248 free\n"
        "│   └── eni-1706a5992fc9609ea  web-1-eth0\n"
        "│       primary 10.0.1.4\n"
        f"│       secondary 10.0.1.20  Elastic IP {public_ip}\n"
        "│       MAC 06:e3:bf:06:33:47  groups web\n"
        "│       └── eth0  i-cf9ace0ed00a6c9e3  web-1  running  t3.micro\n"
        "└── subnet-aa9a00acd3a4f485b  management  10.0.2.0/24  us-east-1a  250 free\n"
        f"    └── {eni}\n"
        "        primary 10.0.2.4\n"
        f"        MAC {mac}  groups ssh-admin  source/dest check off\n"
        "        └── eth1  i-cf9ace0ed00a6c9e3  web-1  running  t3.micro\n"
        "\n"
        "Instances\n"
        "i-cf9ace0ed00a6c9e3  web-1  running  t3.micro\n"
        "├── eth0  eni-1706a5992fc9609ea  web-1-eth0\n"
        "│   in public (subnet-d3d57647d7c3f13c9), VPC workshop\n"
        "│   primary 10.0.1.4\n"
        f"│   secondary 10.0.1.20  Elastic IP {public_ip}\n"
        f"└── eth1  {eni}\n"
        "    in management (subnet-aa9a00acd3a4f485b), VPC workshop\n"
        "    primary 10.0.2.4\n"
    )


def test_an_unattached_interface(run: Run) -> None:
    eni = ok(run, "create", NAMES["backend"]).split("\t")[1]
    ok(run, "create-tags", eni, "--tag", "Name=spare")
    out = ok(run, "topology", "--vpc", WORKSHOP)
    vpcs, instances = out.split("\n\n")
    assert f"│   └── {eni}  spare  available\n│       primary 10.0.3.5\n" in vpcs
    # An interface that no instance holds is in its subnet only, with no ethN under it.
    assert eni not in instances
    block = vpcs[vpcs.index(eni) :].split("\n└── ", 1)[0]
    assert "eth" not in block


def test_an_instance_with_interfaces_in_two_vpcs(run: Run) -> None:
    vpc = ok(run, "create-vpc", "10.1.0.0/16").split("\t")[1]
    subnet = ok(run, "create-subnet", "-c", vpc, "-i", "10.1.1.0/24", "-z", "us-east-1a")
    subnet_id = subnet.split("\t")[1]
    group = ok(run, "create-group", "lab", "-d", "Lab network", "-c", vpc).split("\t")[1]
    eni = ok(run, "create", subnet_id, "-g", group).split("\t")[1]
    ok(run, "attach", eni, "-i", WEB_1, "-d", "1")

    out = ok(run, "topology", "--vpc", vpc)
    vpcs, instances = out.split("\n\n")
    assert vpcs.startswith(f"VPCs\n{vpc}  10.1.0.0/16\n└── {subnet_id}  10.1.1.0/24  us-east-1a")
    assert f"        └── eth1  {WEB_1}  web-1  running  t3.micro" in vpcs
    # Under the instance, all its interfaces, wherever they are: the VPC without a Name tag is
    # named by its ID.
    assert instances == (
        "Instances\n"
        "i-cf9ace0ed00a6c9e3  web-1  running  t3.micro\n"
        "├── eth0  eni-1706a5992fc9609ea  web-1-eth0\n"
        "│   in public (subnet-d3d57647d7c3f13c9), VPC workshop\n"
        "│   primary 10.0.1.4\n"
        f"└── eth1  {eni}\n"
        f"    in {subnet_id}, VPC {vpc}\n"
        "    primary 10.1.1.4\n"
    )


def test_a_requester_managed_interface(run: Run, state_path: Path) -> None:
    shutil.copy(ACCOUNTS / "elb-interface.toml", state_path)
    out = ok(run, "topology", "--vpc", WORKSHOP)
    # Attached by the service (no instance): its requester, and no ethN under it.
    assert (
        "│   └── eni-0123456789abcdef0  elb-eni  requester amazon-elb\n"
        "│       primary 10.0.1.20  Elastic IP 198.51.100.7\n"
        "│       secondary 10.0.1.21  Elastic IP 203.0.113.12\n"
        "│       secondary 10.0.1.22\n"
        "│       MAC 02:00:00:00:00:01  groups web, ssh-admin  source/dest check off\n"
        "├── subnet-aa9a00acd3a4f485b  management"
    ) in out
    assert "eni-0123456789abcdef0" not in out.split("\n\nInstances\n")[1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--vpc", "vpc-1"), "Client.InvalidVpcID.NotFound: The vpc ID 'vpc-1' does not exist"),
        (
            ("--instance", "i-1", "--instance", "i-2"),
            "Client.InvalidInstanceID.NotFound: The instance IDs 'i-1, i-2' do not exist",
        ),
        (
            ("--vpc", "vpc-1", "--instance", "web-1"),
            'Client.InvalidInstanceID.Malformed: Invalid id: "web-1" (expecting "i-...")',
        ),
    ],
)
def test_unknown_or_malformed_ids(run: Run, args: tuple[str, ...], message: str) -> None:
    result = run("topology", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", message + "\n")


def test_no_colour_when_not_a_terminal_or_told_so(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not ANSI.search(ok(run, "topology"))
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert ANSI.search(ok(run, "topology"))
    # A terminal, but NO_COLOR (no bold or dim either), or a dumb one.
    monkeypatch.setenv("NO_COLOR", "1")
    assert ok(run, "topology") == DEFAULT
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    assert not ANSI.search(ok(run, "topology"))


def test_colour_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")  # a terminal's width; rich reads it
    picture = describe_topology(build_default_account())
    coloured = draw.draw(picture, io.StringIO(), force_terminal=True)
    assert ANSI.search(coloured)
    # The same picture, with colour.
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == DEFAULT


def test_an_svg_for_slides(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "account.svg"
    result = run("topology", "--instance", WEB_1, "--svg", str(target))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    root = ElementTree.fromstring(target.read_text(encoding="utf-8"))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    text = "".join(root.itertext()).replace("\xa0", " ")
    assert "eni-1706a5992fc9609ea" in text and WEB_1 in text
    assert "eni-b2e66f99499073f01" not in text  # db-1's, narrowed away


def test_an_svg_of_the_whole_account_names_every_interface(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "account.svg"
    ok(run, "topology", "--svg", str(target))
    text = "".join(ElementTree.parse(target).getroot().itertext()).replace("\xa0", " ")
    for eni in build_default_account().network_interfaces:
        assert eni in text


def test_an_svg_that_cannot_be_written(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "account.svg"
    result = run("topology", "--svg", str(target))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == f"ec2eni topology: cannot write {target}: No such file or directory\n"


def test_the_legacy_commands_never_import_rich() -> None:
    # The state file is this test's own ($EC2ENI_STATE, set by the conftest fixture).
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "ec2eni", "describe"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.startswith("NETWORKINTERFACE\t")
    assert not re.search(r"\brich\b", done.stderr)


def test_the_engine_gives_plain_nested_data() -> None:
    account = build_default_account()
    picture = describe_topology(account)
    assert [v.name for v in picture.vpcs] == ["default", "workshop"]
    assert sum(len(v.subnets) for v in picture.vpcs) == 7
    in_subnets = [i for v in picture.vpcs for s in v.subnets for i in s.interfaces]
    under_instances = [i for n in picture.instances for i in n.interfaces]
    # Each interface twice, the same node in both trees.
    assert sorted(i.interface.network_interface_id for i in in_subnets) == sorted(
        account.network_interfaces
    )
    assert sorted(in_subnets, key=repr) == sorted(under_instances, key=repr)
    old = next(n for n in picture.instances if n.name == "old-1")
    assert (old.instance.state, old.interfaces) == ("terminated", ())
    # Syntax of every ID first, then existence.
    with pytest.raises(EC2Error) as raised:
        describe_topology(account, ["vpc-1"], ["web-1"])
    assert raised.value.code == "InvalidInstanceID.Malformed"

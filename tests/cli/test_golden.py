"""Golden legacy output: what a data case cannot say.

The golden output itself, byte for byte, lives in `tests/data/cases/` (one command line and its
exact stdout, stderr and exit per file, run by `tests/cli/test_cases.py`, which also checks that
every refused command leaves the state file as it was). Those bytes are literal. This module
keeps the two checks that are not a command line and its output:

- The output follows the record layouts of legacy-cli.md (sections 2 to 9) field by field, built
  here from the account's records, never copied from the program's output: `records()` below is
  the reference's `ec2dnic` layout written out once.
- What a command prints is what it stored: the interface create printed, the attachment ID attach
  printed, an interface delete removed, as read back from the state file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import Result

from ec2eni.engine.model import Account
from ec2eni.store.state_file import Store
from tests.conftest import Run

NIL = "(nil)"
INTERFACE_HEADER = (
    "NetworkInterfaceID\tDescription\tSubnetID\tVpcID\tAvailabilityZone\tOwnerID\tRequesterID"
    "\tRequesterManaged\tStatus\tMacAddress\tPrivateIpAddress\tPrivateDnsName\tSourceDestCheck"
)


def line(*fields: str) -> str:
    return "\t".join(fields)


def text(*lines: str) -> str:
    return "".join(f"{each}\n" for each in lines)


def dns(ip: str) -> str:
    """The us-east-1 private DNS name of an address (legacy-cli.md §2 example)."""
    return f"ip-{ip.replace('.', '-')}.ec2.internal"


def flag(value: bool) -> str:
    return "true" if value else "false"


def records(account: Account, eni_id: str, *, nil: bool = False, tags: bool = True) -> list[str]:
    """The `ec2dnic` records of one interface of `account`, per legacy-cli.md §2 (an interface
    without Elastic IPs)."""
    eni = account.network_interfaces[eni_id]
    subnet = account.subnets[eni.subnet_id]

    def e(value: str) -> str:
        return value if value or not nil else NIL

    out = [
        line(
            "NETWORKINTERFACE",
            eni.id,
            e(eni.description),
            subnet.id,
            subnet.vpc_id,
            subnet.availability_zone,
            account.owner_id,
            e(eni.requester_id),
            flag(eni.requester_managed),
            "in-use" if eni.attachment else "available",
            eni.mac_address,
            eni.private_ip_address,
            dns(eni.private_ip_address),
            flag(eni.source_dest_check),
        )
    ]
    out += [line("GROUP", g, account.security_groups[g].name) for g in eni.group_ids]
    if eni.attachment is not None:
        a = eni.attachment
        out.append(
            line("ATTACHMENT", a.instance_id, a.id, "attached", flag(a.delete_on_termination))
        )
    out += [line("PRIVATEIPADDRESS", ip, dns(ip)) for ip in eni.private_ip_addresses]
    if tags:
        out += [
            line("TAG", "network-interface", eni.id, key, e(value))
            for key, value in eni.tags.items()
        ]
    return out


def stored(state_path: Path) -> Account:
    return Store(state_path).load()


def created_id(result_stdout: str) -> str:
    first = result_stdout.splitlines()[0]
    assert first.startswith("NETWORKINTERFACE\t"), result_stdout
    return first.split("\t")[1]


def ok(result: Result) -> None:
    """Exit 0 and nothing on stderr."""
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr


@pytest.mark.parametrize(
    ("args", "header", "nil", "tags"),
    [
        ([], [], False, True),
        (["-H"], [INTERFACE_HEADER], False, True),
        (["--show-empty-fields"], [], True, True),
        (["--hide-tags"], [], False, False),
    ],
    ids=["plain", "headers", "show-empty-fields", "hide-tags"],
)
def test_describe_follows_the_legacy_layout_for_every_interface(
    run: Run,
    account: Account,
    args: list[str],
    header: list[str],
    nil: bool,
    tags: bool,
) -> None:
    # Two attached in `public`, one in `backend`, one of a stopped instance in the default VPC.
    assert len(account.network_interfaces) == 4
    result = run("describe", *args)
    ok(result)
    assert result.stdout == text(
        *header,
        *[
            r
            for eni_id in account.network_interfaces
            for r in records(account, eni_id, nil=nil, tags=tags)
        ],
    )


def test_create_prints_the_interface_it_stored(
    run: Run, ids: dict[str, str], state_path: Path
) -> None:
    result = run("create", ids["management"], "-H", "--show-empty-fields")
    ok(result)
    eni_id = created_id(result.stdout.split("\n", 1)[1])
    assert result.stdout == text(INTERFACE_HEADER, *records(stored(state_path), eni_id, nil=True))


def test_create_with_addresses_prints_the_interface_it_stored(
    run: Run, ids: dict[str, str], state_path: Path
) -> None:
    result = run(
        "create",
        ids["public"],
        "-d",
        "management NIC",
        "--secondary-private-ip-address-count",
        "2",
        "-g",
        ids["workshop/ssh-admin"],
    )
    ok(result)
    assert result.stdout == text(*records(stored(state_path), created_id(result.stdout)))


def test_attach_prints_the_attachment_it_stored(
    run: Run, ids: dict[str, str], state_path: Path
) -> None:
    eni_id = created_id(run("create", ids["management"]).stdout)
    result = run("attach", eni_id, "-i", ids["web-1"], "-d", "1")
    ok(result)
    attachment = stored(state_path).network_interfaces[eni_id].attachment
    assert attachment is not None
    assert result.stdout == f"{attachment.id}\n"
    assert (attachment.instance_id, attachment.delete_on_termination) == (ids["web-1"], False)
    assert run("describe", eni_id).stdout == text(*records(stored(state_path), eni_id))


def test_delete_removes_the_interface_from_the_state_file(
    run: Run, ids: dict[str, str], state_path: Path
) -> None:
    eni_id = created_id(run("create", ids["management"]).stdout)
    result = run("delete", eni_id)
    ok(result)
    assert result.stdout == f"NETWORKINTERFACE\t{eni_id}\n"
    assert eni_id not in stored(state_path).network_interfaces

"""Instances that live and die, through the legacy commands (issue 9's "done when").

On a fresh default account: launch an instance with two interfaces (one an existing interface,
cold-attached; one new), stop it, attach a third interface warm, start it, terminate it; then
`ec2din` and `ec2dnic` show exactly which interfaces were deleted (delete-on-termination true)
and which survived (available, with the same MAC and addresses).

Also what the golden cases in tests/data/cases/instances/ cannot pin: `--debug` (its stderr names
the temporary state file), the attach time in another time zone, `-v`, and an Elastic IP (no
command allocates one yet, so the test writes it into the account file).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ec2eni.engine.model import Address
from ec2eni.store.state_file import Store
from tests.conftest import Run

AMI = "ami-0123456789abcdef0"
PUBLIC = "subnet-d3d57647d7c3f13c9"
MANAGEMENT = "subnet-aa9a00acd3a4f485b"
BACKEND = "subnet-1b9e7e21dbe5446f6"
WEB = "i-cf9ace0ed00a6c9e3"
DB = "i-5873466a36ed8b69a"


@pytest.fixture(autouse=True)
def fixed_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("EC2ENI_NOW", "2026-01-01T09:00:00Z")
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
    from ec2eni.engine import clock

    clock.set_now(None)


def ok(legacy: Run, name: str, *args: str) -> list[str]:
    result = legacy(name, *args)
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    return result.stdout.splitlines()


def records(lines: list[str], kind: str) -> list[list[str]]:
    return [line.split("\t") for line in lines if line.startswith(kind + "\t")]


def test_launch_stop_warm_attach_start_terminate(legacy: Run) -> None:
    # An existing interface to cold-attach as the primary.
    [existing] = records(ok(legacy, "ec2addnic", PUBLIC, "-d", "cold"), "NETWORKINTERFACE")
    cold_id = existing[1]

    launched = ok(
        legacy,
        "ec2run",
        AMI,
        "-t",
        "t3.small",
        "-a",
        f"{cold_id}:0",
        "-a",
        f":1:{MANAGEMENT}:launched",
    )
    [instance] = records(launched, "INSTANCE")
    instance_id = instance[1]
    assert instance[5] == "pending" and instance[19] == PUBLIC  # in the cold interface's subnet
    nics = records(launched, "NIC")
    assert [n[1] for n in nics][0] == cold_id
    new_id = nics[1][1]
    # §0 j: an existing interface keeps delete-on-termination false; a new one listed gets true.
    assert [(a[2], a[3], a[5]) for a in records(launched, "NICATTACHMENT")] == [
        ("0", "attaching", "false"),
        ("1", "attaching", "true"),
    ]

    assert ok(legacy, "ec2stop", instance_id) == [f"INSTANCE\t{instance_id}\trunning\tstopping"]

    # Warm attach: a third interface while the instance is stopped.
    [warm] = records(ok(legacy, "ec2addnic", BACKEND, "-d", "warm"), "NETWORKINTERFACE")
    warm_id = warm[1]
    [attachment_id] = ok(legacy, "ec2attnic", warm_id, "-i", instance_id, "-d", "2")
    assert attachment_id.startswith("eni-attach-")
    assert records(ok(legacy, "ec2din", instance_id), "INSTANCE")[0][5] == "stopped"

    assert ok(legacy, "ec2start", instance_id) == [f"INSTANCE\t{instance_id}\tstopped\tpending"]
    running = ok(legacy, "ec2din", instance_id)
    assert records(running, "INSTANCE")[0][5] == "running"
    attached = {n[1]: n for n in records(running, "NIC")}
    assert list(attached) == [cold_id, new_id, warm_id]  # device index order 0, 1, 2
    assert [(a[2], a[5]) for a in records(running, "NICATTACHMENT")] == [
        ("0", "false"),
        ("1", "true"),
        ("2", "false"),
    ]
    before = {
        eni[1]: (eni[10], eni[11])  # MAC, primary address
        for eni in records(ok(legacy, "ec2dnic", cold_id, new_id, warm_id), "NETWORKINTERFACE")
    }

    assert ok(legacy, "ec2kill", instance_id) == [
        f"INSTANCE\t{instance_id}\trunning\tshutting-down"
    ]

    # The instance stays visible, terminated, with no interfaces, no address, no subnet.
    after = ok(legacy, "ec2din", instance_id)
    [gone] = records(after, "INSTANCE")
    assert (gone[5], gone[4], gone[17], gone[18], gone[19]) == ("terminated", "", "", "", "")
    assert records(after, "NIC") == []
    # The interface created with delete-on-termination true is deleted...
    missing = legacy("ec2dnic", new_id)
    assert (missing.exit_code, missing.stderr) == (
        1,
        f"Client.InvalidNetworkInterfaceID.NotFound: The networkInterface ID '{new_id}' does "
        "not exist\n",
    )
    # ...the others survive, available, detached, with the same MAC and address.
    survivors = ok(legacy, "ec2dnic", cold_id, warm_id)
    kept = records(survivors, "NETWORKINTERFACE")
    assert [(e[1], e[9], (e[10], e[11])) for e in kept] == [
        (cold_id, "available", before[cold_id]),
        (warm_id, "available", before[warm_id]),
    ]
    assert [e[2] for e in kept] == ["cold", "warm"]
    assert records(survivors, "ATTACHMENT") == []
    # And the survivor can serve a new instance as its primary.
    relaunched = ok(legacy, "ec2run", AMI, "-a", f"{cold_id}:0", "--hide-tags")
    assert records(relaunched, "NIC")[0][1] == cold_id


def test_debug_adds_state_codes(legacy: Run, state_path: Path) -> None:
    """--debug appends each state's code in four hex digits (legacy-cli.md, "what they share"),
    and names the state file on stderr."""
    debug = f"DEBUG: account state file {state_path}\n"
    stop = legacy("ec2stop", "--debug", WEB, DB)
    assert (stop.exit_code, stop.stderr) == (0, debug)
    assert stop.stdout == (
        f"INSTANCE\t{WEB}\trunning(0010)\tstopping(0040)\n"
        f"INSTANCE\t{DB}\tstopped(0050)\tstopped(0050)\n"
    )
    start = legacy("ec2start", WEB, "--debug")
    assert start.stdout == f"INSTANCE\t{WEB}\tstopped(0050)\tpending(0000)\n"
    kill = legacy("ec2kill", WEB, "--debug")
    assert kill.stdout == f"INSTANCE\t{WEB}\trunning(0010)\tshutting-down(0020)\n"
    described = legacy("ec2din", WEB, DB, "--debug").stdout
    assert [r[5] for r in records(described.splitlines(), "INSTANCE")] == [
        "terminated(0030)",
        "stopped(0050)",
    ]
    launched = legacy("ec2run", AMI, "--debug").stdout
    assert records(launched.splitlines(), "INSTANCE")[0][5] == "pending(0000)"
    # Only the state fields change.
    plain = legacy("ec2din", DB).stdout
    assert legacy("ec2din", DB, "--debug").stdout == plain.replace(
        "\tstopped\t", "\tstopped(0050)\t"
    )


def test_the_attach_time_is_local_and_the_launch_time_utc(
    legacy: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NICATTACHMENT's attach time is in the process's time zone (legacy-cli.md, "Corrections");
    INSTANCE's launch time is always UTC."""
    ok(legacy, "ec2run", AMI, "-s", PUBLIC)
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    lines = ok(legacy, "ec2din", "-F", "launch-index=0", "-F", "image-id=" + AMI, "--hide-tags")
    launched = [r for r in records(lines, "INSTANCE") if r[10].startswith("2026-01-01T09")]
    assert [r[10] for r in launched] == ["2026-01-01T09:00:00+0000"]
    times = [a[4] for a in records(lines, "NICATTACHMENT")]
    # The built-in instances were attached at 00:00Z, the new one at 09:00Z.
    assert times[-1] == "2026-01-01T04:00:00-0500"
    assert times[0] == "2025-12-31T19:00:00-0500"
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    time.tzset()
    lines = ok(legacy, "ec2din", WEB)
    assert records(lines, "NICATTACHMENT")[0][4] == "2026-01-01T05:30:00+0530"


def test_an_elastic_ip_on_the_primary_address(legacy: Run, state_path: Path) -> None:
    """The instance's public IP and DNS name are those of the Elastic IP on its primary interface's
    primary address; each associated address gets a NICASSOCIATION record and its public DNS name
    in PRIVATEIPADDRESS."""
    ok(legacy, "ec2din")  # writes the default account
    with Store(state_path).transaction() as account:
        account.addresses["eipalloc-0123456789abcdef0"] = Address(
            allocation_id="eipalloc-0123456789abcdef0",
            public_ip="203.0.113.10",
            association_id="eipassoc-0123456789abcdef0",
            network_interface_id="eni-1706a5992fc9609ea",
            private_ip_address="10.0.1.4",
        )
    lines = ok(legacy, "ec2din", WEB, "--hide-tags")
    [instance] = records(lines, "INSTANCE")
    assert (instance[3], instance[16]) == (
        "ec2-203-0-113-10.compute-1.amazonaws.com",
        "203.0.113.10",
    )
    assert lines[3:] == [
        "NICATTACHMENT\teni-attach-87e61e853d70379d5\t0\tattached\t2026-01-01T00:00:00+0000\ttrue",
        "NICASSOCIATION\t203.0.113.10\t123456789012\t10.0.1.4",
        "GROUP\tsg-ca14ccdaba34ac2c1\tweb",
        "PRIVATEIPADDRESS\t10.0.1.4\tip-10-0-1-4.ec2.internal\t"
        "ec2-203-0-113-10.compute-1.amazonaws.com",
    ]
    # Stopped, the instance keeps its Elastic IP; terminated, the address stays allocated but
    # loses its association with the deleted interface.
    ok(legacy, "ec2stop", WEB)
    assert records(ok(legacy, "ec2din", WEB), "INSTANCE")[0][16] == "203.0.113.10"
    ok(legacy, "ec2kill", WEB)
    assert records(ok(legacy, "ec2din", WEB), "INSTANCE")[0][16] == ""
    address = Store(state_path).load().addresses["eipalloc-0123456789abcdef0"]
    assert (address.public_ip, address.network_interface_id, address.association_id) == (
        "203.0.113.10",
        "",
        "",
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["ec2din", WEB],
        ["ec2run", AMI],
        ["ec2stop", WEB],
        ["ec2start", DB],
        ["ec2kill", WEB],
        ["ec2reboot", WEB],
    ],
    ids=lambda argv: argv[0],
)
def test_verbose_ends_with_the_request_id(legacy: Run, argv: list[str]) -> None:
    result = legacy(*argv, "-v")
    assert result.exit_code == 0, result.stderr
    *data, last = result.stdout.splitlines()
    assert re.fullmatch(r"REQUEST ID\t[0-9a-f-]{36}", last)
    # ec2reboot prints only that line.
    assert (data == []) == (argv[0] == "ec2reboot")

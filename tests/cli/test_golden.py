"""Golden legacy output of the eight commands, byte for byte, and the state left by failures.

Expected lines are built field by field from the record layouts of legacy-cli.md (sections 2 to 9)
and the default account (README, "The account state"), never copied from the program's output:
`records()` below is the reference's `ec2dnic` layout written out once, and the literal blocks pin
it to the README's IDs. Every failed command must leave the state file byte-for-byte unchanged.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import Result

from ec2eni.engine.model import Account, Address, NetworkInterface
from ec2eni.store.state_file import Store
from tests.conftest import Run

NIL = "(nil)"
OWNER = "123456789012"
INTERFACE_HEADER = (
    "NetworkInterfaceID\tDescription\tSubnetID\tVpcID\tAvailabilityZone\tOwnerID\tRequesterID"
    "\tRequesterManaged\tStatus\tMacAddress\tPrivateIpAddress\tPrivateDnsName\tSourceDestCheck"
)
ATTRIBUTE_HEADER = "NetworkInterfaceID\tAttribute"
DETACH_HEADER = "InstanceID\tAttachmentID\tStatus\tDeleteOnTermination"
RESET_HEADER = "Attribute\tNetworkInterfaceId\tRESET"


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


# --- describe ------------------------------------------------------------------------------------


def test_describe_web_1_primary_interface_matches_the_readme(
    run: Run, account: Account, ids: dict[str, str]
) -> None:
    mac = account.network_interfaces[ids["web-1-eth0"]].mac_address
    result = run("describe", "eni-1706a5992fc9609ea")
    ok(result)
    assert result.stdout == text(
        "NETWORKINTERFACE\teni-1706a5992fc9609ea\tPrimary network interface"
        "\tsubnet-d3d57647d7c3f13c9\tvpc-b03a97e3a4324354e\tus-east-1a\t123456789012\t\tfalse"
        f"\tin-use\t{mac}\t10.0.1.4\tip-10-0-1-4.ec2.internal\ttrue",
        "GROUP\tsg-ca14ccdaba34ac2c1\tweb",
        "ATTACHMENT\ti-cf9ace0ed00a6c9e3\teni-attach-87e61e853d70379d5\tattached\ttrue",
        "PRIVATEIPADDRESS\t10.0.1.4\tip-10-0-1-4.ec2.internal",
        "TAG\tnetwork-interface\teni-1706a5992fc9609ea\tName\tweb-1-eth0",
    )


def test_describe_lists_every_interface_of_the_default_account_in_account_order(
    run: Run, account: Account, ids: dict[str, str]
) -> None:
    order = ["web-1-eth0", "standby-1-eth0", "app-1-eth0", "db-1-eth0"]
    assert list(account.network_interfaces) == [ids[name] for name in order]
    result = run("describe")
    ok(result)
    assert result.stdout == text(*[r for n in order for r in records(account, ids[n])])
    # db-1 is stopped: its primary interface is still attached, in default-b.
    assert (
        "ATTACHMENT\ti-5873466a36ed8b69a\teni-attach-0c74bb24e6d192698\tattached\ttrue"
        in result.stdout.splitlines()
    )


def test_describe_headers_print_one_line_before_the_first_record_only(
    run: Run, account: Account, ids: dict[str, str]
) -> None:
    result = run("describe", "-H")
    ok(result)
    lines = result.stdout.splitlines()
    assert lines[0] == INTERFACE_HEADER
    assert lines[1:] == [
        r for eni_id in account.network_interfaces for r in records(account, eni_id)
    ]
    assert run("describe", "--headers").stdout == result.stdout


def test_describe_show_empty_fields_prints_nil(
    run: Run, account: Account, ids: dict[str, str]
) -> None:
    result = run("describe", ids["app-1-eth0"], "--show-empty-fields")
    ok(result)
    assert result.stdout == text(*records(account, ids["app-1-eth0"], nil=True))
    assert result.stdout.splitlines()[0].split("\t")[7] == NIL  # RequesterID


def test_describe_hide_tags_drops_tag_lines_only(
    run: Run, account: Account, ids: dict[str, str]
) -> None:
    result = run("describe", "--hide-tags")
    ok(result)
    assert result.stdout == text(
        *[r for eni_id in account.network_interfaces for r in records(account, eni_id, tags=False)]
    )
    assert "TAG\t" not in result.stdout


def test_describe_named_interfaces_only(run: Run, account: Account, ids: dict[str, str]) -> None:
    result = run("describe", ids["db-1-eth0"], ids["web-1-eth0"], "--hide-tags")
    ok(result)
    # Account order, as the service returns them, not command-line order.
    assert result.stdout == text(
        *records(account, ids["web-1-eth0"], tags=False),
        *records(account, ids["db-1-eth0"], tags=False),
    )


def _elb_interface(account: Account, ids: dict[str, str]) -> str:
    """Add a requester-managed interface with two Elastic IPs, two groups, secondaries and tags
    (what a hand edit of the state file may hold)."""
    eni_id = "eni-0123456789abcdef0"
    account.network_interfaces[eni_id] = NetworkInterface(
        id=eni_id,
        subnet_id=ids["public"],
        mac_address="02:00:00:00:00:01",
        private_ip_address="10.0.1.20",
        secondary_private_ip_addresses=["10.0.1.21", "10.0.1.22"],
        group_ids=[ids["workshop/web"], ids["workshop/ssh-admin"]],
        description="load balancer",
        source_dest_check=False,
        requester_managed=True,
        requester_id="amazon-elb",
        tags={"Name": "elb-eni", "env": ""},
    )
    # The secondary's address comes first in the file; output follows the private-IP order.
    for suffix, public_ip, private_ip in (
        ("0", "203.0.113.12", "10.0.1.21"),
        ("1", "198.51.100.7", "10.0.1.20"),
    ):
        allocation = f"eipalloc-0123456789abcdef{suffix}"
        account.addresses[allocation] = Address(
            allocation_id=allocation,
            public_ip=public_ip,
            association_id=f"eipassoc-0123456789abcdef{suffix}",
            network_interface_id=eni_id,
            private_ip_address=private_ip,
        )
    return eni_id


def test_describe_prints_association_groups_secondaries_and_tags_in_legacy_order(
    run: Run, account: Account, ids: dict[str, str], state_path: Path
) -> None:
    eni_id = _elb_interface(account, ids)
    Store(state_path).replace_with(account)
    result = run("describe", eni_id)
    ok(result)
    assert result.stdout == text(
        line(
            "NETWORKINTERFACE",
            eni_id,
            "load balancer",
            ids["public"],
            ids["workshop"],
            "us-east-1a",
            OWNER,
            "amazon-elb",
            "true",
            # A requester-managed interface is the service's: in use (eni-rules.md §0 y).
            "in-use",
            "02:00:00:00:00:01",
            "10.0.1.20",
            "ip-10-0-1-20.ec2.internal",
            "false",
        ),
        line("GROUP", ids["workshop/web"], "web"),
        line("GROUP", ids["workshop/ssh-admin"], "ssh-admin"),
        line(
            "ASSOCIATION",
            "198.51.100.7",
            OWNER,
            "eipassoc-0123456789abcdef1",
            "10.0.1.20",
            "ec2-198-51-100-7.compute-1.amazonaws.com",
        ),
        line(
            "ASSOCIATION",
            "203.0.113.12",
            OWNER,
            "eipassoc-0123456789abcdef0",
            "10.0.1.21",
            "ec2-203-0-113-12.compute-1.amazonaws.com",
        ),
        line("PRIVATEIPADDRESS", "10.0.1.20", "ip-10-0-1-20.ec2.internal"),
        line("PRIVATEIPADDRESS", "10.0.1.21", "ip-10-0-1-21.ec2.internal"),
        line("PRIVATEIPADDRESS", "10.0.1.22", "ip-10-0-1-22.ec2.internal"),
        line("TAG", "network-interface", eni_id, "Name", "elb-eni"),
        line("TAG", "network-interface", eni_id, "env", ""),  # an empty value ends in TAB
    )
    nil = run("describe", eni_id, "--show-empty-fields").stdout.splitlines()
    assert nil[-1] == line("TAG", "network-interface", eni_id, "env", NIL)


def test_describe_empty_result_prints_nothing_even_with_headers(run: Run) -> None:
    result = run("describe", "-H", "-F", "status=available")
    ok(result)
    assert result.stdout == ""


# --- filters -------------------------------------------------------------------------------------


def _described_ids(run: Run, *args: str) -> list[str]:
    result = run("describe", *args)
    ok(result)
    return [
        r.split("\t")[1] for r in result.stdout.splitlines() if r.startswith("NETWORKINTERFACE")
    ]


@pytest.fixture
def extra(run: Run, ids: dict[str, str]) -> dict[str, str]:
    """Three new available interfaces in `management` with descriptions that exercise
    wildcards and escapes."""
    made = {}
    for description in ("a*c", "abc", "k=v"):
        result = run("create", ids["management"], "-d", description)
        ok(result)
        made[description] = created_id(result.stdout)
    return made


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (["status=in-use"], ["web-1-eth0", "standby-1-eth0", "app-1-eth0", "db-1-eth0"]),
        (["status=available"], ["a*c", "abc", "k=v"]),
        # Values of one name are ORed.
        (["status=available", "status=in-use"], None),
        (
            ["subnet-id={public}", "subnet-id={backend}"],
            ["web-1-eth0", "standby-1-eth0", "app-1-eth0"],
        ),
        # Different names are ANDed.
        (["subnet-id={public}", "tag:Name=standby*"], ["standby-1-eth0"]),
        (["status=in-use", "availability-zone=us-east-1b"], ["db-1-eth0"]),
        (
            ["vpc-id={workshop}", "status=in-use", "private-ip-address=10.0.?.4"],
            ["web-1-eth0", "app-1-eth0"],
        ),
        # `*` is any run (also empty), `?` exactly one character; the whole value must match.
        (["tag:Name=web-1-eth0*"], ["web-1-eth0"]),
        (["tag:Name=*-1-eth?"], ["web-1-eth0", "standby-1-eth0", "app-1-eth0", "db-1-eth0"]),
        (["tag:Name=web"], []),
        (["private-ip-address=10.0.1.?"], ["web-1-eth0", "standby-1-eth0"]),
        (["description=a?c"], ["a*c", "abc"]),
        (["description=a*c"], ["a*c", "abc"]),
        # `\` makes the next character literal.
        (["description=a\\*c"], ["a*c"]),
        (["description=a\\?c"], []),
        # The text is split at the first `=`.
        (["description=k=v"], ["k=v"]),
        (["attachment.instance-id={web-1}"], ["web-1-eth0"]),
        (["group-name=default"], ["app-1-eth0", "db-1-eth0", "a*c", "abc", "k=v"]),
        (
            ["source-dest-check=true", "tag-key=Name"],
            ["web-1-eth0", "standby-1-eth0", "app-1-eth0", "db-1-eth0"],
        ),
        (["source-desk-check=false"], []),
        (["subnet-id={tiny}"], []),
    ],
)
def test_filters(
    run: Run,
    ids: dict[str, str],
    extra: dict[str, str],
    filters: list[str],
    expected: list[str] | None,
) -> None:
    names = {**ids, **extra}
    args = [a for f in filters for a in ("-F", f.format(**names))]
    everything = [ids[n] for n in ("web-1-eth0", "standby-1-eth0", "app-1-eth0", "db-1-eth0")]
    everything += list(extra.values())
    want = everything if expected is None else [names[n] for n in expected]
    assert _described_ids(run, *args) == want


def test_filters_and_named_interfaces_combine(run: Run, ids: dict[str, str]) -> None:
    got = _described_ids(
        run, ids["web-1-eth0"], ids["app-1-eth0"], "-F", f"subnet-id={ids['public']}"
    )
    assert got == [ids["web-1-eth0"]]


def test_filtered_output_is_the_full_records_of_the_matches(
    run: Run, account: Account, ids: dict[str, str]
) -> None:
    result = run("describe", "-F", "tag:Name=standby-*", "-H")
    ok(result)
    assert result.stdout == text(INTERFACE_HEADER, *records(account, ids["standby-1-eth0"]))


def test_unknown_filter_is_an_ec2_error(run: Run, state_path: Path) -> None:
    run("describe-vpcs")
    before = state_path.read_bytes()
    result = run("describe", "-F", "bogus=1")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "Client.InvalidParameterValue: The filter 'bogus' is invalid\n"
    assert state_path.read_bytes() == before


def test_filter_without_equals_is_a_usage_error(run: Run) -> None:
    result = run("describe", "-F", "novalue")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert "Filter definitions must have format 'name=value', but found 'novalue'" in result.stderr


# --- create --------------------------------------------------------------------------------------


def test_create_prints_the_new_interface_as_in_the_readme(run: Run, state_path: Path) -> None:
    result = run(
        "create", "subnet-aa9a00acd3a4f485b", "-d", "management NIC", "-g", "sg-97f065c67a83556cf"
    )
    ok(result)
    assert result.stdout == text(
        "NETWORKINTERFACE\teni-09812cbf8065e9511\tmanagement NIC\tsubnet-aa9a00acd3a4f485b"
        "\tvpc-b03a97e3a4324354e\tus-east-1a\t123456789012\t\tfalse\tavailable\t02:06:55:f4:20:62"
        "\t10.0.2.4\tip-10-0-2-4.ec2.internal\ttrue",
        "GROUP\tsg-97f065c67a83556cf\tssh-admin",
        "PRIVATEIPADDRESS\t10.0.2.4\tip-10-0-2-4.ec2.internal",
    )
    assert result.stdout == text(*records(stored(state_path), "eni-09812cbf8065e9511"))


def test_create_with_headers_empty_fields_and_default_group(
    run: Run, ids: dict[str, str], state_path: Path
) -> None:
    result = run("create", ids["management"], "-H", "--show-empty-fields")
    ok(result)
    eni_id = created_id(result.stdout.split("\n", 1)[1])
    assert result.stdout == text(INTERFACE_HEADER, *records(stored(state_path), eni_id, nil=True))
    fields = result.stdout.splitlines()[1].split("\t")
    assert (fields[2], fields[7]) == (NIL, NIL)  # description, requester ID
    # Without -g the interface gets its VPC's `default` group.
    assert result.stdout.splitlines()[2] == line("GROUP", ids["workshop/default"], "default")


def test_create_lists_primary_then_secondary_addresses(run: Run, ids: dict[str, str]) -> None:
    result = run(
        "create",
        ids["public"],
        "--private-ip-address",
        "10.0.1.50",
        "--secondary-private-ip-address",
        "10.0.1.60",
        "--secondary-private-ip-address",
        "10.0.1.55",
        "-g",
        ids["workshop/web"],
        "-g",
        ids["workshop/ssh-admin"],
    )
    ok(result)
    assert result.stdout.splitlines()[1:] == [
        line("GROUP", ids["workshop/web"], "web"),
        line("GROUP", ids["workshop/ssh-admin"], "ssh-admin"),
        line("PRIVATEIPADDRESS", "10.0.1.50", "ip-10-0-1-50.ec2.internal"),
        line("PRIVATEIPADDRESS", "10.0.1.60", "ip-10-0-1-60.ec2.internal"),
        line("PRIVATEIPADDRESS", "10.0.1.55", "ip-10-0-1-55.ec2.internal"),
    ]


def test_create_with_a_secondary_count_takes_the_lowest_free_addresses(
    run: Run, ids: dict[str, str]
) -> None:
    result = run("create", ids["public"], "--secondary-private-ip-address-count", "2")
    ok(result)
    # 10.0.1.0-3 are reserved, .4 and .5 belong to web-1 and standby-1.
    assert [r for r in result.stdout.splitlines() if r.startswith("PRIVATEIPADDRESS")] == [
        line("PRIVATEIPADDRESS", f"10.0.1.{n}", f"ip-10-0-1-{n}.ec2.internal") for n in (6, 7, 8)
    ]
    assert result.stdout.splitlines()[0].split("\t")[11] == "10.0.1.6"


# --- values holding TAB, newline or carriage return ----------------------------------------------


def test_tab_newline_and_return_in_a_description_are_escaped_everywhere(
    run: Run, ids: dict[str, str]
) -> None:
    description = "col1\tcol2\nline2\rend"
    escaped = "col1\\tcol2\\nline2\\rend"
    created = run("create", ids["management"], "-d", description)
    ok(created)
    eni_id = created_id(created.stdout)
    for output in (created.stdout, run("describe", eni_id).stdout):
        rows = output.splitlines()
        assert [r.split("\t")[0] for r in rows] == ["NETWORKINTERFACE", "GROUP", "PRIVATEIPADDRESS"]
        assert len(rows[0].split("\t")) == 14
        assert rows[0].split("\t")[2] == escaped
        assert "\r" not in output
    attribute = run("describe-attribute", eni_id, "-d")
    ok(attribute)
    assert attribute.stdout == text(
        line("NETWORKINTERFACE", eni_id, "description"), line("DESCRIPTION", escaped)
    )
    # Modify does not echo the description (legacy-cli.md §8).
    modified = run("modify-attribute", eni_id, "-d", "x\ty")
    assert modified.stdout == text(line("NETWORKINTERFACE", eni_id, "description"))
    assert run("describe-attribute", eni_id, "-d").stdout.splitlines()[1] == "DESCRIPTION\tx\\ty"


def test_tab_in_a_hand_edited_tag_value_is_escaped(
    run: Run, account: Account, ids: dict[str, str], state_path: Path
) -> None:
    account.network_interfaces[ids["web-1-eth0"]].tags["note"] = "a\tb\nc"
    Store(state_path).replace_with(account)
    rows = run("describe", ids["web-1-eth0"]).stdout.splitlines()
    assert rows[-1] == line("TAG", "network-interface", ids["web-1-eth0"], "note", "a\\tb\\nc")
    assert len(rows) == 6


# --- attach, detach, delete ----------------------------------------------------------------------


def test_attach_prints_the_bare_attachment_id_never_a_header(
    run: Run, ids: dict[str, str], state_path: Path
) -> None:
    eni_id = created_id(run("create", "subnet-aa9a00acd3a4f485b").stdout)
    result = run("attach", eni_id, "-i", ids["web-1"], "-d", "1", "-H", "--show-empty-fields")
    ok(result)
    attachment = stored(state_path).network_interfaces[eni_id].attachment
    assert attachment is not None
    assert result.stdout == f"{attachment.id}\n"
    # The ID scripts cut with `ec2dnic | grep ATTACHMENT | cut -f3`; delete-on-termination false.
    rows = run("describe", eni_id).stdout.splitlines()
    assert line("ATTACHMENT", ids["web-1"], attachment.id, "attached", "false") in rows
    assert rows[0].split("\t")[9] == "in-use"


def test_attach_id_matches_the_readme(run: Run) -> None:
    run("create", "subnet-aa9a00acd3a4f485b", "-d", "management NIC", "-g", "sg-97f065c67a83556cf")
    result = run("attach", "eni-09812cbf8065e9511", "-i", "i-cf9ace0ed00a6c9e3", "-d", "1")
    ok(result)
    assert result.stdout == "eni-attach-1ee7a89708b56e759\n"


@pytest.fixture
def secondary(run: Run, ids: dict[str, str]) -> tuple[str, str]:
    """(interface ID, attachment ID) of a new interface attached to web-1 at device index 1."""
    eni_id = created_id(run("create", ids["management"]).stdout)
    attached = run("attach", eni_id, "-i", ids["web-1"], "-d", "1")
    ok(attached)
    return eni_id, attached.stdout.strip()


def test_detach_prints_the_literal_detaching_record(run: Run, secondary: tuple[str, str]) -> None:
    eni_id, attachment_id = secondary
    result = run("detach", attachment_id)
    ok(result)
    assert result.stdout == f"ATTACHMENT\t\t{attachment_id}\tdetaching\t\n"
    # The interface itself is available at once (eni-rules.md §0 l).
    assert run("describe", eni_id).stdout.splitlines()[0].split("\t")[9] == "available"


def test_detach_with_headers_and_empty_fields(run: Run, secondary: tuple[str, str]) -> None:
    _, attachment_id = secondary
    result = run("detach", "-H", "--show-empty-fields", attachment_id, "-f")
    ok(result)
    assert result.stdout == text(
        DETACH_HEADER, line("ATTACHMENT", NIL, attachment_id, "detaching", NIL)
    )


def test_delete_prints_the_interface_id_never_a_header(
    run: Run, ids: dict[str, str], state_path: Path
) -> None:
    eni_id = created_id(run("create", ids["management"]).stdout)
    result = run("delete", eni_id, "-H")
    ok(result)
    assert result.stdout == f"NETWORKINTERFACE\t{eni_id}\n"
    assert eni_id not in stored(state_path).network_interfaces


# --- describe-attribute --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flag_args", "name", "following"),
    [
        (["-d"], "description", ["DESCRIPTION\tPrimary network interface"]),
        (["--description"], "description", ["DESCRIPTION\tPrimary network interface"]),
        (["--source-dest-check"], "sourceDestCheck", ["SOURCEDESTCHECK\ttrue"]),
        (["--group-set"], "group", ["GROUP\t{workshop/web}\tweb"]),
        (["-a"], "attachment", ["ATTACHMENT\t{web-1}\t{web-1-attachment}\tattached\ttrue"]),
        (
            ["--attachment"],
            "attachment",
            ["ATTACHMENT\t{web-1}\t{web-1-attachment}\tattached\ttrue"],
        ),
    ],
)
def test_describe_attribute(
    run: Run, ids: dict[str, str], flag_args: list[str], name: str, following: list[str]
) -> None:
    eni_id = ids["web-1-eth0"]
    result = run("describe-attribute", eni_id, *flag_args)
    ok(result)
    want = [line("NETWORKINTERFACE", eni_id, name), *(f.format(**ids) for f in following)]
    assert result.stdout == text(*want)
    headed = run("describe-attribute", "-H", eni_id, *flag_args)
    assert headed.stdout == text(ATTRIBUTE_HEADER, *want)


def test_describe_attribute_of_an_unattached_interface_prints_no_attachment_line(
    run: Run, ids: dict[str, str]
) -> None:
    eni_id = created_id(run("create", ids["management"]).stdout)
    result = run("describe-attribute", eni_id, "-a")
    ok(result)
    assert result.stdout == text(line("NETWORKINTERFACE", eni_id, "attachment"))


def test_describe_attribute_empty_description(run: Run, ids: dict[str, str]) -> None:
    eni_id = created_id(run("create", ids["management"]).stdout)
    assert run("describe-attribute", eni_id, "-d").stdout == text(
        line("NETWORKINTERFACE", eni_id, "description"), "DESCRIPTION\t"
    )
    assert run("describe-attribute", eni_id, "-d", "--show-empty-fields").stdout == text(
        line("NETWORKINTERFACE", eni_id, "description"), line("DESCRIPTION", NIL)
    )


@pytest.mark.parametrize("flags", [[], ["-d", "--group-set"], ["-a", "--source-dest-check"]])
def test_describe_attribute_needs_exactly_one_flag(
    run: Run, ids: dict[str, str], flags: list[str]
) -> None:
    result = run("describe-attribute", ids["web-1-eth0"], *flags)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert (
        "One, and only one, of [-d, --description, --source-dest-check, --group-set, -a, "
        "--attachment] expected" in result.stderr
    )


# --- modify-attribute and reset-attribute --------------------------------------------------------


def test_modify_description_prints_one_line(run: Run, ids: dict[str, str]) -> None:
    eni_id = ids["web-1-eth0"]
    result = run("modify-attribute", eni_id, "-d", "web tier")
    ok(result)
    assert result.stdout == text(line("NETWORKINTERFACE", eni_id, "description"))
    assert run("describe-attribute", eni_id, "-d").stdout.splitlines()[1] == "DESCRIPTION\tweb tier"


def test_modify_source_dest_check_echoes_the_value(run: Run, ids: dict[str, str]) -> None:
    eni_id = ids["web-1-eth0"]
    result = run("modify-attribute", "-H", eni_id, "--source-dest-check", "false")
    ok(result)
    assert result.stdout == text(
        ATTRIBUTE_HEADER,
        line("NETWORKINTERFACE", eni_id, "sourceDestCheck"),
        "SOURCEDESTCHECK\tfalse",
    )
    assert run("describe", eni_id).stdout.splitlines()[0].endswith("\tfalse")


def test_modify_groups_echoes_ids_in_command_line_order(run: Run, ids: dict[str, str]) -> None:
    eni_id = ids["web-1-eth0"]
    ssh, web = ids["workshop/ssh-admin"], ids["workshop/web"]
    result = run("modify-attribute", eni_id, "--group-id", ssh, "--group-id", web)
    ok(result)
    assert result.stdout == text(
        line("NETWORKINTERFACE", eni_id, "group"), line("GROUPID", ssh), line("GROUPID", web)
    )
    assert run("describe-attribute", eni_id, "--group-set").stdout == text(
        line("NETWORKINTERFACE", eni_id, "group"),
        line("GROUP", ssh, "ssh-admin"),
        line("GROUP", web, "web"),
    )


def test_modify_delete_on_termination_prints_one_line(run: Run, ids: dict[str, str]) -> None:
    eni_id, attachment_id = ids["web-1-eth0"], ids["web-1-attachment"]
    result = run(
        "modify-attribute", eni_id, "-a", attachment_id, "--delete-on-termination", "false"
    )
    ok(result)
    assert result.stdout == text(line("NETWORKINTERFACE", eni_id, "attachment"))
    assert run("describe-attribute", eni_id, "-a").stdout.splitlines()[1] == line(
        "ATTACHMENT", ids["web-1"], attachment_id, "attached", "false"
    )


def test_reset_prints_attribute_id_reset(run: Run, ids: dict[str, str]) -> None:
    eni_id = ids["web-1-eth0"]
    run("modify-attribute", eni_id, "--source-dest-check", "false")
    result = run("reset-attribute", eni_id, "--source-dest-check")
    ok(result)
    assert result.stdout == f"sourceDestCheck\t{eni_id}\tRESET\n"
    assert run("describe-attribute", eni_id, "--source-dest-check").stdout.splitlines()[1] == (
        "SOURCEDESTCHECK\ttrue"
    )
    headed = run("reset-attribute", "-H", eni_id, "--source-dest-check")
    assert headed.stdout == text(RESET_HEADER, f"sourceDestCheck\t{eni_id}\tRESET")


# --- failures leave the state file unchanged -----------------------------------------------------

LONG = "x" * 256
FAILURES = [
    (
        ["describe", "eni-0000000000000000a"],
        "InvalidNetworkInterfaceID.NotFound: The networkInterface ID 'eni-0000000000000000a' "
        "does not exist",
    ),
    (
        ["describe", "eni-xyz"],
        'InvalidNetworkInterfaceId.Malformed: Invalid id: "eni-xyz" (expecting "eni-...")',
    ),
    (
        ["create", "subnet-0000000a"],
        "InvalidSubnetID.NotFound: The subnet ID 'subnet-0000000a' does not exist",
    ),
    (
        ["create", "{tiny}", "--secondary-private-ip-address-count", "11"],
        "InsufficientFreeAddressesInSubnet: The specified subnet does not have enough free "
        "addresses to satisfy the request.",
    ),
    (
        ["create", "{public}", "--private-ip-address", "10.0.1.4"],
        "InvalidIPAddress.InUse: The specified address is already in use.",
    ),
    (
        ["create", "{public}", "--private-ip-address", "10.0.1.2"],
        "InvalidParameterValue: Address 10.0.1.2 is in subnet's reserved address range",
    ),
    (
        ["create", "{public}", "--private-ip-address", "10.0.2.9"],
        "InvalidParameterValue: Address 10.0.2.9 does not fall within the subnet's address range",
    ),
    (
        ["attach", "{web-1-eth0}", "-i", "{standby-1}", "-d", "1"],
        "InvalidNetworkInterface.InUse: Interface: [{web-1-eth0}] in use.",
    ),
    (
        ["detach", "{web-1-attachment}"],
        "OperationNotPermitted: The network interface at device index 0 and networkCard index 0 "
        "cannot be detached.",
    ),
    (
        ["detach", "eni-attach-0000000a"],
        "InvalidAttachmentID.NotFound: The interface attachment 'eni-attach-0000000a' does not "
        "exist.",
    ),
    (
        ["delete", "{web-1-eth0}"],
        "InvalidParameterValue: Network interface '{web-1-eth0}' is currently in use.",
    ),
    (
        ["describe-attribute", "eni-0000000a", "-d"],
        "InvalidNetworkInterfaceID.NotFound: The networkInterface ID 'eni-0000000a' does not exist",
    ),
    (
        ["modify-attribute", "{web-1-eth0}", "-d", LONG],
        "InvalidParameterValue: Description must be at most 255 characters",
    ),
    (
        ["modify-attribute", "{web-1-eth0}", "--group-id", "sg-0000000a"],
        "InvalidGroup.NotFound: The security group 'sg-0000000a' does not exist",
    ),
    (
        ["reset-attribute", "eni-0000000a", "--source-dest-check"],
        "InvalidNetworkInterfaceID.NotFound: The networkInterface ID 'eni-0000000a' does not exist",
    ),
]


@pytest.mark.parametrize(
    ("argv", "message"), FAILURES, ids=lambda v: v[0] if isinstance(v, list) else ""
)
def test_a_refused_command_prints_one_line_and_changes_nothing(
    run: Run, ids: dict[str, str], state_path: Path, argv: list[str], message: str
) -> None:
    # A state file that is not the fresh default one, so "unchanged" is not a coincidence.
    ok(run("modify-attribute", ids["app-1-eth0"], "-d", "changed before"))
    before = state_path.read_bytes()
    result = run(*[a.format(**ids) for a in argv])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr == f"Client.{message.format(**ids)}\n"
    assert state_path.read_bytes() == before


USAGE_ERRORS = [
    ["describe", "--bogus"],
    ["create"],
    ["create", "{public}", "--secondary-private-ip-address-count", "x"],
    [
        "create",
        "{public}",
        "--secondary-private-ip-address",
        "10.0.1.9",
        "--secondary-private-ip-address-count",
        "1",
    ],
    ["attach", "{web-1-eth0}", "-d", "1"],
    ["attach", "{web-1-eth0}", "-i", "{web-1}"],
    ["attach", "{web-1-eth0}", "-i", "{web-1}", "-d", "x"],
    ["detach"],
    ["delete"],
    ["describe-attribute", "{web-1-eth0}"],
    ["modify-attribute", "{web-1-eth0}"],
    ["modify-attribute", "{web-1-eth0}", "-d", "x", "--source-dest-check", "true"],
    ["modify-attribute", "{web-1-eth0}", "-a", "{web-1-attachment}"],
    ["modify-attribute", "{web-1-eth0}", "--delete-on-termination", "true"],
    ["modify-attribute", "{web-1-eth0}", "--source-dest-check", "yes"],
    ["reset-attribute", "{web-1-eth0}"],
]


@pytest.mark.parametrize("argv", USAGE_ERRORS, ids=" ".join)
def test_a_usage_error_exits_2_with_one_line_and_changes_nothing(
    run: Run, ids: dict[str, str], state_path: Path, argv: list[str]
) -> None:
    ok(run("modify-attribute", ids["app-1-eth0"], "-d", "changed before"))
    before = state_path.read_bytes()
    result = run(*[a.format(**ids) for a in argv])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith(f"ec2eni {argv[0]}: ")
    assert result.stderr.endswith(" (-h for usage)\n")
    assert state_path.read_bytes() == before

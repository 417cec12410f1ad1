"""The command line as the real 1.6.7.1 client parsed it (legacy-cli.md §1.1 "Parsing details",
§1.4, "what they share" before §12), found different by a side-by-side run (issue 8):

- under a legacy name a usage error is the legacy tool's line and exit 1; under `ec2eni` it stays
  click's wording and exit 2;
- a single-valued option given twice uses the first value;
- numbers are plain decimal digits;
- a `-F` value is split at commas into ORed values;
- stdin values are the raw lines, and later lines follow the most recent option.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ec2eni.engine.default_account import build_default_account
from tests.conftest import Run, names_of

ID = names_of(build_default_account())
ENI = ID["web-1-eth0"]
SUBNET = ID["management"]
WEB_1 = ID["web-1"]
WAITING = "-- waiting for stdin --"

DESCRIBE_ATTRIBUTE_FLAGS = "-d, --description, --source-dest-check, --group-set, -a, --attachment"
MODIFY_FLAGS = (
    "-d, --description DESCRIPTION, -a, --attachment ATTACHMENT, "
    "--source-dest-check BOOLEAN, --group-id GROUP_ID"
)

# (legacy argv, the legacy line, the `ec2eni` line after "ec2eni <subcommand>: ")
USAGE = [
    (
        ("ec2addnic",),
        "Required parameter 'SUBNET' missing (-h for usage)",
        "Missing argument 'SUBNET'. (-h for usage)",
    ),
    (
        ("ec2-attach-network-interface", ENI, "-d", "1"),
        "Required option '-i, --instance INSTANCE' missing (-h for usage)",
        "Missing option '-i' / '--instance'. (-h for usage)",
    ),
    (
        ("ec2attnic", ENI, "-i", WEB_1),
        "Required option '-d, --device-index DEVICEINDEX' missing (-h for usage)",
        "Missing option '-d' / '--device-index'. (-h for usage)",
    ),
    (
        ("ec2attnic", ENI, "-i", WEB_1, "-d", "x"),
        "Invalid argument for option '-d, --device-index DEVICEINDEX': 'x' (-h for usage)",
        "Invalid value for '-d' / '--device-index': 'x' is not a valid integer. (-h for usage)",
    ),
    (
        ("ec2attnic", ENI, "-i"),
        "Missing argument for option:i (use -h for usage)",
        "Option '-i' requires an argument. (-h for usage)",
    ),
    (
        ("ec2addnic", SUBNET, "--description"),
        "Missing argument for option:d (use -h for usage)",
        "Option '--description' requires an argument. (-h for usage)",
    ),
    (
        ("ec2dnic", "--region"),
        "Missing argument for option:region (use -h for usage)",
        "Option '--region' requires an argument. (-h for usage)",
    ),
    (
        ("ec2-describe-network-interfaces", "--bogus"),
        "Unrecognized option: --bogus (use -h for usage)",
        "No such option '--bogus'. Did you mean '--verbose'? (-h for usage)",
    ),
    (
        ("ec2dnic", "-F", "status"),
        "Filter definitions must have format 'name=value', but found 'status'",
        "Filter definitions must have format 'name=value', but found 'status' (-h for usage)",
    ),
    (
        ("ec2detnic",),
        "Required parameter 'NICATTACHMENTS' missing (-h for usage)",
        "Missing argument 'NETWORKATTACHMENT'. (-h for usage)",
    ),
    (
        ("ec2dnicatt", ENI),
        f"One, and only one, of [{DESCRIBE_ATTRIBUTE_FLAGS}] expected (-h for usage)",
        f"One, and only one, of [{DESCRIBE_ATTRIBUTE_FLAGS}] expected. (-h for usage)",
    ),
    (
        ("ec2dnicatt", ENI, "-d", "--group-set"),
        f"One, and only one, of [{DESCRIBE_ATTRIBUTE_FLAGS}] expected (-h for usage)",
        f"One, and only one, of [{DESCRIBE_ATTRIBUTE_FLAGS}] expected. (-h for usage)",
    ),
    (
        ("ec2mnicatt", ENI, "--delete-on-termination", "true"),
        f"One, and only one, of [{MODIFY_FLAGS}] expected (-h for usage)",
        f"One, and only one, of [{MODIFY_FLAGS}] expected. (-h for usage)",
    ),
    (
        ("ec2mnicatt", ENI, "-a", ID["web-1-attachment"]),
        "Required option '--delete-on-termination BOOLEAN' missing (-h for usage)",
        "Required option '--delete-on-termination BOOLEAN' missing. (-h for usage)",
    ),
    (
        ("ec2-modify-network-interface-attribute", ENI, "--source-dest-check", "yes"),
        "Invalid argument for option '--source-dest-check BOOLEAN': 'yes' (-h for usage)",
        "Invalid value for '--source-dest-check': 'yes' is not a boolean: use true or false "
        "(any case). (-h for usage)",
    ),
    (
        ("ec2rnicatt", ENI),
        "One, and only one, of [--source-dest-check] expected (-h for usage)",
        "One, and only one, of [--source-dest-check] expected. (-h for usage)",
    ),
    (
        (
            "ec2addnic",
            SUBNET,
            "--secondary-private-ip-address",
            "10.0.2.10",
            "--secondary-private-ip-address-count",
            "1",
        ),
        "Cannot specify both a secondary private ip address count and secondary private ip "
        "addresses. (-h for usage)",
        "Cannot specify both a secondary private ip address count and secondary private ip "
        "addresses. (-h for usage)",
    ),
    (
        ("ec2dnic", "--region", "Mars"),
        "Invalid argument for option '--region REGION': 'Mars' (-h for usage)",
        "Invalid value for '--region': 'Mars' is not a region name like us-east-1. (-h for usage)",
    ),
]

SUBCOMMAND = {
    "ec2addnic": "create",
    "ec2attnic": "attach",
    "ec2-attach-network-interface": "attach",
    "ec2dnic": "describe",
    "ec2-describe-network-interfaces": "describe",
    "ec2detnic": "detach",
    "ec2dnicatt": "describe-attribute",
    "ec2mnicatt": "modify-attribute",
    "ec2-modify-network-interface-attribute": "modify-attribute",
    "ec2rnicatt": "reset-attribute",
}


@pytest.mark.parametrize(
    ("argv", "legacy_line", "modern_line"), USAGE, ids=[" ".join(c[0][:4]) for c in USAGE]
)
def test_usage_errors_speak_the_language_of_the_name_used(
    legacy: Run,
    run: Run,
    state_path: Path,
    argv: tuple[str, ...],
    legacy_line: str,
    modern_line: str,
) -> None:
    run("describe-vpcs")
    before = state_path.read_bytes()

    result = legacy(*argv)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", legacy_line + "\n")

    subcommand = SUBCOMMAND[argv[0]]
    result = run(subcommand, *argv[1:])
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"ec2eni {subcommand}: {modern_line}\n",
    )
    assert state_path.read_bytes() == before


@pytest.mark.parametrize("number", [" 1", "1 ", "1_0", "+1", "١", "0x1", "1.0", ""])
def test_numbers_are_plain_decimal_digits(legacy: Run, state_path: Path, number: str) -> None:
    eni = legacy("ec2addnic", SUBNET).stdout.split("\t")[1]
    before = state_path.read_bytes()
    result = legacy("ec2attnic", eni, "-i", WEB_1, "-d", number)
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        f"Invalid argument for option '-d, --device-index DEVICEINDEX': '{number}' "
        "(-h for usage)\n",
    )
    assert state_path.read_bytes() == before


def test_a_negative_number_reaches_the_engine(legacy: Run) -> None:
    # legacy-cli.md §4: `-d -1` is sent; the service refuses the index.
    eni = legacy("ec2addnic", SUBNET).stdout.split("\t")[1]
    result = legacy("ec2attnic", eni, "-i", WEB_1, "-d", "-1")
    assert result.stderr == "Client.InvalidParameterValue: Invalid network device index '-1'\n"


def _attachment_of(legacy: Run, eni: str) -> list[str]:
    shown = legacy("ec2dnic", eni).stdout.splitlines()
    return next(line for line in shown if line.startswith("ATTACHMENT")).split("\t")


def test_the_first_of_a_repeated_single_valued_option_counts(legacy: Run) -> None:
    created = legacy(
        "ec2addnic",
        SUBNET,
        "-d",
        "first",
        "-d",
        "second",
        "--private-ip-address",
        "10.0.2.40",
        "--private-ip-address",
        "10.0.2.41",
        "--secondary-private-ip-address-count",
        "1",
        "--secondary-private-ip-address-count",
        "3",
    )
    assert created.exit_code == 0, created.stderr
    eni = created.stdout.split("\t")[1]
    assert created.stdout.splitlines()[0].split("\t")[2] == "first"
    assert [line for line in created.stdout.splitlines() if line.startswith("PRIVATEIP")] == [
        "PRIVATEIPADDRESS\t10.0.2.40\tip-10-0-2-40.ec2.internal",
        "PRIVATEIPADDRESS\t10.0.2.4\tip-10-0-2-4.ec2.internal",
    ]
    # The second value is never read, so not even converted: `-d x` after `-d 1` is no error.
    attached = legacy("ec2attnic", eni, "-i", WEB_1, "-i", ID["app-1"], "-d", "1", "-d", "x")
    assert attached.exit_code == 0, attached.stderr
    assert _attachment_of(legacy, eni)[1] == WEB_1

    modified = legacy(
        "ec2mnicatt", eni, "--source-dest-check", "false", "--source-dest-check", "true"
    )
    assert modified.stdout.splitlines()[1] == "SOURCEDESTCHECK\tfalse"
    shown = legacy("ec2dnicatt", eni, "--source-dest-check").stdout.splitlines()
    assert shown[1] == "SOURCEDESTCHECK\tfalse"


def _interfaces(result_stdout: str) -> list[str]:
    return [
        line.split("\t")[1]
        for line in result_stdout.splitlines()
        if line.startswith("NETWORKINTERFACE")
    ]


def test_a_filter_value_is_split_at_commas_into_ored_values(legacy: Run, run: Run) -> None:
    web, app = ID["web-1-eth0"], ID["app-1-eth0"]
    ip = {eni: legacy("ec2dnic", eni).stdout.split("\n")[0].split("\t")[11] for eni in (web, app)}
    both = legacy("ec2dnic", "-F", f"private-ip-address={ip[web]},{ip[app]}")
    assert sorted(_interfaces(both.stdout)) == sorted([web, app])
    # A trailing empty value is dropped, as Java's String.split drops it.
    one = legacy("ec2dnic", "-F", f"private-ip-address={ip[web]},")
    assert _interfaces(one.stdout) == [web]
    # The same under `ec2eni`: one parser.
    assert run("describe", "-F", f"private-ip-address={ip[app]},{ip[web]}").stdout == both.stdout


def test_stdin_lines_are_raw_values(legacy: Run) -> None:
    result = legacy("ec2mnicatt", ENI, "-d", "-", input="  padded\twith spaces  \r\n")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == WAITING
    shown = legacy("ec2dnicatt", ENI, "-d").stdout.splitlines()
    assert shown[1] == "DESCRIPTION\t  padded\\twith spaces  "


def test_a_blank_stdin_line_is_a_value(legacy: Run) -> None:
    legacy("ec2mnicatt", ENI, "-d", "something")
    result = legacy("ec2mnicatt", ENI, "-d", "-", input="\n")
    assert result.exit_code == 0, result.stderr
    assert legacy("ec2dnicatt", ENI, "-d").stdout.splitlines()[1] == "DESCRIPTION\t"
    # A blank first line for an ID is sent as it is, and EC2 answers for it.
    refused = legacy("ec2delnic", "-", input="\neni-1\n")
    assert refused.exit_code == 1
    assert refused.stderr == (
        "WARNING:  Ignoring extra parameter(s): [ eni-1 ]\n"
        'Client.InvalidNetworkInterfaceId.Malformed: Invalid id: "" (expecting "eni-...")\n'
    )


def test_a_one_value_command_uses_the_first_stdin_line_and_warns(legacy: Run, run: Run) -> None:
    first = legacy("ec2addnic", SUBNET).stdout.split("\t")[1]
    second = legacy("ec2addnic", SUBNET).stdout.split("\t")[1]
    result = legacy("ec2delnic", "-", input=f"{first}\n{second}\n")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        f"{WAITING}\nNETWORKINTERFACE\t{first}\n",
        f"WARNING:  Ignoring extra parameter(s): [ {second} ]\n",
    )
    assert _interfaces(legacy("ec2dnic").stdout).count(second) == 1
    assert first not in _interfaces(legacy("ec2dnic").stdout)


def test_later_stdin_lines_follow_the_most_recent_option(legacy: Run) -> None:
    web, app = ID["web-1-eth0"], ID["app-1-eth0"]
    # `-F -`: every line is another filter of the same option.
    filtered = legacy(
        "ec2dnic", "-F", "-", input=f"network-interface-id={web}\nnetwork-interface-id={app}\n"
    )
    assert sorted(_interfaces(filtered.stdout)) == sorted([web, app])
    # A positional `-` after `-F NAME=VALUE`: the first line is an ID, the others more filters.
    mixed = legacy(
        "ec2dnic", "-F", f"network-interface-id={web}", "-", input=f"{web}\nstatus=in-use\n"
    )
    assert _interfaces(mixed.stdout) == [web]
    # `-i -`: later lines are more `-i` values, of which the first counts.
    eni = legacy("ec2addnic", SUBNET).stdout.split("\t")[1]
    attached = legacy("ec2attnic", eni, "-i", "-", "-d", "1", input=f"{WEB_1}\ni-00000000\n")
    assert attached.exit_code == 0, attached.stderr
    assert _attachment_of(legacy, eni)[1] == WEB_1


def test_a_repeated_group_is_echoed_once_as_stored(legacy: Run) -> None:
    group = ID["workshop/web"]
    result = legacy("ec2mnicatt", ENI, "--group-id", group, "--group-id", group)
    assert (result.exit_code, result.stdout) == (
        0,
        f"NETWORKINTERFACE\t{ENI}\tgroup\nGROUPID\t{group}\n",
    )
    shown = legacy("ec2dnicatt", ENI, "--group-set").stdout.splitlines()
    assert [line.split("\t")[1] for line in shown[1:]] == [group]


def test_text_that_is_not_utf8_is_a_usage_error_and_changes_nothing(
    legacy: Run, run: Run, state_path: Path
) -> None:
    # Undecodable argv bytes reach Python as lone surrogates; no TOML file can hold them.
    run("describe-vpcs")
    before = state_path.read_bytes()
    result = legacy("ec2mnicatt", ENI, "-d", "\udc80abc")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        "The argument '\\x80abc' is not UTF-8 text (-h for usage)\n",
    )
    result = run("modify-attribute", ENI, "-d", "\udc80abc")
    assert (result.exit_code, result.stderr) == (
        2,
        "ec2eni modify-attribute: The argument '\\x80abc' is not UTF-8 text. (-h for usage)\n",
    )
    result = legacy("ec2mnicatt", ENI, "-d", "-", input=b"ok\xff\n")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        f"{WAITING}\n",
        "stdin is not UTF-8 text (byte 3) (-h for usage)\n",
    )
    assert state_path.read_bytes() == before

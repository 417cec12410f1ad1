"""The legacy general options on every command (legacy-cli.md §1.1, README "Options shared by
every command").

Each command runs once plainly and once with an option, each time on its own fresh default account
(named with `--state-file`), so the two outputs can be compared: ignored options change nothing,
-H adds one header line, --show-empty-fields turns empty fields into (nil), --hide-tags drops TAG
lines, -v adds a REQUEST ID record, --debug writes only to stderr, --region another region sees an
empty account and changes nothing. Also: `true`/`false` in any case, options and arguments in any
order, and --state-file overriding EC2ENI_STATE.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from ec2eni.engine.default_account import build_default_account
from tests.conftest import Run, names_of

IDS = names_of(build_default_account())
MANAGEMENT = IDS["management"]
WEB_1 = IDS["web-1"]
WEB_1_ETH0 = IDS["web-1-eth0"]

Bound = Callable[..., Result]
# Prepares an account (through the bound runner) and returns the argv of the command under test.
Setup = Callable[[Bound], list[str]]


def _created(run: Bound) -> str:
    result = run("create", MANAGEMENT)
    assert result.exit_code == 0, result.stderr
    return result.stdout.split("\t")[1]


def _attached(run: Bound) -> str:
    result = run("attach", _created(run), "-i", WEB_1, "-d", "1")
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip()


CASES: dict[str, Setup] = {
    "describe": lambda run: ["describe"],
    "create": lambda run: ["create", MANAGEMENT, "-d", "a nic"],
    "attach": lambda run: ["attach", _created(run), "-i", WEB_1, "-d", "1"],
    "detach": lambda run: ["detach", _attached(run)],
    "delete": lambda run: ["delete", _created(run)],
    "describe-attribute": lambda run: ["describe-attribute", WEB_1_ETH0, "--group-set"],
    "modify-attribute": lambda run: [
        "modify-attribute",
        WEB_1_ETH0,
        "--source-dest-check",
        "false",
    ],
    "reset-attribute": lambda run: ["reset-attribute", WEB_1_ETH0, "--source-dest-check"],
    "describe-instances": lambda run: ["describe-instances"],
    "describe-subnets": lambda run: ["describe-subnets"],
    "describe-security-groups": lambda run: ["describe-security-groups"],
    "describe-vpcs": lambda run: ["describe-vpcs"],
}
# The header line of each command (legacy-cli.md §2-§9; the views after README's subnet header).
HEADERS: dict[str, str] = {
    "describe": "NetworkInterfaceID\tDescription\tSubnetID\tVpcID\tAvailabilityZone\tOwnerID"
    "\tRequesterID\tRequesterManaged\tStatus\tMacAddress\tPrivateIpAddress\tPrivateDnsName"
    "\tSourceDestCheck",
    "detach": "InstanceID\tAttachmentID\tStatus\tDeleteOnTermination",
    "describe-attribute": "NetworkInterfaceID\tAttribute",
    "modify-attribute": "NetworkInterfaceID\tAttribute",
    "reset-attribute": "Attribute\tNetworkInterfaceId\tRESET",
    "describe-subnets": "Entity\tSubnetID\tState\tVpcID\tCIDR Block\tFreeAddressCount"
    "\tAvailabilityZone\tDefaultForAZ\tMapPublicIpOnLaunch",
    "describe-vpcs": "Entity\tVpcID\tState\tCIDR Block\tDHCPOptionsID\tTenancy\tDefault",
    "describe-security-groups": "GROUP\tId\tOwner\tName\tDescription\tVpcID",
    # legacy-cli.md §12.1: `Type` first, and a `Platform` that RESERVATION has no field for.
    "describe-instances": "Type\tReservationID\tOwner\tGroups\tPlatform",
}
# legacy-cli.md §14: these headers name the record-type column too (`Entity`, `GROUP`).
FULL_WIDTH_HEADERS = ("describe-subnets", "describe-vpcs", "describe-security-groups")
HEADERS["create"] = HEADERS["describe"]

IGNORED_SHORT = ["-O", "AKIAEXAMPLE", "-W", "secret", "-T", "token", "-K", "pk.pem", "-C", "c.pem"]
IGNORED_SHORT += ["-U", "http://127.0.0.1:18099", "--connection-timeout", "0"]
IGNORED_SHORT += ["--request-timeout", "1"]
IGNORED_LONG = ["--aws-access-key", "AKIAEXAMPLE", "--aws-secret-key", "secret"]
IGNORED_LONG += ["--security-token", "token", "--private-key", "pk.pem", "--cert", "c.pem"]
IGNORED_LONG += ["--url=https://ec2.eu-west-1.amazonaws.com", "--connection-timeout", "30"]
IGNORED_LONG += ["--request-timeout=30"]


class Accounts:
    """Fresh default accounts, one state file each, under one folder."""

    def __init__(self, run: Run, folder: Path) -> None:
        self._run = run
        self._folder = folder
        self._count = 0

    def fresh(self) -> tuple[Bound, Path]:
        self._count += 1
        path = self._folder / f"account-{self._count}.toml"

        def bound(*args: str, input: str | None = None) -> Result:
            return self._run(*args, "--state-file", str(path), input=input)

        return bound, path

    def outcome(self, case: str, *extra: str) -> Result:
        """Run the case's command, with `extra` options, on a fresh account."""
        return self.outcome_at(case, *extra)[0]

    def outcome_at(self, case: str, *extra: str) -> tuple[Result, Path, bytes, list[str]]:
        """Like `outcome`, also giving the state file, its bytes just before the command, and the
        command's argv."""
        bound, path = self.fresh()
        argv = CASES[case](bound)
        bound("describe-vpcs")  # the file exists even when the case has no setup
        before = path.read_bytes()
        return bound(*argv, *extra), path, before, argv


@pytest.fixture
def accounts(run: Run, tmp_path: Path) -> Accounts:
    return Accounts(run, tmp_path / "accounts")


@pytest.fixture
def plain(accounts: Accounts, request: pytest.FixtureRequest) -> Result:
    """The case's output without extra options (exit 0, quiet stderr)."""
    case: str = request.node.callspec.params["case"]
    result = accounts.outcome(case)
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    assert result.stdout
    return result


def outcome(result: Result) -> tuple[int, str, str]:
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("ignored", [IGNORED_SHORT, IGNORED_LONG], ids=["short", "long"])
@pytest.mark.parametrize("case", CASES)
def test_ignored_options_take_a_value_and_change_nothing(
    accounts: Accounts, plain: Result, case: str, ignored: list[str]
) -> None:
    assert outcome(accounts.outcome(case, *ignored)) == outcome(plain)


def test_an_ignored_option_still_needs_its_value(run: Run) -> None:
    result = run("describe", "-O")
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("case", CASES)
def test_headers_add_one_header_line(accounts: Accounts, plain: Result, case: str) -> None:
    for option in ("-H", "--headers"):
        headed = accounts.outcome(case, option)
        assert (headed.exit_code, headed.stderr) == (0, "")
        lines, plain_lines = headed.stdout.splitlines(), plain.stdout.splitlines()
        if case in ("attach", "delete"):
            assert lines == plain_lines  # bare IDs and outputObjectId: never headed
            continue
        assert lines[1:] == plain_lines
        header = lines[0].split("\t")
        if case in FULL_WIDTH_HEADERS:
            assert len(header) == len(plain_lines[0].split("\t"))
        elif case == "describe-instances":
            assert len(header) == len(plain_lines[0].split("\t")) + 1
        elif case != "reset-attribute":  # its header ends with RESET (legacy-cli.md §1.3)
            # Left-shifted: one column fewer than the first record, no record-type column.
            assert len(header) == len(plain_lines[0].split("\t")) - 1
        if case != "describe-security-groups":  # its header starts with GROUP, as its records
            assert header[0] != plain_lines[0].split("\t")[0]
        if case in HEADERS:
            assert lines[0] == HEADERS[case]


def _with_nil(stdout: str) -> str:
    return "".join(
        "\t".join(field or "(nil)" for field in row.split("\t")) + "\n"
        for row in stdout.splitlines()
    )


@pytest.mark.parametrize("case", CASES)
def test_show_empty_fields_prints_nil_for_every_empty_field(
    accounts: Accounts, plain: Result, case: str
) -> None:
    shown = accounts.outcome(case, "--show-empty-fields")
    assert outcome(shown) == (0, _with_nil(plain.stdout), "")


@pytest.mark.parametrize("case", CASES)
def test_hide_tags_drops_tag_lines_only(accounts: Accounts, plain: Result, case: str) -> None:
    hidden = accounts.outcome(case, "--hide-tags")
    kept = "".join(f"{row}\n" for row in plain.stdout.splitlines() if not row.startswith("TAG\t"))
    assert outcome(hidden) == (0, kept, "")


REQUEST_ID = re.compile(r"REQUEST ID\t[^\t\s]+")


@pytest.mark.parametrize("case", CASES)
def test_verbose_adds_a_request_id_record(accounts: Accounts, plain: Result, case: str) -> None:
    for option in ("-v", "--verbose"):
        verbose = accounts.outcome(case, option)
        assert (verbose.exit_code, verbose.stderr) == (0, "")
        lines = verbose.stdout.splitlines()
        # describe-attribute prints it before its data, every other command after.
        record, data = (
            (lines[0], lines[1:]) if case == "describe-attribute" else (lines[-1], lines[:-1])
        )
        assert REQUEST_ID.fullmatch(record), record
        assert data == plain.stdout.splitlines()


def test_verbose_error_adds_a_request_id_line_on_stderr(run: Run, state_path: Path) -> None:
    run("describe-vpcs")
    before = state_path.read_bytes()
    result = run("delete", "eni-0000000a", "-v")
    assert (result.exit_code, result.stdout) == (1, "")
    first, second = result.stderr.splitlines()
    assert (
        first == "Client.InvalidNetworkInterfaceID.NotFound: The networkInterface ID "
        "'eni-0000000a' does not exist"
    )
    assert re.fullmatch(r"Request ID: \S+", second), second
    assert state_path.read_bytes() == before


@pytest.mark.parametrize("case", CASES)
def test_debug_names_the_state_file_on_stderr_only(
    accounts: Accounts, plain: Result, case: str
) -> None:
    debug, path, _, _ = accounts.outcome_at(case, "--debug")
    expected = plain.stdout
    if case == "describe-instances":
        # Also the state codes ec2din's --debug appends (legacy-cli.md, "what they share").
        for name, code in (("running", 16), ("stopped", 80), ("terminated", 48)):
            expected = expected.replace(f"\t{name}\t", f"\t{name}({code:04x})\t")
    assert (debug.exit_code, debug.stdout) == (0, expected)
    assert str(path) in debug.stderr
    assert "Client." not in debug.stderr


def test_debug_error_gives_the_full_detail(run: Run, state_path: Path) -> None:
    result = run("attach", IDS["web-1-eth0"], "-i", IDS["standby-1"], "-d", "1", "--debug")
    assert (result.exit_code, result.stdout) == (1, "")
    lines = result.stderr.splitlines()
    assert f"Client.InvalidNetworkInterface.InUse: Interface: [{WEB_1_ETH0}] in use." in lines
    assert str(state_path) in result.stderr
    # The SDK detail line names the code and the message (legacy-cli.md §1.4).
    assert any(
        "InvalidNetworkInterface.InUse" in each and "Client." not in each for each in lines
    ), lines


@pytest.mark.parametrize("case", CASES)
def test_region_of_the_account_changes_nothing(
    accounts: Accounts, plain: Result, case: str
) -> None:
    assert outcome(accounts.outcome(case, "--region", "us-east-1")) == outcome(plain)


# What each command finds in a region where the account has nothing (README, --region).
ELSEWHERE: dict[str, str | None] = {
    "describe": None,
    "describe-instances": None,
    "describe-subnets": None,
    "describe-security-groups": None,
    "describe-vpcs": None,
    "create": f"InvalidSubnetID.NotFound: The subnet ID '{MANAGEMENT}' does not exist",
    "attach": "InvalidNetworkInterfaceID.NotFound: The networkInterface ID '{}' does not exist",
    "detach": "InvalidAttachmentID.NotFound: The interface attachment '{}' does not exist.",
    "delete": "InvalidNetworkInterfaceID.NotFound: The networkInterface ID '{}' does not exist",
    "describe-attribute": "InvalidNetworkInterfaceID.NotFound: The networkInterface ID "
    f"'{WEB_1_ETH0}' does not exist",
    "modify-attribute": "InvalidNetworkInterfaceID.NotFound: The networkInterface ID "
    f"'{WEB_1_ETH0}' does not exist",
    "reset-attribute": "InvalidNetworkInterfaceID.NotFound: The networkInterface ID "
    f"'{WEB_1_ETH0}' does not exist",
}


@pytest.mark.parametrize("case", CASES)
def test_another_region_is_empty_and_changes_nothing(accounts: Accounts, case: str) -> None:
    result, path, before, argv = accounts.outcome_at(case, "--region", "eu-west-1")
    expected = ELSEWHERE[case]
    if expected is None:
        assert outcome(result) == (0, "", "")
    else:
        # The setup made the interface or attachment in us-east-1; it is argv[1].
        assert outcome(result) == (1, "", f"Client.{expected.format(argv[1])}\n")
    assert path.read_bytes() == before


@pytest.mark.parametrize("region", ["EU", "us-east", "us_east_1", "useast1"])
def test_a_malformed_region_is_a_usage_error(run: Run, region: str) -> None:
    result = run("describe", "--region", region)
    assert (result.exit_code, result.stdout) == (2, "")
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.endswith("(-h for usage)\n")


@pytest.mark.parametrize("value", ["true", "TRUE", "True", "tRuE", "false", "FALSE", "False"])
def test_booleans_are_true_or_false_in_any_case(run: Run, value: str) -> None:
    wanted = value.lower()
    result = run("modify-attribute", WEB_1_ETH0, "--source-dest-check", value)
    assert outcome(result) == (
        0,
        f"NETWORKINTERFACE\t{WEB_1_ETH0}\tsourceDestCheck\nSOURCEDESTCHECK\t{wanted}\n",
        "",
    )
    shown = run("describe-attribute", WEB_1_ETH0, "--source-dest-check").stdout
    assert shown.splitlines()[1] == f"SOURCEDESTCHECK\t{wanted}"
    attachment = IDS["web-1-attachment"]
    dot = run("modify-attribute", WEB_1_ETH0, "-a", attachment, "--delete-on-termination", value)
    assert dot.exit_code == 0, dot.stderr
    shown = run("describe-attribute", WEB_1_ETH0, "-a").stdout
    assert shown.splitlines()[1].endswith(f"\tattached\t{wanted}")


@pytest.mark.parametrize("value", ["yes", "no", "1", "0", "on", "t", "f", ""])
def test_other_booleans_are_usage_errors(run: Run, state_path: Path, value: str) -> None:
    run("describe-vpcs")
    before = state_path.read_bytes()
    for argv in (
        ["modify-attribute", WEB_1_ETH0, "--source-dest-check", value],
        [
            "modify-attribute",
            WEB_1_ETH0,
            "-a",
            IDS["web-1-attachment"],
            "--delete-on-termination",
            value,
        ],
    ):
        result = run(*argv)
        assert (result.exit_code, result.stdout) == (2, "")
        assert len(result.stderr.splitlines()) == 1
        assert state_path.read_bytes() == before


# The same command, options and arguments shuffled (legacy-cli.md §1.1: any order).
ORDERS: dict[str, tuple[Setup, ...]] = {
    "detach": (
        lambda run: ["detach", "-H", _attached(run), "-f"],
        lambda run: ["detach", _attached(run), "-f", "-H"],
        lambda run: ["detach", "-f", "-H", _attached(run)],
    ),
    "attach": (
        lambda run: ["attach", _created(run), "-i", WEB_1, "-d", "1"],
        lambda run: ["attach", "-i", WEB_1, "-d", "1", _created(run)],
        lambda run: ["attach", "-d", "1", _created(run), "-H", "-i", WEB_1],
    ),
    "create": (
        lambda run: ["create", MANAGEMENT, "-d", "x", "-g", IDS["workshop/ssh-admin"]],
        lambda run: ["create", "-d", "x", "-g", IDS["workshop/ssh-admin"], MANAGEMENT],
        lambda run: ["create", "-g", IDS["workshop/ssh-admin"], MANAGEMENT, "-d", "x"],
    ),
    "modify-attribute": (
        lambda run: ["modify-attribute", WEB_1_ETH0, "--source-dest-check", "false", "-H"],
        lambda run: ["modify-attribute", "--source-dest-check", "false", "-H", WEB_1_ETH0],
        lambda run: ["modify-attribute", "-H", "--source-dest-check", "false", WEB_1_ETH0],
    ),
    "describe": (
        lambda run: ["describe", WEB_1_ETH0, IDS["app-1-eth0"], "-F", "status=in-use", "-H"],
        lambda run: ["describe", "-H", WEB_1_ETH0, "-F", "status=in-use", IDS["app-1-eth0"]],
        lambda run: ["describe", "-F", "status=in-use", "-H", WEB_1_ETH0, IDS["app-1-eth0"]],
    ),
    "reset-attribute": (
        lambda run: ["reset-attribute", WEB_1_ETH0, "--source-dest-check"],
        lambda run: ["reset-attribute", "--source-dest-check", WEB_1_ETH0],
    ),
    "describe-attribute": (
        lambda run: ["describe-attribute", WEB_1_ETH0, "-a", "-v"],
        lambda run: ["describe-attribute", "-a", WEB_1_ETH0],
    ),
}


@pytest.mark.parametrize("case", ORDERS)
def test_options_and_arguments_in_any_order(accounts: Accounts, case: str) -> None:
    results = []
    for setup in ORDERS[case]:
        bound, _ = accounts.fresh()
        results.append(bound(*setup(bound)))
    first = results[0]
    assert (first.exit_code, first.stderr) == (0, ""), first.stderr
    assert first.stdout
    for other in results[1:]:
        # -v's request ID differs from run to run; everything else must match.
        assert outcome(other)[0] == 0 and other.stderr == ""
        assert [r for r in other.stdout.splitlines() if not r.startswith("REQUEST ID")] == [
            r for r in first.stdout.splitlines() if not r.startswith("REQUEST ID")
        ]


@pytest.mark.parametrize("case", CASES)
def test_state_file_option_overrides_the_environment(
    run: Run, accounts: Accounts, state_path: Path, case: str
) -> None:
    bound, path = accounts.fresh()
    result = bound(*CASES[case](bound))
    assert result.exit_code == 0, result.stderr
    assert path.exists()
    assert not state_path.exists()  # the EC2ENI_STATE file was never touched
    if case in ("create", "attach", "detach", "modify-attribute"):
        assert run("describe").stdout != bound("describe").stdout
        assert run("describe").stdout == accounts.fresh()[0]("describe").stdout


def test_state_file_option_on_the_account_commands(
    run: Run, tmp_path: Path, state_path: Path
) -> None:
    other = tmp_path / "other.toml"
    assert run("account", "path", "--state-file", str(other)).stdout == f"{other}\n"
    assert run("account", "path").stdout == f"{state_path}\n"
    assert run("describe-vpcs", "--state-file", str(other)).exit_code == 0
    checked = run("account", "check", "--state-file", str(other))
    assert checked.exit_code == 0
    assert checked.stdout.startswith(f"{other}: OK")
    reset = run("account", "reset", "--yes", "--state-file", str(other))
    assert reset.exit_code == 0
    assert not state_path.exists()


def test_state_file_expands_the_home_folder(
    run: Run, tmp_path: Path, state_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    result = run("create", MANAGEMENT, "--state-file", "~/mine.toml")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "home" / "mine.toml").exists()
    assert not state_path.exists()


SINGLE_ARGUMENT = [
    "create",
    "attach",
    "detach",
    "delete",
    "describe-attribute",
    "modify-attribute",
    "reset-attribute",
]


@pytest.mark.parametrize("case", SINGLE_ARGUMENT)
def test_extra_arguments_are_a_warning_and_the_first_one_counts(
    accounts: Accounts, plain: Result, case: str
) -> None:
    # legacy-cli.md §1.4: two spaces after the colon, the ignored value between `[ ` and ` ]`.
    warned = accounts.outcome(case, "eni-0000000a")
    assert outcome(warned) == (
        0,
        plain.stdout,
        "WARNING:  Ignoring extra parameter(s): [ eni-0000000a ]\n",
    )


def test_option_values_may_start_with_a_dash(run: Run, state_path: Path) -> None:
    created = run("create", MANAGEMENT, "-d", "-weird")
    assert created.exit_code == 0, created.stderr
    eni_id = created.stdout.split("\t")[1]
    assert created.stdout.split("\t")[2] == "-weird"
    before = state_path.read_bytes()
    # legacy-cli.md §4: `-d -1` reaches the service, which refuses the index (not a usage error).
    result = run("attach", eni_id, "-i", WEB_1, "-d", "-1")
    assert outcome(result) == (
        1,
        "",
        "Client.InvalidParameterValue: Invalid network device index '-1'\n",
    )
    assert state_path.read_bytes() == before

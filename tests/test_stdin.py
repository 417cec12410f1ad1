"""The legacy general note: any option or parameter given as `-` is read from stdin."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Run

WAITING = "-- waiting for stdin --"


def test_positional_arguments_from_stdin_one_per_line(run: Run, ids: dict[str, str]) -> None:
    result = run(
        "describe", "-", "--hide-tags", input=f"{ids['web-1-eth0']}\n{ids['app-1-eth0']}\n"
    )
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == WAITING
    assert [line.split("\t")[1] for line in lines if line.startswith("NETWORKINTERFACE")] == [
        ids["web-1-eth0"],
        ids["app-1-eth0"],
    ]


def test_option_value_from_stdin(run: Run, ids: dict[str, str]) -> None:
    created = run("create", ids["management"])
    eni_id = created.stdout.split("\t")[1]
    result = run("attach", eni_id, "-i", "-", "-d", "1", input=f"{ids['web-1']}\n")
    assert result.exit_code == 0, result.stderr
    waiting, attachment = result.stdout.splitlines()
    assert waiting == WAITING
    assert attachment.startswith("eni-attach-")


def test_empty_stdin_is_a_usage_error_and_changes_nothing(
    run: Run, ids: dict[str, str], state_path: Path
) -> None:
    run("describe-vpcs")
    before = state_path.read_bytes()
    result = run("delete", "-", input="")
    assert result.exit_code == 2
    assert result.stderr == "ec2eni delete: Missing argument 'NETWORKINTERFACE'. (-h for usage)\n"
    assert state_path.read_bytes() == before


def test_only_one_value_can_come_from_stdin(run: Run, ids: dict[str, str]) -> None:
    result = run("attach", "-", "-i", "-", "-d", "1", input="x\n")
    assert result.exit_code == 2
    assert result.stderr == (
        "ec2eni attach: Only one option or parameter can be read from stdin ('-'). (-h for usage)\n"
    )


def test_number_from_stdin(run: Run, ids: dict[str, str]) -> None:
    eni_id = run("create", ids["management"]).stdout.split("\t")[1]
    result = run("attach", eni_id, "-i", ids["web-1"], "-d", "-", input="1\n")
    assert result.exit_code == 0, result.stderr
    shown = run("describe", eni_id, "--hide-tags").stdout.splitlines()
    assert any(line.startswith(f"ATTACHMENT\t{ids['web-1']}\t") for line in shown)


def test_count_from_stdin(run: Run, ids: dict[str, str]) -> None:
    result = run(
        "create", ids["management"], "--secondary-private-ip-address-count", "-", input="2"
    )
    assert result.exit_code == 0, result.stderr
    assert [line for line in result.stdout.splitlines() if line.startswith("PRIVATEIP")] == [
        "PRIVATEIPADDRESS\t10.0.2.4\tip-10-0-2-4.ec2.internal",
        "PRIVATEIPADDRESS\t10.0.2.5\tip-10-0-2-5.ec2.internal",
        "PRIVATEIPADDRESS\t10.0.2.6\tip-10-0-2-6.ec2.internal",
    ]


def test_boolean_from_stdin(run: Run, ids: dict[str, str]) -> None:
    eni_id = ids["web-1-eth0"]
    result = run("modify-attribute", eni_id, "--source-dest-check", "-", input="FALSE\n")
    assert result.exit_code == 0, result.stderr
    shown = run("describe-attribute", eni_id, "--source-dest-check")
    assert shown.stdout.splitlines()[1] == "SOURCEDESTCHECK\tfalse"


def test_bad_value_from_stdin_is_the_same_usage_error_and_changes_nothing(
    run: Run, ids: dict[str, str], state_path: Path
) -> None:
    run("describe-vpcs")
    before = state_path.read_bytes()
    result = run("modify-attribute", ids["web-1-eth0"], "--source-dest-check", "-", input="yes\n")
    assert result.exit_code == 2
    assert result.stderr == (
        "ec2eni modify-attribute: Invalid value for '--source-dest-check': 'yes' is not a "
        "boolean: use true or false (any case). (-h for usage)\n"
    )
    assert state_path.read_bytes() == before

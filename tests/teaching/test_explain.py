"""`ec2eni explain`: one explanation for every error code the simulator can answer, and only for
those (the codes are read from the source, tests/teaching/engine_codes.py), each with commands
that run; the listing, the exact text of one explanation, the `Client.` prefix, unknown codes."""

from __future__ import annotations

import re
import shlex
import textwrap
from importlib.metadata import distribution
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from ec2eni.cli.group import main
from ec2eni.teaching import explanations
from tests.conftest import Run
from tests.teaching.engine_codes import Unresolved, raised_codes

RAISED = raised_codes()
KNOWN = explanations.explanations()


def test_every_code_the_engine_raises_has_an_explanation() -> None:
    missing = {code: RAISED[code] for code in sorted(set(RAISED) - set(KNOWN))}
    assert not missing, f"codes without an explanation in explanations.toml: {missing}"


def test_every_explanation_is_of_a_code_the_engine_raises() -> None:
    extra = sorted(set(KNOWN) - set(RAISED))
    assert not extra, f"explanations of codes nothing raises: {extra}"


def test_the_reader_finds_codes_however_they_are_built() -> None:
    # A literal, a table looked up by kind, a tuple unpacked from a table, an f-string over a
    # table's element, and the one code the CLI layer raises.
    assert {
        "AttachmentLimitExceeded",
        "InvalidNetworkInterfaceId.Malformed",
        "InvalidAttachmentID.NotFound",
        "InvalidAssociationID.Malformed",
        "UnauthorizedOperation",
    } <= set(RAISED)
    assert "ec2eni/engine/attachments.py" in " ".join(RAISED["AttachmentLimitExceeded"])


def test_the_reader_follows_parameters_and_refuses_what_it_cannot_follow(tmp_path: Path) -> None:
    module = tmp_path / "sample.py"
    module.write_text(
        textwrap.dedent(
            """
            _KINDS = {"a": ("First", 1), "b": ("Second", 2)}

            def refuse(code, message):
                raise EC2Error(f"{code}.Bad", message)

            def use(kind):
                name, _ = _KINDS[kind]
                refuse(name, "x")
                refuse(code="Third", message="y")
            """
        )
    )
    assert set(raised_codes([module])) == {"First.Bad", "Second.Bad", "Third.Bad"}
    module.write_text("def f(x):\n    raise EC2Error(x.code, 'message')\n")
    with pytest.raises(Unresolved):
        raised_codes([module])


def test_listing_gives_every_code_once_with_its_summary(run: Run) -> None:
    result = run("explain")
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == sorted(KNOWN, key=str.casefold)
    width = max(map(len, KNOWN)) + 2
    assert (
        "AttachmentLimitExceeded".ljust(width) + ("the instance type takes no more interfaces")
        in lines
    )
    assert all(line[width:] == KNOWN[line.split()[0]].summary for line in lines)


IN_USE = """\
InvalidNetworkInterface.InUse: the interface is already attached

The rule:
  Only an `available` interface can be attached (by attach, or by
  run-instances `-a ENI:...`): one that is attached to any instance, this one
  included, is refused, and so is a requester-managed interface (a service's,
  such as a load balancer's). With realistic timing a detaching interface
  stays in use until the detach completes (2 seconds).

Why EC2 has it:
  An interface is one virtual network card: it can be plugged into one
  instance at a time. Moving it is two steps, detach then attach, so a script
  cannot take an interface away from a running instance by accident.

How to fix the request:
  Detach it first with the attachment ID of its ATTACHMENT line, or create a
  new interface for the second instance.

Commands that show the state:
  ec2dnic ENI                  # status in-use and the ATTACHMENT line (instance, attachment ID)
  ec2dnic -F status=available  # the interfaces that can be attached now
"""


def test_one_explanation_exactly(run: Run) -> None:
    result = run("explain", "InvalidNetworkInterface.InUse")
    assert (result.exit_code, result.stdout, result.stderr) == (0, IN_USE, "")


@pytest.mark.parametrize(
    "given",
    [
        "Client.InvalidNetworkInterface.InUse",
        "client.invalidnetworkinterface.inuse",
        "INVALIDNETWORKINTERFACE.INUSE",
        "Client.InvalidNetworkInterface.InUse: Interface: [eni-1706a5992fc9609ea] in use.",
    ],
)
def test_the_code_as_stderr_prints_it_in_any_case(run: Run, given: str) -> None:
    result = run("explain", given)
    assert (result.exit_code, result.stdout, result.stderr) == (0, IN_USE, "")


def test_an_error_line_of_a_real_command_is_explained(run: Run, ids: dict[str, str]) -> None:
    # The legacy stderr line is what it always was; pasted whole, it is explained.
    failed = run("attach", ids["web-1-eth0"], "-i", ids["standby-1"], "-d", "1")
    line = f"Client.InvalidNetworkInterface.InUse: Interface: [{ids['web-1-eth0']}] in use.\n"
    assert (failed.exit_code, failed.stdout, failed.stderr) == (1, "", line)
    result = run("explain", line.strip())
    assert (result.exit_code, result.stdout) == (0, IN_USE)


@pytest.mark.parametrize(
    ("given", "hint"),
    [
        ("AttachmentLimit", "Did you mean 'AttachmentLimitExceeded'?"),
        ("Client.InvalidSubnetId.NotFund", "Did you mean 'InvalidSubnetID.NotFound'?"),
        ("xyzzy", "'ec2eni explain' lists the codes."),
    ],
)
def test_an_unknown_code_is_a_usage_error_with_a_suggestion(
    run: Run, given: str, hint: str
) -> None:
    result = run("explain", given)
    code = given.removeprefix("Client.")
    line = f"ec2eni explain: Unknown error code '{code}'. {hint} (-h for usage)\n"
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", line)


def test_every_explanation_is_complete_and_within_the_width() -> None:
    for code, explanation in KNOWN.items():
        lines = explanations.render(explanation)
        assert lines[0] == f"{code}: {explanation.summary}"
        assert len(explanation.summary) <= 52, code  # the listing stays under 100 columns
        # The first line is the code and its summary, as long as a line of the listing.
        body = lines[1 : lines.index("Commands that show the state:")]
        assert all(len(line) <= explanations.WIDTH for line in body), code
        assert "{" not in "\n".join(lines), code  # every figure filled in from the engine


def test_figures_come_from_the_engine() -> None:
    assert explanations.fill("{interfaces:p5.48xlarge} of {all_interfaces:p5.48xlarge}") == (
        "2 of 64"
    )
    assert explanations.fill("{ipv4:m5.large}, {eni_quota}") == "10, 5,000"
    with pytest.raises(ValueError):
        explanations.fill("{interfaces:t9.huge}")
    with pytest.raises(ValueError):
        explanations.fill("{no_such_figure}")


# Each command an explanation suggests runs on the default account, its capitals replaced by IDs.
_PLACEHOLDERS = {
    "ENI": "web-1-eth0",
    "INSTANCE": "web-1",
    "SUBNET": "public",
    "VPC": "workshop",
    "GROUP": "workshop/web",
    "ATTACHMENT": "web-1-attachment",
}
_LITERALS = {"TYPE": "t3.micro", "IP": "10.0.1.4", "ID": "vpc", "NAME": "web", "COMMAND": "attach"}
_SCRIPTS = {e.name: e for e in distribution("ec2eni").entry_points if e.group == "console_scripts"}
_COMMANDS = sorted(
    {command for explanation in KNOWN.values() for command, _ in explanation.commands}
)


@pytest.mark.parametrize("command", _COMMANDS)
def test_every_suggested_command_runs(command: str, ids: dict[str, str]) -> None:
    values = {word: ids[name] for word, name in _PLACEHOLDERS.items()}
    values |= _LITERALS
    values["ID"] = ids["workshop"]
    words = [
        re.sub(r"\b[A-Z]+\b", lambda m: values.get(m.group(0), m.group(0)), word)
        for word in shlex.split(command)
    ]
    assert not [w for w in words if re.search(r"\b[A-Z]{2,}\b", w)], words
    name, *args = words
    target: click.Command = main if name == "ec2eni" else _SCRIPTS[name].load()
    result: Result = CliRunner().invoke(target, args, prog_name=name, catch_exceptions=False)
    assert result.exit_code == 0, (words, result.stderr)

"""`ec2eni scenario`: labs on the classic uses of multiple network interfaces, which the tool
starts, explains and checks. A modern command only (no legacy names): the legacy tools had none.

The scenarios themselves are data (`ec2eni/teaching/scenarios/*.toml`), imported only when a
scenario command runs, so the other commands do not pay for reading them at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from ec2eni.cli.account import replace_account, state_file_option
from ec2eni.cli.options import CONTEXT_SETTINGS, OUTPUT_OPTION, General
from ec2eni.cli.runtime import EC2Command, OneLineErrors, answer, read_account, store_for
from ec2eni.render import Style

if TYPE_CHECKING:
    from ec2eni.teaching.scenarios import Scenario

WIDTH = 78


class ScenarioGroup(OneLineErrors, click.Group):
    pass


def _fault(error: Exception) -> click.ClickException:
    return click.ClickException(f"a scenario file of ec2eni is wrong (please report it): {error}")


class ScenarioName(click.ParamType[Any, "Scenario"]):
    """A scenario's name; an unknown one is a usage error that lists the names there are."""

    name = "NAME"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> Scenario:
        from ec2eni.teaching.scenarios import ScenarioError, UnknownScenario, load

        try:
            return load(str(value))
        except UnknownScenario as unknown:
            self.fail(str(unknown), param, ctx)
        except ScenarioError as error:
            raise _fault(error) from None

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[click.shell_completion.CompletionItem]:
        from click.shell_completion import CompletionItem

        from ec2eni.teaching.scenarios import names

        return [CompletionItem(name) for name in names() if name.startswith(incomplete)]


name_argument = click.argument("scenario", metavar="NAME", type=ScenarioName())


def _general(state_file: str | None) -> General:
    return General(style=Style(), verbose=False, debug=False, region=None, state_file=state_file)


def _wrapped(text: str, first: str = "", rest: str = "") -> str:
    """Each paragraph of `text` (blank-line separated) filled to the width."""
    import textwrap

    return "\n\n".join(
        textwrap.fill(
            " ".join(paragraph.split()), WIDTH, initial_indent=first, subsequent_indent=rest
        )
        for paragraph in text.split("\n\n")
        if paragraph.strip()
    )


@click.group(
    "scenario",
    cls=ScenarioGroup,
    context_settings=CONTEXT_SETTINGS,
    epilog="\b\nExamples:\n  ec2eni scenario list\n  ec2eni scenario show high-availability\n"
    "  ec2eni scenario start high-availability --yes\n"
    '  ec2eni scenario check high-availability || echo "not done yet"',
)
def scenario() -> None:
    """Labs on the classic uses of multiple network interfaces: list them, read one (why, goal,
    the exact commands), start it on the account, check your work."""


@scenario.command(
    "list",
    cls=EC2Command,
    context_settings=CONTEXT_SETTINGS,
    epilog="\b\nExamples:\n  ec2eni scenario list\n  ec2eni scenario list | cut -d' ' -f1",
)
@OUTPUT_OPTION
def list_scenarios(output: str | None) -> None:
    """List the scenarios, in teaching order: name, then what the lab is about."""
    from ec2eni.render import teaching
    from ec2eni.teaching.scenarios import ScenarioError, load_all

    try:
        found = load_all()
    except ScenarioError as error:
        raise _fault(error) from None
    width = max(len(s.name) for s in found)
    text = [f"{s.name:<{width}}  {s.summary}" for s in found]
    answer(output, text, lambda: teaching.scenarios(found))


@scenario.command(
    "show",
    cls=EC2Command,
    context_settings=CONTEXT_SETTINGS,
    epilog="\b\nExamples:\n  ec2eni scenario show management-network\n"
    "  ec2eni scenario show high-availability | grep '^\\$ '",
)
@name_argument
@OUTPUT_OPTION
def show(scenario: Scenario, output: str | None) -> None:
    """Print a scenario: why teams do this, the starting point, the goal, and the steps with the
    exact commands (each on a line of its own starting with `$ `, to run in order in one shell)
    and what to look at after each."""
    from ec2eni.render import teaching
    from ec2eni.teaching.scenarios import setup_line

    setup = [setup_line(action) for action in scenario.setup]
    out = [f"{scenario.title} ({scenario.name})", _wrapped(scenario.summary), ""]
    out += ["Why", _wrapped(scenario.idea), ""]
    out += ["Starting point", _wrapped(scenario.start)]
    if scenario.setup:
        out += [
            "",
            f"`ec2eni scenario start {scenario.name}` writes the default account, plus:",
            *(_wrapped(line, "  - ", "    ") for line in setup),
        ]
    out += ["", "Goal", _wrapped(scenario.goal), ""]
    out += [f"`ec2eni scenario check {scenario.name}` checks that:"]
    out += [_wrapped(r.statement, "  - ", "    ") for r in scenario.requirements]
    out += [
        "",
        "Steps",
        _wrapped(
            "Run the commands in one shell, in order: later ones use the variables earlier ones "
            "set. ethN is the interface at device index N."
        ),
    ]
    for number, step in enumerate(scenario.steps, 1):
        out += ["", _wrapped(step.do, f"{number}. ", "   ")]
        out += [f"$ {command}" for command in step.run]
        out += [_wrapped(step.look, "   Look at: ", "   ")]
    out += ["", f"Then: ec2eni scenario check {scenario.name}"]
    answer(output, "\n".join(out).split("\n"), lambda: teaching.scenario(scenario, setup))


@scenario.command(
    "start",
    cls=EC2Command,
    context_settings=CONTEXT_SETTINGS,
    epilog="\b\nExamples:\n  ec2eni scenario start management-network\n"
    "  ec2eni scenario start high-availability --yes",
)
@name_argument
@state_file_option
@click.option("-y", "--yes", is_flag=True, help="Do not ask before replacing the account.")
@OUTPUT_OPTION
def start(scenario: Scenario, state_file: str | None, yes: bool, output: str | None) -> None:
    """Replace the account with the scenario's starting account: the default account plus what
    the scenario needs before your first step.

    Asks first when there is an account file (unless --yes); the old file is kept beside it as
    <name>.<UTC time>.bak, as `ec2eni account reset` keeps it.
    """
    from ec2eni.cli.account import shown
    from ec2eni.engine import timing
    from ec2eni.render import teaching
    from ec2eni.teaching.scenarios import ScenarioError, build_start

    store = store_for(_general(state_file))
    # Built settled whatever $EC2ENI_TIMING says: the lab starts from instances that are running.
    timing.override("instant")
    try:
        account = build_start(scenario)
    except ScenarioError as error:
        raise _fault(error) from None
    what = f"the starting account of scenario {scenario.name}"
    text, backup = replace_account(store, account, yes=yes, what=what)
    text.append(f"Next: ec2eni scenario show {scenario.name}")
    answer(
        output,
        text,
        lambda: teaching.replaced(what, shown(store.path), backup, scenario_name=scenario.name),
    )


@scenario.command(
    "check",
    cls=EC2Command,
    context_settings=CONTEXT_SETTINGS,
    epilog="\b\nExamples:\n  ec2eni scenario start multi-vpc --yes\n"
    '  ec2eni scenario check multi-vpc || echo "not done yet"',
)
@name_argument
@state_file_option
@OUTPUT_OPTION
def check(scenario: Scenario, state_file: str | None, output: str | None) -> None:
    """Compare the account with the scenario's goal: one line per requirement, `[met]` or
    `[not met]` with what the account shows instead and a hint. Exit 0 when every requirement is
    met, 1 otherwise. The account is not changed."""
    from ec2eni.render import teaching
    from ec2eni.teaching import goals
    from ec2eni.teaching.scenarios import ScenarioError, build_start

    account = read_account(_general(state_file))
    try:
        outcomes = goals.check(scenario.requirements, account, lambda: build_start(scenario))
    except ScenarioError as error:
        raise _fault(error) from None
    text = [
        f"[met] {o.statement}" if o.met else f"[not met] {o.statement} ({o.found}) — hint: {o.hint}"
        for o in outcomes
    ]
    met = sum(outcome.met for outcome in outcomes)
    if met == len(outcomes):
        text.append(f"All {met} requirements met: scenario {scenario.name} is done.")
    else:
        text.append(
            f"{met} of {len(outcomes)} requirements met; the steps: ec2eni scenario show "
            f"{scenario.name}"
        )
    answer(output, text, lambda: teaching.check(scenario.name, outcomes))
    if met != len(outcomes):
        raise click.exceptions.Exit(1)

"""`ec2eni explain [CODE]`: what an error code means, why EC2 has the rule, how to fix the request
(`ec2eni.teaching.explanations`). A modern command: no legacy name, no account needed."""

from __future__ import annotations

from collections.abc import Callable

import click

from ec2eni.cli.options import CONTEXT_SETTINGS, OUTPUT_OPTION
from ec2eni.cli.runtime import EC2Command, answer
from ec2eni.cli.usage import Usage
from ec2eni.render.lines import Response
from ec2eni.teaching import explanations


@click.command(
    "explain",
    cls=EC2Command,
    context_settings=CONTEXT_SETTINGS,
    epilog="\b\nExamples:\n"
    "  ec2eni explain\n"
    "  ec2eni explain AttachmentLimitExceeded\n"
    "  ec2eni explain Client.InvalidInstanceID.NotFound\n"
    "  ec2eni explain invalidparametervalue | grep -A6 'How to fix'",
)
@click.argument("code", metavar="[CODE]", required=False)
@OUTPUT_OPTION
def explain(code: str | None, output: str | None) -> None:
    """Explain an error code the simulator answers (printed as `Client.CODE: message`): the rule,
    why EC2 has it, how to fix the request, and the commands that show the state involved.

    Without CODE, list every code with a one-line summary. CODE may be given in any case, with
    or without the `Client.` prefix.
    """
    from ec2eni.render import teaching

    response: Callable[[], Response]
    if code is None:
        lines = explanations.listing()
        known = explanations.explanations()

        def response() -> Response:
            return teaching.explanations(known[c] for c in sorted(known, key=str.casefold))

    else:
        try:
            found = explanations.find(code)
            lines = explanations.render(found)

            def response() -> Response:
                return teaching.explanation(found)

        except explanations.UnknownCode as unknown:
            hint = (
                f"Did you mean '{unknown.suggestion}'?"
                if unknown.suggestion
                else "'ec2eni explain' lists the codes."
            )
            raise Usage(f"Unknown error code '{unknown.code}'. {hint}") from None
    answer(output, lines, response)

"""`ec2eni version` (legacy `ec2-version`, `ec2ver`): the version line in the legacy form."""

from __future__ import annotations

from ec2eni import __version__
from ec2eni.cli.declare import command
from ec2eni.cli.options import API_VERSION, LEGACY_TOOLS_VERSION, General, general_options
from ec2eni.cli.runtime import emit, new_lines


@command(
    "version",
    "ec2-version",
    "ec2ver",
    "Print the version, then the EC2 API version the commands follow, separated by a space.\n\n"
    "The legacy tool printed its own version (1.6.7.1) and the API version (2013-02-01); scripts "
    "that split the line at the space keep working. ec2eni prints its own version in the first "
    "field, so a script that must know it talks to the simulator can tell.",
    """
  ec2ver
  ec2-version | cut -d' ' -f2
""",
)
@general_options
def version(general: General) -> None:
    out = new_lines(general)
    out.lines.append(f"{__version__} {API_VERSION}")
    out.respond(
        lambda: {
            "Version": __version__,
            "ApiVersion": API_VERSION,
            "LegacyToolsVersion": LEGACY_TOOLS_VERSION,
        }
    )
    emit(general, out)

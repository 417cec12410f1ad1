"""The command-line layer: `ec2eni <command>` (`ec2eni.cli.group`) and the legacy console
scripts (`ec2eni.cli.legacy`), one module per family of commands.

Exit codes are decided in `ec2eni.cli.runtime` (see its docstring, and the README).

This file imports nothing: a legacy script such as `ec2dnic` imports this package before its own
module, and pays at start-up for whatever is imported here.
"""

"""The command-line layer: `ec2eni <command>` (`ec2eni.cli.group`) and the legacy console
scripts (`ec2eni.cli.legacy`), one module per family of commands.

Exit codes are decided in `ec2eni.cli.runtime` (see its docstring, and the README).

Every console script imports this package first, before click and before its own module, so it
holds the one start-up measure that has to come first: the cyclic garbage collector is paused
while the command's modules are imported, and `started()` (called as a command begins) freezes
what the imports made and turns the collector back on. Imports make many long-lived objects and
little garbage, yet trigger collection after collection that walks all of them, and the
interpreter walks them once more at exit; together that was about a fifth of a command's run.
Frozen objects are never collected, which costs nothing for module-level objects that live to
the end anyway. Otherwise this package imports nothing: a legacy script such as `ec2dnic` pays
for whatever is imported here.
"""

from __future__ import annotations

import gc

# Paused only if it was running: a program that imports ec2eni with the collector off keeps it off.
_paused = gc.isenabled()
gc.disable()


def started() -> None:
    """The command's modules are imported: freeze what they made and resume collecting (once)."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()

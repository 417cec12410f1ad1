"""The account state file: where it is, reading, checking and writing it (`state_file`), the TOML
document it holds (`codec`), a parse cache beside it (`cache`) and the upgrade of files written by
earlier releases (`migration`). It imports the engine's model and rules, never the CLI."""

from __future__ import annotations

from ec2eni.store.state_file import (
    ENV_STATE,
    DamagedState,
    Store,
    default_state_path,
    resolve_state_path,
)

__all__ = ["ENV_STATE", "DamagedState", "Store", "default_state_path", "resolve_state_path"]

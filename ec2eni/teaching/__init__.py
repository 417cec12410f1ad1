"""Teaching aids beside the simulator: explanations of its errors, its limits table, pictures
and scenarios. They read the engine (descriptions, limits, errors) and never re-implement a rule.

Their data files sit beside this file. They are read as files when the package is on disk (as
pip installs it): `importlib.resources` costs a teaching command about 8 ms of start-up (it
imports pathlib, tempfile and more), so it is only the fallback for a package that is not made
of files (a zip).
"""

from __future__ import annotations

import os

_HERE = os.path.dirname(os.path.abspath(__file__))


def read_text(*parts: str) -> str:
    """The text of a data file of this package (`read_text("scenarios", "multi-vpc.toml")`)."""
    try:
        with open(os.path.join(_HERE, *parts), encoding="utf-8") as handle:
            return handle.read()
    except (FileNotFoundError, NotADirectoryError):
        from importlib import resources

        return resources.files(__name__).joinpath(*parts).read_text(encoding="utf-8")


def file_names(folder: str) -> list[str]:
    """The names of the files in a data folder of this package."""
    try:
        return os.listdir(os.path.join(_HERE, folder))
    except (FileNotFoundError, NotADirectoryError):
        from importlib import resources

        return [entry.name for entry in resources.files(__name__).joinpath(folder).iterdir()]

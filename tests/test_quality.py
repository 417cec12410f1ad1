"""The code stays ruff-clean and passes mypy --strict; the engine imports neither click nor rich."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_ruff_check() -> None:
    done = _run("ruff", "check", "ec2eni", "tests", "bench")
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_format() -> None:
    done = _run("ruff", "format", "--check", "ec2eni")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict() -> None:
    done = _run("mypy", "ec2eni")
    assert done.returncode == 0, done.stdout + done.stderr


def _imports(module: Path) -> set[str]:
    """The modules `module` imports, as dotted names (`ec2eni.store.codec`, `click`, ...)."""
    imported: set[str] = set()
    for node in ast.walk(ast.parse(module.read_text())):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
    return imported


def _layer(name: str) -> str:
    parts = name.split(".")
    return ".".join(parts[:2]) if parts[0] == "ec2eni" else parts[0]


# cli -> store -> engine, one direction: what each layer must never import.
FORBIDDEN = {
    "engine": {"click", "rich", "ec2eni.store", "ec2eni.cli", "ec2eni.render"},
    "store": {"click", "rich", "ec2eni.cli", "ec2eni.render"},
}


@pytest.mark.parametrize(
    "module",
    [m for layer in FORBIDDEN for m in sorted((ROOT / "ec2eni" / layer).glob("*.py"))],
    ids=lambda m: f"{m.parent.name}/{m.name}",
)
def test_layers_import_in_one_direction(module: Path) -> None:
    layers = {_layer(name) for name in _imports(module)}
    assert not layers & FORBIDDEN[module.parent.name]

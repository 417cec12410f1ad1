"""Every ```console example of the README produces what it shows.

The blocks run in README order as one bash session (so `ENI=$(...)` carries over), each command's
stderr merged into its output as a terminal shows it, with the installed console scripts first on
PATH and HOME pointing at a temporary folder, so the default account is created at its real
default path. The only normalisation: that temporary HOME is printed as `/home/you`.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
MARK = "@@ec2eni-readme-end@@"


def console_examples() -> list[tuple[str, str]]:
    """(command, expected output) pairs from the README's console blocks, in order."""
    examples: list[tuple[str, str]] = []
    for block in re.findall(r"```console\n(.*?)```", README.read_text(), re.DOTALL):
        for chunk in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
            command, _, output = chunk.partition("\n")
            examples.append((command, output))
    return examples


def test_readme_has_console_examples() -> None:
    assert len(console_examples()) >= 20


def test_readme_console_examples_run_as_shown(tmp_path: Path) -> None:
    examples = console_examples()
    # `{ ...; }` groups without a subshell, so shell variables set by one example reach the next.
    script = "".join(f"{{ {command}\n}} 2>&1\nprintf '{MARK}\\n'\n" for command, _ in examples)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EC2ENI_", "XDG_"))}
    env["HOME"] = str(tmp_path)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    done = subprocess.run(
        ["bash", "-c", script],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=300,
        check=False,
    )
    assert done.stderr == ""
    outputs = done.stdout.replace(str(tmp_path), "/home/you").split(f"{MARK}\n")
    assert len(outputs) == len(examples) + 1
    for (command, expected), actual in zip(examples, outputs, strict=False):
        assert actual == expected, f"$ {command}"

"""A state file written by release 0.1.0 (commit a8df1f6) keeps working: `tests/data/
account-release-0.1.0.toml` was made by that release's own commands (the default account, an
interface created, attached and modified, and one with a TAB and quotes in its description).

Since then the file has gained `security_groups_per_interface`; a file without it reads as EC2's
default of 5. Reading never rewrites the file; the next changing command writes the setting and
keeps every record and ID.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from ec2eni.store import codec
from tests.conftest import Run

OLD = Path(__file__).resolve().parent / "data" / "account-release-0.1.0.toml"


def _install(state_path: Path) -> bytes:
    data = OLD.read_bytes()
    state_path.write_bytes(data)
    return data


def test_reading_a_release_0_1_0_file_never_rewrites_it(run: Run, state_path: Path) -> None:
    before = _install(state_path)
    shown = run("describe", "--hide-tags")
    assert shown.exit_code == 0, shown.stderr
    assert shown.stdout.count("NETWORKINTERFACE\t") == 6
    assert 'NETWORKINTERFACE\teni-d0b904217dda58f03\ttab\\tand "quote"\t' in shown.stdout
    checked = run("account", "check")
    assert checked.stdout == (f"{state_path}: OK (6 network interfaces, 5 instances, 7 subnets)\n")
    assert state_path.read_bytes() == before


def test_a_release_0_1_0_file_gets_the_default_group_limit(run: Run, state_path: Path) -> None:
    _install(state_path)
    account, problems = codec.decode(tomllib.loads(OLD.read_text()))
    assert (problems, account.groups_per_interface) == ([], 5)


def test_the_next_change_writes_the_new_setting_and_keeps_every_record(
    run: Run, state_path: Path
) -> None:
    _install(state_path)
    old_document = tomllib.loads(OLD.read_text())
    assert "security_groups_per_interface" not in old_document

    changed = run("modify-attribute", "eni-09812cbf8065e9511", "-d", "changed")
    assert changed.exit_code == 0, changed.stderr

    new_document = tomllib.loads(state_path.read_text())
    assert new_document.pop("security_groups_per_interface") == 5
    for record in new_document["network_interfaces"]:
        if record["id"] == "eni-09812cbf8065e9511":
            assert record["description"] == "changed"
            record["description"] = "management NIC"
    assert new_document == old_document

"""The teaching data files are read as files, and through importlib.resources when the package
is not on disk (a zip): both ways give the same text and the same names."""

from __future__ import annotations

from pathlib import Path

import pytest

import ec2eni.teaching as teaching


def test_read_as_files_and_through_resources_alike(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    text = teaching.read_text("explanations.toml")
    names = sorted(teaching.file_names("scenarios"))
    assert '["AttachmentLimitExceeded"]' in text and "multi-vpc.toml" in names
    # Nothing at the path the files are looked for: the fallback answers.
    monkeypatch.setattr(teaching, "_HERE", str(tmp_path / "not-there"))
    assert teaching.read_text("explanations.toml") == text
    assert sorted(teaching.file_names("scenarios")) == names

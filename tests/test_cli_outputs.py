"""The files the command line writes: never an input, always whole, as the options say.

From a hostile tester's report (hM): `tabbook -o` and `check --output` overwrote the very
file they read, `check --output` bypassed the atomic writer, and an option given twice
silently kept only its last value.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import tracktr as tt
from tracktr.cli import main

FIGURES = "id,kind,value,base\na,percent,14,8\n"
"""A figures file with one finding: 14% of 8 is impossible (1 of 8 is 12.5%, 2 is 25%)."""


@pytest.fixture
def figures(tmp_path: Path) -> Path:
    path = tmp_path / "figures.csv"
    path.write_text(FIGURES, encoding="utf-8")
    return path


def _one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("tracktr: error: "), lines[0]
    return lines[0]


# -- F5: check --output goes through the atomic writer ----------------------------------------


def test_check_output_refuses_a_read_only_file(
    tmp_path: Path, figures: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Old: exit 0 and the read-only file replaced (tabbook refused the same file).
    locked = tmp_path / "locked.csv"
    locked.write_text("precious\n", encoding="utf-8")
    locked.chmod(0o444)
    assert main(["check", str(figures), "--output", str(locked)]) == 2
    assert "is read-only; it was not replaced" in _one_error_line(capsys)
    assert locked.read_text(encoding="utf-8") == "precious\n"


def test_findings_write_that_fails_leaves_the_file_as_it_was(
    tmp_path: Path, figures: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Old: path.write_text emptied the file, then failed on the character it cannot encode.
    target = tmp_path / "findings.csv"
    target.write_text("precious\n", encoding="utf-8")
    found = tt.check.report(figures)
    monkeypatch.setattr(tt.check.Findings, "render", lambda *args, **kwargs: "half\udc80")
    with pytest.raises(tt.WriteError, match="cannot be written as utf-8"):
        found.write(target)
    assert target.read_text(encoding="utf-8") == "precious\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["figures.csv", "findings.csv"]

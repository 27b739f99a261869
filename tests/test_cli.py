"""The tracktr command, run in-process and once as an installed console script."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import tracktr as tt
from tracktr.cli import main


def test_reproduce_prints_tables_and_a_summary(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "90")  # shutil.get_terminal_size reads it first
    assert main(["reproduce"]) == 0
    out = capsys.readouterr().out
    assert "Table 3" in out
    lines = out.rstrip().splitlines()
    # The summary is wrapped to the terminal's width, like every other line.
    assert any(line.startswith("Reproduced ") for line in lines[-6:])
    assert max(len(line) for line in lines) <= 90


def test_reproduce_writes_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reproduce", "--format", "json", "--output", str(tmp_path)]) == 0
    assert (tmp_path / "table_2.json").exists()
    assert "Reproduced" in capsys.readouterr().out


def test_check_a_printed_percentage(capsys: pytest.CaptureFixture[str]) -> None:
    # Section 2.4: "94% ... of CRC-funded organisations" of n=19 cannot be printed half-up.
    assert main(["check", "94", "19"]) == 0
    assert "94" in capsys.readouterr().out


def test_check_reference(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--reference"]) == 0
    assert "impossible" in capsys.readouterr().out


def test_check_needs_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 2
    assert "--reference" in capsys.readouterr().err


def test_tabulate_a_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "answers.csv"
    pd.DataFrame({"q": ["Yes", "No", "No", ""], "g": ["a", "a", "b", "b"]}).to_csv(
        path, index=False
    )
    assert main(["tabulate", str(path), "q", "--options", "Yes,No", "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert "| Yes  | 33 (1) |" in out


def test_tabulate_with_a_codebook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = tmp_path / "book.toml"
    survey = tt.Survey.from_dict(
        {
            "title": "Demo",
            "questions": [{"id": "q", "type": "single", "text": "Q?", "options": ["Yes", "No"]}],
        }
    )
    survey.to_toml(book)
    data = tmp_path / "data.csv"
    pd.DataFrame({"respondent_id": [1, 2, 3], "q": ["Yes", "No", "Yes"]}).to_csv(data, index=False)
    assert main(["tabulate", str(data), "q", "--codebook", str(book)]) == 0
    assert "Q?" in capsys.readouterr().out
    assert main(["validate", str(data), str(book)]) == 0
    assert "3 responses match" in capsys.readouterr().out


def test_errors_exit_2_with_the_message(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tabulate", "no-such-file.csv", "q"]) == 2
    assert "no such file" in capsys.readouterr().err


def test_console_script() -> None:
    # The script installed beside this interpreter (the package is installed, not run
    # from the source tree).
    script = Path(sys.executable).parent / "tracktr"
    done = subprocess.run(
        [str(script), "--help"], capture_output=True, text=True, check=False, timeout=60
    )
    assert done.returncode == 0
    assert "reproduce" in done.stdout


def test_import_loads_no_heavy_or_optional_dependency() -> None:
    code = (
        "import sys, tracktr; "
        "print(','.join(m for m in ('scipy', 'pandera', 'matplotlib', 'hypothesis', "
        "'openpyxl', 'pyreadstat') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert done.stdout.strip() == ""

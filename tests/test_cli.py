"""The tracktr command, run in-process and once as an installed console script."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import tracktr as tt
from tracktr import cli
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


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        # Before: exit 0 whatever was found, so a CI step checking a report never failed.
        (["check", "--reference", "--fail-on", "impossible"], 1),
        (["check", "94", "19", "--fail-on", "impossible"], 1),
        (["check", "95", "19", "--fail-on", "impossible"], 0),
        (["check", "--reference"], 0),
    ],
)
def test_check_fails_on_findings_when_asked(
    argv: list[str], code: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == code
    out = capsys.readouterr().out
    assert ("impossible" in out.lower()) == (code == 1 or "--reference" in argv)


def test_check_fail_on_counts_only_findings_that_severe(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "figures.csv"
    # 17% of 80 is not a half-up percentage of any count (13 gives 16%, 14 gives 18%).
    path.write_text("id,kind,value,base\nshare,percent,17,80\n", encoding="utf-8")
    assert main(["check", str(path), "--fail-on", "impossible"]) == 1
    assert "IMPOSSIBLE" in capsys.readouterr().out
    path.write_text("id,kind,value,base\nshare,percent,18,80\n", encoding="utf-8")
    assert main(["check", str(path), "--fail-on", "doubtful"]) == 0
    assert "IMPOSSIBLE" not in capsys.readouterr().out


@pytest.mark.parametrize(
    ("fail_on", "found", "code"),
    [
        ("impossible", ["doubtful", "inconsistent"], 0),
        ("inconsistent", ["doubtful", "inconsistent"], 1),
        ("inconsistent", ["doubtful"], 0),
        ("doubtful", ["doubtful"], 1),
        (None, ["impossible"], 0),
    ],
)
def test_fail_on_counts_that_verdict_and_more_severe(
    fail_on: str | None, found: list[str], code: int
) -> None:
    from tracktr.cli import _failed

    assert _failed(fail_on, found) == code


def test_check_of_one_number_says_the_rule_it_fails_under(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # 2% of 40: half-up gives 0% or 3%; only half-even, half-down or floor give 2%.
    assert main(["check", "2", "40", "--fail-on", "impossible"]) == 1
    assert "impossible under half-up rounding" in capsys.readouterr().out


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


# -- issue 11: one reading path, one-line errors ----------------------------------------------


def words_codebook(tmp_path: Path) -> Path:
    book = tmp_path / "words.toml"
    tt.Survey.from_dict(
        {
            "title": "Words",
            "questions": [
                {
                    "id": "q",
                    "type": "single",
                    "text": "Q?",
                    "options": ["Yes", "None", "NA", "N/A", "null", "No"],
                },
                {"id": "m", "type": "multi", "text": "M?", "options": ["A", "B"]},
            ],
        }
    ).to_toml(book)
    return book


ANSWERS = "respondent_id,q,m_1,m_2\n1,Yes,1,0\n2,None,0,1\n3,NA,1,1\n4,N/A,0,0\n5,null,1,0\n6,,,\n"


def test_tabulate_reads_none_and_na_as_answers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Issue 11: "None", "NA", "N/A" and "null" were read as blank (7 answers gave n=2).
    data = tmp_path / "answers.csv"
    data.write_text(ANSWERS, encoding="utf-8")
    book = words_codebook(tmp_path)
    assert main(["tabulate", str(data), "q", "--codebook", str(book), "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert "| Base | n=5    |" in out
    for label in ["None", "NA", "N/A", "null"]:
        assert f"| {label:<4} | 20 (1) |" in out
    # Without a codebook, only the empty cell is blank, and "None" and "null" (which spell a
    # blank once written out as text) are neither blanks nor answers: the rows are named.
    assert main(["tabulate", str(data), "q", "--format", "markdown"]) == 2
    err = capsys.readouterr().err
    assert "question 'q': the text ['None', 'null'] in lines 3, 6 is how" in err  # header: 1
    assert "declare the options" in err


def test_validate_and_read_csv_agree_on_a_tick_set(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Issue 11: `tracktr validate` rejected "1"/"0" ticks that tt.io.read_csv accepted.
    data = tmp_path / "answers.csv"
    data.write_text(ANSWERS, encoding="utf-8")
    book = words_codebook(tmp_path)
    assert len(tt.io.read_csv(data, tt.Survey.from_toml(book))) == 6
    assert main(["validate", str(data), str(book)]) == 0
    assert "6 responses match" in capsys.readouterr().out


def test_validate_names_the_lines_of_repeated_ids_as_read_csv_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Old: `tracktr validate` said "repeated: 2 at rows 1, 3 (0-based positions)" where
    # read_csv said "lines 3, 6" for the same file (a blank line between).
    data = tmp_path / "answers.csv"
    text = "respondent_id,q,m_1,m_2\n1,Yes,1,0\n\n2,None,0,1\n2,NA,1,1\n4,N/A,0,0\n"
    data.write_text(text, encoding="utf-8")
    book = words_codebook(tmp_path)
    assert main(["validate", str(data), str(book)]) != 0
    err = capsys.readouterr().err
    assert "2 at lines 4, 5" in err, err
    assert "0-based" not in err


def test_tabbook_refuses_a_tick_column_the_codebook_lacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Old: exit 0 and a base of 3, where respondent 4 ticked only m_3 (a column the
    # codebook's set m does not have): left out without a word; validate refused it.
    data = tmp_path / "answers.csv"
    data.write_text(
        "respondent_id,q,m_1,m_2,m_3\n1,Yes,1,0,1\n2,No,0,1,1\n3,Yes,1,1,0\n4,No,0,0,1\n",
        encoding="utf-8",
    )
    book = words_codebook(tmp_path)
    out = tmp_path / "book.md"
    assert main(["tabbook", str(book), str(data), "--banner", "q", "-o", str(out)]) == 2
    assert "['m_3'] are named like options or items" in capsys.readouterr().err
    assert not out.exists()


def test_tabulate_by_a_column_outside_the_codebook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Old: `tabulate --by region` refused the file for the very column it groups by.
    data = tmp_path / "answers.csv"
    data.write_text(
        "respondent_id,q,m_1,m_2,region\n1,Yes,1,0,N\n2,No,0,1,S\n3,Yes,1,1,N\n",
        encoding="utf-8",
    )
    book = str(words_codebook(tmp_path))
    assert main(["tabulate", str(data), "q", "--codebook", book, "--by", "region"]) == 0
    assert "N" in capsys.readouterr().out
    assert main(["tabulate", str(data), "q", "--codebook", book]) == 2
    assert "['region'] are neither in the codebook nor named by --by" in capsys.readouterr().err


def hostile(tmp_path: Path) -> dict[str, tuple[list[str], str]]:
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    (tmp_path / "empty.csv").write_bytes(b"")
    (tmp_path / "binary.csv").write_bytes(b"\x00\x01\x02\xff" * 20)
    (tmp_path / "windows.csv").write_bytes(b"respondent_id,q\n1,Caf\xe9\n")
    (tmp_path / "ragged.csv").write_text("respondent_id,q\n1,Yes\n2,No,extra\n", encoding="utf-8")
    (tmp_path / "cut.csv").write_text("respondent_id,q,m_1,m_2\n1,Yes,", encoding="utf-8")
    (tmp_path / "twice.csv").write_text("respondent_id,q,q\n1,Yes,No\n", encoding="utf-8")
    (tmp_path / "corrupt.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    (tmp_path / "ansi.toml").write_bytes(b'title = "Caf\xe9"\n')
    (tmp_path / "book.toml").mkdir()
    (tmp_path / "out.txt").write_text("mine", encoding="utf-8")
    book = str(words_codebook(tmp_path))
    t = str(tmp_path)
    return {
        "directory": (["tabulate", f"{t}/folder.csv", "q"], "is a directory"),
        "empty": (["tabulate", f"{t}/empty.csv", "q"], r"empty \(0 bytes\)"),
        "binary": (["tabulate", f"{t}/binary.csv", "q"], "binary"),
        "cp1252": (["tabulate", f"{t}/windows.csv", "q"], "--encoding cp1252"),
        "ragged": (["tabulate", f"{t}/ragged.csv", "q"], "line 3 has 3"),
        "cut off": (["tabulate", f"{t}/cut.csv", "q", "--codebook", book], "looks cut off"),
        "duplicate": (["validate", f"{t}/twice.csv", book], r"repeats the column name\(s\)"),
        "corrupt xlsx": (["tabulate", f"{t}/corrupt.xlsx", "q"], "workbook is corrupted"),
        "codebook dir": (["validate", f"{t}/empty.csv", f"{t}/book.toml"], "is a directory"),
        "codebook cp1252": (["validate", f"{t}/empty.csv", f"{t}/ansi.toml"], "not UTF-8"),
        "output file": (["reproduce", "--output", f"{t}/out.txt"], "is a file, not a folder"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "directory",
        "empty",
        "binary",
        "cp1252",
        "ragged",
        "cut off",
        "duplicate",
        "corrupt xlsx",
        "codebook dir",
        "codebook cp1252",
        "output file",
    ],
)
def test_bad_input_is_one_error_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    argv, message = hostile(tmp_path)[case]
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("tracktr: error: ")
    assert re.search(message, lines[0]), lines[0]
    assert "Traceback" not in captured.err


def test_a_cp1252_file_reads_with_its_encoding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "windows.csv"
    path.write_bytes(b"respondent_id,q\n1,Caf\xe9\n2,Caf\xe9\n")
    assert main(["tabulate", str(path), "q", "--encoding", "cp1252"]) == 0
    assert "Café" in capsys.readouterr().out


def test_an_os_error_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refuse(args: object) -> int:
        raise PermissionError(13, "Permission denied", "/srv/report")

    monkeypatch.setattr(cli, "_cmd_check", refuse)
    assert main(["check", "1", "2"]) == 2
    assert capsys.readouterr().err == "tracktr: error: /srv/report: Permission denied\n"


def test_a_closed_pipe_ends_quietly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # `tracktr reproduce | head` ended in a BrokenPipeError traceback.
    sink = (tmp_path / "sink").open("w")

    class ClosedPipe:
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self) -> None:
            raise BrokenPipeError(32, "Broken pipe")

        def fileno(self) -> int:
            return sink.fileno()

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    try:
        assert main(["check", "67", "87"]) == 1
    finally:
        sink.close()
    assert capsys.readouterr().err == ""


def test_ctrl_c_is_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_cmd_check", interrupted)
    assert main(["check", "1", "2"]) == 130
    assert capsys.readouterr().err == "tracktr: interrupted\n"

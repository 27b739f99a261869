"""The files the command line writes: never an input, always whole, as the options say.

From a hostile tester's report (hM): `tabbook -o` and `check --output` overwrote the very
file they read, `check --output` bypassed the atomic writer, and an option given twice
silently kept only its last value.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
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


# -- F2, F3: an output that is an input is refused -------------------------------------------

CODEBOOK = {
    "title": "Members",
    "questions": [
        {"id": "q", "type": "single", "text": "Q?", "options": ["Yes", "No"]},
        {"id": "region", "type": "single", "text": "Where?", "options": ["N", "S"]},
    ],
}
RESPONSES = "respondent_id,q,region\n1,Yes,N\n2,No,S\n3,Yes,S\n4,No,N\n"


@pytest.fixture
def survey_files(tmp_path: Path) -> tuple[Path, Path]:
    codebook = tmp_path / "codebook.toml"
    tt.Survey.from_dict(CODEBOOK).to_toml(codebook)
    data = tmp_path / "victim.csv"
    data.write_text(RESPONSES, encoding="utf-8")
    return codebook, data


def _same_data_spellings(data: Path) -> dict[str, str]:
    link = data.with_name("link.csv")
    link.symlink_to(data)
    return {
        "same path": str(data),
        "another spelling": str(data.parent / "." / data.name),
        "relative": data.name,
        "symlink": str(link),
    }


@pytest.mark.parametrize("spelling", ["same path", "another spelling", "relative", "symlink"])
def test_tabbook_refuses_to_write_over_its_response_file(
    survey_files: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    spelling: str,
) -> None:
    # Old: exit 0, "victim.csv: 2 tables by region.", and the respondents gone.
    codebook, data = survey_files
    monkeypatch.chdir(data.parent)
    output = _same_data_spellings(data)[spelling]
    argv = ["tabbook", str(codebook), str(data), "--banner", "region", "-o", output]
    assert main(argv) == 2
    line = _one_error_line(capsys)
    assert f"-o/--output {output!r} is the response file {str(data)!r}" in line
    assert "give -o/--output another file name" in line
    assert data.read_text(encoding="utf-8") == RESPONSES


def test_tabbook_refuses_to_write_over_its_workbook(
    survey_files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("openpyxl")
    codebook, data = survey_files
    workbook = data.with_suffix(".xlsx")
    pd.read_csv(data).to_excel(workbook, index=False)
    before = workbook.read_bytes()
    argv = ["tabbook", str(codebook), str(workbook), "--banner", "region", "-o", str(workbook)]
    assert main(argv) == 2
    assert "is the response file" in _one_error_line(capsys)
    assert workbook.read_bytes() == before


def test_tabbook_refuses_to_write_over_its_codebook(
    survey_files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    # A codebook named like an output (a .csv) would have been replaced.
    codebook, data = survey_files
    renamed = codebook.with_name("codebook.md")
    codebook.rename(renamed)
    text = renamed.read_text(encoding="utf-8")
    argv = ["tabbook", str(renamed), str(data), "--banner", "region", "-o", str(renamed)]
    assert main(argv) == 2
    assert "is the codebook" in _one_error_line(capsys)
    assert renamed.read_text(encoding="utf-8") == text


@pytest.mark.parametrize(
    "extra", [[], ["--format", "csv"], ["--format", "text"]], ids=["suffix", "csv", "text"]
)
def test_check_refuses_to_write_over_its_figures_file(
    figures: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    extra: list[str],
) -> None:
    # Old: exit 0, "Wrote figures.csv.", and the figures replaced by the findings.
    monkeypatch.chdir(figures.parent)
    for output in [str(figures), f"./{figures.name}"]:
        assert main(["check", figures.name, "--output", output, *extra]) == 2
        line = _one_error_line(capsys)
        assert f"--output {output!r} is the figures file 'figures.csv'" in line
        assert figures.read_text(encoding="utf-8") == FIGURES


def test_an_output_beside_the_inputs_is_written(
    survey_files: tuple[Path, Path], figures: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    codebook, data = survey_files
    book = data.with_name("book.csv")
    assert main(["tabbook", str(codebook), str(data), "--banner", "region", "-o", str(book)]) == 0
    findings = figures.with_name("findings.csv")
    assert main(["check", str(figures), "--output", str(findings)]) == 0
    assert book.exists()
    assert findings.read_text(encoding="utf-8").startswith("figure,verdict")


# -- F6: an option that takes one value, given twice, is refused -------------------------------


@pytest.mark.parametrize(
    ("twice", "message"),
    [
        (["--threshold", "3", "--threshold", "1"], "argument --threshold: given twice (3, then 1)"),
        (["--banner", "q"], "--banner: given twice ('region', then 'q'); list the banners in one"),
        (["-o", "other.csv"], "argument -o/--output: given twice ('book.csv', then 'other.csv')"),
        (["--output", "other.csv"], "argument -o/--output: given twice"),
        (["--encoding", "utf-8-sig", "--encoding", "cp1252"], "argument --encoding: given twice"),
    ],
    ids=["threshold", "banner", "-o", "--output", "encoding"],
)
def test_tabbook_refuses_an_option_given_twice(
    survey_files: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    twice: list[str],
    message: str,
) -> None:
    # Old: exit 0, the last value kept: "--threshold 3 --threshold 1" suppressed nothing.
    codebook, data = survey_files
    monkeypatch.chdir(data.parent)
    book = data.with_name("book.csv")
    argv = ["tabbook", str(codebook), str(data), "--banner", "region", "-o", "book.csv"]
    with pytest.raises(SystemExit) as exited:
        main([*argv, *twice])
    assert exited.value.code == 2
    line = _one_error_line(capsys)
    assert line.startswith("tracktr: error: tracktr tabbook: "), line
    assert message in line, line
    assert "; give it once." in line or "--banner a,b." in line
    assert not book.exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "67", "87", "--decimals", "0", "--decimals", "1"],
        ["check", "--reference", "--format", "csv", "--format", "html"],
        ["reproduce", "--format", "text", "--format", "json"],
        ["tabulate", "data.csv", "q", "--by", "a", "--by", "b"],
        ["validate", "data.csv", "c.toml", "--sep", ";", "--sep", ","],
    ],
    ids=["check", "check --format", "reproduce", "tabulate", "validate"],
)
def test_every_subcommand_refuses_an_option_given_twice(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    argv: list[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    assert "given twice" in _one_error_line(capsys)
    assert list(tmp_path.iterdir()) == []


def test_options_given_once_and_flags_given_twice_still_work(
    survey_files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    codebook, data = survey_files
    book = data.with_name("book.md")
    argv = ["tabbook", str(codebook), str(data), "--banner", "region", "-o", str(book)]
    assert main([*argv, "--threshold", "3", "--no-nets", "--no-nets"]) == 0
    assert "(threshold 3)" in capsys.readouterr().out
    assert main(["check", "67", "87", "--decimals", "0"]) == 0


# -- F4: check --output and --format agree; its errors are in command-line terms -------------


OUTPUT_ERRORS: dict[str, tuple[str, list[str], str]] = {
    "html in csv": (
        "x.csv",
        ["--format", "html"],
        (
            "--format html disagrees with --output 'x.csv': a .csv file is written as csv. "
            "Hint: drop --format, or name the file .html."
        ),
    ),
    "text in md": (
        "x.md",
        ["--format", "text"],
        "--format text disagrees with --output 'x.md': a .md file is written as markdown.",
    ),
    "folder": (
        "folder",
        [],
        (
            "--output 'folder' is a folder; give a file name inside it. "
            "Hint: e.g. --output 'folder/findings.csv'."
        ),
    ),
    "folder.csv": ("folder.csv", ["--format", "csv"], "--output 'folder.csv' is a folder"),
    "pdf": (
        "x.pdf",
        [],
        (
            "--output 'x.pdf': cannot tell the format from the suffix '.pdf'. Hint: name the "
            "file with one of .csv, .md, .markdown, .html, .htm, .txt, or give --format."
        ),
    ),
    "no folder": ("nofolder/x.csv", [], "'nofolder/x.csv': the folder 'nofolder' does not exist."),
}


@pytest.mark.parametrize("case", list(OUTPUT_ERRORS))
def test_check_output_errors_say_what_to_do_on_the_command_line(
    figures: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    output, extra, message = OUTPUT_ERRORS[case]
    # Old: HTML written into x.csv with exit 0; "pass format=" for a folder; bare OS text.
    monkeypatch.chdir(figures.parent)
    (figures.parent / "folder").mkdir()
    (figures.parent / "folder.csv").mkdir()
    assert main(["check", "figures.csv", "--output", output, *extra]) == 2
    line = _one_error_line(capsys)
    assert message in line, line
    assert "format=" not in line
    assert not Path(output).is_file()


def test_check_format_names_a_file_whose_suffix_does_not(
    figures: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = figures.with_name("findings.out")
    assert main(["check", str(figures), "--output", str(output), "--format", "csv"]) == 0
    assert output.read_text(encoding="utf-8").startswith("figure,verdict")
    same = figures.with_name("findings.htm")
    assert main(["check", str(figures), "--output", str(same), "--format", "html"]) == 0
    assert same.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# -- F7, F8: tabbook's option errors name the options, not tt.tabbook's keywords --------------


TABBOOK_OPTION_ERRORS: dict[str, tuple[list[str], str]] = {
    "no banner": (
        ["--banner", ","],
        "--banner ',' names no column. Hint: give the banner columns, comma-separated",
    ),
    "banner twice": (
        ["--banner", "region, region"],
        "--banner lists ['region'] more than once. Hint: list each banner once.",
    ),
    "level alone": (
        ["--banner", "region", "--protection-level", "3", "--marker", "x"],
        (
            "--protection-level, --marker adjust the disclosure control of --threshold, not "
            "given. Hint: give --threshold too, e.g. --threshold 5."
        ),
    ),
    "level 0": (
        ["--banner", "region", "--threshold", "3", "--protection-level", "0"],
        "--protection-level must be a whole number of at least 1; got 0.",
    ),
    "threshold 0": (
        ["--banner", "region", "--threshold", "0"],
        "--threshold must be a whole number of at least 1; got 0.",
    ),
    "empty missing group": (
        ["--banner", "region", "--missing-group", " "],
        "--missing-group must not be empty: it labels the column of respondents without a group.",
    ),
    "missing group like the total": (  # review hK2 F3: it said `missing_group='all '`
        ["--banner", "region", "--missing-group", "all "],
        "--missing-group 'all ' prints like the total column 'All'",
    ),
}


@pytest.mark.parametrize("case", list(TABBOOK_OPTION_ERRORS))
def test_tabbook_option_errors_name_the_option(
    survey_files: tuple[Path, Path], capsys: pytest.CaptureFixture[str], case: str
) -> None:
    # Old: "Hint: pass banners=['funder']", "`level` must be ...", "`threshold`", and for
    # an empty --missing-group a message blaming the data's rows.
    codebook, data = survey_files
    options, message = TABBOOK_OPTION_ERRORS[case]
    book = data.with_name("book.csv")
    assert main(["tabbook", str(codebook), str(data), "-o", str(book), *options]) == 2
    line = _one_error_line(capsys)
    assert message in line, line
    assert "`" not in line
    assert "=" not in line
    assert not book.exists()

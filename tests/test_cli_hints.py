"""The command line's errors say what to change in the file, not which Python to run.

Found in review: the library's hints show their fix as code (``data['g'].replace({'north':
'North'})``, ``options=[...]``, ``by='g'``, ``survey.prepare()``), and ``tracktr
tabulate`` printed them to users who had typed no Python. Each is now written as the
change to make in the file, or as the command's own option.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tracktr.cli import main

PYTHON = ["data[", "data.replace", ".replace(", "pandas", "survey.prepare", "tt.recode", "by="]

CODEBOOK = """\
title = "Members"
respondent_id = "id"

[[questions]]
id = "q"
text = "Which?"
type = "single"
options = ["A", "B"]
"""


def _error(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    rows: str,
    command: str,
    *options: str,
    codebook: str | None = None,
) -> str:
    """Run a command on a file of `rows`; return its one-line error, checked free of Python."""
    path = tmp_path / "answers.csv"
    path.write_text(rows, encoding="utf-8")
    files = [str(path)]
    if codebook is not None:
        book = tmp_path / "codebook.toml"
        book.write_text(codebook, encoding="utf-8")
        files.append(str(book))
    assert main([command, *files, *options]) == 2
    error = capsys.readouterr().err
    assert error.startswith("tracktr: error: ")
    assert [word for word in PYTHON if word in error] == []
    return error


def test_text_that_reads_as_missing_is_left_empty_in_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: "e.g. data[col].replace({'nan': None}) ... (options=[...] or in the codebook)".
    error = _error(tmp_path, capsys, "id,q\n1,a\n2,nan\n", "tabulate", "q")
    assert "leave the cells that read 'nan' empty in the file" in error
    assert "(--options or in the codebook)" in error


def test_an_option_named_base_is_relabelled_in_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: "e.g. data[column].replace({'Base': 'Base (answer)'}) ... in `options=`".
    error = _error(tmp_path, capsys, "id,q\n1,Base\n2,b\n", "tabulate", "q")
    assert "write 'Base' as 'Base (answer)' in the cells that hold it, in the file" in error
    assert "use the new label in --options or the codebook" in error


def test_a_group_named_all_names_the_by_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: "`by='g'` has a group called 'All' ... data['g'].replace({'All': 'All groups'})".
    error = _error(tmp_path, capsys, "id,q,g\n1,a,All\n2,b,y\n", "tabulate", "q", "--by", "g")
    assert error.startswith("tracktr: error: `--by 'g'` has a group called 'All'")
    assert "write 'All' as 'All groups' in the cells of column 'g' that hold it" in error


def test_groups_in_two_cases_are_made_one_in_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = "id,q,g\n1,a,North\n2,b,north\n"
    error = _error(tmp_path, capsys, rows, "tabulate", "q", "--by", "g")
    assert "write 'north' as 'North' in the cells of column 'g' that hold it, in the file" in error


def test_one_number_written_two_ways_offers_the_codebook_not_pandas(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: "... or make the column numbers (pandas.to_numeric()) ... or make the column
    # a pandas Categorical".
    rows = "id,q,g\n1,a,12\n2,b,12.0\n"
    error = _error(tmp_path, capsys, rows, "tabulate", "q", "--by", "g")
    assert "write '12.0' as '12' in the cells of column 'g' that hold it, in the file." in error
    assert "options in the codebook: they are then the groups, in their order" in error


def test_a_near_miss_of_an_option_is_corrected_in_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: "Map each to its label before survey.prepare(), e.g. data.replace({'q':
    # {'a': 'A'}}), or group variants with tt.recode.collapse()".
    error = _error(tmp_path, capsys, "id,q\n1,a\n2,B\n", "validate", codebook=CODEBOOK)
    assert "Map each to its label, e.g. write 'a' as 'A' in the cells of column 'q'" in error
    assert "in Python, `error.failures` of `tt.Survey.from_toml(codebook)" in error


def test_a_label_holding_a_closing_brace_and_parenthesis_is_written_in_full(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The hint's mapping was read up to the first "})", inside the label: it did not
    # read as a mapping, and the Python hint was printed as it was.
    rows = 'id,q,g\n1,a,"North})"\n2,b,"north})"\n3,a,"x\'s ""y"""\n'
    error = _error(tmp_path, capsys, rows, "tabulate", "q", "--by", "g")
    assert "write 'north})' as 'North})' in the cells of column 'g' that hold it" in error


def test_a_near_miss_holding_a_closing_brace_is_written_in_full(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    codebook = CODEBOOK.replace('["A", "B"]', '["A}})", "B"]')
    error = _error(tmp_path, capsys, "id,q\n1,a}})\n2,B\n", "validate", codebook=codebook)
    assert "write 'a}})' as 'A}})' in the cells of column 'q'" in error


def test_only_tabulate_offers_options_elsewhere_the_codebook() -> None:
    # Review hK9: tabbook's hint read "declare the options (the codebook's options or in
    # the codebook)"; only `tracktr tabulate` takes --options.
    from tracktr.cli import _for_the_command_line

    hint = "declare the options (options=[...] or in the codebook), and"
    assert _for_the_command_line(hint, "tabbook") == "declare the options (in the codebook), and"
    assert "(--options or in the codebook)" in _for_the_command_line(hint, "tabulate")

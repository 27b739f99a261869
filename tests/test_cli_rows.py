"""The command line's errors name rows as the file shows them: respondent ids, else lines.

Found by a helper: errors raised after ``tracktr tabulate`` or ``tracktr tabbook`` had read
the file named 0-based row positions: the respondents 103 and 104 on lines 4 and 5 were
"rows [2, 3]", which no one who opens the file can find. ``tracktr validate`` names
respondents; now every command names the respondents by the codebook's id question, and
without a codebook the file's lines (the header is line 1, blank lines counted).
"""

from __future__ import annotations

import contextlib
import io
import re
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tracktr.cli import _named_rows, main

CODEBOOK = """\
respondent_id = "id"

[[questions]]
id = "q"
type = "single"
text = "Q"
options = ["Yes", "No"]

[[questions]]
id = "staff"
type = "numeric"
text = "How many staff?"
min = 0
bands = [{ label = "Under 10", max = 10 }, { label = "10 to 19", min = 10, max = 20 }]
"""

RESPONSES = (
    "id,q,staff,region\n101,Yes,1,North\n102,No,5,South\n103,Yes,30,North\n"
    "104,No,40,north\n105,Yes,3,North\n"
)


def _files(tmp_path: Path, responses: str = RESPONSES) -> tuple[str, str]:
    book = tmp_path / "codebook.toml"
    book.write_text(CODEBOOK, encoding="utf-8")
    data = tmp_path / "answers.csv"
    data.write_text(responses, encoding="utf-8")
    return str(data), str(book)


def test_tabulate_with_a_codebook_names_respondents_not_positions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, book = _files(tmp_path)
    assert main(["tabulate", data, "staff", "--codebook", book, "--by", "region"]) == 2
    err = capsys.readouterr().err
    assert "from 30 to 40, in respondents '103', '104'." in err  # ids as written: text
    assert "rows [2, 3]" not in err


def test_tabbook_names_respondents_not_positions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, book = _files(tmp_path)
    out = str(tmp_path / "book.csv")
    assert main(["tabbook", book, data, "--banner", "region", "-o", out]) == 2
    err = capsys.readouterr().err
    assert (
        "groups 'North' (respondents '101', '103', '105') and 'north' (respondent '104') differ "
        "only "
        "in case"
    ) in err


def test_tabulate_without_a_codebook_names_the_file_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A blank line (skipped) and a cell spanning two lines: lines as an editor numbers them.
    responses = 'q,region\nYes,North\n\nNo,South\nYes,north\n"Yes\nreally",North\nNo,North\n'
    data, _ = _files(tmp_path, responses)
    assert main(["tabulate", data, "q", "--by", "region", "--options", "Yes,No"]) == 2
    err = capsys.readouterr().err
    assert "groups 'North' (lines 2, 7, 8) and 'north' (line 5) differ only in case" in err


def test_tabulate_without_a_codebook_names_lines_of_number_twins(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, _ = _files(tmp_path, "q,size\nYes,12\nNo,3\nYes,12.0\n")
    assert main(["tabulate", data, "q", "--by", "size"]) == 2
    err = capsys.readouterr().err
    assert "the groups '12' (line 2) and '12.0' (line 4) read as one number written two ways" in err


def test_lists_that_are_not_row_labels_are_left_as_they_are() -> None:
    places = ("line", "lines", {0: "2", 1: "3"})
    assert _named_rows("rows [0, 1] and row [1]", places) == "lines 2, 3 and line 3"
    for text in ("rows ['Base']", "rows [0, 7]", "rows []", "rows [True]", "rows [0.0]"):
        assert _named_rows(text, places) == text


@settings(max_examples=25, deadline=None)
@given(
    regions=st.lists(st.sampled_from(["North", "South", "north"]), min_size=1, max_size=12),
    blanks=st.lists(st.booleans(), min_size=12, max_size=12),
)
def test_the_lines_named_are_the_lines_that_hold_the_groups(
    regions: list[str], blanks: list[bool]
) -> None:
    # Whatever blank lines lie between the rows, each line named holds the group it is
    # named for: a reader who opens the file at that line finds it.
    assume("North" in regions and "north" in regions)
    lines = ["q,region"]
    for k, region in enumerate(regions):
        if blanks[k]:
            lines.append("")
        lines.append(f"Yes,{region}")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "answers.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            assert main(["tabulate", str(path), "q", "--by", "region"]) == 2
    for group in ("North", "north"):
        found = re.search(rf"'{group}' \(lines? ([0-9, ]+)\)", err.getvalue())
        assert found is not None, err.getvalue()
        named = [int(n) for n in found.group(1).split(", ")]
        expected = [n for n, text in enumerate(lines, 1) if text == f"Yes,{group}"]
        assert named == expected[: len(named)]
        assert named  # at least one line, and only lines holding the group


def test_tabbook_weights_that_are_not_numbers_name_the_values_and_respondents(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # "--weights 'w': the column holds values that are not numbers." named neither the
    # values nor where they are.
    responses = "id,q,staff,w\n101,Yes,1,1.5\n102,No,5,x\n103,Yes,3,\n104,No,4,1\n"
    data, book = _files(tmp_path, responses)
    out = str(tmp_path / "book.csv")
    assert main(["tabbook", book, data, "--banner", "q", "--weights", "w", "-o", out]) == 2
    err = capsys.readouterr().err
    assert (
        "--weights 'w': the column holds values that are not numbers, ['x', ''] in "
        "respondents '102', '103'. Hint: correct those cells in"
    ) in err


def test_a_workbook_without_a_codebook_names_its_sheet_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("openpyxl")
    path = tmp_path / "answers.xlsx"
    frame = pd.DataFrame({"q": ["Yes", "No", "Yes"], "region": ["North", "north", "North"]})
    frame.to_excel(path, index=False)
    assert main(["tabulate", str(path), "q", "--by", "region"]) == 2
    err = capsys.readouterr().err
    assert "groups 'North' (sheet rows 2, 4) and 'north' (sheet row 3) differ only" in err


def test_a_value_quoted_in_the_message_is_not_rewritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A reviewer's case: groups 'rows [1]' and 'Rows [1]' (a value, not a list of rows)
    # were printed as 'line 3', and the hint named a value that is not in the file.
    data, _ = _files(tmp_path, "q,size\nYes,rows [1]\nNo,Rows [1]\nYes,2\n")
    assert main(["tabulate", data, "q", "--by", "size"]) == 2
    err = capsys.readouterr().err
    assert "groups 'Rows [1]' (line 3) and 'rows [1]' (line 2) differ only in case" in err
    assert "write 'rows [1]' as 'Rows [1]' in the cells of column 'size'" in err

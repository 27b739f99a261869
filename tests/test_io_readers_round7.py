"""File readers, round 7: repeated options and question texts, Excel cells given to read_csv.

Each test says in a comment what the code did before.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import tracktr as tt


def export(tmp_path: Path, text: str, name: str = "export.csv") -> Path:
    """Write `text` as a CSV export and return its path."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- an option given twice in a Google Forms cell ----------------------------------------

WHERE = tt.Survey.from_dict(
    {
        "title": "t",
        "questions": [
            {
                "id": "where",
                "type": "multi",
                "text": "Where do you work?",
                "options": ["Prison", "Community, including probation", "Courts"],
            }
        ],
    }
)


@pytest.mark.parametrize("codebook", [True, False])
def test_an_option_given_twice_in_a_joined_cell_is_refused(tmp_path: Path, codebook: bool) -> None:
    # Before: "Prison, Prison" counted one tick for Prison, with nothing said (validation
    # of a delimited set reports the same cell as duplicate_option).
    path = export(
        tmp_path,
        "Timestamp,Where do you work?\n"
        '2025/03/01 10:02:11 AM GMT,"Community, including probation, Courts"\n'
        '2025/03/01 10:03:11 AM GMT,"Prison, Courts, Prison"\n'
        "2025/03/01 10:04:11 AM GMT,Courts\n",
    )
    with pytest.raises(tt.SurveyValidationError) as error:
        tt.io.read_platform_export(path, WHERE if codebook else None)
    said = str(error.value)
    assert "export.csv" in said
    assert "give an option more than once" in said
    column = "where" if codebook else "where_do_you_work"
    assert (
        f"line 3, column 2 ('{column}', question '{column}', respondent 2): "
        "'Prison, Courts, Prison' gives an option more than once (duplicate_option: "
        "each option once; ['Prison'] given twice)"
    ) in said
    failures = error.value.failures
    assert failures[["check", "respondent_id", "line", "value"]].values.tolist() == [
        ["duplicate_option", 2, 3, "Prison, Courts, Prison"]
    ]


def test_an_option_with_a_comma_given_once_is_still_read(tmp_path: Path) -> None:
    path = export(
        tmp_path,
        "Timestamp,Where do you work?\n"
        '2025/03/01 10:02:11 AM GMT,"Prison, Community, including probation"\n'
        "2025/03/01 10:03:11 AM GMT,Courts\n",
    )
    result = tt.io.read_platform_export(path, WHERE)
    assert result.data[["where_1", "where_2", "where_3"]].values.tolist() == [[1, 1, 0], [0, 0, 1]]


# -- a question text repeated in two export columns, with a codebook ----------------------

FUNDER = tt.Survey.from_dict(
    {
        "title": "t",
        "questions": [
            {"id": "funder", "type": "single", "text": "Who funds you?", "options": ["CRC", "NPS"]},
            {"id": "where", "type": "multi", "text": "Where?", "options": ["Prison", "Community"]},
        ],
    }
)


def test_a_repeated_question_text_is_said_to_be_repeated(tmp_path: Path) -> None:
    # Before: "export column 3 ('Who funds you?') matches no question of the codebook",
    # though it matches one: the problem is the repeat.
    path = export(
        tmp_path,
        "Respondent ID,Who funds you?,Who funds you?,Where?,\n"
        ",Response,Response,Prison,Community\n1,CRC,NPS,Prison,\n2,NPS,CRC,,Community\n",
    )
    with pytest.raises(tt.ReadError) as error:
        tt.io.read_platform_export(path, FUNDER)
    assert error.value.mismatches == (
        (
            "export column 3 repeats the question text 'Who funds you?' of column 2, which "
            "is read as question 'funder' (column 3 is read as nothing); delete column 3 if "
            "it is a copy, or, if it is another question, give it its own text in the "
            "export's first header row and in the codebook"
        ),
    )
    assert "matches no question" not in str(error.value)
    assert "export.csv" in str(error.value)


def test_a_column_headed_by_a_question_id_read_elsewhere_is_named(tmp_path: Path) -> None:
    # Before: "export column 2 ('funder') matches no question of the codebook".
    path = export(
        tmp_path,
        "Respondent ID,funder,Who funds you?,Where?,\n"
        ",Response,Response,Prison,Community\n1,CRC,NPS,Prison,\n2,NPS,CRC,,Community\n",
    )
    with pytest.raises(tt.ReadError) as error:
        tt.io.read_platform_export(path, FUNDER)
    assert error.value.mismatches[0].startswith(
        "export column 2 is headed 'funder', the id of question 'funder', which is read "
        "from column 3 ('Who funds you?') (column 2 is read as nothing)"
    )


def test_a_set_repeating_its_text_over_an_unknown_option_names_the_option(
    tmp_path: Path,
) -> None:
    # Before: "export column 5 ('Where?') matches no question of the codebook"; the same
    # column under a blank first-row header was already named by its option.
    path = export(
        tmp_path,
        "Respondent ID,Who funds you?,Where?,Where?,Where?\n"
        ",Response,Prison,Community,Courts\n1,CRC,Prison,,\n2,NPS,,Community,Courts\n",
    )
    with pytest.raises(tt.ReadError) as error:
        tt.io.read_platform_export(path, FUNDER, layout="two_headers")
    assert error.value.mismatches == (
        (
            "question 'where': export column 5 has option 'Courts', which is not in the "
            "codebook (['Prison', 'Community'])"
        ),
    )


def test_a_question_text_over_each_column_of_a_set_is_still_read(tmp_path: Path) -> None:
    path = export(
        tmp_path,
        "Respondent ID,Who funds you?,Where?,Where?\n"
        ",Response,Prison,Community\n1,CRC,Prison,\n2,NPS,,Community\n",
    )
    result = tt.io.read_platform_export(path, FUNDER, layout="two_headers")
    assert result.data[["where_1", "where_2"]].values.tolist() == [[1, 0], [0, 1]]


# -- an Excel response file read by the CLI (tracktr validate / tabulate) ----------------
# tt.io.read_csv and tabulate_csv take CSV files only; a workbook is read by
# tracktr.io.csvfile.read_responses (tracktr validate, tabulate --codebook, tabbook) and,
# without a codebook, by read_cells (tracktr tabulate).


def workbook(path: Path, rows: list[list[object]], merged: tuple[str, ...] = ()) -> Path:
    """Write `rows` to the first sheet of a workbook, merging the `merged` ranges."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for cells in merged:
        sheet.merge_cells(cells)
    book.save(path)
    return path


STARTED = tt.Survey.from_dict(
    {
        "title": "t",
        "questions": [
            {"id": "start", "type": "text", "text": "When did you start?"},
            {"id": "funder", "type": "single", "text": "Who funds you?", "options": ["CRC", "NPS"]},
        ],
    }
)


def test_date_cells_of_a_response_workbook_are_read_as_shown_and_recorded(tmp_path: Path) -> None:
    # Before: '2025-03-01 00:00:00' beside the typed '2025-03-01', '10:30:00' for a time,
    # and nothing in the changes.
    from tracktr.io.csvfile import read_responses

    path = workbook(
        tmp_path / "answers.xlsx",
        [
            ["respondent_id", None, "start", "funder"],  # an empty column B is left out
            [11, None, dt.date(2025, 3, 1), "CRC"],
            [12, None, "2025-03-01", "NPS"],
            [13, None, dt.time(10, 30), "NPS"],
            [14, None, dt.datetime(2025, 3, 1, 9, 5, 7), None],
        ],
    )
    prepared = read_responses(path, STARTED)
    assert prepared.data["start"].tolist() == [
        "2025-03-01",
        "2025-03-01",
        "10:30",
        "2025-03-01 09:05:07",
    ]
    dates = prepared.changes[prepared.changes["reason"] == "date_cell"]
    assert dates[["question", "column", "respondent_id", "after"]].values.tolist() == [
        ["start", "start", "11", "2025-03-01"],
        ["start", "start", "13", "10:30"],
        ["start", "start", "14", "2025-03-01 09:05:07"],
    ]
    assert dates["before"].tolist()[1] == dt.time(10, 30)
    assert prepared.changes.index[prepared.changes["reason"] == "date_cell"].tolist() == [0, 1, 2]


def test_date_cells_are_one_option_when_tabulated_without_a_codebook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: `tracktr tabulate` counted '2025-03-01 00:00:00' and '2025-03-01' apart.
    from tracktr.cli import main

    path = workbook(
        tmp_path / "answers.xlsx",
        [["respondent_id", "start"], [1, dt.date(2025, 3, 1)], [2, "2025-03-01"]],
    )
    assert main(["tabulate", str(path), "start"]) == 0
    printed = capsys.readouterr().out
    assert "00:00:00" not in printed
    assert "2025-03-01" in printed


@pytest.mark.parametrize("codebook", [True, False])
def test_merged_answer_cells_of_a_response_workbook_are_refused(
    tmp_path: Path, codebook: bool
) -> None:
    # Before: respondent 2 (row 3 of the merge C2:C3, which Excel shows as "CRC") was read
    # as <skipped>, recorded only as an ordinary blank.
    from tracktr.io._cells import read_cells
    from tracktr.io.csvfile import read_responses

    path = workbook(
        tmp_path / "merged.xlsx",
        [
            ["respondent_id", "start", "funder"],
            [1, "2025", "CRC"],
            [2, "2024", None],
            [3, "2023", "NPS"],
        ],
        merged=("C2:C3",),
    )
    read = (lambda: read_responses(path, STARTED)) if codebook else (lambda: next(read_cells(path)))
    with pytest.raises(tt.ReadError, match=r"C2:C3 \(sheet rows 2-3\) shows 'CRC'") as error:
        read()
    assert "merged.xlsx" in str(error.value)
    assert "Unmerge" in str(error.value)


def test_merged_header_cells_of_a_response_workbook_are_read_as_before(tmp_path: Path) -> None:
    from tracktr.io.csvfile import read_responses

    path = workbook(
        tmp_path / "header.xlsx",
        [["respondent_id", "start", "funder", None], [1, "2025", "CRC", None]],
        merged=("C1:D1",),
    )
    assert read_responses(path, STARTED).data["funder"].tolist() == ["CRC"]

"""Empty rows of a survey-platform export are no respondents, in every format.

Found by a hostile probe of tt.io.read_platform_export: a blank second header row (every
question one column) was read as respondent 1, and the empty rows an .xlsx export or
Excel's CSV keeps under the answers became respondents who skipped everything, shifting
every made-up id after them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import tracktr as tt

SURVEY = tt.Survey.from_dict({"title": "P", "questions": [
    {"id": "funder", "type": "single", "text": "Who funds your work?", "options": ["CRC", "NPS"]},
    {"id": "where", "type": "multi", "text": "Where do you work?",
     "options": ["Prison", "Community"]},
]})  # fmt: skip
FUNDER = tt.Survey.from_dict({"title": "P", "questions": [SURVEY.to_dict()["questions"][0]]})
HEADER = "Who funds your work?,Where do you work?,\nResponse,Prison,Community\n"


def test_a_blank_second_header_row_is_the_two_header_layout() -> None:
    # Before: read as one header row: 3 respondents, the first one the blank sub-header row.
    survey = tt.Survey.from_dict({"title": "P", "questions": [
        {"id": "funder", "type": "single", "text": "Who funds your work?",
         "options": ["CRC", "NPS"]},
        {"id": "demand", "type": "ordinal", "text": "Has demand changed?",
         "options": ["Increased", "Same", "Decreased"]},
    ]})  # fmt: skip
    frame = pd.DataFrame([
        ["Who funds your work?", "Has demand changed?"], ["", ""], ["CRC", "Same"],
        ["NPS", "Increased"],
    ])  # fmt: skip
    export = tt.io.read_platform_export(frame, survey)
    assert export.layout == "two_headers"
    assert export.data["funder"].tolist() == ["CRC", "NPS"]
    assert export.data["respondent_id"].tolist() == [1, 2]
    assert export.empty_rows == ()


def _write(tmp_path: Path, kind: str) -> Path:
    rows = [["CRC", "Prison", ""], ["", "", ""], ["NPS", "", "Community"], ["", "", ""]]
    if kind == "xlsx":
        openpyxl = pytest.importorskip("openpyxl")
        book = openpyxl.Workbook()
        sheet = book.active
        for row in [["Who funds your work?", "Where do you work?", None],
                    ["Response", "Prison", "Community"], *rows]:  # fmt: skip
            sheet.append([cell or None for cell in row])
        path = tmp_path / "export.xlsx"
        book.save(path)
        return path
    path = tmp_path / "export.csv"
    path.write_text(HEADER + "".join(",".join(row) + "\n" for row in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_empty_rows_are_left_out_and_listed(tmp_path: Path, kind: str) -> None:
    # Before: 4 respondents from the CSV, 3 from the workbook (ids 1-4 or 1-3), the empty
    # rows "skipping" everything; a blank line of a CSV gave 2. The file's lines (the
    # sheet's rows) of the rows left out are listed: a workbook's last empty row is not
    # among the rows it holds.
    export = tt.io.read_platform_export(_write(tmp_path, kind), SURVEY)
    assert export.data["funder"].tolist() == ["CRC", "NPS"]
    assert export.data["respondent_id"].tolist() == [1, 2]
    empty = (4, 6) if kind == "csv" else (4,)
    assert export.empty_rows == empty
    assert f"{len(empty)} empty row(s) left out" in repr(export)
    assert tt.frequencies(export.data, "funder", survey=SURVEY).bases["All"] == 2


def test_an_empty_row_with_an_id_column_is_no_missing_id(tmp_path: Path) -> None:
    # Before: SurveyValidationError "missing_id" for a row with no cell filled in.
    path = tmp_path / "export.csv"
    path.write_text(
        "Respondent ID,Who funds your work?\n,Response\n7,CRC\n,\n9,NPS\n", encoding="utf-8"
    )
    export = tt.io.read_platform_export(path, FUNDER)
    assert export.data["respondent_id"].tolist() == [7, 9]
    assert export.empty_rows == (4,)


def test_a_row_with_an_answer_but_no_id_is_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "Respondent ID,Who funds your work?\n,Response\n7,CRC\n,NPS\n", encoding="utf-8"
    )
    with pytest.raises(tt.SurveyValidationError, match="missing_id"):
        tt.io.read_platform_export(path, FUNDER)

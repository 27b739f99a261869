"""A workbook's number formatted as a percentage is read as Excel shows it ("50%"), not 0.5.

Excel stores 50% as 0.5. Before, the cell was read as its value: a respondent who typed
"50%" for a share of income answered 0.5, a hundredth of it, without a word. Now the cell
reads as shown, as date cells do: a numeric question refuses it naming the respondent,
and a text question keeps it, the change recorded (reason ``"percent_cell"``).
"""

from __future__ import annotations

import decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tracktr as tt
from tracktr.io.csvfile import read_responses

SHARE = tt.Survey.from_dict(
    {
        "title": "Share",
        "questions": [
            {"id": "share", "type": "numeric", "text": "Share of income?"},
            {"id": "note", "type": "text", "text": "Note?"},
        ],
    }
)


def workbook(path: Path, rows: list[list[object]], formats: dict[str, str]) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [["respondent_id", "share", "note"], *rows]:
        sheet.append(row)
    for address, number_format in formats.items():
        sheet[address].number_format = number_format
    book.save(path)
    return path


def test_a_percent_cell_of_a_numeric_question_is_refused_as_shown(tmp_path: Path) -> None:
    # Old: share read as [0.5, 12] with no change recorded for 0.5.
    path = workbook(tmp_path / "shares.xlsx", [[1, 0.5, "x"], [2, 12, "y"]], {"B2": "0%"})
    with pytest.raises(tt.SurveyValidationError, match=r"question 'share', respondent 1: '50%'"):
        read_responses(path, SHARE)


def test_a_percent_cell_of_a_text_question_is_kept_as_shown_and_recorded(tmp_path: Path) -> None:
    # Old: note read as '0.125'.
    path = workbook(tmp_path / "notes.xlsx", [[1, 3, 0.125], [2, 4, "y"]], {"C2": "0.0%"})
    prepared = read_responses(path, SHARE)
    assert prepared.data["note"].tolist() == ["12.5%", "y"]
    recorded = prepared.changes[prepared.changes["reason"] == "percent_cell"]
    assert recorded[["question", "respondent_id", "before", "after"]].values.tolist() == [
        ["note", "1", 0.125, "12.5%"]
    ]


def test_a_number_in_another_format_is_read_as_its_value(tmp_path: Path) -> None:
    # Unchanged, a guard: "#,##0" and a literal "%" (quoted) are no percentages.
    formats = {"B2": "#,##0", "B3": '0"%"'}
    path = workbook(tmp_path / "plain.xlsx", [[1, 1500, "x"], [2, 7, "y"]], formats)
    assert read_responses(path, SHARE).data["share"].tolist() == [1500, 7]


@settings(max_examples=80, deadline=None)
@given(st.decimals(min_value=-10, max_value=10, places=6, allow_nan=False))
def test_percent_text_moves_the_decimal_digits_exactly(value: object) -> None:
    # Property: the text is the value's decimal digits times 100, never a rounded float.
    from tracktr.io._sheet import percent_text  # (new: imported here, the old code lacks it)

    number = float(str(value))
    shown = percent_text(number, "0.00%")
    assert shown is not None
    assert shown.endswith("%")
    assert decimal.Decimal(shown[:-1]) == decimal.Decimal(repr(number)) * 100

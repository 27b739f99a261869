"""Hostile platform exports: misread layouts, Qualtrics' legacy CSV, typos, formulas.

Each case came from a tester's reproducer (/tmp/probe3): p04 (a one-header export read as
two), p46 (Qualtrics' legacy two-row CSV), p51 (``ignore=`` typos, ``ignore`` and ``keep``
naming one column) and p54 (formulas with no stored value read as blank answers).
"""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tracktr as tt
from tracktr.io.csvfile import read_responses

# -- the layout: a respondent is not a header row on weak evidence -----------------------


def test_a_repeated_question_text_of_a_one_header_export_keeps_the_first_respondent(
    tmp_path: Path,
) -> None:
    # Old: read as two header rows; "Yes"/"No" of respondent 1 became the options and
    # respondent 1 was dropped (2 respondents of 3, layout "two_headers").
    path = tmp_path / "forms.csv"
    path.write_text(
        "Satisfied?,Satisfied?,Region\nYes,No,North\nNo,No,South\nYes,Yes,North\n",
        encoding="utf-8",
    )
    export = tt.io.read_platform_export(path)
    assert export.layout == "one_header"
    assert export.data["respondent_id"].tolist() == [1, 2, 3]
    assert export.data["region"].tolist() == ["North", "South", "North"]


def test_a_first_respondent_answering_a_generic_word_is_not_a_header() -> None:
    # Old: "Value" (an answer, given again by respondent 3) was taken for the "Response"
    # sub-header of SurveyMonkey: respondent 1 was dropped.
    form = pd.DataFrame(
        {"Which matters most?": ["Value", "Price", "Value"], "Region": ["North", "South", "South"]}
    )
    export = tt.io.read_platform_export(form)
    assert export.layout == "one_header"
    assert export.data["which_matters_most"].tolist() == ["Value", "Price", "Value"]


def test_an_ambiguous_second_row_is_refused_naming_the_lines(tmp_path: Path) -> None:
    # Old: read as two header rows, respondent 1 ("Answer", "North") silently dropped.
    path = tmp_path / "forms.csv"
    path.write_text(
        "Which matters most?,Region\nAnswer,North\nPrice,South\nQuality,South\n",
        encoding="utf-8",
    )
    with pytest.raises(tt.ReadError, match=r"line 2") as info:
        tt.io.read_platform_export(path)
    message = str(info.value)
    assert "'Answer' under 'Which matters most?'" in message
    assert "'North' under 'Region'" in message
    assert 'layout="one_header"' in message
    assert 'layout="two_headers"' in message
    # The way out the message gives works.
    assert len(tt.io.read_platform_export(path, layout="one_header").data) == 3


def test_a_real_two_header_export_with_repeated_texts_is_still_two_headers(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "Where do you work?,Where do you work?,Is your funding secure?\n"
        "Prison,Community,Response\n"
        "Prison,,Yes\n,Community,No\nPrison,Community,Yes\n",
        encoding="utf-8",
    )
    export = tt.io.read_platform_export(path)
    assert export.layout == "two_headers"
    assert len(export.data) == 3
    assert export.data["where_do_you_work_1"].tolist() == [1, 0, 1]


@given(
    width=st.integers(2, 4),
    rows=st.lists(st.lists(st.sampled_from(["Yes", "No"]), min_size=4, max_size=4), max_size=5),
    first=st.lists(st.sampled_from(["Yes", "No"]), min_size=4, max_size=4),
)
def test_a_first_respondent_whose_answers_recur_is_never_dropped(
    width: int, rows: list[list[str]], first: list[str]
) -> None:
    # A one-header export repeating one question over `width` columns, whose answers
    # (Yes/No) both recur below in every column: respondent 1 is read, or the reader
    # refuses and names `layout=`; never silently dropped (old: dropped when auto).
    body = [first[:width], *(r[:width] for r in rows), ["Yes"] * width, ["No"] * width]
    header = ["Are you satisfied?"] * width
    frame = pd.DataFrame(body, columns=header)
    try:
        export = tt.io.read_platform_export(frame)
    except tt.ReadError as error:
        message = str(error)
    else:
        message = "layout=" if len(export.data) == len(body) else f"{len(export.data)} read"
    assert "layout=" in message


# -- Qualtrics' legacy CSV: column names, then question texts ----------------------------

LEGACY = [
    ["ResponseId", "Q1", "Q2_1", "Q2_2", "Q3"],
    [
        "Response ID",
        "Who funds you?",
        "Where do you work? - Prison",
        "Where do you work? - Community",
        "How many staff?",
    ],
    ["R_1", "CRC", "1", "", "12"],
    ["R_2", "NPS", "", "1", "3"],
    ["R_3", "CRC", "1", "1", "40"],
]


def _legacy(tmp_path: Path) -> Path:
    path = tmp_path / "qualtrics_legacy.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(LEGACY)
    return path


def test_qualtrics_legacy_export_reads_names_and_texts(tmp_path: Path) -> None:
    # Old: one header row; "Response ID" was respondent 1, the question texts were
    # options ("Who funds you?" an option of Q1) and Q2 two text questions.
    export = tt.io.read_platform_export(_legacy(tmp_path))
    assert export.layout == "two_headers"
    assert export.data["respondent_id"].tolist() == ["R_1", "R_2", "R_3"]
    questions = [(q.type, q.text) for q in export.survey.questions]
    assert questions == [
        ("single", "Who funds you?"),
        ("multi", "Where do you work?"),
        ("numeric", "How many staff?"),
    ]
    where = export.survey.questions[1]
    assert [o.label for o in where.options] == ["Prison", "Community"]
    assert export.data[list(where.columns)].to_numpy().tolist() == [[1, 0], [0, 1], [1, 1]]


def test_qualtrics_legacy_export_matches_a_codebook(tmp_path: Path) -> None:
    survey = tt.Survey.from_dict(
        {
            "title": "Legacy",
            "questions": [
                {"id": "funder", "type": "single", "text": "Who funds you?",
                 "options": ["CRC", "NPS"]},
                {"id": "where", "type": "multi", "text": "Where do you work?",
                 "options": ["Prison", "Community"]},
                {"id": "staff", "type": "numeric", "text": "How many staff?", "integer": True},
            ],
        }
    )  # fmt: skip
    export = tt.io.read_platform_export(_legacy(tmp_path), survey)
    assert export.data["funder"].tolist() == ["CRC", "NPS", "CRC"]
    assert export.data["where_2"].tolist() == [0, 1, 1]
    assert export.data["staff"].tolist() == [12, 3, 40]


# -- ignore= and keep= -------------------------------------------------------------------

FORM = pd.DataFrame(
    {
        "Timestamp": ["2025/03/01 10:02:11 AM GMT", "2025/03/02 9:15:44 AM GMT"],
        "Where do you work?": ["Prison, Community", "Community"],
        "Comments": ["ok", "fine"],
        "Weight": ["1", "2"],
    }
)


def test_an_ignored_name_that_is_no_column_is_refused_with_the_nearest() -> None:
    # Old: accepted; "Comments" was read as a question.
    with pytest.raises(tt.InvalidOptionError, match=r"'Commments'") as info:
        tt.io.read_platform_export(FORM, ignore=["Commments"])
    assert "did you mean 'Comments'" in str(info.value)


def test_ignore_and_keep_naming_one_column_is_refused() -> None:
    # Old: ReadError "no column headed 'Weight' to keep" (ignore had removed it).
    with pytest.raises(tt.InvalidOptionError, match=r"'Weight' is both in `ignore` and in `keep`"):
        tt.io.read_platform_export(FORM, ignore=["Weight"], keep=["weight"])


@given(st.sets(st.sampled_from(["Where do you work?", "Comments", "Weight"]), max_size=2))
def test_ignored_columns_are_absent_and_the_others_read(ignored: set[str]) -> None:
    export = tt.io.read_platform_export(FORM, ignore=sorted(ignored))
    texts = set(export.columns["question_text"])
    assert texts.isdisjoint(ignored)
    assert texts >= {"Where do you work?", "Comments", "Weight"} - ignored


# -- formulas with no stored value ---------------------------------------------------------


def _formula_book(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Responses"
    sheet.append(["Respondent ID", "How many staff?", "Funding secure?"])
    sheet.append([None, "Response", "Response"])
    sheet.append([1, 10, "Yes"])
    sheet.append([2, "=B3*2", "No"])
    sheet.append([3, 5, '="Y"&"es"'])
    book.save(path)
    return path


def test_formulas_with_no_stored_value_are_refused(tmp_path: Path) -> None:
    # Old: the two formula cells were read as blank answers (<skipped>), with no word.
    path = _formula_book(tmp_path / "formula.xlsx")
    with pytest.raises(tt.ReadError, match=r"sheet 'Responses'.*B4, C5") as info:
        tt.io.read_platform_export(path)
    assert "save it in Excel" in str(info.value)
    assert "CSV" in str(info.value)


def test_the_response_file_reader_refuses_them_too(tmp_path: Path) -> None:
    # Old: the CLI's reader of response files (.xlsx too) read them as blank answers.
    book = openpyxl.Workbook()
    book.active.append(["respondent_id", "staff"])
    book.active.append([1, 10])
    book.active.append([2, "=B2+1"])
    path = tmp_path / "plain.xlsx"
    book.save(path)
    survey = tt.Survey.from_dict(
        {"title": "T", "questions": [{"id": "staff", "type": "numeric", "text": "Staff"}]}
    )
    with pytest.raises(tt.ReadError, match=r"sheet 'Sheet'.*B3"):
        read_responses(path, survey)


def test_text_that_starts_with_an_equals_sign_is_an_answer(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Respondent ID", "Comments"])
    sheet.append([None, "Open-Ended Response"])
    sheet.append([1, "fine"])
    sheet.append([2, "placeholder"])
    sheet["B4"].value = "=) great"
    sheet["B4"].data_type = "s"  # stored as text, as Excel stores a typed "'=) great"
    path = tmp_path / "text.xlsx"
    book.save(path)
    export = tt.io.read_platform_export(path)
    assert export.data["comments"].tolist() == ["fine", "=) great"]


def test_a_formula_whose_stored_value_is_empty_text_is_a_blank(tmp_path: Path) -> None:
    # Excel stores the empty text of =IF(..., "") as t="str" with an empty value: a blank
    # answer, not a formula without a value.
    path = _formula_book(tmp_path / "formula.xlsx")
    with zipfile.ZipFile(path) as book:
        parts = {name: book.read(name) for name in book.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = (
        parts[sheet]
        .replace(b'<c r="B4"><f>B3*2</f><v /></c>', b'<c r="B4" t="n"><v>20</v></c>')
        .replace(b'<c r="C5"><f>', b'<c r="C5" t="str"><f>')
    )
    with zipfile.ZipFile(path, "w") as book:
        for name, data in parts.items():
            book.writestr(name, data)
    export = tt.io.read_platform_export(path)
    assert export.data["how_many_staff"].tolist() == [10, 20, 5]
    assert export.data["funding_secure"].tolist() == ["Yes", "No", "<skipped>"]


# -- respondent ids: "1.0" is respondent 1 -------------------------------------------------


def test_an_id_written_as_a_decimal_is_the_same_respondent(tmp_path: Path) -> None:
    # Old: ids kept as text, "1" and "1.0" two respondents (both answers counted); now one
    # id, refused as repeated, as tt.io.read_csv refuses it, naming the file's lines.
    path = tmp_path / "export.csv"
    path.write_text("Respondent ID,Which?\n,Response\n1,Yes\n1.0,No\n2,Yes\n", encoding="utf-8")
    with pytest.raises(tt.SurveyValidationError, match=r"repeated: 1 at lines 3, 4"):
        tt.io.read_platform_export(path, id_column="Respondent ID")
    path.write_text("Respondent ID,Which?\n,Response\n1.0,Yes\n2.00,No\n3,Yes\n", encoding="utf-8")
    export = tt.io.read_platform_export(path, id_column="Respondent ID")
    assert export.data["respondent_id"].tolist() == [1, 2, 3]
    assert export.data["respondent_id"].dtype == "int64"

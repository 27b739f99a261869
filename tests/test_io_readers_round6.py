"""File readers, round 6: export columns, Excel cells, SPSS labels (hostile report hG).

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


# -- F12. a column with no question text after the respondent id ---------------------------


@pytest.mark.parametrize("codebook", [False, True])
def test_a_blank_headed_column_after_the_id_is_refused(tmp_path: Path, codebook: bool) -> None:
    # Before: the id column and the blank-headed column were drafted as a grid
    # "respondent_id_2" whose options were the ids and the answers ('1', '2', 'x', 'y').
    path = export(tmp_path, "Respondent ID,,Who funds you?\n,Response,Response\n1,x,CRC\n2,y,NPS\n")
    survey = tt.Survey.from_dict(
        {
            "title": "t",
            "questions": [
                {"id": "funder", "type": "single", "text": "Who funds you?", "options": ["CRC"]}
            ],
        }
    )
    with pytest.raises(tt.ReadError, match=r"export column 2 has no question text") as error:
        tt.io.read_platform_export(path, survey if codebook else None)
    assert "'Respondent ID'" in str(error.value)
    assert "export.csv" in str(error.value)
    assert "delete the column" in str(error.value)


def test_the_id_column_alone_is_still_the_id(tmp_path: Path) -> None:
    path = export(tmp_path, "Respondent ID,Who funds you?\n,Response\n7,CRC\n8,NPS\n")
    result = tt.io.read_platform_export(path)
    assert result.data["respondent_id"].tolist() == [7, 8]
    assert [q.id for q in result.survey.questions] == ["who_funds_you"]


# -- F13. SurveyMonkey's single-choice question with an "Other (please specify)" box ------

SM_OTHER = (
    "Respondent ID,Who funds you?,\n,Response,Other (please specify)\n"
    "101,CRC,\n102,NPS,\n103,,Lottery\n104,Other,\n105,CRC,Also Lottery\n"
)


def funder_codebook(*options: str, text_question: bool = False) -> tt.Survey:
    """A codebook with the single question `funder` (and its ``funder_other`` text)."""
    questions: list[dict[str, object]] = [
        {"id": "funder", "type": "single", "text": "Who funds you?", "options": list(options)}
    ]
    if text_question:
        questions.append({"id": "funder_other", "type": "text", "text": "Other funder"})
    return tt.Survey.from_dict({"title": "t", "questions": questions})


def test_a_single_question_with_an_other_box_is_drafted_as_one_question(tmp_path: Path) -> None:
    # Before: a grid with items "Response" and "Other (please specify)" whose options were
    # ['CRC', 'NPS', 'Other', 'Lottery', 'Also Lottery'], respondent 103 <skipped>.
    result = tt.io.read_platform_export(export(tmp_path, SM_OTHER))
    assert [(q.id, q.type) for q in result.survey.questions] == [
        ("who_funds_you", "single"),
        ("who_funds_you_other", "text"),
    ]
    assert result.survey.questions[0].labels == ("CRC", "NPS", "Other")
    assert result.data["who_funds_you"].astype(str).tolist() == [
        "CRC",
        "NPS",
        "Other",
        "Other",
        "CRC",
    ]
    assert result.data["who_funds_you_other"].tolist()[2::2] == ["Lottery", "Also Lottery"]
    filled = result.changes[result.changes["reason"] == "other_text"]
    assert filled[["respondent_id", "after"]].values.tolist() == [[103, "Other"]]
    assert result.columns["column"].tolist() == [
        "respondent_id",
        "who_funds_you",
        "who_funds_you_other",
    ]


@pytest.mark.parametrize("text_question", [False, True])
def test_a_codebook_reads_the_other_box(tmp_path: Path, text_question: bool) -> None:
    # Before: "question 'funder' is one column in the codebook but 2 in the export", and
    # `ignore=` could not name the box (its first-row header is blank).
    survey = funder_codebook("CRC", "NPS", "Other", text_question=text_question)
    result = tt.io.read_platform_export(export(tmp_path, SM_OTHER), survey)
    assert result.data["funder"].astype(str).tolist() == ["CRC", "NPS", "Other", "Other", "CRC"]
    assert result.data["funder_other"].tolist()[4] == "Also Lottery"
    assert result.survey.question("funder_other").type == "text"


def test_typed_words_with_no_other_option_are_refused(tmp_path: Path) -> None:
    survey = funder_codebook("CRC", "NPS")
    with pytest.raises(tt.ReadError, match=r"line 5 \(respondent 103\): 'Lottery'") as error:
        tt.io.read_platform_export(
            export(tmp_path, SM_OTHER.replace("104,Other", "104,NPS")), survey
        )
    assert "export column 3 ('Other (please specify)' of 'Who funds you?')" in str(error.value)
    assert "add one 'Other' option" in str(error.value)


# -- F15. merged cells in a workbook's answer rows ----------------------------------------


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


def test_merged_answer_cells_are_refused(tmp_path: Path) -> None:
    # Before: respondent 2 (row 4 of the merge B3:B4, which Excel shows as "CRC") was
    # read as <skipped>, with nothing said.
    path = workbook(
        tmp_path / "merged.xlsx",
        [
            ["Respondent ID", "Who funds you?"],
            [None, "Response"],
            [1, "CRC"],
            [2, None],
            [3, "NPS"],
        ],
        merged=("B3:B4",),
    )
    with pytest.raises(tt.ReadError, match=r"B3:B4 \(sheet rows 3-4\) shows 'CRC'") as error:
        tt.io.read_platform_export(path)
    assert "merged.xlsx" in str(error.value)
    assert "Unmerge" in str(error.value)


def test_merged_header_cells_are_still_read(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "headers.xlsx",
        [
            ["Respondent ID", "Where do you work?", None],
            [None, "Prison", "Community"],
            [1, "Prison", None],
            [2, None, "Community"],
        ],
        merged=("A1:A2", "B1:C1"),
    )
    result = tt.io.read_platform_export(path)
    assert result.data["respondent_id"].tolist() == [1, 2]
    assert result.data[["where_do_you_work_1", "where_do_you_work_2"]].values.tolist() == [
        [1, 0],
        [0, 1],
    ]


# -- F14. date and time cells of a workbook -----------------------------------------------


def test_date_cells_read_as_they_show_and_are_recorded(tmp_path: Path) -> None:
    # Before: '2025-03-01 00:00:00' beside the typed '2025-03-01' (one date, two options),
    # '10:30:00' for a time, and nothing in `changes`.
    path = workbook(
        tmp_path / "dates.xlsx",
        [
            ["Respondent ID", "When did you start?"],
            [None, "Response"],
            [1, dt.date(2025, 3, 1)],
            [2, "2025-03-01"],
            [3, dt.time(10, 30)],
            [4, dt.datetime(2025, 3, 1, 9, 5, 7)],
        ],
    )
    result = tt.io.read_platform_export(path)
    assert result.survey.questions[0].labels == ("2025-03-01", "10:30", "2025-03-01 09:05:07")
    assert result.data["when_did_you_start"].astype(str).tolist() == [
        "2025-03-01",
        "2025-03-01",
        "10:30",
        "2025-03-01 09:05:07",
    ]
    dates = result.changes[result.changes["reason"] == "date_cell"]
    assert dates[["respondent_id", "after"]].values.tolist() == [
        [1, "2025-03-01"],
        [3, "10:30"],
        [4, "2025-03-01 09:05:07"],
    ]
    assert dates["before"].tolist()[1] == dt.time(10, 30)
    assert set(dates["question"]) == {"when_did_you_start"}


# -- F16. SPSS codes whose labels differ only by case --------------------------------------


def test_spss_codes_read_as_one_answer_are_named_in_a_warning(tmp_path: Path) -> None:
    # Before: codes 1 'Yes' and 2 'yes' were read as one answer 'Yes', with no word.
    pyreadstat = pytest.importorskip("pyreadstat")
    import pandas as pd

    path = tmp_path / "alike.sav"
    pyreadstat.write_sav(
        pd.DataFrame({"id": [1, 2, 3], "q": [1, 2, 3]}),
        str(path),
        column_labels={"q": "Q?"},
        variable_value_labels={"q": {1: "Yes", 2: "yes", 3: "No"}},
    )
    with pytest.warns(
        tt.TracktrWarning, match=r"column 'q': .*codes 1 \('Yes'\), 2 \('yes'\) as 'Yes'"
    ):
        data = tt.io.read_spss(path)
    assert data["q"].tolist() == ["Yes", "Yes", "No"]


# -- F17. an SPSS value label on a fractional code ----------------------------------------


def test_a_label_on_a_fractional_code_is_an_option_with_a_note(tmp_path: Path) -> None:
    # Before: the draft left 1.5 = "Half" out, and prepare refused "Half" as an unknown
    # value with no word of why.
    pyreadstat = pytest.importorskip("pyreadstat")
    import pandas as pd

    path = tmp_path / "fraction.sav"
    pyreadstat.write_sav(
        pd.DataFrame({"id": [1, 2, 3], "q": [1.0, 1.5, 2.0]}),
        str(path),
        column_labels={"q": "Q?"},
        variable_value_labels={"q": {1.0: "Yes", 1.5: "Half", 2.0: "No"}},
    )
    survey = tt.io.survey_from_spss(path)
    question = survey.question("q")
    assert [(o.code, o.label) for o in question.options] == [(1, "Yes"), (2, "No"), (3, "Half")]
    assert "1.5 ('Half') as 3" in (question.note or "")
    prepared = survey.prepare(tt.io.read_spss(path)).data
    assert prepared["q"].astype(str).tolist() == ["Yes", "Half", "No"]

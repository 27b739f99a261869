"""Survey-platform exports: written here from a codebook and generated responses, read back."""

from __future__ import annotations

import csv
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

import tracktr as tt
import tracktr.testing
from tracktr.missing import MARKERS
from tracktr.survey import GridQuestion, MultiQuestion, NumericQuestion, Survey

openpyxl = pytest.importorskip("openpyxl")

SURVEY = tt.surveys.tracktr_2015()


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value in MARKERS


def export_rows(survey: Survey, data: pd.DataFrame) -> list[list[Any]]:
    """The two header rows and the body of a platform export of `data`.

    As platforms write them: question text once above its first column; option text over
    each tick column (the cell holds the option text when ticked, blank otherwise); item
    text over each grid column; "Response" under single-column questions. Missing answers
    of every kind are blank.
    """
    first: list[Any] = ["Respondent ID"]
    second: list[Any] = [""]
    cells: list[list[Any]] = [[rid] for rid in data[survey.respondent_id].tolist()]
    for question in survey.questions:
        if isinstance(question, MultiQuestion) and question.form == "indicator":
            headers = list(question.labels)
            for k, (label, column) in enumerate(zip(headers, question.columns, strict=True)):
                first.append(question.text if k == 0 else "")
                second.append(label)
                for row, value in zip(cells, data[column].tolist(), strict=True):
                    row.append(label if not _blank(value) and int(value) == 1 else "")
            continue
        if isinstance(question, GridQuestion):
            for k, item in enumerate(question.items):
                first.append(question.text if k == 0 else "")
                second.append(item.label)
                for row, value in zip(cells, data[item.column].tolist(), strict=True):
                    row.append("" if _blank(value) else value)
            continue
        first.append(question.text)
        second.append("Response")
        for row, value in zip(cells, data[question.id].tolist(), strict=True):
            row.append("" if _blank(value) else value)
    return [first, second, *cells]


def write_csv(survey: Survey, data: pd.DataFrame, path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(
            [
                [("" if v is None else repr(v) if isinstance(v, float) else v) for v in row]
                for row in export_rows(survey, data)
            ]
        )


def write_xlsx(survey: Survey, data: pd.DataFrame, path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in export_rows(survey, data):
        sheet.append([None if v == "" else v for v in row])
    book.save(path)


def expected(survey: Survey, data: pd.DataFrame) -> pd.DataFrame:
    """What an export can carry: every missing kind blank, a set with no tick unanswered."""
    blanked = data.astype(object).where(~data.astype(object).isin(list(MARKERS)), None)
    for question in survey.questions:
        if isinstance(question, MultiQuestion) and question.form == "indicator":
            ticks = blanked[list(question.columns)]
            none = ticks.apply(lambda row: all(_blank(v) or int(v) == 0 for v in row), axis=1)
            blanked.loc[none, list(question.columns)] = None
    return survey.prepare(blanked).data


def assert_same(read: pd.DataFrame, want: pd.DataFrame, survey: Survey) -> None:
    assert list(read.columns) == list(want.columns)
    for question in survey.questions:
        for column in question.columns:
            got, exp = read[column].tolist(), want[column].tolist()
            if isinstance(question, NumericQuestion):
                # A spreadsheet keeps 15 significant digits of a number.
                assert [isinstance(v, str) for v in got] == [isinstance(v, str) for v in exp]
                got = [v if isinstance(v, str) else pytest.approx(float(v), rel=1e-14) for v in got]
                exp = [v if isinstance(v, str) else float(v) for v in exp]
            assert got == exp, column


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
    ],
)
@given(tt.testing.responses(SURVEY, min_size=1, max_size=12))
def test_csv_export_of_generated_responses_reads_back(tmp_path: Path, data: pd.DataFrame) -> None:
    path = tmp_path / "export.csv"
    write_csv(SURVEY, data, path)
    export = tt.io.read_platform_export(path, SURVEY)
    assert_same(export.data, expected(SURVEY, data), SURVEY)
    assert not export.drafted
    assert len(export.columns) == len(SURVEY.columns)


@settings(
    max_examples=2,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
    ],
)
@given(tt.testing.responses(SURVEY, min_size=1, max_size=8))
def test_excel_export_of_generated_responses_reads_back(tmp_path: Path, data: pd.DataFrame) -> None:
    path = tmp_path / "export.xlsx"
    write_xlsx(SURVEY, data, path)
    export = tt.io.read_platform_export(path, SURVEY)
    assert_same(export.data, expected(SURVEY, data), SURVEY)


def small_survey() -> Survey:
    return tt.Survey.from_dict(
        {
            "title": "Members",
            "questions": [
                {
                    "id": "where",
                    "type": "multi",
                    "text": "Where do you work?",
                    "options": ["Prison", "Community", {"label": "Neither", "exclusive": True}],
                },
                {
                    "id": "secure",
                    "type": "single",
                    "text": "Is your funding secure?",
                    "options": ["Yes", "No", "Don't know"],
                },
                {
                    "id": "rating",
                    "type": "grid",
                    "text": "How do you rate...",
                    "options": ["Good", "Poor"],
                    "items": [
                        {"id": "crc", "label": "CRCs", "column": "rating_crc"},
                        {"id": "nps", "label": "The NPS", "column": "rating_nps"},
                    ],
                },
                {"id": "staff", "type": "numeric", "text": "How many staff?", "integer": True},
            ],
        }
    )


EXPORT = (
    "Respondent ID,Where do you work?,,,Is your funding secure?,How do you rate...,,"
    "How many staff?\n"
    ",Prison,Community,Neither,Response,CRCs,The NPS,Response\n"
    "11,Prison,,,Yes,Good,Poor,12\n"
    "12,,Community,,No,,Good,3\n"
    "13,,,Neither,Don't know,Poor,,\n"
    "14,,,,,,,\n"
)


def test_a_known_export(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(EXPORT, encoding="utf-8")
    export = tt.io.read_platform_export(path, small_survey())
    data = export.data
    assert data["respondent_id"].tolist() == [11, 12, 13, 14]
    assert data["where_1"].tolist() == [1, 0, 0, "<skipped>"]
    assert data["where_3"].tolist() == [0, 0, 1, "<skipped>"]
    assert data["secure"].tolist() == ["Yes", "No", "Don't know", "<skipped>"]
    assert data["rating_nps"].tolist() == ["Poor", "Good", "<skipped>", "<skipped>"]
    assert data["staff"].tolist()[:2] == [12, 3]
    table = tt.multi_response(data, "where", survey=small_survey())
    assert table.counts["All"].tolist() == [1, 1, 1]
    assert table.bases["All"] == 3
    assert export.columns["column"].tolist() == [
        "respondent_id",
        "where_1",
        "where_2",
        "where_3",
        "secure",
        "rating_crc",
        "rating_nps",
        "staff",
    ]


def test_an_excel_export_with_a_bom_free_header(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    book = openpyxl.Workbook()
    for line in EXPORT.splitlines():
        book.active.append([v or None for v in next(csv.reader([line]))])
    book.save(path)
    export = tt.io.read_platform_export(path, small_survey())
    assert export.data["secure"].tolist() == ["Yes", "No", "Don't know", "<skipped>"]


def test_every_mismatch_is_listed(tmp_path: Path) -> None:
    text = EXPORT.replace("Community,Neither", "Community,Elsewhere").replace(
        "How many staff?", "Start date"
    )
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(tt.ReadError, match="4 mismatches") as caught:
        tt.io.read_platform_export(path, small_survey(), drop_metadata=False)
    error = caught.value
    assert error.path == str(path)
    assert error.mismatches == (
        (
            "question 'where': export column 4 has option 'Elsewhere', which is not in the "
            "codebook (['Prison', 'Community', 'Neither'])"
        ),
        "question 'where': option 'Neither' has no column in the export",
        "question 'staff' ('How many staff?') has no column in the export",
        "export column 8 ('Start date') matches no question of the codebook",
    )
    for mismatch in error.mismatches:
        assert mismatch in str(error)


def test_repeated_question_text_over_every_column(tmp_path: Path) -> None:
    lines = EXPORT.splitlines()
    lines[0] = (
        "Respondent ID,Where do you work?,Where do you work?,Where do you work?,"
        "Is your funding secure?,How do you rate...,How do you rate...,How many staff?"
    )
    path = tmp_path / "export.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    export = tt.io.read_platform_export(path, small_survey())
    assert export.data["where_2"].tolist() == [0, 1, 0, "<skipped>"]
    drafted = tt.io.read_platform_export(path)
    assert [q.type for q in drafted.survey.questions] == ["multi", "single", "grid", "numeric"]


def test_ignored_columns_are_left_out(tmp_path: Path) -> None:
    text = EXPORT.replace("Respondent ID,", "Respondent ID,Start date,").replace(
        "\n,Prison", "\n,,Prison"
    )
    lines = text.splitlines()
    lines = [lines[0], lines[1]] + [
        line.split(",", 1)[0] + ",2025-01-01," + line.split(",", 1)[1] for line in lines[2:]
    ]
    path = tmp_path / "export.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(tt.ReadError, match="'Start date'"):
        tt.io.read_platform_export(path, small_survey(), drop_metadata=False)
    export = tt.io.read_platform_export(
        path, small_survey(), ignore=["Start date"], drop_metadata=False
    )
    assert "Start date" not in export.columns["question_text"].tolist()
    assert export.dropped == ()
    # Platform metadata is dropped by default, and named.
    export = tt.io.read_platform_export(path, small_survey())
    assert export.dropped == ("Start date",)
    assert "Start date" not in export.columns["question_text"].tolist()
    assert "1 metadata columns dropped" in repr(export)


def test_drafting_a_codebook_from_the_headers(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(EXPORT, encoding="utf-8")
    export = tt.io.read_platform_export(path)
    assert export.drafted
    survey = export.survey
    assert [(q.type, q.text) for q in survey.questions] == [
        ("multi", "Where do you work?"),
        ("single", "Is your funding secure?"),
        ("grid", "How do you rate..."),
        ("numeric", "How many staff?"),
    ]
    where = survey.questions[0]
    assert where.labels == ("Prison", "Community", "Neither")
    grid = survey.questions[2]
    assert isinstance(grid, GridQuestion)
    assert [i.label for i in grid.items] == ["CRCs", "The NPS"]
    assert grid.labels == ("Good", "Poor")
    # The draft is a codebook: it saves as TOML and reads back equal.
    survey.to_toml(tmp_path / "draft.toml")
    assert tt.Survey.from_toml(tmp_path / "draft.toml") == survey
    assert export.data["respondent_id"].tolist() == [11, 12, 13, 14]


def test_bad_files(tmp_path: Path) -> None:
    with pytest.raises(tt.ReadError, match="no such file") as caught:
        tt.io.read_platform_export(tmp_path / "absent.csv", small_survey())
    assert caught.value.path == str(tmp_path / "absent.csv")
    other = tmp_path / "export.sav"
    other.write_bytes(b"$FL2")
    with pytest.raises(tt.ReadError, match="is not a CSV or Excel export"):
        tt.io.read_platform_export(other, small_survey())
    corrupted = tmp_path / "export.xlsx"
    corrupted.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(tt.ReadError, match=r"export\.xlsx"):
        tt.io.read_platform_export(corrupted, small_survey())
    short = tmp_path / "short.csv"
    short.write_text("Respondent ID\n", encoding="utf-8")
    with pytest.raises(tt.ReadError, match="laid out as 'two_headers' needs two header rows"):
        tt.io.read_platform_export(short, small_survey(), layout="two_headers")
    with pytest.raises(tt.ReadError, match="laid out as 'three_headers' needs three header"):
        tt.io.read_platform_export(short, small_survey(), layout="three_headers")
    with pytest.raises(tt.TracktrError, match="layout"):
        tt.io.read_platform_export(short, small_survey(), layout="four")  # type: ignore[arg-type]


def test_an_export_with_only_ids(tmp_path: Path) -> None:
    path = tmp_path / "ids.csv"
    path.write_text("Respondent ID\n\n1\n2\n", encoding="utf-8")
    with pytest.raises(tt.ReadError, match=r"ids\.csv.*no question columns"):
        tt.io.read_platform_export(path)


def test_text_in_a_tick_column_is_a_failure_naming_row_and_column(tmp_path: Path) -> None:
    # Issue 11: "blah", or an answer typed under the wrong option, used to count as a tick.
    path = tmp_path / "export.csv"
    path.write_text(
        EXPORT.replace("11,Prison,,,", "11,blah,,,").replace("12,,Community,,", "12,,Prison,,"),
        encoding="utf-8",
    )
    with pytest.raises(
        tt.SurveyValidationError,
        match=r"(?s)2 cell\(s\).*line 3, column 2 "
        r"\('where_1'.*'blah' is not a tick.*line 4, column 3 \('where_2'",
    ) as caught:
        tt.io.read_platform_export(path, small_survey())
    failures = caught.value.failures
    assert failures[["line", "export_column", "column", "value"]].values.tolist() == [
        [3, 2, "where_1", "blah"],
        [4, 3, "where_2", "Prison"],
    ]
    assert failures["respondent_id"].tolist() == [11, 12]
    assert set(failures["check"]) == {"not_a_tick"}


def test_option_text_with_typed_detail_is_not_a_tick(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        EXPORT.replace("12,,Community,,", "12,,Community: probation,,"), encoding="utf-8"
    )
    with pytest.raises(tt.SurveyValidationError, match="'Community: probation' is not a tick"):
        tt.io.read_platform_export(path, small_survey())


def test_tick_marks_and_option_text_are_ticks(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        EXPORT.replace("11,Prison,,,", "11, prison ,x,0,").replace(
            "12,,Community,,", "12,1,TRUE,,"
        ),
        encoding="utf-8",
    )
    data = tt.io.read_platform_export(path, small_survey()).data
    assert data["where_1"].tolist()[:2] == [1, 1]
    assert data["where_2"].tolist()[:2] == [1, 1]
    assert data["where_3"].tolist()[:2] == [0, 0]


def other_survey() -> Survey:
    return tt.Survey.from_dict(
        {
            "title": "Other",
            "questions": [
                {
                    "id": "where",
                    "type": "multi",
                    "text": "Where do you work?",
                    "options": ["Prison", "Other (please specify)"],
                },
                {"id": "secure", "type": "single", "text": "Secure?", "options": ["Yes", "No"]},
            ],
        }
    )


OTHER_EXPORT = (
    "Respondent ID,Where do you work?,,Secure?\n"
    ",Prison,Other (please specify),Response\n"
    "1,Prison,probation hostels,Yes\n"
    "2,Prison,,No\n"
    "3,,Other (please specify),None\n"
)


def test_other_please_specify_keeps_the_typed_words(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(OTHER_EXPORT.replace(",None\n", ",No\n"), encoding="utf-8")
    export = tt.io.read_platform_export(path, other_survey())
    data = export.data
    assert data["where_2"].tolist() == [1, 0, 1]
    assert data["where_other"].tolist() == ["probation hostels", "<skipped>", "<skipped>"]
    added = export.survey.question("where_other")
    assert (added.type, added.text) == ("text", "Where do you work? - Other (please specify)")
    table = tt.multi_response(data, "where", survey=export.survey)
    assert table.counts["All"].tolist() == [2, 2]


def test_other_text_goes_to_the_codebooks_own_text_question(tmp_path: Path) -> None:
    survey = other_survey().with_question(tt.TextQuestion("where_other", "Other place of work"))
    path = tmp_path / "export.csv"
    path.write_text(OTHER_EXPORT.replace(",None\n", ",No\n"), encoding="utf-8")
    export = tt.io.read_platform_export(path, survey)
    assert export.survey == survey
    assert export.data["where_other"].tolist()[0] == "probation hostels"


def test_a_drafted_codebook_keeps_other_text_and_reads_none_as_an_answer(tmp_path: Path) -> None:
    # "None" is an answer: only the codebook decides what is missing.
    path = tmp_path / "export.csv"
    path.write_text(OTHER_EXPORT, encoding="utf-8")
    export = tt.io.read_platform_export(path)
    types = {q.id: q.type for q in export.survey.questions}
    assert types == {
        "where_do_you_work": "multi",
        "secure": "single",
        "where_do_you_work_other": "text",
    }
    assert export.data["where_do_you_work_2"].tolist() == [1, 0, 1]
    assert export.data["where_do_you_work_other"].tolist()[0] == "probation hostels"
    assert export.data["secure"].tolist() == ["Yes", "No", "None"]


def test_an_excel_export_reads_none_and_na_as_answers(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [
        ["Respondent ID", "Secure?"],
        [None, "Response"],
        [1, "None"],
        [2, "NA"],
        [3, None],
    ]:
        sheet.append(row)
    path = tmp_path / "export.xlsx"
    book.save(path)
    survey = tt.Survey.from_dict(
        {
            "title": "T",
            "questions": [
                {"id": "secure", "type": "single", "text": "Secure?", "options": ["None", "NA"]}
            ],
        }
    )
    data = tt.io.read_platform_export(path, survey).data
    assert data["secure"].tolist() == ["None", "NA", "<skipped>"]


def test_a_ragged_or_cut_off_export_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(EXPORT + "15,Prison,,\n", encoding="utf-8")
    with pytest.raises(
        tt.ReadError, match=r"(?s)export\.csv.*header has 8 columns but line 7 has 4"
    ):
        tt.io.read_platform_export(path, small_survey())
    path.write_text(EXPORT + "15,Prison,,,Yes,Good,Poor,", encoding="utf-8")
    with pytest.raises(tt.ReadError, match=r"line 7, the last, ends with a separator"):
        tt.io.read_platform_export(path, small_survey())


def test_other_text_never_replaces_a_question_of_another_type(tmp_path: Path) -> None:
    survey = other_survey().with_question(
        tt.SingleQuestion("where_other", "Other?", options=tt.survey.options(["Yes", "No"]))
    )
    path = tmp_path / "export.csv"
    path.write_text(OTHER_EXPORT.replace(",None\n", ",No\n"), encoding="utf-8")
    with pytest.raises(tt.CodebookError, match="'where_other' is a single question"):
        tt.io.read_platform_export(path, survey)


def test_tick_failures_and_other_failures_come_in_one_error(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(EXPORT.replace("11,Prison,,,Yes", "11,blah,,,Perhaps"), encoding="utf-8")
    with pytest.raises(
        tt.SurveyValidationError, match=r"(?s)'blah' is not a tick.*Also: .*'Perhaps'"
    ) as caught:
        tt.io.read_platform_export(path, small_survey())
    failures = caught.value.failures
    assert failures["value"].tolist() == ["blah", "Perhaps"]
    assert failures["question"].tolist() == ["where", "secure"]


def test_a_semicolon_export_is_refused_with_the_way_to_read_it(tmp_path: Path) -> None:
    # Before: the whole header was one column, and every answer one text question.
    path = tmp_path / "export.csv"
    path.write_text(
        "Respondent ID;Who funds?;Where?;;Demand?\n;Response;Prison;Community;Response\n"
        "101;CRC;Prison;;Up\n102;NPS;;Community;Same\n",
        encoding="utf-8",
    )
    with pytest.raises(tt.ReadError, match=r"the file seems separated by ';', not ','") as caught:
        tt.io.read_platform_export(path)
    assert "pd.read_csv(path, sep=';', header=None, dtype=str" in str(caught.value)
    cells = pd.read_csv(path, sep=";", header=None, dtype=str, keep_default_na=False)
    export = tt.io.read_platform_export(cells)
    assert [(q.id, q.type) for q in export.survey.questions] == [
        ("who_funds", "single"), ("where", "multi"), ("demand", "single")]  # fmt: skip


def test_an_export_whose_second_header_row_was_deleted_is_refused() -> None:
    # The first respondent stood where the option labels belong: read as them, and lost
    # (2 respondents of 3, and "Yes" taken as the one option of a tick-box set).
    export = pd.DataFrame(
        {
            "Respondent ID": ["", "1", "2", "3"],
            "Is your waiting list growing?": ["Response", "Yes", "No", "Yes"],
            "Which services?": ["Advice", "Advice", "", "Advice"],
            "Unnamed: 3": ["Housing", "", "Housing", "Housing"],
        }
    )
    assert len(tt.io.read_platform_export(export).data) == 3
    headless = export.iloc[1:].reset_index(drop=True)
    with pytest.raises(tt.ReadError, match=r"the second row holds '1' under 'Respondent ID'"):
        tt.io.read_platform_export(headless)

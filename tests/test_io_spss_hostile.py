"""SPSS and Stata files a hostile tester built: dates, stray tick values, text codes.

Each test reproduces a defect of /tmp/probe_io/REPORT.md (sections 1, 7, 8 and 9) and says
in a comment what the old code did.
"""

from __future__ import annotations

import datetime
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import tracktr as tt
from tracktr.survey import MultiQuestion, NumericQuestion, SingleQuestion, TextQuestion

pyreadstat = pytest.importorskip("pyreadstat")

DATES = {
    "id": [1, 2, 3],
    "joined": [datetime.date(2019, 5, 1), None, datetime.date(2024, 3, 3)],
    "completed": [
        datetime.datetime(2025, 1, 1, 10, 30),
        datetime.datetime(2025, 1, 2, 9, 5, 7),
        None,
    ],
}


def _dated(tmp_path: Path, suffix: str) -> Path:
    path = tmp_path / f"dates{suffix}"
    frame = pd.DataFrame(DATES)
    labels = {"joined": "When did you join?", "completed": "Completed at"}
    if suffix == ".sav":
        pyreadstat.write_sav(frame, str(path), column_labels=labels)
    else:
        pyreadstat.write_dta(frame, str(path), column_labels=labels)
    return path


@pytest.mark.parametrize(
    ("suffix", "read"), [(".sav", tt.io.read_spss), (".dta", tt.io.read_stata)]
)
def test_dates_are_kept_as_iso_text(tmp_path: Path, suffix: str, read: Any) -> None:
    # Before: every date and datetime value became None (the text branch kept only str
    # values), so after prepare() every respondent seemed to have skipped the question.
    path = _dated(tmp_path, suffix)
    data = read(path)
    assert data["joined"].tolist() == ["2019-05-01", None, "2024-03-03"]
    # As a workbook's date cells read: seconds only when there are some.
    assert data["completed"].tolist() == ["2025-01-01 10:30", "2025-01-02 09:05:07", None]
    survey = tt.io.survey_from_spss(path)
    joined = survey.question("joined")
    assert isinstance(joined, TextQuestion)
    assert joined.note is not None
    assert "ISO 8601" in joined.note
    assert "pandas.to_datetime(..., format='ISO8601')" in joined.note
    prepared = survey.prepare(data).data
    assert prepared["joined"].tolist() == ["2019-05-01", "<skipped>", "2024-03-03"]
    completed = pd.to_datetime(data["completed"], format="ISO8601")
    assert completed.dt.hour.tolist()[:2] == [10, 9]


def test_a_time_of_day_is_kept_as_iso_text(tmp_path: Path) -> None:
    # Before: a TIME variable's values became None, as dates did.
    path = tmp_path / "time.sav"
    frame = pd.DataFrame({"id": [1, 2], "started": [datetime.time(10, 30), datetime.time(0, 0)]})
    pyreadstat.write_sav(frame, str(path))
    assert tt.io.read_spss(path)["started"].tolist() == ["10:30", "00:00"]


def _ticks(tmp_path: Path, where_1: list[float]) -> Path:
    path = tmp_path / "ticks.sav"
    frame = pd.DataFrame(
        {"id": [1, 2, 3, 4], "where_1": where_1, "where_2": [0, 1, 1, 1], "staff": [1, 2, 3, 4]}
    )
    pyreadstat.write_sav(
        frame,
        str(path),
        column_labels={
            "where_1": "Where do you work? - Prison",
            "where_2": "Where do you work? - Community",
        },
        variable_value_labels={"where_1": {0: "No", 1: "Yes"}, "where_2": {0: "No", 1: "Yes"}},
        missing_ranges={"where_1": [8]},
    )
    return path


def test_tick_values_other_than_ticked_or_not_ticked_are_refused(tmp_path: Path) -> None:
    # Before: 5, 9 and -1 in a 0/1 set became 0 (`values == counted`), so they were
    # counted as answered but not ticked without a word; read_csv refuses the same cells.
    path = _ticks(tmp_path, [1, 5, 9, -1])
    expected = (
        f"{str(path)!r}: 3 value(s) of tick-all-that-apply columns are neither ticked nor "
        "not ticked:\n"
        "- not_binary: question 'where', column 'where_1', respondent 2: 5; "
        "expected 1 (ticked) or 0 (not ticked)\n"
        "- not_binary: question 'where', column 'where_1', respondent 3: 9; "
        "expected 1 (ticked) or 0 (not ticked)\n"
        "- not_binary: question 'where', column 'where_1', respondent 4: -1; "
        "expected 1 (ticked) or 0 (not ticked)\n\n"
        "Hint: recode them in SPSS or Stata (RECODE, or MISSING VALUES to read them as "
        "blank); `error.failures` lists every value."
    )
    with pytest.raises(tt.SurveyValidationError) as caught:
        tt.io.read_spss(path)
    assert str(caught.value) == expected
    failures = caught.value.failures
    assert failures["value"].tolist() == [5, 9, -1]
    assert failures["respondent_id"].tolist() == [2, 3, 4]
    assert set(failures["check"]) == {"not_binary"}


def test_tick_columns_left_out_are_not_checked(tmp_path: Path) -> None:
    # The refusal is about the columns read: `columns=` without the set reads the rest.
    path = _ticks(tmp_path, [1, 5, 9, -1])
    assert tt.io.read_spss(path, columns=["staff"])["staff"].tolist() == [1, 2, 3, 4]


def test_missing_codes_of_a_tick_column_are_still_blank(tmp_path: Path) -> None:
    # Unchanged: a user-missing code (8) and a system-missing value read as blank.
    path = _ticks(tmp_path, [1, 8, np.nan, 0])
    data = tt.io.read_spss(path)
    assert data["where_1"].tolist() == [1, pd.NA, pd.NA, 0]
    assert isinstance(tt.io.survey_from_spss(path).question("where"), MultiQuestion)


def test_a_set_counting_2_refuses_an_unlabelled_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Before: in a set that counts 2 ({1: No, 2: Yes}), a stray 7 read as not ticked.
    path = tmp_path / "news.sav"
    pyreadstat.write_sav(
        pd.DataFrame({"id": [1, 2, 3], "tv": [2, 1, 7], "radio": [1, 2, 0]}),
        str(path),
        variable_value_labels={"tv": {1: "No", 2: "Yes"}, "radio": {1: "No", 2: "Yes"}},
    )
    real = pyreadstat.read_sav

    def with_sets(*args: Any, **kwargs: Any) -> Any:
        frame, meta = real(*args, **kwargs)
        meta.mr_sets = {
            "$news": {"type": "D", "is_dichotomy": True, "counted_value": 2,
                      "label": "Where do you get news?", "variable_list": ["tv", "radio"]}
        }  # fmt: skip
        return frame, meta

    monkeypatch.setattr(pyreadstat, "read_sav", with_sets)
    with pytest.raises(
        tt.SurveyValidationError,
        match=r"question 'news', column 'tv', respondent 3: 7; expected 2 \(ticked\) or "
        r"0 or 1 \(not ticked\)",
    ):
        tt.io.read_spss(path)


def test_value_labels_of_text_codes_are_applied(tmp_path: Path) -> None:
    # Before: read_spss gave the codes 'N', 'S' (only numeric value labels were read) and
    # survey_from_spss drafted a free-text question, so any code was accepted.
    path = tmp_path / "region.sav"
    pyreadstat.write_sav(
        pd.DataFrame({"id": [1, 2, 3, 4], "region": ["N", "S", "N", ""]}),
        str(path),
        column_labels={"region": "Which region?"},
        variable_value_labels={"region": {"N": "North", "S": "South"}},
    )
    data = tt.io.read_spss(path)
    assert data["region"].tolist() == ["North", "South", "North", None]
    assert tt.io.read_spss(path, labels=False)["region"].tolist() == ["N", "S", "N", None]
    survey = tt.io.survey_from_spss(path)
    region = survey.question("region")
    assert isinstance(region, SingleQuestion)
    assert region.labels == ("North", "South")
    assert region.note == "Codes of region are text ('N', 'S'); read_spss() reads their labels."
    prepared = survey.prepare(data).data
    assert prepared["region"].tolist() == ["North", "South", "North", "<skipped>"]


def test_text_codes_that_are_numbers_keep_their_numbers(tmp_path: Path) -> None:
    # Text codes "1", "2" become options coded 1 and 2, so the codes read with
    # labels=False prepare as the labels do.
    path = tmp_path / "size.sav"
    pyreadstat.write_sav(
        pd.DataFrame({"id": [1, 2], "size": ["2", "1"]}),
        str(path),
        variable_value_labels={"size": {"1": "Small", "2": "Large"}},
    )
    survey = tt.io.survey_from_spss(path)
    assert [(o.code, o.label) for o in survey.question("size").options] == [
        (1, "Small"),
        (2, "Large"),
    ]
    codes = survey.prepare(tt.io.read_spss(path, labels=False)).data
    assert codes["size"].tolist() == ["Large", "Small"]


def test_text_user_missing_codes_are_read_as_numeric_ones_are(tmp_path: Path) -> None:
    # Before: a text "Don't know" declared user-missing was blank (only numeric codes
    # labelled don't know were kept), and a "Refused" code became an option.
    path = tmp_path / "agree.sav"
    pyreadstat.write_sav(
        pd.DataFrame({"id": [1, 2, 3, 4], "agree": ["y", "n", "x", "r"]}),
        str(path),
        variable_value_labels={"agree": {"y": "Yes", "n": "No", "x": "Don't know", "r": "Refused"}},
        missing_ranges={"agree": ["x", "r"]},
    )
    data = tt.io.read_spss(path)
    assert data["agree"].tolist() == ["Yes", "No", "Don't know", "<refused>"]
    survey = tt.io.survey_from_spss(path)
    assert survey.question("agree").labels == ("No", "Don't know", "Yes")
    assert survey.question("agree").dont_know == ("Don't know",)
    assert survey.prepare(data).data["agree"].tolist()[-1] == "<refused>"


def test_a_number_labelled_only_for_its_missing_code_is_numeric(tmp_path: Path) -> None:
    # Before: drafted as a single question with no options, which Survey.from_dict itself
    # refuses; preparing the file then failed every answer ("expected one of []").
    path = tmp_path / "staff.sav"
    pyreadstat.write_sav(
        pd.DataFrame({"id": [1, 2, 3], "staff": [12, 3, 99]}),
        str(path),
        column_labels={"staff": "How many paid staff?"},
        variable_value_labels={"staff": {99: "Refused"}},
        missing_ranges={"staff": [99]},
    )
    survey = tt.io.survey_from_spss(path)
    staff = survey.question("staff")
    assert isinstance(staff, NumericQuestion)
    assert staff.integer
    assert staff.note == (
        "Code 99 ('Refused') is a missing value: read_spss() reads it as refused ('<refused>')."
    )
    assert tt.Survey.from_dict(survey.to_dict()) == survey
    prepared = survey.prepare(tt.io.read_spss(path)).data
    assert prepared["staff"].tolist() == [12, 3, "<refused>"]


def test_the_stata_dont_know_warning_points_at_the_callers_line(tmp_path: Path) -> None:
    # Before: survey_from_spss() reaches the warning one call shallower than read_stata(),
    # and a fixed stacklevel pointed it at the line that called the caller.
    path = tmp_path / "members.dta"
    pyreadstat.write_dta(
        pd.DataFrame({"id": [1, 2, 3], "q": [1, 2, "a"]}),
        str(path),
        missing_user_values={"q": ["a"]},
        variable_value_labels={"q": {1: "Yes", 2: "No", "a": "Don't know"}},
    )
    for read in (tt.io.read_stata, tt.io.survey_from_spss):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            read(path)
        [warning] = [w for w in caught if issubclass(w.category, tt.TracktrWarning)]
        assert warning.filename == __file__, read.__name__


def test_labels_longer_than_spss_holds_are_refused(tmp_path: Path) -> None:
    # Old: cut to 120 bytes without a word; two options sharing their first 120 bytes
    # read back as one, and a table of the file written counted 5 / 1 for 3 / 2 / 1.
    stem = "The commissioning process was fair, open and transparent to organisations " * 2
    options = [stem + "of every size", stem + "of large size only", "No"]
    survey = tt.Survey.from_dict(
        {
            "title": "t",
            "questions": [{"id": "q", "type": "single", "text": "View", "options": options}],
        }
    )
    data = survey.prepare(
        pd.DataFrame(
            {"respondent_id": range(1, 7), "q": [options[0]] * 3 + [options[1]] * 2 + ["No"]}
        )
    ).data
    path = tmp_path / "long.sav"
    with pytest.raises(tt.CodebookError, match=r"the label of code 1 is \d+ bytes"):
        tt.io.write_spss(data, path, survey=survey)
    assert not path.exists()


@pytest.mark.parametrize("suffix", [".sav", ".dta"])
def test_a_scale_labelled_at_its_end_points_drafts_every_answered_code(
    tmp_path: Path, suffix: str
) -> None:
    # Before: options 'Very poor' and 'Very good' only, and every 2, 3 and 4 of the file
    # was refused as an unknown value when the data were validated against the draft.
    path = tmp_path / f"ends{suffix}"
    frame = pd.DataFrame({"id": [1, 2, 3, 4, 5, 6, 7], "rate": [1, 2, 3, 3, 4, 5, 9]})
    labels = {"rate": {1: "Very poor", 5: "Very good"}}
    if suffix == ".sav":
        pyreadstat.write_sav(frame, str(path), column_labels={"rate": "Rate us"},
                             variable_value_labels=labels)  # fmt: skip
    else:
        pyreadstat.write_dta(frame, str(path), column_labels=["id", "Rate us"],
                             variable_value_labels=labels)  # fmt: skip
    survey = tt.io.survey_from_spss(path)
    question = survey.question("rate")
    assert [(o.code, o.label) for o in question.options] == [
        (1, "Very poor"), (2, "2"), (3, "3"), (4, "4"), (5, "Very good"),
    ]  # fmt: skip
    assert "2, 3, 4" in (question.note or "")
    reader = tt.io.read_spss if suffix == ".sav" else tt.io.read_stata
    data = reader(path).iloc[:6]  # 9 lies beyond the labelled codes: still unknown
    prepared = survey.prepare(data).data
    table = tt.frequencies(prepared, "rate", survey=survey)
    assert table.counts["All"].tolist() == [1, 1, 2, 1, 1]
    with pytest.raises(tt.SurveyValidationError, match=r"respondent 7: 9"):
        survey.validate(survey.prepare(reader(path)).data)


def test_codes_beyond_a_dont_know_code_are_not_drafted_as_options(tmp_path: Path) -> None:
    # Before: 99 = "Don't know" widened the scale to 1-99, and a keying error (55) and an
    # off-scale 7 became options, so validation found nothing.
    path = tmp_path / "dk.sav"
    frame = pd.DataFrame({"id": range(1, 8), "rate": [1, 2, 3, 5, 99, 55, 7]})
    pyreadstat.write_sav(frame, str(path), column_labels={"rate": "Rate us"},
                         variable_value_labels={"rate": {1: "Very poor", 5: "Very good",
                                                         99: "Don't know"}})  # fmt: skip
    survey = tt.io.survey_from_spss(path)
    assert survey.question("rate").labels == ("Very poor", "2", "3", "Very good", "Don't know")
    with pytest.raises(tt.SurveyValidationError, match=r"respondent 6: 55") as info:
        survey.validate(survey.prepare(tt.io.read_spss(path)).data)
    assert "respondent 7: 7" in str(info.value)

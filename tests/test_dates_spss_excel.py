"""The same date, time or datetime reads as the same text from a workbook and from SPSS/Stata.

Before: a date with no time of day read "2025-03-01" from a workbook but
"2025-03-01 00:00:00" from a .sav or .dta DATETIME variable, and a time "10:30" against
"10:30:00": one answer, two spellings, counted as two options once the files were
stacked. Now both readers write :func:`tracktr.io._sheet.date_text`'s ISO text: a date
for a date with no time, a date and time otherwise, seconds only when there are some.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import tracktr as tt

pyreadstat = pytest.importorskip("pyreadstat")

STAMPS = [dt.datetime(2025, 3, 1), dt.datetime(2025, 3, 1, 9, 5), dt.datetime(2025, 3, 1, 9, 5, 7)]
TIMES = [dt.time(10, 30), dt.time(0, 0), dt.time(1, 2, 3)]
EXPECTED_STAMPS = ["2025-03-01", "2025-03-01 09:05", "2025-03-01 09:05:07"]
EXPECTED_TIMES = ["10:30", "00:00", "01:02:03"]


def _workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Respondent ID", "Stamp", "Time"])
    for k, (stamp, time) in enumerate(zip(STAMPS, TIMES, strict=True), start=1):
        sheet.append([k, stamp, time])
    book.save(path)
    return path


def test_spss_stata_and_a_workbook_give_one_text_per_answer(tmp_path: Path) -> None:
    frame = pd.DataFrame({"id": [1, 2, 3], "stamp": STAMPS, "time": TIMES})
    sav = tmp_path / "d.sav"
    pyreadstat.write_sav(frame, str(sav))
    dta = tmp_path / "d.dta"
    pyreadstat.write_dta(frame.drop(columns="time"), str(dta))
    spss = tt.io.read_spss(sav)
    assert spss["stamp"].tolist() == EXPECTED_STAMPS
    assert spss["time"].tolist() == EXPECTED_TIMES
    assert tt.io.read_stata(dta)["stamp"].tolist() == EXPECTED_STAMPS
    export = tt.io.read_platform_export(_workbook(tmp_path / "d.xlsx"), layout="one_header")
    stamp, time = (q.columns[0] for q in export.survey.questions)
    assert export.data[stamp].tolist() == EXPECTED_STAMPS
    assert export.data[time].tolist() == EXPECTED_TIMES
    # The workbook's reading is recorded cell by cell: before, the cell; after, the text.
    changes = export.changes[export.changes["reason"] == "date_cell"]
    assert changes["after"].tolist() == EXPECTED_STAMPS + EXPECTED_TIMES
    assert changes["before"].tolist() == STAMPS + TIMES


def test_the_drafted_note_says_the_same_format(tmp_path: Path) -> None:
    frame = pd.DataFrame({"id": [1, 2], "stamp": STAMPS[:2]})
    sav = tmp_path / "d.sav"
    pyreadstat.write_sav(frame, str(sav))
    note = tt.io.survey_from_spss(sav).question("stamp").note
    assert note is not None
    assert "2024-03-31 14:05 with a time" in note


SURVEY = tt.Survey.from_dict({"title": "Dates", "respondent_id": "id", "questions": [
    {"id": "stamp", "type": "text", "text": "When?"},
    {"id": "time", "type": "text", "text": "At what time?"},
]})  # fmt: skip


@pytest.mark.parametrize("reader", ["spss", "stata"])
def test_spss_and_stata_record_their_date_cells_as_a_workbook_does(
    tmp_path: Path, reader: str
) -> None:
    # Before: read_spss/read_stata turned dates into text with no record of it (no
    # `prepare`), so the same file exported as .xlsx listed 6 changes and as .sav none.
    frame = pd.DataFrame({"id": [11, 12, 13], "stamp": STAMPS, "time": TIMES})
    if reader == "spss":
        path = tmp_path / "d.sav"
        pyreadstat.write_sav(frame, str(path))
        prepared = tt.io.read_spss(path, survey=SURVEY, prepare=True)
        times = TIMES
    else:
        path = tmp_path / "d.dta"
        pyreadstat.write_dta(frame.drop(columns="time"), str(path))
        survey = tt.Survey.from_dict(
            {**SURVEY.to_dict(), "questions": [SURVEY.to_dict()["questions"][0]]}
        )
        prepared = tt.io.read_stata(path, survey=survey, prepare=True)
        times = []
    assert isinstance(prepared, tt.Prepared)
    assert prepared.data["stamp"].tolist() == EXPECTED_STAMPS
    dates = prepared.changes[prepared.changes["reason"] == "date_cell"]
    # Listed first, column by column, as read_platform_export lists a workbook's cells.
    assert prepared.changes.index[: len(dates)].tolist() == dates.index.tolist()
    assert dates["question"].tolist() == ["stamp"] * 3 + ["time"] * len(times)
    assert dates["respondent_id"].tolist() == [11, 12, 13] * (1 + bool(times))
    assert dates["before"].tolist() == STAMPS + times
    assert dates["after"].tolist() == EXPECTED_STAMPS + EXPECTED_TIMES[: len(times)]
    assert list(prepared.changes.columns) == list(SURVEY.prepare(frame.astype(str)).changes.columns)


def test_without_prepare_the_readers_still_return_the_data_frame(tmp_path: Path) -> None:
    path = tmp_path / "d.sav"
    pyreadstat.write_sav(pd.DataFrame({"id": [1], "stamp": STAMPS[:1]}), str(path))
    survey = tt.Survey.from_dict(
        {**SURVEY.to_dict(), "questions": [SURVEY.to_dict()["questions"][0]]}
    )
    read = tt.io.read_spss(path, survey=survey)
    assert isinstance(read, pd.DataFrame)
    assert read["stamp"].tolist() == ["2025-03-01"]
    # Prepared as before, dates already text: only prepare's own changes, none of a date.
    assert "date_cell" not in set(survey.prepare(read).changes["reason"])


def test_prepare_without_a_codebook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "d.sav"
    pyreadstat.write_sav(pd.DataFrame({"id": [1], "stamp": STAMPS[:1]}), str(path))
    with pytest.raises(tt.InvalidOptionError, match=r"`prepare=True` prepares the data with"):
        tt.io.read_spss(path, prepare=True)


def test_a_file_that_does_not_match_the_codebook_is_refused_naming_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "d.sav"
    pyreadstat.write_sav(pd.DataFrame({"id": [1], "stamp": STAMPS[:1], "x": [1]}), str(path))
    with pytest.raises(tt.SurveyValidationError, match=r"d\.sav"):
        tt.io.read_spss(path, survey=SURVEY, prepare=True)

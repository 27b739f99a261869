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

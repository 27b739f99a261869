"""CSV response files read against a codebook, whole and in chunks."""

from __future__ import annotations

import csv
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tracktr as tt
import tracktr.testing
from tracktr.survey import Survey

SURVEY = tt.surveys.tracktr_2015()
QUESTIONS = ["main_funding", "income", "delivery_regions", "relationships", "crc_role"]


def demo() -> Survey:
    return tt.Survey.from_dict(
        {
            "title": "Demo",
            "questions": [
                {"id": "size", "type": "ordinal", "text": "Size?", "options": ["Small", "Large"]},
                {
                    "id": "where",
                    "type": "multi",
                    "text": "Where?",
                    "options": ["Prison", "Community"],
                },
                {"id": "staff", "type": "numeric", "text": "Staff?", "integer": True},
            ],
        }
    )


def write(data: pd.DataFrame, path: Path) -> None:
    """Write responses as a plain CSV file: labels, 1/0 ticks, markers as written."""

    def cell(value: Any) -> Any:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return ""
        return repr(value) if isinstance(value, float) else value

    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(list(data.columns))
        writer.writerows([[cell(v) for v in row] for row in data.astype(object).to_numpy()])


def test_read_csv_prepares_and_validates(tmp_path: Path) -> None:
    path = tmp_path / "responses.csv"
    path.write_text(
        "respondent_id,size,where_1,where_2,staff\n1,2,1,0,12\n2,Small,,1, 3 \n3,,,,\n",
        encoding="utf-8",
    )
    data = tt.io.read_csv(path, demo())
    assert data["respondent_id"].tolist() == [1, 2, 3]
    assert data["size"].tolist() == ["Large", "Small", "<skipped>"]
    assert data["where_1"].tolist() == [1, 0, "<skipped>"]
    assert data["staff"].tolist() == [12, 3, "<skipped>"]


def test_read_csv_lists_every_failure(tmp_path: Path) -> None:
    path = tmp_path / "responses.csv"
    path.write_text(
        "respondent_id,size,where_1,where_2,staff,extra\n1,Huge,1,0,x,a\n1,Small,2,0,1,b\n",
        encoding="utf-8",
    )
    with pytest.raises(tt.SurveyValidationError, match=r"responses\.csv.*failures") as caught:
        tt.io.read_csv(path, demo())
    checks = set(caught.value.failures["check"])
    assert {
        "duplicate_id",
        "unknown_value",
        "not_binary",
        "not_numeric",
        "unknown_column",
    } <= checks


def test_chunks_are_bounded_and_ids_unique_across_them(tmp_path: Path) -> None:
    path = tmp_path / "responses.csv"
    rows = "".join(f"{i},{'Small' if i % 3 else 'Large'},1,0,{i}\n" for i in range(1, 26))
    path.write_text("respondent_id,size,where_1,where_2,staff\n" + rows, encoding="utf-8")
    chunks = list(tt.io.read_csv(path, demo(), chunksize=10))
    assert [len(c) for c in chunks] == [10, 10, 5]
    assert pd.concat(chunks)["respondent_id"].tolist() == list(range(1, 26))
    duplicated = tmp_path / "duplicated.csv"
    duplicated.write_text(
        "respondent_id,size,where_1,where_2,staff\n" + rows + "3,Small,1,0,1\n", encoding="utf-8"
    )
    with pytest.raises(
        tt.ReadError, match=r"respondent id\(s\) \[3\] occur in more than one chunk"
    ):
        list(tt.io.read_csv(duplicated, demo(), chunksize=10))


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
    ],
)
@given(
    tt.testing.responses(SURVEY, min_size=1, max_size=30),
    st.integers(1, 12),
)
def test_chunked_counts_equal_the_in_memory_table_exactly(
    tmp_path: Path, data: pd.DataFrame, chunksize: int
) -> None:
    path = tmp_path / "responses.csv"
    write(data, path)
    whole = tt.io.read_csv(path, SURVEY)
    chunked = tt.io.tabulate_csv(path, SURVEY, QUESTIONS, chunksize=chunksize)
    for question in QUESTIONS:
        expected = tt.tabulate(whole, question, survey=SURVEY)
        got = chunked[question]
        pd.testing.assert_frame_equal(got.counts, expected.counts, check_dtype=False)
        pd.testing.assert_series_equal(got.bases, expected.bases, check_dtype=False)
    by = tt.io.tabulate_csv(path, SURVEY, ["income"], chunksize=chunksize, by="main_funding")
    expected = tt.frequencies(whole, "income", survey=SURVEY, by="main_funding")
    pd.testing.assert_frame_equal(
        by["income"].counts.reindex(columns=expected.counts.columns, fill_value=0),
        expected.counts,
        check_dtype=False,
    )


def test_bad_files_and_options(tmp_path: Path) -> None:
    with pytest.raises(tt.ReadError, match="no such file") as caught:
        tt.io.read_csv(tmp_path / "absent.csv", demo())
    assert caught.value.path == str(tmp_path / "absent.csv")
    with pytest.raises(tt.ReadError, match="no such file"):
        tt.io.read_csv(tmp_path / "absent.csv", demo(), chunksize=5)
    sav = tmp_path / "data.sav"
    sav.write_bytes(b"$FL2")
    with pytest.raises(tt.ReadError, match="is not a CSV file"):
        tt.io.read_csv(sav, demo())
    latin = tmp_path / "latin.csv"
    latin.write_bytes("respondent_id,size\n1,Caf\xe9\n".encode("latin-1"))
    with pytest.raises(tt.ReadError, match=r"(?s)latin\.csv.*line 2.*not utf-8-sig text.*cp1252"):
        tt.io.read_csv(latin, demo())
    with pytest.raises(tt.InvalidOptionError, match="`chunksize` must be a positive"):
        tt.io.read_csv(latin, demo(), chunksize=0)
    ok = tmp_path / "ok.csv"
    ok.write_text("respondent_id,size,where_1,where_2,staff\n1,Small,1,0,1\n", encoding="utf-8")
    with pytest.raises(tt.InvalidOptionError, match="not additive"):
        tt.io.tabulate_csv(ok, demo(), ["size"], average=True)
    with pytest.raises(tt.QuestionNotFoundError, match="No question 'sise'"):
        tt.io.tabulate_csv(ok, demo(), ["sise"])

"""tt.io.tabulate_csv on what a hostile tester tried: a weight column, groups by a column.

Each test says what the old code did; the promise is "exactly the table of the whole file
read at once".
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import tracktr as tt

SURVEY = tt.Survey.from_dict({"title": "M", "questions": [
    {"id": "size", "type": "ordinal", "text": "Size?", "options": ["Small", "Large"]},
    {"id": "g", "type": "grid", "text": "Rate us", "options": ["Good", "Bad"],
     "items": ["Advice", "Training"]},
]})  # fmt: skip


def _file(tmp_path: Path, weights: list[str]) -> Path:
    regions = ["North"] * 4 + ["South"] * 4 + ["Islands"] * 2
    rows = ["respondent_id,size,g_1,g_2,region,wt"]
    rows += [
        f'{i},{1 + i % 2},{1 + i % 2},{2 - i % 2},{r},"{w}"'
        for i, (r, w) in enumerate(zip(regions, weights, strict=True), 1)
    ]
    path = tmp_path / "responses.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


WEIGHTS = ["2.5", "1", "0.5", "1", "1", "2", "1", "1", "0.25", " 3 "]


@pytest.mark.parametrize("question", ["size", "g"])
def test_groups_of_a_column_come_in_the_whole_files_order(tmp_path: Path, question: str) -> None:
    # Before: in order of first appearance across chunks (North, South, Islands), and for
    # a grid the All block between North and South; the whole file sorts them, All last.
    path = _file(tmp_path, WEIGHTS)
    whole = tt.io.read_csv(path, SURVEY, allow_extra_columns=True)
    expected = tt.tabulate(whole, question, survey=SURVEY, by="region")
    found = tt.io.tabulate_csv(
        path, SURVEY, [question], chunksize=4, by="region", allow_extra_columns=True
    )[question]
    pd.testing.assert_frame_equal(found.counts, expected.counts, check_dtype=False)
    pd.testing.assert_series_equal(found.bases, expected.bases, check_dtype=False)


def test_a_weight_column_of_the_file_is_read_as_numbers(tmp_path: Path) -> None:
    # Before: every chunk refused "weights must be numbers; got dtype str", with a hint to
    # convert the column with pandas.to_numeric() first, which a caller of tabulate_csv
    # cannot do: it reads the file itself. tt.io.scan read the same column as numbers.
    path = _file(tmp_path, WEIGHTS)
    found = tt.io.tabulate_csv(
        path, SURVEY, ["size"], chunksize=3, weights="wt", allow_extra_columns=True
    )["size"]
    whole = tt.io.read_csv(path, SURVEY, allow_extra_columns=True)
    numbers = whole.assign(wt=[float(w) for w in WEIGHTS])
    expected = tt.frequencies(numbers, "size", survey=SURVEY, weights="wt")
    pd.testing.assert_frame_equal(found.counts, expected.counts, check_dtype=False)
    assert found.unweighted_bases is not None
    assert found.unweighted_bases["All"] == 10
    scanned = tt.io.scan(path, SURVEY).tabulate("size", weights="wt")
    pd.testing.assert_frame_equal(found.counts, scanned.counts, check_dtype=False)


def test_a_weight_that_is_no_number_is_named_with_its_respondent(tmp_path: Path) -> None:
    path = _file(tmp_path, [*WEIGHTS[:6], "1,5", *WEIGHTS[7:]])
    with pytest.raises(tt.InvalidWeightsError, match=r"'wt'.*'1,5'.*respondent.*\b7\b"):
        tt.io.tabulate_csv(path, SURVEY, ["size"], weights="wt", allow_extra_columns=True)

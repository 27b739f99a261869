"""``Table.respondents``: the rows of the pandas frame a table was counted from."""

from __future__ import annotations

import dataclasses
import pickle

import pandas as pd
import polars as pl

import tracktr as tt


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "q": ["a", "b", None, "a", "c", "b"],
            "g": ["x", "y", "x", None, "y", "x"],
            "t1": [1, 0, 1, 1, 0, 1],
            "t2": [0, 1, 1, 0, 0, 1],
        },
        index=pd.Index([11, 12, 13, 14, 15, 16], name="id"),
    )


def test_tables_of_a_frame_hold_its_index_itself() -> None:
    data = frame()
    north = data[data["g"] == "x"]
    tables = [
        tt.frequencies(data, "q"),
        tt.frequencies(data, "q", by="g"),
        tt.frequencies(data, "q", by=["g"]),
        tt.crosstab(data, "q", "g"),
        tt.multi_response(data, "set", columns=["t1", "t2"]),
    ]
    # Every row passed, also those who left the question out (row 13) or have no group.
    assert all(t.respondents is data.index for t in tables)
    assert tt.frequencies(north, "q").respondents is north.index  # not a copy


def test_copies_keep_the_rows_and_sums_of_parts_forget_them() -> None:
    data = frame()
    table = tt.frequencies(data, "q")
    assert dataclasses.replace(table, title="Q").respondents is data.index
    assert table.with_notes("A note.").respondents is data.index
    assert tt.net_table(table, {"a or b": ["a", "b"]}).respondents is data.index
    assert pickle.loads(pickle.dumps(table)).respondents.equals(data.index)
    # Two chunks summed are of both chunks' rows, not the first's.
    chunks = [tt.frequencies(data.iloc[:3], "q"), tt.frequencies(data.iloc[3:], "q")]
    assert tt.combine(chunks).respondents is None


def test_tables_not_of_a_pandas_frame_do_not_know_their_rows() -> None:
    data = frame()
    table = tt.frequencies(data, "q")
    assert tt.Table(counts=table.counts, bases=table.bases).respondents is None
    # An engine's frame is counted as patterns of answers: their rows are not respondents.
    assert tt.frequencies(pl.from_pandas(data), "q").respondents is None
    assert tt.frequencies(pl.from_pandas(data), "q", by="g").respondents is None


def test_the_rows_are_neither_compared_nor_shown() -> None:
    data = frame()
    renumbered = data.reset_index(drop=True)
    one, other = tt.frequencies(data, "q"), tt.frequencies(renumbered, "q")
    assert one == other  # the same numbers are the same table
    assert repr(one) == repr(other)
    assert "respondents" not in repr(one)


def test_a_surveys_tables_of_every_kind_hold_the_frames_index() -> None:
    data, survey = tt.datasets.tracktr_2015(), tt.surveys.tracktr_2015()
    tables = [
        tt.grid(data, "beneficiaries", survey=survey),
        tt.grid(data, "beneficiaries", by="footprint", survey=survey),
        tt.multi_response(data, "specialism", survey=survey, by="footprint"),
        tt.multi_crosstab(data, "specialism", "delivery_regions", survey=survey),
        tt.tabulate(data, "income", survey=survey),
    ]
    assert [t.respondents is data.index for t in tables] == [True] * len(tables)
    book = tt.tabbook(data, survey, banners=["footprint"], questions=["income"])
    table = book.section("income").blocks[0].table
    assert table is not None
    assert table.respondents is not None
    assert table.respondents.equals(data.index)  # of the book's copy of the frame

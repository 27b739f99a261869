"""Nested and listed banners (``by=("g", "h")``, ``by=["g", ("g", "h")]``) on engine frames.

The engine counts the answer patterns with every banner's columns (the grouping is pushed
down), and the pandas path nests or lists the banners of the patterns: the pandas table of
the same rows is the reference.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tracktr as tt
from tests.test_engines import ENGINES, OPTIONS, assert_same, assert_same_outcome, frames

NESTED = ("g", "i1")
LISTED = ["g", ("g", "i2")]
LISTED_KNOWN = ["funder", ("region", "funder")]

TABLES: dict[str, Callable[[Any, bool], tt.Table]] = {
    "frequencies-nested": lambda data, weighted: tt.frequencies(
        data, "q", options=OPTIONS, by=NESTED, weights="w" if weighted else None
    ),
    "frequencies-listed": lambda data, weighted: tt.frequencies(
        data, "q", options=OPTIONS, by=LISTED, weights="w" if weighted else None
    ),
    "frequencies-nested-missing-group": lambda data, weighted: tt.frequencies(
        data,
        "q",
        options=OPTIONS,
        by=NESTED,
        missing_group="(none)",
        weights="w" if weighted else None,
    ),
    "crosstab-nested": lambda data, weighted: tt.crosstab(
        data, "q", NESTED, options=OPTIONS, weights="w" if weighted else None
    ),
    "multi_response-listed": lambda data, weighted: tt.multi_response(
        data,
        "set",
        columns=["m1", "m2"],
        options=["First", "Second"],
        by=LISTED,
        weights="w" if weighted else None,
    ),
    "grid-nested": lambda data, weighted: tt.grid(
        data, "battery", columns=["i1", "i2"], options=OPTIONS, by=("g", "q")
    ),
    "grid-listed": lambda data, weighted: tt.grid(
        data, "battery", columns=["i1", "i2"], options=OPTIONS, by=["g", ("g", "q")]
    ),
}


@pytest.mark.parametrize("engine", sorted(ENGINES))
@settings(max_examples=10, deadline=None)
@given(frame=frames(), weighted=st.booleans())
def test_nested_and_listed_banners_give_the_pandas_tables(
    engine: str, frame: pd.DataFrame, weighted: bool
) -> None:
    native = ENGINES[engine](frame)
    for name, table in TABLES.items():
        weigh = weighted and not name.startswith("grid")
        assert_same_outcome(table, native, frame, weighted=weigh)


KNOWN = pd.DataFrame(
    {
        "q": ["Yes", "No", "Yes", "Yes", "No", "Yes"],
        "region": ["North", "North", "South", "South", "South", "North"],
        "funder": ["CRC", "CRC", "CRC", "Other", "Other", "Other"],
    }
)


@pytest.mark.parametrize("engine", ["pandas", *sorted(ENGINES)])
def test_a_nested_banner_counts_each_pair_of_groups(engine: str) -> None:
    data = KNOWN if engine == "pandas" else ENGINES[engine](KNOWN)
    table = tt.frequencies(data, "q", options=["Yes", "No"], by=("region", "funder"))
    assert table.counts.columns.tolist() == [
        "North / CRC",
        "North / Other",
        "South / CRC",
        "South / Other",
        "All",
    ]
    assert table.counts.loc["Yes"].tolist() == [1, 1, 1, 1, 4]
    assert table.counts.loc["No"].tolist() == [1, 0, 0, 1, 2]
    assert table.bases.tolist() == [2, 1, 1, 2, 6]


@pytest.mark.parametrize("engine", ["polars", "duckdb"])
def test_summaries_by_a_nested_banner_match_pandas(engine: str) -> None:
    frame = KNOWN.assign(x=[1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    expected = tt.summarise(frame, "x", by=["region", ("region", "funder")])
    got = tt.summarise(ENGINES[engine](frame), "x", by=["region", ("region", "funder")])
    pd.testing.assert_frame_equal(got.to_frame(), expected.to_frame())


def test_a_banner_that_is_not_a_column_name_is_refused_as_pandas_refuses_it() -> None:
    native = ENGINES["polars"](KNOWN)
    with pytest.raises(tt.InvalidOptionError, match="a banner must be a column name"):
        tt.frequencies(native, "q", options=["Yes", "No"], by=[("region",)])


def test_weighted_tables_by_a_nested_banner_keep_their_bases() -> None:
    frame = KNOWN.assign(w=[1.0, 2.0, 0.5, 1.5, 1.0, 0.0])
    expected = tt.frequencies(frame, "q", options=["Yes", "No"], by=LISTED_KNOWN, weights="w")
    got = tt.frequencies(
        ENGINES["duckdb"](frame), "q", options=["Yes", "No"], by=LISTED_KNOWN, weights="w"
    )
    assert_same(got, expected, weighted=True)


@pytest.mark.parametrize("engine", ["polars", "duckdb"])
@pytest.mark.parametrize(
    "groups", [["a", "A", "b"], ["", "a", "b"]], ids=["differ-in-case", "empty"]
)
def test_a_summary_names_the_rows_of_refused_groups_as_a_table_does(
    engine: str, groups: list[str]
) -> None:
    # Old: the summary named rows of the counted patterns ("rows [1]", one per distinct
    # (value, group)), not of the frame, where a table by the same banner names the
    # polars frame's rows or says how to find DuckDB's.
    frame = pd.DataFrame({"x": [1.0] * 6 + [2.0] * 6, "g": groups * 4, "q": "y"})
    native = ENGINES[engine](frame)
    with pytest.raises(tt.TracktrError) as table:
        tt.frequencies(native, "q", by="g")
    with pytest.raises(type(table.value)) as summary:
        tt.summarise(native, "x", by="g")
    assert str(summary.value).split("\n")[0] == str(table.value).split("\n")[0]
    assert "polars frame" in str(summary.value) or "duckdb frame" in str(summary.value)


def test_number_twins_on_a_lazy_frame_say_how_to_find_their_rows() -> None:
    # A reviewer's case: DuckDB named '1' in rows [2] and '1.0' in rows [0] (rows of its
    # count of distinct values); the true rows are 0 and 1, and a lazy frame has no order.
    import duckdb

    relation = duckdb.sql(
        "select * from (values ('Yes','1'),('No','1.0'),('Yes','12'),('No','2')) t(q, size)"
    )
    with pytest.raises(tt.UnknownValueError) as raised:
        tt.frequencies(relation, "q", by="size")
    message = str(raised.value)
    assert "filter the duckdb frame on these values to list their rows" in message
    assert "rows [" not in message.partition("\n")[0]

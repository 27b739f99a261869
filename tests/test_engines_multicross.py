"""multi_crosstab(), tick_counts() and multi_nets() of an engine frame are those of pandas.

Before, each refused every engine's frame with "`data` must be a pandas DataFrame; got
DataFrame", whose hint said polars, DuckDB and the others were read through narwhals. They
pair each respondent's ticks, so the columns they name are read into pandas, as the tab
book's letters and nets are.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest

import tracktr as tt
from tests.test_engines import ENGINES

SET = {
    "id": "likes",
    "type": "multi",
    "form": "indicator",
    "text": "Likes?",
    "options": [
        {"code": 1, "label": "Nuts", "column": "likes_nuts"},
        {"code": 2, "label": "Taste", "column": "likes_taste"},
    ],
}
SURVEY = tt.Survey.from_dict({"title": "Sets", "questions": [SET]})


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "likes_nuts": pd.Series([1, 1, 0, 1, None, 0, 1, 0], dtype="Int64"),
            "likes_taste": pd.Series([0, 1, 1, 0, None, 0, 1, 1], dtype="Int64"),
            "bad_price": pd.Series([1, 0, 0, 1, 1, 0, 0, 1], dtype="Int64"),
            "bad_size": pd.Series([1, 1, 0, 0, 0, 1, 0, 1], dtype="Int64"),
            "g": pd.Series(["a", "b", "a", "b", "a", None, "b", "a"], dtype=object),
            "w": [1.0, 2.0, 0.5, 0.0, 1.5, 2.0, 1.0, 3.0],
        }
    )


CALLS: dict[str, Callable[[Any], tt.Table]] = {
    "multi_crosstab": lambda data: tt.multi_crosstab(
        data,
        "likes",
        "dislikes",
        row_columns=["likes_nuts", "likes_taste"],
        column_columns=["bad_price", "bad_size"],
        weights="w",
    ),
    "multi_crosstab-survey": lambda data: tt.multi_crosstab(
        data, "likes", "dislikes", survey=SURVEY, column_columns=["bad_price", "bad_size"]
    ),
    "tick_counts": lambda data: tt.tick_counts(
        data, "likes", columns=["likes_nuts", "likes_taste"], by="g", weights="w"
    ),
    "multi_nets": lambda data: tt.multi_nets(
        data, "likes", {"Any": ["Nuts", "Taste"]}, survey=SURVEY, by="g", weights="w"
    ),
}


@pytest.mark.parametrize("engine", sorted(ENGINES))
@pytest.mark.parametrize("call", sorted(CALLS))
def test_an_engine_frame_gives_the_pandas_table(engine: str, call: str) -> None:
    frame = _frame()
    expected = CALLS[call](frame)
    found = CALLS[call](ENGINES[engine](frame))
    pd.testing.assert_frame_equal(found.counts, expected.counts)
    pd.testing.assert_series_equal(found.bases, expected.bases)
    assert found.notes == expected.notes
    assert found.to_markdown() == expected.to_markdown()


def test_weights_by_position_are_refused_on_an_engine_frame() -> None:
    # Values by position: a lazy frame's rows come back in no set order.
    native = ENGINES["duckdb"](_frame())
    with pytest.raises(tt.InvalidWeightsError, match=r"tick_counts\(\): on a duckdb frame"):
        tt.tick_counts(native, "likes", survey=SURVEY, weights=[1.0] * 8)

"""A weighted table of a lazy frame runs one query: weights are checked as answers are counted.

The weights were checked by a query of their own, then the answers counted by another:
a lazy frame (a polars LazyFrame, a DuckDB relation) ran its plan twice. The refusals of
bad weights, which that first query gave, must stay as they were.
"""

from __future__ import annotations

from typing import Any

import narwhals as nw
import pandas as pd
import pytest

import tracktr as tt
from tests.test_engines import ENGINES

pl = pytest.importorskip("polars")

FRAME = pd.DataFrame(
    {
        "q": ["Yes", "No", "Yes", None, "No", "Yes"],
        "g": ["a", "b", "a", "b", None, "a"],
        "w": [1.0, 2.0, 0.0, 0.5, 1.5, 3.0],
    }
)


def _collects(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Count narwhals' and polars' LazyFrame.collect calls."""
    calls = {"narwhals": 0, "polars": 0}

    def counting(owner: Any, key: str) -> None:
        original = owner.collect

        def collect(self: Any, *args: Any, **kwargs: Any) -> Any:
            calls[key] += 1
            return original(self, *args, **kwargs)

        monkeypatch.setattr(owner, "collect", collect)

    counting(nw.LazyFrame, "narwhals")
    counting(pl.LazyFrame, "polars")
    return calls


@pytest.mark.parametrize("engine", ["polars-lazy", "duckdb"])
@pytest.mark.parametrize(
    "call",
    [
        lambda data: tt.frequencies(data, "q", options=["Yes", "No"], by="g", weights="w"),
        lambda data: tt.summarise(data, "w", weights="w"),
    ],
    ids=["frequencies", "summarise"],
)
def test_a_weighted_table_of_a_lazy_frame_runs_one_query(
    engine: str, call: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    native = ENGINES[engine](FRAME)
    calls = _collects(monkeypatch)
    call(native)
    assert calls["narwhals"] == 1
    assert calls["polars"] == (1 if engine == "polars-lazy" else 0)


def test_the_one_query_gives_the_pandas_table() -> None:
    expected = tt.frequencies(FRAME, "q", options=["Yes", "No"], by="g", weights="w")
    got = tt.frequencies(ENGINES["duckdb"](FRAME), "q", options=["Yes", "No"], by="g", weights="w")
    pd.testing.assert_frame_equal(got.counts, expected.counts, check_dtype=False)
    pd.testing.assert_series_equal(got.effective_bases, expected.effective_bases)
    pd.testing.assert_series_equal(got.unweighted_bases, expected.unweighted_bases)


@pytest.mark.parametrize("engine", sorted(ENGINES))
@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ([1.0, 1e200, 1.0, 1.0, 1.0, 1.0], r"1 row\(s\) .* outside 1e-150 to 1e\+150"),
        ([1e150, 1e150, 1.0, 1.0, 1.0, 1.0], r"0 row\(s\) .* sum to more than 1e\+150"),
        ([1.0, -1.0, float("nan"), 1.0, 1.0, 1.0], r"2 row\(s\) .* missing, negative"),
    ],
    ids=["past-the-range", "sum-past-the-range", "negative-and-nan"],
)
def test_weights_past_the_float_range_are_still_refused_by_name(
    engine: str, weights: list[float], message: str
) -> None:
    native = ENGINES[engine](FRAME.assign(w=weights))
    with pytest.raises(tt.InvalidWeightsError, match=rf"^question 'q': weights 'w': {message}"):
        tt.frequencies(native, "q", options=["Yes", "No"], by="g", weights="w")

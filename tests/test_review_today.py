"""Hostile inputs against the changes of 2 December: each test failed before its fix."""

from __future__ import annotations

import pandas as pd
import pytest

import tracktr as tt


def test_rake_refuses_margin_totals_whose_squares_overflow() -> None:
    # Counts of 1e300 gave a bare OverflowError from the design effect.
    data = pd.DataFrame({"q": ["a", "b", "a", "b"]})
    with pytest.raises(tt.InvalidCountsError, match=r"margin 'q': the counts sum to more"):
        tt.weights.rake(data, {"q": {"a": 1e300, "b": 1e300}})
    with pytest.raises(tt.InvalidCountsError, match=r"the counts sum to more"):
        tt.weights.calibrate(data, {"q": {"a": 1e300, "b": 1e300}})


def test_diagnostics_refuses_weights_whose_squares_overflow() -> None:
    with pytest.raises(tt.InvalidWeightsError, match=r"squares would overflow"):
        tt.weights.diagnostics([1e300, 1e300])


def test_rake_population_too_large_is_refused() -> None:
    data = pd.DataFrame({"q": ["a", "b", "a", "b"]})
    with pytest.raises(tt.InvalidWeightsError, match=r"sum to more than 1e\+150"):
        tt.weights.rake(data, {"q": {"a": 0.5, "b": 0.5}}, population=1e300)


def test_tables_compare_by_value_after_a_copy() -> None:
    # The generated == compared DataFrames with ==: a pickled or deep-copied table
    # raised "The truth value of a DataFrame is ambiguous" when compared with itself.
    import copy
    import dataclasses
    import pickle

    data = pd.DataFrame({"q": ["a", "b", "a"], "g": ["x", "y", "x"], "w": [1, 2, 0.5]})
    table = tt.frequencies(data, "q", by="g", weights="w")
    assert pickle.loads(pickle.dumps(table)) == table
    assert copy.deepcopy(table) == table
    assert table != tt.frequencies(data, "q", by="g")
    assert table != dataclasses.replace(table, title="another")
    assert table != "a table"
    with pytest.raises(TypeError, match="unhashable"):
        hash(table)

"""A column name that labels two columns is refused by name, never read as a DataFrame.

``data[name]`` on such a frame returns a DataFrame; before, each of these calls failed
with an ``AttributeError`` or ``TypeError`` deep inside (or read one copy silently).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest

import tracktr as tt

BASE = pd.DataFrame(
    {
        "q": ["a", "b", "a", "b"],
        "x": [1.0, 2.0, 3.0, 4.0],
        "g": ["u", "v", "u", "v"],
        "w": [1.0, 1.0, 2.0, 2.0],
        "m1": [1, 0, 1, 0],
        "m2": [0, 1, 1, 0],
    }
)

DESIGN = tt.Design(weights="w")


def _twice(column: str) -> pd.DataFrame:
    """BASE with a second column of the same name (other answers)."""
    copy = BASE[[column]].iloc[::-1].reset_index(drop=True)
    return pd.concat([BASE, copy], axis=1)


CALLS: dict[str, tuple[str, Callable[[pd.DataFrame], Any]]] = {
    "frequencies question": ("q", lambda d: tt.frequencies(d, "q", options=["a", "b"])),
    "frequencies by": ("g", lambda d: tt.frequencies(d, "q", options=["a", "b"], by="g")),
    "frequencies weights": ("w", lambda d: tt.frequencies(d, "q", options=["a", "b"], weights="w")),
    "multi_response column": ("m1", lambda d: tt.multi_response(d, "m", columns=["m1", "m2"])),
    "summarise question": ("x", lambda d: tt.summarise(d, "x")),
    "summarise by": ("g", lambda d: tt.summarise(d, "x", by="g")),
    "compare_groups by": ("g", lambda d: tt.compare_groups(d, "q", "g", options=["a", "b"])),
    "design proportions": (
        "q",
        lambda d: tt.design.estimate_proportions(d, "q", design=DESIGN),
    ),
    "design means": ("x", lambda d: tt.design.estimate_means(d, "x", design=DESIGN)),
    "design weights": ("w", lambda d: tt.design.estimate_means(d, "x", design=DESIGN)),
    "rake margin": ("g", lambda d: tt.weights.rake(d, {"g": {"u": 0.5, "v": 0.5}})),
    "rake weights": ("w", lambda d: tt.weights.rake(d, {"g": {"u": 0.5, "v": 0.5}}, weights="w")),
    "calibrate margin": ("g", lambda d: tt.weights.calibrate(d, {"g": {"u": 2, "v": 2}})),
}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_repeated_column_is_refused_by_name(name: str) -> None:
    column, call = CALLS[name]
    call(BASE)  # the same call on the frame without the copy works
    data = _twice(column)
    before = data.copy()
    with pytest.raises(tt.TracktrError, match=f"2 columns named {column!r}") as caught:
        call(data)
    assert isinstance(caught.value, tt.exceptions.InvalidDataError)
    assert "data.columns.duplicated()" in str(caught.value)
    pd.testing.assert_frame_equal(data, before)  # the input is not changed


def test_a_repeated_column_that_is_not_read_does_not_matter() -> None:
    data = _twice("x")
    table = tt.frequencies(data, "q", options=["a", "b"])
    assert table.counts.iloc[:, 0].tolist() == [2, 2]


def test_an_engine_frame_with_a_repeated_column_is_refused_by_name() -> None:
    import duckdb
    import pyarrow as pa

    # A join of two tables that both have a `q`: DuckDB keeps both under one name.
    joined = duckdb.sql("SELECT * FROM (VALUES ('a', 'x'), ('b', 'y')) t(q, g), (SELECT 'z' AS q)")
    with pytest.raises(tt.exceptions.InvalidDataError, match="2 columns named 'q'"):
        tt.frequencies(joined, "q", options=["a", "b", "z"])
    with pytest.raises(tt.exceptions.InvalidDataError, match="2 columns named 'q'"):
        tt.frequencies(joined, "g", options=["x", "y"], by="q")
    # A column that is not read may be repeated.
    assert tt.frequencies(joined, "g", options=["x", "y"]).counts.iloc[:, 0].tolist() == [1, 1]
    # pyarrow: the frame cannot be read at all with two columns of one name.
    table = pa.table([pa.array(["a", "b"]), pa.array(["z", "z"])], names=["q", "q"])
    with pytest.raises(tt.exceptions.InvalidDataError, match="pyarrow frame"):
        tt.frequencies(table, "q", options=["a", "b", "z"])

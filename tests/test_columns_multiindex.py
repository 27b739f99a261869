"""A name that is the first level of several MultiIndex columns is refused, naming them.

Found by a helper (hP7): ``tt.frequencies(df, "q")`` on a frame whose columns are
``("q", "x")`` and ``("q", "y")`` failed with ``AttributeError: 'DataFrame' object has no
attribute 'dtype'``: ``data["q"]`` is then two columns, not one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest

import tracktr as tt

# A column's full name under MultiIndex columns: a tuple (the API's types say str).
Q: Any = ("q", "a")
X: Any = ("g", "x")
FRAME = pd.DataFrame(
    [["a", "x", 1.0], ["b", "y", 2.0]],
    columns=pd.MultiIndex.from_tuples([("q", "a"), ("g", "x"), ("g", "y")]),
)


@pytest.mark.parametrize(
    "call",
    [
        lambda df: tt.frequencies(df, "g"),
        lambda df: tt.frequencies(df, Q, by="g"),
        lambda df: tt.frequencies(df, Q, weights="g"),
        lambda df: tt.crosstab(df, Q, "g"),
    ],
)
def test_a_first_level_of_several_columns_is_named(call: Callable[[pd.DataFrame], Any]) -> None:
    with pytest.raises(tt.InvalidDataError) as caught:
        call(FRAME)
    message = str(caught.value)
    assert "'g' is the first level of 2 of the data's columns [('g', 'x'), ('g', 'y')]" in message
    assert "name one column in full, e.g. ('g', 'x')" in message


def test_a_column_named_in_full_is_read() -> None:
    table = tt.frequencies(FRAME, X)
    assert table.counts["All"].to_dict() == {"x": 1, "y": 1}


def test_the_first_levels_of_several_columns_are_named() -> None:
    # Under three levels, ("q", "a") is the first two levels of two columns: data[("q",
    # "a")] is a frame, which failed with AttributeError as "q" alone had.
    frame = pd.DataFrame(
        [["u", "Yes", "No"], ["v", "No", "No"]],
        columns=pd.MultiIndex.from_tuples([("g", "-", "-"), ("q", "a", "x"), ("q", "a", "y")]),
    )
    partial: Any = ("q", "a")
    with pytest.raises(tt.InvalidDataError) as caught:
        tt.frequencies(frame, partial)
    assert (
        "('q', 'a') is the first levels of 2 of the data's columns "
        "[('q', 'a', 'x'), ('q', 'a', 'y')]" in str(caught.value)
    )
    full: Any = ("q", "a", "x")
    assert tt.frequencies(frame, full).counts["All"].to_dict() == {"No": 1, "Yes": 1}

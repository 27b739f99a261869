"""Float indicator columns (0/1 with blank cells, as read from a CSV file) count as objects.

Float columns are compared as numbers, a column at a time; the same values held as
Python objects take the reading by distinct value or cell by cell, the reference here.
Tables must be equal, and a value that is not 0, 1 or blank named with the same rows.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tracktr as tt

OPTIONS = ["a", "b", "Don't know", "none"]
GOOD = [0.0, 1.0, math.nan, -0.0]
BAD = [2.0, 0.5, math.inf, -1.0]


def _table_or_error(data: pd.DataFrame, options: dict[str, Any]) -> tt.Table | str:
    """The set's table, or the message of the error that refused it."""
    try:
        return tt.multi_response(data, "set", **options)
    except tt.MultiResponseError as error:
        return str(error)


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(0, 120),
    dtype=st.sampled_from([np.float64, np.float32]),
    bad=st.booleans(),
    weighted=st.booleans(),
    dont_know=st.sampled_from(["include", "exclude"]),
    empty=st.sampled_from(["skipped", "answered"]),
    exclusive=st.booleans(),
    seed=st.integers(0, 2**16),
)
def test_float_columns_count_as_the_same_values_held_as_objects(  # noqa: PLR0917
    n: int,
    dtype: type,
    bad: bool,
    weighted: bool,
    dont_know: str,
    empty: str,
    exclusive: bool,
    seed: int,
) -> None:
    rng = np.random.default_rng(seed)
    cells = rng.choice(np.array(GOOD + (BAD if bad else [])), (len(OPTIONS), n))
    cells[:, rng.random(n) < 0.2] = math.nan  # whole rows blank: respondents who skipped
    cells[1, :] = math.nan if seed % 3 == 0 else cells[1, :]  # an all-blank column
    columns = [f"o{j}" for j in range(len(OPTIONS))]
    # Groups drawn from two of three: "z" is an empty group.
    groups = pd.Categorical(rng.choice(["x", "y"], n), categories=["x", "y", "z"])
    floats = pd.DataFrame({c: cells[j].astype(dtype) for j, c in enumerate(columns)})
    objects = floats.astype(object)
    floats["g"] = objects["g"] = groups
    before = floats.copy()
    options = {
        "columns": columns,
        "options": OPTIONS,
        "by": "g",
        "weights": rng.random(n) + 0.5 if weighted else None,
        "dont_know": dont_know,
        "empty": empty,
        "exclusive": ["none"] if exclusive else [],
    }
    expected = _table_or_error(objects, options)
    if isinstance(expected, str):
        assert _table_or_error(floats, options) == expected
        return
    assert _table_or_error(floats, options) == expected
    pd.testing.assert_frame_equal(floats, before)
    # And the counts by hand, unweighted: ticks of the shown options by group.
    if not weighted:
        for j, option in enumerate(OPTIONS):
            if option in expected.counts.index:
                ticked = cells[j].astype(dtype) == 1
                assert expected.counts.loc[option, "All"] == ticked.sum()


def test_a_float_column_of_a_value_not_binary_names_it_and_its_rows() -> None:
    data = pd.DataFrame({"a": [1.0, np.nan, 0.5, 0.0], "b": [0.0, 1.0, 1.0, np.inf]})
    message = r"column 'a' must be binary \(0/1 or True/False\); found \[0.5\] in rows \[2\]"
    with pytest.raises(tt.MultiResponseError, match=message):
        tt.multi_response(data, "set", columns=["a", "b"])

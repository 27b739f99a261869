"""A caller's weights are range-checked whatever their column is called.

The engines count tables weighted by summed squared weights (Kish's denominator) under the
internal column name ``"__tracktr_w2__"``; their range is the square of the weights' range,
so the check of a caller's weights is not made on them. That exemption once went by the
name alone, so that a caller's own column of that name was counted unchecked.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tracktr as tt
from tracktr._numbers import WEIGHT_RANGE
from tracktr.tabulate._common import _weights

INTERNAL = "__tracktr_w2__"  # typed as a caller would: not tracktr's own name object
LOW, HIGH = WEIGHT_RANGE


@pytest.mark.parametrize("weight", [1e-200, 1e200])
def test_a_callers_column_named_like_the_internal_squares_is_range_checked(
    weight: float,
) -> None:
    data = pd.DataFrame({"q": ["Yes", "No", "Yes"], INTERNAL: [1.0, weight, 0.0]})
    with pytest.raises(tt.InvalidWeightsError, match=r"weights must lie between 1e-150"):
        tt.frequencies(data, "q", weights=INTERNAL)


def test_the_engines_squared_weights_are_counted_beyond_the_weights_range() -> None:
    # Weights of 1e-100 are in range; their squares (1e-200) are not, and must not be
    # refused. Kish: equal weights give an effective base equal to the base (3 and 1).
    pl = pytest.importorskip("polars")
    frame = pl.DataFrame({"q": ["Yes", "No", "Yes", "Yes"], "w": [1e-100] * 4})
    table = tt.frequencies(frame, "q", weights="w")
    assert table.unweighted_bases is not None
    assert table.effective_bases is not None
    assert table.unweighted_bases.tolist() == [4]
    assert table.effective_bases.tolist() == pytest.approx([4.0], rel=1e-12)


weights_strategy = st.lists(
    st.sampled_from([0.0, 1e-200, 1e-151, 1e-150, 1e-3, 1.0, 2.5, 1e149, 1e150, 1e151, 1e200]),
    min_size=1,
    max_size=8,
)


def _in_range(values: list[float]) -> bool:
    """The rule, cell by cell: each weight 0 or within the range, and their sum too."""
    return all(v == 0 or LOW <= v <= HIGH for v in values) and sum(values) <= HIGH


@settings(max_examples=200, deadline=None)
@given(values=weights_strategy, name=st.sampled_from(["w", INTERNAL]))
def test_the_weights_check_is_the_rule_cell_by_cell_whatever_the_name(
    values: list[float], name: str
) -> None:
    data = pd.DataFrame({name: values})
    if _in_range(values):
        np.testing.assert_array_equal(_weights(data, name), np.asarray(values))
    else:
        with pytest.raises(tt.InvalidWeightsError, match="weights must lie between"):
            _weights(data, name)


def test_weights_summing_past_the_float_range_are_refused_without_a_numpy_warning() -> None:
    # Two weights of 1e308 overflow their sum: numpy warned "overflow encountered in
    # reduce" beside tracktr's own error, which says the same thing better.
    data = pd.DataFrame({"q": ["Yes", "No", "Yes", "No"]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(tt.InvalidWeightsError, match=r"the weights sum to inf"):
            tt.frequencies(data, "q", weights=[1e308, 1e308, 1.0, 1.0])

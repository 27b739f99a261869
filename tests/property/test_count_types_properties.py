"""Hypothesis properties: a count is a count whatever exact type holds it.

A whole number given as int, numpy integer, Decimal or Fraction gives the same interval,
one cell at a time and in the array form; True/False is never a count.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tracktr as tt
from tracktr.compare._intervals import proportion_intervals

KINDS = [int, np.int64, np.uint16, Decimal, Fraction, float]


@st.composite
def cells(draw: st.DrawFn) -> tuple[int, int]:
    base = draw(st.integers(1, 5000))
    return draw(st.integers(0, base)), base


@given(cells(), st.sampled_from(KINDS), st.sampled_from(KINDS))
def test_a_whole_count_of_any_type_gives_the_same_interval(
    cell: tuple[int, int], count_type: Any, base_type: Any
) -> None:
    count, base = cell
    assert tt.proportion_ci(count_type(count), base_type(base)) == tt.proportion_ci(count, base)


@given(st.lists(cells(), min_size=1, max_size=6), st.sampled_from(KINDS))
def test_the_array_form_reads_exact_counts_as_the_scalar_form(
    cs: list[tuple[int, int]], kind: Any
) -> None:
    counts = [kind(c) for c, _ in cs]
    bases = [b for _, b in cs]
    low, high = proportion_intervals(counts, bases)
    expected = proportion_intervals(np.array([c for c, _ in cs]), np.array(bases))
    assert low.tolist() == expected[0].tolist()
    assert high.tolist() == expected[1].tolist()


@given(cells(), st.booleans())
def test_a_boolean_is_never_a_count(cell: tuple[int, int], truth: bool) -> None:
    with pytest.raises(tt.InvalidCountsError, match=r"True/False is not a count"):
        tt.proportion_ci(np.bool_(truth), cell[1])  # type: ignore[arg-type]
    with pytest.raises(tt.InvalidCountsError, match=r"True/False is not a count"):
        proportion_intervals([truth, cell[0]], [cell[1], cell[1]])

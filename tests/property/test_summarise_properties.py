"""Hypothesis properties of tt.summarise: the spread of integers beyond float precision.

Integers from 2**53 up are not all floats (2**62 + 1 reads as 2**62), so a standard
deviation computed from floats loses them. The SD must not depend on where the numbers
sit: adding a large integer to every value changes the mean by it and the SD not at all,
and both match the standard library's exact arithmetic on Fractions.
"""

from __future__ import annotations

import math
import statistics
from fractions import Fraction

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tracktr as tt

values = st.lists(st.integers(-1000, 1000), min_size=2, max_size=30)
shifts = st.integers(-(2**62), 2**62) | st.sampled_from([2**53, 2**53 + 1, 2**62, -(2**62)])


def _stats(frame: object) -> pd.Series:
    return tt.summarise(frame, "x").statistics.loc["All"]


@given(values, shifts)
def test_sd_is_invariant_to_adding_a_large_integer(xs: list[int], shift: int) -> None:
    moved = [x + shift for x in xs]
    stats = _stats(pd.DataFrame({"x": moved}))
    expected_sd = statistics.stdev([Fraction(x) for x in moved])
    assert math.isclose(stats["sd"], expected_sd, rel_tol=1e-12, abs_tol=1e-12)
    assert math.isclose(stats["sd"], _stats(pd.DataFrame({"x": xs}))["sd"], rel_tol=1e-12)
    exact_mean = statistics.fmean(moved) if abs(shift) < 2**53 else None
    mean = Fraction(sum(moved), len(moved))
    assert abs(Fraction(stats["mean"]) - mean) <= abs(mean) * Fraction(1, 2**51) + 1e-9
    if exact_mean is not None:
        assert math.isclose(stats["mean"], exact_mean, rel_tol=1e-12, abs_tol=1e-9)
    assert (stats["min"], stats["max"]) == (float(min(moved)), float(max(moved)))


@given(values, shifts, st.lists(st.integers(1, 5), min_size=30, max_size=30))
def test_weighted_sd_is_invariant_to_adding_a_large_integer(
    xs: list[int], shift: int, weights: list[int]
) -> None:
    w = [float(v) for v in weights[: len(xs)]]
    near = tt.summarise(pd.DataFrame({"x": xs, "w": w}), "x", weights="w").statistics
    far = tt.summarise(
        pd.DataFrame({"x": [x + shift for x in xs], "w": w}), "x", weights="w"
    ).statistics
    assert math.isclose(far.loc["All", "sd"], near.loc["All", "sd"], rel_tol=1e-12)


@settings(max_examples=15)
@given(values, shifts)
def test_an_engine_frame_gives_the_same_sd(xs: list[int], shift: int) -> None:
    pl = pytest.importorskip("polars")
    moved = [x + shift for x in xs]
    expected = statistics.stdev([Fraction(x) for x in moved])
    assert math.isclose(_stats(pl.DataFrame({"x": moved}))["sd"], expected, rel_tol=1e-12)

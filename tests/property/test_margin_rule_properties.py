"""Hypothesis properties of the margin rule (tracktr._margins): shares or counts.

A margin of counts and the same margin as shares with its total as the population give
the same weights; a margin is read as counts whatever its scale, except the one scale
(summing to 1) that is shares.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tracktr as tt

counts = st.lists(st.integers(1, 10_000), min_size=2, max_size=5)


@given(counts)
def test_counts_and_shares_with_their_total_give_the_same_weights(values: list[int]) -> None:
    labels = [f"c{k}" for k in range(len(values))]
    df = pd.DataFrame({"q": labels * 2})
    total = sum(values)
    by_counts = tt.weights.rake(df, {"q": dict(zip(labels, values, strict=True))})
    shares = {label: v / total for label, v in zip(labels, values, strict=True)}
    by_shares = tt.weights.rake(df, {"q": shares}, population=total)
    assert by_counts.weights.tolist() == pytest.approx(by_shares.weights.tolist(), rel=1e-9)
    assert by_counts.weights.sum() == pytest.approx(total, rel=1e-12)


@given(counts, st.sampled_from([1, 3, 1000]))
def test_whole_counts_are_counts_at_any_scale(values: list[int], scale: int) -> None:
    labels = [f"c{k}" for k in range(len(values))]
    df = pd.DataFrame({"q": labels})
    margin = {label: (v % 2) * scale + scale for label, v in zip(labels, values, strict=True)}
    raked = tt.weights.rake(df, {"q": margin})
    assert raked.weights.tolist() == pytest.approx(list(margin.values()))

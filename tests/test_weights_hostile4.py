"""Hostile use of tt.weights.rake by a member survey raked on region x size x income.

Raking is checked against a plain iterative proportional fitting written here (Deming &
Stephan 1940), and the invariants a user relies on: the weights sum to the population, meet
every margin, are never negative, and the input frame is left as it was.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tracktr as tt

MARGINS = {
    "region": ["North", "South", "East"],
    "size": ["Micro", "Small", "Large"],
    "income": ["Low", "High"],
}


def _plain_ipf(
    frame: pd.DataFrame, targets: dict[str, dict[str, float]], start: np.ndarray
) -> np.ndarray:
    """Rake by the textbook loop: each margin's categories scaled to their targets in turn."""
    w = start.astype(float).copy()
    for _ in range(5000):
        for column, target in targets.items():
            for category, value in target.items():
                inside = (frame[column] == category).to_numpy()
                w[inside] *= value / w[inside].sum()
        gaps = [
            abs(w[(frame[c] == k).to_numpy()].sum() - v)
            for c, t in targets.items()
            for k, v in t.items()
        ]
        if max(gaps) < 1e-11 * sum(next(iter(targets.values())).values()):
            break
    return w


@st.composite
def member_surveys(draw: st.DrawFn) -> tuple[pd.DataFrame, dict[str, dict[str, float]]]:
    """A sample holding every cell of the three margins (so raking converges) and targets."""
    cells = [
        (r, s, i) for r in MARGINS["region"] for s in MARGINS["size"] for i in MARGINS["income"]
    ]
    repeats = draw(st.lists(st.integers(1, 4), min_size=len(cells), max_size=len(cells)))
    rows = [cell for cell, k in zip(cells, repeats, strict=True) for _ in range(k)]
    frame = pd.DataFrame(rows, columns=list(MARGINS))
    start = draw(st.lists(st.floats(0.5, 4.0), min_size=len(rows), max_size=len(rows)))
    frame["w0"] = start
    population = draw(st.integers(1_000, 200_000))
    targets: dict[str, dict[str, float]] = {}
    for column, labels in MARGINS.items():
        parts = draw(st.lists(st.integers(1, 50), min_size=len(labels), max_size=len(labels)))
        # counts of one population: each margin's parts scaled to the same total
        counts = [population * p / sum(parts) for p in parts]
        targets[column] = dict(zip(labels, counts, strict=True))
    return frame, targets


@settings(max_examples=40, deadline=None)
@given(member_surveys())
def test_rake_is_plain_iterative_proportional_fitting(
    case: tuple[pd.DataFrame, dict[str, dict[str, float]]],
) -> None:
    frame, targets = case
    before = frame.copy()
    raked = tt.weights.rake(frame, targets, weights="w0", max_iter=2000, tol=1e-12)
    expected = _plain_ipf(frame, targets, frame["w0"].to_numpy())
    assert raked.converged
    np.testing.assert_allclose(raked.weights.to_numpy(), expected, rtol=1e-7)
    population = sum(targets["region"].values())
    assert abs(raked.weights.sum() - population) <= 1e-9 * population
    assert (raked.weights > 0).all()
    margins = raked.to_frame()
    np.testing.assert_allclose(margins["achieved"], margins["target"], rtol=1e-8)
    assert raked.weights.index.equals(frame.index)
    pd.testing.assert_frame_equal(frame, before)  # the input is never mutated


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "region": ["North", "South", "South", "North"],
            "size": ["Micro", "Micro", "Large", "Large"],
        }
    )


def test_percentages_against_a_population_are_named_as_percentages() -> None:
    # old: "... but the population total is 160045 ... Hint: give shares instead of counts,
    # or pass `population=`" -- to a user who had passed population=
    with pytest.raises(
        tt.InvalidOptionError,
        match=r"(?s)margin 'region' adds up to 100, but `population` is 160045: margins of one "
        r"population must agree.*Hint: if 'region' holds percentages, divide them by 100",
    ):
        tt.weights.rake(_frame(), {"region": {"North": 30, "South": 70}}, population=160045)


def test_count_margins_that_disagree_name_both_totals() -> None:
    # old: "margin 'size' adds up to 4000, but the population total is 100" -- blaming the
    # counts, not the percentages, and never saying where 100 came from
    with pytest.raises(
        tt.InvalidOptionError,
        match=r"(?s)margin 'size' adds up to 4000, but margin 'region' adds up to 100: margins "
        r"of one population must agree.*Hint: if 'region' holds percentages, divide them by 100",
    ):
        tt.weights.rake(
            _frame(), {"region": {"North": 30, "South": 70}, "size": {"Micro": 1000, "Large": 3000}}
        )


def test_count_margins_that_disagree_without_percentages_point_to_shares() -> None:
    with pytest.raises(
        tt.InvalidOptionError,
        match=r"(?s)margin 'size' adds up to 4000, but margin 'region' adds up to 5000.*Hint: "
        r"correct the counts, or give the margins as shares",
    ):
        tt.weights.rake(
            _frame(),
            {"region": {"North": 3000, "South": 2000}, "size": {"Micro": 1000, "Large": 3000}},
        )

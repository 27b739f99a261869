"""A base below 1 is refused: no sample, effective or not, is smaller than one respondent.

Before: ``tt.proportion_ci(0.005, 0.01, method="wilson_cc")`` returned "0.370 to 0.630",
an interval narrower than at a base of 0.5 (the continuity correction of 1/2n ran past
the share), and every method answered for a "sample" of a hundredth of a respondent.
Kish's effective base (Σw)²/Σw² is at least 1 whenever a weight is above zero, and a
design's ``n_eff`` (n over the with-replacement design effect) is at least 1 for a
share: the linearised scores' positive and negative parts each sum to at most
p(1 - p), so the variance is at most 4p²(1 - p)² and n_eff at least 1 / 4p(1 - p).
The properties below check both on generated weights and designs.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tracktr as tt
from tracktr.compare._intervals import proportion_intervals


@pytest.mark.parametrize("base", [0.5, 0.01, 0.999999])
def test_proportion_ci_refuses_a_base_below_one(base: float) -> None:
    with pytest.raises(tt.InvalidBaseError, match=rf"`base` must be at least 1; got {base}"):
        tt.proportion_ci(base / 2, base)
    with pytest.raises(tt.InvalidBaseError, match="Hint: pass the number of respondents"):
        tt.proportion_ci(0, base, method="wilson_cc")


def test_compare_and_vectorised_intervals_refuse_a_base_below_one() -> None:
    with pytest.raises(tt.InvalidBaseError, match=r"`base1` must be at least 1; got 0\.5"):
        tt.compare_proportions(0.1, 0.5, 3, 10)
    with pytest.raises(tt.InvalidBaseError, match=r"`base2` must be at least 1; got 0\.25"):
        tt.compare_proportions(3, 10, 0.1, 0.25)
    with pytest.raises(tt.InvalidBaseError, match=r"`base\[1\]` must be at least 1; got 0\.5"):
        proportion_intervals([1, 0.1], [2, 0.5])


def test_a_base_of_one_and_a_rounding_error_under_it_are_read() -> None:
    assert tt.proportion_ci(1, 1).ci_high == 1.0
    assert tt.proportion_ci(0, 1 - 1e-12).ci_low == 0.0
    assert tt.proportion_ci(0.3, 1.0).proportion == pytest.approx(0.3)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.just(0.0) | st.floats(1e-3, 1e6), min_size=1, max_size=30).filter(
        lambda w: sum(w) > 0
    ),
    st.integers(0, 1000).map(lambda k: k / 1000),
)
def test_property_a_kish_effective_base_is_always_accepted(
    weights: list[float], share: float
) -> None:
    w = np.asarray(weights)
    kish = float(w.sum() ** 2 / (w @ w))
    assert kish >= 1 - 1e-9
    result = tt.proportion_ci(share * kish, kish)
    assert 0 <= result.ci_low <= result.ci_high <= 1


@st.composite
def designs(draw: st.DrawFn) -> pd.DataFrame:
    rows = []
    for h in range(draw(st.integers(1, 3))):
        for c in range(draw(st.integers(2, 4))):
            for _ in range(draw(st.integers(1, 3))):
                answer = draw(st.sampled_from(["a", "b"]))
                weight = draw(st.sampled_from([0.1, 1.0, 10.0, 100.0]))
                rows.append((f"s{h}", f"c{h}_{c}", answer, weight, draw(st.sampled_from("xy"))))
    return pd.DataFrame(rows, columns=["st", "cl", "q", "w", "g"])


@settings(max_examples=40, deadline=None)
@given(designs())
def test_property_a_designs_effective_base_is_at_least_one(frame: pd.DataFrame) -> None:
    design = tt.Design(weights="w", strata="st", clusters="cl")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # notes on lonely PSUs and small bases
        est = tt.design.estimate_proportions(frame, "q", by="g", design=design).to_frame()
    for row in est.itertuples():
        if np.isfinite(row.n_eff) and row.n > 0:
            assert row.n_eff >= 1 - 1e-9, row
            tt.proportion_ci(row.estimate * row.n_eff, row.n_eff)  # accepted

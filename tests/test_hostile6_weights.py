"""tt.weights as a hostile tester used it: a weight of 0 must leave its respondent out.

A weight of 0 leaves a respondent out on purpose (tracktr's own hint says so). Trimming
used to bring such respondents back: each test says in a comment what the old code did.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tracktr as tt


def test_trim_gives_no_share_of_the_trimmed_amount_to_a_zero_weight() -> None:
    # Before: [0.0, 1.0, 1.0, 1.0, 5.0] cut 5 to 3 and shared the 2 over the four weights
    # inside, the 0 among them: the respondent left out came back with a weight of 0.5.
    # Now the 2 goes to the three weights of 1: 1 + 2/3 each.
    trimmed = tt.weights.trim([0.0, 1.0, 1.0, 1.0, 5.0], upper=3.0)
    assert trimmed.iloc[0] == 0.0
    np.testing.assert_allclose(trimmed.iloc[1:].to_numpy(), [5 / 3, 5 / 3, 5 / 3, 3.0])
    assert trimmed.sum() == pytest.approx(8.0)


def test_trim_does_not_lift_a_zero_weight_to_the_lower_limit() -> None:
    # Before: lower=0.5 set the 0 to 0.5 and took 0.5 from the others.
    trimmed = tt.weights.trim(pd.Series([0.0, 1.0, 1.0, 2.0], index=list("wxyz")), lower=0.5)
    assert trimmed.tolist() == [0.0, 1.0, 1.0, 2.0]
    assert list(trimmed.index) == list("wxyz")


def test_trim_checks_the_limits_against_the_respondents_who_count() -> None:
    # Before: 13 over 4 respondents "fit" under 5 (4 x 5 = 20), so the two zero weights
    # were raised to 5/3 each; over the two respondents who count, 13 cannot be at most 5.
    with pytest.raises(
        tt.InvalidOptionError,
        match=r"totalling 13 over 2 respondents \(and 2 weighing 0, who stay 0\) cannot all "
        r"be at most 5",
    ):
        tt.weights.trim([0.0, 0.0, 3.0, 10.0], upper=5.0, strict=True)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(min_value=0.1, max_value=2.0), min_size=3, max_size=12),
    st.integers(min_value=1, max_value=4),
    st.floats(min_value=5.0, max_value=40.0),
)
def test_trim_keeps_zero_weights_at_zero_and_the_total(
    inside: list[float], zeros: int, large: float
) -> None:
    # Weights at most 2, some zeros and one large weight cut to 3: the others can absorb
    # the cut (3 or more weights of at most 2 each take up to 1 more before strict stops).
    w = np.array([*inside, *([0.0] * zeros), large])
    upper = 3.0
    positive = w[w > 0]
    if len(positive) * upper < positive.sum():
        return  # the limits cannot hold these weights: refused, tested above
    trimmed = tt.weights.trim(w, upper=upper, strict=True).to_numpy()
    assert (trimmed[w == 0] == 0).all()
    assert trimmed.sum() == pytest.approx(w.sum(), rel=1e-9)
    assert (trimmed <= upper * (1 + 1e-9)).all()


def test_rake_trim_keeps_a_zero_starting_weight_at_zero() -> None:
    # Before: trim=(0.2, None) clipped every raked weight to at least 0.2, the respondent
    # with starting weight 0 too, so it was counted with weight 0.2 (and the others raked
    # around it: [0.2, 1.3, 0.75, 0.75]).
    data = pd.DataFrame({"size": ["a", "a", "b", "b"], "w": [0.0, 1.0, 1.0, 1.0]})
    raked = tt.weights.rake(data, {"size": {"a": 0.5, "b": 0.5}}, weights="w", trim=(0.2, None))
    assert raked.converged
    assert raked.weights.tolist() == [0.0, 1.5, 0.75, 0.75]
    assert raked.diagnostics.zero == 1


def test_trim_strict_settles_when_the_limits_just_hold_the_total() -> None:
    # Found by the property test above: 24 over 8 respondents at most 3 means every weight
    # ends at 3. Before: a weight 1 ulp over 3 was cut and its crumb shared out again,
    # pass after pass, and strict=True refused "did not keep the weights at most 3.0
    # within 10000 passes" for weights that fit.
    trimmed = tt.weights.trim([1.0, 1.0, 1.0, 1.0, 2.0, 1.5, 1.5, 15.0], upper=3.0, strict=True)
    np.testing.assert_allclose(trimmed.to_numpy(), [3.0] * 8, rtol=1e-12)
    assert (trimmed <= 3.0).all()
    assert trimmed.sum() == pytest.approx(24.0, rel=1e-12)

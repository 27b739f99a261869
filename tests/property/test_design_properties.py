"""Hypothesis properties of tracktr.design and tracktr.weights.

- With equal weights and no design, estimates, intervals and tests equal the unweighted ones
  (tt.proportion_ci, Pearson's chi-square, the sample mean and its standard error).
- Raking reproduces its margins to 1e-9 of the population total.
- Estimates, standard errors, intervals and tests do not change when the weights are scaled,
  nor do the weights' diagnostics, over the whole range of weights.
- Shares that add to 1 only within the tolerance (as printed) rake as the exact shares.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import tracktr as tt
from tracktr.design import chisq, difference, estimate_means, estimate_proportions

OPTIONS = ["a", "b", "c"]
FEW = settings(max_examples=25)
"""Each example runs several design-based estimates (~25 ms each): few keep the test fast."""


@st.composite
def samples(draw: st.DrawFn, min_size: int = 4, max_size: int = 60) -> pd.DataFrame:
    n = draw(st.integers(min_size, max_size))
    q = draw(st.lists(st.sampled_from(OPTIONS), min_size=n, max_size=n))
    g = draw(st.lists(st.sampled_from(["x", "y"]), min_size=n, max_size=n))
    w = draw(st.lists(st.floats(0.2, 5.0), min_size=n, max_size=n))
    y = draw(st.lists(st.floats(-100, 100), min_size=n, max_size=n))
    strata = [i % 2 for i in range(n)]  # two strata, each with at least two rows
    clusters = [i // 2 for i in range(n)]  # pairs of rows, so every stratum has >= 1 PSU
    return pd.DataFrame({"q": q, "g": g, "w": w, "y": y, "s": strata, "c": clusters})


@FEW
@given(samples())
def test_equal_weights_give_the_unweighted_interval(df: pd.DataFrame) -> None:
    rows = estimate_proportions(df, "q", options=OPTIONS).rows
    counts = df["q"].value_counts().reindex(OPTIONS, fill_value=0)
    n = len(df)
    for option, row in rows.set_index("option").iterrows():
        interval = tt.proportion_ci(int(counts[option]), n)
        assert abs(row["estimate"] - counts[option] / n) < 1e-12
        assert abs(row["ci_low"] - interval.ci_low) < 1e-9
        assert abs(row["ci_high"] - interval.ci_high) < 1e-9
        assert abs(row["n_eff"] - n) < 1e-6 * n


@FEW
@given(samples())
def test_equal_weights_give_the_sample_mean_and_its_standard_error(df: pd.DataFrame) -> None:
    row = estimate_means(df, "y").rows.iloc[0]
    y = df["y"].to_numpy()
    assert abs(row["estimate"] - y.mean()) < 1e-9 * (1 + abs(y).max())
    assert abs(row["se"] - y.std(ddof=1) / np.sqrt(len(y))) < 1e-9 * (1 + y.std())


@FEW
@given(samples(min_size=8))
def test_equal_weights_give_pearsons_chi_square(df: pd.DataFrame) -> None:
    from scipy import stats

    table = pd.crosstab(df["q"], df["g"])
    # a full two-way table: R's Delta zeroes empty cells, so its eigenvalues then differ
    assume(table.shape[0] >= 2 and table.shape[1] >= 2 and (table.to_numpy() > 0).all())
    pearson = stats.chi2_contingency(table.to_numpy(), correction=False)
    test = chisq(df, "q", "g", statistic="Chisq")
    n = len(df)
    assert abs(test.statistic - pearson.statistic) < 1e-8 * (1 + pearson.statistic)
    # R's Rao-Scott under simple random sampling: every eigenvalue of Delta is n / (n - 1)
    assert abs(test.mean_deff - n / (n - 1)) < 1e-8
    expected = stats.chi2.sf(pearson.statistic * (n - 1) / n, pearson.dof)
    assert abs(test.p_value - expected) < 1e-9


def _chisq_or_refusal(df: pd.DataFrame, design: tt.Design, statistic: str) -> Any:
    """The Rao–Scott test, or None where it is refused as undefined."""
    try:
        return chisq(df, "q", "g", design=design, statistic=statistic)  # type: ignore[arg-type]
    except tt.InvalidBaseError:
        return None


@FEW
@given(
    samples(),
    st.floats(0.001, 1000.0),
    st.sampled_from(["wilson", "beta", "logit"]),
    st.sampled_from(["F", "Chisq"]),
)
def test_scaling_the_weights_changes_nothing(
    df: pd.DataFrame, factor: float, method: str, statistic: str
) -> None:
    design = tt.Design(weights="w", strata="s", clusters="c", lonely_psu="adjust")
    scaled = df.assign(w=df["w"] * factor)
    columns = ["estimate", "se", "ci_low", "ci_high", "deff", "deff_kish", "n_eff"]
    one = estimate_proportions(df, "q", design=design, by="g", method=method).rows  # type: ignore[arg-type]
    two = estimate_proportions(scaled, "q", design=design, by="g", method=method).rows  # type: ignore[arg-type]
    np.testing.assert_allclose(one[columns], two[columns], rtol=1e-7, atol=1e-10)
    one_mean = estimate_means(df, "y", design=design, by="g").rows
    two_mean = estimate_means(scaled, "y", design=design, by="g").rows
    np.testing.assert_allclose(one_mean[columns], two_mean[columns], rtol=1e-7, atol=1e-9)
    if df["q"].nunique() >= 2 and df["g"].nunique() >= 2:
        a, b = (_chisq_or_refusal(frame, design, statistic) for frame in (df, scaled))
        assert (a is None) == (b is None)  # refused for both or for neither
        if a is not None and b is not None:
            np.testing.assert_allclose([a.statistic, a.p_value], [b.statistic, b.p_value],
                                       rtol=1e-7, atol=1e-12)  # fmt: skip
        option = df["q"].iloc[0]  # an option no one gave is refused
        d1 = difference(df, "q", "g", option=option, design=design)
        d2 = difference(scaled, "q", "g", option=option, design=design)
        np.testing.assert_allclose([d1.difference, d1.se], [d2.difference, d2.se],
                                   rtol=1e-7, atol=1e-12)  # fmt: skip


@FEW
@given(samples(min_size=6), st.lists(st.floats(0.05, 1.0), min_size=3, max_size=3),
       st.floats(0.05, 0.95))  # fmt: skip
def test_raking_reproduces_the_margins(df: pd.DataFrame, raw: list[float], share_x: float) -> None:
    present = sorted(df["q"].unique())
    shares = np.array(raw[: len(present)]) / sum(raw[: len(present)])
    margin_q = dict(zip(present, shares.tolist(), strict=True))
    groups = sorted(df["g"].unique())
    margin_g = {"x": share_x, "y": 1 - share_x} if len(groups) == 2 else {groups[0]: 1.0}
    with warnings.catch_warnings():
        # an empty cell can make two margins incompatible: rake warns and reports it
        warnings.simplefilter("ignore", UserWarning)
        result = tt.weights.rake(df, {"q": margin_q, "g": margin_g}, weights="w",
                                 population=1000.0, max_iter=300)  # fmt: skip
    if not result.converged:
        assert result.max_error > 1e-10
        assert (pd.crosstab(df["q"], df["g"]).to_numpy() == 0).any()
        return
    margins = result.to_frame()
    assert (np.abs(margins["achieved"] - margins["target"]) <= 1e-9 * 1000).all()
    assert abs(result.weights.sum() - 1000.0) < 1e-6


@given(
    st.lists(st.just(0.0) | st.floats(1e-3, 1e3), min_size=1, max_size=30).filter(
        lambda w: max(w) > 0
    ),
    st.floats(-200, 140),  # down to weights whose squares underflow
)
def test_diagnostics_do_not_depend_on_the_scale_of_the_weights(
    weights: list[float], power: float
) -> None:
    # 1e-300-sized weights used to divide by their underflowed squares (ZeroDivisionError).
    plain = tt.weights.diagnostics(weights)
    scaled = tt.weights.diagnostics(np.array(weights) * 10.0**power)
    for name in ("deff_kish", "efficiency", "n_eff", "cv", "ratio"):
        assert np.isclose(getattr(plain, name), getattr(scaled, name), rtol=1e-9), name


@FEW
@given(samples(min_size=6), st.floats(0.05, 0.95), st.floats(-9e-7, 9e-7))
def test_shares_within_the_tolerance_rake_as_exact_shares(
    df: pd.DataFrame, share_x: float, error: float
) -> None:
    # Unscaled, two margins described populations of different sizes: never converged.
    assume(df["g"].nunique() == 2)
    exact = {"x": share_x, "y": 1 - share_x}
    printed = {"x": share_x * (1 + error), "y": (1 - share_x) * (1 + error)}
    margins = {"q": dict.fromkeys(sorted(df["q"].unique()), 1 / df["q"].nunique())}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # an empty cell: rake warns for both
        one = tt.weights.rake(df, {**margins, "g": exact}, weights="w", max_iter=300)
        two = tt.weights.rake(df, {**margins, "g": printed}, weights="w", max_iter=300)
    assert one.converged == two.converged
    np.testing.assert_allclose(one.weights, two.weights, rtol=1e-9)

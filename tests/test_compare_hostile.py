"""Hostile tests of the comparisons: labels that look like tracktr's own, overlapping
columns, degenerate numbers and the display of tiny shares (probe report D2 to D8)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import tracktr as tt


def _kish_chi2(df: pd.DataFrame, groups: list[str]) -> float:
    """Pearson chi-square (no correction) on each group's weighted share times its Kish base.

    The method compare_groups() documents, computed independently with scipy.
    """
    rows = []
    for g in groups:
        part = df[df["g"] == g]
        w = part["w"]
        share = float((w * (part["q"] == "Yes")).sum() / w.sum())
        effective = float(w.sum() ** 2 / (w**2).sum())
        rows.append([share * effective, (1 - share) * effective])
    return float(stats.chi2_contingency(np.array(rows), correction=False).pvalue)


def _weighted_frame(name: str) -> pd.DataFrame:
    answers = ["Yes", "No", "Yes", "Yes"] * 10 + ["No", "Yes", "No", "No", "No"] * 8
    weights = [1.0] * 40 + [0.2, 5.0, 5.0, 0.2, 1.0] * 8
    return pd.DataFrame({"g": ["other"] * 40 + [name] * 40, "q": answers, "w": weights})


# -- D2: a group labelled "rest" or "total" ---------------------------------------------------


@pytest.mark.parametrize("name", ["rest", "total", "zz"])
def test_a_group_named_like_a_marker_keeps_its_own_effective_base(name: str) -> None:
    # The old code compared the *label* of the other side with the strings "rest" and
    # "total", so a group so named was given the whole sample's Kish scale (probe: p 0.7327
    # instead of 0.7504). Reference: scipy chi2_contingency on effective counts, 1e-9.
    df = _weighted_frame(name)
    result = tt.compare_groups(df, "q", "g", weights="w", options=["Yes", "No"])
    p_value = float(result.to_frame()["p_value"].iloc[0])
    assert p_value == pytest.approx(_kish_chi2(df, ["other", name]), rel=1e-9)


def test_a_group_named_total_in_a_table_without_total_keeps_its_scale() -> None:
    # Old: with no total column the whole sample was called "total", and a real group
    # "total" got its scale. Reference: the same table with the group named "zz".
    def p_of(name: str) -> float:
        table = tt.Table(
            counts=pd.DataFrame({"a": [30.0, 10.0], name: [15.0, 25.0]}, index=["Yes", "No"]),
            bases=pd.Series({"a": 40.0, name: 40.0}),
            unweighted_bases=pd.Series({"a": 40, name: 40}),
        )
        effective = pd.Series({"a": 40.0, name: 10.0})
        return float(tt.compare_table(table, effective_bases=effective).to_frame()["p_value"][0])

    assert p_of("total") == pytest.approx(p_of("zz"), rel=1e-12)


@pytest.mark.parametrize("name", ["rest", "zz"])
def test_small_base_flag_does_not_depend_on_a_group_label(name: str) -> None:
    # Old: a 10-respondent group named "rest" was judged on "the sample less the other
    # group" (110), so small_base was False. Reference: 10 < 30, so True.
    df = pd.DataFrame({"g": ["a"] * 100 + ["b"] * 100 + [name] * 10, "q": ["Yes", "No"] * 105})
    frame = tt.compare_groups(df, "q", "g").to_frame()
    assert frame.loc[frame["versus"] == name, "small_base"].all()
    assert not frame.loc[(frame["group"] == "a") & (frame["versus"] == "b"), "small_base"].any()


# -- D3: a real group called "Total" ------------------------------------------------------------


def test_a_group_called_total_is_a_group_not_the_whole_sample() -> None:
    # Old: crosstab(total=False) with a funding group "Total" had that group read as the
    # whole sample: Partial "No" 10/20 against a "rest" of 10/20, p = 1.0. Reference:
    # 10/20 against everyone else 20/45, scipy chi2_contingency([[10, 10], [20, 25]],
    # correction=False).pvalue = 0.6783777911837438 (tolerance 1e-9).
    df = pd.DataFrame({
        "funding": ["Partial"] * 20 + ["Total"] * 40 + ["Unfunded"] * 5,
        "q": ["Yes", "No"] * 30 + ["Yes"] * 5,
    })  # fmt: skip
    table = tt.crosstab(df, "q", "funding", total=False)
    result = tt.compare_table(table, against="rest")
    assert result.groups == ("Partial", "Total", "Unfunded")
    assert result.total is None
    frame = result.to_frame()
    row = frame[(frame["group"] == "Partial") & (frame["option"] == "No")].iloc[0]
    assert (row["count_versus"], row["base_versus"]) == (20, 45)
    assert row["p_value"] == pytest.approx(0.6783777911837438, abs=1e-9)


def test_a_column_called_total_is_the_whole_sample_only_when_named() -> None:
    # total="Total" still says which column is the whole sample.
    table = tt.Table(
        counts=pd.DataFrame({"CRC": [2, 32], "Total": [35, 116]}, index=["Low", "High"]),
        bases=pd.Series({"CRC": 34, "Total": 151}),
    )
    assert tt.compare_table(table, against="total").groups == ("CRC", "Total")
    named = tt.compare_table(table, against="total", total="Total")
    assert (named.groups, named.total) == (("CRC",), "Total")


# -- D4: overlapping columns ------------------------------------------------------------------


def _overlapping(total: bool) -> tt.Table:
    x = np.array([1] * 104 + [0] * 96)
    df = pd.DataFrame({"x": x, "y": 1 - x, "p": np.ones(200, int), "q": [0] * 20 + [1] * 180})
    return tt.multi_crosstab(
        df, "rows", "cols", row_columns=["x", "y"], row_options=["X", "Y"],
        column_columns=["p", "q"], column_options=["P", "Q"], total=total,
    )  # fmt: skip


@pytest.mark.parametrize("total", [False, True])
def test_overlapping_columns_of_a_multi_crosstab_are_refused(total: bool) -> None:
    # Old: P 104/200 against Q 84/180 tested as independent groups, chi-square p = 0.299,
    # though the 180 of Q are all in P. Reference for the difference (Q against the rest of
    # P): scipy fisher_exact([[84, 96], [20, 0]]).pvalue = 9.3e-7. Refused, with the reason.
    with pytest.raises(tt.InvalidOptionError, match=r"overlap.*independent(?s:.*)Hint:"):
        tt.compare_table(_overlapping(total))


def test_groups_whose_bases_exceed_the_total_are_refused() -> None:
    # Groups that sum to more respondents than the whole sample share respondents.
    table = tt.Table(
        counts=pd.DataFrame({"P": [104, 96], "Q": [84, 96], "All": [104, 96]}, index=["X", "Y"]),
        bases=pd.Series({"P": 200, "Q": 180, "All": 200}),
        kind="multi",
        partition=False,
    )
    with pytest.raises(tt.InvalidOptionError, match=r"'P'.*'Q'.*overlap"):
        tt.compare_table(table)


# -- D5: degenerate numbers -------------------------------------------------------------------


@pytest.mark.parametrize("swap", [False, True])
def test_a_count_a_hair_below_its_base_gives_finite_ratios(swap: bool) -> None:
    # Old: OverflowError from math.exp (the odds ratio's SE was about 1e16). 37.3 less
    # 7e-15 is 37.3 to float precision: the Haldane-corrected ratios of 37.3/37.3 against
    # 10/20 (both orders), exactly as compare_proportions(37.3, 37.3, 10, 20) gives.
    sides = [(37.29999999999999, 37.3), (10, 20)]
    exact = [(37.3, 37.3), (10, 20)]
    if swap:
        sides, exact = sides[::-1], exact[::-1]
    result = tt.compare_proportions(*sides[0], *sides[1])
    reference = tt.compare_proportions(*exact[0], *exact[1])
    assert result.corrected
    assert result.odds_ratio == pytest.approx(reference.odds_ratio, rel=1e-12)
    assert result.odds_ratio_ci == pytest.approx(reference.odds_ratio_ci, rel=1e-12)
    assert all(math.isfinite(v) for v in (*result.odds_ratio_ci, *result.relative_risk_ci))


def test_a_tiny_fraction_of_a_cell_gives_an_unbounded_interval_not_an_overflow() -> None:
    # Old: OverflowError. With 1e-10 of a respondent missing, the log odds ratio's SE is
    # about 5e4: the interval is (0, inf), as exp(z * se) is for any z * se above 709.
    result = tt.compare_proportions(37.3 - 1e-10, 37.3, 10, 20)
    assert result.odds_ratio_ci[1] == math.inf
    assert 0 <= result.odds_ratio_ci[0] < 1


@pytest.mark.parametrize(
    "call",
    [
        lambda: tt.proportion_ci(1e-199, 1e-199),
        lambda: tt.compare_proportions(1, 2, 1e-199, 1e-199),
    ],
)
def test_counts_too_small_for_the_wilson_formula_are_refused(call: object) -> None:
    # Old: ZeroDivisionError (1e-199 passed the 1e-200 guard; n ** 2 underflows to 0).
    with pytest.raises(tt.InvalidCountsError, match="too small to compute with"):
        call()  # type: ignore[operator]


def test_the_smallest_accepted_count_still_computes() -> None:
    # 1e-150, the bound of the weights check, squares to 1e-300: the formula works. (A
    # base is at least 1, as an effective base is: 1e-150 of a respondent is refused.)
    interval = tt.proportion_ci(1e-150, 1)
    assert 0 == interval.ci_low <= interval.ci_high < 1
    with pytest.raises(tt.InvalidBaseError, match="must be at least 1"):
        tt.proportion_ci(1e-150, 1e-150)


# -- D6: effective bases out of range ---------------------------------------------------------


def _table() -> tt.Table:
    return tt.Table(
        counts=pd.DataFrame({"A": [30, 10], "B": [15, 25]}, index=["Yes", "No"]),
        bases=pd.Series({"A": 40, "B": 40}),
    )


@pytest.mark.parametrize("value", [0.0, 1e-300, 40.5, 1e6])
def test_an_effective_base_outside_its_range_is_refused(value: float) -> None:
    # Old: 0 and 1e-300 raised ZeroDivisionError; 1e6 for 40 respondents (a Kish base is
    # never above the respondents) was accepted and gave p = 4e-8 for 30/40 against 15/40.
    with pytest.raises(tt.InvalidOptionError, match=r"column 'A': .* \(from 1 to 40\)(?s:.*)Hint:"):
        tt.compare_table(_table(), effective_bases=pd.Series({"A": value, "B": 40.0}))


def test_an_effective_base_of_zero_is_accepted_where_the_base_is_zero() -> None:
    table = tt.Table(
        counts=pd.DataFrame({"A": [30, 10], "B": [15, 25], "C": [0, 0]}, index=["Yes", "No"]),
        bases=pd.Series({"A": 40, "B": 40, "C": 0}),
    )
    effective = pd.Series({"A": 40.0, "B": 20.0, "C": 0.0})
    assert len(tt.compare_table(table, effective_bases=effective).comparisons) == 2


# -- D8: a group that is the whole sample -------------------------------------------------------


@pytest.mark.parametrize("against", ["total", "rest"])
def test_a_group_that_is_the_whole_sample_is_refused(against: str) -> None:
    # Old: 0 comparisons and the note "it was tested against the rest of the sample";
    # against="pairs" on the same table raised InvalidOptionError.
    table = tt.Table(
        counts=pd.DataFrame({"A": [3, 7], "All": [3, 7]}, index=["Y", "N"]),
        bases=pd.Series({"A": 10, "All": 10}),
    )
    with pytest.raises(tt.InvalidOptionError, match=r"\['A'\].*no rest(?s:.*)Hint:"):
        tt.compare_table(table, against=against)  # type: ignore[arg-type]


# -- D7: display of tiny shares -----------------------------------------------------------------


def test_display_marks_shares_that_round_to_0_or_100() -> None:
    # Old: display() passed the rounded percentage to format_percent, so 1 of 300 showed
    # "0%" and 299 of 300 "100%". Reference: tt.format_percent(100 * 1 / 300) == "<1%"
    # and tt.format_percent(100 * 299 / 300) == ">99%" (docs/guide/rounding.rst).
    table = tt.Table(
        counts=pd.DataFrame({"A": [1, 299], "B": [150, 150]}, index=["Yes", "No"]),
        bases=pd.Series({"A": 300, "B": 300}),
    )
    shown = tt.compare_table(table).display()
    assert shown.loc["Yes", "A (A)"] == "<1%"
    assert shown.loc["No", "A (A)"] == ">99% B"
    assert shown.loc["Yes", "B (B)"] == "50% A"

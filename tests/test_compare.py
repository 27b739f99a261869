"""Tests of tracktr.compare: known values from papers and scipy, the report's Table 3, errors."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import tracktr as tt
from tracktr.compare import AssociationTest, adjust_p_values

BANDS = [
    "Under £100,000",
    "£100,000 - £250,000",
    "£250,000 - £500,000",
    "£500,000 - £1m",
    "£1m - £5m",
    "£5m - £10m",
    "Over £10m",
]
# Change & challenge (2016), Table 3, page 25: frequencies of all respondents and of the
# CRC-funded respondents (who are among them).
ALL = [35, 19, 20, 26, 31, 8, 12]
CRC = [2, 3, 6, 4, 7, 4, 8]


def table3() -> tt.Table:
    return tt.Table(
        counts=pd.DataFrame({"CRC-funded": CRC, "All": ALL}, index=BANDS),
        bases=pd.Series({"CRC-funded": 34, "All": 151}),
        question="income",
    )


# -- proportion_ci ---------------------------------------------------------------------------

# Newcombe (1998a), Stat Med 17:857-872, worked examples: 95% intervals for 81/263, 15/148,
# 0/20 and 1/29 by method 3 (Wilson score), 4 (score with continuity correction) and 5
# (Clopper-Pearson). Tolerance: the paper prints four decimals, so 5e-5.
NEWCOMBE_TABLE_I = [
    (81, 263, "wilson", 0.2553, 0.3662),
    (81, 263, "wilson_cc", 0.2535, 0.3682),
    (81, 263, "clopper_pearson", 0.2527, 0.3676),
    (15, 148, "wilson", 0.0624, 0.1605),
    (15, 148, "wilson_cc", 0.0598, 0.1644),
    (15, 148, "clopper_pearson", 0.0578, 0.1617),
    (0, 20, "wilson", 0.0, 0.1611),
    (0, 20, "wilson_cc", 0.0, 0.2005),
    (0, 20, "clopper_pearson", 0.0, 0.1684),
    (1, 29, "wilson", 0.0061, 0.1718),
    (1, 29, "wilson_cc", 0.0018, 0.1963),
    (1, 29, "clopper_pearson", 0.0009, 0.1776),
]


@pytest.mark.parametrize(("x", "n", "method", "low", "high"), NEWCOMBE_TABLE_I)
def test_proportion_ci_newcombe_table_i(
    x: int, n: int, method: str, low: float, high: float
) -> None:
    ci = tt.proportion_ci(x, n, method=method)  # type: ignore[arg-type]
    assert ci.ci_low == pytest.approx(low, abs=5e-5)
    assert ci.ci_high == pytest.approx(high, abs=5e-5)


def test_wilson_at_zero_of_nineteen() -> None:
    # The issue's own example: Wilson at 0/19 is (0, 0.168), not NaN.
    ci = tt.proportion_ci(0, 19)
    assert ci.ci_low == 0.0
    assert ci.ci_high == pytest.approx(0.168, abs=5e-4)
    assert ci.small_base


@pytest.mark.parametrize(("x", "n"), [(0, 7), (3, 7), (7, 7), (12, 34), (81, 263)])
@pytest.mark.parametrize(
    ("method", "scipy_method"),
    [("wilson", "wilson"), ("wilson_cc", "wilsoncc"), ("clopper_pearson", "exact")],
)
@pytest.mark.parametrize("level", [0.8, 0.95, 0.99])
def test_proportion_ci_matches_scipy(
    x: int, n: int, method: str, scipy_method: str, level: float
) -> None:
    # scipy.stats.binomtest is the reference; tolerance 1e-9 (same formulas).
    reference = stats.binomtest(x, n).proportion_ci(confidence_level=level, method=scipy_method)
    ci = tt.proportion_ci(x, n, method=method, level=level)  # type: ignore[arg-type]
    assert ci.ci_low == pytest.approx(reference.low, abs=1e-9)
    assert ci.ci_high == pytest.approx(reference.high, abs=1e-9)


def test_jeffreys_is_the_beta_posterior_interval() -> None:
    # Brown, Cai and DasGupta (2001), section 4.1.2: quantiles of Beta(x + 1/2, n - x + 1/2).
    ci = tt.proportion_ci(3, 20, method="jeffreys")
    assert ci.ci_low == pytest.approx(stats.beta.ppf(0.025, 3.5, 17.5), abs=1e-12)
    assert ci.ci_high == pytest.approx(stats.beta.ppf(0.975, 3.5, 17.5), abs=1e-12)
    assert tt.proportion_ci(0, 20, method="jeffreys").ci_low == 0.0
    assert tt.proportion_ci(20, 20, method="jeffreys").ci_high == 1.0


def test_agresti_coull_formula() -> None:
    # Agresti and Coull (1998): add z²/2 successes and failures, then the Wald interval.
    z = stats.norm.ppf(0.975)
    n_t = 20 + z * z
    p_t = (3 + z * z / 2) / n_t
    half = z * math.sqrt(p_t * (1 - p_t) / n_t)
    ci = tt.proportion_ci(3, 20, method="agresti_coull")
    assert (ci.ci_low, ci.ci_high) == pytest.approx((p_t - half, p_t + half), abs=1e-12)
    assert tt.proportion_ci(0, 20, method="agresti_coull").ci_low == 0.0


def test_finite_population_correction() -> None:
    plain = tt.proportion_ci(12, 34)
    corrected = tt.proportion_ci(12, 34, population=60)
    assert corrected.ci_low > plain.ci_low
    assert corrected.ci_high < plain.ci_high
    census = tt.proportion_ci(12, 34, population=34)
    assert census.ci_low == census.ci_high == pytest.approx(12 / 34)
    assert "population 60" in repr(corrected)


def test_weighted_effective_counts_are_accepted() -> None:
    ci = tt.proportion_ci(10.4, 25.3)
    assert ci.proportion == pytest.approx(10.4 / 25.3)
    assert ci.to_frame().loc[0, "base"] == pytest.approx(25.3)


def test_proportion_ci_to_frame_and_repr() -> None:
    frame = tt.proportion_ci(35, 151).to_frame()
    assert list(frame.columns) == [
        "count",
        "base",
        "proportion",
        "ci_low",
        "ci_high",
        "method",
        "level",
        "population",
        "small_base",
    ]
    assert repr(tt.proportion_ci(35, 151)) == (
        "ProportionInterval(35/151 = 0.232, 95% wilson CI 0.172 to 0.305)"
    )


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "match"),
    [
        ((5, 4), {}, tt.InvalidBaseError, "larger than `base`"),
        ((-1, 4), {}, tt.InvalidCountsError, "must not be negative"),
        ((0, 0), {}, tt.InvalidBaseError, "above zero"),
        ((1, 4), {"method": "wald"}, tt.UnknownMethodError, "'wilson'"),
        ((1, 4), {"level": 95}, tt.InvalidOptionError, "level=0.95"),
        ((1, 4), {"population": 3}, tt.InvalidOptionError, "smaller than the sample"),
        ((math.nan, 4), {}, tt.InvalidCountsError, "finite"),
        (("3", 4), {}, tt.InvalidCountsError, "must be a number"),
    ],
)
def test_proportion_ci_errors(
    args: tuple[object, ...], kwargs: dict[str, object], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        tt.proportion_ci(*args, **kwargs)  # type: ignore[arg-type]


def test_errors_carry_a_hint() -> None:
    with pytest.raises(tt.TracktrError, match="Hint:"):
        tt.proportion_ci(5, 4)


# -- compare_proportions ---------------------------------------------------------------------

# Newcombe (1998b), Stat Med 17:873-890, worked examples (a), (b), (d)-(g), method 10
# (hybrid score interval); tolerance 5e-5 (four decimals printed).
NEWCOMBE_TABLE_II = [
    ((56, 70, 48, 80), (0.0524, 0.3339)),
    ((9, 10, 3, 10), (0.1705, 0.8090)),
    ((5, 56, 0, 29), (-0.0381, 0.1926)),
    ((0, 10, 0, 20), (-0.1611, 0.2775)),
    ((0, 10, 0, 10), (-0.2775, 0.2775)),
    ((10, 10, 0, 20), (0.6791, 1.0)),
]


@pytest.mark.parametrize(("counts", "interval"), NEWCOMBE_TABLE_II)
def test_difference_newcombe_table_ii(
    counts: tuple[int, int, int, int], interval: tuple[float, float]
) -> None:
    result = tt.compare_proportions(*counts)
    assert result.difference_ci == pytest.approx(interval, abs=5e-5)


@pytest.mark.parametrize("counts", [(6, 7, 2, 7), (10, 10, 0, 10), (12, 34, 8, 117)])
def test_difference_is_newcombe_from_scipy_wilson(counts: tuple[int, int, int, int]) -> None:
    # Newcombe's method 10 built from scipy's Wilson limits; tolerance 1e-9.
    x1, n1, x2, n2 = counts
    w1 = stats.binomtest(x1, n1).proportion_ci(method="wilson")
    w2 = stats.binomtest(x2, n2).proportion_ci(method="wilson")
    p1, p2 = x1 / n1, x2 / n2
    low = p1 - p2 - math.hypot(p1 - w1.low, w2.high - p2)
    high = p1 - p2 + math.hypot(w1.high - p1, p2 - w2.low)
    assert tt.compare_proportions(*counts).difference_ci == pytest.approx((low, high), abs=1e-9)


def test_test_choice_and_p_values_match_scipy() -> None:
    # Expected counts all >= 5: Pearson chi-square without continuity correction.
    result = tt.compare_proportions(56, 70, 48, 80)
    table = np.array([[56, 14], [48, 32]])
    chi2 = stats.chi2_contingency(table, correction=False)
    assert result.test == "chi2"
    assert result.p_value == pytest.approx(chi2.pvalue, rel=1e-12)
    assert result.statistic == pytest.approx(chi2.statistic, rel=1e-12)
    # An expected count below 5: Fisher's exact test.
    small = tt.compare_proportions(9, 10, 3, 10)
    assert small.test == "fisher"
    assert small.p_value == pytest.approx(stats.fisher_exact([[9, 1], [3, 7]]).pvalue)
    forced = tt.compare_proportions(9, 10, 3, 10, test="chi2_yates")
    yates = stats.chi2_contingency([[9, 1], [3, 7]], correction=True)
    assert forced.test == "chi2_yates"
    assert forced.p_value == pytest.approx(yates.pvalue, rel=1e-12)


def test_ratio_intervals_known_values() -> None:
    # Log-scale Wald intervals (Agresti 2013, 3.1.3-3.1.4) computed by hand; tolerance 1e-12.
    result = tt.compare_proportions(56, 70, 48, 80)
    z = stats.norm.ppf(0.975)
    rr = (56 / 70) / (48 / 80)
    se = math.sqrt(1 / 56 - 1 / 70 + 1 / 48 - 1 / 80)
    assert result.relative_risk == pytest.approx(rr)
    assert result.relative_risk_ci == pytest.approx((rr * math.exp(-z * se), rr * math.exp(z * se)))
    odds = (56 * 32) / (14 * 48)
    se = math.sqrt(1 / 56 + 1 / 14 + 1 / 48 + 1 / 32)
    assert result.odds_ratio == pytest.approx(odds)
    assert result.odds_ratio_ci == pytest.approx(
        (odds * math.exp(-z * se), odds * math.exp(z * se))
    )


def test_zero_cell_uses_haldane_correction() -> None:
    result = tt.compare_proportions(5, 56, 0, 29)
    assert result.corrected
    assert result.relative_risk == pytest.approx((5.5 / 57) / (0.5 / 30))
    assert all(math.isfinite(v) for v in (*result.relative_risk_ci, *result.odds_ratio_ci))


def test_nested_table3_over_five_million() -> None:
    # Table 3: income over £5m, 12 of 34 CRC-funded against 20 of all 151.
    result = tt.compare_proportions(12, 34, 20, 151, nested=True)
    # The test is of the 34 against the other 117 (8 of them over £5m).
    assert result.test == "fisher"
    assert result.p_value == pytest.approx(stats.fisher_exact([[12, 22], [8, 109]]).pvalue)
    assert result.difference == pytest.approx(12 / 34 - 20 / 151)
    rest = tt.compare_proportions(12, 34, 8, 117)
    scaled = tuple(117 / 151 * v for v in rest.difference_ci)
    assert result.difference_ci == pytest.approx(scaled, abs=1e-12)
    assert result.relative_risk == pytest.approx((12 / 34) / (20 / 151))
    assert result.relative_risk_ci[0] < result.relative_risk < result.relative_risk_ci[1]
    assert "tested against the rest" in " ".join(result.notes)


def test_nested_ratio_interval_by_simulation_scale() -> None:
    # The delta-method variance of log(p1 / p_total) with independent parts (hand-derived).
    x1, n1, xr, nr = 12, 34, 8, 117
    total, n = x1 + xr, n1 + nr
    v1, vr = x1 * (n1 - x1) / n1, xr * (nr - xr) / nr
    se = math.sqrt((1 / x1 - 1 / total) ** 2 * v1 + (1 / total) ** 2 * vr)
    result = tt.compare_proportions(12, 34, 20, 151, nested=True)
    rr = (x1 / n1) / (total / n)
    z = stats.norm.ppf(0.975)
    assert result.relative_risk_ci == pytest.approx(
        (rr * math.exp(-z * se), rr * math.exp(z * se)), rel=1e-12
    )


def test_nested_differs_from_naive() -> None:
    # A naive two-sample test counts the 34 twice and understates the evidence.
    nested = tt.compare_proportions(2, 34, 35, 151, nested=True)
    naive = tt.compare_proportions(2, 34, 35, 151)
    assert nested.p_value < naive.p_value


def test_nested_errors() -> None:
    with pytest.raises(tt.InvalidBaseError, match="must lie inside"):
        tt.compare_proportions(30, 34, 20, 151, nested=True)
    with pytest.raises(tt.InvalidBaseError, match="nested=False"):
        tt.compare_proportions(3, 34, 5, 34, nested=True)


def test_small_base_is_a_flag_not_an_error() -> None:
    result = tt.compare_proportions(3, 19, 10, 30)
    assert result.small_base1
    assert not result.small_base2
    assert result.small_base
    assert any("Small base" in note for note in result.notes)


def test_compare_proportions_population() -> None:
    plain = tt.compare_proportions(56, 70, 48, 80)
    fpc = tt.compare_proportions(56, 70, 48, 80, population=300)
    assert (
        fpc.difference_ci[1] - fpc.difference_ci[0]
        < plain.difference_ci[1] - plain.difference_ci[0]
    )
    assert fpc.p_value < plain.p_value
    census = tt.compare_proportions(56, 70, 48, 80, population=150)
    assert census.p_value == 0.0
    assert census.difference_ci == pytest.approx((0.2, 0.2))
    with pytest.raises(tt.InvalidOptionError, match="smaller than the sample"):
        tt.compare_proportions(56, 70, 48, 80, population=100)


def test_compare_proportions_errors() -> None:
    with pytest.raises(tt.UnknownMethodError, match="'fisher'"):
        tt.compare_proportions(1, 4, 2, 5, test="z")  # type: ignore[arg-type]
    with pytest.raises(tt.InvalidBaseError, match="`count2`"):
        tt.compare_proportions(1, 4, 6, 5)
    with pytest.raises(tt.InvalidBaseError, match="`base1`"):
        tt.compare_proportions(0, 0, 2, 5)


def test_compare_proportions_frame_and_repr() -> None:
    result = tt.compare_proportions(9, 10, 3, 10)
    frame = result.to_frame()
    assert list(frame.columns) == ["estimate", "ci_low", "ci_high", "p_value"]
    assert np.isnan(frame["p_value"].to_numpy()[0])
    assert frame.loc["odds_ratio", "p_value"] == result.p_value
    assert repr(result).startswith("ProportionComparison(9/10 = 0.900 vs 3/10 = 0.300;")
    assert repr(result).endswith("; small base)")


def test_swapped_groups_mirror() -> None:
    a = tt.compare_proportions(12, 34, 8, 117)
    b = tt.compare_proportions(8, 117, 12, 34)
    assert b.difference == pytest.approx(-a.difference)
    assert b.difference_ci == pytest.approx((-a.difference_ci[1], -a.difference_ci[0]))
    assert b.relative_risk == pytest.approx(1 / a.relative_risk)
    assert b.p_value == pytest.approx(a.p_value)


# -- adjust_p_values -------------------------------------------------------------------------


def test_holm_known_values() -> None:
    # Holm (1979) by hand: sorted p 0.01, 0.03, 0.04 times 3, 2, 1, then cumulative max.
    assert adjust_p_values([0.01, 0.04, 0.03]).tolist() == pytest.approx([0.03, 0.06, 0.06])
    assert adjust_p_values([0.5, 0.5]).tolist() == [1.0, 1.0]


def test_bh_matches_scipy_and_bonferroni() -> None:
    p = [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205]
    assert adjust_p_values(p, method="bh") == pytest.approx(
        stats.false_discovery_control(p, method="bh")
    )
    assert adjust_p_values(p, method="bonferroni") == pytest.approx(np.minimum(1, np.array(p) * 8))
    assert adjust_p_values(p, method="none").tolist() == p
    with pytest.raises(tt.UnknownMethodError, match="'holm'"):
        adjust_p_values(p, method="sidak")  # type: ignore[arg-type]
    with pytest.raises(tt.InvalidOptionError, match="from 0 to 1"):
        adjust_p_values([1.5])
    with pytest.raises(tt.InvalidOptionError, match=r"got \[nan, inf\]"):  # was "got []"
        adjust_p_values([0.5, float("nan"), float("inf")])


# -- compare_table and compare_groups --------------------------------------------------------


def test_table3_against_total() -> None:
    result = tt.compare_table(table3(), against="total")
    frame = result.to_frame()
    assert frame["option"].tolist() == BANDS
    assert (frame["versus"] == "All").all()
    under = frame.iloc[0]
    assert under["proportion"] == pytest.approx(2 / 34)
    assert under["proportion_versus"] == pytest.approx(35 / 151)
    direct = tt.compare_proportions(2, 34, 35, 151, nested=True)
    assert (under["ci_low"], under["ci_high"]) == pytest.approx(direct.difference_ci)
    assert under["p_value"] == pytest.approx(direct.p_value)
    assert under["p_adjusted"] == pytest.approx(adjust_p_values(frame["p_value"].to_numpy())[0])
    # The overall test is of the 34 against the other 117, band by band.
    rest = np.array(ALL) - np.array(CRC)
    chi2 = stats.chi2_contingency(np.column_stack([CRC, rest]), correction=False)
    assert result.overall is not None
    assert result.overall.p_value == pytest.approx(chi2.pvalue)
    assert result.overall.cramers_v == pytest.approx(math.sqrt(chi2.statistic / 151))
    assert result.total == "All"
    assert result.groups == ("CRC-funded",)
    display = result.display()
    assert list(display.loc["Base"]) == ["34", "151"]
    assert display.loc["Under £100,000", "All"] == "23%"


def test_pairs_letters_and_rest() -> None:
    table = tt.Table(
        counts=pd.DataFrame({"A": [30, 10], "B": [15, 25], "C": [20, 20]}, index=["Yes", "No"]),
        bases=pd.Series({"A": 40, "B": 40, "C": 40}),
    )
    pairs = tt.compare_table(table)
    assert len(pairs.comparisons) == 6
    assert pairs.letters is not None
    # A above C (75% against 50%, raw p 0.021) is adjusted over the 3 pairs, not 6 tests:
    # the Yes and No rows of a pair are one hypothesis (0.042; counted twice, 0.084).
    assert pairs.letters.loc["Yes", "A"] == "B C"
    assert pairs.letters.loc["No", "B"] == "A"
    assert pairs.display().columns.tolist() == ["A (A)", "B (B)", "C (C)"]
    rest = tt.compare_table(table, against="rest")
    first = rest.comparisons.iloc[0]
    assert (first["count_versus"], first["base_versus"]) == (35, 80)
    assert first["versus"] == "rest"
    bh = tt.compare_table(table, adjust="bh")
    assert (bh.comparisons["p_adjusted"] <= pairs.comparisons["p_adjusted"] + 1e-12).all()


def test_compare_groups_from_data() -> None:
    df = pd.DataFrame(
        {
            "funder": ["CRC"] * 30 + ["Other"] * 40 + [None] * 3,
            "grants": ["Yes"] * 5 + ["No"] * 25 + ["Yes"] * 29 + ["No"] * 11 + ["Yes"] * 3,
        }
    )
    result = tt.compare_groups(df, "grants", "funder", options=["Yes", "No"])
    assert result.groups == ("CRC", "Other")
    row = result.comparisons.iloc[0]
    direct = tt.compare_proportions(5, 30, 29, 40)
    assert row["difference"] == pytest.approx(direct.difference)
    assert row["p_value"] == pytest.approx(direct.p_value)
    total = tt.compare_groups(df, "grants", "funder", options=["Yes", "No"], against="total")
    # The total holds the 3 respondents without a group: the rest of CRC is 43, not 40.
    assert total.comparisons.iloc[0]["base_versus"] == 73


def test_compare_groups_ordinal_tests() -> None:
    scale = ["Poor", "Fair", "Good", "Don't know"]
    df = pd.DataFrame(
        {
            "g": ["a"] * 12 + ["b"] * 12 + ["c"] * 12,
            "q": (["Poor"] * 6 + ["Fair"] * 4 + ["Good"] * 1 + ["Don't know"])
            + (["Poor"] * 2 + ["Fair"] * 4 + ["Good"] * 6)
            + (["Poor"] * 1 + ["Fair"] * 3 + ["Good"] * 7 + ["Don't know"]),
        }
    )
    two = tt.compare_groups(df[df["g"] != "c"], "q", "g", options=scale, ordinal=True)
    assert two.ordinal is not None
    assert two.ordinal.name == "mann_whitney"
    a = [0] * 6 + [1] * 4 + [2]
    b = [0] * 2 + [1] * 4 + [2] * 6
    reference = stats.mannwhitneyu(a, b, alternative="two-sided")
    assert two.ordinal.p_value == pytest.approx(reference.pvalue)
    three = tt.compare_groups(df, "q", "g", options=scale, ordinal=True)
    assert three.ordinal is not None
    assert three.ordinal.name == "kruskal_wallis"
    c = [0] + [1] * 3 + [2] * 7
    assert three.ordinal.p_value == pytest.approx(stats.kruskal(a, b, c).pvalue)
    ordered = tt.compare_groups(df, "q", "g", options=scale, ordinal=True, ordered_groups=True)
    assert ordered.ordinal is not None
    assert ordered.ordinal.name == "linear_by_linear"
    # M² = (N - 1) r² (Agresti 2013, 3.4.1), on integer scores.
    rows = np.array(a + b + c)
    cols = np.array([0] * 11 + [1] * 12 + [2] * 11)
    m2 = (rows.size - 1) * np.corrcoef(rows, cols)[0, 1] ** 2
    assert ordered.ordinal.statistic == pytest.approx(m2)


def test_compare_groups_reads_the_codebook() -> None:
    survey = tt.surveys.tracktr_2015()
    impact = survey.spec("service_user_impact")
    funding = survey.spec("main_funding")
    assert impact.type == "ordinal"
    n = len(impact.options) * 8
    df = pd.DataFrame(
        {
            "main_funding": [funding.options[0], funding.options[2]] * (n // 2),
            "service_user_impact": list(impact.options) * 8,
        }
    )
    result = tt.compare_groups(df, "service_user_impact", "main_funding", survey=survey)
    assert result.ordinal is not None  # an ordinal question gets an ordinal test
    assert result.ordinal.name == "mann_whitney"
    assert "Don't know" in result.comparisons["option"].tolist()


def test_compare_groups_weighted_uses_kish() -> None:
    rng = np.random.default_rng(7)
    n = 90
    df = pd.DataFrame(
        {
            "g": np.repeat(["a", "b"], n // 2),
            "q": rng.choice(["Yes", "No"], n),
            "w": rng.uniform(0.5, 3.0, n),
        }
    )
    result = tt.compare_groups(df, "q", "g", options=["Yes", "No"], weights="w")
    assert result.effective_bases is not None
    w = df.loc[df["g"] == "a", "w"]
    kish = w.sum() ** 2 / (w**2).sum()
    assert result.effective_bases["a"] == pytest.approx(kish)
    assert result.effective_bases["a"] < 45
    assert any("Kish" in note for note in result.notes)
    assert "(n=45)" in result.display().loc["Base"].iloc[0]


def test_compare_groups_multi_response_has_no_overall_test() -> None:
    df = pd.DataFrame(
        {
            "g": ["a"] * 20 + ["b"] * 20,
            "m": ["x;y"] * 10 + ["x"] * 10 + ["y"] * 15 + ["x;y"] * 5,
        }
    )
    result = tt.compare_groups(df, "m", "g", separator=";", options=["x", "y"])
    assert result.overall is None
    assert any("not a partition" in note for note in result.notes)
    x = result.comparisons.iloc[0]
    assert (x["count"], x["count_versus"]) == (20, 5)


def test_shares_of_answers_are_refused() -> None:
    df = pd.DataFrame({"g": ["a"] * 4 + ["b"] * 4, "m": ["x;y", "x", "y", "x;y"] * 2})
    table = tt.multi_response(
        df, "m", separator=";", options=["x", "y"], by="g", percent_of="responses"
    )
    with pytest.raises(tt.InvalidOptionError, match="percent_of='respondents'"):
        tt.compare_table(table)


def test_single_group_is_an_error() -> None:
    df = pd.DataFrame({"g": ["a"] * 5, "q": ["Yes", "No", "Yes", "No", "Yes"]})
    with pytest.raises(tt.InvalidOptionError, match="at least two"):
        tt.compare_groups(df, "q", "g", options=["Yes", "No"])
    one = tt.Table(counts=pd.DataFrame({"a": [3, 2]}), bases=pd.Series({"a": 5}))
    with pytest.raises(tt.InvalidOptionError, match="against='total'"):
        tt.compare_table(one)


def test_compare_table_option_errors() -> None:
    with pytest.raises(tt.UnknownMethodError, match="'pairs'"):
        tt.compare_table(table3(), against="others")  # type: ignore[arg-type]
    with pytest.raises(tt.InvalidOptionError, match="not in the table's columns"):
        tt.compare_table(table3(), total="Everyone")
    rows = tt.Table(
        counts=pd.DataFrame({"a": [3, 2]}, index=["x", "y"]),
        bases=pd.Series({"x": 5, "y": 5}),
        percent_axis="rows",
    )
    with pytest.raises(tt.InvalidOptionError, match="row"):
        tt.compare_table(rows)


def test_compare_table_population() -> None:
    plain = tt.compare_table(table3(), against="total")
    fpc = tt.compare_table(table3(), against="total", population=250)
    assert (fpc.comparisons["p_value"] <= plain.comparisons["p_value"] + 1e-12).all()
    assert any("population of 250" in note for note in fpc.notes)


def test_does_not_mutate_inputs() -> None:
    table = table3()
    before = table.counts.copy()
    tt.compare_table(table, against="rest")
    pd.testing.assert_frame_equal(table.counts, before)


def test_association_test_repr_and_frame() -> None:
    test = AssociationTest("mann_whitney", 40.0, 0.2)
    assert repr(test) == "AssociationTest(mann_whitney = 40, p = 0.2)"
    assert test.to_frame().loc[0, "test"] == "mann_whitney"
    result = tt.compare_table(table3(), against="total")
    assert repr(result).startswith("GroupComparison(income: 1 group(s) against total")
    assert "<table" in result._repr_html_()


# -- issue 11: Kish bases over each base, weights by label, whole-sample columns -------------


def test_kish_bases_of_a_multi_response_set_use_only_respondents_in_the_base() -> None:
    # Group a: four respondents tick something (weights 1, 1, 2, 2) and two tick nothing
    # (weight 10 each), who are outside the base. Kish: (sum w)^2 / sum w^2 = 36 / 10.
    df = pd.DataFrame(
        {
            "g": ["a"] * 6 + ["b"] * 4,
            "x": [1, 0, 1, 1, 0, 0, 1, 0, 1, 1],
            "y": [0, 1, 1, 0, 0, 0, 1, 1, 0, 1],
            "w": [1.0, 1.0, 2.0, 2.0, 10.0, 10.0, 1.0, 1.0, 1.0, 1.0],
        }
    )
    result = tt.compare_groups(df, "m", "g", columns=["x", "y"], options=["x", "y"], weights="w")
    assert result.table.unweighted_bases is not None
    assert result.table.unweighted_bases["a"] == 4
    assert result.effective_bases is not None
    assert result.effective_bases["a"] == pytest.approx(36 / 10)
    assert result.effective_bases["b"] == pytest.approx(4.0)
    # All: the eight in the base, weights 1, 1, 2, 2, 1, 1, 1, 1: 100 / 14.
    assert result.effective_bases["All"] == pytest.approx(100 / 14)


def test_weights_series_are_aligned_on_the_index() -> None:
    df = pd.DataFrame(
        {"g": ["a", "a", "b", "b"] * 10, "q": ["Yes", "No", "No", "Yes"] * 10},
        index=pd.Index([f"org{i}" for i in range(40)]),
    )
    w = pd.Series(np.linspace(0.5, 2.0, 40), index=df.index)
    by_column = tt.compare_groups(df.assign(w=w), "q", "g", options=["Yes", "No"], weights="w")
    shuffled = w.sample(frac=1.0, random_state=3)
    by_series = tt.compare_groups(df, "q", "g", options=["Yes", "No"], weights=shuffled)
    assert by_series.table.counts.equals(by_column.table.counts)
    assert by_series.effective_bases is not None
    assert by_column.effective_bases is not None
    assert by_series.effective_bases.equals(by_column.effective_bases)
    with pytest.raises(tt.InvalidWeightsError, match=r"rows \['org0', 'org1'"):
        tt.compare_groups(df, "q", "g", options=["Yes", "No"], weights=w.reset_index(drop=True))


def test_effective_bases_must_name_the_columns() -> None:
    table = tt.Table(
        counts=pd.DataFrame({"A": [30, 10], "B": [15, 25]}, index=["Yes", "No"]),
        bases=pd.Series({"A": 40, "B": 40}),
    )
    with pytest.raises(tt.InvalidOptionError, match=r"columns \['B'\] have none and labels \[0\]"):
        tt.compare_table(table, effective_bases=pd.Series({"A": 30.0, 0: 30.0}))


def test_whole_sample_column_smaller_than_a_group_is_refused() -> None:
    table = tt.Table(
        counts=pd.DataFrame({"CRC": [20, 30], "All": [10, 20]}, index=["Yes", "No"]),
        bases=pd.Series({"CRC": 50, "All": 30}),
    )
    with pytest.raises(tt.InvalidOptionError, match=r"groups \['CRC'\] have larger bases"):
        tt.compare_table(table, against="total")
    cells = tt.Table(
        counts=pd.DataFrame({"CRC": [20, 10], "All": [10, 50]}, index=["Yes", "No"]),
        bases=pd.Series({"CRC": 30, "All": 60}),
    )
    with pytest.raises(tt.InvalidOptionError, match=r"cells \[\('Yes', 'CRC'\)\] count more"):
        tt.compare_table(cells, against="rest")
    # Not a whole sample: total=False reads the columns as two groups.
    assert len(tt.compare_table(cells, total=False).comparisons) == 2


def test_repeated_columns_are_refused() -> None:
    # A Table itself now refuses repeated labels, before any comparison is asked of it.
    counts = pd.DataFrame([[1, 2], [3, 4]], index=["Yes", "No"], columns=["a", "a"])
    with pytest.raises(tt.InvalidOptionError, match=r"columns must have distinct labels"):
        tt.Table(counts=counts, bases=pd.Series([4, 6], index=["a", "a"]))


def test_a_group_called_all_is_refused() -> None:
    df = pd.DataFrame({"g": ["All", "Some", "All"], "q": ["Yes", "No", "No"]})
    with pytest.raises(tt.InvalidOptionError, match="has a group called 'All'"):
        tt.compare_groups(df, "q", "g", options=["Yes", "No"])
    # Refused with total=False too (it was tabulated as a group "All", which
    # tt.compare_table then took for the total of the groups).
    with pytest.raises(tt.InvalidOptionError, match="take it for the total"):
        tt.frequencies(df, "q", by="g", total=False)


def test_groups_with_a_base_of_zero_are_named() -> None:
    df = pd.DataFrame(
        {
            "q": ["Yes", "No"] * 20,
            "g": pd.Categorical(["a", "b"] * 20, categories=["a", "b", "c"]),
            "w": [0.0, 1.0] * 20,
        }
    )
    result = tt.compare_groups(df, "q", "g", options=["Yes", "No"])
    assert "The base of ['c'] is 0: left out of the comparisons." in result.notes
    assert set(result.comparisons["group"]) == {"a"}
    # Weighted to zero, group a leaves one group: nothing to compare.
    with pytest.raises(tt.InvalidOptionError, match=r"has 1: \['b'\] \(\['a', 'c'\] have a base"):
        tt.compare_groups(df, "q", "g", options=["Yes", "No"], weights="w")


def test_a_list_as_the_question_of_compare_groups_is_refused() -> None:
    # Before: TypeError: unhashable type: 'list'.
    df = pd.DataFrame({"q": ["a", "b"], "g": ["G1", "G2"]})
    with pytest.raises(tt.InvalidOptionError, match=r"compare_groups\(\): the question must"):
        tt.compare_groups(df, ["q"], "g")  # type: ignore[arg-type]

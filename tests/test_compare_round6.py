"""Comparisons, round 6: the rest's own Kish base (weighted ``against="rest"``/``"total"``),
the tab book's letters on rounded Fisher tables, letters past Z, options with a design,
and clear errors."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import tracktr as tt

# -- 1. weighted against="rest"/"total": the rest on the Kish base of its own weights -------


def _kish(w: pd.Series) -> float:
    return float(w.sum() ** 2 / (w**2).sum())


def _wilson(x: float, n: float) -> tuple[float, float]:
    # Wilson (1927) score interval, written out from scipy's normal quantile.
    z = float(stats.norm.ppf(0.975))
    p = x / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def _uneven_weights() -> pd.DataFrame:
    # Group a has equal weights, b and c heavy-tailed ones: the whole's Kish base (98.5)
    # is below a's own (100), so "whole less group" is negative.
    rng = np.random.default_rng(11)
    w = np.r_[np.ones(100), rng.lognormal(0, 1.2, 100)]
    q = ["Yes"] * 30 + ["No"] * 70 + ["Yes"] * 50 + ["No"] * 50
    g = ["a"] * 100 + ["b" if k % 2 == 0 else "c" for k in range(100)]
    return pd.DataFrame({"g": g, "q": q, "w": w})


def _reference(df: pd.DataFrame) -> tuple[float, float, float, float]:
    """a against the rest on their own Kish bases: p, CI of a less the total, rest's base."""
    a, rest = df[df.g == "a"], df[df.g != "a"]
    pa = float((a.w * (a.q == "Yes")).sum() / a.w.sum())
    pr = float((rest.w * (rest.q == "Yes")).sum() / rest.w.sum())
    na, nr = _kish(a.w), _kish(rest.w)
    cells = np.array([[pa * na, na - pa * na], [pr * nr, nr - pr * nr]])
    p = float(stats.chi2_contingency(cells, correction=False).pvalue)
    l1, u1 = _wilson(pa * na, na)
    l2, u2 = _wilson(pr * nr, nr)
    d = pa - pr
    share = float(rest.w.sum() / df.w.sum())  # p_a - p = (W_rest / W)(p_a - p_rest)
    low = share * (d - math.hypot(pa - l1, u2 - pr))
    high = share * (d + math.hypot(u1 - pa, pr - l2))
    return p, low, high, nr


def test_weighted_total_tests_the_rest_on_its_own_kish_base() -> None:
    # Was: eff(All) - eff(a) = -1.5 clamped to 1e-9: CI (-0.0586, 3e-12), test "none",
    # p = 1 and a note that nobody, or everybody, gave the option.
    df = _uneven_weights()
    p, low, high, nr = _reference(df)
    assert nr == pytest.approx(45.9626, abs=1e-4)
    assert p == pytest.approx(0.27201, abs=1e-5)
    result = tt.compare_groups(df, "q", "g", weights="w", options=["Yes", "No"], against="total")
    row = result.to_frame().query("group == 'a' and option == 'Yes'").iloc[0]
    assert row["test"] == "chi2"
    assert row["p_value"] == pytest.approx(p, rel=1e-9)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((low, high), rel=1e-9)
    assert (round(low, 3), round(high, 3)) == (-0.164, 0.043)
    assert not any("No test possible" in note for note in result.notes)


def test_weighted_rest_and_total_agree_on_the_rest_kish_base() -> None:
    # Was: the rest's base was the whole's Kish ratio times its weighted base (62.78, not
    # 45.96): p = 0.226 where the rest's own weights give 0.272.
    df = _uneven_weights()
    p = _reference(df)[0]
    for against in ("rest", "total"):
        result = tt.compare_groups(
            df, "q", "g", weights="w", options=["Yes", "No"], against=against
        )
        row = result.to_frame().query("group == 'a' and option == 'Yes'").iloc[0]
        assert row["p_value"] == pytest.approx(p, rel=1e-9), against


def test_weighted_total_ratio_is_of_the_weighted_whole() -> None:
    df = _uneven_weights()
    result = tt.compare_groups(df, "q", "g", weights="w", options=["Yes", "No"], against="total")
    row = result.to_frame().query("group == 'a' and option == 'Yes'").iloc[0]
    whole = float((df.w * (df.q == "Yes")).sum() / df.w.sum())
    assert row["relative_risk"] == pytest.approx(0.3 / whole, rel=1e-12)


def test_effective_bases_of_no_one_set_of_weights_are_refused() -> None:
    # Whole and group bases that leave the rest a Kish base above its respondents.
    table = tt.Table(
        counts=pd.DataFrame(
            {"A": [30.0, 70.0], "B": [40.0, 60.0], "All": [70.0, 130.0]}, index=["Yes", "No"]
        ),
        bases=pd.Series({"A": 100.0, "B": 100.0, "All": 200.0}),
        unweighted_bases=pd.Series({"A": 100, "B": 100, "All": 200}),
        effective_bases=pd.Series({"A": 20.0, "B": 100.0, "All": 190.0}),
    )
    with pytest.raises(tt.TracktrError, match="cannot come from one set of weights"):
        tt.compare_table(table, against="rest")


# -- 2. the tab book's letters take compare_table's decision on rounded Fisher tables -------


def _rare_option_table() -> tt.Table:
    # Effective bases 50 of 100: "Rare" is 0.4 and 0.3 effective respondents, which round
    # to 0 and 0 for Fisher's test (a zero margin: one possible table).
    counts = pd.DataFrame(
        {"A": [73.0, 26.2, 0.8], "B": [50.0, 49.4, 0.6]}, index=["Yes", "No", "Rare"]
    )
    return tt.Table(
        counts=counts,
        bases=pd.Series({"A": 100.0, "B": 100.0}),
        unweighted_bases=pd.Series({"A": 100, "B": 100}),
        effective_bases=pd.Series({"A": 50.0, "B": 50.0}),
    )


def test_pair_tests_leave_a_rounded_zero_margin_out_of_the_family() -> None:
    # Was: Rare kept at p = 1, a Holm family of 3: 0.0167 * 3 = 0.050, no letters at all.
    from tracktr.compare._letters import higher_than, pair_tests

    table = _rare_option_table()
    tests = pair_tests(table)
    assert math.isnan(tests.p_values[2])
    # Pearson's chi-square on the effective counts (scipy), Holm over the two tested.
    yes = stats.chi2_contingency([[36.5, 13.5], [25.0, 25.0]], correction=False).pvalue
    no = stats.chi2_contingency([[13.1, 36.9], [24.7, 25.3]], correction=False).pvalue
    assert tests.p_values[:2] == pytest.approx([yes, no], rel=1e-9)
    assert max(2 * min(yes, no), yes, no) == pytest.approx(0.033486, abs=1e-6)
    assert higher_than(table) == {("Yes", "A"): ["B"], ("No", "B"): ["A"]}
    letters = tt.compare_table(table).letters
    assert letters is not None
    assert {(o, g): v for o in letters.index for g, v in letters.loc[o].items() if v} == {
        ("Yes", "A"): "B",
        ("No", "B"): "A",
    }


# -- 3. letters past Z: codes apart, in the groups' order ------------------------------------


def test_letters_past_z_are_codes_apart_in_group_order() -> None:
    # Was: "C" + "AB" sorted by character, "ABC" (A reads as exceeding itself and B).
    # 28 groups at 45/50 Yes but g2 (C) and g27 (AB) at 5/50: Fisher's exact test of
    # 45/50 against 5/50 (scipy) is far below 0.05 / (pairs tested), so each high group
    # exceeds exactly C and AB, and C and AB exceed every other group on "No".
    groups = [f"g{i}" for i in range(28)]
    yes = [5 if i in (2, 27) else 45 for i in range(28)]
    table = tt.Table(
        counts=pd.DataFrame(
            {g: [y, 50 - y] for g, y in zip(groups, yes, strict=True)}, index=["Yes", "No"]
        ),
        bases=pd.Series(50, index=groups),
    )
    assert stats.fisher_exact([[45, 5], [5, 45]]).pvalue * 2 * 378 < 0.05
    result = tt.compare_table(table)
    assert result.letters is not None
    assert result.letters.loc["Yes", "g0"] == "C AB"
    assert result.letters.loc["Yes", "g1"] == "C AB"
    others = " ".join(["A", "B", *"DEFGHIJKLMNOPQRSTUVWXYZ", "AA"])
    assert result.letters.loc["No", "g2"] == others
    assert result.display().loc["Yes", "g0 (A)"] == "90% C AB"


# -- 4. compare_groups(design=...): against honoured, other options refused -----------------


def _design_data() -> pd.DataFrame:
    rng = np.random.default_rng(17)
    n = 120
    g = np.array(["a", "b", "c"])[rng.integers(0, 3, n)]
    yes = rng.random(n) < np.where(g == "a", 0.6, 0.35)
    return pd.DataFrame({"g": g, "q": np.where(yes, "Yes", "No"), "w": rng.uniform(0.5, 3, n)})


def test_design_against_rest_is_the_group_against_the_rest() -> None:
    # Was: against="rest" silently gave the pairwise comparisons (b vs a, c vs a, c vs b).
    # Reference: weights only, so the linearised variance of the difference of the two
    # domain means is n/(n-1) * sum(z**2), z_i = w_i (d_a (y - p_a)/W_a - d_r (y - p_r)/W_r),
    # and t has n - 2 df (the design's n - 1, less one), as R svyttest.
    df = _design_data()
    design = tt.Design(weights="w")
    result = tt.compare_groups(df, "q", "g", design=design, against="rest")
    assert isinstance(result, tt.GroupComparison)
    row = result.to_frame().query("group == 'a' and option == 'Yes'").iloc[0]
    assert row["versus"] == "rest"
    w, y, a = df.w.to_numpy(), (df.q == "Yes").to_numpy(float), (df.g == "a").to_numpy()
    wa, wr = w[a].sum(), w[~a].sum()
    pa, pr = (w * y)[a].sum() / wa, (w * y)[~a].sum() / wr
    z = w * np.where(a, (y - pa) / wa, -(y - pr) / wr)
    n = len(df)
    se = math.sqrt(n / (n - 1) * float((z**2).sum()))
    p = 2 * stats.t.sf(abs((pa - pr) / se), n - 2)
    assert row["difference"] == pytest.approx(pa - pr, rel=1e-12)
    assert row["p_value"] == pytest.approx(p, rel=1e-8)


@pytest.mark.parametrize(
    ("option", "value", "match"),
    [
        ("against", "bogus", "`against` must be one of"),
        ("test", "fisher", r"cannot take \['test'\]"),
        ("population", 1000, r"cannot take \['population'\]"),
        ("ordinal", True, r"cannot take \['ordinal'\]"),
        ("ordered_groups", True, r"cannot take \['ordered_groups'\]"),
    ],
)
def test_design_refuses_options_it_cannot_honour(option: str, value: Any, match: str) -> None:
    # Was: each silently dropped (and against="bogus" accepted).
    with pytest.raises(tt.TracktrError, match=match):
        tt.compare_groups(_design_data(), "q", "g", design=tt.Design(weights="w"),
                          **{option: value})  # fmt: skip


# -- 5. clear errors and the level as given ---------------------------------------------------


def test_adjust_p_values_refuses_text_with_a_tracktr_error() -> None:
    # Was: a bare ValueError from numpy ("could not convert string to float: 'x'").
    with pytest.raises(tt.InvalidOptionError, match="p-values must be numbers from 0 to 1"):
        tt.compare.adjust_p_values([0.2, "x"])


def test_a_numpy_float32_level_prints_as_given() -> None:
    # Was: "94.9999988079071% wilson CI"; the interval is the one at 0.95 (scipy's quantile).
    level: Any = np.float32(0.95)  # typed float, but numpy scalars are accepted at run time
    interval = tt.proportion_ci(3, 10, level=level)
    assert "95% wilson CI" in repr(interval)
    z = float(stats.norm.ppf(0.975))
    low, high = _wilson(3, 10)
    assert (interval.ci_low, interval.ci_high) == pytest.approx((low, high), rel=1e-12)
    assert z == pytest.approx(1.959964, abs=1e-6)


def test_the_overall_test_counts_respondents_in_no_option_shown() -> None:
    # Before: chi2 = 0, p = 1 for A = 3, 3 of 10 and B = 5, 5 of 10: A's 4 respondents in no
    # option shown were dropped from the overall test while every pairwise test kept them.
    from scipy.stats import chi2_contingency

    table = tt.Table(
        counts=pd.DataFrame({"A": [3, 3], "B": [5, 5]}, index=["Yes", "No"]),
        bases=pd.Series({"A": 10, "B": 10}),
    )
    result = tt.compare_table(table)
    expected = chi2_contingency([[3, 5], [3, 5], [4, 0]], correction=False)
    assert result.overall is not None
    assert result.overall.statistic == pytest.approx(expected[0])
    assert result.overall.p_value == pytest.approx(expected[1])
    assert result.overall.dof == expected[2]
    assert any("no option shown" in note for note in result.notes)


def test_a_row_untested_for_rounding_says_so() -> None:
    # Before: "nobody, or everybody, on both sides gave the option" for Rare, given by 0.8
    # and 0.6 (weighted): its effective counts round to 0 and 0 for Fisher's test.
    counts = pd.DataFrame(
        {"A": [73.0, 26.2, 0.8], "B": [50.0, 49.4, 0.6]}, index=["Yes", "No", "Rare"]
    )
    table = tt.Table(
        counts=counts,
        bases=pd.Series({"A": 100.0, "B": 100.0}),
        unweighted_bases=pd.Series({"A": 100, "B": 100}),
        effective_bases=pd.Series({"A": 50.0, "B": 50.0}),
    )
    notes = tt.compare_table(table).notes
    assert any("['Rare']: their effective counts round" in note for note in notes)
    assert not any("nobody, or everybody" in note for note in notes)


def test_a_column_holding_the_sum_of_the_groups_is_refused_unless_named() -> None:
    # Before: "Total" (8 + 2 of 10 + 10) was tested as a group: A against the whole that
    # holds it (p = 0.235), and A's rest counted B twice and A itself.
    table = tt.Table(
        counts=pd.DataFrame({"A": [8, 2], "B": [2, 8], "Total": [10, 10]}, index=["Yes", "No"]),
        bases=pd.Series({"A": 10, "B": 10, "Total": 20}),
    )
    with pytest.raises(tt.InvalidOptionError, match=r"'Total' .* holds the sum of the other"):
        tt.compare_table(table)
    named = tt.compare_table(table, total="Total", against="rest")
    assert set(named.to_frame()["group"]) == {"A", "B"}
    assert tt.compare_table(table, total=False).letters is not None
    # Two groups alike beside an empty one: neither is a total of the others.
    alike = tt.Table(
        counts=pd.DataFrame({"A": [3, 5], "B": [3, 5], "C": [0, 0]}, index=["Yes", "No"]),
        bases=pd.Series({"A": 8, "B": 8, "C": 0}),
    )
    assert tt.compare_table(alike).letters is not None

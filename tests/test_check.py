"""Unit tests for tracktr.check: known values from the 2016 report, every rule, bad input."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

import tracktr as tt
from tracktr.rounding import RULES

# -- percent ----------------------------------------------------------------------------


def test_percent_graph_9() -> None:
    # Graph 9 (n=104): 35% -> 36 of 104 (34.6%); 60% -> 62; 6% -> 6.
    assert list(tt.check.percent(35, 104).counts["half_up"]) == [36]
    assert list(tt.check.percent(60, 104).counts["half_up"]) == [62]
    assert list(tt.check.percent(6, 104).counts["half_up"]) == [6]


def test_percent_impossible_graph_19() -> None:
    # Graph 19 (n=19): 17/19 = 89.47%, 18/19 = 94.74%: 94% only by truncation.
    check = tt.check.percent(94, 19)
    assert not check.possible_under("half_up")
    assert check.possible
    assert check.rules == ("floor", "largest_remainder")
    assert check.nearest() == ((17, 89.0), (18, 95.0))
    assert "cannot be printed with half-up rounding" in check.explanation


def test_percent_at_25_only_multiples_of_4() -> None:
    # n=25: every count is a multiple of 4%, so 50% is impossible under every rule.
    check = tt.check.percent(50, 25)
    assert not check.possible
    assert check.rules == ()
    assert "cannot be printed" in check.explanation


@pytest.mark.parametrize(
    ("rule", "counts"),
    [
        ("half_up", [1]),  # 1/8 = 12.5 -> 13
        ("half_even", []),  # 12.5 -> 12
        ("half_down", []),
        ("floor", []),
        ("ceil", [1]),
        ("double_half_up", [1]),
        ("largest_remainder", [1]),  # floor 12 or ceiling 13
    ],
)
def test_percent_of_eight_each_rule(rule: str, counts: list[int]) -> None:
    # DESIGN.md, "Rounding rules": 1 of 8 is 12.5% exactly.
    check = tt.check.percent(13, 8, rules=[rule])  # type: ignore[list-item]
    assert list(check.counts[rule]) == counts


def test_percent_with_decimals() -> None:
    assert list(tt.check.percent(12.5, 8, decimals=1).counts["half_up"]) == [1]
    assert list(tt.check.percent("12.5%", 8, decimals=1).counts["floor"]) == [1]
    assert list(tt.check.percent(Fraction(25, 2), 8, decimals=1).counts["ceil"]) == [1]


def test_percent_edges() -> None:
    assert list(tt.check.percent(0, 151).counts["half_up"]) == [0]
    assert list(tt.check.percent(100, 151).counts["half_up"]) == [151]
    assert list(tt.check.percent(0, 1000).counts["half_up"]) == [0, 1, 2, 3, 4]
    assert list(tt.check.percent(100, 1000).counts["half_up"]) == [995, 996, 997, 998, 999, 1000]


def test_percent_large_base_is_fast_and_exact() -> None:
    check = tt.check.percent(33.3, 10**6, decimals=1)
    counts = check.counts["half_up"]
    assert counts.start == 332_500
    assert counts.stop - 1 == 333_499


def test_percent_to_frame_and_repr() -> None:
    frame = tt.check.percent(35, 104).to_frame()
    assert frame.columns.tolist() == ["rule", "possible", "count_low", "count_high", "n_counts"]
    assert frame["rule"].tolist() == list(RULES)
    assert (
        repr(tt.check.percent(35, 104, rules="half_up")) == "PercentCheck(35% of 104: half_up=36)"
    )


@pytest.mark.parametrize(
    ("value", "base", "decimals", "error", "match"),
    [
        (101, 10, 0, tt.InvalidOptionError, "from 0 to 100"),
        (-1, 10, 0, tt.InvalidOptionError, "from 0 to 100"),
        (12.5, 8, 0, tt.InvalidOptionError, "more decimal places than decimals=0"),
        (12, 0, 0, tt.InvalidBaseError, "must be positive"),
        (12, -5, 0, tt.InvalidBaseError, "must be positive"),
        (12, 10.5, 0, tt.InvalidBaseError, "whole number"),
        (12, True, 0, tt.InvalidBaseError, "whole number"),
        (12, 10, 4, tt.InvalidOptionError, "decimals"),
        (12, 10, -1, tt.InvalidOptionError, "decimals"),
        (float("nan"), 10, 0, tt.InvalidOptionError, "finite"),
    ],
)
def test_percent_bad_input(
    value: object, base: object, decimals: int, error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        tt.check.percent(value, base, decimals=decimals)  # type: ignore[arg-type]


def test_percent_unknown_rule() -> None:
    with pytest.raises(tt.UnknownMethodError, match="'half_up'"):
        tt.check.percent(12, 10, rules=["nearest"])  # type: ignore[list-item]
    with pytest.raises(tt.InvalidOptionError, match="was not checked"):
        tt.check.percent(12, 10, rules="floor").possible_under("half_up")


# -- bases ------------------------------------------------------------------------------


def test_bases_report_examples() -> None:
    # "58 organisations (67%)" (section 2.6): 58/86 = 67.4%, 58/87 = 66.7%.
    check = tt.check.bases(58, 67)
    assert check.bases["half_up"] == (86, 87)
    assert check.fits(87)
    assert not check.fits(88)
    # "Only three (17%) of the contacts were valued at over £5m" (section 2.4).
    assert tt.check.bases(3, 17, rules="half_up").bases["half_up"] == (18,)
    # Clinks State of the Sector: "only 17% (n=13)".
    assert tt.check.bases(13, 17, rules="half_up").bases["half_up"] == (75, 76, 77, 78)


def test_bases_zero_count_and_limits() -> None:
    check = tt.check.bases(0, 0, rules="half_up", max_base=30)
    assert check.bases["half_up"] == tuple(range(1, 30 + 1))
    assert tt.check.bases(0, 5, rules="half_up", max_base=30).bases["half_up"] == ()
    assert not tt.check.bases(5, 0, rules="half_up", max_base=30).possible
    frame = tt.check.bases(58, 67, rules="half_up").to_frame()
    assert frame["base"].tolist() == [86, 87]
    assert "86-87" in tt.check.bases(58, 67).explanation


@pytest.mark.parametrize(
    ("count", "error", "match"),
    [(-1, tt.InvalidCountsError, "0 or more"), (2.5, tt.InvalidCountsError, "whole number")],
)
def test_bases_bad_count(count: float, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        tt.check.bases(count, 10)  # type: ignore[arg-type]


def test_bases_bad_max_base() -> None:
    with pytest.raises(tt.InvalidBaseError, match="max_base"):
        tt.check.bases(3, 17, max_base=0)
    # Closed form: any max_base up to 10**15 answers at once; beyond is refused.
    with pytest.raises(tt.InvalidOptionError, match="at most"):
        tt.check.bases(3, 17, max_base=10**16)


# -- distribution -----------------------------------------------------------------------


def test_distribution_graph_9_possible() -> None:
    check = tt.check.distribution({"Yes": 35, "No": 60, "Don't know": 6}, 104)
    assert check.possible
    assert check.counts == (36, 62, 6)
    assert check.total == 101
    assert check.labels == ("Yes", "No", "Don't know")
    assert check.to_frame()["count"].tolist() == [36, 62, 6]


def test_distribution_graph_11_impossible() -> None:
    # Graph 11 (n=104): 40 + 15 + 12 + 0 + 24 + 15 = 106; the counts need 111.
    check = tt.check.distribution([40, 15, 12, 0, 24, 15], 104)
    assert not check.possible
    assert check.counts is None
    assert [list(r) for r in check.ranges] == [[42], [16], [12], [0], [25], [16]]
    assert "at least 111 respondents" in check.explanation


def test_distribution_incomplete_cells() -> None:
    # Some answers unprinted: counts must not exceed the base.
    assert tt.check.distribution([24, 24], 25, complete=False).counts == (6, 6)
    assert not tt.check.distribution([24, 24], 25).possible
    assert "at most 12 respondents" in tt.check.distribution([24, 24], 25).explanation


def test_distribution_cell_never_printable() -> None:
    check = tt.check.distribution({"Yes": 30, "No": 58}, 24, complete=False)
    assert not check.possible
    assert "no count of 24 prints as 30% (Yes)" in check.explanation


def test_distribution_without_base() -> None:
    # Table 2, mental health needs: 6 + 11 + 30 + 50 = 97 fits no base half-up.
    row = tt.reference.table("table_2").printed.loc["People with mental health needs"]
    assert isinstance(row, pd.Series)
    assert not tt.check.distribution(row).possible
    floor = tt.check.distribution(row, rule="floor", max_base=200)
    assert floor.possible
    assert floor.bases[0] == 59
    assert sum(floor.counts or ()) == 59
    assert "fit no base up to 5000" in tt.check.distribution(row).explanation
    # A row summing to 100 fits its smallest base.
    assert tt.check.distribution([50, 50]).bases[:3] == (2, 4, 6)


def test_distribution_largest_remainder() -> None:
    # 1, 1, 1 of 3 -> 34, 33, 33 by tt.rounding (ties to the earlier cell); a report may
    # break the tie otherwise, so 33, 34, 33 is possible too (it was called impossible).
    check = tt.check.distribution([34, 33, 33], 3, rule="largest_remainder")
    assert check.possible
    assert check.counts == (1, 1, 1)
    assert tt.check.distribution([33, 34, 33], 3, rule="largest_remainder").possible
    assert not tt.check.distribution([35, 33, 32], 3, rule="largest_remainder").possible
    assert not tt.check.distribution([33, 33, 33], rule="largest_remainder").possible
    found = tt.check.distribution([50, 50], rule="largest_remainder", max_base=10)
    assert found.bases == (2, 4, 6, 8, 10)
    with pytest.raises(tt.InvalidOptionError, match="complete=True"):
        tt.check.distribution([50, 50], 2, rule="largest_remainder", complete=False)


def test_distribution_bad_input() -> None:
    with pytest.raises(tt.InvalidOptionError, match="empty"):
        tt.check.distribution([], 10)
    with pytest.raises(tt.InvalidOptionError, match=r"values\['cell 2'\]"):
        tt.check.distribution([50, 150], 10)
    with pytest.raises(tt.InvalidOptionError, match="sequence or mapping"):
        tt.check.distribution("35, 65", 10)
    with pytest.raises(tt.InvalidBaseError, match="positive"):
        tt.check.distribution([50, 50], 0)
    with pytest.raises(tt.UnknownMethodError, match="rule"):
        tt.check.distribution([50, 50], 2, rule="banker")  # type: ignore[arg-type]


def test_distribution_does_not_mutate() -> None:
    values = pd.Series({"a": 35, "b": 60, "c": 6})
    before = values.copy()
    tt.check.distribution(values, 104)
    pd.testing.assert_series_equal(values, before)


# -- table ------------------------------------------------------------------------------


def test_table_3_matches() -> None:
    t3 = tt.reference.table("table_3")
    check = tt.check.table(t3.counts, t3.printed, t3.bases)
    assert check.consistent
    assert check.differing.empty
    assert check.mismatches["floor"] > 0
    assert "largest_remainder" not in check.rules  # the CRC column prints a total of 102
    assert len(check.to_frame()) == 14


def test_table_1_two_cells_differ() -> None:
    # Table 1: 46/151 = 30.46% printed 31; 49/151 = 32.45% printed 33.
    t1 = tt.reference.table("table_1")
    check = tt.check.table(t1.counts, t1.printed, 151, percent_axis="rows")
    assert not check.consistent
    assert check.rules == ("double_half_up",)
    differing = check.differing
    assert differing["row"].tolist() == [
        "Homeless people",
        "People with a particular financial need (including poverty)",
    ]
    assert differing["column"].tolist() == ["Main beneficiaries", "Beneficiaries also include"]
    assert differing["expected"].tolist() == [30.0, 32.0]
    assert "2 of 44 cells differ" in check.explanation


def test_table_accepts_a_table_and_arrays() -> None:
    table = tt.reference.table("table_3").to_table()
    printed = tt.reference.table("table_3").printed
    assert tt.check.table(table, printed).consistent
    check = tt.check.table(np.array([[1], [7]]), np.array([[12.5], [87.5]]), decimals=1)
    assert check.consistent
    assert check.cells["base"].tolist() == [8, 8]


def test_table_skips_unprinted_cells_and_partition_rules() -> None:
    counts = pd.DataFrame({"n": [1, 1, 1]}, index=["a", "b", "c"])
    printed = pd.DataFrame({"n": [34.0, 33.0, np.nan]}, index=["a", "b", "c"])
    check = tt.check.table(counts, printed, 3)
    assert len(check.cells) == 2
    assert "largest_remainder" in check.rules
    with pytest.raises(tt.NotAPartitionError, match="sum to each base"):
        tt.check.table(counts, printed, 5, rule="largest_remainder")


def test_table_bad_input() -> None:
    counts = pd.DataFrame({"n": [1, 2]}, index=["a", "b"])
    with pytest.raises(tt.InvalidOptionError, match="shape"):
        tt.check.table(counts, pd.DataFrame({"n": [1]}))
    with pytest.raises(tt.InvalidOptionError, match="same row and column labels"):
        tt.check.table(counts, pd.DataFrame({"m": [33, 67]}, index=["a", "b"]))
    with pytest.raises(tt.InvalidBaseError, match="one base for each"):
        tt.check.table(counts, pd.DataFrame({"n": [33, 67]}, index=["a", "b"]), [3, 3])
    with pytest.raises(tt.InvalidBaseError, match="positive"):
        tt.check.table(counts, pd.DataFrame({"n": [33, 67]}, index=["a", "b"]), 0)
    with pytest.raises(tt.InvalidCountsError, match="whole numbers"):
        tt.check.table(pd.DataFrame({"n": [1.5, 2]}), pd.DataFrame({"n": [43, 57]}))


def test_table_nullable_printed_cells() -> None:
    counts = pd.DataFrame({"n": [1, 7]}, index=["a", "b"])
    printed = pd.DataFrame({"n": pd.array([13, None], dtype="Int64")}, index=["a", "b"])
    check = tt.check.table(counts, printed)
    assert check.cells["row"].tolist() == ["a"]
    assert check.consistent


# -- ratio and share --------------------------------------------------------------------


def test_ratio_report_claims() -> None:
    # Table 3: 12/34 against 20/151 is 2.66, not "2.5 times".
    over_5m = tt.check.ratio(2.5, Fraction(12, 34), Fraction(20, 151))
    assert not over_5m.holds
    assert over_5m.ratio == pytest.approx(2.6647, abs=1e-4)
    assert over_5m.low == pytest.approx(2.45)
    assert over_5m.high == pytest.approx(2.55)
    assert "above what the claim covers" in over_5m.explanation
    # describe.ratio_holds reads "2.5 times" as within 10% of 2.5: doubtful, not wrong.
    assert over_5m.loosely
    assert over_5m.verdict == "doubtful"
    assert tt.check.ratio(2.5, 4, 1).verdict == "inconsistent"
    # Counts, not shares: 100 against 34 is "almost three times".
    assert tt.check.ratio(3, 100, 34, qualifier="almost").verdict == "consistent"
    # "almost four times less likely": 35/151 against 2/34 is 3.94.
    assert tt.check.ratio(4, Fraction(35, 151), Fraction(2, 34), qualifier="almost").holds
    # "over three times as many": 35% against 10%.
    assert tt.check.ratio(3, 35, 10, qualifier="over").holds
    assert not tt.check.ratio(3, 30, 10, qualifier="over").holds
    assert tt.check.ratio(3, 30, 10, qualifier="at_least").holds
    assert tt.check.ratio(3, 25, 10, qualifier="under").holds
    assert tt.check.ratio(3, 25, 10).holds  # "three times" covers 2.5 to 3.5


def test_ratio_frame_and_errors() -> None:
    frame = tt.check.ratio(3, 0.35, 0.10, qualifier="over").to_frame()
    assert frame.columns.tolist() == [
        "claim",
        "qualifier",
        "p1",
        "p2",
        "ratio",
        "holds",
        "low",
        "high",
        "loosely",
        "verdict",
    ]
    with pytest.raises(tt.InvalidOptionError, match="p2` positive"):
        tt.check.ratio(2, 0.5, 0)
    with pytest.raises(tt.InvalidOptionError, match="must be positive"):
        tt.check.ratio(0, 0.5, 0.2)
    with pytest.raises(tt.UnknownMethodError, match="qualifier"):
        tt.check.ratio(2, 0.5, 0.2, qualifier="roughly")  # type: ignore[arg-type]


def test_share_report_phrases() -> None:
    # Graph 9: "just over a third (35%)" is 36 of 104 = 34.6%.
    assert tt.check.share("just over a third", Fraction(36, 104)).holds
    # Graph 30: "almost a third (28%)" is 29 of 105 = 27.6%: just outside, doubtful.
    decreased = tt.check.share("almost a third", Fraction(29, 105))
    assert not decreased.holds
    assert decreased.verdict == "doubtful"
    assert decreased.distance == pytest.approx(0.3033 - 0.2762, abs=1e-3)
    # Executive summary: "one quarter of the 151" is 34 of 151 = 22.5%.
    assert tt.check.share("one quarter", Fraction(34, 151)).verdict == "doubtful"
    assert tt.check.share("only 3 in 10", 0.9).verdict == "inconsistent"
    assert tt.check.share("less than one percent", Fraction(1, 135)).holds
    assert tt.check.share("a slim majority", 0.55).holds
    assert tt.check.share("nearly all", 0.97).holds
    assert tt.check.share("Just over two-fifths", 0.41).holds


def test_share_frame_and_errors() -> None:
    frame = tt.check.share("almost half", 0.48).to_frame()
    assert frame["verdict"].tolist() == ["consistent"]
    assert (
        repr(tt.check.share("almost half", 0.48)) == "ShareCheck('almost half', 0.48: consistent)"
    )
    with pytest.raises(tt.InvalidOptionError, match="not a share phrase"):
        tt.check.share("a goodly number", 0.5)
    with pytest.raises(tt.InvalidOptionError, match="from 0 to 1"):
        tt.check.share("almost half", 48)


# -- findings ---------------------------------------------------------------------------


def test_findings_container() -> None:
    found = tt.check.reference()
    assert len(found) == len(list(found))
    assert isinstance(found[0], tt.check.Finding)
    assert found.counts() == {"doubtful": 12, "impossible": 8, "inconsistent": 11}
    assert repr(found) == "Findings(31: 11 inconsistent, 8 impossible, 12 doubtful)"
    every = tt.check.reference(include_consistent=True)
    assert len(every) > len(found)
    assert {"consistent", "unchecked"} <= set(every.to_frame()["verdict"])
    with pytest.raises(AttributeError):
        found[0].verdict = "consistent"  # type: ignore[misc]


# Every finding check.reference() makes about the 2016 report, with the reason it gives.
# Source: the report's text and tables (tracktr.reference); each reason is recomputed here
# in the comment.
FINDINGS = [
    # The text's "of the 151" beside the count's base of 135 (those who answered). The
    # share is read at the count's own base: 34/135 = 25.2% is "one quarter" (23-27%);
    # 34/151 would be 22.5%.
    ("es_crc_quarter_of_151", "inconsistent", "gives a base of 151, but s24_crc_funded_count"),
    # Graph 16, n=26: 18/26 = 69.2%, 19/26 = 73.1%.
    ("es_crc_pre_existing_services", "impossible", "18 gives 69%, 19 gives 73%"),
    # Graph 1: 35 CRC + 1 NPS + 100 neither = 136 > 135; section 2.4 and Table 3 say 34.
    ("graph_01_counts", "inconsistent", "35 + 1 + 100 = 136, not Graph 1's n=135"),
    ("s21_crc_count", "inconsistent", "35 here, but 34 in section 2.4"),
    # Table 1: 46/151 = 30.46% printed 31, 49/151 = 32.45% printed 33 (double rounding).
    ("table_1", "doubtful", "every cell is explained by double_half_up"),
    ("table_1_homeless_main_beneficiaries", "doubtful", "46 of 151 is 30.46%"),
    (
        "table_1_particular_financial_need_beneficiaries_also_include",
        "doubtful",
        "49 of 151 is 32.45%",
    ),
    # Table 2: 6 + 11 + 30 + 50 = 97; four cells rounded half-up lose less than 2 points.
    ("s22_mental_health_needs_table_row", "impossible", "(sum 97) fit no base up to 1000"),
    ("table_2", "doubtful", "the smallest common base is 192"),
    # Section 2.2 text against Table 2 (page 19).
    ("s22_average_worsened", "inconsistent", "The text prints 14%, but Table 2 prints 21%"),
    ("s22_women_improved", "inconsistent", "The text prints 11%, but Table 2 prints 12%"),
    ("s22_homeless_improved", "inconsistent", "The text prints 6%, but Table 2 prints 7%"),
    ("s22_mental_health_worsened", "inconsistent", "The text prints 29%, but Table 2 prints 30%"),
    ("s22_mental_health_improved", "inconsistent", "The text prints 9%, but Table 2 prints 6%"),
    ("s22_financial_need_worsened", "inconsistent", "The text prints 27%, but Table 2 prints 28%"),
    ("s22_financial_need_improved", "inconsistent", "The text prints 7%, but Table 2 prints 8%"),
    ("s22_bame_worsened", "inconsistent", "The text prints 25%, but Table 2 prints 26%"),
    # Graph 11, n=104: 40% needs 42, 15% 16, 12% 12, 24% 25, 15% 16: 111 > 104.
    ("graph_11_shares", "impossible", "need at least 111 respondents"),
    # Table 3: (12/34) / (20/151) = 2.66, not 2.5 (but within 10%).
    ("s24_over_5m_ratio", "doubtful", "= 2.66"),
    # Section 2.4: "almost 60%" of the 18 that "three (17%)" fits (3/18 = 16.7%):
    # 10/18 = 55.6% and 11/18 = 61.1%, neither within 57-60%.
    ("s24_contracts_under_80k", "doubtful", "No count of 18 is 'almost 60%'"),
    # Graph 17, n=24: 7/24 = 29.2%, 8/24 = 33.3%; no count prints as 30%.
    ("graph_17_reserves", "impossible", "prints as 30% (With its own reserves: Yes)"),
    ("s24_subsidy_reserves", "impossible", "7 gives 29%, 8 gives 33%"),
    # Graph 19, n=19: 17/19 = 89.5%, 18/19 = 94.7%.
    ("s24_no_transparency", "impossible", "17 gives 89%, 18 gives 95%); only floor"),
    # Graph 20, n=26: 12/26 = 46.2%, 13/26 = 50%; "nearly half" covers 47-50%.
    ("s24_ispa_signed", "doubtful", "the nearest are 12 (46.2%) and 13 (50.0%)"),
    # Graph 23, n=89, two nets covering every band: 57/89 = 64.0%, 31/89 = 34.8% but
    # 57 + 31 = 88; 32/89 = 35.96% prints 36.
    ("graph_23_shares", "impossible", "at most 88 respondents"),
    # Graph 15, n=25: every count is a multiple of 4%.
    ("s26_crc_users_over_250", "impossible", "12 gives 48%, 13 gives 52%"),
    ("s26_crc_subsidy", "doubtful", "33% of 24 is 8 (33.3%)"),
    ("s26_crc_no_subsidy", "doubtful", "58% of 24 is 14 (58.3%)"),
    # Graph 30, n=105: 28% is 29/105 = 27.6%, under "almost a third" (30.3-33.3%).
    ("s27_funding_decreased", "doubtful", "28% of 105 is 29 (27.6%)"),
    ("s27_crc_dont_know", "doubtful", "but printed 29%"),
    # Eight PbR contracts among "one-fifth" of at most 34 CRC-funded (at most 7).
    ("crc_pbr_subset", "doubtful", "at most 7: 8 exceeds it"),
]


def test_every_finding_about_the_report() -> None:
    found = [(f.figure, f.verdict) for f in tt.check.reference()]
    assert found == [(figure, verdict) for figure, verdict, _ in FINDINGS]


@pytest.mark.parametrize(("figure", "verdict", "reason"), FINDINGS)
def test_finding_reason(figure: str, verdict: str, reason: str) -> None:
    found = tt.check.reference()
    finding = next(f for f in found if f.figure == figure and reason in f.explanation)
    assert finding.verdict == verdict
    assert finding.claim
    assert finding.source


def test_checks_do_not_mutate_inputs() -> None:
    t3 = tt.reference.table("table_3")
    assert t3.counts is not None
    assert t3.bases is not None
    counts, printed, bases = t3.counts.copy(), t3.printed.copy(), t3.bases.copy()
    tt.check.table(t3.counts, t3.printed, t3.bases)
    pd.testing.assert_frame_equal(t3.counts, counts)
    pd.testing.assert_frame_equal(t3.printed, printed)
    pd.testing.assert_series_equal(t3.bases, bases)
    values = {"a": 35, "b": 60, "c": 6}
    tt.check.distribution(values, 104)
    assert values == {"a": 35, "b": 60, "c": 6}


# -- issue 11: closed form at any base up to 10**15 ----------------------------------------


def test_percent_at_a_billion_is_closed_form() -> None:
    # `tracktr check 50 1000000000` took 14 s and 1.2 GB by listing counts.
    check = tt.check.percent(50, 10**9)
    assert check.counts["half_up"] == range(495_000_000, 505_000_000)
    assert "495000000-504999999" in repr(check)
    assert check.to_frame()["n_counts"].iloc[0] == 10_000_000


def test_percent_at_10_to_the_15() -> None:
    base = 10**15
    check = tt.check.percent("33.3%", base, decimals=1)
    # half-up: 33.25% <= 100 k / base < 33.35%
    assert check.counts["half_up"] == range(332_500_000_000_000, 333_500_000_000_000)
    assert check.possible_under("floor")


def test_nearest_and_explanation_at_huge_bases() -> None:
    # nearest() at 1e9 and the explanation at 1e8 ran out of memory.
    base = 10**9 + 7
    check = tt.check.percent(94, base)
    (below, shown_below), (above, shown_above) = check.nearest()
    assert (shown_below, shown_above) == (93.0, 95.0)
    # The counts printing as 94% lie strictly between the two neighbours.
    assert check.counts["half_up"] == range(below + 1, above)
    assert below == 935 * base // 1000 - (935 * base % 1000 == 0)
    text = tt.check.percent(94.5, 10**8 + 1, decimals=1).explanation
    assert text == "94.5% of 100000001 is possible: count 94450001-94550000 (half-up)."


def test_nearest_names_the_neighbours_of_an_impossible_value() -> None:
    assert tt.check.percent(94, 19).nearest() == ((17, 89.0), (18, 95.0))
    assert tt.check.percent(0, 19).nearest() == ((1, 5.0),)
    assert tt.check.percent(100, 19).nearest() == ((18, 95.0),)


def test_bases_up_to_10_to_the_15() -> None:
    every = tt.check.bases(0, 0, rules="half_up", max_base=10**15).bases["half_up"]
    assert len(every) == 10**15
    assert every[-1] == 10**15
    assert 123_456_789 in every
    assert repr(every) == "BaseSet(1-1000000000000000; 1,000,000,000,000,000 bases)"
    with pytest.raises(tt.InvalidOptionError, match="too many for one row each"):
        tt.check.bases(0, 0, rules="half_up", max_base=10**15).to_frame()
    assert tt.check.bases(58, 67, max_base=10**15).bases["half_up"] == (86, 87)


def test_distribution_of_100_cells_up_to_10_to_the_15() -> None:
    # 100 cells and max_base=1e7 asked for 7.5 GiB.
    check = tt.check.distribution([1] * 100, max_base=10**7)
    assert check.possible
    assert check.bases[0] == 100
    wide = tt.check.distribution([1] * 100, max_base=10**15)
    assert wide.bases[0] == 100
    assert 10**15 in wide.bases
    assert len(wide.bases) > len(check.bases)


def test_distribution_with_a_huge_base() -> None:
    check = tt.check.distribution([35, 60, 5], 10**15)
    assert check.possible
    assert check.counts is not None
    assert sum(check.counts) == 10**15
    lr = tt.check.distribution([34, 33, 33], 10**15, rule="largest_remainder")
    assert lr.possible
    assert lr.counts is not None
    assert sum(lr.counts) == 10**15


def test_largest_remainder_without_a_base_in_closed_form() -> None:
    found = tt.check.distribution([34, 33, 33], rule="largest_remainder", max_base=10**15)
    assert found.bases[:4] == (3, 6, 9, 12)
    assert 10**15 in found.bases
    assert not tt.check.distribution(
        [34, 33, 32], rule="largest_remainder", max_base=10**15
    ).possible


def test_string_base_says_pass_the_number() -> None:
    with pytest.raises(tt.InvalidBaseError, match=r"got '10'.\n\nHint: pass the number itself"):
        tt.check.percent(50, "10")  # type: ignore[arg-type]
    with pytest.raises(tt.InvalidBaseError, match="at most"):
        tt.check.percent(50, 10**16)


@pytest.mark.parametrize(
    ("value", "match"),
    [("inf", "finite"), ("nan", "finite"), ("2,5", "decimal point, not a comma"), ("x%", "number")],
)
def test_printed_values_are_read_by_the_one_number_reader(value: str, match: str) -> None:
    with pytest.raises(tt.InvalidOptionError, match=match):
        tt.check.percent(value, 10)


def test_base_set_is_a_sequence_that_compares_with_tuples() -> None:
    import pickle

    fits = tt.check.distribution([50, 50], rule="floor", max_base=10**15).bases
    assert isinstance(fits, tt.check.BaseSet)
    assert fits[:3] == (2, 4, 6)
    assert fits[-1] == 10**15
    assert 3 not in fits
    assert 2.0 in fits
    assert "2" not in fits
    assert pickle.loads(pickle.dumps(fits)) == fits
    assert tt.check.BaseSet.span(3, 6) == (3, 4, 5)
    assert tt.check.BaseSet.span(3, 6) == range(3, 6)
    assert tt.check.BaseSet() == ()
    with pytest.raises(IndexError):
        tt.check.BaseSet()[0]

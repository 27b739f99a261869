"""Acceptance: the 2016 report's Tables 1 and 3, recomputed from their printed counts.

Both tables print counts beside percentages. tracktr recomputes every percentage from the
count and its base and compares it with the printed one; a cell that differs must be
explained (which rounding rule prints it), not hidden. Source of every expected value: the
report, *Change & challenge* (Clinks, NCVO and TSRC, May 2016), Table 1 (section 2.1) and
Table 3 (section 2.4, page 25). Tolerance: none, percentages are exact integers.
"""

from __future__ import annotations

from fractions import Fraction

import pandas as pd
import pytest

import tracktr as tt


def _half_up(count: int, base: int) -> int:
    """Round 100 * count / base half-up with Fractions: an independent reference."""
    exact = Fraction(100 * count, base)
    return int(exact + Fraction(1, 2))


# -- Table 3 ----------------------------------------------------------------------------


def test_table_3_every_cell_reproduced() -> None:
    published = tt.reference.table("table_3")
    assert published.counts is not None
    reproduced = published.to_table().percentages()
    pd.testing.assert_frame_equal(reproduced, published.printed.astype(float))


def test_table_3_independently_of_tracktr() -> None:
    published = tt.reference.table("table_3")
    assert published.counts is not None
    assert published.bases is not None
    for column in published.counts.columns:
        base = int(published.bases[column])
        counts = published.counts[column].tolist()
        assert sum(counts) == base  # the bands partition each column
        expected = [_half_up(int(c), base) for c in counts]
        assert published.printed[column].tolist() == expected


def test_table_3_percentages_total_102_for_crc_funded() -> None:
    # Rounding, not an error: the CRC-funded column's printed percentages total 102,
    # which half-up rounding of seven cells allows (check.distribution finds the counts).
    published = tt.reference.table("table_3")
    column = published.printed["CRC-funded respondents"]
    assert int(column.sum()) == 102
    check = tt.check.distribution(column, 34)
    assert check.possible
    assert check.counts == (2, 3, 6, 4, 7, 4, 8)
    assert tt.reference.table("table_3").to_table().rounding_totals().tolist() == [100, 102]


def test_table_3_check_table_explains_every_cell() -> None:
    published = tt.reference.table("table_3")
    check = tt.check.table(published.counts, published.printed, published.bases)
    assert check.differing.empty
    assert check.rules == ("half_up", "half_even", "half_down", "double_half_up")


# -- Table 1 ----------------------------------------------------------------------------

# The two cells of Table 1 that half-up rounding of count / 151 does not print.
DIFFERING = {
    ("Homeless people", "Main beneficiaries"): (46, 31, 30, Fraction(4600, 151)),
    (
        "People with a particular financial need (including poverty)",
        "Beneficiaries also include",
    ): (49, 33, 32, Fraction(4900, 151)),
}


def test_table_1_cells_against_counts() -> None:
    published = tt.reference.table("table_1")
    assert published.counts is not None
    reproduced = published.to_table().percentages()
    for row in published.printed.index:
        for column in published.printed.columns:
            printed = int(published.printed.loc[row, column])
            count = int(published.counts.loc[row, column])
            ours = int(reproduced.loc[row, column])
            assert ours == _half_up(count, 151)
            if (row, column) in DIFFERING:
                assert ours != printed
            else:
                assert ours == printed, (row, column)


@pytest.mark.parametrize(("cell", "expected"), list(DIFFERING.items()))
def test_table_1_differing_cells_are_explained(
    cell: tuple[str, str], expected: tuple[int, int, int, Fraction]
) -> None:
    # 46/151 = 30.46% and 49/151 = 32.45%: half-up gives 30 and 32; rounding first to one
    # decimal (30.5, 32.5) and then to a whole number gives the printed 31 and 33.
    count, printed, half_up, exact = expected
    row, column = cell
    published = tt.reference.table("table_1")
    assert published.counts is not None
    assert published.counts[column].to_dict()[row] == count
    assert published.printed[column].to_dict()[row] == printed
    assert Fraction(100 * count, 151) == exact
    assert tt.percentages([count], base=151).tolist() == [half_up]
    assert tt.percentages([count], base=151, rule="double_half_up").tolist() == [printed]
    assert tt.percentages([count], base=151, decimals=1).tolist() == [half_up + 0.5]
    check = tt.check.percent(printed, 151)
    assert count not in check.counts["half_up"]
    assert count in check.counts["double_half_up"]
    assert count in check.counts["ceil"]


def test_table_1_explained_by_double_rounding_only() -> None:
    published = tt.reference.table("table_1")
    check = tt.check.table(published.counts, published.printed, 151, percent_axis="rows")
    assert check.rules == ("double_half_up",)
    assert {(r.row, r.column) for r in check.differing.itertuples()} == set(DIFFERING)
    reproduced = published.to_table().percentages(rule="double_half_up")
    pd.testing.assert_frame_equal(reproduced, published.printed.astype(float))


def test_table_1_base_is_151() -> None:
    # No base is printed; under the rule that explains every cell, only 151 fits them all.
    published = tt.reference.table("table_1")
    assert published.counts is not None
    common: set[int] | None = None
    for row in published.printed.index:
        for column in published.printed.columns:
            fits = tt.check.bases(
                int(published.counts.loc[row, column]),
                int(published.printed.loc[row, column]),
                rules="double_half_up",
                max_base=1000,
            ).bases["double_half_up"]
            common = set(fits) if common is None else common & set(fits)
    assert common == {151}

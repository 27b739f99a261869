"""Unit tests for tracktr.rounding: known values, every rule, bad input."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

import tracktr as tt
from tracktr.rounding import RULES, percentage_units


# DESIGN.md, "Rounding rules": 12.5 and 13.5 under each rule (1/8 and 27/200 exactly).
@pytest.mark.parametrize(
    ("rule", "at_12_5", "at_13_5"),
    [
        ("half_up", 13, 14),
        ("half_even", 12, 14),
        ("half_down", 12, 13),
        ("floor", 12, 13),
        ("ceil", 13, 14),
    ],
)
def test_design_table_of_rules(rule: str, at_12_5: int, at_13_5: int) -> None:
    assert tt.percentages([1], base=8, rule=rule).tolist() == [at_12_5]  # type: ignore[arg-type]
    assert tt.percentages([27], base=200, rule=rule).tolist() == [at_13_5]  # type: ignore[arg-type]


def test_report_examples() -> None:
    # Change & challenge (2016): 37 of 151 prints as 25%; 89 of 151 as 59 (Table 1).
    assert tt.percentages([37], base=151).tolist() == [25.0]
    assert tt.percentages([89, 38], base=151).tolist() == [59.0, 25.0]
    # Table 3, CRC-funded column (n=34): 2, 3, 6, 4, 7, 4, 8.
    crc = tt.percentages([2, 3, 6, 4, 7, 4, 8])
    assert crc.tolist() == [6.0, 9.0, 18.0, 12.0, 21.0, 12.0, 24.0]


def test_double_half_up_is_the_spreadsheet_habit() -> None:
    # 32.45% -> 32.5 -> 33, where a single half-up rounding gives 32.
    assert tt.percentages([3245], base=10000).tolist() == [32.0]
    assert tt.percentages([3245], base=10000, rule="double_half_up").tolist() == [33.0]


def test_largest_remainder_sums_to_100_and_breaks_ties_by_position() -> None:
    assert tt.percentages([1, 1, 1], rule="largest_remainder").tolist() == [34.0, 33.0, 33.0]
    units = percentage_units([1, 1, 1, 0], rule="largest_remainder", decimals=1)
    assert units.tolist() == [334, 333, 333, 0]


def test_decimals_and_two_dimensional_input() -> None:
    result = tt.percentages([[1, 7], [2, 2], [0, 0]], decimals=1)
    assert result[:2].tolist() == [[12.5, 87.5], [50.0, 50.0]]
    assert np.isnan(result[2]).all()


def test_weighted_counts_are_read_from_their_decimal_value() -> None:
    # 0.125 of 1 is 12.5% exactly: half-up 13, half-even 12.
    assert tt.percentages([0.125], base=1.0).tolist() == [13.0]
    assert tt.percentages([0.125], base=1.0, rule="half_even").tolist() == [12.0]
    # 0.1 + 0.2 is not 0.3 in binary; read as decimals the shares are 1/3 and 2/3.
    assert tt.percentages([0.1, 0.2]).tolist() == [33.0, 67.0]


def test_huge_counts_stay_exact() -> None:
    big = np.array([10**30, 10**30 + 1], dtype=object)
    assert tt.percentages(big).tolist() == [50.0, 50.0]


def test_percentage_units_are_exact_integers() -> None:
    assert percentage_units([1, 7], decimals=2).tolist() == [1250, 8750]
    with pytest.raises(tt.InvalidBaseError, match="base of zero"):
        percentage_units([0], base=0)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: tt.percentages([1], rule="nearest"), tt.UnknownMethodError, "half_up"),
        (lambda: tt.percentages([-1, 2]), tt.InvalidCountsError, "negative"),
        (lambda: tt.percentages([np.nan, 2.0]), tt.InvalidCountsError, "finite"),
        (lambda: tt.percentages([5], base=4), tt.InvalidBaseError, "larger than its base"),
        (lambda: tt.percentages([1], base=-1), tt.InvalidBaseError, "negative"),
        (lambda: tt.percentages([1], decimals=4), tt.InvalidOptionError, "0 to 3"),
        (lambda: tt.percentages([1], decimals=1.5), tt.InvalidOptionError, "whole number"),
        (lambda: tt.percentages(["a"]), tt.InvalidCountsError, "numbers"),
        (
            lambda: tt.percentages([3, 3], base=4, rule="largest_remainder"),
            tt.NotAPartitionError,
            "multi-response",
        ),
        (lambda: tt.percentages([[[1]]]), tt.InvalidCountsError, "1-D"),
        (lambda: tt.percentages([[1, 2]], base=[3, 3]), tt.InvalidBaseError, "one base per"),
    ],
)
def test_bad_input(call: object, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        call()  # type: ignore[operator]


def test_errors_are_tracktr_errors_and_builtins() -> None:
    with pytest.raises(TypeError):
        tt.percentages([-1])
    with pytest.raises(ValueError, match="rule"):
        tt.percentages([1], rule="x")  # type: ignore[arg-type]


def test_rules_constant_lists_every_rule() -> None:
    assert set(RULES) == {
        "half_up",
        "half_even",
        "half_down",
        "floor",
        "ceil",
        "largest_remainder",
        "double_half_up",
    }


@pytest.mark.parametrize(
    ("value", "kwargs", "text"),
    [
        (12.5, {}, "13%"),
        (Fraction(1, 8) * 100, {"rule": "half_even"}, "12%"),
        (0, {}, "0%"),
        (0.3, {}, "<1%"),
        (0.3, {"small": False}, "0%"),
        (0.04, {"decimals": 1}, "<0.1%"),
        (99.5, {}, ">99%"),
        (99.5, {"large": False}, "100%"),
        (100, {}, "100%"),
        (Decimal("33.25"), {"decimals": 1}, "33.3%"),
        (33.25, {"decimals": 1, "rule": "half_even"}, "33.2%"),
        (5, {"decimals": 2}, "5.00%"),
        (float("nan"), {}, "n/a"),
        (0.3, {"small": "*"}, "*"),
    ],
)
def test_format_percent(value: object, kwargs: dict[str, object], text: str) -> None:
    assert tt.format_percent(value, **kwargs) == text  # type: ignore[arg-type]


def test_format_percent_rejects_out_of_range_and_table_rules() -> None:
    with pytest.raises(tt.InvalidOptionError, match="from 0 to 100"):
        tt.format_percent(101)
    with pytest.raises(tt.InvalidOptionError, match="every share of a table"):
        tt.format_percent(10, rule="largest_remainder")


def test_inputs_are_not_mutated() -> None:
    counts = np.array([[1, 2], [3, 4]])
    base = np.array([3, 7])
    before = (counts.copy(), base.copy())
    tt.percentages(counts, base, rule="largest_remainder")
    assert np.array_equal(counts, before[0])
    assert np.array_equal(base, before[1])


# -- issue 11: format_percent() of values that are not finite numbers -------------------


@pytest.mark.parametrize(
    ("value", "match"),
    [
        (float("inf"), "must be a finite number; got inf"),
        (-np.inf, "must be a finite number"),
        ("inf", "must be a finite number; got 'inf'"),
        (Decimal("Infinity"), "must be a finite number"),
        (True, "must be a number; got True"),
        ("2,5", "must be a number; got '2,5'"),
        ([50], "must be a number"),
    ],
)
def test_format_percent_refuses_what_is_not_a_finite_number(value: object, match: str) -> None:
    with pytest.raises(tt.InvalidOptionError, match=match):
        tt.format_percent(value)


def test_format_percent_shows_missing_for_nan_and_none() -> None:
    assert tt.format_percent(float("nan")) == "n/a"
    assert tt.format_percent(np.nan, missing="-") == "-"
    assert tt.format_percent(None) == "n/a"
    assert tt.format_percent(Decimal("NaN")) == "n/a"


def test_format_percent_reads_text_exactly_as_written() -> None:
    # "12.5" is 12.5 exactly (half-up 13), as is the float 12.5; text is not a float first.
    assert tt.format_percent("12.5") == tt.format_percent(12.5) == "13%"
    assert tt.format_percent(" 33.25 ", decimals=1, rule="half_even") == "33.2%"


def test_a_series_of_bases_is_matched_to_the_rows_by_label() -> None:
    # issue 11: bases given as a Series were applied by position.
    counts = pd.DataFrame([[1, 3], [2, 2]], index=["a", "b"])
    shuffled = tt.percentages(counts, pd.Series({"b": 8, "a": 4}))
    assert shuffled.tolist() == [[25.0, 75.0], [25.0, 25.0]]
    with pytest.raises(tt.InvalidBaseError, match=r"rows \['a', 'b'\] have no base"):
        tt.percentages(counts, pd.Series([4, 8]))
    positional = tt.percentages(counts, pd.Series([4, 8]).to_numpy())
    assert positional.tolist() == shuffled.tolist()

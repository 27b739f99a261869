"""Hypothesis properties of tracktr.rounding against an exact Fraction reference."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

import tracktr as tt
from tracktr.rounding import RULES, percentage_units

SIMPLE_RULES = [r for r in RULES if r not in ("largest_remainder", "double_half_up")]


def reference(count: int, base: int, rule: str, decimals: int) -> int:
    """Round 100 * 10**decimals * count / base by `rule`, with Fractions."""
    exact = Fraction(count * 100 * 10**decimals, base)
    low = math.floor(exact)
    frac = exact - low
    half = Fraction(1, 2)
    if rule == "floor":
        return low
    if rule == "ceil":
        return math.ceil(exact)
    if rule == "half_up":
        return low + (frac >= half)
    if rule == "half_down":
        return low + (frac > half)
    if rule == "half_even":
        return low + (frac > half or (frac == half and low % 2 == 1))
    if rule == "double_half_up":
        first = reference(count, base, "half_up", decimals + 1)
        return (first + 5) // 10
    raise AssertionError(rule)


tables = st.lists(st.integers(0, 10_000), min_size=1, max_size=12).filter(lambda c: sum(c) > 0)


@given(
    st.integers(1, 100_000).flatmap(lambda b: st.tuples(st.integers(0, b), st.just(b))),
    st.sampled_from([*SIMPLE_RULES, "double_half_up"]),
    st.integers(0, 3),
)
def test_every_rule_agrees_with_exact_fractions(
    count_base: tuple[int, int], rule: str, decimals: int
) -> None:
    count, base = count_base
    got = percentage_units([count], base, rule=rule, decimals=decimals)  # type: ignore[arg-type]
    assert int(got[0]) == reference(count, base, rule, decimals)


@given(tables, st.integers(0, 2))
def test_largest_remainder_sums_to_100_and_is_floor_or_ceiling(
    counts: list[int], decimals: int
) -> None:
    units = percentage_units(counts, rule="largest_remainder", decimals=decimals)
    assert int(units.sum()) == 100 * 10**decimals
    total = sum(counts)
    for c, u in zip(counts, units, strict=True):
        exact = Fraction(c * 100 * 10**decimals, total)
        assert math.floor(exact) <= int(u) <= math.ceil(exact)


@given(tables)
def test_half_up_is_within_half_a_unit(counts: list[int]) -> None:
    total = sum(counts)
    for c, p in zip(counts, tt.percentages(counts), strict=True):
        assert abs(Fraction(p) - Fraction(100 * c, total)) <= Fraction(1, 2)


@given(st.integers(1, 5_000), st.integers(0, 3))
def test_half_up_is_monotone_in_the_count(base: int, decimals: int) -> None:
    units = percentage_units(np.arange(base + 1), base, decimals=decimals)
    assert np.all(np.diff(units) >= 0)
    assert units[0] == 0
    assert units[-1] == 100 * 10**decimals


@given(st.lists(tables, min_size=1, max_size=6), st.sampled_from(RULES))
def test_two_dimensional_equals_row_by_row(rows: list[list[int]], rule: str) -> None:
    width = max(len(r) for r in rows)
    padded = [r + [0] * (width - len(r)) for r in rows]
    together = tt.percentages(padded, rule=rule)  # type: ignore[arg-type]
    for row, result in zip(padded, together, strict=True):
        assert np.array_equal(tt.percentages(row, rule=rule), result)  # type: ignore[arg-type]


@given(tables, st.sampled_from(SIMPLE_RULES))
def test_cellwise_rules_do_not_depend_on_order(counts: list[int], rule: str) -> None:
    forward = tt.percentages(counts, rule=rule)  # type: ignore[arg-type]
    backward = tt.percentages(counts[::-1], rule=rule)  # type: ignore[arg-type]
    assert np.array_equal(forward, backward[::-1])


@given(tables)
def test_integer_valued_floats_equal_integers(counts: list[int]) -> None:
    as_floats = [float(c) for c in counts]
    assert np.array_equal(tt.percentages(as_floats), tt.percentages(counts))


@given(tables)
def test_inputs_unchanged(counts: list[int]) -> None:
    array = np.array(counts)
    copy = array.copy()
    tt.percentages(array, rule="largest_remainder")
    assert np.array_equal(array, copy)

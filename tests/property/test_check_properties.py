"""Hypothesis properties of tracktr.check against brute force over every count.

What tracktr prints must always pass the checker under the same rule, and a printed value
one unit off must be reported impossible exactly when no counts produce it.
"""

from __future__ import annotations

import itertools
from functools import cache

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

import tracktr as tt
from tracktr.rounding import RULES, percentage_units

SINGLE_RULES = [r for r in RULES if r != "largest_remainder"]


@st.composite
def count_and_base(draw: st.DrawFn, max_base: int = 3000) -> tuple[int, int]:
    base = draw(st.integers(1, max_base))
    return draw(st.integers(0, base)), base


def brute_counts(units: int, base: int, rule: str, decimals: int) -> list[int]:
    printed = percentage_units(np.arange(base + 1), base, rule=rule, decimals=decimals)  # type: ignore[arg-type]
    return [int(k) for k in np.flatnonzero(printed == units)]


@given(count_and_base(), st.sampled_from(SINGLE_RULES), st.integers(0, 2))
def test_printed_percent_passes(cb: tuple[int, int], rule: str, decimals: int) -> None:
    count, base = cb
    units = int(percentage_units([count], base, rule=rule, decimals=decimals)[0])  # type: ignore[arg-type]
    check = tt.check.percent(units / 10**decimals, base, decimals=decimals, rules=[rule])  # type: ignore[list-item]
    assert count in check.counts[rule]


@given(count_and_base(400), st.sampled_from(SINGLE_RULES), st.integers(0, 1))
def test_percent_ranges_equal_brute_force(cb: tuple[int, int], rule: str, decimals: int) -> None:
    count, base = cb
    units = int(percentage_units([count], base, rule=rule, decimals=decimals)[0])  # type: ignore[arg-type]
    top = 100 * 10**decimals
    for target in (units - 1, units, units + 1):
        if not 0 <= target <= top:
            continue
        check = tt.check.percent(target / 10**decimals, base, decimals=decimals, rules=[rule])  # type: ignore[list-item]
        expected = brute_counts(target, base, rule, decimals)
        assert list(check.counts[rule]) == expected
        # One unit off: reported impossible exactly when no count prints it.
        assert check.possible_under(rule) == bool(expected)  # type: ignore[arg-type]


@given(count_and_base(2000), st.sampled_from(SINGLE_RULES))
def test_bases_contain_the_true_base(cb: tuple[int, int], rule: str) -> None:
    count, base = cb
    units = int(percentage_units([count], base, rule=rule)[0])  # type: ignore[arg-type]
    found = tt.check.bases(count, units, rules=[rule], max_base=2000)  # type: ignore[list-item]
    assert base in found.bases[rule]


@st.composite
def partitions(draw: st.DrawFn, max_base: int = 2000, max_cells: int = 6) -> list[int]:
    cells = draw(st.integers(1, max_cells))
    counts = draw(st.lists(st.integers(0, max_base // cells), min_size=cells, max_size=cells))
    if sum(counts) == 0:
        counts[0] = 1
    return counts


@given(partitions(), st.sampled_from(RULES), st.integers(0, 1))
def test_printed_distribution_passes(counts: list[int], rule: str, decimals: int) -> None:
    base = sum(counts)
    printed = percentage_units(counts, base, rule=rule, decimals=decimals)  # type: ignore[arg-type]
    values = [int(v) / 10**decimals for v in printed]
    check = tt.check.distribution(values, base, decimals=decimals, rule=rule)  # type: ignore[arg-type]
    assert check.possible
    assert check.counts is not None
    assert sum(check.counts) == base
    again = percentage_units(list(check.counts), base, rule=rule, decimals=decimals)  # type: ignore[arg-type]
    assert again.tolist() == printed.tolist()


@given(partitions(max_base=300, max_cells=4), st.sampled_from(SINGLE_RULES))
def test_printed_distribution_fits_its_base_when_base_unknown(counts: list[int], rule: str) -> None:
    base = sum(counts)
    printed = percentage_units(counts, base, rule=rule)  # type: ignore[arg-type]
    check = tt.check.distribution(printed.tolist(), rule=rule, max_base=300)  # type: ignore[arg-type]
    assert base in check.bases


@given(partitions(max_base=300, max_cells=4), st.sampled_from(SINGLE_RULES))
def test_printed_subset_passes_incomplete(counts: list[int], rule: str) -> None:
    base = sum(counts) + 3
    printed = percentage_units(counts, base, rule=rule)  # type: ignore[arg-type]
    check = tt.check.distribution(printed.tolist(), base, complete=False, rule=rule)  # type: ignore[arg-type]
    assert check.possible


@cache
def printable(base: int, cells: int, rule: str) -> frozenset[tuple[int, ...]]:
    """Every tuple of percentages that some partition of `base` prints, by brute force."""
    vectors = [c for c in itertools.product(range(base + 1), repeat=cells - 1) if sum(c) <= base]
    counts = np.array([[*c, base - sum(c)] for c in vectors])
    units = percentage_units(counts, np.full(len(counts), base), rule=rule)  # type: ignore[arg-type]
    return frozenset(tuple(int(u) for u in row) for row in units)


@given(
    st.integers(1, 16),
    st.integers(2, 4),
    st.sampled_from(RULES),
    st.data(),
)
def test_distribution_one_unit_off_matches_brute_force(
    base: int, cells: int, rule: str, data: st.DataObject
) -> None:
    counts = data.draw(
        st.lists(st.integers(0, base), min_size=cells - 1, max_size=cells - 1).filter(
            lambda c: sum(c) <= base
        )
    )
    counts = [*counts, base - sum(counts)]
    printed = [int(v) for v in percentage_units(counts, base, rule=rule)]  # type: ignore[arg-type]
    cell = data.draw(st.integers(0, cells - 1))
    step = data.draw(st.sampled_from([-1, 1]))
    off = list(printed)
    off[cell] += step
    if not 0 <= off[cell] <= 100:
        return
    check = tt.check.distribution(off, base, rule=rule)  # type: ignore[arg-type]
    assert check.possible == (tuple(off) in printable(base, cells, rule))
    if check.possible:
        assert check.counts is not None
        again = percentage_units(list(check.counts), base, rule=rule)  # type: ignore[arg-type]
        assert again.tolist() == off

"""Hypothesis properties of tracktr.check against brute force over every count.

What tracktr prints must always pass the checker under the same rule, and a printed value
one unit off must be reported impossible exactly when no counts produce it.
"""

from __future__ import annotations

import itertools
from functools import cache

import numpy as np
from hypothesis import given, settings
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
    # Largest remainder leaves ties open (tt.rounding gives them to the earlier cell): a
    # report may list its cells in any order, so every order's rounding is printable.
    orders = itertools.permutations(range(cells)) if rule == "largest_remainder" else [None]
    found: set[tuple[int, ...]] = set()
    for order in orders:
        at = list(range(cells)) if order is None else list(order)
        units = percentage_units(counts[:, at], np.full(len(counts), base), rule=rule)  # type: ignore[arg-type]
        back = np.empty_like(units)
        back[:, at] = units
        found.update(tuple(int(u) for u in row) for row in back)
    return frozenset(found)


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


# -- closed forms against brute force (issue 11: no check may loop over counts or bases) --


def brute_single(units: int, base: int, rule: str, decimals: int) -> list[int]:
    """Counts printing as `units`; a largest-remainder cell is its floor or its ceiling."""
    if rule != "largest_remainder":
        return brute_counts(units, base, rule, decimals)
    floor = percentage_units(np.arange(base + 1), base, rule="floor", decimals=decimals)
    ceil = percentage_units(np.arange(base + 1), base, rule="ceil", decimals=decimals)
    return [int(k) for k in np.flatnonzero((floor == units) | (ceil == units))]


@given(st.integers(1, 500), st.data(), st.sampled_from(RULES), st.integers(0, 1))
def test_percent_closed_form_equals_brute_force_up_to_500(
    base: int, data: st.DataObject, rule: str, decimals: int
) -> None:
    units = data.draw(st.integers(0, 100 * 10**decimals))
    check = tt.check.percent(units / 10**decimals, base, decimals=decimals, rules=[rule])  # type: ignore[list-item]
    assert list(check.counts[rule]) == brute_single(units, base, rule, decimals)
    # nearest(): the largest count printing below and the smallest printing above.
    single = "floor" if rule == "largest_remainder" else rule
    printed = percentage_units(np.arange(base + 1), base, rule=single, decimals=decimals)  # type: ignore[arg-type]
    below = np.flatnonzero(printed < units)[-1:].tolist()
    above = np.flatnonzero(printed > units)[:1].tolist()
    expected = tuple((k, int(printed[k]) / 10**decimals) for k in [*below, *above])
    assert check.nearest(rule) == expected  # type: ignore[arg-type]


@given(st.integers(0, 300), st.integers(0, 100), st.sampled_from(RULES))
def test_bases_closed_form_equals_brute_force(count: int, value: int, rule: str) -> None:
    found = tt.check.bases(count, value, rules=[rule], max_base=300).bases[rule]  # type: ignore[list-item]
    bases = np.arange(max(count, 1), 301)
    counts = np.full((bases.size, 1), count)
    printed = {
        r: percentage_units(counts, bases, rule=r)[:, 0]  # type: ignore[arg-type]
        for r in ({"floor", "ceil"} if rule == "largest_remainder" else {rule})
    }
    hit = np.zeros(bases.size, dtype=bool)
    for values in printed.values():
        hit |= values == value
    expected = tuple(int(b) for b in bases[hit])
    assert found == expected
    assert tuple(found) == expected
    assert len(found) == len(expected)


@given(
    st.lists(st.integers(0, 100), min_size=1, max_size=4),
    st.sampled_from(SINGLE_RULES),
    st.booleans(),
)
def test_distribution_bases_equal_base_by_base(
    values: list[int], rule: str, complete: bool
) -> None:
    found = tt.check.distribution(values, rule=rule, complete=complete, max_base=60)  # type: ignore[arg-type]
    expected = tuple(
        b
        for b in range(1, 61)
        if tt.check.distribution(values, b, rule=rule, complete=complete).possible  # type: ignore[arg-type]
    )
    assert found.bases == expected
    if expected:
        assert found.counts is not None
        again = percentage_units(list(found.counts), expected[0], rule=rule)  # type: ignore[arg-type]
        assert [int(v) for v in again] == values or not complete


@given(st.integers(2, 3), st.data())
def test_largest_remainder_bases_equal_brute_force(cells: int, data: st.DataObject) -> None:
    base = data.draw(st.integers(1, 16))
    counts = data.draw(
        st.lists(st.integers(0, base), min_size=cells - 1, max_size=cells - 1).filter(
            lambda c: sum(c) <= base
        )
    )
    printed = [
        int(v)
        for v in percentage_units([*counts, base - sum(counts)], base, rule="largest_remainder")
    ]
    found = tt.check.distribution(printed, rule="largest_remainder", max_base=16)
    expected = tuple(
        b for b in range(1, 17) if tuple(printed) in printable(b, cells, "largest_remainder")
    )
    assert found.bases == expected


@given(st.lists(st.integers(0, 100), min_size=2, max_size=5), st.integers(200, 5000))
def test_every_partition_of_100_fits_largest_remainder_from_two_hundred(
    shares: list[int], base: int
) -> None:
    # The closed form counts every base from 2 * 100 on as fitting a partition of 100%;
    # check that a witness exists and rounds back for random such bases.
    if sum(shares) == 0:
        return
    units = list(shares)
    units[-1] += 100 - sum(units)
    if units[-1] < 0:
        return
    check = tt.check.distribution(units, base, rule="largest_remainder")
    assert check.possible
    assert check.counts is not None
    again = percentage_units(list(check.counts), base, rule="largest_remainder")
    assert [int(v) for v in again] == units


@st.composite
def base_sets(draw: st.DrawFn) -> tuple[tt.check.BaseSet, list[int]]:
    step = draw(st.integers(1, 7))
    explicit = sorted(set(draw(st.lists(st.integers(1, 30), max_size=5))))
    first, last, members = [], [], set(explicit)
    for residue in range(step):
        if draw(st.booleans()):
            start = 31 + residue + step * draw(st.integers(0, 5))
            stop = start + step * draw(st.integers(0, 8))
            first.append(start)
            last.append(stop)
            members.update(range(start, stop + 1, step))
    return tt.check.BaseSet(explicit, step=step, first=first, last=last), sorted(members)


@given(base_sets(), st.integers(-5, 120))
def test_base_set_behaves_like_the_sorted_tuple(
    case: tuple[tt.check.BaseSet, list[int]], probe: int
) -> None:
    from tracktr.check._baseset import _spans

    found, members = case
    assert len(found) == len(members)
    assert list(found) == members
    assert found == tuple(members)
    assert (probe in found) == (probe in members)
    assert [found[i] for i in range(-len(members), len(members))] == members * 2
    assert found[:3] == tuple(members[:3])
    assert _spans(found) == _spans(members)


@settings(max_examples=80)  # each example searches 99 bases one by one
@given(st.lists(st.integers(0, 100), min_size=1, max_size=4), st.integers(0, 1))
def test_largest_remainder_scan_equals_base_by_base_search(shares: list[int], extra: int) -> None:
    from tracktr.check._distribution import _lr_fits, _lr_witness

    units = list(shares)
    units[-1] = max(0, units[-1] + 100 - sum(units)) + extra  # usually a partition of 100
    bases = np.arange(1, 100, dtype=np.int64)
    expected = [b for b in range(1, 100) if _lr_witness(units, b, 0) is not None]
    assert _lr_fits(units, bases, 0) == expected

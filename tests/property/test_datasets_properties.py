"""Properties of the dataset generator's count solver (tracktr.datasets._solve)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

import tracktr as tt
from tracktr.datasets._solve import Part, near, pct, solve, solve_one


@st.composite
def partitions(draw: st.DrawFn) -> tuple[int, list[int]]:
    """A base and counts of 2-6 options summing to it."""
    base = draw(st.integers(1, 200))
    k = draw(st.integers(2, 6))
    cuts = sorted(draw(st.lists(st.integers(0, base), min_size=k - 1, max_size=k - 1)))
    counts = [b - a for a, b in zip([0, *cuts], [*cuts, base], strict=True)]
    return base, counts


def units(counts: list[int], base: int) -> list[int]:
    return [int(u) for u in tt.rounding.percentage_units(counts, base)]


@given(partitions())
def test_percentages_printed_from_real_counts_are_always_solved_exactly(
    case: tuple[int, list[int]],
) -> None:
    base, counts = case
    printed = units(counts, base)
    parts = [Part(str(i), (pct(p),)) for i, p in enumerate(printed)]
    solved = solve(parts, base)
    got = [solved[str(i)] for i in range(len(counts))]
    assert sum(got) == base
    assert units(got, base) == printed


@given(
    st.integers(1, 200),
    st.lists(st.integers(0, 100), min_size=2, max_size=6),
)
def test_any_printed_percentages_give_counts_that_sum_to_the_base(
    base: int, printed: list[int]
) -> None:
    parts = [Part(str(i), (pct(p),)) for i, p in enumerate(printed)]
    solved = solve(parts, base)
    assert sum(solved.values()) == base
    assert all(c >= 0 for c in solved.values())


@given(st.integers(1, 200), st.integers(0, 100))
def test_one_option_hits_the_percentage_whenever_some_count_does(base: int, printed: int) -> None:
    c = solve_one((pct(printed), near(printed)), base)
    possible = printed in units(list(range(base + 1)), base)
    assert (units([c], base)[0] == printed) == possible

"""A two-way table published both ways round: ``crosstab(q, g)`` beside ``crosstab(g, q)``.

The count of option ``a`` in group ``x`` of one is the count of ``x`` in group ``a`` of
the other, and a reader matches them by their labels. The reader here is written apart
from the suppression code: its unknowns are the cells of the one table of ``q`` by
``g`` (the data have no missing answers, so every printed number is a sum of them), it
fixes every number either table prints, and solves linear programmes with scipy's
``linprog`` for the smallest and largest value of every sensitive count.

Before the model linked them, the two tables' cells were separate numbers: the solver
hid a different rectangle in each, and the reader recovered hidden counts (a hidden 1
exactly) from what the other printed.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

import tracktr as tt
from tracktr.disclosure import _model

THRESHOLD = 5
ALL = "All"
FAST = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)


def frame_of(counts: list[list[int]]) -> pd.DataFrame:
    """One respondent per count: option ``o{i}`` of q, group ``g{j}`` of g."""
    rows = [
        (f"o{i}", f"g{j}")
        for i, line in enumerate(counts)
        for j, n in enumerate(line)
        for _ in range(n)
    ]
    return pd.DataFrame(rows, columns=["q", "g"])


def read_and_solve(
    df: pd.DataFrame, published: Sequence[tt.disclosure.Suppression]
) -> dict[tuple[str, str], tuple[float, float, float]]:
    """Return {(a, x): (true count, low, high)} for every sensitive cell of q by g."""
    at, truth, a_eq, rhs = printed_equations(df, published)
    out = {}
    for (a, x), k in at.items():
        if not 0 < truth[k] < THRESHOLD:
            continue
        low, top = solve_for(a_eq, rhs, {k: 1.0})
        out[(a, x)] = (float(truth[k]), low, top)
    return out


def solve_for(a_eq: np.ndarray, rhs: list[float], terms: dict[int, float]) -> tuple[float, float]:
    """The smallest and largest whole value of a sum of cells the reader can prove."""
    objective = np.zeros(a_eq.shape[1])
    for k, weight in terms.items():
        objective[k] = weight
    low = linprog(objective, A_eq=a_eq, b_eq=rhs, bounds=(0, None))
    high = linprog(-objective, A_eq=a_eq, b_eq=rhs, bounds=(0, None))
    assert low.status == 0, low.message
    top = math.inf if high.status == 3 else math.floor(-high.fun + 1e-7)
    return float(math.ceil(low.fun - 1e-7)), float(top)


def printed_equations(
    df: pd.DataFrame, published: Sequence[tt.disclosure.Suppression]
) -> tuple[dict[tuple[str, str], int], np.ndarray, np.ndarray, list[float]]:
    """The cells of q by g (index, true counts) and what the published set prints of them.

    The reader knows every number printed by any table of the set (q by g, g by q, and
    the one-way tables of q or g), each a sum of cells of the one table of q by g.
    """
    options = sorted(df["q"].unique())
    groups = sorted(df["g"].unique())
    cells = [(a, x) for a in options for x in groups]
    at = {cell: k for k, cell in enumerate(cells)}
    truth = np.array([float(((df["q"] == a) & (df["g"] == x)).sum()) for a, x in cells])
    rows: list[np.ndarray] = []
    rhs: list[float] = []

    def printed(members: list[tuple[str, str]], value: float) -> None:
        row = np.zeros(len(cells))
        row[[at[m] for m in members]] = 1.0
        rows.append(row)
        rhs.append(value)

    for result in published:
        table = result.table
        by_q = table.question == "q"

        def members(line: str, column: str, *, by_q: bool = by_q) -> list[tuple[str, str]]:
            # `line` is an option of the table's question; `column` a group or All.
            if by_q:
                return [(line, x) for x in groups if column in (ALL, x)]
            return [(a, line) for a in options if column in (ALL, a)]

        for r in table.counts.index:
            for c in table.counts.columns:
                if not result.suppressed.loc[r, c]:
                    printed(members(str(r), str(c)), float(table.counts.loc[r, c]))
        for c in table.bases.index:
            if not result.suppressed_bases[c]:
                inside = (
                    cells if c == ALL else [m for r in table.counts.index for m in members(r, c)]
                )
                printed(inside, float(table.bases[c]))
    return at, truth, np.array(rows), rhs


def exposed(df: pd.DataFrame, published: Sequence[tt.disclosure.Suppression]) -> list[str]:
    """The sensitive cells the reader narrows below the protection level or the threshold."""
    return [
        f"{cell} = {value:g} narrowed to [{low:g}, {high:g}]"
        for cell, (value, low, high) in read_and_solve(df, published).items()
        if high - low < THRESHOLD or high < THRESHOLD
    ]


def both_ways(df: pd.DataFrame, **options: Any) -> tt.disclosure.ProtectedSet:
    return tt.disclosure.protect([tt.crosstab(df, "q", "g"), tt.crosstab(df, "g", "q")], **options)


def assert_hidden_alike(
    published: Sequence[tt.disclosure.Suppression], first: int, second: int
) -> None:
    """A cell is hidden in one table exactly where it is hidden in the other."""
    mine, theirs = published[first].suppressed, published[second].suppressed
    for a in mine.index:
        for x in mine.columns:
            if x != ALL:
                assert mine.loc[a, x] == theirs.loc[x, a], (a, x)


# -- known cases: a reader undid the protection before the link --------------------------------

CASES = {
    # Two tables: the reader narrowed hidden 2s (of q "o3" / "o4" in group "g0") to [0, 4].
    "two tables": ([[3, 5, 8, 3], [0, 8, 5, 2], [2, 5, 5, 3], [1, 2, 1, 1], [0, 2, 4, 0]], False),
    # Two tables: a hidden 4 pinned exactly.
    "a pinned 4": ([[3, 7, 5, 4], [0, 7, 6, 4], [0, 2, 1, 2], [0, 3, 2, 3]], False),
    # With the one-way table of q: a hidden 1 pinned exactly.
    "a pinned 1": ([[1, 5, 5, 5], [0, 6, 5, 2], [1, 5, 0, 3], [0, 1, 1, 0], [1, 1, 1, 1]], True),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_table_published_both_ways_round_holds_against_the_reader(case: str) -> None:
    counts, with_total = CASES[case]
    df = frame_of(counts)
    tables = [tt.crosstab(df, "q", "g"), tt.crosstab(df, "g", "q")]
    if with_total:
        tables.append(tt.frequencies(df, "q"))
    published = tt.disclosure.protect(tables, method="heuristic")
    assert published.met
    assert not exposed(df, published)
    assert_hidden_alike(published, 0, 1)


def test_the_two_tables_print_the_same_numbers_in_the_model() -> None:
    df = frame_of(CASES["two tables"][0])
    first, second = tt.crosstab(df, "q", "g"), tt.crosstab(df, "g", "q")
    model = _model.build([first, second])
    for i, a in enumerate(first.counts.index):
        for j, x in enumerate(first.counts.columns):
            if x == ALL:
                continue
            k = model.positions[0][("count", i, j)]
            there = (list(second.counts.index).index(x), list(second.counts.columns).index(a))
            assert model.positions[1][("count", *there)] == k
            assert model.tables[k] == {0, 1}
    # The margins were matched before (a group's base is its count in the other table).
    assert model.positions[1][("base", 0, -1)] == model.positions[0][("count", 0, 4)]


def test_the_audit_of_each_table_is_the_readers() -> None:
    df = frame_of(CASES["a pinned 4"][0])
    published = both_ways(df, method="heuristic")
    found = read_and_solve(df, published)
    audit = published[0].audit()
    for (a, x), (_, low, high) in found.items():
        row = audit[(audit["row"] == a) & (audit["column"] == x)].iloc[0]
        assert (row["low"], row["high"]) == (low, high)
        assert row["met"]


@settings(FAST, max_examples=30)
@given(
    counts=st.integers(3, 5).flatmap(
        lambda r: st.integers(3, 4).flatmap(
            lambda c: st.lists(
                st.lists(st.integers(0, 9), min_size=c, max_size=c), min_size=r, max_size=r
            )
        )
    ),
    method=st.sampled_from(["heuristic", "milp"]),
)
def test_random_tables_published_both_ways_hold(counts: list[list[int]], method: str) -> None:
    # Before the link, 40 examples found a hidden 1 pinned exactly (milp, counts
    # [[0, 2, 1], [3, 1, 5], [3, 4, 5]]) and cells hidden in one table only.
    df = frame_of(counts)
    if df["q"].nunique() < 2 or df["g"].nunique() < 2:
        return
    tables = [tt.crosstab(df, "q", "g"), tt.crosstab(df, "g", "q")]
    model = _model.build(tables)
    values = model.array()
    for _, terms in model.equations:  # every link the model grants the reader is true
        assert abs(sum(c * values[k] for k, c in terms.items())) < 1e-9
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tt.DisclosureWarning)  # cycles of no interest here
        published = tt.disclosure.protect(tables, method=method, time_limit=0.5)
    assert published.met
    assert not exposed(df, published)
    assert_hidden_alike(published, 0, 1)


# -- tables that cannot be linked ---------------------------------------------------------------


def test_the_same_table_of_other_respondents_warns() -> None:
    df = frame_of(CASES["two tables"][0])
    some = df.iloc[::2]  # a filter: each count at most the full table's
    with pytest.warns(tt.DisclosureWarning, match="both ways round, but of other respondents"):
        published = tt.disclosure.protect([tt.crosstab(df, "q", "g"), tt.crosstab(some, "g", "q")])
    assert published.met


def test_other_questions_that_share_labels_neither_link_nor_warn() -> None:
    # q by g and h by k with the same labels: neither table's counts are within the
    # other's, so they are not the same table of other respondents. No link, no warning
    # (the suite turns warnings into errors).
    df, other = frame_of([[6, 1], [2, 9]]), frame_of([[1, 7], [8, 3]])
    model = _model.build([tt.crosstab(df, "q", "g"), tt.crosstab(other, "g", "q")])
    assert model.positions[0][("count", 0, 1)] != model.positions[1][("count", 1, 0)]


def test_a_weighted_and_an_unweighted_table_are_not_one_table() -> None:
    df = frame_of(CASES["two tables"][0]).assign(w=lambda d: 1.0 + (d.index % 3) / 2)
    weighted = tt.crosstab(df, "q", "g", weights="w")
    with pytest.warns(tt.DisclosureWarning, match="both ways round"):
        model = _model.build([weighted, tt.crosstab(df, "g", "q")])
    assert model.tables[model.positions[0][("count", 0, 0)]] == {0}


def test_the_warning_is_a_user_warning() -> None:
    assert issubclass(tt.DisclosureWarning, tt.TracktrWarning)
    assert issubclass(tt.TracktrWarning, UserWarning)


# -- tab books: a banner's own section by another banner -----------------------------------------


def test_a_tab_book_of_two_banners_that_are_sections_holds() -> None:
    # Banners q and g, sections q and g: section q by banner g is section g by banner q
    # transposed. Before, the book hid a different pattern in each and a reader matching
    # them pinned a hidden 3 (o3 in g2) exactly, while the audit said every requirement met.
    df = frame_of([[12, 8, 2], [2, 4, 1], [6, 6, 3], [8, 8, 3]])
    survey = tt.Survey.from_dict(
        {
            "title": "T",
            "questions": [
                {"id": q, "type": "single", "text": f"{q}?", "options": sorted(df[q].unique())}
                for q in ("q", "g")
            ],
        }
    )
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*closes a cycle", category=UserWarning)
        book = tt.tabbook(
            df, survey, banners=["q", "g"], threshold=THRESHOLD, protection={"method": "heuristic"}
        )
    assert book.disclosure is not None
    assert book.disclosure.met
    both = [
        result
        for (section, banner, holds), result in zip(
            book.disclosure.sources, book.disclosure.protected, strict=True
        )
        if holds == "options" and section != banner
    ]
    assert [result.table.question for result in both] == ["q", "g"]
    assert not exposed(df, both)
    assert_hidden_alike(both, 0, 1)


@pytest.mark.parametrize("first", ["q", "g"])
@pytest.mark.parametrize("method", ["heuristic", "milp"])
def test_a_cell_full_in_either_table_is_protected(first: str, method: str) -> None:
    # Every organisation answering o0 is in group g0: crosstab(g, q) prints g0 as 100% of
    # o0, while in crosstab(q, g) the same cell is 10 of g0's 21. The model kept one base
    # per shared cell, that of the table listed first: listed first, crosstab(q, g) left
    # the 100% unprotected (nothing hidden, requirements "met"); the other way, 4 hidden.
    df = frame_of([[10, 0, 0], [5, 12, 7], [6, 6, 6]])
    ways = [("q", "g"), ("g", "q")] if first == "q" else [("g", "q"), ("q", "g")]
    tables = [tt.crosstab(df, *way) for way in ways]
    published = tt.disclosure.protect(tables, full="protect", method=method)
    assert published.met
    at, _, a_eq, rhs = printed_equations(df, published)
    # The reader cannot prove that no o0 is outside g0.
    _, most_outside = solve_for(a_eq, rhs, {at[("o0", "g1")]: 1.0, at[("o0", "g2")]: 1.0})
    assert most_outside > 0
    assert_hidden_alike(published, 0, 1)

"""Comparisons, round 5: overlapping columns kept as a field, a group named "All", a 2x2
table with a zero margin, and Fisher's exact test at any base size."""

from __future__ import annotations

import copy
import dataclasses
import math
import pickle
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

import tracktr as tt
from tracktr.compare._letters import _fisher

# -- 1. overlapping columns: a field of the table, not the text of a note -------------------


def _ticks() -> pd.DataFrame:
    x = np.array([1] * 104 + [0] * 96)
    return pd.DataFrame(
        {
            "x": x,
            "y": 1 - x,
            "p": np.ones(200, int),
            "q": [0] * 20 + [1] * 180,
            "r": [1, 0] * 100,
            "g": ["u", "v"] * 100,
        }
    )


def _crossed(*, total: bool = True, data: pd.DataFrame | None = None) -> tt.Table:
    return tt.multi_crosstab(
        _ticks() if data is None else data, "rows", "cols",
        row_columns=["x", "y"], row_options=["X", "Y"],
        column_columns=["p", "q", "r"], column_options=["P", "Q", "R"], total=total,
    )  # fmt: skip


def _without_notes(table: tt.Table) -> tt.Table:
    return dataclasses.replace(table, extra_notes=())


def _columns(table: tt.Table, keep: list[str]) -> tt.Table:
    return dataclasses.replace(
        table, counts=table.counts[keep], bases=table.bases[keep], extra_notes=()
    )


def _fields_copy(table: tt.Table) -> tt.Table:
    values = {f.name: getattr(table, f.name) for f in dataclasses.fields(table)}
    return tt.Table(**{**values, "extra_notes": ()})


def _combined(table: tt.Table) -> tt.Table:
    data = _ticks()
    parts = [_without_notes(_crossed(data=data.iloc[:100])), _crossed(data=data.iloc[100:])]
    return tt.combine(parts)


KEEPING_COLUMNS: dict[str, Callable[[tt.Table], tt.Table]] = {
    "notes dropped": _without_notes,
    "notes edited": lambda t: dataclasses.replace(t, extra_notes=("Columns: options of cols.",)),
    "with_notes": lambda t: _without_notes(t).with_notes("Synthetic."),
    "with_rounding": lambda t: _without_notes(t).with_rounding(decimals=1),
    "a subset of columns": lambda t: _columns(t, ["P", "Q"]),
    "the columns reordered": lambda t: _columns(t, ["Q", "All", "P"]),
    "pickled": lambda t: pickle.loads(pickle.dumps(_without_notes(t))),
    "deep copy": lambda t: copy.deepcopy(_without_notes(t)),
    "copy": lambda t: copy.copy(_without_notes(t)),
    "Table(**fields)": _fields_copy,
    "tt.combine": _combined,
}


def test_multi_crosstab_marks_its_columns_as_overlapping() -> None:
    # Old: Table had no such field; the only mark was the text of a note.
    assert _crossed().overlapping_columns is True
    assert _crossed(total=False).overlapping_columns is True
    df = pd.DataFrame({"q": ["a", "b", "a"], "g": ["x", "y", "y"]})
    assert tt.frequencies(df, "q", by="g").overlapping_columns is False
    plain = tt.Table(counts=pd.DataFrame({"n": [1]}), bases=pd.Series({"n": 1}))
    assert plain.overlapping_columns is False


def test_the_note_is_kept_for_readers() -> None:
    assert any("in several columns" in note for note in _crossed().notes)


@pytest.mark.parametrize("path", list(KEEPING_COLUMNS))
def test_every_path_that_keeps_the_columns_keeps_the_mark(path: str) -> None:
    # Old: compare_table() read the mark from a note ending with OVERLAP_NOTE; each path
    # here drops or edits that note, and P (200) against Q (180, all of them in P) was
    # then tested as two independent samples (chi-square p = 0.299 for X).
    kept = KEEPING_COLUMNS[path](_crossed())
    assert kept.overlapping_columns is True
    with pytest.raises(tt.InvalidOptionError, match=r"overlap(?s:.*)independent(?s:.*)Hint:"):
        tt.compare_table(kept)


@pytest.mark.parametrize("against", ["pairs", "rest", "total"])
def test_overlapping_columns_are_refused_whatever_the_comparison(against: str) -> None:
    # Old: with the note gone, against="total" tested P, Q and R each "against the rest".
    with pytest.raises(tt.InvalidOptionError, match="overlap"):
        tt.compare_table(_without_notes(_crossed()), against=against)  # type: ignore[arg-type]
    with pytest.raises(tt.InvalidOptionError, match="overlap"):
        tt.compare_table(_without_notes(_crossed(total=False)), total=False)


def test_the_views_keep_the_mark() -> None:
    table = _without_notes(_crossed())
    assert tt.total_percentages(table).overlapping_columns is True
    assert tt.row_percentages(table).overlapping_columns is True


def test_overlapping_columns_are_refused_before_their_nets_are_counted() -> None:
    # Old: the nets were counted by `by` from the ticks and that table checked instead of
    # the one given: KeyError 'u' (a crash) rather than the reason.
    with pytest.raises(tt.InvalidOptionError, match="overlap"):
        tt.compare_table(
            _without_notes(_crossed()), nets={"Any": ["X", "Y"]}, design=tt.Design(),
            data=_ticks(), by="g", columns=["x", "y"],
        )  # fmt: skip


@given(
    keep=st.lists(st.sampled_from(["P", "Q", "R", "All"]), min_size=2, max_size=4, unique=True),
    notes=st.lists(st.text(max_size=20), max_size=2),
)
def test_any_copy_with_other_columns_and_notes_keeps_the_mark(
    keep: list[str], notes: list[str]
) -> None:
    table = _crossed()
    kept = dataclasses.replace(
        table, counts=table.counts[keep], bases=table.bases[keep], extra_notes=tuple(notes)
    )
    assert kept.overlapping_columns is True
    if len([c for c in keep if c != "All"]) >= 2:
        with pytest.raises(tt.InvalidOptionError, match="overlap"):
            tt.compare_table(kept)


def test_the_mark_is_true_or_false() -> None:
    # Old: no such field (TypeError for the keyword).
    with pytest.raises(tt.InvalidOptionError, match="`overlapping_columns` must be True or False"):
        tt.Table(
            counts=pd.DataFrame({"n": [1]}),
            bases=pd.Series({"n": 1}),
            overlapping_columns="yes",  # type: ignore[arg-type]
        )


def test_tables_that_differ_only_in_the_mark_are_not_equal() -> None:
    table = _crossed()
    assert table == dataclasses.replace(table)
    assert table != dataclasses.replace(table, overlapping_columns=False)


# -- 1b. a group named "All" ------------------------------------------------------------------


def _all_as_a_group() -> pd.DataFrame:
    # Three groups of the data, one of them really called "All" (the largest).
    return pd.DataFrame(
        {
            "q": ["a"] * 30 + ["b"] * 20 + ["a"] * 4 + ["b"] * 6 + ["a"] * 3 + ["b"] * 7,
            "g": ["All"] * 50 + ["x"] * 10 + ["y"] * 10,
        }
    )


def test_compare_groups_refuses_a_group_named_all_even_when_total_is_false() -> None:
    # Old: the group "All" was taken for the whole sample: it was left out of the pairs,
    # and only x against y was tested (groups ('x', 'y'), total 'All'). "All" is the
    # label of the total everywhere, so a group of that name is refused where it is made.
    with pytest.raises(tt.InvalidOptionError, match=r"group called 'All'"):
        tt.compare_groups(_all_as_a_group(), "q", "g", total=False)


def test_a_group_named_all_with_fewer_than_the_groups_together_is_refused() -> None:
    # "All" (70) holds each group's cells, but not the 8 + 8 of option a of x and y
    # together: it cannot be the whole sample of disjoint groups. Old: read as the total,
    # x and y tested against "the rest" of 70, a rest with 2 of option a.
    table = tt.Table(
        counts=pd.DataFrame({"x": [8, 22], "y": [8, 22], "All": [10, 60]}, index=["a", "b"]),
        bases=pd.Series({"x": 30, "y": 30, "All": 70}),
        question="q",
    )
    with pytest.raises(tt.InvalidOptionError, match=r"'All'(?s:.*)total=False"):
        tt.compare_table(table, against="rest")
    assert tt.compare_table(table, total=False).groups == ("x", "y", "All")


def test_a_real_total_with_respondents_outside_the_groups_is_still_the_total() -> None:
    # frequencies(by=...) puts a respondent with no group in "All" only: it is larger than
    # the groups together, as a whole sample may be.
    df = pd.DataFrame({"q": ["a", "b", "a", "b", "a", "a"], "g": ["x", "x", "y", "y", None, None]})
    result = tt.compare_table(tt.frequencies(df, "q", by="g"), against="total")
    assert result.total == "All"
    assert result.groups == ("x", "y")


def test_compare_table_never_takes_a_tabulated_group_named_all_for_the_total() -> None:
    # Old: tabulated as a group "All", which compare_table() then took for the total of
    # the groups when it held more than them. Refused where it is made, every table kind.
    with pytest.raises(tt.InvalidOptionError, match="take it for the total"):
        tt.frequencies(_all_as_a_group(), "q", by="g", total=False)


def test_multi_crosstab_refuses_a_column_option_named_all_beside_its_total() -> None:
    # Old: "a Table's columns must have distinct labels; ['All'] occur twice.", which
    # named neither the set nor the way out.
    with pytest.raises(tt.InvalidOptionError, match=r"'cols'.*'All'(?s:.*)total=False"):
        tt.multi_crosstab(
            _ticks(), "rows", "cols", row_columns=["x", "y"], row_options=["X", "Y"],
            column_columns=["p", "q"], column_options=["All", "Q"],
        )  # fmt: skip


# -- 2. a zero margin: no test possible -------------------------------------------------------


ZERO_MARGINS = [(0, 10, 0, 20), (10, 10, 20, 20), (0, 5, 0, 500), (0, 10, 0, 30)]


@pytest.mark.parametrize(("x1", "n1", "x2", "n2"), ZERO_MARGINS)
def test_a_zero_margin_says_no_test_is_possible(x1: int, n1: int, x2: int, n2: int) -> None:
    # Old: test "fisher" with statistic NaN (scipy's odds ratio, 0/0), testable unknown,
    # and "fisher p = 1" printed as if a test had been run; no note said why.
    result = tt.compare_proportions(x1, n1, x2, n2)
    assert result.testable is False
    assert result.p_value == 1.0  # the only table with these margins is the one observed
    assert math.isnan(result.statistic)
    assert "no test possible" in repr(result)
    assert "fisher p" not in repr(result)
    assert "nan" not in repr(result).lower()
    untested = [note for note in result.notes if note.startswith("No test possible")]
    assert len(untested) == 1
    assert "1/2 added to every cell" in untested[0]  # the ratios' only source, said so
    frame = result.to_frame()
    assert frame["p_value"].dropna().eq(1.0).all()
    assert not frame[["estimate", "ci_low", "ci_high"]].isna().any().any()


def test_a_forced_chi_square_with_a_zero_margin_is_no_test_either() -> None:
    # Old: chi2 statistic 0.0 and p = 1 as if tested.
    result = tt.compare_proportions(0, 10, 0, 20, test="chi2")
    assert result.testable is False
    assert math.isnan(result.statistic)
    assert result.p_value == 1.0


def test_effective_counts_rounded_to_a_zero_margin_say_so() -> None:
    # Fisher's test takes whole numbers: 0.3 and 0.2 round to 0 and 0. Old: test
    # "fisher", p = 1, statistic NaN, with only the note that counts were rounded.
    result = tt.compare_proportions(0.3, 10, 0.2, 20, test="fisher")
    assert result.testable is False
    assert any("rounded" in note for note in result.notes if note.startswith("No test"))


@given(
    n1=st.integers(1, 10_000),
    n2=st.integers(1, 10_000),
    everyone=st.booleans(),
    nested=st.booleans(),
)
def test_every_zero_margin_is_no_test_and_every_other_table_is_tested(
    n1: int, n2: int, everyone: bool, nested: bool
) -> None:
    if nested:
        n2 = n1 + n2
    x1, x2 = (n1, n2) if everyone else (0, 0)
    result = tt.compare_proportions(x1, n1, x2, n2, nested=nested)
    assert (result.testable, result.p_value) == (False, 1.0)
    assert math.isnan(result.statistic)
    # One respondent moved across the margin: a table with every margin above 0.
    y1, y2 = (n1 - 1, n2 - 1 if nested else n2) if everyone else (1, 1 if nested else 0)
    other = tt.compare_proportions(y1, n1, y2, n2, nested=nested)
    assert other.testable is True
    assert not math.isnan(other.statistic)


def _nobody_chose_c() -> tt.Table:
    return tt.Table(
        counts=pd.DataFrame({"A": [30, 10, 0], "B": [15, 25, 0]}, index=["a", "b", "c"]),
        bases=pd.Series({"A": 40, "B": 40}),
        question="q",
    )


def test_compare_table_names_the_options_it_could_not_test() -> None:
    # Old: option c (nobody in A or B chose it) read test "fisher" and p 1, as if tested,
    # and no note said otherwise.
    result = tt.compare_table(_nobody_chose_c())
    frame = result.to_frame().set_index("option")
    assert frame.loc["c", "test"] == "none"
    assert frame.loc["c", "p_value"] == 1.0
    assert frame.loc["a", "test"] == "chi2"
    assert any("No test possible" in note and "'c'" in note for note in result.notes)


def test_every_printed_output_of_an_untested_option_is_honest(tmp_path: Path) -> None:
    # Old: the Markdown report said nothing of option c's test; nothing printed "nan".
    result = tt.compare_table(_nobody_chose_c())
    # write_report() documents GroupComparison, but its Publishable protocol also asks for
    # to_markdown(), which GroupComparison lacks (report.py lays it out instead).
    published: list[Any] = [result]
    markdown = tt.io.write_report(published, tmp_path / "r.md").read_text(encoding="utf-8")
    html = tt.io.write_report(published, tmp_path / "r.html").read_text(encoding="utf-8")
    printed = [repr(result), result.display().to_string(), markdown, html]
    for text in printed:
        assert "nan" not in text.lower()
    assert "No test possible for ['c']" in markdown
    assert "No test possible for [&#x27;c&#x27;]" in html


# -- 3. Fisher's exact test at any base ------------------------------------------------------


def fisher_p_value(a: int, b: int, c: int, d: int) -> float:
    # Imported here: the old code had no such function (every test of this part fails).
    from tracktr.compare._tests import fisher_p_value as p_value

    return p_value(a, b, c, d)


def _exact_fisher(a: int, b: int, c: int, d: int) -> float:
    """Two-sided Fisher p-value in exact integers: the tables no more likely than `a`."""
    r1, r2, c1 = a + b, c + d, a + c
    support = range(max(0, c1 - r2), min(r1, c1) + 1)
    weight = {x: math.comb(r1, x) * math.comb(r2, c1 - x) for x in support}
    tail = sum(w for w in weight.values() if w <= weight[a])
    return float(Fraction(tail, sum(weight.values())))


tables = st.tuples(*[st.integers(0, 60)] * 4)


@given(tables)
def test_fisher_p_value_is_the_exact_sum(cells: tuple[int, int, int, int]) -> None:
    # Reference: the hypergeometric probabilities as exact integers (math.comb), the
    # tables no more likely than the one observed, ties exact; tolerance 1e-12.
    a, b, c, d = cells
    if min(a + b, c + d, a + c, b + d) == 0:
        assert fisher_p_value(a, b, c, d) == 1.0
        return
    assert fisher_p_value(a, b, c, d) == pytest.approx(_exact_fisher(a, b, c, d), rel=1e-12)


@given(tables)
def test_fisher_p_value_matches_scipy(cells: tuple[int, int, int, int]) -> None:
    # Reference: scipy.stats.fisher_exact (two-sided); tolerance 1e-9.
    a, b, c, d = cells
    expected = stats.fisher_exact([[a, b], [c, d]]).pvalue
    assert fisher_p_value(a, b, c, d) == pytest.approx(expected, rel=1e-9, abs=1e-300)


# Two-sided p-values summed in 45-digit decimals (Python's decimal: log-factorials by the
# Stirling series, successive probabilities by their exact ratios, ties within 1e-30):
# scipy 1.17 is off by 4e-9 and 2e-9 here (its hypergeom at bases of 10**7).
DECIMAL_REFERENCE = {
    (5 * 10**6, 5 * 10**6, 5 * 10**6 + 2500, 5 * 10**6 - 2500): 0.2637435041794356676,
    (5 * 10**6, 5 * 10**6, 5 * 10**6 + 7, 5 * 10**6 - 7): 0.9978590536386726303,
}


@pytest.mark.parametrize(
    "cells",
    [
        (1, 10**7 - 1, 3, 10**7 - 3),  # rare, huge bases: Fisher by default
        (5 * 10**6, 5 * 10**6, 5 * 10**6 + 7, 5 * 10**6 - 7),  # half the base, near the mode
        (5 * 10**6, 5 * 10**6, 5 * 10**6 + 9000, 5 * 10**6 - 9000),  # half, far out
        (5 * 10**6, 5 * 10**6, 5 * 10**6 + 2500, 5 * 10**6 - 2500),  # half, p = 0.26
        (2, 3, 9, 3 * 10**7),  # a tiny group against a huge one
        (0, 10**7, 4, 10**7 - 4),
    ],
)
def test_fisher_p_value_with_large_bases(cells: tuple[int, int, int, int]) -> None:
    # References: the exact sum (math.comb) where the smaller margins allow it, the
    # decimal sums above otherwise, tolerance 1e-12; scipy.stats.fisher_exact, tolerance
    # 1e-8 (its own error at these bases; it takes up to 0.1 s each).
    a, b, c, d = cells
    got = fisher_p_value(a, b, c, d)
    if min(a + c, b + d) < 100:
        assert got == pytest.approx(_exact_fisher(a, b, c, d), rel=1e-12, abs=1e-300)
    if cells in DECIMAL_REFERENCE:
        assert got == pytest.approx(DECIMAL_REFERENCE[cells], rel=1e-12)
    expected = stats.fisher_exact([[a, b], [c, d]]).pvalue
    assert got == pytest.approx(expected, rel=1e-8, abs=1e-300)


@pytest.mark.parametrize("n", [10**4, 10**6, 10**8, 10**9])
def test_compare_proportions_gives_the_exact_fisher_p_value_at_every_base(n: int) -> None:
    # Old: right but slow (scipy's hypergeom: 0.5 s at n=1e8, 5.3 s at 1e9 for 1 vs 3),
    # and at 1e9 wrong in the 4th digit for half the base (0.999679 for 0.999786).
    # References: scipy.stats.fisher_exact at 1e4 and 1e6 (tolerance 1e-9); 45-digit
    # decimal sums (as DECIMAL_REFERENCE) at 1e9, tolerance 1e-12; and 1 of n against 3
    # of n tends to Binomial(4, 1/2): tables 0, 1, 3 and 4 of 0..4, p = 10/16.
    half = tt.compare_proportions(n // 2, n, n // 2 + 7, n, test="fisher")
    rare = tt.compare_proportions(1, n, 3, n)
    assert (half.test, rare.test) == ("fisher", "fisher")
    if n <= 10**6:
        expected = stats.fisher_exact([[n // 2, n - n // 2], [n // 2 + 7, n - n // 2 - 7]])
        assert half.p_value == pytest.approx(expected.pvalue, rel=1e-9)
        expected = stats.fisher_exact([[1, n - 1], [3, n - 3]])
        assert rare.p_value == pytest.approx(expected.pvalue, rel=1e-9)
    if n == 10**9:
        assert half.p_value == pytest.approx(0.99978590510863972678, rel=1e-12)
    assert rare.p_value == pytest.approx(10 / 16, rel=1e-3)


def test_compare_proportions_z_test_is_the_formula_at_a_billion() -> None:
    # Pearson's X^2 = N (ad - bc)^2 / (r1 r2 c1 c2) in exact integers, p from chi2(1).
    n = 10**9
    a, c = n // 2, n // 2 + 3 * 31_623
    b, d = n - a, n - c
    x2 = Fraction(2 * n * (a * d - b * c) ** 2, n * n * (a + c) * (b + d))
    result = tt.compare_proportions(a, n, c, n)
    assert result.test == "chi2"
    assert result.statistic == pytest.approx(float(x2), rel=1e-12)
    assert result.p_value == pytest.approx(stats.chi2.sf(float(x2), 1), rel=1e-9)


@given(tables)
def test_the_letters_use_the_same_fisher_test(cells: tuple[int, int, int, int]) -> None:
    assert _fisher(*cells) == fisher_p_value(*cells)

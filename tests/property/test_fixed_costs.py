"""The fixed work kept between tables gives the tables computed without it (issue 16).

A small table's cost is mostly fixed work: the categories of its column listed, mapped
onto the options, the options checked, the table's numbers checked. Part of it is kept
from one table to the next (:mod:`tracktr.tabulate._memo`, the choices of
:func:`tracktr.typing.check_choice`), and the numbers of a table of integers are checked
in integers (:func:`tracktr._table_arrays.fits`). These properties tabulate the same
column again and again with other options, groups and hostile labels, and compare every
table with a count made without the caches; and compare the integer check of a table's
numbers with the float check it stands for.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import tracktr as tt
from tracktr._table_arrays import Parts, _fits_integers, fits
from tracktr.exceptions import InvalidOptionError, TracktrError, UnknownMethodError
from tracktr.missing import MARKERS
from tracktr.tabulate import _common
from tracktr.typing import check_choice

FEW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LABELS = ["Yes", "No", "Don't know", "yes", "Maybe", "1"]


def _forget() -> None:
    """Empty the caches of the fixed work, as in a new process."""
    for cache in (_common._CATEGORY_VALUES, _common._LOOKUPS):
        cache._entries.clear()
    _common._DISTINCT._keys.clear()


def _plain_counts(values: list[Any], options: list[Any]) -> list[int]:
    return [sum(1 for v in values if type(v) is type(o) and v == o) for o in options]


@FEW
@given(
    categories=st.lists(st.sampled_from(LABELS), min_size=1, max_size=5, unique=True),
    cells=st.lists(st.integers(-1, 4), min_size=0, max_size=30),
    orders=st.lists(st.permutations(list(range(5))), min_size=1, max_size=4),
    forget=st.booleans(),
)
def test_one_column_tabulated_with_other_options_counts_as_new(
    categories: list[str], cells: list[int], orders: list[list[int]], forget: bool
) -> None:
    if forget:
        _forget()
    codes = np.array([c if c < len(categories) else -1 for c in cells], dtype=np.int8)
    column = pd.Categorical.from_codes(codes, categories=pd.Index(categories))
    frame = pd.DataFrame({"q": column})
    values = [None if c < 0 else categories[c] for c in codes]
    for order in orders:
        # Some of the categories, in another order: a category left out is an error.
        options = [categories[i] for i in order if i < len(categories)][: len(order) - 1]
        left_out = {v for v in values if v is not None} - set(options)
        if not options:
            continue
        if left_out:
            with pytest.raises(TracktrError, match="not among its options"):
                tt.frequencies(frame, "q", options=options)
            continue
        table = tt.frequencies(frame, "q", options=options)
        assert table.counts["All"].tolist() == _plain_counts(values, options)
        assert int(table.bases["All"]) == sum(v is not None for v in values)


def test_options_equal_but_of_another_type_get_their_own_lookup() -> None:
    # 1 == True and hash(1) == hash(True): a lookup kept for the options [1, 2] must not
    # answer for [True, 2] (True is not the category 1).
    frame = pd.DataFrame({"q": pd.Categorical.from_codes([0, 0, 1], categories=pd.Index([1, 2]))})
    assert tt.frequencies(frame, "q", options=[1, 2]).counts["All"].tolist() == [2, 1]
    with pytest.raises(TracktrError, match="not among its options"):
        tt.frequencies(frame, "q", options=[True, 2])
    assert tt.frequencies(frame, "q", options=[2, 1]).counts["All"].tolist() == [1, 2]


def test_a_new_categories_index_with_the_same_labels_is_read_anew() -> None:
    # The values are kept per categories Index object: the same labels in another
    # column's Index, or the Index renamed (a new object), give the same counts.
    first = pd.Categorical.from_codes([0, 1, 1], categories=pd.Index(["a", "b"]))
    second = pd.Categorical.from_codes([1, 1, 1], categories=pd.Index(["b", "a"]))
    frame = pd.DataFrame({"x": first, "y": second})
    assert tt.frequencies(frame, "x", options=["a", "b"]).counts["All"].tolist() == [1, 2]
    assert tt.frequencies(frame, "y", options=["a", "b"]).counts["All"].tolist() == [3, 0]
    renamed = frame.assign(x=frame["x"].cat.rename_categories(["b", "a"]))
    assert tt.frequencies(renamed, "x", options=["a", "b"]).counts["All"].tolist() == [2, 1]


def test_kept_lookups_cannot_be_changed() -> None:
    frame = pd.DataFrame({"q": pd.Categorical(["a", "b", "a"], categories=["a", "b"])})
    tt.frequencies(frame, "q", options=["a", "b"])
    _, values = _common._factorize(frame["q"])
    lookup = _common._lookup(values, ("a", "b"))
    assert lookup is _common._lookup(values, ("a", "b"))
    with pytest.raises(ValueError, match="read-only"):
        lookup[0] = 5


@FEW
@given(
    cells=st.lists(st.sampled_from(["a", "b", "c", *MARKERS]), min_size=1, max_size=30),
    groups=st.lists(st.sampled_from(["g1", "g2", "<skipped>"]), min_size=30, max_size=30),
)
def test_crosstab_of_a_column_again_equals_a_plain_count(
    cells: list[str], groups: list[str]
) -> None:
    frame = pd.DataFrame(
        {
            "q": pd.Categorical(cells, categories=["a", "b", "c", *MARKERS]),
            "g": pd.Categorical(groups[: len(cells)], categories=["g1", "g2", "<skipped>"]),
        }
    )
    for _ in range(2):
        table = tt.crosstab(frame, "q", "g")
        for group in table.counts.columns:
            rows = frame if group == "All" else frame[frame["g"] == group]
            expected = _plain_counts(rows["q"].tolist(), table.counts.index.tolist())
            assert table.counts[group].tolist() == expected


def test_labels_that_passed_are_checked_again_with_another_separator() -> None:
    frame = pd.DataFrame({"q": ["a;b", "c", None]})
    assert tt.frequencies(frame, "q", options=["a;b", "c"]).counts["All"].tolist() == [1, 1]
    with pytest.raises(InvalidOptionError, match="containing the separator"):
        tt.multi_response(frame, "q", options=["a;b", "c"], separator=";")
    # ... and labels that failed are never kept as passed.
    with pytest.raises(InvalidOptionError, match="listed more than once"):
        tt.frequencies(frame, "q", options=["c", "c"])
    with pytest.raises(InvalidOptionError, match="listed more than once"):
        tt.frequencies(frame, "q", options=["c", "c"])


def test_check_choice_of_an_alias_made_on_the_spot() -> None:
    for _ in range(2):
        alias: Any = Literal["x", "y"]
        assert check_choice("y", alias, name="option") == "y"
        with pytest.raises(UnknownMethodError, match="'x', 'y'; got 'z'"):
            check_choice("z", alias, name="option")
        with pytest.raises(UnknownMethodError, match="got 'x'"):
            check_choice("x", Literal["y"], name="option")


# -- the integer check of a table's numbers -------------------------------------------------


def _fits_floats(counts: np.ndarray, bases: np.ndarray, axis: str, partition: bool) -> bool:
    """The check of tracktr._table_arrays.fits, in floats (its code before the integers)."""
    for values in (counts, bases):
        if values.size and values.min() < 0:
            return False
    along = counts if axis == "columns" else counts.T
    floats = bases.astype(float)
    slack = 1e-9 * np.maximum(floats, 1.0)
    if (along > floats[None, :] + slack[None, :]).any():
        return False
    return not (partition and (along.sum(axis=0) > floats + slack * max(len(along), 1)).any())


NEAR = st.sampled_from([0, 1, 2, 7, 10**6, 10**9 - 1, 10**9, 10**9 + 1, 2**40, 2**62])


@settings(max_examples=300, deadline=None)
@given(
    rows=st.integers(1, 4),
    columns=st.integers(1, 3),
    axis=st.sampled_from(["columns", "rows"]),
    partition=st.booleans(),
    cells=st.lists(NEAR | st.integers(-3, 40), min_size=12, max_size=12),
    bases=st.lists(NEAR | st.integers(-3, 60), min_size=4, max_size=4),
    dtype=st.sampled_from([np.int64, np.int32, np.uint16, np.uint64]),
)
# A base of 10**9 has a slack of 1 in floats: one more than the base still fits it.
@example(1, 1, "columns", False, [10**9 + 1] * 12, [10**9] * 4, np.int64)
@example(2, 1, "columns", True, [5 * 10**8, 5 * 10**8 + 1] * 6, [10**9 - 1] * 4, np.int64)
# 999,999,999 plus its float slack rounds to 10**9, which a count of 10**9 then fits.
@example(1, 1, "columns", False, [10**9] * 12, [10**9 - 1] * 4, np.int64)
def test_integer_check_of_the_numbers_is_the_float_check(  # noqa: PLR0917 (hypothesis)
    rows: int,
    columns: int,
    axis: str,
    partition: bool,
    cells: list[int],
    bases: list[int],
    dtype: Any,
) -> None:
    info = np.iinfo(dtype)
    counts = np.array([min(max(c, info.min), info.max) for c in cells[: rows * columns]])
    counts = counts.astype(dtype).reshape(rows, columns)
    along = columns if axis == "columns" else rows
    base = np.array([min(max(b, info.min), info.max) for b in bases[:along]]).astype(dtype)
    exact = _fits_integers(counts, base, axis, partition=partition)
    if exact is not None:
        assert exact == _fits_floats(counts, base, axis, partition)
    parts = Parts(counts, base, np.zeros((3, along), dtype=np.int64), None, None, None,
                  list(range(rows)), list(range(columns)), ["a", "b", "c"], axis)  # fmt: skip
    assert fits(parts, partition=partition) == _fits_floats(counts, base, axis, partition)


def test_options_read_from_the_categories_follow_each_index() -> None:
    column = pd.Categorical(["b", "<skipped>", "a"], categories=["b", "a", "<skipped>"])
    frame = pd.DataFrame({"q": column, "g": pd.Categorical(["x", "y", "x"])})
    for _ in range(2):
        table = tt.frequencies(frame, "q", by="g")
        assert table.counts.index.tolist() == ["b", "a"]
        assert table.counts.columns.tolist() == ["x", "y", "All"]
    reordered = frame.assign(q=frame["q"].cat.reorder_categories(["a", "<skipped>", "b"]))
    assert tt.frequencies(reordered, "q").counts.index.tolist() == ["a", "b"]


def test_many_categories_are_counted_and_not_kept() -> None:
    _forget()
    labels = [f"id {i}" for i in range(_common._KEPT_CATEGORIES + 1)]
    frame = pd.DataFrame({"q": pd.Categorical(labels[:3], categories=labels)})
    for _ in range(2):
        table = tt.frequencies(frame, "q")
        assert table.counts["All"].tolist()[:4] == [1, 1, 1, 0]
        assert int(table.bases["All"]) == 3
    assert not _common._CATEGORY_VALUES._entries
    assert not _common._LOOKUPS._entries


def _fits_array_by_array(parts: Parts, partition: bool) -> bool:
    """The check of tracktr._table_arrays.fits as it was: each array checked on its own."""
    arrays = (parts.counts, parts.bases, parts.unweighted, parts.effective)
    for values in arrays:
        if values is None or not values.size:
            continue
        if values.dtype.kind == "f" and not np.isfinite(values).all():
            return False
        if values.min() < 0:
            return False
    return _fits_floats(parts.counts, parts.bases, parts.percent_axis, partition)


WEIGHTED = st.sampled_from([0.0, -0.0, 0.5, 1.0, 3.25, 1e300, -1e-300, -1.0, np.inf, -np.inf])


@settings(max_examples=300, deadline=None)
@given(
    rows=st.integers(1, 4),
    columns=st.integers(0, 3),
    axis=st.sampled_from(["columns", "rows"]),
    partition=st.booleans(),
    cells=st.lists(WEIGHTED | st.floats(-2, 50) | st.just(np.nan), min_size=12, max_size=12),
    bases=st.lists(WEIGHTED | st.floats(-2, 80), min_size=4, max_size=4),
    unweighted=st.lists(st.sampled_from([0, 1, 7, -1, 2**62, -(2**62)]), min_size=4, max_size=4),
    effective=st.lists(WEIGHTED | st.just(np.nan), min_size=4, max_size=4),
    extras=st.sampled_from(["both", "unweighted", "effective", "none"]),
)
def test_weighted_check_of_the_numbers_is_the_check_array_by_array(  # noqa: PLR0917 (hypothesis)
    rows: int,
    columns: int,
    axis: str,
    partition: bool,
    cells: list[float],
    bases: list[float],
    unweighted: list[int],
    effective: list[float],
    extras: str,
) -> None:
    # Float sums with NaN, infinities, negative (and -0.0) numbers, huge respondent counts:
    # one check of all the numbers at once answers as the arrays checked one by one.
    along = columns if axis == "columns" else rows
    counts = np.array(cells[: rows * columns]).reshape(rows, columns)
    plain = np.array(unweighted[:along], dtype=np.int64)
    parts = Parts(
        counts=counts,
        bases=np.array(bases[:along]),
        excluded=np.zeros((3, along)),
        unweighted=plain if extras in {"both", "unweighted"} else None,
        unweighted_counts=None,
        effective=np.array(effective[:along]) if extras in {"both", "effective"} else None,
        rows=list(range(rows)),
        columns=list(range(columns)),
        excluded_labels=["a", "b", "c"],
        percent_axis=axis,
    )
    assert fits(parts, partition=partition) == _fits_array_by_array(parts, partition)


@FEW
@given(
    base=st.sampled_from([0.0, 1.0, 3.0, 151.0, 1e6, 123456.789, 1e15]),
    shares=st.lists(st.integers(0, 100), min_size=1, max_size=4),
    short=st.sampled_from([0.0, 1e-12, 5e-10, 1e-9, 2e-9, 1e-6, 0.25]),
)
@example(base=1e6, shares=[1], short=1e-9)  # at the tolerance itself
def test_the_note_on_counts_short_of_their_base_decides_as_isclose(
    base: float, shares: list[int], short: float
) -> None:
    # The note "sum to 99, not 100, because of rounding" is only written for a base its
    # counts make up (within 1e-9 of it, as weighted sums carry float error). The test was
    # np.isclose (about 10 µs, more than the rest of a small table's notes), now written
    # out: the same answer for every finite count and base.
    from tracktr._table_text import _short_of_base

    total = sum(shares) or 1
    counts = [base * (1 - short) * s / total for s in shares]
    table = tt.Table(
        counts=pd.DataFrame({"All": counts}, index=[f"o{i}" for i in range(len(counts))]),
        bases=pd.Series({"All": base}),
        question="q",
    )
    view = table._view()
    sums = np.asarray(view.counts, dtype=float).sum(axis=0)
    bases = np.asarray(view.base_values, dtype=float)
    expected = ~np.isclose(sums, bases, rtol=1e-9, atol=0.0) & (bases > 0)
    assert _short_of_base(table, view) == [bool(v) for v in expected]

"""Every fast path equals a plain reference implementation on random inputs.

The kernels of tracktr._kernels (blocked bincounts, packed-bit tick counts, the pyarrow
split of delimited cells), the array intervals of tracktr.compare._intervals, the numpy
rendering of Table and the compact id runs of chunked reading are each compared with the
obvious loop they replace, including weights, empty groups, all-missing columns and
exclusive options. Blocks are made tiny so that the block boundaries are crossed.
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tracktr as tt
from tracktr import _kernels
from tracktr.compare._intervals import proportion_intervals
from tracktr.io._seen import SpilledIds
from tracktr.missing import NOT_ASKED, SKIPPED
from tracktr.rounding import percentage_units

# Each example runs a slow reference loop: fewer examples keep every test under ~2 s.
FEW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
METHODS = ["wilson", "wilson_cc", "agresti_coull", "clopper_pearson", "jeffreys"]
OPTIONS = ["a", "b", "c", "none"]
GROUPS = ["g1", "g2", "g3"]  # g3 is often empty


def weights_for(n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    w = rng.random(n) * 3
    w[rng.random(n) < 0.1] = 0.0  # a weight of 0 leaves a respondent out on purpose
    return w


# -- kernels ---------------------------------------------------------------------------------


@FEW
@given(
    n=st.integers(0, 200),
    n_raw=st.integers(1, 6),
    n_group_raw=st.integers(1, 4),
    grouped=st.booleans(),
    weighted=st.booleans(),
    block=st.integers(1, 70),
    seed=st.integers(0, 2**32 - 1),
)
def test_count_pairs_equals_a_loop(  # noqa: PLR0917 (hypothesis passes keywords)
    n: int, n_raw: int, n_group_raw: int, grouped: bool, weighted: bool, block: int, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    # Raw codes run from -1 (blank) to n_raw - 2: value i of the raw list is code i - 1.
    codes = rng.integers(-1, n_raw - 1, n).astype(np.int8)
    drawn = rng.integers(-1, n_group_raw - 1, n).astype(np.int8)
    groups = drawn if grouped else None
    n_groups = n_group_raw if grouped else 1
    w = weights_for(n, seed) if weighted else None
    fast = _kernels.count_pairs(codes, groups, n_raw, n_groups, w, block=block)
    expected = np.zeros((n_groups, n_raw))
    for i in range(n):
        g = 0 if groups is None else groups[i] + 1
        expected[g, codes[i] + 1] += 1.0 if w is None else w[i]
    assert fast.shape == expected.shape
    if w is None:
        assert fast.dtype == np.int64
        assert np.array_equal(fast, expected.astype(np.int64))
    else:
        np.testing.assert_allclose(fast, expected, rtol=1e-12, atol=1e-12)


@FEW
@given(
    k=st.integers(0, 6),
    n=st.integers(0, 150),
    slots=st.integers(1, 5),
    used=st.integers(1, 5),
    density=st.floats(0, 1),
    weighted=st.booleans(),
    words=st.integers(1, 3),
    block=st.integers(1, 100),
    seed=st.integers(0, 2**32 - 1),
)
def test_count_ticks_equals_a_loop(  # noqa: PLR0917 (hypothesis passes keywords)
    k: int,
    n: int,
    slots: int,
    used: int,
    density: float,
    weighted: bool,
    words: int,
    block: int,
    seed: int,
) -> None:
    rng = np.random.default_rng(seed)
    ticks = rng.random((k, n)) < density
    # Slots drawn from fewer values than exist: the groups past `used` are empty.
    group = rng.integers(0, min(used, slots), n).astype(np.intp)
    w = weights_for(n, seed) if weighted else None
    fast = _kernels.count_ticks(ticks, group, slots, w, words=words, block=block)
    # The same ticks packed eight to a byte: the same counts (weighted, the blocks are
    # whole bytes, so the sums may differ in the last bits).
    packed = _kernels.count_ticks(_packed(ticks), group, slots, w, words=words, block=block)
    if w is None:
        assert np.array_equal(packed, fast)
    else:
        np.testing.assert_allclose(packed, fast, rtol=1e-12, atol=1e-12)
    expected = np.zeros((k, slots))
    for j in range(k):
        for i in range(n):
            if ticks[j, i]:
                expected[j, group[i]] += 1.0 if w is None else w[i]
    if w is None:
        assert fast.dtype == np.int64
        assert np.array_equal(fast, expected.astype(np.int64))
    else:
        np.testing.assert_allclose(fast, expected, rtol=1e-12, atol=1e-12)


def _packed(ticks: np.ndarray) -> _kernels.PackedTicks:
    """`ticks` packed as multi_response packs copied columns, a row at a time."""
    k, n = ticks.shape
    return _kernels.pack_ticks(iter(ticks), k, n)


@FEW
@given(
    k=st.integers(0, 7),
    n=st.integers(0, 150),
    density=st.floats(0, 1),
    start=st.integers(0, 20),
    seed=st.integers(0, 2**32 - 1),
)
def test_packed_ticks_read_as_the_boolean_matrix(
    k: int, n: int, density: float, start: int, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    ticks = rng.random((k, n)) < density
    packed = _packed(ticks)
    assert packed.shape == ticks.shape
    assert np.array_equal(_kernels.any_tick(packed), ticks.any(axis=0))
    assert np.array_equal(_kernels.ticked_twice(packed), ticks.sum(axis=0) > 1)
    rows = rng.integers(0, max(n, 1), 10) if n else np.zeros(0, dtype=np.intp)
    assert np.array_equal(_kernels.tick_columns(packed, rows), ticks[:, rows])
    group = rng.integers(0, 3, n).astype(np.int8)
    # In runs of one block (64 respondents) each, as threads count them.
    split = _kernels.count_ticks(packed, group, 3, None, words=1, split_from=1)
    assert np.array_equal(split, _kernels.count_ticks(ticks, group, 3, None, words=1))
    begin = min(8 * start, n)  # a packed row starts at a whole byte
    for j in range(k):
        assert np.array_equal(_kernels.tick_row(packed, j), ticks[j])
        assert np.array_equal(_kernels.tick_row(packed, j, begin, n), ticks[j, begin:n])


# -- public functions on those kernels -------------------------------------------------------


def reference_frequencies(
    answers: list[Any], groups: list[Any], weights: list[float] | None
) -> dict[tuple[Any, Any], float]:
    """Counts per (option, group) by a dictionary loop; only options, only groups."""
    out: dict[tuple[Any, Any], float] = {}
    for i, (answer, group) in enumerate(zip(answers, groups, strict=True)):
        if answer in OPTIONS and group in GROUPS:
            out[answer, group] = out.get((answer, group), 0.0) + (
                1.0 if weights is None else weights[i]
            )
    return out


answers_st = st.lists(st.sampled_from([*OPTIONS, None, SKIPPED, NOT_ASKED]), max_size=60)


@FEW
@given(answers=answers_st, data=st.data(), weighted=st.booleans(), seed=st.integers(0, 99))
def test_frequencies_equal_a_dictionary_count(
    answers: list[Any], data: st.DataObject, weighted: bool, seed: int
) -> None:
    n = len(answers)
    groups = data.draw(st.lists(st.sampled_from(["g1", "g2", None]), min_size=n, max_size=n))
    df = pd.DataFrame(
        {
            "q": pd.Series(answers, dtype=object),
            "g": pd.Categorical(groups, categories=GROUPS),
            "w": weights_for(n, seed),
        }
    )
    t = tt.frequencies(df, "q", options=OPTIONS, by="g", weights="w" if weighted else None)
    expected = reference_frequencies(answers, groups, list(df["w"]) if weighted else None)
    for option in OPTIONS:
        for group in GROUPS:
            assert t.counts.loc[option, group] == pytest.approx(
                expected.get((option, group), 0.0), rel=1e-12, abs=1e-12
            )


def reference_ticks(cells: list[Any], separator: str) -> list[set[str]]:
    """The options ticked in each cell, split and stripped one cell at a time."""
    ticked: list[set[str]] = []
    for cell in cells:
        if not isinstance(cell, str) or cell in (SKIPPED, NOT_ASKED):
            ticked.append(set())
            continue
        ticked.append({part.strip() for part in cell.split(separator) if part.strip()})
    return ticked


@st.composite
def tick_sets(draw: st.DrawFn, max_size: int = 40) -> list[list[str]]:
    """Sets of ticks that respect the exclusive option "none" (alone or not at all)."""
    rows = draw(st.lists(st.lists(st.sampled_from(OPTIONS[:3]), unique=True), max_size=max_size))
    return [["none"] if draw(st.integers(0, 5)) == 0 else row for row in rows]


@FEW
@given(
    rows=tick_sets(),
    data=st.data(),
    weighted=st.booleans(),
    spaces=st.booleans(),
    seed=st.integers(0, 99),
)
def test_delimited_and_indicator_sets_equal_a_loop(
    rows: list[list[str]], data: st.DataObject, weighted: bool, spaces: bool, seed: int
) -> None:
    n = len(rows)
    missing = data.draw(
        st.lists(st.sampled_from([None, None, None, NOT_ASKED]), min_size=n, max_size=n)
    )
    glue = " ; " if spaces else ";"
    cells = [
        glue.join(row) if row or m is None else m for row, m in zip(rows, missing, strict=True)
    ]
    groups = data.draw(st.lists(st.sampled_from(["g1", "g2", None]), min_size=n, max_size=n))
    w = weights_for(n, seed)
    df = pd.DataFrame(
        {"q": pd.Series(cells, dtype=object), "g": pd.Categorical(groups, categories=GROUPS)}
    )
    for j, option in enumerate(OPTIONS):
        df[f"i{j}"] = [int(option in row) for row in rows]
    df["w"] = w
    options: dict[str, Any] = {"by": "g", "weights": "w" if weighted else None}
    delimited = tt.multi_response(
        df, "q", options=OPTIONS, separator=";", exclusive=["none"], **options
    )
    indicators = tt.multi_response(
        df, "set", columns=[f"i{j}" for j in range(4)], options=OPTIONS, **options
    )
    ticked = reference_ticks(cells, ";")
    for option in OPTIONS:
        for group in GROUPS:
            expected = sum(
                (w[i] if weighted else 1.0)
                for i in range(n)
                if option in ticked[i] and groups[i] == group
            )
            assert delimited.counts.loc[option, group] == pytest.approx(expected, abs=1e-9)
            assert indicators.counts.loc[option, group] == pytest.approx(expected, abs=1e-9)
        everyone = sum((w[i] if weighted else 1.0) for i in range(n) if option in ticked[i])
        assert delimited.counts.loc[option, "All"] == pytest.approx(everyone, abs=1e-9)


@FEW
@given(
    rows=tick_sets(),
    data=st.data(),
    dtype=st.sampled_from([object, "str", "category"]),
    seed=st.integers(0, 99),
)
def test_delimited_cells_read_once_each_equal_a_loop_in_any_dtype_and_index(
    rows: list[list[str]], data: st.DataObject, dtype: Any, seed: int
) -> None:
    # Each distinct cell is classified (blank, marker, answer) and split once, then
    # copied to its rows: the counts and base are a cell-by-cell loop's, whatever the
    # column's dtype and the frame's index (blanks and markers anywhere among the rows).
    n = len(rows)
    missing = data.draw(
        st.lists(st.sampled_from([None, SKIPPED, NOT_ASKED]), min_size=n, max_size=n)
    )
    cells = [";".join(row) if row else m for row, m in zip(rows, missing, strict=True)]
    index = np.random.default_rng(seed).permutation(np.arange(100, 100 + n))
    df = pd.DataFrame({"q": pd.Series(cells, dtype=dtype, index=index)})
    table = tt.multi_response(df, "q", options=OPTIONS, separator=";", exclusive=["none"])
    ticked = reference_ticks(cells, ";")
    for option in OPTIONS:
        assert table.counts.loc[option, "All"] == sum(option in t for t in ticked)
    assert int(table.bases["All"]) == sum(bool(t) for t in ticked)


@FEW
@given(n=st.integers(1, 30), marker=st.sampled_from([None, SKIPPED, NOT_ASKED]))
def test_an_all_missing_delimited_column_counts_nothing(n: int, marker: str | None) -> None:
    df = pd.DataFrame({"q": pd.Series([marker] * n, dtype=object)})
    t = tt.multi_response(df, "q", options=OPTIONS, separator=";")
    assert t.counts["All"].tolist() == [0] * len(OPTIONS)
    assert int(t.bases["All"]) == 0


def test_an_unknown_part_is_named_with_its_rows() -> None:
    df = pd.DataFrame({"q": ["a;b", "a;zz", "c", "zz;b"]}, index=[10, 11, 12, 13])
    with pytest.raises(tt.UnknownValueError, match=r"\['zz'\].*rows \[11, 13\]"):
        tt.multi_response(df, "q", options=OPTIONS, separator=";")


def test_an_exclusive_option_ticked_with_others_is_refused() -> None:
    df = pd.DataFrame({"q": ["a;none", "b"]})
    with pytest.raises(tt.MultiResponseError, match=r"'none' cannot be ticked.*rows \[0\]"):
        tt.multi_response(df, "q", options=OPTIONS, separator=";", exclusive=["none"])


# -- intervals -------------------------------------------------------------------------------


@st.composite
def cells(draw: st.DrawFn) -> tuple[list[int], list[int]]:
    bases = draw(st.lists(st.integers(1, 500), min_size=1, max_size=8))
    counts = [draw(st.integers(0, b)) for b in bases]
    return counts, bases


@FEW
@given(
    cb=cells(),
    method=st.sampled_from(METHODS),
    level=st.sampled_from([0.8, 0.9, 0.95, 0.99]),
    population=st.one_of(st.none(), st.integers(500, 2000)),
)
def test_array_intervals_equal_proportion_ci_cell_by_cell(
    cb: tuple[list[int], list[int]], method: Any, level: float, population: int | None
) -> None:
    counts, bases = cb
    low, high = proportion_intervals(
        counts, bases, method=method, level=level, population=population
    )
    for i, (c, b) in enumerate(zip(counts, bases, strict=True)):
        one = tt.proportion_ci(c, b, method=method, level=level, population=population)
        assert low[i] == pytest.approx(one.ci_low, rel=1e-12, abs=1e-15)
        assert high[i] == pytest.approx(one.ci_high, rel=1e-12, abs=1e-15)


def test_array_intervals_name_the_bad_cell() -> None:
    with pytest.raises(tt.InvalidBaseError, match=r"`count\[1\]` \(5.0\) is larger"):
        proportion_intervals([1, 5], [3, 4])


# -- table rendering -------------------------------------------------------------------------


@FEW
@given(
    data=st.data(),
    rows=st.integers(1, 5),
    columns=st.integers(1, 4),
    decimals=st.integers(0, 2),
    rule=st.sampled_from(["half_up", "half_even", "floor"]),
)
def test_table_percentages_equal_rounding_column_by_column(
    data: st.DataObject, rows: int, columns: int, decimals: int, rule: Any
) -> None:
    counts = np.array(
        data.draw(st.lists(st.integers(0, 60), min_size=rows * columns, max_size=rows * columns))
    ).reshape(rows, columns)
    counts[:, 0] = 0  # an empty column: its base is zero
    labels = [f"c{j}" for j in range(columns)]
    table = tt.Table(
        counts=pd.DataFrame(counts, columns=labels),
        bases=pd.Series(counts.sum(axis=0), index=labels),
        rule=rule,
        decimals=decimals,
    )
    shown = table.percentages()
    totals = table.rounding_totals()
    markdown = table.to_markdown()
    for j, label in enumerate(labels):
        base = int(counts[:, j].sum())
        if base == 0:
            assert shown[label].isna().all()
            assert math.isnan(totals[label])
            continue
        units = percentage_units(counts[:, j], base, rule=rule, decimals=decimals)
        assert shown[label].tolist() == (units / 10**decimals).tolist()
        assert totals[label] == units.sum() / 10**decimals
        for i in range(rows):
            assert f"{units[i] / 10**decimals:.{decimals}f} ({counts[i, j]})" in markdown


# -- ids spilled from the chunks of a file ---------------------------------------------------


@FEW
@given(
    chunks=st.lists(
        st.one_of(
            st.lists(st.integers(-50, 50), max_size=15),  # repeats within a chunk too
            st.lists(st.sampled_from(["x", "y", "7", "-3"]), unique=True, max_size=4),
        ),
        max_size=12,
    )
)
def test_spilled_ids_report_what_sets_report(chunks: list[list[Any]]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as directory:
        seen = SpilledIds(directory, partitions=3)  # few partitions: ids share them
        sets: list[set[Any]] = []
        for chunk in chunks:
            is_int = bool(chunk) and all(isinstance(v, int) for v in chunk)
            seen.add(pd.Series(chunk, dtype="int64" if is_int else object))
            # A file's ids are text: "7" in a text chunk is the id 7 of an integer chunk.
            sets.append({int(v) if isinstance(v, str) and v.lstrip("-").isdigit() else v
                         for v in chunk})  # fmt: skip
        expected = [v for v in set().union(*sets) if sum(v in s for s in sets) > 1]
        assert seen.repeated() == sorted(expected, key=lambda v: (str(v), type(v).__name__))


# -- validation ------------------------------------------------------------------------------

BAD_CELLS = ["zzz", 1, 2.5, NOT_ASKED, "<refused>", "", None, "1", True, -3, "a;b", 0, " "]


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.integers(1, 40),
    edits=st.lists(
        st.tuples(st.integers(0, 39), st.integers(0, 500), st.sampled_from(BAD_CELLS)),
        max_size=25,
    ),
)
def test_vectorised_validation_gives_the_same_failures(
    rows: int, edits: list[tuple[int, int, Any]]
) -> None:
    from tracktr.survey import _validate

    survey = tt.surveys.tracktr_2015()
    data = tt.datasets.tracktr_2015().head(rows).astype(object)
    columns = [c for c in data.columns if c != survey.respondent_id]
    for row, column, value in edits:
        data.at[data.index[row % rows], columns[column % len(columns)]] = value
    saved = _validate._VECTORISED_FROM
    try:
        _validate._VECTORISED_FROM = 0
        fast = _validate.failures_of(survey, data)
        _validate._VECTORISED_FROM = 10**9
        slow = _validate.failures_of(survey, data)
    finally:
        _validate._VECTORISED_FROM = saved
    # Same rows, same order, same values (1 stays 1, not 1.0 or True).
    pd.testing.assert_frame_equal(fast, slow)
    assert [list(map(repr, r)) for r in fast.itertuples(index=False)] == [
        list(map(repr, r)) for r in slow.itertuples(index=False)
    ]


def test_a_marker_among_the_parts_of_a_cell_is_named() -> None:
    # It used to fail with an IndexError; a marker stands for a whole cell.
    df = pd.DataFrame({"q": ["a;<not asked>", "b"]}, index=[7, 8])
    with pytest.raises(tt.UnknownValueError, match=r"\['<not asked>'\].*rows \[7\]"):
        tt.multi_response(df, "q", options=OPTIONS, separator=";")


@FEW
@given(
    cells=st.lists(st.sampled_from([1, True, 1.0, False, 0, "1", "True", "A;1", None]), max_size=12)
)
def test_delimited_cells_of_equal_numbers_and_booleans_are_read_each_as_written(
    cells: list[Any],
) -> None:
    # 1, 1.0 and True are equal and hash alike, so one distinct cell to pandas.factorize:
    # read once for all of them, True was counted as "1" (or 1 as "True"), and 1.0 as
    # "1" without the error a value outside the options gets. Each reads as str() of it.
    options = ["1", "True", "0", "False", "A"]
    df = pd.DataFrame({"q": pd.Series(cells, dtype=object)})
    outside = [k for k, cell in enumerate(cells) if cell is not None and str(cell) == "1.0"]
    if outside:
        with pytest.raises(
            tt.UnknownValueError, match=rf"\['1.0'\] .* in rows {re.escape(str(outside))}"
        ):
            tt.multi_response(df, "q", options=options, separator=";")
        return
    table = tt.multi_response(df, "q", options=options, separator=";")
    ticked = [set(str(cell).split(";")) for cell in cells if cell is not None]
    for option in options:
        assert table.counts.loc[option, "All"] == sum(option in t for t in ticked)


def test_a_delimited_cell_true_is_not_counted_as_the_answer_1() -> None:
    df = pd.DataFrame({"q": pd.Series([1, True, "A;1"], dtype=object)})
    table = tt.multi_response(df, "q", options=["A", "1", "True"], separator=";")
    assert table.counts["All"].to_dict() == {"A": 1, "1": 2, "True": 1}
    with pytest.raises(tt.UnknownValueError, match=r"value\(s\) \['True'\] .* in rows \[1\]"):
        tt.multi_response(df, "q", options=["A", "1"], separator=";")


# Parts of delimited cells, as exports write them: options, a value that is none, spaces
# around, empty parts, markers, and the text of numbers and booleans.
_PARTS = ["a", "b", "c", "none", "1", "True", "zz", "", " ", " a ", "b  ", SKIPPED, NOT_ASKED]
_DELIMITED_OPTIONS = ["a", "b", "c", "none", "1", "True"]


@st.composite
def delimited_cells(draw: st.DrawFn) -> list[Any]:
    """Cells of ``;``-joined parts (repeated, empty, at the ends), markers, blanks and
    cells that are not text (``1``, ``1.0``, ``True``: equal values, written apart)."""
    joined = st.lists(st.sampled_from(_PARTS), min_size=1, max_size=4).map(";".join)
    cell = st.one_of(
        joined,
        st.sampled_from([None, SKIPPED, NOT_ASKED, "", ";", " ; ", ";a", "b;", 1, 1.0, True, 0]),
    )
    return draw(st.lists(cell, max_size=30))


def _table_or_error(df: pd.DataFrame, **options: Any) -> tuple[str, Any]:
    """A delimited set's table as plain data, or its error's type and message."""
    try:
        table = tt.multi_response(df, "q", options=_DELIMITED_OPTIONS, separator=";", **options)
    except tt.TracktrError as error:
        return type(error).__name__, str(error)
    # NaN (an empty base's percentages) written -1: NaN is equal to nothing, itself included.
    frame = table.to_frame().fillna(-1.0)
    return "table", (frame.to_dict("list"), table.bases.to_dict(), table.notes)


@FEW
@given(
    cells=delimited_cells(),
    dtype=st.sampled_from([object, "str"]),
    by=st.booleans(),
    exclusive=st.booleans(),
    seed=st.integers(0, 99),
)
def test_delimited_fast_path_equals_the_pandas_path_tables_and_errors(
    cells: list[Any], dtype: Any, by: bool, exclusive: bool, seed: int
) -> None:
    # The pyarrow path (distinct cells encoded, split and looked up among the options by
    # pyarrow) against the path taken without pyarrow: pandas splits every answered
    # row and names the rows at fault. Same table to the last note, or the same error.
    if dtype == "str" and not all(cell is None or isinstance(cell, str) for cell in cells):
        dtype = object  # pandas' text dtype refuses numbers and booleans
    n = len(cells)
    groups = np.random.default_rng(seed).choice(["g1", "g2"], n)
    index = np.random.default_rng(seed).permutation(np.arange(50, 50 + n))
    df = pd.DataFrame(
        {"q": pd.Series(cells, dtype=dtype, index=index), "g": pd.Series(groups, index=index)}
    )
    before = df.copy()
    options: dict[str, Any] = {
        "by": "g" if by else None,
        "exclusive": ["none"] if exclusive else (),
    }
    fast = _table_or_error(df, **options)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_kernels, "split_delimited", lambda *args: None)
        slow = _table_or_error(df, **options)
    assert fast == slow
    pd.testing.assert_frame_equal(df, before)  # the input is never changed


def test_delimited_text_column_of_several_pyarrow_chunks_is_read_whole() -> None:
    # A text column held in several pyarrow chunks (concatenated frames) is encoded with
    # one dictionary for all its chunks: each row keeps its own cell.
    first = pd.Series(["a;b", None, "c"], dtype="str")
    second = pd.Series(["c", "a", NOT_ASKED, "b;c"], dtype="str")
    column = pd.concat([first, second], ignore_index=True)
    if column.array.__arrow_array__().num_chunks < 2:
        pytest.skip("pandas combined the chunks")
    table = tt.multi_response(
        pd.DataFrame({"q": column}), "q", options=["a", "b", "c"], separator=";"
    )
    assert table.counts["All"].tolist() == [2, 2, 3]
    assert int(table.bases["All"]) == 5


@pytest.mark.parametrize("rows", [10, 100_000])  # one block of group codes, and several
def test_a_group_the_codebook_does_not_declare_is_named_by_a_set(rows: int) -> None:
    # A set by a codebook's question counts its group values only when one of them is
    # not a declared group (or a marker): that one is still refused, naming its rows.
    survey = tt.Survey.from_dict(
        {
            "title": "T",
            "questions": [
                {"id": "region", "type": "single", "text": "R", "options": ["North", "South"]},
                {
                    "id": "set",
                    "type": "multi",
                    "text": "S",
                    "options": ["a", "b"],
                    "form": "delimited",
                    "separator": ";",
                },
            ],
        }
    )
    region = np.array(["North", "South"] * (rows // 2), dtype=object)
    region[7] = "West"
    df = pd.DataFrame({"set": "a;b", "region": region})
    with pytest.raises(tt.UnknownValueError, match=r"\['West'\].*rows \[7\]"):
        tt.multi_response(df, "set", options=["a", "b"], separator=";", by="region", survey=survey)
    df.loc[7, "region"] = NOT_ASKED  # a marker: in no group, never refused
    table = tt.multi_response(
        df, "set", options=["a", "b"], separator=";", by="region", survey=survey
    )
    assert table.counts["North"].tolist() == [rows // 2, rows // 2]
    assert table.counts["South"].tolist() == [rows // 2 - 1, rows // 2 - 1]


@FEW
@given(
    values=st.lists(st.sampled_from(["g1", "g2", "g3", None, NOT_ASKED]), max_size=60),
    order=st.permutations(["g1", "g2", "g3", NOT_ASKED]),
    categorical=st.booleans(),
    declared=st.booleans(),
)
def test_group_slots_as_bytes_equal_the_groups_slots(
    values: list[str | None], order: list[str], categorical: bool, declared: bool
) -> None:
    # The slots a set is counted by (bytes; a code its own slot when the categories are
    # the groups in order) are those of _Groups.slots: groups in any order, blanks and
    # markers (the last slot), categorical or object columns.
    from tracktr.tabulate import _common, _multi

    column = pd.Series(values, dtype=object)
    if categorical:
        column = column.astype(pd.CategoricalDtype(order))
    df = pd.DataFrame({"g": column})
    if declared:  # a codebook's groups, in its order (not the data's)
        df.attrs[_common._DECLARED_ATTR] = {"g": ["g3", "g1", "g2"]}
    grouping = _common._groups(df, "g")
    narrow = _multi._narrow_slots(grouping, len(df), "g")
    assert np.array_equal(narrow.astype(np.intp), grouping.slots(len(df)))


@FEW
@given(
    size=st.integers(1, 130),
    n=st.integers(0, 200),
    block=st.integers(1, 70),
    dtype=st.sampled_from([np.int8, np.int16, np.intp]),
    seed=st.integers(0, 2**32 - 1),
)
def test_looked_up_in_blocks_equals_indexing(
    size: int, n: int, block: int, dtype: Any, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    size = min(size, int(np.iinfo(dtype).max))
    table = rng.integers(0, 100, size).astype(np.int8)
    codes = rng.integers(-1, size - 1, n).astype(dtype) if size > 1 else np.full(n, -1, dtype)
    before = codes.copy()
    assert np.array_equal(_kernels.looked_up(table, codes, block=block), table[codes])
    assert np.array_equal(codes, before)


def test_split_delimited_drops_empty_parts_and_marks_parts_of_no_option() -> None:
    # Each non-empty part: its cell and its option (-1: none). An empty part (after
    # trimming) is dropped, even beside an option of empty text (which the tables refuse).
    cells = np.array(["a; ;b", " zz;a", ";", "b;;", "a;;b"], dtype=object)
    split = _kernels.split_delimited(cells, ";", ["a", "b", ""])
    assert split is not None
    rows, codes = split
    assert rows.tolist() == [0, 0, 1, 1, 3, 4, 4]
    assert codes.tolist() == [0, 1, -1, 0, 1, 0, 1]

"""The counting kernels of multi-response sets and weighted tables equal plain loops.

The fused weighted + unweighted pair count, the packed tick count with narrow (int8)
group slots, and the tables built on them (counts, bases, missing kinds, unweighted
bases and counts) are compared with dictionary loops on random inputs: weights with
zeros, empty groups, all-missing columns, indicator columns of every dtype. Weights
with one or two decimal places must give the exact decimal sums (tracktr.tabulate's
``_exact``), not merely close ones.
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction
from typing import Any
from unittest import mock

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tracktr as tt
from tracktr import _kernels
from tracktr.missing import NOT_ASKED, SKIPPED

FEW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
OPTIONS = ["a", "b", "c", "none"]
GROUPS = ["g1", "g2", "g3"]  # g3 is often empty


@FEW
@given(
    n=st.integers(0, 200),
    n_raw=st.integers(1, 6),
    n_group_raw=st.integers(1, 4),
    weighted=st.booleans(),
    block=st.integers(1, 70),
    seed=st.integers(0, 2**32 - 1),
)
def test_the_fused_pair_count_equals_two_loops(  # noqa: PLR0917 (hypothesis passes keywords)
    n: int, n_raw: int, n_group_raw: int, weighted: bool, block: int, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    codes = rng.integers(-1, n_raw - 1, n).astype(np.int8)
    groups = rng.integers(-1, n_group_raw - 1, n).astype(np.int8)
    w = rng.random(n) * 3 if weighted else None
    fast, plain = _kernels.count_pairs_both(
        codes, groups, n_raw, n_group_raw, w, block=block, unweighted=True
    )
    expected = np.zeros((n_group_raw, n_raw))
    counted = np.zeros((n_group_raw, n_raw), dtype=np.int64)
    for i in range(n):
        expected[groups[i] + 1, codes[i] + 1] += 1.0 if w is None else w[i]
        counted[groups[i] + 1, codes[i] + 1] += 1
    assert plain is not None
    assert plain.dtype == np.int64
    assert np.array_equal(plain, counted)
    np.testing.assert_allclose(fast, expected, rtol=1e-12, atol=1e-12)
    alone, none = _kernels.count_pairs_both(codes, groups, n_raw, n_group_raw, w, block=block)
    assert none is None
    assert np.array_equal(alone, fast)


@FEW
@given(
    k=st.integers(0, 6),
    n=st.integers(0, 300),
    slots=st.integers(1, 6),
    density=st.floats(0, 1),
    words=st.integers(1, 4),
    seed=st.integers(0, 2**32 - 1),
)
def test_packed_ticks_with_byte_groups_equal_a_loop(  # noqa: PLR0917 (hypothesis passes keywords)
    k: int, n: int, slots: int, density: float, words: int, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    ticks = rng.random((k, n)) < density
    group = rng.integers(0, max(1, slots - 1), n).astype(np.int8)  # the last slot empty
    fast = _kernels.count_ticks(ticks, group, slots, None, words=words)
    expected = np.zeros((k, slots), dtype=np.int64)
    for j in range(k):
        for i in range(n):
            expected[j, group[i]] += int(ticks[j, i])
    assert np.array_equal(fast, expected)


CODE_TYPES = [np.int8, np.int16, np.intp]


def _weights(rng: np.random.Generator, n: int, kind: str) -> np.ndarray:
    """Weights of one kind: zeros among fractions, whole numbers, or huge ones."""
    if kind == "fractional":
        w = rng.random(n) * 3
        w[rng.random(n) < 0.2] = 0.0  # a weight of 0 leaves a respondent out on purpose
        return w
    if kind == "zero":
        return np.zeros(n)
    if kind == "whole":
        return rng.integers(0, 5, n).astype(np.float64)
    return rng.random(n) * 1e150  # huge: the squares are near the top of float64


def _near(block: int, offset: int) -> int:
    """A row count at a block boundary (just below, on or above), or any other."""
    return max(0, block * (1 + offset // 3) + offset % 3 - 1) if offset < 9 else offset


@FEW
@given(
    n_raw=st.integers(1, 40),
    n_group_raw=st.integers(1, 12),
    block=st.integers(1, 70),
    offset=st.integers(0, 120),
    grouped=st.booleans(),
    code_type=st.sampled_from(CODE_TYPES),
    group_type=st.sampled_from(CODE_TYPES),
    weights=st.sampled_from(["fractional", "zero", "whole", "huge"]),
    blank=st.floats(0, 1),
    readonly=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
)
def test_the_weighted_pair_count_equals_add_at(  # noqa: PLR0917 (hypothesis passes keywords)
    n_raw: int,
    n_group_raw: int,
    block: int,
    offset: int,
    grouped: bool,
    code_type: type,
    group_type: type,
    weights: str,
    blank: float,
    readonly: bool,
    seed: int,
) -> None:
    # Byte codes with up to 256 pairs take the byte path, the others the intp path; `blank`
    # of 1 makes every code -1 (an all-missing column), and n runs across block ends.
    # Read-only weights (as pandas' copy-on-write gives them) are copied block by block
    # into a reused buffer: the same sums.
    rng = np.random.default_rng(seed)
    n = _near(block, offset)
    codes = rng.integers(-1, n_raw - 1, n).astype(code_type)
    codes[rng.random(n) < blank] = -1
    n_groups = n_group_raw if grouped else 1
    groups = rng.integers(-1, n_groups - 1, n).astype(group_type) if grouped else None
    w = _weights(rng, n, weights)
    w.flags.writeable = not readonly
    sums, plain, squares = _kernels.weighted_pairs(codes, groups, n_raw, n_groups, w, block=block)[
        :3
    ]
    at = (
        (np.zeros(n, dtype=np.intp) if groups is None else groups.astype(np.intp) + 1),
        codes.astype(np.intp) + 1,
    )
    expected = [np.zeros((n_groups, n_raw)) for _ in range(2)]
    np.add.at(expected[0], at, w)
    np.add.at(expected[1], at, w * w)
    counted = np.zeros((n_groups, n_raw), dtype=np.int64)
    np.add.at(counted, at, 1)
    assert plain.dtype == np.int64
    assert np.array_equal(plain, counted)
    np.testing.assert_allclose(sums, expected[0], rtol=1e-12)
    np.testing.assert_allclose(squares, expected[1], rtol=1e-12)
    # With the default block every one of these tables is one block, counted from one
    # flat index made at once (no block buffers): the sums of add.at, bit for bit (both
    # add each row's weight in row order).
    whole = _kernels.weighted_pairs(codes, groups, n_raw, n_groups, w)
    for got, want in zip(whole[:3], (expected[0], counted, expected[1]), strict=True):
        np.testing.assert_array_equal(got, want)
    # The plain and weighted counts of the older entry points agree with the fused pass.
    both, none = _kernels.count_pairs_both(codes, groups, n_raw, n_groups, w, block=block)
    assert none is None
    np.testing.assert_allclose(both, sums, rtol=1e-12)
    # Unweighted, one byte column of few codes is counted by comparisons (blocks of 4 x block).
    unweighted = _kernels.count_pairs(codes, groups, n_raw, n_groups, None, block=block)
    assert np.array_equal(unweighted, counted)


def test_one_row_and_no_rows_are_counted() -> None:
    one = _kernels.weighted_pairs(
        np.array([2], dtype=np.int8), np.array([-1], dtype=np.int8), 4, 3, np.array([2.5])
    )[:3]
    assert one[0][0, 3] == 2.5
    assert one[1].sum() == one[1][0, 3] == 1
    assert one[2][0, 3] == 6.25
    none = _kernels.weighted_pairs(np.array([], dtype=np.int8), None, 4, 1, np.array([]))[:3]
    assert [a.shape for a in none] == [(1, 4)] * 3
    assert all(a.sum() == 0 for a in none)


@FEW
@given(words=st.lists(st.integers(0, 2**64 - 1), max_size=40))
def test_the_swar_popcount_equals_python(words: list[int]) -> None:
    array = np.array(words, dtype=np.uint64)
    swar = _kernels._popcount_swar(array, np.empty(len(words), dtype=np.uint8))
    assert swar.tolist() == [bin(w).count("1") for w in words]
    assert _kernels.popcount(array, np.empty(len(words), dtype=np.uint8)).tolist() == swar.tolist()


@FEW
@given(
    k=st.integers(0, 5),
    n=st.integers(0, 300),
    slots=st.integers(1, 5),
    words=st.integers(1, 4),
    seed=st.integers(0, 2**32 - 1),
)
def test_packed_ticks_without_bitwise_count_equal_a_loop(
    k: int, n: int, slots: int, words: int, seed: int
) -> None:
    # numpy < 2.0 has no bitwise_count (the project supports numpy 1.26): the fallback.
    rng = np.random.default_rng(seed)
    ticks = rng.random((k, n)) < 0.4
    group = rng.integers(0, slots, n).astype(np.int8)
    saved = _kernels._BITWISE_COUNT
    _kernels._BITWISE_COUNT = None
    try:
        fast = _kernels.count_ticks(ticks, group, slots, None, words=words)
    finally:
        _kernels._BITWISE_COUNT = saved
    expected = np.zeros((k, slots), dtype=np.int64)
    np.add.at(expected, (np.repeat(np.arange(k), n), np.tile(group, k)), ticks.ravel())
    assert np.array_equal(fast, expected)


def _cell(kind: str, tick: bool, missing: str | None) -> Any:
    if missing is not None and kind == "object":
        return missing
    return {"int8": np.int8, "int64": np.int64, "bool": bool, "object": int}[kind](tick)


@FEW
@given(
    rows=st.lists(st.lists(st.booleans(), min_size=4, max_size=4), max_size=50),
    data=st.data(),
    kind=st.sampled_from(["int8", "int64", "bool", "object"]),
    weighted=st.booleans(),
)
def test_multi_response_tables_equal_a_loop(
    rows: list[list[bool]], data: st.DataObject, kind: str, weighted: bool
) -> None:
    n = len(rows)
    rows = [[*row[:3], False] for row in rows]  # "none" never ticked: no exclusive clash
    missing = data.draw(
        st.lists(st.sampled_from([None, None, SKIPPED, NOT_ASKED]), min_size=n, max_size=n)
    )
    groups = data.draw(st.lists(st.sampled_from(["g1", "g2", None]), min_size=n, max_size=n))
    w = [float(x) for x in data.draw(st.lists(st.integers(0, 30), min_size=n, max_size=n))]
    df = pd.DataFrame({"g": pd.Categorical(groups, categories=GROUPS), "w": w})
    for j in range(4):
        # In an object set, an unticked row with a marker holds the marker in every column.
        cells = [
            _cell(kind, row[j], None if any(row) else m)
            for row, m in zip(rows, missing, strict=True)
        ]
        df[f"i{j}"] = pd.Series(cells, dtype=object if kind == "object" else kind)
    table = tt.multi_response(
        df,
        "set",
        columns=[f"i{j}" for j in range(4)],
        options=OPTIONS,
        by="g",
        weights="w" if weighted else None,
    )
    weight = [wi if weighted else 1.0 for wi in w]
    assert table.excluded is not None
    for group in GROUPS:
        members = [i for i in range(n) if groups[i] == group]
        answered = [i for i in members if any(rows[i])]
        for j, option in enumerate(OPTIONS):
            expected = sum(weight[i] for i in answered if rows[i][j])
            assert table.counts.loc[option, group] == expected
        assert table.bases[group] == sum(weight[i] for i in answered)
        if weighted:
            assert table.unweighted_bases is not None
            assert table.unweighted_bases[group] == len(answered)
        # A row with no tick is skipped unless its cells say "not asked".
        routed = [i for i in members if kind == "object" and missing[i] == NOT_ASKED]
        skipped = [i for i in members if not any(rows[i]) and i not in routed]
        assert table.excluded.loc["skipped", group] == sum(weight[i] for i in skipped)
        not_asked = [i for i in routed if not any(rows[i])]
        assert table.excluded.loc["not_asked", group] == sum(weight[i] for i in not_asked)


@FEW
@given(
    answers=st.lists(st.sampled_from([*OPTIONS, None, SKIPPED, NOT_ASKED]), max_size=60),
    data=st.data(),
    places=st.integers(1, 2),
)
def test_weighted_frequencies_are_exact_decimal_sums(
    answers: list[Any], data: st.DataObject, places: int
) -> None:
    n = len(answers)
    groups = data.draw(st.lists(st.sampled_from(["g1", "g2", None]), min_size=n, max_size=n))
    units = data.draw(st.lists(st.integers(0, 10**places * 5), min_size=n, max_size=n))
    w = [u / 10**places for u in units]  # 0.7, 1.25...: sums exact in decimals
    df = pd.DataFrame(
        {
            "q": pd.Series(answers, dtype=object),
            "g": pd.Categorical(groups, categories=GROUPS),
            "w": w,
        }
    )
    table = tt.frequencies(df, "q", options=OPTIONS, by="g", weights="w")
    for group in GROUPS:
        for option in OPTIONS:
            held = [i for i in range(n) if answers[i] == option and groups[i] == group]
            exact = sum((Fraction(units[i], 10**places) for i in held), Fraction(0))
            assert table.counts.loc[option, group] == float(exact)  # not merely close
            assert table.unweighted_counts is not None
            assert table.unweighted_counts.loc[option, group] == len(held)
        assert table.unweighted_bases is not None
        asked = [i for i in range(n) if answers[i] in OPTIONS and groups[i] == group]
        assert table.unweighted_bases[group] == len(asked)


def test_many_answers_by_many_groups_are_counted_like_pandas() -> None:
    # 20 answers by 20 groups, both int8 categorical codes: (group + 1) * 21 overflowed
    # int8 in the flat index (a crash, or counts in the wrong cells) before it was widened.
    rng = np.random.default_rng(5)
    options = [f"o{i}" for i in range(20)]
    groups = [f"g{i}" for i in range(20)]
    df = pd.DataFrame(
        {
            "q": pd.Categorical(np.array(options)[rng.integers(0, 20, 3000)], categories=options),
            "g": pd.Categorical(np.array(groups)[rng.integers(0, 20, 3000)], categories=groups),
            "w": rng.integers(1, 4, 3000).astype(float),
        }
    )
    expected = pd.crosstab(df["q"], df["g"])
    table = tt.frequencies(df, "q", by="g", total=False)
    assert table.counts.to_numpy().tolist() == expected.to_numpy().tolist()
    weighted = tt.frequencies(df, "q", by="g", weights="w", total=False)
    sums = pd.crosstab(df["q"], df["g"], values=df["w"], aggfunc="sum").fillna(0)
    assert weighted.counts.to_numpy().tolist() == sums.to_numpy().tolist()
    assert weighted.unweighted_counts is not None
    assert weighted.unweighted_counts.to_numpy().tolist() == expected.to_numpy().tolist()


def _places_by_loop(weights: np.ndarray) -> int | None:
    """The check weight by weight and place by place that decimal_places replaced."""
    for places in range(10):
        if all(
            abs(w * 10.0**places - round(w * 10.0**places))
            <= abs(w * 10.0**places) * 4 * np.finfo(float).eps
            for w in weights.tolist()
        ):
            return places
    return None


@FEW
@given(
    units=st.lists(st.integers(0, 10**6), min_size=1, max_size=80),
    places=st.integers(0, 11),
    odd=st.integers(0, 1),
    block=st.integers(1, 30),
    raked=st.booleans(),
)
def test_decimal_places_equal_a_loop(
    units: list[int], places: int, odd: int, block: int, raked: bool
) -> None:
    # Weights with `places` decimals; with `odd`, one weight past the 256 of the sample
    # needs 3 places (or is raked), so the check on every block must catch what the sample missed.
    w = np.array(units, dtype=np.float64) / 10.0**places
    if odd % 2:
        w = np.concatenate([np.ones(300), w, [1 / 3 if raked else 0.125]])
    assert _kernels.decimal_places(w, block=block) == _places_by_loop(w)


def test_decimal_places_allocates_no_block_temporaries() -> None:
    # The check of every weight reuses three block buffers: a temporary per step and
    # block (512 KiB each, 2 MiB at the peak) had its pages faulted in afresh every time,
    # which made the check of 1e7 weights with two places cost 35-150 ms instead of 18.
    # (Allocation is what is measured here, not time.)
    import tracemalloc

    w = np.round(np.random.default_rng(0).random(300_000) * 2, 2)
    assert _kernels.decimal_places(w) == 2  # the buffers of this thread are made here
    tracemalloc.start()
    try:
        assert _kernels.decimal_places(w) == 2
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 256 * 1024, peak


def test_decimal_places_of_no_weights_is_none() -> None:
    assert _kernels.decimal_places(np.array([])) is None
    assert _kernels.decimal_places(np.array([0.7, 4.9, 2.0])) == 1
    assert _kernels.decimal_places(np.array([1.0, 2.0])) == 0
    # Normalised weights are not whole numbers: 5e-7 is written with 7 places, not 0.
    assert _kernels.decimal_places(np.array([5e-7, 1e-7])) == 7
    assert _kernels.decimal_places(np.array([1 / 3e6])) is None
    # float32 weights read as float64 are not decimals: their sums are left as they are.
    assert _kernels.decimal_places(np.array([1.1, 0.7], dtype=np.float32).astype(float)) is None
    assert _kernels.decimal_places(np.array([0.7, 123456.789])) == 3


def test_multi_response_by_forty_groups_is_counted_like_pandas() -> None:
    # 40 groups: the states x groups index was computed in the groups' int8 slots, and
    # (group - 1) * 4 overflowed from 32 groups on (a crash before it was widened).
    rng = np.random.default_rng(6)
    groups = [f"g{i}" for i in range(40)]
    df = pd.DataFrame({f"o{j}": (rng.random(2000) < 0.3).astype(np.int8) for j in range(3)})
    df["g"] = pd.Categorical(np.array(groups)[rng.integers(0, 40, 2000)], categories=groups)
    table = tt.multi_response(df, "set", columns=["o0", "o1", "o2"], by="g", total=False)
    expected = df.groupby("g", observed=False)[["o0", "o1", "o2"]].sum().T
    assert table.counts.to_numpy().tolist() == expected.to_numpy().tolist()
    answered = df[["o0", "o1", "o2"]].to_numpy().any(axis=1)
    bases = pd.Series(answered).groupby(df["g"].to_numpy()).sum().reindex(groups)
    assert table.bases.tolist() == bases.tolist()


@FEW
@given(
    n=st.integers(0, 150),
    block=st.integers(1, 40),
    zeros=st.floats(0, 1),
    nan_at=st.one_of(st.none(), st.integers(0, 149)),
    grouped=st.booleans(),
    readonly=st.booleans(),
    tiny=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
)
def test_what_the_weighted_pass_finds_of_the_weights_equals_numpy(  # noqa: PLR0917
    n: int,
    block: int,
    zeros: float,
    nan_at: int | None,
    grouped: bool,
    readonly: bool,
    tiny: bool,
    seed: int,
) -> None:
    # Block by block: the smallest weight (NaN once any weight is NaN, whatever block it
    # is in; infinity without weights), whether a weight lies between 0 and `low`, and the
    # rows weighted 0 per pair (None where no weight is 0), beside the same sums as
    # the pass without `low`.
    rng = np.random.default_rng(seed)
    w = rng.random(n) * 4 + 0.25
    w[rng.random(n) < zeros] = 0.0
    if nan_at is not None and nan_at < n:
        w[nan_at] = np.nan
    w.flags.writeable = not readonly
    codes = rng.integers(-1, 3, n).astype(np.int8)
    groups = rng.integers(-1, 2, n).astype(np.int8) if grouped else None
    n_groups = 3 if grouped else 1
    low = 0.5 if tiny else 0.0
    found = _kernels.weighted_pairs(codes, groups, 4, n_groups, w, block=block, low=low)
    expected = float(np.min(w)) if n else np.inf
    assert found.smallest == expected or (np.isnan(found.smallest) and np.isnan(expected))
    sums = _kernels.weighted_pairs(codes, groups, 4, n_groups, w, block=block)[:3]
    for got, want in zip(found[:3], sums, strict=True):
        np.testing.assert_array_equal(got, want)
    if np.isnan(w).any():
        return  # refused: what else the pass found is not read
    assert found.tiny == bool(((w > 0) & (w < low)).any())
    if not (w == 0).any():
        assert found.zeros is None
        return
    at = (
        np.zeros(n, dtype=np.intp) if groups is None else groups.astype(np.intp) + 1,
        codes.astype(np.intp) + 1,
    )
    counted = np.zeros((n_groups, 4), dtype=np.int64)
    np.add.at(counted, (at[0][w == 0], at[1][w == 0]), 1)
    assert found.zeros is not None
    assert np.array_equal(found.zeros, counted)


@FEW
@given(
    n=st.integers(0, 300),
    n_raw=st.sampled_from([1, 2, 7, 12, 64, 129, 300]),
    n_group_raw=st.sampled_from([1, 2, 3, 11]),
    grouped=st.booleans(),
    code_type=st.sampled_from(CODE_TYPES),
    block=st.integers(1, 70),
    seed=st.integers(0, 2**32 - 1),
)
def test_the_flat_index_raises_marked_rows_past_the_pairs(  # noqa: PLR0917
    n: int,
    n_raw: int,
    n_group_raw: int,
    grouped: bool,
    code_type: type[np.integer[Any]],
    block: int,
    seed: int,
) -> None:
    # A marked row's index is raised by the number of pairs, in bytes while the raised
    # index fits in one (7 x 11 pairs: 154) and in intp past that (12 x 11: 264) or for
    # wider codes; unmarked rows keep their index.
    rng = np.random.default_rng(seed)
    groups_n = n_group_raw if grouped else 1
    wide: type[np.integer[Any]] = np.int16 if code_type is np.int8 and n_raw > 127 else code_type
    codes = rng.integers(-1, n_raw - 1, n).astype(wide)
    groups = rng.integers(-1, groups_n - 1, n).astype(code_type) if grouped else None
    marked = rng.random(n) < 0.3
    index = _kernels._FlatIndex(codes, groups, n_raw, groups_n, block)
    size = n_raw * groups_n
    expected = codes.astype(np.intp) + 1 + size * marked
    if groups is not None:
        expected += (groups.astype(np.intp) + 1) * n_raw
    for start in range(0, n, index.block):
        stop = min(n, start + index.block)
        plain = index.of(start, stop).copy()
        np.testing.assert_array_equal(plain, expected[start:stop] - size * marked[start:stop])
        raised = index.of(start, stop, marked[start:stop])
        np.testing.assert_array_equal(raised, expected[start:stop])


@FEW
@given(
    n=st.integers(0, 400),
    n_raw=st.sampled_from([2, 7, 12, 300]),
    grouped=st.booleans(),
    block=st.integers(1, 70),
    zeros=st.sampled_from([0.0, 0.05, 0.5, 1.0]),
    low=st.sampled_from([0.0, 0.5]),
    seed=st.integers(0, 2**32 - 1),
)
def test_rows_weighted_0_leave_the_sums_bits_and_are_counted_per_pair(  # noqa: PLR0917
    n: int, n_raw: int, grouped: bool, block: int, zeros: float, low: float, seed: int
) -> None:
    # The rows weighted 0 are counted past the pairs by the pass's own bincounts: the
    # pairs' sums keep the bits of one plain bincount per block (count_pairs), and the
    # rows, the rows weighted 0 and whether a weight is tiny are a loop's, whether the
    # raised index is made in bytes (7 x 11 pairs) or in intp (12 x 11, 300 x 11).
    rng = np.random.default_rng(seed)
    n_groups = 11 if grouped else 1
    code_type: type[np.integer[Any]] = np.int8 if n_raw < 128 else np.int16
    codes = rng.integers(-1, n_raw - 1, n).astype(code_type)
    groups = rng.integers(-1, n_groups - 1, n).astype(np.int8) if grouped else None
    w = rng.random(n) * 3
    w[rng.random(n) < zeros] = 0.0
    w[rng.random(n) < 0.05] = 0.25  # below `low` when it is 0.5
    found = _kernels.weighted_pairs(codes, groups, n_raw, n_groups, w, low=low, block=block)
    np.testing.assert_array_equal(
        found.sums, _kernels.count_pairs(codes, groups, n_raw, n_groups, w, block=block)
    )
    at = (
        np.zeros(n, dtype=np.intp) if groups is None else groups.astype(np.intp) + 1,
        codes.astype(np.intp) + 1,
    )
    rows = np.zeros((n_groups, n_raw), dtype=np.int64)
    np.add.at(rows, at, 1)
    assert np.array_equal(found.plain, rows)
    assert found.tiny == bool(((w > 0) & (w < low)).any())
    if not (w == 0).any():
        assert found.zeros is None
        return
    counted = np.zeros((n_groups, n_raw), dtype=np.int64)
    np.add.at(counted, (at[0][w == 0], at[1][w == 0]), 1)
    assert found.zeros is not None
    assert np.array_equal(found.zeros, counted)


HOSTILE_WEIGHTS = st.one_of(
    st.floats(0, 5),
    st.sampled_from([0.0, -0.0, np.nan, np.inf, -np.inf, -1.0, 1e-200, 1e149, 6e149, 1.25]),
)


@FEW
@given(data=st.data(), n=st.integers(0, 40), blank=st.booleans())
def test_weights_checked_from_the_count_are_refused_as_before(
    data: st.DataObject, n: int, blank: bool
) -> None:
    # frequencies() checks the weights from the counting pass (their sum and smallest);
    # the reference is the check on its own (tt.tabulate._weights), as it ran before the
    # count: the same error, word for word, or a table whose sums and rows weighted 0
    # are those of a loop. Empty groups (g3), all-missing columns (`blank`), zeros, NaN,
    # infinities, negatives, weights too small and sums too large.
    from tracktr.tabulate import _weights as reference_check

    answers = (
        [None] * n
        if blank
        else data.draw(st.lists(st.sampled_from([*OPTIONS, None]), min_size=n, max_size=n))
    )
    groups = data.draw(st.lists(st.sampled_from(["g1", "g2", None]), min_size=n, max_size=n))
    w = data.draw(st.lists(HOSTILE_WEIGHTS, min_size=n, max_size=n))
    df = pd.DataFrame(
        {
            "q": pd.Series(answers, dtype=object),
            "g": pd.Categorical(groups, categories=GROUPS),
            "w": pd.Series(w, dtype=np.float64),
        },
        index=pd.RangeIndex(100, 100 + n),
    )
    try:
        reference_check(df, "w")
    except tt.InvalidWeightsError as refused:
        message = str(refused)
    else:
        message = None
    if message is not None:
        with pytest.raises(tt.InvalidWeightsError) as raised:
            tt.frequencies(df, "q", options=OPTIONS, by="g", weights="w")
        assert str(raised.value) == message
        return
    table = tt.frequencies(df, "q", options=OPTIONS, by="g", weights="w")
    for group in GROUPS:
        held = [i for i in range(n) if answers[i] in OPTIONS and groups[i] == group]
        for option in OPTIONS:
            cell = [w[i] for i in held if answers[i] == option]
            assert table.counts.loc[option, group] == pytest.approx(sum(cell), rel=1e-12)
        zeros = sum(1 for i in held if w[i] == 0)
        shown = 0 if table.zero_weights is None else int(table.zero_weights[group])
        assert shown == zeros


@pytest.mark.parametrize("zeros", [0.0, 0.05])
def test_weighted_tables_make_no_mask_of_the_rows(zeros: float) -> None:
    # The weights' range is checked, and the rows weighted 0 are counted, from the
    # counting pass, block by block: no full-length `w == 0` mask (1 MiB at 1e6 rows), nor
    # the codes of those rows picked out by it, nor a mask of weights between 0 and the
    # lowest allowed. (Allocation is what is measured here, not time.)
    import tracemalloc

    n = 10**6
    rng = np.random.default_rng(0)
    df = pd.DataFrame(
        {
            "q": pd.Categorical.from_codes(rng.integers(0, 3, n), categories=OPTIONS[:3]),
            "g": pd.Categorical.from_codes(rng.integers(0, 3, n), categories=GROUPS),
            "w": np.where(rng.random(n) < zeros, 0.0, 0.5 + rng.random(n)),
        }
    )
    first = tt.frequencies(df, "q", by="g", weights="w")  # the kernels' buffers are made here
    tracemalloc.start()
    try:
        again = tt.frequencies(df, "q", by="g", weights="w")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 512 * 1024, peak
    assert again.counts.equals(first.counts)
    if zeros:
        assert again.zero_weights is not None
        held = df["w"].eq(0) & df["q"].notna()
        assert again.zero_weights["All"] == held.sum()
        assert again.zero_weights.drop("All").tolist() == [
            (held & df["g"].eq(g)).sum() for g in GROUPS
        ]
    else:
        assert again.zero_weights is None


def _decimal_weights(rng: np.random.Generator, n: int, kind: str) -> np.ndarray:
    """Weights of `n` rows with zeros: of two decimals, of more, raked, or whole."""
    units = rng.integers(0, 500, n)
    units[rng.random(n) < 0.2] = 0  # a weight of 0 leaves a respondent out on purpose
    if kind == "two decimals":
        return units / 100.0
    if kind == "five decimals":
        return units / 1e5
    if kind == "raked":
        return np.where(units > 0, rng.random(n) * 3, 0.0)
    return units.astype(np.float64)


@FEW
@given(
    offset=st.integers(0, 8),
    kind=st.sampled_from(["two decimals", "five decimals", "raked", "whole"]),
    blank=st.sampled_from([0.0, 0.3, 1.0]),
    grouped=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
)
def test_weighted_tables_around_a_block_equal_pandas(
    offset: int, kind: str, blank: float, grouped: bool, seed: int
) -> None:
    # A weighted table, one-way or by group, is that of pandas (a groupby of the weights,
    # of their squares for Kish's effective base, and of the rows), with exact decimal sums
    # for weights of few places (decimal_places, checked against a loop), at sizes on
    # either side of the counting kernel's block (`_near`: the block's end, one more or
    # one less row), with zeros, an empty group (g3) and all-missing answers (`blank` 1).
    rng = np.random.default_rng(seed)
    n = _near(_kernels.BLOCK, offset)
    w = _decimal_weights(rng, n, kind)
    answers = np.array(OPTIONS, dtype=object)[rng.integers(0, len(OPTIONS), n)]
    answers[rng.random(n) < blank] = None
    df = pd.DataFrame(
        {
            "q": pd.Categorical(answers, categories=OPTIONS),
            "g": pd.Categorical.from_codes(rng.integers(0, 2, n), categories=GROUPS),
            "w": w,
        }
    )
    if grouped:
        table = tt.frequencies(df, "q", by="g", weights="w", total=False)
        columns = GROUPS
    else:
        table = tt.frequencies(df, "q", weights="w")
        columns = ["All"]
        df["g"] = pd.Categorical(["All"] * n, categories=columns)
    answered = df[df["q"].notna()].assign(squares=lambda d: d["w"] ** 2)
    by_pair = answered.groupby(["q", "g"], observed=False)
    sums = by_pair["w"].sum().unstack().reindex(index=OPTIONS, columns=columns)
    rows = by_pair.size().unstack().reindex(index=OPTIONS, columns=columns)
    assert table.counts.columns.tolist() == columns
    assert table.unweighted_counts is not None
    assert table.unweighted_counts.to_numpy().tolist() == rows.to_numpy().tolist()
    places = _places_by_loop(w)
    assert _kernels.decimal_places(w) == places
    if places is None:
        np.testing.assert_allclose(table.counts.to_numpy(), sums.to_numpy(), rtol=1e-12)
    else:  # exact: each sum is the decimal sum of the weights, as Fractions give it
        units = np.rint(answered["w"].to_numpy() * 10.0**places).astype(np.int64)
        exact = (
            pd.Series(units, index=answered.index)
            .groupby([answered["q"], answered["g"]], observed=False)
            .sum()
            .unstack()
            .reindex(index=OPTIONS, columns=columns)
        )
        expected = [[float(Fraction(int(u), 10**places)) for u in row] for row in exact.to_numpy()]
        assert table.counts.to_numpy().tolist() == expected
    assert table.effective_bases is not None
    by_group = answered.groupby("g", observed=False)[["w", "squares"]].sum().reindex(columns)
    squares = by_group["squares"].to_numpy()
    kish = np.where(
        squares > 0, by_group["w"].to_numpy() ** 2 / np.where(squares > 0, squares, 1), 0
    )
    np.testing.assert_allclose(table.effective_bases.to_numpy(dtype=float), kish, rtol=1e-9)


# -- counting in threads ---------------------------------------------------------------------


@contextmanager
def _threads_allowed(value: str | None) -> Iterator[None]:
    """Run the block with ``TRACKTR_THREADS`` set to `value` (None: unset)."""
    with mock.patch.dict(os.environ):
        os.environ.pop("TRACKTR_THREADS", None)
        if value is not None:
            os.environ["TRACKTR_THREADS"] = value
        yield


def _hostile(rng: np.random.Generator, n: int, kind: str) -> np.ndarray:
    """Weights of one kind, or with a NaN, a negative or a tiny weight among fractions."""
    if kind not in {"nan", "negative", "tiny"}:
        return _weights(rng, n, kind)
    w = _weights(rng, n, "fractional")
    if n:
        w[rng.integers(0, n)] = {"nan": np.nan, "negative": -1.0, "tiny": 1e-9}[kind]
    return w


@FEW
@given(
    threads=st.integers(2, 3),
    split=st.integers(1, 150),
    around=st.integers(-1, 1),
    odd=st.booleans(),
    block=st.integers(1, 40),
    n_raw=st.integers(1, 12),
    n_group_raw=st.integers(1, 5),
    grouped=st.booleans(),
    kind=st.sampled_from(["fractional", "zero", "whole", "huge", "nan", "negative", "tiny"]),
    blank=st.sampled_from([0.0, 0.3, 1.0]),
    readonly=st.booleans(),
    low=st.sampled_from([0.0, 0.5]),
    seed=st.integers(0, 2**32 - 1),
)
def test_the_weighted_pair_count_in_threads_equals_one_thread(  # noqa: PLR0917
    threads: int,
    split: int,
    around: int,
    odd: bool,
    block: int,
    n_raw: int,
    n_group_raw: int,
    grouped: bool,
    kind: str,
    blank: float,
    readonly: bool,
    low: float,
    seed: int,
) -> None:
    # From `split` rows on, the rows are counted in runs, one a thread, with blocks
    # THREAD_SCALE times as large: the same rows per pair and the same findings about the
    # weights (smallest; tiny and rows weighted 0 unless a weight is refused), the sums of
    # one thread up to float rounding, and the same bits on every call (the runs are added
    # in the order of the rows). n is just below, at or above `split`, or made odd;
    # `blank` 1 is an all-missing column; the last group slots are often empty.
    rng = np.random.default_rng(seed)
    n = max(0, split + around) | int(odd)
    codes = rng.integers(-1, n_raw - 1, n).astype(np.int8)
    codes[rng.random(n) < blank] = -1
    n_groups = n_group_raw if grouped else 1
    groups = rng.integers(-1, max(0, n_groups - 2), n).astype(np.int8) if grouped else None
    w = _hostile(rng, n, kind)
    w.flags.writeable = not readonly
    shape = (codes, groups, n_raw, n_groups, w)
    with _threads_allowed("1"):
        one = _kernels.weighted_pairs(*shape, low=low, block=block, split_from=split)
    with _threads_allowed(str(threads)):
        runs = _kernels._bounds(n, block, split)
        many = _kernels.weighted_pairs(*shape, low=low, block=block, split_from=split)
        again = _kernels.weighted_pairs(*shape, low=low, block=block, split_from=split)
    assert len(runs) == (min(threads, -(-n // block)) if n >= split else 1)
    assert [start for start, _ in runs[1:]] == [stop for _, stop in runs[:-1]]
    assert all(start % block == 0 for start, _ in runs)
    assert many.plain.dtype == np.int64
    assert np.array_equal(many.plain, one.plain)
    for got, same in zip(many[:3], again[:3], strict=True):
        np.testing.assert_array_equal(got, same)
    scale = float(np.nansum(np.abs(w)))
    with np.errstate(over="ignore"):
        np.testing.assert_allclose(many.sums, one.sums, rtol=1e-12, atol=1e-12 * scale)
        np.testing.assert_allclose(
            many.squares, one.squares, rtol=1e-12, atol=1e-12 * scale * scale
        )
    assert many.smallest == one.smallest or (np.isnan(many.smallest) and np.isnan(one.smallest))
    if kind in {"nan", "negative"}:
        return  # refused: the rest of what the pass found is not read
    assert many.tiny == one.tiny
    assert (many.zeros is None) == (one.zeros is None)
    if many.zeros is not None and one.zeros is not None:
        assert np.array_equal(many.zeros, one.zeros)


SPECIAL_WEIGHTS = [np.nan, np.inf, -np.inf, -1.25, 0.0, -0.0, 1e-300, 5e-324, 1e300, 1e308]
WEIGHT_KINDS = ["whole", *(f"{p} places" for p in range(1, 10)), "raked", "huge", "special"]


def _weights_of_kind(rng: np.random.Generator, n: int, kind: str) -> np.ndarray:
    """`n` weights of one kind: whole, of 1-9 places, raked, huge, or special values.

    A huge weight is whole, so written with few places, but not with many: scaled by
    10**places it overflows (the one way more places can fail where fewer pass).
    """
    if kind == "raked":
        return rng.random(n) * 3
    if kind == "huge":
        return rng.integers(1, 10**6, n) * 1e300
    if kind == "special":
        return rng.choice(np.array(SPECIAL_WEIGHTS), n)
    places = 0 if kind == "whole" else int(kind.split(maxsplit=1)[0])
    return rng.integers(0, 10**6, n) / 10.0**places


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    segments=st.lists(
        st.tuples(st.integers(0, 120), st.sampled_from(WEIGHT_KINDS)), min_size=1, max_size=4
    ),
    threads=st.integers(1, 3),
    split=st.integers(1, 400),
    block=st.integers(1, 12),
    grouped=st.booleans(),
    readonly=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
)
def test_the_places_found_in_the_weighted_pass_equal_decimal_places(  # noqa: PLR0917
    segments: list[tuple[int, str]],
    threads: int,
    split: int,
    block: int,
    grouped: bool,
    readonly: bool,
    seed: int,
) -> None:
    # The decimal places weighted_pairs finds block by block in its counting pass (in
    # runs of THREAD_SCALE * block rows from `split` rows on, one run a thread) are
    # decimal_places' answer and the loop's, for weights made of segments of each kind:
    # whole, 1-9 places, raked, NaN, infinities, negative, 0, -0, tiny, subnormal, huge.
    # A segment of more places after one of fewer drops a candidate in a later block or
    # run, which must then be checked on the rows before it.
    rng = np.random.default_rng(seed)
    w = np.concatenate([_weights_of_kind(rng, n, kind) for n, kind in segments])
    w.flags.writeable = not readonly
    n = len(w)
    codes = rng.integers(-1, 3, n).astype(np.int8)
    groups = rng.integers(-1, 2, n).astype(np.int8) if grouped else None
    with _threads_allowed(str(threads)), np.errstate(over="ignore", invalid="ignore"):
        found = _kernels.weighted_pairs(
            codes, groups, 4, 3 if grouped else 1, w, low=0.5, block=block, split_from=split
        )
        expected = _kernels.decimal_places(w, block=block)
    assert found.places == expected == (_finite_places_by_loop(w) if n else None)


def _finite_places_by_loop(weights: np.ndarray) -> int | None:
    """:func:`_places_by_loop`, where a weight that is not finite once scaled fails."""
    for places in range(10):
        if all(_written_by_loop(w, places) for w in weights.tolist()):
            return places
    return None


def _written_by_loop(w: float, places: int) -> bool:
    """Whether one weight is written with `places` decimals (the loop's test).

    A weight that is not finite once scaled is not: in numpy, inf - rint(inf) is NaN,
    which no comparison passes.
    """
    scaled = w * 10.0**places
    if not np.isfinite(scaled):
        return False
    return bool(abs(scaled - round(scaled)) <= abs(scaled) * 4 * np.finfo(float).eps)


def test_places_the_first_weights_allow_but_a_later_run_drops_are_checked_again() -> None:
    # Runs of 64 rows (blocks of 32) in two threads; the sample is the first 256 weights
    # (two places). A later run of three places drops two, so three is checked on the
    # earlier runs' rows (they pass); a weight of four places after the sample is found
    # in its run. A huge weight after the sample is written with two places but not
    # with nine (scaled, it overflows): nine places, kept by a later run of 1e-9 weights,
    # are refused on its rows, whether its run kept two places throughout or dropped
    # them in a later block.
    block, split = 4, 1
    part = _kernels.PART_BLOCKS * _kernels.THREAD_SCALE * block  # 64 rows a run
    two = np.full(300, 0.25)
    three = np.full(part, 0.125)
    with _threads_allowed("2"):
        w = np.concatenate([two, three])
        counted = _kernels.weighted_pairs(
            np.zeros(len(w), np.int8), None, 2, 1, w, block=block, split_from=split
        )
        assert counted.places == 3
        w = np.concatenate([two[:280], [0.0625], two[:20], three])
        counted = _kernels.weighted_pairs(
            np.zeros(len(w), np.int8), None, 2, 1, w, block=block, split_from=split
        )
        assert counted.places == 4
        counted = _kernels.weighted_pairs(np.zeros(len(w), np.int8), None, 2, 1, w, block=block)
        assert counted.places == 4
        # The huge weight in a run that keeps two places, or in the run that drops them
        # in a later block.
        for before, after in ((280, 120), (260, 39)):
            w = np.concatenate([two[:before], [1e300], two[:after], np.full(part, 1e-9)])
            with np.errstate(over="ignore", invalid="ignore"):
                assert _kernels.decimal_places(w) is None
                counted = _kernels.weighted_pairs(
                    np.zeros(len(w), np.int8), None, 2, 1, w, block=block, split_from=split
                )
            assert counted.places is None
    assert _kernels.weighted_pairs(np.zeros(0, np.int8), None, 2, 1, np.zeros(0)).places is None


@FEW
@given(
    n_raw=st.integers(1, 12),
    n_group_raw=st.integers(1, 5),
    grouped=st.booleans(),
    weighted=st.booleans(),
    block=st.integers(1, 40),
    offset=st.integers(0, 120),
    blank=st.sampled_from([0.0, 0.3, 1.0]),
    seed=st.integers(0, 2**32 - 1),
)
def test_pairs_with_their_unweighted_counts_equal_add_at(  # noqa: PLR0917
    n_raw: int,
    n_group_raw: int,
    grouped: bool,
    weighted: bool,
    block: int,
    offset: int,
    blank: float,
    seed: int,
) -> None:
    # count_pairs_both with `unweighted` gives the rows per pair on every path: one byte
    # column of up to 10 codes, unweighted and of a block or more, is counted by
    # comparisons (_count_few_codes), which gave None for them.
    rng = np.random.default_rng(seed)
    n = _near(block, offset)
    codes = rng.integers(-1, n_raw - 1, n).astype(np.int8)
    codes[rng.random(n) < blank] = -1
    n_groups = n_group_raw if grouped else 1
    groups = rng.integers(-1, max(0, n_groups - 2), n).astype(np.int8) if grouped else None
    w = _weights(rng, n, "fractional") if weighted else None
    at = (
        (np.zeros(n, dtype=np.intp) if groups is None else groups.astype(np.intp) + 1),
        codes.astype(np.intp) + 1,
    )
    counted = np.zeros((n_groups, n_raw), dtype=np.int64)
    np.add.at(counted, at, 1)
    sums = np.zeros((n_groups, n_raw))
    np.add.at(sums, at, 1.0 if w is None else w)
    both = _kernels.count_pairs_both(
        codes, groups, n_raw, n_groups, w, block=block, unweighted=True
    )
    assert both[1] is not None
    assert both[1].dtype == np.int64
    assert np.array_equal(both[1], counted)
    np.testing.assert_allclose(both[0], sums, rtol=1e-12, atol=1e-12)


@FEW
@given(
    threads=st.integers(2, 3),
    split=st.integers(1, 300),
    around=st.integers(-1, 1),
    odd=st.booleans(),
    k=st.integers(0, 5),
    slots=st.integers(1, 5),
    density=st.floats(0, 1),
    weighted=st.booleans(),
    words=st.integers(1, 2),
    block=st.integers(1, 60),
    seed=st.integers(0, 2**32 - 1),
)
def test_ticks_counted_in_threads_equal_a_loop(  # noqa: PLR0917 (hypothesis passes keywords)
    threads: int,
    split: int,
    around: int,
    odd: bool,
    k: int,
    slots: int,
    density: float,
    weighted: bool,
    words: int,
    block: int,
    seed: int,
) -> None:
    # Ticks per (option, group slot) from runs of packed words, one a thread: the loop's
    # counts exactly (weighted, in one thread: the loop's sums up to float rounding), the
    # same on every call. The last slot is empty.
    rng = np.random.default_rng(seed)
    n = max(0, split + around) | int(odd)
    ticks = rng.random((k, n)) < density
    group = rng.integers(0, max(1, slots - 1), n).astype(np.int8)
    w = _weights(rng, n, "fractional") if weighted else None
    options = {"words": words, "block": block, "split_from": split}
    with _threads_allowed(str(threads)):
        many = _kernels.count_ticks(ticks, group, slots, w, **options)
        again = _kernels.count_ticks(ticks, group, slots, w, **options)
    expected = np.zeros((k, slots))
    for j in range(k):
        for i in range(n):
            if ticks[j, i]:
                expected[j, group[i]] += 1.0 if w is None else w[i]
    np.testing.assert_array_equal(many, again)
    if w is None:
        assert many.dtype == np.int64
        assert np.array_equal(many, expected.astype(np.int64))
    else:
        np.testing.assert_allclose(many, expected, rtol=1e-12, atol=1e-12)


@FEW
@given(
    threads=st.integers(2, 3),
    split=st.integers(1, 300),
    around=st.integers(-1, 1),
    odd=st.booleans(),
    k=st.integers(0, 5),
    density=st.floats(0, 1),
    seed=st.integers(0, 2**32 - 1),
)
def test_who_ticked_and_the_largest_byte_in_threads_equal_numpy(  # noqa: PLR0917
    threads: int, split: int, around: int, odd: bool, k: int, density: float, seed: int
) -> None:
    # any_tick and largest_bytes reduce runs of respondents, one a thread, into their part
    # of the output: ticks.any(axis=0) and each respondent's largest byte read as
    # unsigned (-1 is 255), on byte matrices with no option, no respondent, no tick and
    # every tick.
    rng = np.random.default_rng(seed)
    n = max(0, split + around) | int(odd)
    ticks = rng.random((k, n)) < density
    signed = rng.integers(-2, 3, (k, n)).astype(np.int8)
    with _threads_allowed(str(threads)):
        ticked = _kernels.any_tick(ticks, split_from=split)
        largest = _kernels.largest_bytes(signed, split_from=split)
    assert ticked.dtype == np.bool_
    assert np.array_equal(ticked, ticks.any(axis=0))
    expected = signed.view(np.uint8).max(axis=0) if k else np.zeros(n, dtype=np.uint8)
    assert largest.dtype == np.uint8
    assert np.array_equal(largest, expected)


@FEW
@given(
    odd=st.booleans(),
    blank=st.sampled_from([0.0, 0.3, 1.0]),
    zeros=st.sampled_from([0.0, 0.1]),
    seed=st.integers(0, 2**32 - 1),
)
def test_tables_counted_in_threads_equal_those_of_one_thread(
    odd: bool, blank: float, zeros: float, seed: int
) -> None:
    # A weighted table by group and a multi-response set by group, with the thresholds
    # lowered to 1,000 rows (``THREAD_ROWS``, ``THREAD_TICKS``): the same table as in one thread,
    # its weighted counts up to float rounding. g3 is empty; `blank` 1 leaves every
    # answer (every tick) missing.
    rng = np.random.default_rng(seed)
    n = 2 * _kernels.BLOCK + 999 + int(odd)
    answers = np.array(OPTIONS, dtype=object)[rng.integers(0, len(OPTIONS), n)]
    answers[rng.random(n) < blank] = None
    w = 0.5 + rng.random(n)
    w[rng.random(n) < zeros] = 0.0
    df = pd.DataFrame(
        {
            "q": pd.Categorical(answers, categories=OPTIONS),
            "g": pd.Categorical(np.array(GROUPS[:2])[rng.integers(0, 2, n)], categories=GROUPS),
            "w": w,
        }
    )
    for j in range(3):
        df[f"i{j}"] = (rng.random(n) < 0.3 * (1 - blank)).astype(np.int8)
    columns = ["i0", "i1", "i2"]

    def tables() -> list[tt.Table]:
        return [
            tt.frequencies(df, "q", by="g", weights="w"),
            *(
                tt.multi_response(
                    df, "set", columns=columns, options=OPTIONS[:3], by="g", weights=w
                )
                for w in (None, "w")
            ),
        ]

    with _threads_allowed("1"):
        one = tables()
    lowered = mock.patch.multiple(_kernels, THREAD_ROWS=1000, THREAD_TICKS=1000)
    with _threads_allowed("2"), lowered:
        many = tables()
    for alone, split in zip(one, many, strict=True):
        frames = alone.to_frame(), split.to_frame()
        numbers = [frame.select_dtypes("number") for frame in frames]
        pd.testing.assert_frame_equal(numbers[0], numbers[1], check_exact=False, rtol=1e-12)
        others = [frame.select_dtypes(exclude="number") for frame in frames]
        pd.testing.assert_frame_equal(others[0], others[1])
        pd.testing.assert_frame_equal(alone.bases.to_frame(), split.bases.to_frame())
    assert many[0].unweighted_counts is not None
    assert one[0].unweighted_counts is not None
    assert many[0].unweighted_counts.equals(one[0].unweighted_counts)
    assert many[1].counts.equals(one[1].counts)  # unweighted ticks: exact


def test_the_runs_are_counted_in_the_pool_and_added_in_the_order_of_the_rows() -> None:
    # The second run is counted in a pool thread while the calling thread counts the
    # first, held back here until the second has ended: the sums are still the first
    # run's plus the second's, in that order, whichever thread ends first.
    rng = np.random.default_rng(7)
    n, block = 4000, 100
    codes = rng.integers(-1, 6, n).astype(np.int8)
    w = rng.random(n) * 1e3 + rng.random(n) * 1e-3  # float sums depend on the order
    counted = _kernels._weighted_run
    ended = threading.Event()
    names: list[str] = []

    def run(*args: Any, **options: Any) -> _kernels.WeightedPairs:
        names.append(threading.current_thread().name)
        if threading.current_thread() is threading.main_thread():
            assert ended.wait(timeout=60)  # a guard against hanging, not a timing
        found = counted(*args, **options)
        if threading.current_thread() is not threading.main_thread():
            ended.set()
        return found

    with _threads_allowed("2"), mock.patch.object(_kernels, "_weighted_run", run):
        many = _kernels.weighted_pairs(codes, None, 7, 1, w, block=block, split_from=n)
    assert sorted(names)[0] == "MainThread"
    assert names[1].startswith("tracktr") or names[0].startswith("tracktr")
    scaled = _kernels.THREAD_SCALE * block
    size = _kernels.PART_BLOCKS * scaled  # 1,600 rows: parts [0, 1600), [1600, 3200), ...
    parts = [
        counted(codes[a : a + size], None, 7, 1, w[a : a + size], 0.0, scaled, released=True)
        for a in range(0, n, size)
    ]
    assert len(parts) == 3
    sums, squares = parts[0].sums.copy(), parts[0].squares.copy()
    for part in parts[1:]:  # in the order of the rows
        sums += part.sums
        squares += part.squares
    np.testing.assert_array_equal(many.sums, sums)
    np.testing.assert_array_equal(many.squares, squares)


@FEW
@given(
    threads=st.integers(1, 4),
    parts=st.integers(1, 7),
    extra=st.integers(0, 799),
    seed=st.integers(0, 2**32 - 1),
)
def test_weighted_sums_are_the_same_bits_with_any_number_of_threads(
    threads: int, parts: int, extra: int, seed: int
) -> None:
    # Summed in parts of a fixed size, added in the order of the rows, a large weighted
    # count is the same to the last bit on one core or several. Before, one run a thread:
    # the sums of one thread and two differed by up to 4e-9 (review hK9).
    rng = np.random.default_rng(seed)
    block = 50
    n = (parts - 1) * _kernels.PART_BLOCKS * _kernels.THREAD_SCALE * block + 1 + extra
    codes = rng.integers(-1, 6, n).astype(np.int8)
    groups = rng.integers(-1, 3, n).astype(np.int8)
    w = rng.random(n) * 1e3 + rng.random(n) * 1e-3  # float sums depend on their order
    shape = (codes, groups, 7, 4, w)
    with _threads_allowed("1"):
        one = _kernels.weighted_pairs(*shape, block=block, split_from=1)
    with _threads_allowed(str(threads)):
        many = _kernels.weighted_pairs(*shape, block=block, split_from=1)
    for got, same in zip(many[:3], one[:3], strict=True):
        np.testing.assert_array_equal(got, same)


# "²" and "①" are digits to str.isdigit, but not to int(): a ValueError, not this error.
@pytest.mark.parametrize("given", ["0", "-1", "two", "1.5", "²", "①"])
def test_a_bad_thread_count_is_refused(given: str) -> None:
    with _threads_allowed(given), pytest.raises(tt.InvalidOptionError) as refused:
        _kernels.weighted_pairs(
            np.zeros(10, dtype=np.int8), None, 2, 1, np.ones(10), block=2, split_from=5
        )
    assert str(refused.value) == (
        f"TRACKTR_THREADS must be a whole number of threads, 1 or more; got {given!r}.\n\n"
        "Hint: set TRACKTR_THREADS=1 to count in one thread, or unset it to count on "
        "every core this process may use."
    )


def test_the_thread_count_follows_the_environment_and_the_cores() -> None:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    with _threads_allowed(None):
        assert _kernels._threads() == cores
    with _threads_allowed(" 1 "):
        assert _kernels._threads() == 1
        assert _kernels._bounds(10**7, _kernels.BLOCK, 1) == [(0, 10**7)]
    with _threads_allowed("3"):
        assert len(_kernels._bounds(10**7, _kernels.BLOCK, _kernels.THREAD_ROWS)) == 3
        below = _kernels.THREAD_ROWS - 1
        assert _kernels._bounds(below, _kernels.BLOCK, _kernels.THREAD_ROWS) == [(0, below)]


def _count_in_threads(results: Any) -> None:
    """Count 4,000 rows in two runs (in a forked child, its own threads) and send the sums."""
    w = np.arange(4000, dtype=np.float64)
    codes = (np.arange(4000) % 3).astype(np.int8)
    with _threads_allowed("2"):
        results.put(_kernels.weighted_pairs(codes, None, 4, 1, w, block=100, split_from=1).sums)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX only")
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_a_forked_child_counts_in_threads_of_its_own() -> None:
    # The parent's pool has a thread waiting for work; a forked child has none, though
    # the pool counts it as idle: work given to it would wait for ever. The child makes
    # its own pool.
    import multiprocessing

    here: queue.SimpleQueue[Any] = queue.SimpleQueue()
    _count_in_threads(here)  # in this process: its pool now has an idle thread
    expected = here.get()
    context = multiprocessing.get_context("fork")
    results = context.SimpleQueue()
    child = context.Process(target=_count_in_threads, args=(results,))
    child.start()
    child.join(timeout=60)  # a guard against hanging, not a timing
    if child.is_alive():
        child.kill()
        child.join()
        pytest.fail("the forked child's count never ended")
    assert child.exitcode == 0
    np.testing.assert_array_equal(results.get(), expected)


def _count_if_the_pools_lock_is_free(results: Any) -> None:
    """In a forked child: send whether the pools' lock is free, then count in threads."""
    free = _kernels._POOL_LOCK.acquire(blocking=False)
    if free:
        _kernels._POOL_LOCK.release()
    results.put(free)
    if free:  # else the count would wait for ever for a lock no thread of this child holds
        _count_in_threads(results)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX only")
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_a_child_forked_while_another_thread_takes_the_pool_counts() -> None:
    # Another thread of the parent held the lock around the pools (making or finding its
    # pool) at the fork: the child's copy of the lock stayed held, with no thread of the
    # child to let go of it, and the child's first count in threads waited for ever.
    import multiprocessing

    taken, forked = threading.Event(), threading.Event()

    def hold() -> None:
        with _kernels._POOL_LOCK:
            taken.set()
            forked.wait()

    holder = threading.Thread(target=hold)
    holder.start()
    taken.wait()
    context = multiprocessing.get_context("fork")
    results = context.SimpleQueue()
    child = context.Process(target=_count_if_the_pools_lock_is_free, args=(results,))
    try:
        child.start()
    finally:
        forked.set()
        holder.join()
    child.join(timeout=60)  # a guard against hanging, not a timing
    if child.is_alive():
        child.kill()
        child.join()
        pytest.fail("the forked child's count never ended")
    assert child.exitcode == 0
    assert results.get() is True
    here: queue.SimpleQueue[Any] = queue.SimpleQueue()
    _count_in_threads(here)
    np.testing.assert_array_equal(results.get(), here.get())


def test_a_count_in_threads_runs_in_an_atexit_handler() -> None:
    # Once the interpreter shuts down no thread may start: the pool refused the runs
    # (RuntimeError: cannot schedule new futures after interpreter shutdown), so a
    # large table made in an atexit handler failed. The runs are then counted here.
    script = (
        "import atexit, os\n"
        "import numpy as np\n"
        "from tracktr import _kernels\n"
        "os.environ['TRACKTR_THREADS'] = '2'\n"
        "w = np.arange(4000, dtype=np.float64)\n"
        "codes = (np.arange(4000) % 3).astype(np.int8)\n"
        "def late():\n"
        "    sums = _kernels.weighted_pairs(codes, None, 4, 1, w, block=100, split_from=1).sums\n"
        "    print(sums.tolist())\n"
        "atexit.register(late)\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert ran.stderr == ""
    w = np.arange(4000, dtype=np.float64)
    codes = (np.arange(4000) % 3).astype(np.int8)
    with _threads_allowed("1"):
        expected = _kernels.weighted_pairs(codes, None, 4, 1, w, block=100).sums
    assert ran.stdout.strip() == str(expected.tolist())

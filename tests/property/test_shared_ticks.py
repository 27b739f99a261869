"""Indicator columns read in place (one pandas block, viewed) count as when copied."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import tracktr as tt
from tracktr import _kernels

DTYPES = [np.int8, np.uint8, np.bool_]


def _one_block(block: np.ndarray, groups: np.ndarray) -> pd.DataFrame:
    """A frame whose indicator columns are the rows of `block`, held in place by pandas."""
    frame = pd.DataFrame(block.T, columns=[f"o{j}" for j in range(len(block))], copy=False)
    frame["g"] = groups
    return frame


def _column_by_column(block: np.ndarray, groups: np.ndarray) -> pd.DataFrame:
    """The same answers, each column its own array (the copying path)."""
    columns = {f"o{j}": pd.Series(block[j].copy()) for j in range(len(block))}
    return pd.DataFrame({**columns, "g": groups}).astype(
        {f"o{j}": np.int64 for j in range(len(block))}
    )


@settings(max_examples=60, deadline=None)
@given(
    k=st.integers(1, 6),
    n=st.integers(1, 300),
    dtype=st.sampled_from(DTYPES),
    seed=st.integers(0, 2**16),
    weighted=st.booleans(),
)
def test_a_viewed_block_counts_as_copied_columns(
    k: int, n: int, dtype: type, seed: int, weighted: bool
) -> None:
    rng = np.random.default_rng(seed)
    block = (rng.random((k, n)) < 0.3).astype(dtype)
    groups = rng.choice(["a", "b", "c"], n)
    frame = _one_block(block, groups)
    assert _kernels.byte_rows([frame[c].to_numpy() for c in frame.columns[:k]]) is not None
    before = frame.copy()
    options = [f"o{j}" for j in range(k)]
    weights = rng.random(n) + 0.5 if weighted else None
    viewed = tt.multi_response(frame, "set", columns=options, by="g", weights=weights)
    copied = tt.multi_response(
        _column_by_column(block, groups), "set", columns=options, by="g", weights=weights
    )
    assert viewed == copied
    pd.testing.assert_frame_equal(frame, before)


def test_a_value_that_is_not_binary_is_named_from_a_viewed_block() -> None:
    block = np.zeros((3, 5), dtype=np.int8)
    block[1, 3] = 2
    block[2, 0] = -1
    frame = _one_block(block, np.array(list("aabbb")))
    with pytest.raises(tt.exceptions.MultiResponseError, match=r"found \[2\] in rows \[3\]"):
        tt.multi_response(frame, "set", columns=["o0", "o1", "o2"])


def test_only_evenly_spaced_rows_of_one_buffer_are_viewed() -> None:
    block = np.zeros((4, 10), dtype=np.int8)
    assert _kernels.byte_rows(list(block)) is not None
    assert _kernels.byte_rows([block[0], block[2], block[1]]) is None  # not in order
    assert _kernels.byte_rows([block[0], np.zeros(10, dtype=np.int8)]) is None  # two buffers
    assert _kernels.byte_rows([block[0, :5], block[1, :5]]) is not None  # equal steps
    assert _kernels.byte_rows([block[0, ::2], block[1, ::2]]) is None  # strided columns
    assert _kernels.byte_rows([block[0].astype(np.int16)]) is None  # two bytes a value
    view = _kernels.byte_rows(list(block))
    assert view is not None
    assert not view.flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        view[0, 0] = 1


@settings(max_examples=40, deadline=None)
@given(
    k=st.integers(2, 6),
    n=st.integers(1, 200),
    seed=st.integers(0, 2**16),
    order=st.sampled_from(["shuffled", "interleaved", "reversed"]),
)
def test_columns_apart_or_out_of_order_count_as_copied(
    k: int, n: int, seed: int, order: str
) -> None:
    rng = np.random.default_rng(seed)
    block = (rng.random((k, n)) < 0.4).astype(np.int8)
    groups = rng.choice(["a", "b"], n)
    frame = _one_block(block, groups)
    options = [f"o{j}" for j in range(k)]
    if order == "interleaved":  # another dtype between the indicator columns
        frame.insert(1, "between", rng.random(n))
    asked = options[::-1] if order == "reversed" else list(rng.permutation(options))
    viewed = tt.multi_response(frame, "set", columns=asked, by="g")
    copied = tt.multi_response(_column_by_column(block, groups), "set", columns=asked, by="g")
    assert viewed == copied


def test_a_repeated_name_elsewhere_in_the_frame_does_not_matter() -> None:
    block = np.array([[1, 0, 1], [0, 1, 1]], dtype=np.int8)
    frame = _one_block(block, np.array(list("abb")))
    frame = pd.concat(
        [frame, pd.DataFrame({"x": [1, 2, 3]}), pd.DataFrame({"x": [4, 5, 6]})], axis=1
    )
    table = tt.multi_response(frame, "set", columns=["o0", "o1"])
    assert table.counts.iloc[:, 0].tolist() == [2, 2]


LABELS = st.one_of(
    st.sampled_from(["o0", "o1", "g", "x", "", "1"]),
    st.integers(-2, 3),
    st.booleans(),
    st.sampled_from([1.0, 2.5, float("nan"), None]),
)


@settings(max_examples=200, deadline=None)
@given(
    present=st.lists(LABELS, min_size=1, max_size=8),
    asked=st.lists(LABELS, min_size=1, max_size=8),
)
@example(present=["o0", float("nan")], asked=["o0", 0, None])  # get_loc found None at NaN
@example(present=[None], asked=["o0", None])
def test_a_columns_position_is_found_as_get_indexer_finds_it(
    present: list[object], asked: list[object]
) -> None:
    # The set's columns are found one hash lookup a label (Index.get_loc) instead of an
    # Index of the labels built for get_indexer (0.2 ms of Arrow-backed text, more than the
    # count of a small table). A position found is the one get_indexer finds, and text
    # labels are found exactly as it finds them. get_indexer also matched 0 to a column
    # False and 1.0 to True; get_loc does not, and such a set is read column by column
    # (by name, as every other set is), never from a column of another name.
    from tracktr.tabulate._multi import _position

    columns = pd.Index(present)
    if not columns.is_unique:
        return
    expected = columns.get_indexer(pd.Index(asked, dtype=object)).tolist()  # as found before
    found = [_position(columns, label) for label in asked]
    assert all(p in {-1, e} for p, e in zip(found, expected, strict=True))
    if all(isinstance(label, str) for label in [*present, *asked]):
        assert found == expected


def test_a_partial_key_of_two_levels_of_columns_is_no_position() -> None:
    from tracktr.tabulate._multi import _position

    columns = pd.MultiIndex.from_tuples([("a", "x"), ("a", "y"), ("b", "x")])
    assert _position(columns, ("a", "y")) == 1
    assert _position(columns, "a") == -1  # a slice of two columns, not one
    assert _position(columns, ("c", "x")) == -1


@settings(max_examples=60, deadline=None)
@given(
    k=st.integers(1, 5),
    n=st.integers(1, 200),
    dtype=st.sampled_from(DTYPES),
    before=st.lists(st.sampled_from(["float", "text", "int8", "bool"]), max_size=3),
    after=st.lists(st.sampled_from(["float", "text", "int8", "bool"]), max_size=3),
    odd=st.sampled_from([None, "int64", "float", "object"]),
    seed=st.integers(0, 2**16),
)
def test_a_set_among_other_columns_counts_as_copied_columns(  # noqa: PLR0917 (hypothesis)
    k: int,
    n: int,
    dtype: type,
    before: list[str],
    after: list[str],
    odd: str | None,
    seed: int,
) -> None:
    # The set's columns side by side amid columns of other dtypes (one of the set's own
    # possibly of another dtype): which positions hold bytes is read from the frame's
    # dtypes, and the counts equal those of the set's columns copied one by one.
    rng = np.random.default_rng(seed)
    block = (rng.random((k, n)) < 0.3).astype(dtype)
    made = {
        "float": rng.random(n),
        "text": pd.Series(rng.choice(["x", "y"], n), dtype="str"),
        "int8": rng.integers(0, 3, n, dtype=np.int8),
        "bool": rng.random(n) < 0.5,
    }
    options = [f"o{j}" for j in range(k)]
    columns: dict[str, object] = {f"b{i}": made[kind] for i, kind in enumerate(before)}
    columns.update({o: block[j] for j, o in enumerate(options)})
    if odd is not None:
        columns[options[-1]] = block[-1].astype(odd)
    columns.update({f"a{i}": made[kind] for i, kind in enumerate(after)})
    columns["g"] = rng.choice(["a", "b", "c"], n)
    frame = pd.DataFrame(columns)
    held = frame.copy()
    table = tt.multi_response(frame, "set", columns=options, by="g")
    copied = tt.multi_response(
        _column_by_column(block, columns["g"]), "set", columns=options, by="g"
    )
    assert table == copied
    pd.testing.assert_frame_equal(frame, held)

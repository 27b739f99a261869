"""Indicator columns that are copied are packed as they are read: tables as viewed ones.

A set whose columns cannot be viewed in place (one-byte columns each assigned on its
own, wider integers, floats, markers of missing kinds) is read a column at a time into
bits (:class:`tracktr._kernels.PackedTicks`): no options x respondents boolean matrix,
as large as one-byte columns themselves, is held. The reference is the same answers in
one int8 block, read in place as a boolean matrix.
"""

from __future__ import annotations

import tracemalloc
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

import tracktr as tt
from tracktr import _kernels
from tracktr.missing import NOT_ASKED, SKIPPED
from tracktr.tabulate._multi import _read_ticks, _set_spec

OPTIONS = ["a", "b", "c", "Don't know", "none"]


def _apart(block: np.ndarray, groups: Any, dtype: Any = np.int8) -> pd.DataFrame:
    """Each column assigned on its own: side by side in the frame, in separate blocks."""
    frame = pd.DataFrame({"g": groups})
    for j in range(len(block)):
        frame[f"o{j}"] = block[j].astype(dtype)
    return frame


def _one_block(block: np.ndarray, groups: Any) -> pd.DataFrame:
    frame = pd.DataFrame(block.T, columns=[f"o{j}" for j in range(len(block))], copy=False)
    frame["g"] = groups
    return frame


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(0, 300),
    density=st.floats(0, 0.6),
    weighted=st.booleans(),
    dont_know=st.sampled_from(["include", "exclude"]),
    empty=st.sampled_from(["skipped", "answered"]),
    percent_of=st.sampled_from(["respondents", "responses"]),
    exclusive=st.booleans(),
    blank_column=st.booleans(),
    dtype=st.sampled_from([np.int16, np.int64, np.float64]),
    seed=st.integers(0, 2**16),
)
def test_packed_columns_count_as_a_viewed_block(  # noqa: PLR0917 (hypothesis passes keywords)
    n: int,
    density: float,
    weighted: bool,
    dont_know: str,
    empty: str,
    percent_of: str,
    exclusive: bool,
    blank_column: bool,
    dtype: Any,
    seed: int,
) -> None:
    rng = np.random.default_rng(seed)
    block = (rng.random((len(OPTIONS), n)) < density).astype(np.int8)
    block[-1] = 0  # "none" ticked alone, by those who ticked nothing else, now and then
    block[-1, (block.sum(axis=0) == 0) & (rng.random(n) < 0.3)] = 1
    if blank_column:
        block[1] = 0  # an option nobody ticked
    # Groups from two of three: "z" is an empty group; some rows have none.
    groups = pd.Categorical(
        rng.choice(np.array(["x", "y", None], dtype=object), n), categories=["x", "y", "z"]
    )
    options: dict[str, Any] = {
        "columns": [f"o{j}" for j in range(len(OPTIONS))],
        "options": OPTIONS,
        "by": "g",
        "weights": rng.random(n) + 0.5 if weighted else None,
        "dont_know": dont_know,
        "empty": empty,
        "percent_of": percent_of,
        "exclusive": ["none"] if exclusive else [],
    }
    # Copied, never viewed: small one-byte columns apart are sliced together (a copy
    # too small to matter), two-byte ones are read and packed a column at a time.
    apart = _apart(block, groups, dtype)
    held = apart.copy()
    spec = _set_spec(
        apart, "set", survey=None, columns=[f"o{j}" for j in range(len(OPTIONS))], options=OPTIONS,
        separator=None, exclusive=(), dont_know_options=("Don't know",),
    )  # fmt: skip
    assert isinstance(_read_ticks(apart, spec)[0], _kernels.PackedTicks)
    table = tt.multi_response(apart, "set", **options)
    assert table == tt.multi_response(_one_block(block, groups), "set", **options)
    pd.testing.assert_frame_equal(apart, held)


@settings(max_examples=30, deadline=None)
@given(n=st.integers(0, 200), seed=st.integers(0, 2**16))
def test_packed_columns_with_missing_kinds_count_as_object_columns(n: int, seed: int) -> None:
    # Markers force the cell by cell reading; int64 columns are copied, not viewed.
    rng = np.random.default_rng(seed)
    block = (rng.random((3, n)) < 0.4).astype(np.int64)
    marker = rng.choice(np.array([None, SKIPPED, NOT_ASKED], dtype=object), n, p=[0.8, 0.1, 0.1])
    cells = block.astype(object)
    cells[:, marker != None] = marker[marker != None]  # noqa: E711 (elementwise)
    frame = pd.DataFrame({f"o{j}": cells[j] for j in range(3)})
    columns = ["o0", "o1", "o2"]
    table = tt.multi_response(frame, "set", columns=columns)
    reference = tt.multi_response(frame.astype(str), "set", columns=columns)
    assert table.counts.equals(reference.counts)
    assert table.bases.equals(reference.bases)


def test_copied_one_byte_columns_are_not_held_as_a_boolean_matrix() -> None:
    # 20 options x 200,000 respondents: 4 MB of int8 columns, each its own block. The
    # boolean matrix of the copying path was 4 MB itself; packed, the ticks are 0.5 MB.
    # Memory allocated, traced by tracemalloc (numpy reports its buffers to it).
    n, k = 200_000, 20
    rng = np.random.default_rng(0)
    block = (rng.random((k, n)) < 0.2).astype(np.int8)
    groups = pd.Categorical.from_codes(
        rng.integers(0, 10, n).astype(np.int8), categories=pd.Index(list("abcdefghij"))
    )
    frame = _apart(block, groups)
    columns = [f"o{j}" for j in range(k)]
    # Once before: the kernels' per-thread buffers (a block's, whatever the rows) stay.
    tt.multi_response(frame, "set", columns=columns, by="g")
    tracemalloc.start()
    try:
        table = tt.multi_response(frame, "set", columns=columns, by="g")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert table.counts.loc["o0", "All"] == block[0].sum()
    assert peak < block.nbytes / 2, f"{peak / 2**20:.1f} MiB for {block.nbytes / 2**20:.1f} MiB"

"""The compiled kernels (numba, the ``fast`` extra) count exactly what the numpy kernels count.

tracktr._compiled is used from ``COMPILED_ROWS`` rows; here that threshold is lowered to
0 (:func:`_kernels_of`), so that random inputs of a few hundred rows, in blocks of a few
rows, reach it. Counts must be equal, weighted sums and squares equal to the last bit
(one pass of blocks and, from `split_from` rows, parts in threads), and what the pass finds
of the weights (the smallest, the rows weighted 0, a weight below `low`, the decimal
places) the same, for hostile weights too; the tables built on them raise the same
errors with the same messages.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracktr import _kernels
from tracktr.exceptions import InvalidOptionError

numba = pytest.importorskip("numba")

FEW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Weights a table may be given: plain, decimals of 0 to 4 places, 0s, and hostile ones.
HOSTILE = [np.nan, np.inf, -np.inf, -1.0, -0.0, 0.0, 1e-200, 1e300, 5e-7]


@contextmanager
def _kernels_of(choice: str) -> Iterator[None]:
    """Count with the compiled kernels (`choice` ``auto``) or numpy, at every size."""
    saved = os.environ.get("TRACKTR_KERNELS")
    os.environ["TRACKTR_KERNELS"] = choice
    try:
        with mock.patch.object(_kernels, "COMPILED_ROWS", 0):
            yield
    finally:
        if saved is None:
            os.environ.pop("TRACKTR_KERNELS", None)
        else:
            os.environ["TRACKTR_KERNELS"] = saved


def _both(count: Any) -> tuple[Any, Any]:
    """Return ``count()`` with the numpy kernels, then with the compiled ones."""
    with _kernels_of("numpy"):
        numpy_made = count()
    with _kernels_of("auto"):
        assert _kernels._compiled(0) is not None  # numba is installed: the test says so
        compiled = count()
    return numpy_made, compiled


def _same_bits(a: np.ndarray[Any, Any] | None, b: np.ndarray[Any, Any] | None) -> None:
    assert (a is None) == (b is None)
    if a is not None and b is not None:
        assert a.dtype == b.dtype
        assert a.shape == b.shape
        assert a.tobytes() == b.tobytes()  # NaN for NaN, -0.0 for -0.0: the same bits


@FEW
@given(
    n=st.integers(0, 600),
    n_raw=st.integers(1, _kernels.FEW_CODES),
    block=st.integers(1, 64),
    start=st.integers(0, 3),
    readonly=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
)
def test_the_compiled_one_way_count_equals_numpys(  # noqa: PLR0917 (hypothesis passes keywords)
    n: int, n_raw: int, block: int, start: int, readonly: bool, seed: int
) -> None:
    # Byte codes -1 (blank) .. n_raw - 2, often all blank or all one code, sliced from an
    # offset (an unaligned start) and of every length around the lanes and chunks.
    rng = np.random.default_rng(seed)
    high = int(rng.integers(-1, n_raw - 1)) if rng.random() < 0.3 else n_raw - 2
    codes = rng.integers(-1, high + 1, n + start).astype(np.int8)[start:]
    codes.flags.writeable = not readonly
    numpy_made, compiled = _both(
        lambda: _kernels.count_pairs(codes, None, n_raw, 1, None, block=block)
    )
    _same_bits(numpy_made, compiled)
    assert compiled.sum() == n
    assert compiled[0].tolist() == np.bincount(codes.astype(np.intp) + 1, minlength=n_raw).tolist()


def test_the_compiled_one_way_count_spans_chunks_and_threads() -> None:
    # 255 x 1024 bytes a chunk (byte counters would wrap past it), runs in two threads.
    from tracktr import _compiled

    rng = np.random.default_rng(7)
    n = 3 * _compiled.LANES * 255 + 1000
    codes = rng.integers(-1, 9, n).astype(np.int8)
    codes[: 300 * _compiled.LANES] = 4  # one code in every lane of a chunk, 300 times
    expected = np.bincount(codes.astype(np.intp) + 1, minlength=10)
    assert _compiled.KERNELS.few_codes(codes, 10).tolist() == expected.tolist()
    with (
        mock.patch.object(_kernels, "THREAD_ROWS", 0),
        mock.patch.dict(os.environ, {"TRACKTR_THREADS": "2"}),
    ):
        numpy_made, compiled = _both(
            lambda: _kernels.count_pairs(codes, None, 10, 1, None, block=1000)
        )
    assert compiled[0].tolist() == expected.tolist() == numpy_made[0].tolist()


def test_tracktr_kernels_numpy_keeps_numba_out_and_a_bad_value_is_refused() -> None:
    code = (
        "import sys, numpy as np, tracktr as tt;"
        "from tracktr import _kernels;"
        "_kernels.COMPILED_ROWS = 0;"
        "c = np.zeros(10, dtype=np.int8);"
        "_kernels.count_pairs(c, None, 3, 1, None, block=2);"
        "_kernels.weighted_pairs(c, None, 3, 1, np.ones(10), block=2);"
        "print('numba' in sys.modules)"
    )
    env = {**os.environ, "TRACKTR_KERNELS": "numpy"}
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    assert done.stdout.split() == ["False"]
    with mock.patch.dict(os.environ, {"TRACKTR_KERNELS": "numba please"}):
        message = (
            "TRACKTR_KERNELS must be one of ('auto', 'numpy'); got 'numba please'.\n\n"
            "Hint: set TRACKTR_KERNELS=numpy to count with numpy alone, or unset it to count "
            "large tables with the compiled kernels when numba is installed."
        )
        with pytest.raises(InvalidOptionError, match=f"^{re.escape(message)}$"):
            _kernels.count_pairs(np.zeros(2**20, dtype=np.int8), None, 3, 1, None)


def test_a_cache_numba_cannot_write_compiles_in_the_process_quietly() -> None:
    # No directory to keep a cache in (a read-only install and home): numba raises when
    # the kernel is made with cache=True; a cache it cannot use warns (an error under
    # -W error). Either way the kernel is compiled, without a cache, and no warning escapes.
    from tracktr import _compiled

    made = numba.njit

    def refusing(*args: Any, **options: Any) -> Any:
        if options.get("cache"):
            raise RuntimeError("cannot cache function 'f': no locator available for file 'x'")
        return made(*args, **options)

    def warning(*args: Any, **options: Any) -> Any:
        if options.get("cache"):
            warnings.warn("Cannot cache compiled function", numba.NumbaWarning, stacklevel=1)
        return made(*args, **options)

    for njit in (refusing, warning):
        with mock.patch.object(numba, "njit", njit), warnings.catch_warnings():
            warnings.simplefilter("error")
            kernels = _compiled.Kernels()
        codes = np.array([-1, 0, 0, 1], dtype=np.int8)
        assert kernels.few_codes(codes, 3).tolist() == [1, 2, 1]

"""Compiled counting kernels (numba, the ``fast`` extra) for large tables.

:mod:`tracktr._kernels` imports this module on first use, from ``COMPILED_ROWS`` rows,
when numba is installed and ``TRACKTR_KERNELS`` is not ``numpy``
(:func:`tracktr._kernels._compiled`); ``import tracktr`` never loads numba. Each kernel
counts what its numpy twin in :mod:`tracktr._kernels` counts, and lets go of the GIL, so
the counting threads of ``_kernels._in_threads`` run on every core:

- :meth:`Kernels.few_codes`: the one-way count of a byte column of a few codes
  (``_kernels._count_few_codes``). numpy's unweighted bincount holds the GIL and widens
  every byte to ``intp``; comparing each chunk of bytes with each code, into byte
  counters of one lane per byte of a wide vector, is vectorised by LLVM.
- :meth:`Kernels.weighted_run`: the weighted pair count of a run of rows
  (``_kernels._weighted_run``): sums, squares, rows, rows weighted 0, the smallest weight
  and whether each block's weights are written with a number of decimal places, in one
  pass over the rows (each block's decimals are read just before, while it is in cache,
  in a loop LLVM vectorises). The sums are added in the order of the rows within a
  block, and the blocks' sums in the order of the blocks (:meth:`Kernels.in_order`,
  once every run of blocks is counted), as numpy's bincount and ``_weighted_run`` add
  them: the same bits, whether one thread counted the blocks or several
  (``_kernels._compiled_run``).

The kernels are compiled when this module is imported, for the argument types given
(so never at ``import tracktr``, and never for a small table), and cached on disk
(``cache=True``) so that a later process loads them instead of compiling again.
"""

from __future__ import annotations

import warnings
from typing import Any

import numba
import numpy as np
import numpy.typing as npt
from numba.extending import register_jitable

__all__ = ["KERNELS", "Kernels", "WeightedRun"]

WeightedRun = tuple[
    npt.NDArray[np.float64],
    npt.NDArray[np.int64],
    npt.NDArray[np.float64],
    npt.NDArray[np.int64] | None,
    float,
    bool,
    npt.NDArray[np.bool_] | None,
]
"""What :meth:`Kernels.weighted_run` finds of a run of rows: block sums, rows, block
squares, rows weighted 0 (None: none counted), the smallest weight, a tiny weight, and
which blocks the places write."""

# Byte counters per code of one chunk: a chunk is ROWS rows of LANES bytes, so that no
# counter can pass 255 before it is added into the code's total. Each pass over a code's
# counters adds the matches of STEP rows at once (at most STEP, summed in a register):
# one load and one store of the counters per STEP compares, not per compare, which held
# the old kernel (255 rows of 1024 lanes, one row a pass) to 0.11 ms at 1e6 rows of
# 7 codes; 128 lanes of 15 rows a pass (a chunk of 32 KiB, in the L1 cache) take 0.066,
# and 0.86 against 1.29 ms at 1e7 (one thread each; 1024 lanes of 8 rows: 0.089).
LANES = 128
STEP = 15
ROWS = 17 * STEP
_CHUNK = ROWS * LANES
_SPAN = STEP * LANES
# The float error a whole number scaled from a decimal may carry (_kernels._written_with).
_SLACK = 4 * np.finfo(np.float64).eps


def _few_codes(codes: Any, n_values: int, out: Any) -> None:  # pragma: no cover - compiled
    """Add to ``out[v]`` the bytes of `codes` equal to ``v - 1`` (modulo 256), for every v.

    Chunk by chunk, each code's matches are counted in byte counters, one per lane, STEP
    rows of lanes at a time; the counters are added into the totals once a chunk.
    """
    n = len(codes)
    whole = n - n % _SPAN
    counters = np.zeros((n_values, LANES), dtype=np.uint8)
    for first in range(0, whole, _CHUNK):
        chunk = codes[first : min(whole, first + _CHUNK)]
        for value in range(n_values):
            code = np.uint8((value - 1) & 0xFF)
            lanes = counters[value]
            for start in range(0, len(chunk), _SPAN):
                rows = chunk[start : start + _SPAN]
                for lane in range(LANES):
                    # At most STEP: a byte as well, so LLVM adds the rows' matches in a
                    # register of byte lanes before it touches the counters.
                    hits = np.uint8(0)
                    for row in range(STEP):
                        hits += np.uint8(rows[row * LANES + lane] == code)
                    lanes[lane] += hits
        for value in range(n_values):
            # An int64 from the start: run as Python (NUMBA_DISABLE_JIT), 0 plus a uint8
            # is a uint8, and the total of a chunk's lanes wrapped round past 255.
            total = np.int64(0)
            for lane in range(LANES):
                total += counters[value, lane]
                counters[value, lane] = 0
            out[value] += total
    for i in range(whole, n):
        shifted = (np.int64(codes[i]) + 1) & 0xFF
        if shifted < n_values:
            out[shifted] += 1


def _weighted_run(  # noqa: PLR0917 # pragma: no cover - compiled
    codes: Any,
    groups: Any,
    has_groups: bool,
    n_raw: int,
    weights: Any,
    low: float,
    block: int,
    power: float,
    sums: Any,
    plain: Any,
    squares: Any,
    zeros: Any,
    written: Any,
) -> tuple[float, bool, bool, bool]:
    """Count the weighted pairs of a run of rows: each block's sums into its row of `sums`.

    Block ``b``'s weights and squared weights per pair go to ``sums[b]`` and
    ``squares[b]`` (zeroed rows), its rows and rows weighted 0 are added into `plain`
    and `zeros`. Returns the smallest weight (NaN when one is), whether one lies
    between 0 and `low`, whether a block's smallest weight is 0 (then `zeros` holds its
    rows weighted 0 per pair) and whether a weight is NaN. With `power` (``10**places``;
    0: none), marks in `written` the blocks whose every weight times `power` is a whole
    number up to float error, as ``_kernels._block_written_with`` tests it
    (:func:`_written`), until a block is not: the blocks after it are left unmarked.

    The blocks' rows are added by :func:`_in_order`, in the order of the blocks, once
    every run of them is counted: runs counted in several threads give the sums of one
    pass, bit for bit.
    """
    size = sums.shape[1]
    n = len(codes)
    block_zeros = np.zeros(size, dtype=np.int64)
    smallest = np.inf
    tiny = nan_seen = zero_seen = False
    # Once a block's weights refuse the places, the other blocks need not be checked:
    # they are not the answer (_kernels._compiled_pairs, _seen_blocks).
    checking = power > 0
    for b, start in enumerate(range(0, n, block)):
        stop = min(n, start + block)
        block_sums = sums[b]
        block_squares = squares[b]
        least = np.inf
        nan = below = False
        if checking:
            written[b] = checking = _written(weights[start:stop], power)
        for i in range(start, stop):
            k = np.int64(codes[i]) + 1
            if has_groups:
                k += (np.int64(groups[i]) + 1) * n_raw
            if k < 0 or k >= size:  # a code outside the table would write past it
                raise IndexError("a raw code lies outside the table")
            x = weights[i]
            # In the order of the rows, from +0.0, as bincount adds (a weight of 0 adds
            # +0.0 and leaves a sum's bits as they are, as when numpy counts it apart).
            block_sums[k] += x
            block_squares[k] += x * x
            plain[k] += 1
            if x < least:
                least = x
            elif x != x:  # noqa: PLR0124 (NaN)
                nan = True
            if x == 0.0:
                block_zeros[k] += 1
            elif 0.0 < x < low:
                below = True
        # A block's rows weighted 0 count when its smallest weight is 0 (none NaN or
        # negative), and a weight below `low` when none is: as _kernels._weighted_run.
        if not nan and least == 0.0:
            zero_seen = True
            for j in range(size):
                zeros[j] += block_zeros[j]
        block_zeros[:] = 0
        if not nan and least >= 0.0 and below:
            tiny = True
        nan_seen = nan_seen or nan
        smallest = min(least, smallest)
    return smallest, tiny, zero_seen, nan_seen


def _in_order(rows: Any, out: Any) -> None:  # pragma: no cover - compiled
    """Add the rows of `rows` into `out`, in their order.

    The blocks' sums of :func:`_weighted_run`, added as numpy's ``_weighted_run`` adds
    each block's bincount into its sums (from +0.0, block after block): the same bits.
    """
    for b in range(rows.shape[0]):
        for j in range(rows.shape[1]):
            out[j] += rows[b, j]


def _written(weights: Any, power: float) -> bool:  # pragma: no cover - compiled
    """Whether every weight times `power` is a whole number, up to float error.

    ``_kernels._block_written_with``'s test, step for step (so bit for bit), as a count
    of the weights that fail it, which LLVM vectorises (0.25 ns a weight, against 1.3 ns
    tested row by row in the counting loop). Indexed from 0, so that no index needs a
    wraparound test.
    """
    unwritten = 0
    for i in range(len(weights)):
        scaled = weights[i] * power
        unwritten += not (abs(scaled - np.rint(scaled)) <= abs(scaled) * _SLACK)
    return unwritten == 0


# Callable from the compiled kernels (compiled with them), and from Python as it is.
_written = register_jitable(_written)


def _compiled(function: Any, signature: Any) -> Any:
    """Compile `function` for `signature` now, cached on disk where numba can write.

    Quietly: numba warns (a NumbaWarning, an error under ``-W error``) when it cannot
    cache a kernel, and raises when it finds no directory to keep one in (a read-only
    install and home), cannot write there (a full disk) or cannot read a cache file (left
    empty or garbled by a crash, numba writes without fsync, or written over); the
    kernel is then compiled in this process alone.

    Only numba's warnings are silenced: the filters are the process's, not this
    thread's (before Python 3.14), so while the kernels compile (seconds, the first
    time) every thread sees them, and a thread that enters ``catch_warnings`` meanwhile
    and leaves it after restores them for good. Ignoring every warning silenced the
    other threads' warnings, for good in that case.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", numba.NumbaWarning)
        try:
            return numba.njit(signature, nogil=True, cache=True)(function)
        # Any error of the cache: "no locator available" (RuntimeError), a failed write
        # (OSError), an index numba cannot unpickle (ValueError, EOFError,
        # pickle.UnpicklingError...). A kernel that cannot compile fails again below.
        except Exception:
            return numba.njit(signature, nogil=True, cache=False)(function)


def _read(dtype: Any) -> Any:
    """Return the numba type of a contiguous 1-D input: read-only, so that it takes both kinds.

    pandas' copy-on-write hands out read-only arrays; a kernel compiled for writeable
    arrays alone refuses them.
    """
    return numba.types.Array(dtype, 1, "C", readonly=True)


def _written_to(dtype: Any, dimensions: int = 1) -> Any:
    return numba.types.Array(dtype, dimensions, "C")


class Kernels:
    """The compiled kernels, with typed signatures: see the module's docstring."""

    def __init__(self) -> None:
        t = numba.types
        self._few = _compiled(_few_codes, t.void(_read(t.uint8), t.int64, _written_to(t.int64)))
        found = t.Tuple((t.float64, t.boolean, t.boolean, t.boolean))
        self._weighted = _compiled(
            _weighted_run,
            found(
                _read(t.int8),
                _read(t.int8),
                t.boolean,
                t.int64,
                _read(t.float64),
                t.float64,
                t.int64,
                t.float64,
                _written_to(t.float64, 2),
                _written_to(t.int64),
                _written_to(t.float64, 2),
                _written_to(t.int64),
                _written_to(t.boolean),
            ),
        )
        rows = numba.types.Array(t.float64, 2, "C", readonly=True)
        self._in_order = _compiled(_in_order, t.void(rows, _written_to(t.float64)))

    def few_codes(
        self, codes: npt.NDArray[np.integer[Any]], n_values: int
    ) -> npt.NDArray[np.int64]:
        """Count the raw codes ``-1..n_values - 2`` of a contiguous int8 column."""
        out = np.zeros(n_values, dtype=np.int64)
        self._few(codes.view(np.uint8), n_values, out)
        return out

    def weighted_run(
        self,
        codes: npt.NDArray[np.int8],
        groups: npt.NDArray[np.int8] | None,
        n_raw: int,
        n_group_raw: int,
        weights: npt.NDArray[np.float64],
        *,
        low: float,
        block: int,
        places: int | None,
    ) -> WeightedRun:
        """Return block sums, rows, block squares, zeros (None: none), smallest, tiny, written.

        The sums and squared weights are per block of `block` rows (one row of a
        ``blocks x n_raw * n_group_raw`` matrix a block), to be added in the order of
        the blocks by :meth:`in_order`. `written` marks, per block, whether its weights
        are written with `places` decimals (None without `places`).
        """
        size = n_raw * n_group_raw
        blocks = -(-len(codes) // block)
        sums, squares = np.zeros((blocks, size)), np.zeros((blocks, size))
        plain, zeros = np.zeros(size, dtype=np.int64), np.zeros(size, dtype=np.int64)
        written = np.zeros(blocks if places is not None else 0, dtype=np.bool_)
        power = 0.0 if places is None else 10.0**places
        grouped = groups is not None
        smallest, tiny, zero_seen, nan_seen = self._weighted(
            codes,
            codes if groups is None else groups,
            grouped,
            n_raw,
            weights,
            low,
            block,
            power,
            sums,
            plain,
            squares,
            zeros,
            written,
        )
        least = float("nan") if nan_seen else float(smallest)
        held = zeros if zero_seen else None
        return (
            sums,
            plain,
            squares,
            held,
            least,
            bool(tiny),
            written if places is not None else None,
        )

    def in_order(self, rows: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Return the sum of the rows of a C-contiguous matrix, added in their order from +0.0."""
        out = np.zeros(rows.shape[1])
        self._in_order(rows, out)
        return out


# NUMBA_DISABLE_JIT=1 (numba's debugging switch) makes numba.njit hand back the Python
# functions: counting 2**19 rows in Python takes a second or more a table, where numpy
# takes milliseconds. Then there are no compiled kernels and the numpy kernels count.
KERNELS: Kernels | None = None if numba.config.DISABLE_JIT else Kernels()

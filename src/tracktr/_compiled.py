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

__all__ = ["KERNELS", "Kernels"]

# Byte counters per code of one chunk: a chunk is 255 vectors of LANES bytes, so that no
# counter can pass 255 before it is added into the code's total. 1024 lanes (a chunk of
# 255 KiB, in L2 cache) measured fastest at 1e7 rows of 8 codes: 1.28 ms against 1.57
# with 128 or 256 lanes and 2.4 with 64 (one thread, another core busy).
LANES = 1024
_CHUNK = 255 * LANES


def _few_codes(codes: Any, n_values: int, out: Any) -> None:  # pragma: no cover - compiled
    """Add to ``out[v]`` the bytes of `codes` equal to ``v - 1`` (modulo 256), for every v.

    Chunk by chunk, each code's matches are counted in byte counters, one per lane;
    the counters are added into the totals once a chunk.
    """
    n = len(codes)
    whole = n - n % LANES
    counters = np.zeros((n_values, LANES), dtype=np.uint8)
    for first in range(0, whole, _CHUNK):
        chunk = codes[first : min(whole, first + _CHUNK)]
        for value in range(n_values):
            code = np.uint8((value - 1) & 0xFF)
            lanes = counters[value]
            for start in range(0, len(chunk), LANES):
                vector = chunk[start : start + LANES]
                for lane in range(LANES):
                    lanes[lane] += np.uint8(vector[lane] == code)
        for value in range(n_values):
            total = 0
            for lane in range(LANES):
                total += counters[value, lane]
                counters[value, lane] = 0
            out[value] += total
    for i in range(whole, n):
        shifted = (np.int64(codes[i]) + 1) & 0xFF
        if shifted < n_values:
            out[shifted] += 1


def _compiled(function: Any, signature: Any) -> Any:
    """Compile `function` for `signature` now, cached on disk where numba can write.

    Quietly: numba warns (a NumbaWarning, an error under ``-W error``) when it cannot
    cache a kernel, and raises when it finds no directory to keep one in (a read-only
    install and home) or cannot write there (a full disk); the kernel is then compiled
    in this process alone.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return numba.njit(signature, nogil=True, cache=True)(function)
        except (RuntimeError, OSError):  # "no locator available"; a cache write failed
            return numba.njit(signature, nogil=True, cache=False)(function)


def _read(dtype: Any) -> Any:
    """Return the numba type of a contiguous 1-D input: read-only, so that it takes both kinds.

    pandas' copy-on-write hands out read-only arrays; a kernel compiled for writeable
    arrays alone refuses them.
    """
    return numba.types.Array(dtype, 1, "C", readonly=True)


def _written_to(dtype: Any) -> Any:
    return numba.types.Array(dtype, 1, "C")


class Kernels:
    """The compiled kernels, with typed signatures: see the module's docstring."""

    def __init__(self) -> None:
        t = numba.types
        self._few = _compiled(_few_codes, t.void(_read(t.uint8), t.int64, _written_to(t.int64)))

    def few_codes(
        self, codes: npt.NDArray[np.integer[Any]], n_values: int
    ) -> npt.NDArray[np.int64]:
        """Count the raw codes ``-1..n_values - 2`` of a contiguous int8 column."""
        out = np.zeros(n_values, dtype=np.int64)
        self._few(codes.view(np.uint8), n_values, out)
        return out


KERNELS = Kernels()

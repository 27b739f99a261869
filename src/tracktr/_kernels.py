"""Counting kernels: the inner loops of :mod:`tracktr.tabulate`, kept in cache.

Each kernel is a plain function over numpy arrays with a slow, obvious twin in
``tests/property/test_fast_paths.py`` or ``tests/property/test_counting_fast.py`` that it
must equal on random inputs. They work in
blocks of rows small enough that every temporary (an ``intp`` copy of int8 codes, a
float copy of a block of ticks) stays in the CPU cache instead of costing a full pass
through memory.

From ``COMPILED_ROWS`` rows, with numba installed (the ``fast`` extra), the one-way
count of a byte column and the weighted pair count run compiled kernels
(:mod:`tracktr._compiled`) that count the same numbers, in the same order, and let go
of the GIL; ``TRACKTR_KERNELS=numpy`` keeps the numpy kernels (:func:`_compiled`).

A weighted pair count from ``THREAD_ROWS`` rows and a tick count from ``THREAD_TICKS``
respondents are split into runs of consecutive blocks, one per core this process may use
(``TRACKTR_THREADS`` sets their number; 1 counts in the calling thread alone): numpy
lets go of the GIL inside a weighted ``bincount`` and its ufuncs, so the runs are
counted at once. Their results are added in the order of the rows, never in the order
the threads end. Unweighted pair counts stay in one thread: numpy's unweighted
``bincount`` holds the GIL while it counts. The compiled weighted count shares its
blocks out between the threads from ``COMPILED_THREAD_ROWS`` rows, and adds the
blocks' sums in their order afterwards: the bits of numpy's one pass.
"""

from __future__ import annotations

import itertools
import math
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from tracktr._compiled import Kernels, WeightedRun

__all__ = [
    "any_tick",
    "byte_rows",
    "count_pairs",
    "count_pairs_both",
    "count_ticks",
    "decimal_places",
    "encoded_text",
    "largest_bytes",
    "looked_up",
    "popcount",
    "split_delimited",
    "weighted_pairs",
]

# Rows per block: 64 Ki rows of intp are 512 KiB, within a typical L2 cache.
BLOCK = 1 << 16
# A byte column of at most this many raw codes (blank included) is counted by comparisons
# (`_count_few_codes`), in blocks of 4 * BLOCK rows: the bytes and their matches (512 KiB)
# stay in the L2 cache.
FEW_CODES = 10
_U64 = np.uint64
# 10**places for the decimal places a weight may have (exact in float64).
_POWERS = np.array([10.0**places for places in range(10)])
# numpy >= 2.0 counts the bits of a word in one instruction; older numpy (the project
# supports 1.26) takes the SWAR fallback of `popcount`.
_BITWISE_COUNT = getattr(np, "bitwise_count", None)
# Words of 64 respondents per block of the packed tick matrix (50 options x 4096 words
# is 1.6 MiB, and its AND and population count are written into buffers reused for
# every block and group).
WORDS = 4096
# From this many rows a weighted count is split between threads (`_threads`), into one
# run of consecutive rows a thread: numpy's weighted bincount and ufuncs let go of the
# GIL while they loop, so two cores count at once. Below it, handing a half to a thread
# and waiting for it costs more than the second core saves (measured with a core free:
# slower at 1e6 rows, 4.1 against 5.1 ms; 8% faster at 2e6, 14% at 4e6).
THREAD_ROWS = 1 << 21
# From this many respondents a tick set is counted in threads: three blocks of packed
# words (786,432 respondents; packing, AND and population count let go of the GIL).
# Measured with a core free: 16.0 against 10.1 ms at 1e6 respondents, as fast at 7e5,
# slower at 5e5.
THREAD_TICKS = 3 * 64 * WORDS
# A weighted run counted beside another thread takes blocks this many times as large
# (512 Ki rows): each block is a few Python calls and three index scans (bincount's
# smallest and largest index) that hold the GIL, and with 64 Ki-row blocks the two
# threads mostly waited for each other. Two threads over 1e7 rows, with a core free:
# 42.6 ms with blocks of 128 Ki rows, 36.4-39.6 with 256 Ki, 34.5-35.0 with 512 Ki,
# against 44-46 ms in one thread of 64 Ki-row blocks.
THREAD_SCALE = 8
# A large weighted count is summed in parts of this many of those blocks (1 Mi rows),
# whatever the number of threads: the parts' sums are added in the order of the rows, so
# a table is the same to the last bit on a machine of one core or sixteen (split into one
# part per thread, the sums differed by up to 4e-9 between one thread and two). Ten
# parts at 1e7 rows share out evenly between two threads.
PART_BLOCKS = 2
# From this many rows a count runs the compiled kernels of tracktr._compiled, when numba
# is installed. Loading numba and the kernels (cached on disk) costs 0.5-1 s and about
# 140 MiB of memory once a process (their first compile, once a machine, 2-3 s more):
# worth it for the large tables a process that counts 5e5 rows makes many of (one-way at
# 1e7 rows: 2.0 against 5.9 ms; at 1e6: 0.17 against 0.50 ms; weighted_pairs 7 x 10 at
# 1e6 rows: 2.6-3.2 against 4.5-6.3 ms, whether the weights have 2 decimal places or 5%
# of them are 0). A small table, and `tracktr reproduce`, never load numba.
COMPILED_ROWS = 1 << 19
# From this many rows the compiled weighted pass (below THREAD_ROWS) shares its blocks out
# between the threads, each block's sums kept apart and added in the order of the blocks
# afterwards: the bits of one pass (_compiled_run).
COMPILED_THREAD_ROWS = COMPILED_ROWS
# ... in runs of this many blocks (128 Ki rows), each thread taking the next run as it
# ends its last (_taken_in_turn).
COMPILED_THREAD_BLOCKS = 2
# The values of TRACKTR_KERNELS: "numpy" counts with the numpy kernels at every size.
KERNEL_CHOICES = ("auto", "numpy")


def count_pairs(
    codes: npt.NDArray[np.integer[Any]],
    group_codes: npt.NDArray[np.integer[Any]] | None,
    n_raw: int,
    n_group_raw: int,
    weights: npt.NDArray[Any] | None,
    *,
    block: int = BLOCK,
) -> npt.NDArray[Any]:
    """Count ``(group + 1, code + 1)`` pairs of raw codes (``-1`` blank) as a matrix.

    Returns an ``n_group_raw x n_raw`` array (int64, or float64 with `weights`). The
    flat index ``(group + 1) * n_raw + code + 1`` is built block by block in one reused
    ``intp`` buffer, so int8 codes are never widened into a full-length copy.
    """
    return count_pairs_both(codes, group_codes, n_raw, n_group_raw, weights, block=block)[0]


def count_pairs_both(
    codes: npt.NDArray[np.integer[Any]],
    group_codes: npt.NDArray[np.integer[Any]] | None,
    n_raw: int,
    n_group_raw: int,
    weights: npt.NDArray[Any] | None,
    *,
    block: int = BLOCK,
    unweighted: bool = False,
) -> tuple[npt.NDArray[Any], npt.NDArray[np.int64] | None]:
    """:func:`count_pairs`, and with `unweighted` the plain counts from the same pass.

    A weighted table needs both (its unweighted bases): each block's flat index, built
    once in cache, feeds the weighted and the plain bincount.
    """
    size = n_raw * n_group_raw
    if (
        weights is None
        and group_codes is None
        and n_group_raw == 1
        and codes.dtype == np.int8
        and n_raw <= FEW_CODES
        and len(codes) >= block
    ):
        # Blocks of bytes, four times as many rows as of intp (the same cache footprint).
        # Unweighted, the counts asked for with `unweighted` are the same counts.
        kernels = _compiled(len(codes)) if codes.flags.c_contiguous else None
        if kernels is None:
            few = _count_few_codes(codes, n_raw, 4 * block).reshape(1, n_raw)
        else:
            few = _compiled_few_codes(kernels, codes, n_raw, 4 * block).reshape(1, n_raw)
        return few, few.copy() if unweighted else None
    if weights is None and not unweighted and len(codes) <= block:
        flat = _one_flat(codes, group_codes, n_raw)
        counted = np.bincount(flat, minlength=size).astype(np.int64, copy=False)
        return counted.reshape(n_group_raw, n_raw), None
    out = np.zeros(size, dtype=np.float64 if weights is not None else np.int64)
    plain = np.zeros(size, dtype=np.int64) if unweighted else None
    copied = _block_buffer(weights, len(codes), block)
    for start, stop, flat in _flat_blocks(codes, group_codes, n_raw, n_group_raw, block):
        w = None if weights is None else _writeable(weights[start:stop], copied)
        out += np.bincount(flat, weights=w, minlength=size)
        if plain is not None:
            plain += np.bincount(flat, minlength=size)
    counts = None if plain is None else plain.reshape(n_group_raw, n_raw)
    return out.reshape(n_group_raw, n_raw), counts


def _count_few_codes(
    codes: npt.NDArray[np.integer[Any]], n_raw: int, block: int
) -> npt.NDArray[np.int64]:
    """Count the raw codes ``-1..n_raw - 2`` of one byte column by comparisons.

    For a handful of codes, comparing a block of bytes with each code and counting the
    matches (both vectorised over 32 bytes at a time) costs less than one bincount,
    which reads every code as an ``intp`` and increments a counter per row: 14.5 ms
    against about 6 ms at 1e7 rows of 8 codes. The last code is the rows left over.
    """
    out = np.zeros(n_raw, dtype=np.int64)
    n = len(codes)
    matches = _scratch("matches", min(n, block), np.bool_)
    for start in range(0, n, block):
        part = codes[start : start + block]
        hit = matches[: len(part)]
        for raw in range(n_raw - 1):
            np.equal(part, raw - 1, out=hit)
            out[raw] += np.count_nonzero(hit)
    out[n_raw - 1] = n - out[: n_raw - 1].sum()
    return out


def _compiled_few_codes(
    kernels: Kernels, codes: npt.NDArray[np.integer[Any]], n_raw: int, block: int
) -> npt.NDArray[np.int64]:
    """:func:`_count_few_codes` by the compiled kernel, in runs of whole blocks, one a thread.

    The kernel lets go of the GIL, so from ``THREAD_ROWS`` rows the runs are counted at
    once (:func:`_threads`); their counts are whole numbers, added in any order.
    """
    n = len(codes)

    def run(start: int, stop: int) -> npt.NDArray[np.int64]:
        return kernels.few_codes(codes[start:stop], n_raw - 1)

    counted = _added(_in_threads(run, _bounds(n, block, THREAD_ROWS)))
    out = np.zeros(n_raw, dtype=np.int64)
    out[: n_raw - 1] = counted
    out[n_raw - 1] = n - counted.sum()
    return out


class WeightedPairs(NamedTuple):
    """What :func:`weighted_pairs` counts: three matrices, and what the weights hold."""

    sums: npt.NDArray[np.float64]
    """The weights summed per pair (``n_group_raw x n_raw``)."""
    plain: npt.NDArray[np.int64]
    """The rows per pair."""
    squares: npt.NDArray[np.float64]
    """The squared weights summed per pair."""
    smallest: float
    """The smallest weight: NaN if any weight is NaN, infinity if there are none."""
    tiny: bool
    """Whether a weight lies between 0 and `low` (both excluded), when none is NaN or
    negative."""
    zeros: npt.NDArray[np.int64] | None
    """The rows weighted 0 per pair, or None where none is (when none is NaN or negative)."""
    places: int | None = None
    """The fewest decimal places (0 to 9) that write every weight, or None: what
    :func:`decimal_places` returns, found in the same pass."""


def weighted_pairs(
    codes: npt.NDArray[np.integer[Any]],
    group_codes: npt.NDArray[np.integer[Any]] | None,
    n_raw: int,
    n_group_raw: int,
    weights: npt.NDArray[np.float64],
    *,
    low: float = 0.0,
    block: int = BLOCK,
    split_from: int | None = None,
) -> WeightedPairs:
    """Sum the weights, rows and squared weights of each pair, and check the weights, in one pass.

    What a weighted table needs (its counts, its unweighted counts and, for Kish's
    effective base, the squared weights), as three ``n_group_raw x n_raw`` matrices
    (float64, int64, float64). Each block's flat index is built once and feeds three
    bincounts; the squares are taken block by block into a reused buffer, never as a
    full-length copy of the weights.

    The smallest weight is taken block by block while the block is in cache, and the
    sum of every weight is the sum of the pairs' sums: from them a table checks its
    weights' range without reading them again
    (``tracktr.tabulate._common.WeightColumn.check``). Only a block whose smallest
    weight is below `low` is read again, in cache: whether it holds a weight between 0
    and `low`, and, where its smallest weight is 0, its rows weighted 0 per pair (the
    table's note counts them). A block of NaN or negative weights is not (they are
    refused).

    From `split_from` rows on (``THREAD_ROWS`` when None), the rows are summed in parts of
    ``PART_BLOCKS`` blocks ``THREAD_SCALE`` times as large, consecutive parts to each
    thread (:func:`_threads`). The parts' sums are added in the order of their rows, so
    the sums are the same to the last bit on every call and with any number of threads
    (below `split_from`, one pass of blocks: they differ from the parts' by float
    rounding only); the rows, the smallest weight, the rows weighted 0 and whether a
    weight is tiny are those of one pass (the last two when no weight is NaN or
    negative).

    The weights' decimal places (:func:`decimal_places`, the same answer for every input)
    come with the counts. From `split_from` rows they are checked in the threads that
    count, block by block in the pass: after it, in one thread, the check of 1e7 weights
    of two places took 18-31 ms, a third of the count. Below, they are checked after the
    count, as :func:`decimal_places` does (see there why not inside it).

    From ``COMPILED_ROWS`` rows, int8 codes and groups are counted by a compiled kernel
    (:func:`_compiled`) in the same blocks and parts, each block's rows in their order:
    the same sums to the last bit, and the same findings. Below `split_from` rows, from
    ``COMPILED_THREAD_ROWS``, its blocks are counted in threads, kept apart and added in
    their order after (:func:`_compiled_run`): still the bits of one pass. It checks the
    fewest decimal places the first weights allow on each block in the same pass
    (registers only, no buffers); a block they do not write is checked by numpy, as above.
    """
    weights = np.asarray(weights, dtype=np.float64)  # no copy: the callers pass float64
    n = len(codes)
    kernels = _compiled(n) if _compilable(codes, group_codes, weights) else None
    if n < (THREAD_ROWS if split_from is None else split_from):
        if kernels is not None:
            return _compiled_pairs(
                kernels, codes, group_codes, n_raw, n_group_raw, weights, low, block
            )
        counted = _weighted_run(codes, group_codes, n_raw, n_group_raw, weights, low, block)
        # In one thread, after the count: checked inside it, block by block, the pair
        # cost 0.3 ms more at 1e6 rows (6.9 against 5.0 + 1.6 ms of processor time; the
        # pass's working set grows past a core's 2 MiB of L2 cache).
        with np.errstate(over="ignore", invalid="ignore"):  # bad weights are refused after
            fits = _sample_places(weights)  # none for raked weights: settled here
            places = next((p for p in fits if _written_blocks(weights, p, block)), None)
        return counted if places is None else counted._replace(places=places)
    with np.errstate(over="ignore", invalid="ignore"):
        fits = _sample_places(weights)
    scaled = THREAD_SCALE * block
    size = PART_BLOCKS * scaled
    parts = [(start, min(n, start + size)) for start in range(0, n, size)]
    checks = [_PlacesSeen(fits, start, stop) for start, stop in parts]

    def run(first: int, last: int) -> list[WeightedPairs]:
        counted = []
        for (start, stop), seen in zip(parts[first:last], checks[first:last], strict=True):
            groups = None if group_codes is None else group_codes[start:stop]
            shape = (codes[start:stop], groups, n_raw, n_group_raw, weights[start:stop])
            if kernels is None:
                counted.append(_weighted_run(*shape, low, scaled, released=True, places=seen))
            else:
                checked = seen.candidates[:1]
                found, written = _compiled_run(kernels, *shape, low, scaled, checked)
                _seen_blocks(seen, checked, written, shape[4], scaled)
                counted.append(found)
        return counted

    # Consecutive parts to each thread; the parts' sums are added in their order, never
    # grouped by thread, so the bits do not depend on how many threads counted them.
    counted = _combined([p for run_parts in _in_threads(run, _runs(len(parts))) for p in run_parts])
    return counted._replace(places=_settled(weights, fits, checks))


def _compilable(
    codes: npt.NDArray[np.integer[Any]],
    group_codes: npt.NDArray[np.integer[Any]] | None,
    weights: npt.NDArray[np.float64],
) -> bool:
    """Whether the compiled weighted kernel takes these arrays: contiguous, int8 codes.

    Categorical columns of up to 127 values (every survey question) have int8 codes;
    anything else is counted by the numpy kernels.
    """
    return (
        codes.dtype == np.int8
        and codes.flags.c_contiguous
        and weights.flags.c_contiguous
        and (
            group_codes is None or (group_codes.dtype == np.int8 and group_codes.flags.c_contiguous)
        )
    )


def _compiled_pairs(  # noqa: PLR0917 (positions as weighted_pairs)
    kernels: Kernels,
    codes: npt.NDArray[Any],
    group_codes: npt.NDArray[Any] | None,
    n_raw: int,
    n_group_raw: int,
    weights: npt.NDArray[np.float64],
    low: float,
    block: int,
) -> WeightedPairs:
    """:func:`weighted_pairs` below `split_from` rows, by the compiled kernel, in one pass.

    From ``COMPILED_THREAD_ROWS`` rows the pass's blocks are shared out between the
    threads (:func:`_compiled_run`). The decimal places the first weights allow are
    checked in the pass, the fewest of them on every block; only when a block refuses
    them are the others checked as :func:`decimal_places` does (the same answer).
    """
    with np.errstate(over="ignore", invalid="ignore"):  # bad weights are refused after
        fits = _sample_places(weights)
    counted, written = _compiled_run(
        kernels,
        codes,
        group_codes,
        n_raw,
        n_group_raw,
        weights,
        low,
        block,
        fits[:1],
        spread=True,
    )
    if fits and written is not None and bool(written.all()):
        return counted._replace(places=fits[0])
    with np.errstate(over="ignore", invalid="ignore"):
        places = next((p for p in fits[1:] if _written_blocks(weights, p, block)), None)
    return counted._replace(places=places)


def _compiled_run(  # noqa: PLR0917 (positions as _weighted_run)
    kernels: Kernels,
    codes: npt.NDArray[Any],
    group_codes: npt.NDArray[Any] | None,
    n_raw: int,
    n_group_raw: int,
    weights: npt.NDArray[np.float64],
    low: float,
    block: int,
    places: Sequence[int],
    *,
    spread: bool = False,
) -> tuple[WeightedPairs, npt.NDArray[np.bool_] | None]:
    """:func:`_weighted_run` by the compiled kernel (the same blocks: the same bits).

    Also returns, per block, whether its weights are written with ``places[0]``
    decimals (None without `places`): a block after one that ``places[0]`` does not
    write, in the same run of blocks, is left unmarked.

    With `spread`, from ``COMPILED_THREAD_ROWS`` rows, runs of ``COMPILED_THREAD_BLOCKS``
    whole blocks are counted in threads (:func:`_taken_in_turn`): each block's sums stay
    apart until every run is counted, and are then added in the order of the blocks, as
    one pass adds them, so the sums are the same bits with any number of threads.
    """
    n = len(codes)
    step = max(1, min(n, block))
    checked = places[0] if places else None

    def run(start: int, stop: int) -> WeightedRun:
        groups = None if group_codes is None else group_codes[start:stop]
        return kernels.weighted_run(
            codes[start:stop],
            groups,
            n_raw,
            n_group_raw,
            weights[start:stop],
            low=low,
            block=step,
            places=checked,
        )

    size = COMPILED_THREAD_BLOCKS * step
    threads = _threads() if spread and n >= COMPILED_THREAD_ROWS else 1
    if threads == 1 or n <= size:  # one thread, or one run
        runs = [run(0, n)]
    else:
        runs = _taken_in_turn(run, [(s, min(n, s + size)) for s in range(0, n, size)], threads)
    block_sums, plain, block_squares, zeros, smallest, tiny, written = runs[0]
    if len(runs) > 1:
        block_sums = np.concatenate([r[0] for r in runs])
        block_squares = np.concatenate([r[2] for r in runs])
        plain = _added([r[1] for r in runs])
        held = [r[3] for r in runs if r[3] is not None]
        zeros = _added(held) if held else None
        least = [r[4] for r in runs]
        smallest = math.nan if any(math.isnan(x) for x in least) else min(least)
        tiny = any(r[5] for r in runs)
        written = None if checked is None else np.concatenate([r[6] for r in runs])
    shape = (n_group_raw, n_raw)
    found = WeightedPairs(
        kernels.in_order(block_sums).reshape(shape),
        plain.reshape(shape),
        kernels.in_order(block_squares).reshape(shape),
        smallest,
        tiny,
        None if zeros is None else zeros.reshape(shape),
    )
    return found, written


def _seen_blocks(
    seen: _PlacesSeen,
    checked: Sequence[int],
    written: npt.NDArray[np.bool_] | None,
    weights: npt.NDArray[np.float64],
    block: int,
) -> None:
    """Tell `seen` what the compiled pass found of each block's decimal places.

    `written` says, per block, whether ``checked[0]`` writes its weights: a block it
    writes, while ``checked[0]`` is still `seen`'s first candidate, is passed as
    :meth:`_PlacesSeen.check` would pass it; any other is checked by it.
    """
    step = max(1, min(len(weights), block))
    with np.errstate(over="ignore", invalid="ignore"):  # as in the numpy pass
        for b, start in enumerate(range(0, len(weights), step)):
            if seen.candidates[:1] == list(checked) and (
                not checked or (written is not None and written[b])
            ):
                continue
            scaled = _scratch("squared", step, np.float64)
            seen.check(weights[start : start + step], seen.start + start, scaled)


def _runs(parts: int) -> list[tuple[int, int]]:
    """Share `parts` consecutive parts out between the threads (:func:`_threads`), evenly."""
    runs = max(1, min(_threads(), parts))
    ends = [parts * k // runs for k in range(runs + 1)]
    return list(itertools.pairwise(ends))


def _combined(runs: Sequence[WeightedPairs]) -> WeightedPairs:
    """Return what :func:`weighted_pairs` finds of all the rows, from each run's findings.

    The sums are added in the order of the runs (of the rows), whichever thread ended
    first: the same bits on every call. The smallest weight is NaN if any run's is.
    """
    first, *rest = runs
    sums, plain, squares = first.sums.copy(), first.plain.copy(), first.squares.copy()
    zeros = None if first.zeros is None else first.zeros.copy()
    # Quietly, as in the pass: huge weights in two runs overflow here, -inf meets +inf
    # (the caller refuses such weights after the count, naming their rows).
    with np.errstate(over="ignore", invalid="ignore"):
        for run in rest:
            sums += run.sums
            plain += run.plain
            squares += run.squares
            if run.zeros is not None:
                zeros = run.zeros.copy() if zeros is None else zeros + run.zeros
    least = [run.smallest for run in runs]
    smallest = math.nan if any(math.isnan(x) for x in least) else min(least)
    tiny = any(run.tiny for run in runs)
    return WeightedPairs(sums, plain, squares, smallest, tiny, zeros)


def _weighted_run(  # noqa: PLR0917 (a private kernel: positions as weighted_pairs)
    codes: npt.NDArray[np.integer[Any]],
    group_codes: npt.NDArray[np.integer[Any]] | None,
    n_raw: int,
    n_group_raw: int,
    weights: npt.NDArray[np.float64],
    low: float,
    block: int,
    *,
    released: bool = False,
    places: _PlacesSeen | None = None,
) -> WeightedPairs:
    """:func:`weighted_pairs` of a run of rows, in this thread (`released`: :func:`_rows`).

    With `places`, each block of weights is checked for its decimal places while in cache
    (:meth:`_PlacesSeen.check`); the result's `places` is left None.
    """
    size = n_raw * n_group_raw
    sums = np.zeros(size, dtype=np.float64)
    plain = np.zeros(size, dtype=np.int64)
    squares = np.zeros(size, dtype=np.float64)
    zeros: npt.NDArray[np.int64] | None = None
    smallest = np.inf
    tiny = False
    n = len(codes)
    squared = _scratch("squared", max(1, min(n, block)), np.float64)
    copied = _block_buffer(weights, n, block)
    ones = _ones(max(1, min(n, block))) if released else None
    # One block (a table of up to 64 Ki rows) takes its flat index at once, without the
    # byte buffers of the blocks: a fifth of a weighted count at 1e3 rows.
    index = None if 0 < n <= block else _FlatIndex(codes, group_codes, n_raw, n_group_raw, block)
    step = block if index is None else index.block
    # A bad weight (checked after this pass) is counted first: a huge weight's square
    # overflows, and -inf meets +inf, quietly here (the caller refuses them, naming rows).
    with np.errstate(over="ignore", invalid="ignore"):
        for start in range(0, n, step):
            stop = min(n, start + step)
            w = _writeable(weights[start:stop], copied)
            least = float(np.minimum.reduce(w))  # NaN if the block holds one (as np.min)
            if not math.isnan(smallest) and not least >= smallest:  # once NaN, it stays
                smallest = least
            found = None
            if 0 < least < low:
                tiny = True
            elif least == 0:
                # The rows weighted 0 are counted past the pairs, by the same bincounts
                # (their weights and squares add +0.0, so the pairs' sums keep their bits).
                found = _scratch("zero", step, np.bool_)[: stop - start]
                np.equal(w, 0.0, out=found)
            held = None
            if index is None:
                # One block: picking its rows weighted 0 out costs less than raising them
                # (an intp pass) and counting twice as many pairs.
                flat, width = _one_flat(codes, group_codes, n_raw), size
                if found is not None:
                    held = np.bincount(np.compress(found, flat), minlength=size)
            else:
                flat = index.of(start, stop, found)
                width = size if found is None else 2 * size
            summed, rows, summed_squares = _block_sums(flat, w, width, ones, squared)
            sums += summed[:size]
            plain += rows[:size]
            squares += summed_squares[:size]
            if found is not None:
                if held is None:  # raised past the pairs: counted apart
                    held = rows[size:]
                    plain += held
                zeros = held.copy() if zeros is None else zeros + held
                if low > 0 and not tiny:  # more weights below `low` than 0s: one lies between
                    np.less(w, low, out=found)
                    tiny = int(np.count_nonzero(found)) > int(held.sum())
            if places is not None:  # the squares are counted: their buffer is free
                places.check(w, places.start + start, squared)
    shape = (n_group_raw, n_raw)
    return WeightedPairs(
        sums.reshape(shape),
        plain.reshape(shape),
        squares.reshape(shape),
        smallest,
        tiny,
        None if zeros is None else zeros.reshape(shape),
    )


def _block_sums(
    flat: npt.NDArray[np.intp],
    w: npt.NDArray[np.float64],
    width: int,
    ones: npt.NDArray[np.float64] | None,
    squared: npt.NDArray[np.float64],
) -> tuple[npt.NDArray[Any], npt.NDArray[np.int64], npt.NDArray[Any]]:
    """Count the weights, rows and squared weights of each index ``0..width - 1`` of a block.

    The squares are taken into `squared` (a reused buffer), never a fresh temporary.
    """
    square = squared[: len(w)]
    np.square(w, out=square)  # half the time of np.multiply(w, w), the same bits
    sums: npt.NDArray[Any] = np.bincount(flat, weights=w, minlength=width)
    squares: npt.NDArray[Any] = np.bincount(flat, weights=square, minlength=width)
    return sums, _rows(flat, width, ones), squares


def _threads() -> int:
    """Return how many threads a large count may use: ``TRACKTR_THREADS`` or the cores.

    The cores are those this process may run on (a container or ``taskset`` may allow
    fewer than the machine has). ``TRACKTR_THREADS=1`` counts in the calling thread
    alone, for a program that runs its own counts in parallel.
    """
    given = os.environ.get("TRACKTR_THREADS", "").strip()
    if not given:
        affinity = getattr(os, "sched_getaffinity", None)  # not on macOS or Windows
        return len(affinity(0)) if affinity is not None else os.cpu_count() or 1
    if not given.isdecimal() or int(given) < 1:  # "²" is a digit that int() refuses
        from tracktr.exceptions import InvalidOptionError

        msg = f"TRACKTR_THREADS must be a whole number of threads, 1 or more; got {given!r}."
        hint = (
            "Hint: set TRACKTR_THREADS=1 to count in one thread, or unset it to count on "
            "every core this process may use."
        )
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    return int(given)


_COMPILED: list[Kernels | None] = []
_COMPILED_LOCK = threading.Lock()


def _compiled(n: int) -> Kernels | None:
    """Return the compiled kernels for a count of `n` rows, or None: count with numpy.

    None below ``COMPILED_ROWS`` rows, with ``TRACKTR_KERNELS=numpy`` (read on every
    call), without numba (or with one that cannot be imported) and with
    ``NUMBA_DISABLE_JIT=1``; the kernels are loaded on the first call that needs them
    (:mod:`tracktr._compiled`), once a process.
    """
    if n < COMPILED_ROWS or _kernel_choice() == "numpy":
        return None
    with _COMPILED_LOCK:  # two threads' first counts load them once
        if not _COMPILED:
            try:
                from tracktr._compiled import KERNELS
            # numba is not installed (or not for this numpy: ImportError), or is broken: its
            # llvmlite cannot load its library (OSError), a numba for another numpy fails on
            # a missing name (AttributeError). numba may be there for another package;
            # the numpy kernels count the same numbers.
            except Exception:
                _COMPILED.append(None)
            else:
                _COMPILED.append(KERNELS)
    return _COMPILED[0]


def _kernel_choice() -> str:
    """Return ``TRACKTR_KERNELS`` (``auto`` when unset), refusing an unknown value."""
    given = os.environ.get("TRACKTR_KERNELS", "").strip()
    if given in KERNEL_CHOICES:
        return given
    if not given:
        return "auto"
    from tracktr.exceptions import InvalidOptionError

    msg = f"TRACKTR_KERNELS must be one of {KERNEL_CHOICES}; got {given!r}."
    hint = (
        "Hint: set TRACKTR_KERNELS=numpy to count with numpy alone, or unset it to count "
        "large tables with the compiled kernels when numba is installed."
    )
    raise InvalidOptionError(f"{msg}\n\n{hint}")


def _bounds(n: int, block: int, split_from: int) -> list[tuple[int, int]]:
    """Split ``range(n)`` into runs of whole blocks, one a thread, from `split_from` rows.

    Fewer than `split_from` rows, or one thread allowed, make one run. The runs' ends
    fall on block ends, so each run is counted in whole blocks as one pass would be.
    """
    threads = _threads() if n >= split_from else 1
    blocks = -(-n // max(1, block))
    runs = max(1, min(threads, blocks))
    ends = [min(n, blocks * part // runs * block) for part in range(runs)] + [n]
    return list(itertools.pairwise(ends))


def _rows(
    flat: npt.NDArray[np.intp], size: int, ones: npt.NDArray[np.float64] | None
) -> npt.NDArray[np.int64]:
    """Count the rows of each index of `flat`; with `ones`, as a bincount weighted by them.

    numpy's unweighted bincount holds the GIL while it counts: two threads of it over
    the halves of 1e7 rows took as long as one (11.6 against 11.8 ms, with a core free).
    Weighted, it lets go of it while it adds (15.3 against 18.3 ms). A run counted
    beside others counts its rows as sums of ones: exact (a block's sums are far below
    2**53).
    """
    if ones is None:
        counted: npt.NDArray[np.int64] = np.bincount(flat, minlength=size)
        return counted
    return np.bincount(flat, weights=ones[: len(flat)], minlength=size).astype(np.int64)


_ONES: list[npt.NDArray[np.float64]] = [np.ones(0)]


def _ones(size: int) -> npt.NDArray[np.float64]:
    """Return `size` ones, from one array shared by every thread and never written to.

    Writeable all the same: bincount copies weights it may not write to (:func:`_writeable`).
    """
    ones = _ONES[0]
    if len(ones) < size:
        ones = _ONES[0] = np.ones(size)  # two threads may both make one: either serves
    return ones[:size]


_T = TypeVar("_T")
_POOL: ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    """Return this process's pool of counting threads, made on first use.

    A forked child forgets its parent's (:func:`_forget_the_parents_pool`): the pool has
    no threads there, though it counts them as idle, and work given to it would wait for
    ever.
    """
    global _POOL  # noqa: PLW0603 (made once, on first use)
    with _POOL_LOCK:
        if _POOL is None:
            workers = max(1, _threads() - 1)  # the calling thread counts a run too
            _POOL = ThreadPoolExecutor(workers, thread_name_prefix="tracktr")
        return _POOL


def _forget_the_parents_pool() -> None:
    """In a forked child: a lock of its own, and no pool (made on first use, as ever).

    Another thread of the parent may have held the lock at the fork; no thread of the
    child would ever let go of the copy, and the child's first count would wait for ever.
    """
    global _POOL, _POOL_LOCK  # noqa: PLW0603 (replaced, not changed: the copies are dead)
    _POOL_LOCK = threading.Lock()
    _POOL = None


if hasattr(os, "register_at_fork"):  # not on Windows, which does not fork
    os.register_at_fork(after_in_child=_forget_the_parents_pool)


def _in_threads(run: Callable[[int, int], _T], bounds: Sequence[tuple[int, int]]) -> list[_T]:
    """Return ``run(start, stop)`` of every run of rows, in their order.

    The calling thread counts the first run while the pool counts the others. Each
    thread has its own scratch buffers (:func:`_scratch`), and the results come back in
    the order of the rows, never in the order the threads end.
    """
    if len(bounds) == 1:
        return [run(*bounds[0])]
    pool = _pool()
    try:
        futures: list[Future[_T]] = [pool.submit(run, *ends) for ends in bounds[1:]]
    except RuntimeError:
        # The interpreter is shutting down (an atexit handler): no thread may start, so
        # every run is counted here, in the same runs (the same sums).
        return [run(*ends) for ends in bounds]
    first = run(*bounds[0])
    return [first, *(future.result() for future in futures)]


def _taken_in_turn(
    run: Callable[[int, int], _T], bounds: Sequence[tuple[int, int]], threads: int
) -> list[_T]:
    """Return ``run(start, stop)`` of every run of rows, in their order, run by `threads` threads.

    Each thread takes the next run not yet taken as it ends its last, so a thread that
    waits for a core (a busy machine), or starts late, leaves its runs to the others
    instead of holding the count up (with one run a thread, the count waits for the
    thread that waited longest). Which thread counts a run does not matter: the results
    come back in the order of the runs.
    """
    slots: dict[int, _T] = {}
    taken = itertools.count()  # next() on it is atomic (under the GIL): one taker a run

    def take(_start: int, _stop: int) -> None:
        while (i := next(taken)) < len(bounds):
            slots[i] = run(*bounds[i])

    _in_threads(take, [(0, 0)] * max(1, min(threads, len(bounds))))
    return [slots[i] for i in range(len(bounds))]


_SCRATCH = threading.local()


def _scratch(slot: str, size: int, dtype: Any) -> npt.NDArray[Any]:
    """Return a buffer of `size` items kept for `slot` in this thread, reused across calls.

    A block's buffers are up to 512 KiB each. Allocated afresh on every call, they are
    mapped in and given back by the allocator (glibc trims the top of its heap once
    freed memory passes a threshold), and every page faults in again: with three of them
    a weighted count of 1e5 rows took 1.1 ms instead of 0.39. Kept here, a buffer is
    allocated once per thread and slot; the kernels never return a view of one. A slot
    serves one use at a time (no kernel runs inside another's loop).
    """
    buffers: dict[tuple[str, np.dtype[Any]], npt.NDArray[Any]] | None
    buffers = getattr(_SCRATCH, "buffers", None)
    if buffers is None:
        buffers = _SCRATCH.buffers = {}
    key = (slot, np.dtype(dtype))
    buffer = buffers.get(key)
    if buffer is None or len(buffer) < size:
        buffer = np.empty(size, dtype=dtype)
        buffers[key] = buffer
    return buffer[:size]


def _block_buffer(
    weights: npt.NDArray[Any] | None, n: int, block: int
) -> npt.NDArray[np.float64] | None:
    """Return a buffer for blocks of read-only weights (see :func:`_writeable`), or None."""
    if weights is None or weights.flags.writeable:
        return None
    return _scratch("weights", max(1, min(n, block)), np.float64)


def _writeable(
    weights: npt.NDArray[Any], buffer: npt.NDArray[np.float64] | None
) -> npt.NDArray[Any]:
    """Return a block of weights as :func:`numpy.bincount` reads them without a copy.

    bincount copies weights it may not write to (pandas' copy-on-write hands out
    read-only arrays) into a new array on every call, which the allocator maps and the
    CPU faults in afresh: three times the cost of the count itself (1.1 against 0.39 ms
    at 1e5 rows). A read-only block is copied into one buffer reused for every block.
    """
    if buffer is None:
        return weights
    out = buffer[: len(weights)]
    np.copyto(out, weights)
    return out


def _one_flat(
    codes: npt.NDArray[np.integer[Any]],
    group_codes: npt.NDArray[np.integer[Any]] | None,
    n_raw: int,
) -> npt.NDArray[np.intp]:
    """Return ``(group + 1) * n_raw + code + 1`` of every row at once (one block).

    Without the buffers :class:`_FlatIndex` reuses: their set-up costs more than
    counting a thousand rows. The products are taken in ``intp`` (int8 group codes times
    `n_raw` would wrap in int8).
    """
    flat: npt.NDArray[np.intp] = np.add(codes, 1, dtype=np.intp)
    if group_codes is not None:
        flat += np.multiply(group_codes, n_raw, dtype=np.intp)
        flat += n_raw
    return flat


def _flat_blocks(
    codes: npt.NDArray[np.integer[Any]],
    group_codes: npt.NDArray[np.integer[Any]] | None,
    n_raw: int,
    n_group_raw: int,
    block: int,
) -> Iterator[tuple[int, int, npt.NDArray[np.intp]]]:
    """Yield ``(start, stop, flat)`` per block: ``flat = (group + 1) * n_raw + code + 1``.

    `flat` is a view of one reused ``intp`` buffer (what :func:`numpy.bincount` reads),
    valid until the next block (:class:`_FlatIndex`).
    """
    n = len(codes)
    index = _FlatIndex(codes, group_codes, n_raw, n_group_raw, block)
    for start in range(0, n, index.block):
        stop = min(n, start + index.block)
        yield start, stop, index.of(start, stop)


class _FlatIndex:
    """The flat index ``(group + 1) * n_raw + code + 1`` of a block of rows, in reused buffers.

    When the codes are bytes and every flat index fits in a byte, the index is computed
    in ``uint8`` (modulo 256, which is exact: the true index is below 256, and a blank's
    ``-1`` is 255, so adding 1 wraps it to 0) and widened once; byte arithmetic is
    several times faster than arithmetic cast to ``intp``.

    Rows given as `marked` are moved past the pairs: their index is raised by
    ``n_raw * n_group_raw`` (in bytes while the raised index fits in one), so one
    bincount of ``2 * n_raw * n_group_raw`` counts them apart from the others (the rows
    weighted 0: :func:`_weighted_run`).
    """

    __slots__ = (
        "block",
        "buffer",
        "byte",
        "code_bytes",
        "codes",
        "group_bytes",
        "group_codes",
        "mark",
        "n_raw",
        "narrow",
        "size",
    )

    def __init__(
        self,
        codes: npt.NDArray[np.integer[Any]],
        group_codes: npt.NDArray[np.integer[Any]] | None,
        n_raw: int,
        n_group_raw: int,
        block: int,
    ) -> None:
        self.codes, self.group_codes, self.n_raw = codes, group_codes, n_raw
        self.size = n_raw * n_group_raw
        self.block = block = max(1, min(len(codes), block))
        self.buffer = _scratch("flat", block, np.intp)
        self.narrow = (
            self.size <= 256
            and n_raw < 256
            and codes.dtype.itemsize == 1
            and (group_codes is None or group_codes.dtype.itemsize == 1)
        )
        if self.narrow:
            self.byte = _scratch("byte", block, np.uint8)
            self.code_bytes = codes.view(np.uint8)
            self.group_bytes = None if group_codes is None else group_codes.view(np.uint8)
        # Marks are added in bytes while a raised index fits in one, else in intp.
        self.mark = self.narrow and 2 * self.size <= 256

    def of(
        self, start: int, stop: int, marked: npt.NDArray[np.bool_] | None = None
    ) -> npt.NDArray[np.intp]:
        """Return the flat index of rows `start`..`stop` (`marked`: raised past the pairs)."""
        flat = self.buffer[: stop - start]
        if self.narrow:
            index = self.byte[: stop - start]
            if self.group_bytes is None:
                np.add(self.code_bytes[start:stop], 1, out=index)
            else:
                np.add(self.group_bytes[start:stop], 1, out=index)
                np.multiply(index, self.n_raw, out=index)
                np.add(index, self.code_bytes[start:stop], out=index)
                np.add(index, 1, out=index)
            if marked is not None and self.mark:
                # A byte per row: 0 or the pairs' count, added in place (two byte passes,
                # where picking the marked rows out branches on each: 1 ms per 1e6 rows).
                raised = _scratch("raised", self.block, np.uint8)[: stop - start]
                np.multiply(marked.view(np.uint8), self.size, out=raised)
                np.add(index, raised, out=index)
                marked = None
            np.copyto(flat, index, casting="unsafe")
        elif self.group_codes is None:
            np.add(self.codes[start:stop], 1, out=flat, casting="unsafe")
        else:
            # Widened before the product: int8 codes times `n_raw` would be computed in
            # int8 and wrap (20 groups by 20 answers overflowed).
            np.copyto(flat, self.group_codes[start:stop], casting="unsafe")
            flat *= self.n_raw
            flat += self.codes[start:stop]
            flat += self.n_raw + 1
        if marked is not None:
            flat += np.multiply(marked, self.size, dtype=np.intp)
        return flat


def looked_up(
    table: npt.NDArray[Any], codes: npt.NDArray[np.integer[Any]], *, block: int = BLOCK
) -> npt.NDArray[Any]:
    """Return ``table[codes]`` (a code of -1 reads the last entry), block by block.

    Each block of codes is widened to ``intp`` in this thread's buffer: indexing or
    :func:`numpy.take` by narrow codes widens them all at once, an ``intp`` copy of
    eight bytes a row (80 MB at 1e7 rows, faulted in afresh on every call).
    """
    n = len(codes)
    out = np.empty(n, dtype=table.dtype)
    wide = _scratch("flat", max(1, min(n, block)), np.intp)
    for start in range(0, n, block):
        stop = min(n, start + block)
        index = wide[: stop - start]
        np.copyto(index, codes[start:stop], casting="unsafe")
        # mode="wrap" reads -1 as the last entry, as "raise" does (the codes are -1 up
        # to len(table) - 2), and writes `out` directly: "raise" buffers it.
        np.take(table, index, out=out[start:stop], mode="wrap")
    return out


class PackedTicks(NamedTuple):
    """An options x respondents tick matrix packed eight respondents a byte.

    `bits` is options x ``ceil(n / 8)`` bytes in little bit order (respondent ``i`` is
    bit ``i % 8`` of byte ``i // 8``), the bits past `n` zero. An eighth of the memory of
    the boolean matrix: a set read by copying its columns (not viewed in place) packs
    each column as it is read, so no boolean matrix of every option is ever held (one
    byte a tick, as large as one-byte columns themselves).
    """

    bits: npt.NDArray[np.uint8]
    n: int

    @property
    def shape(self) -> tuple[int, int]:
        """Options x respondents, as the boolean matrix's."""
        return (self.bits.shape[0], self.n)

    def respondents(self, start: int, stop: int) -> PackedTicks:
        """Respondents ``start:stop``; `start` a multiple of 8 (as every block's is)."""
        return PackedTicks(self.bits[:, start // 8 : -(-stop // 8)], stop - start)


Ticks = npt.NDArray[np.bool_] | PackedTicks


def tick_row(
    ticks: Ticks, option: int, start: int = 0, stop: int | None = None
) -> npt.NDArray[np.bool_]:
    """Return who ticked `option` among respondents ``start:stop`` (`start` a multiple of 8)."""
    if not isinstance(ticks, PackedTicks):
        return ticks[option, start:stop]
    stop = ticks.n if stop is None else stop
    row = ticks.bits[option, start // 8 : -(-stop // 8)]
    unpacked: npt.NDArray[np.bool_] = np.unpackbits(
        row, count=stop - start, bitorder="little"
    ).view(np.bool_)
    return unpacked


def tick_columns(ticks: Ticks, rows: npt.NDArray[np.intp]) -> npt.NDArray[np.bool_]:
    """Return the options x ``len(rows)`` ticks of the respondents `rows`."""
    if not isinstance(ticks, PackedTicks):
        return ticks[:, rows]
    bits = (ticks.bits[:, rows >> 3] >> (rows & 7).astype(np.uint8)) & np.uint8(1)
    return bits.view(np.bool_)


def ticked_twice(ticks: Ticks) -> npt.NDArray[np.bool_]:
    """Whether each respondent ticked two options or more."""
    if not isinstance(ticks, PackedTicks):
        twice: npt.NDArray[np.bool_] = ticks.sum(axis=0) > 1
        return twice
    # Bit by bit: "seen" once, "again" twice or more, an option at a time.
    seen = np.zeros(ticks.bits.shape[1], dtype=np.uint8)
    again = np.zeros_like(seen)
    both = np.empty_like(seen)
    for row in ticks.bits:
        np.bitwise_and(seen, row, out=both)
        np.bitwise_or(again, both, out=again)
        np.bitwise_or(seen, row, out=seen)
    unpacked: npt.NDArray[np.bool_] = np.unpackbits(again, count=ticks.n, bitorder="little").view(
        np.bool_
    )
    return unpacked


def pack_ticks(columns: Iterator[npt.NDArray[np.bool_]], k: int, n: int) -> PackedTicks:
    """Pack `k` boolean columns of `n` respondents, each as it comes, into bits."""
    bits = np.zeros((k, -(-n // 8)), dtype=np.uint8)
    for j, column in enumerate(columns):
        bits[j] = np.packbits(column, bitorder="little")
    return PackedTicks(bits, n)


def count_ticks(
    ticks: Ticks,
    group: npt.NDArray[np.integer[Any]],
    slots: int,
    weights: npt.NDArray[Any] | None,
    *,
    words: int = WORDS,
    block: int = BLOCK,
    split_from: int | None = None,
) -> npt.NDArray[Any]:
    """Ticks per (option, group slot) of an options x respondents boolean matrix.

    `ticks` may be packed already (:class:`PackedTicks`): its blocks are then copied,
    not packed.

    Unweighted: a block of 64 x `words` respondents at a time is packed eight
    respondents to a byte (:func:`numpy.packbits`) and read as 64-bit words; each group
    is a packed mask, and a cell is the population count (:func:`numpy.bitwise_count`)
    of the option's words AND the group's mask (a small block: every group at once,
    :func:`_few_ticks`). The last slot is the total less the others. Weighted: one
    weighted bincount per option and block of rows. `group` may be any integer type (a
    narrow one makes the group masks cheaper).

    Unweighted, from `split_from` respondents on (``THREAD_TICKS`` when None), they are
    split into runs of whole blocks, one a thread (:func:`_threads`), and the runs'
    counts are added. Weighted counts stay in one thread: a bincount per option and
    block holds the GIL too often (measured with a core free at 1e6 and 3e6 respondents
    of 50 options: 8-20% faster in two threads, for 10-60% more processor time).
    """
    n = ticks.shape[1]
    split = THREAD_TICKS if split_from is None else split_from
    if weights is not None:
        return _weighted_ticks(ticks, group, slots, weights, block=block)

    def run(start: int, stop: int) -> npt.NDArray[np.int64]:
        part = (
            ticks.respondents(start, stop)
            if isinstance(ticks, PackedTicks)
            else ticks[:, start:stop]
        )
        return _packed_ticks(part, group[start:stop], slots, words)

    # A run is whole blocks of 64 x `words` respondents (each packed at once).
    out = _added(_in_threads(run, _bounds(n, 64 * words, split)))
    out[:, slots - 1] -= out[:, : slots - 1].sum(axis=1)
    return out


def any_tick(ticks: Ticks, *, split_from: int | None = None) -> npt.NDArray[np.bool_]:
    """Whether each respondent ticked an option: ``ticks.any(axis=0)``, in threads.

    From `split_from` respondents on (``THREAD_TICKS`` when None), each run of
    respondents is reduced by its own thread into its part of one output (a reduction
    lets go of the GIL): 3.4 ms a call at 1e6 respondents of 50 options in one thread.
    """
    if isinstance(ticks, PackedTicks):
        # An eighth of the bytes to read: one reduction over them, unpacked once.
        anyone = np.bitwise_or.reduce(ticks.bits, axis=0) if len(ticks.bits) else None
        if anyone is None:
            return np.zeros(ticks.n, dtype=np.bool_)
        ticked: npt.NDArray[np.bool_] = np.unpackbits(
            anyone, count=ticks.n, bitorder="little"
        ).view(np.bool_)
        return ticked
    n = ticks.shape[1]
    out = np.empty(n, dtype=np.bool_)

    def run(start: int, stop: int) -> None:
        np.logical_or.reduce(ticks[:, start:stop], axis=0, out=out[start:stop])

    _in_threads(run, _bounds(n, 64 * WORDS, THREAD_TICKS if split_from is None else split_from))
    return out


def largest_bytes(
    rows: npt.NDArray[Any], *, split_from: int | None = None
) -> npt.NDArray[np.uint8]:
    """Return the largest byte of each column of a 2-D byte matrix, read as unsigned, in threads.

    As :func:`any_tick`: each run of columns is reduced by its own thread into its part
    of one output. For a tick set read in place, one pass gives both the check that
    every value is 0 or 1 (the largest of these is at most 1) and who ticked an option
    (a largest byte of 1): a second pass over the matrix, 500 MB for 50 options at 1e7
    respondents, cost as much again. 0 for every column of a matrix of no rows.
    """
    values = rows.view(np.uint8)
    n = values.shape[1]
    out = np.zeros(n, dtype=np.uint8)
    if values.size == 0:
        return out
    split = THREAD_TICKS if split_from is None else split_from

    def run(start: int, stop: int) -> None:
        np.maximum.reduce(values[:, start:stop], axis=0, out=out[start:stop])

    _in_threads(run, _bounds(n, 64 * WORDS, split))
    return out


def _added(runs: Sequence[npt.NDArray[Any]]) -> npt.NDArray[Any]:
    """Return the sum of the runs' counts, added in the order of the runs (of the rows)."""
    out = runs[0].copy() if len(runs) > 1 else runs[0]
    for run in runs[1:]:
        out += run
    return out


def _packed_ticks(
    ticks: Ticks, group: npt.NDArray[np.integer[Any]], slots: int, words: int
) -> npt.NDArray[np.int64]:
    """Unweighted ticks per (option, slot) of a run of respondents, in this thread.

    The last slot holds every tick of the option (:func:`count_ticks` takes the others
    from it once the runs are added).
    """
    k, n = ticks.shape
    out = np.zeros((k, slots), dtype=np.int64)
    # Packed a block of 64 x `words` respondents at a time: the packed bits of the whole
    # matrix (1/8 of it: 60 MiB for 50 options at 1e7 rows) are never held at once.
    rows = 64 * words
    for start in range(0, n, rows):
        stop = min(n, start + rows)
        packed = _packed_block(ticks, start, stop)
        counted = popcount(
            packed, _scratch("bitcounts", packed.size, np.uint8).reshape(packed.shape)
        )
        total = counted.sum(axis=1, dtype=np.int64)
        out[:, slots - 1] += total
        if slots > 1:
            _add_group_ticks(out, packed, group[start:stop], total, words)
    return out


def _add_group_ticks(
    out: npt.NDArray[np.int64],
    packed: npt.NDArray[np.uint64],
    group: npt.NDArray[np.integer[Any]],
    total: npt.NDArray[np.int64],
    words: int,
) -> None:
    """Add one block's ticks per (option, slot) to ``out[:, :-1]``; `total`: its ticks.

    When no respondent of the block is in the last slot (no group), the last group's
    ticks are the block's total less the other groups': one group mask, AND and
    population count fewer (a tenth of the count by 10 groups), for one comparison of
    the block's group bytes.
    """
    groups = out.shape[1] - 1
    if (group == groups).any():
        out[:, :groups] += _group_ticks(packed, group, groups, words)
        return
    if groups > 1:
        others = _group_ticks(packed, group, groups - 1, words)
        out[:, : groups - 1] += others
        out[:, groups - 1] += total - others.sum(axis=1)
    else:
        out[:, 0] += total


def _packed_block(ticks: Ticks, start: int, stop: int) -> npt.NDArray[np.uint64]:
    """Pack respondents ``start:stop`` of `ticks` into 64-bit words, one row an option.

    Written into this thread's buffer (:func:`_scratch`), zero-padded to whole words, a
    few options at a time: packbits of a whole block (1.6 MiB for 50 options) returned
    a fresh array that the allocator mapped, the CPU faulted in and a padded copy
    doubled (0.6 of 3.8 ms a table of 1e5 respondents, with the group buffers below).
    The view is valid until this thread packs the next block.
    """
    k = ticks.shape[0]
    size = -(-(stop - start) // 8)  # bytes an option
    width = -(-size // 8)  # words an option
    packed = _scratch("packed", k * width, np.uint64).reshape(k, width)
    as_bytes = packed.view(np.uint8)
    as_bytes[:, size:] = 0
    if isinstance(ticks, PackedTicks):  # packed already: `start` is a whole block's
        as_bytes[:, :size] = ticks.bits[:, start // 8 : start // 8 + size]
        return packed
    # Options a call, so that packbits' own array stays below 64 KiB (kept by the allocator).
    step = max(1, (1 << 16) // max(1, size))
    for first in range(0, k, step):
        part = ticks[first : first + step, start:stop]
        as_bytes[first : first + step, :size] = np.packbits(part, axis=1, bitorder="little")
    return packed


def _group_ticks(
    packed: npt.NDArray[np.uint64], group: npt.NDArray[np.integer[Any]], groups: int, words: int
) -> npt.NDArray[np.int64]:
    """Ticks per (option, slot) for slots ``0..groups - 1`` of one block of packed words."""
    k, width = packed.shape
    if groups * k * width <= 64 * words:
        return _few_ticks(packed, group, groups)
    out = np.zeros((k, groups), dtype=np.int64)
    # This thread's buffers, reused for every block and call (:func:`_scratch`).
    used = _scratch("anded", k * width, np.uint64).reshape(k, width)
    counted = _scratch("bitcounts", k * width, np.uint8).reshape(k, width)
    for slot in range(groups):
        mask = _packed_words(np.packbits(group == slot, bitorder="little"))
        np.bitwise_and(packed, mask, out=used)
        popcount(used, counted)
        # A block's count fits in 32 bits (64 x `words`); summing into uint32 is about
        # twice as fast as into int64.
        out[:, slot] = np.add.reduce(counted, axis=1, dtype=np.uint32)
    return out


def _few_ticks(
    packed: npt.NDArray[np.uint64], group: npt.NDArray[np.integer[Any]], groups: int
) -> npt.NDArray[np.int64]:
    """Ticks per (option, slot) for slots ``0..groups - 1`` of a small packed matrix.

    Every (group mask, option) AND at once, broadcast into one groups x options x words
    array: five numpy calls in all, where the loop over groups makes three per group
    (0.55 ms against 0.27 ms for 50 options x 10 groups x 1e4 respondents). Only for a
    matrix small enough that the whole product stays in cache.
    """
    # Slot numbers in the groups' own dtype: comparing int8 with int8 needs no cast.
    fits = groups - 1 <= np.iinfo(group.dtype).max
    slots = np.arange(groups, dtype=group.dtype if fits else np.intp)[:, None]
    masks = _packed_words(np.packbits(group[None, :] == slots, axis=1, bitorder="little"))
    k, width = packed.shape
    # The product in this thread's buffers (up to 2 MiB), not fresh arrays each call.
    used = _scratch("anded", groups * k * width, np.uint64).reshape(groups, k, width)
    np.bitwise_and(packed[None, :, :], masks[:, None, :], out=used)
    counted = popcount(used, _scratch("bitcounts", used.size, np.uint8).reshape(used.shape))
    # Each sum is at most 64 x `words` x 64 respondents: uint32 holds it, and adds faster.
    per_group: npt.NDArray[np.uint32] = np.add.reduce(counted, axis=2, dtype=np.uint32)
    return per_group.T.astype(np.int64)


def popcount(words: npt.NDArray[np.uint64], out: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint8]:
    """Write the number of set bits of each 64-bit word into `out` (same shape); return it.

    :func:`numpy.bitwise_count` (numpy 2.0 and later, one instruction a word); with an
    older numpy, the same count by the classic SWAR additions of bit fields, in a few
    vectorised passes.
    """
    if _BITWISE_COUNT is not None:
        counted: npt.NDArray[np.uint8] = _BITWISE_COUNT(words, out=out)
        return counted
    return _popcount_swar(words, out)


def _popcount_swar(
    words: npt.NDArray[np.uint64], out: npt.NDArray[np.uint8]
) -> npt.NDArray[np.uint8]:
    """:func:`popcount` without :func:`numpy.bitwise_count` (numpy < 2.0)."""
    x = words - ((words >> _U64(1)) & _U64(0x5555555555555555))
    x = (x & _U64(0x3333333333333333)) + ((x >> _U64(2)) & _U64(0x3333333333333333))
    x = (x + (x >> _U64(4))) & _U64(0x0F0F0F0F0F0F0F0F)
    # The byte sums gather in the top byte; the product wraps modulo 2**64 on purpose.
    np.multiply(x, _U64(0x0101010101010101), out=x)
    np.right_shift(x, _U64(56), out=x)
    np.copyto(out, x, casting="unsafe")
    return out


def _packed_words(packed: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint64]:
    """View packed bytes (last axis) as 64-bit words, zero-padding to a multiple of 8."""
    width = packed.shape[-1]
    if width % 8:
        # Zeros, then the bytes: what np.pad gives, without its Python set-up (about 30 µs
        # a call, twice a table of a thousand respondents).
        padded = np.zeros((*packed.shape[:-1], width + (-width) % 8), dtype=np.uint8)
        padded[..., :width] = packed
        packed = padded
    words: npt.NDArray[np.uint64] = np.ascontiguousarray(packed).view(np.uint64)
    return words


def _weighted_ticks(
    ticks: Ticks,
    group: npt.NDArray[np.integer[Any]],
    slots: int,
    weights: npt.NDArray[Any],
    *,
    block: int,
) -> npt.NDArray[np.float64]:
    # One weighted bincount per option and block of rows: the block's groups and
    # weights stay in cache across the options (a BLAS product is no faster here and
    # competes for cores with its threads). The groups are widened to intp once a block
    # (bincount widens narrow ones on every call). An option ticked by few respondents
    # of the block counts only their rows: the rows left out add +0.0 to each sum, so the
    # sums are the same to the last bit, and there are fewer of them.
    k, n = ticks.shape
    if isinstance(ticks, PackedTicks):
        block = -(-block // 8) * 8  # a packed block starts at a whole byte
    out = np.zeros((k, slots), dtype=np.float64)
    wide = _scratch("flat", max(1, min(n, block)), np.intp)
    for start in range(0, n, block):
        stop = min(n, start + block)
        block_group, block_weights = wide[: stop - start], weights[start:stop]
        np.copyto(block_group, group[start:stop], casting="unsafe")
        for j in range(k):
            tick = tick_row(ticks, j, start, stop)
            if np.count_nonzero(tick) < (stop - start) // 4:
                out[j] += np.bincount(
                    np.compress(tick, block_group),
                    weights=np.compress(tick, block_weights),
                    minlength=slots,
                )
            else:
                out[j] += np.bincount(block_group, weights=block_weights * tick, minlength=slots)
    return out


def byte_rows(columns: list[npt.NDArray[Any]]) -> npt.NDArray[Any] | None:
    """Return one-byte columns as a read-only ``len(columns) x n`` view, or None.

    pandas keeps the columns of one dtype in one 2-D block, a column to a row: indicator
    columns of a tick-all-that-apply set then lie at equal steps in one buffer, and a
    strided view reads them as one options x respondents matrix without copying them (a
    copy is as large as the columns themselves: 477 MiB for 50 options at 1e7 rows).
    Anything else (other dtypes, columns of several buffers, uneven steps, overlap) is
    None, and the caller copies.
    """
    if not columns or any(c.ndim != 1 or c.dtype.itemsize != 1 for c in columns):
        return None
    n = len(columns[0])
    if n == 0 or any(len(c) != n or c.strides != (1,) for c in columns):
        return None
    root = _root(columns[0])
    if root is None or any(_root(c) is not root for c in columns[1:]):
        return None
    start = _address(columns[0])
    step = _address(columns[1]) - start if len(columns) > 1 else n
    if step < n or any(_address(c) != start + j * step for j, c in enumerate(columns)):
        return None
    low, high = _address(root), _address(root) + root.nbytes
    if start < low or start + (len(columns) - 1) * step + n > high:
        return None
    rows: npt.NDArray[Any] = np.lib.stride_tricks.as_strided(
        columns[0], shape=(len(columns), n), strides=(step, 1), writeable=False
    )
    return rows


def apart(first: npt.NDArray[Any], last: npt.NDArray[Any]) -> bool:
    """Whether two arrays view the memory of two different arrays (two pandas blocks).

    False when either owner is unknown (memory numpy does not own, such as pyarrow's).
    """
    one, other = _root(first), _root(last)
    return one is not None and other is not None and one is not other


def _root(array: npt.NDArray[Any]) -> npt.NDArray[Any] | None:
    """Return the array that owns the memory `array` views (None: not a numpy array)."""
    while isinstance(array.base, np.ndarray):
        array = array.base
    return array if array.base is None and array.flags.owndata else None


def _address(array: npt.NDArray[Any]) -> int:
    address: int = array.__array_interface__["data"][0]
    return address


def decimal_places(weights: npt.NDArray[np.float64], *, block: int = BLOCK) -> int | None:
    """Return the fewest decimal places (0 to 9) that write every weight, or None.

    A weight is written with `places` decimals when ``weight * 10**places`` is a whole
    number up to float error (4 ulps of the scaled value). The places
    are found on the first 256 weights, all ten at once, then checked on every weight
    block by block (stopping at the first block that fails), so no full-length
    temporary is made; raked weights (many decimals) fail on the sample alone.
    :func:`weighted_pairs` finds the same places, in its counting threads from
    `split_from` rows (after the count below that: inside it, the check's buffers pushed
    the pass's working set past a core's L2 cache, and cost more than a pass after it).
    Quietly: a huge weight overflows when scaled, and is written with no places.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        fits = _sample_places(weights)
        for places in fits:
            if _written_blocks(weights, places, block):
                return places
    return None


def _sample_places(weights: npt.NDArray[np.float64]) -> list[int]:
    """Return the places (0 to 9, fewest first) that write the first 256 weights.

    Only these can write every weight; raked weights (many decimals) leave none, and
    then no weight is checked again.
    """
    if weights.size == 0:
        return []
    # Places x sample, so that each place's test is one contiguous row: reducing along
    # the rows of a 256 x 10 array instead took 21 against 13 µs (a thousand weights).
    fits = _written_with(_POWERS[:, None] * weights[None, :256]).all(axis=1)
    places: list[int] = np.flatnonzero(fits).tolist()
    return places


def _written_blocks(
    weights: npt.NDArray[np.float64],
    places: int,
    block: int = BLOCK,
    scaled: npt.NDArray[np.float64] | None = None,
) -> bool:
    """Whether every weight is written with `places` decimals, checked block by block.

    Stops at the first block that fails. Three scratch buffers of one block each: the
    check allocates nothing per block (a fresh temporary per step and block faulted its
    pages in again every time: 90 to 150 ms at 1e7 weights with a few places, against
    about 20 ms). `scaled` may be a caller's buffer of at least a block, free meanwhile.
    """
    size = max(1, min(weights.size, block))
    scaled = _scratch("scaled", size, np.float64) if scaled is None else scaled
    error = _scratch("error", size, np.float64)
    whole = _scratch("whole", size, np.bool_)
    power = _POWERS[places]
    return all(
        _block_written_with(weights[start : start + size], power, scaled, error, whole)
        for start in range(0, weights.size, size)
    )


class _PlacesSeen:
    """What a run of rows of :func:`weighted_pairs` showed of its weights' decimal places.

    The candidates are the places the first weights allow (:func:`_sample_places`),
    fewest first. Each block is checked for the first candidate alone (in cache, in the
    counting pass); a candidate a block fails is dropped, and the next is checked on the
    same block, so it holds from that block on (`since`). :func:`_settled` checks
    what no block checked.
    """

    __slots__ = ("candidates", "dropped", "since", "start", "stop")

    def __init__(self, candidates: Sequence[int], start: int, stop: int) -> None:
        self.candidates = list(candidates)
        self.dropped: set[int] = set()
        self.start, self.stop = start, stop  # the run's rows
        self.since = start  # the first candidate holds for rows since..stop seen so far

    def check(
        self, part: npt.NDArray[np.float64], start: int, scaled: npt.NDArray[np.float64]
    ) -> None:
        """Check the block of weights `part`, which starts at row `start`.

        `scaled` is a buffer of the pass, free meanwhile: a buffer of its own made the
        pass's working set (weights, flat index, squares, check) overflow a core's L2
        cache (2 MiB here).
        """
        while self.candidates and not _written_blocks(part, self.candidates[0], BLOCK, scaled):
            self.dropped.add(self.candidates.pop(0))
            self.since = start


def _settled(
    weights: npt.NDArray[np.float64], fits: Sequence[int], runs: Sequence[_PlacesSeen]
) -> int | None:
    """Return :func:`decimal_places` of `weights` from what the runs saw of them.

    A place is the answer when no run dropped it and it holds on the rows no run checked
    it on: those before a run's `since` when it is that run's first candidate, else all
    the run's rows (a run whose first candidate was fewer places; rare: the weights of
    few places come first). Fewest first, as :func:`decimal_places`. Quietly: a huge
    weight overflows when scaled (weights are refused after the count, naming the rows).
    """
    dropped = set().union(*(run.dropped for run in runs))
    for places in fits:
        if places in dropped:
            continue
        ends = [
            (run.start, run.since if run.candidates[:1] == [places] else run.stop) for run in runs
        ]
        unchecked = [(start, stop) for start, stop in ends if start < stop]
        if not unchecked:  # the common case: every run kept this place throughout
            return places
        with np.errstate(over="ignore", invalid="ignore"):
            if all(_written_blocks(weights[start:stop], places) for start, stop in unchecked):
                return places
    return None


def _block_written_with(
    part: npt.NDArray[np.float64],
    power: float,
    scaled: npt.NDArray[np.float64],
    error: npt.NDArray[np.float64],
    whole: npt.NDArray[np.bool_],
) -> bool:
    """Whether every weight of `part` times `power` is a whole number, up to float error.

    :func:`_written_with`'s test step for step (so bit for bit), in the reused buffers
    `scaled`, `error` and `whole`.
    """
    n = len(part)
    scaled, error, whole = scaled[:n], error[:n], whole[:n]
    np.multiply(part, power, out=scaled)
    np.rint(scaled, out=error)
    np.subtract(scaled, error, out=error)
    np.abs(error, out=error)
    np.abs(scaled, out=scaled)
    np.multiply(scaled, 4 * np.finfo(np.float64).eps, out=scaled)
    np.less_equal(error, scaled, out=whole)
    return bool(whole.all())


def _written_with(scaled: npt.NDArray[np.float64]) -> npt.NDArray[np.bool_]:
    """Whether each scaled weight is a whole number, up to float error.

    The error allowed is relative (4 ulps of the scaled weight: what multiplying a
    decimal's nearest float by 10**places can add), never absolute: an allowance of 1e-6
    read a normalised weight of 5e-7 as a whole number (0 places), and its weighted
    counts were then rounded to 0.
    """
    slack = np.abs(scaled) * (4 * np.finfo(np.float64).eps)
    whole: npt.NDArray[np.bool_] = np.abs(scaled - np.rint(scaled)) <= slack
    return whole


def split_delimited(
    text: Any, separator: str, options: Sequence[str]
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]] | None:
    """Split text cells on `separator` with pyarrow, trimming blanks around each part.

    Returns, for every non-empty part, the position of its cell and its place among the
    `options` (-1: no option); ``None`` when pyarrow is not installed or a cell or option
    is text pyarrow cannot hold (a lone surrogate), and the caller then splits with
    pandas. Each part is looked up among the options by pyarrow itself (``index_in``):
    encoding the parts' distinct values, listing them and looking each up in Python cost
    a third of a table of 1e4 rows.
    """
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
    except ImportError:  # pragma: no cover - pyarrow ships with the engines extra
        return None
    try:
        array = pa.array(text, type=pa.large_string(), from_pandas=True)
        # "" comes first: a part left empty by trimming is found there (and is dropped),
        # never at an option (no option is empty text; the caller refuses them).
        known = pa.array(["", *options], type=pa.large_string())
    except UnicodeEncodeError:  # a lone surrogate: Python's str holds it, UTF-8 cannot
        return None
    lists = pc.split_pattern(array, pattern=separator)
    parents = np.asarray(pc.list_parent_indices(lists), dtype=np.intp)
    parts = pc.utf8_trim_whitespace(pc.list_flatten(lists))
    found = pc.index_in(parts, value_set=known)
    # -1: no option; 0: an empty part; j + 1: option j.
    codes = np.asarray(pc.fill_null(found, -1), dtype=np.intp)
    kept = codes != 0
    codes = codes[kept]
    np.subtract(codes, 1, out=codes, where=codes > 0)
    return parents[kept], codes


def encoded_text(chunks: Any) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.object_]]:
    """Return each cell's distinct value (-1 for a null) and the values, of pyarrow text.

    `chunks` is the pyarrow (chunked) array that holds a pandas text column
    (``series.array.__arrow_array__()``): its dictionary encoding is read directly, as
    :func:`pandas.factorize` would, without the pandas arrays made around it.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    encoded = pc.dictionary_encode(chunks)
    if isinstance(encoded, pa.ChunkedArray):
        # One dictionary for every chunk (what pandas' factorize does too).
        encoded = encoded.combine_chunks()
    indices = encoded.indices
    if indices.null_count:
        indices = pc.fill_null(indices, -1)
    codes = np.asarray(indices, dtype=np.intp)
    values = np.asarray(encoded.dictionary.to_numpy(zero_copy_only=False), dtype=object)
    return codes, values

"""The compiled kernels (numba, the ``fast`` extra) count exactly what the numpy kernels count.

tracktr._compiled is used from ``COMPILED_ROWS`` rows; here that threshold is lowered to
0 (:func:`_kernels_of`), so that random inputs of a few hundred rows, in blocks of a few
rows, reach it. Counts must be equal, weighted sums and squares equal to the last bit
(one pass of blocks, its blocks in 1 to 4 threads, and, from `split_from` rows, parts in
threads), and what the pass finds of the weights (the smallest, the rows weighted 0, a
weight below `low`, the decimal places) the same, for hostile weights too; the tables
built on them raise the same errors with the same messages.
"""

from __future__ import annotations

import os
import pickle
import re
import subprocess
import sys
import threading
import warnings
from typing import Any
from unittest import mock

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tracktr as tt
from tests.kernel_choice import kernels_of
from tracktr import _kernels
from tracktr.exceptions import InvalidOptionError

numba = pytest.importorskip("numba")

# NUMBA_DISABLE_JIT=1 (numba run as Python, as for a coverage run) leaves no compiled
# kernels: tracktr counts with numpy, and the tests that compare the two are skipped.
COMPILED = pytest.mark.skipif(
    bool(numba.config.DISABLE_JIT), reason="NUMBA_DISABLE_JIT: no compiled kernels"
)
FEW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Weights a table may be given: plain, decimals of 0 to 4 places, 0s, and hostile ones.
HOSTILE = [np.nan, np.inf, -np.inf, -1.0, -0.0, 0.0, 1e-200, 1e300, 5e-7]


_kernels_of = kernels_of  # compiled (auto, from 0 rows) or numpy, at every size


def _both(count: Any, numpy_kernel: str | None = None) -> tuple[Any, Any]:
    """Return ``count()`` with the numpy kernels, then with the compiled ones.

    With `numpy_kernel`, the name of the numpy kernel in tracktr._kernels that the
    compiled one replaces: it must not run then.
    """
    with _kernels_of("numpy"):
        numpy_made = count()
    with _kernels_of("auto"):
        assert _kernels._compiled(0) is not None  # numba is installed: the test says so
        if numpy_kernel is None:
            return numpy_made, count()
        refused = AssertionError(f"the numpy kernel {numpy_kernel} counted")
        with mock.patch.object(_kernels, numpy_kernel, side_effect=refused):
            return numpy_made, count()


def _same_bits(a: np.ndarray[Any, Any] | None, b: np.ndarray[Any, Any] | None) -> None:
    assert (a is None) == (b is None)
    if a is not None and b is not None:
        assert a.dtype == b.dtype
        assert a.shape == b.shape
        assert a.tobytes() == b.tobytes()  # NaN for NaN, -0.0 for -0.0: the same bits


def _weights(rng: np.random.Generator, n: int, places: int | None, zeros: float) -> Any:
    w = rng.random(n) * 3 + 0.01
    if places is not None:
        w = np.round(w, places)
    w[rng.random(n) < zeros] = 0.0
    return w


@COMPILED
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
        lambda: _kernels.count_pairs(codes, None, n_raw, 1, None, block=block),
        "_count_few_codes" if n >= block else None,
    )
    _same_bits(numpy_made, compiled)
    assert compiled.sum() == n
    assert compiled[0].tolist() == np.bincount(codes.astype(np.intp) + 1, minlength=n_raw).tolist()


@COMPILED
def test_the_compiled_one_way_count_spans_chunks_and_threads() -> None:
    # ROWS x LANES bytes a chunk (byte counters would wrap past it), runs in two threads.
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


@COMPILED
@FEW
@given(
    spans=st.integers(0, 3 * 17),
    extra=st.integers(-3, 3),
    n_values=st.integers(1, _kernels.FEW_CODES),
    filled=st.integers(0, 4),
    seed=st.integers(0, 2**32 - 1),
)
def test_the_compiled_one_way_kernel_counts_every_length_around_its_spans(
    spans: int, extra: int, n_values: int, filled: int, seed: int
) -> None:
    # Lengths of whole spans of STEP rows, a few bytes either side, across chunks: the
    # rows a pass adds at once, the chunk's counters filled to 255 (one code throughout:
    # `filled`), and the bytes past the last whole span, counted one by one.
    from tracktr import _compiled

    n = max(0, spans * _compiled.STEP * _compiled.LANES + extra)
    rng = np.random.default_rng(seed)
    codes = rng.integers(-1, n_values - 1, n).astype(np.int8)
    if filled:
        codes[: filled * _compiled.ROWS * _compiled.LANES // 2] = n_values - 2
    # Bytes the kernel is not asked about (codes past its values) are not counted.
    codes[rng.random(n) < 0.05] = 100
    expected = np.bincount(codes.astype(np.intp) + 1, minlength=102)[:n_values]
    assert _compiled.KERNELS is not None
    assert _compiled.KERNELS.few_codes(codes, n_values).tolist() == expected.tolist()


@COMPILED
@FEW
@given(
    n=st.integers(0, 400),
    n_raw=st.integers(1, 9),
    n_groups=st.integers(1, 4),
    grouped=st.booleans(),
    block=st.integers(1, 40),
    split=st.booleans(),
    places=st.one_of(st.none(), st.integers(0, 4)),
    zeros=st.sampled_from([0.0, 0.05, 0.5, 1.0]),
    hostile=st.lists(st.tuples(st.integers(0, 399), st.sampled_from(HOSTILE)), max_size=3),
    low=st.sampled_from([0.0, 1e-9, 0.5]),
    readonly=st.booleans(),
    threads=st.integers(1, 4),
    seed=st.integers(0, 2**32 - 1),
)
def test_the_compiled_weighted_pass_equals_numpys_to_the_last_bit(  # noqa: PLR0917
    n: int,
    n_raw: int,
    n_groups: int,
    grouped: bool,
    block: int,
    split: bool,
    places: int | None,
    zeros: float,
    hostile: list[tuple[int, float]],
    low: float,
    readonly: bool,
    threads: int,
    seed: int,
) -> None:
    # Sums and squares to the bit, rows, rows weighted 0 per pair, the smallest weight,
    # a weight below `low` and the decimal places: in one pass of blocks, its blocks
    # shared out between 1 to 4 threads (COMPILED_THREAD_ROWS lowered to 0), and
    # (`split`) in parts of PART_BLOCKS blocks THREAD_SCALE times as large, in threads.
    rng = np.random.default_rng(seed)
    codes = rng.integers(-1, n_raw - 1, n).astype(np.int8)
    groups = rng.integers(-1, n_groups - 1, n).astype(np.int8) if grouped else None
    w = _weights(rng, n, places, zeros)
    for at, value in hostile:
        if at < n:
            w[at] = value
    w.flags.writeable = not readonly
    shape = (codes, groups, n_raw, n_groups if grouped else 1, w)
    split_from = 1 if split else None  # (0 with no rows: no parts, which _combined refuses)
    with (
        mock.patch.dict(os.environ, {"TRACKTR_THREADS": str(threads)}),
        mock.patch.object(_kernels, "COMPILED_THREAD_ROWS", 0),
    ):
        numpy_made, compiled = _both(
            lambda: _kernels.weighted_pairs(*shape, low=low, block=block, split_from=split_from),
            "_weighted_run",
        )
    for name in ("sums", "plain", "squares", "zeros"):
        _same_bits(getattr(numpy_made, name), getattr(compiled, name))
    assert numpy_made.smallest == compiled.smallest or (
        np.isnan(numpy_made.smallest) and np.isnan(compiled.smallest)
    )
    assert numpy_made.tiny == compiled.tiny
    assert numpy_made.places == compiled.places == _kernels.decimal_places(w)


@COMPILED
@FEW
@given(
    n=st.integers(1, 300),
    block=st.integers(1, 30),
    first=st.integers(0, 4),
    later=st.integers(0, 4),
    switch=st.floats(0, 1),
    threads=st.integers(1, 3),
    seed=st.integers(0, 2**32 - 1),
)
def test_the_compiled_pass_finds_the_decimal_places_numpy_finds(  # noqa: PLR0917
    n: int, block: int, first: int, later: int, switch: float, threads: int, seed: int
) -> None:
    # The first weights allow few places and later ones need more (or fewer): the places
    # a block refuses are dropped and the next tried on it, in one pass (its blocks in
    # 1 to 3 threads: a later run of blocks checks the places that an earlier refused)
    # or in parts.
    rng = np.random.default_rng(seed)
    w = rng.random(n) * 5 + 0.1
    cut = int(n * switch)
    w[:cut] = np.round(w[:cut], first)
    w[cut:] = np.round(w[cut:], later)
    codes = rng.integers(-1, 3, n).astype(np.int8)
    for split_from in (None, 1):
        with (
            mock.patch.dict(os.environ, {"TRACKTR_THREADS": str(threads)}),
            mock.patch.object(_kernels, "COMPILED_THREAD_ROWS", 0),
        ):
            numpy_made, compiled = _both(
                lambda s=split_from: _kernels.weighted_pairs(
                    codes, None, 4, 1, w, block=block, split_from=s
                ),
                "_weighted_run",
            )
        assert numpy_made.places == compiled.places == _kernels.decimal_places(w)
        _same_bits(numpy_made.sums, compiled.sums)


@COMPILED
@pytest.mark.parametrize("threads", [2, 3])
def test_from_compiled_rows_the_pass_runs_in_threads_to_the_same_bits(threads: int) -> None:
    # The thresholds as shipped: from COMPILED_ROWS (2**19) to THREAD_ROWS (2**21) rows,
    # the compiled pass shares its 64 Ki-row blocks out between the threads, and its sums
    # and squares are still those of numpy's one pass, to the last bit. Weights of very
    # different sizes make the order of the additions show in the bits; rows weighted 0
    # and a block of 3 decimal places among blocks of 2.
    n = _kernels.COMPILED_ROWS + 3 * _kernels.BLOCK + 5
    assert _kernels.COMPILED_THREAD_ROWS <= n < _kernels.THREAD_ROWS
    rng = np.random.default_rng(23)
    w = np.round(rng.random(n) * 10.0 ** rng.integers(-3, 6, n), 2)
    w[rng.random(n) < 0.05] = 0.0
    w[5 * _kernels.BLOCK + 7] = 1.125
    codes = rng.integers(-1, 6, n).astype(np.int8)
    groups = rng.integers(-1, 9, n).astype(np.int8)
    shape = (codes, groups, 7, 10, w)
    loaded = _kernels._compiled(n)
    assert loaded is not None
    counting = loaded.weighted_run
    runs: list[tuple[int, int]] = []
    # The first `threads` runs wait for each other: each is counted by a thread of its own.
    together = threading.Barrier(threads, timeout=60)

    def counted(*args: Any, **options: Any) -> Any:
        runs.append((len(args[0]), threading.get_ident()))
        if len(runs) <= threads:
            together.wait()
        return counting(*args, **options)

    with mock.patch.dict(os.environ, {"TRACKTR_KERNELS": "numpy"}):
        numpy_made = _kernels.weighted_pairs(*shape)
    with (
        mock.patch.dict(os.environ, {"TRACKTR_KERNELS": "auto", "TRACKTR_THREADS": str(threads)}),
        mock.patch.object(loaded, "weighted_run", counted),
        mock.patch.object(_kernels, "_POOL", None),  # a pool of threads - 1, made here
    ):
        compiled = _kernels.weighted_pairs(*shape)
        made = _kernels._POOL
    assert made is not None
    made.shutdown()
    # Runs of COMPILED_THREAD_BLOCKS whole blocks, taken in turn by `threads` threads.
    size = _kernels.COMPILED_THREAD_BLOCKS * _kernels.BLOCK
    assert sorted(rows for rows, _ in runs) == sorted([size] * (n // size) + [n % size])
    assert len({thread for _, thread in runs}) == threads
    for name in ("sums", "plain", "squares", "zeros"):
        _same_bits(getattr(numpy_made, name), getattr(compiled, name))
    assert numpy_made.smallest == compiled.smallest == 0.0
    assert numpy_made.places == compiled.places == 3


@COMPILED
@pytest.mark.parametrize(
    "value",
    [np.nan, np.inf, -1.0, 0.0, 1e-200, 1e160],
    ids=["nan", "inf", "negative", "zero", "tiny", "huge"],
)
def test_a_weighted_table_is_the_same_or_raises_the_same_error(value: float) -> None:
    # Through the public functions: the same table, or the same error naming the rows.
    rng = np.random.default_rng(3)
    n = 500
    frame = pd.DataFrame(
        {
            "q": pd.Categorical(
                np.array([*"abcd", None], dtype=object)[rng.integers(0, 5, n)],
                categories=list("abcd"),
            ),
            "g": pd.Categorical(np.array(["x", "y", "z"], dtype=object)[rng.integers(0, 3, n)]),
            "w": np.round(rng.random(n) * 2 + 0.5, 2),
        }
    )
    frame.loc[[7, 123, 499], "w"] = value

    def table() -> Any:
        try:
            made = tt.frequencies(frame, "q", by="g", weights="w")
        except tt.TracktrError as error:
            return type(error), str(error)
        counts = made.counts.to_numpy(dtype=np.float64).tobytes()
        return counts, np.asarray(made.bases, dtype=np.float64).tobytes(), made.to_markdown()

    numpy_made, compiled = _both(table, "_weighted_run")
    assert numpy_made == compiled


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


def test_the_one_way_kernel_run_as_python_counts_what_numpy_counts() -> None:
    # Run as Python (what NUMBA_DISABLE_JIT=1 makes of it), a chunk's byte counters were
    # added into a uint8 total that wrapped round past 255: 2 chunks of 1024 codes, each
    # code ~500 times, were counted 244 times or so.
    from tracktr import _compiled

    rng = np.random.default_rng(11)
    codes = rng.integers(-1, 4, 5000).astype(np.int8)
    out = np.zeros(5, dtype=np.int64)
    _compiled._few_codes(codes.view(np.uint8), 5, out)
    numpy_made = _kernels._count_few_codes(codes, 6, 1024)
    assert out.tolist() == numpy_made[:5].tolist()
    assert out.sum() == len(codes)


def test_numba_disable_jit_counts_with_the_numpy_kernels() -> None:
    # NUMBA_DISABLE_JIT=1 hands back the kernels as Python: seconds a table where numpy
    # takes milliseconds (and the one-way counts were wrong). The numpy kernels count then.
    code = (
        "import numpy as np, pandas as pd, tracktr as tt;"
        "from tracktr import _kernels;"
        "_kernels.COMPILED_ROWS = 0;"
        "print(_kernels._compiled(0) is None);"
        "codes = np.random.default_rng(2).integers(-1, 4, 70_000);"
        "frame = pd.DataFrame({'q': pd.Categorical.from_codes(codes, list('abcd'))});"
        "print(tt.frequencies(frame, 'q').counts['All'].tolist());"
        "print(np.bincount(codes + 1)[1:].tolist())"
    )
    env = {**os.environ, "NUMBA_DISABLE_JIT": "1"}
    env.pop("TRACKTR_KERNELS", None)
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    refused, counted, expected = done.stdout.splitlines()
    assert refused == "True"
    assert counted == expected


@pytest.mark.parametrize(
    "error",
    [
        ValueError("invalid literal for int() with base 10: 'arbage\\n'"),
        EOFError("Ran out of input"),
        pickle.UnpicklingError("invalid load key, '\\x00'."),
    ],
    ids=["garbage", "cut-short", "unpickling"],
)
def test_a_cache_numba_cannot_read_compiles_in_the_process(error: Exception) -> None:
    # A cache index left empty or garbled (a crash: numba writes without fsync) or written
    # over: numba raises as it loads it, when the kernel is made with cache=True (seen: ValueError
    # from tt.frequencies, on every count). The kernel is compiled without a cache.
    from tracktr import _compiled

    made = numba.njit

    def unreadable(*args: Any, **options: Any) -> Any:
        if options.get("cache"):
            raise error
        return made(*args, **options)

    with mock.patch.object(numba, "njit", unreadable), warnings.catch_warnings():
        warnings.simplefilter("error")
        kernels = _compiled.Kernels()
    codes = np.array([-1, 0, 0, 1], dtype=np.int8)
    assert kernels.few_codes(codes, 3).tolist() == [1, 2, 1]


def test_compiling_the_kernels_silences_numbas_warnings_alone() -> None:
    # The warning filters are the process's: while the kernels compile (seconds, the
    # first time), another thread's warnings must still be what its filters say, and a
    # thread that enters catch_warnings meanwhile and leaves it after must not keep
    # every warning ignored. Only numba's are silenced.
    from tracktr import _compiled

    made = numba.njit
    others: list[bool] = []

    def compiling(*args: Any, **options: Any) -> Any:
        # What another thread's warning meets while the kernels compile.
        try:
            warnings.warn("another thread's warning", UserWarning, stacklevel=1)
        except UserWarning:
            others.append(True)
        else:
            others.append(False)
        warnings.warn("Cannot cache compiled function", numba.NumbaWarning, stacklevel=1)
        return made(*args, **options)

    with mock.patch.object(numba, "njit", compiling), warnings.catch_warnings():
        warnings.simplefilter("error")
        kernels = _compiled.Kernels()
    assert others == [True] * 3  # one a kernel: few_codes, weighted_run, in_order
    codes = np.array([-1, 0, 0, 1], dtype=np.int8)
    assert kernels.few_codes(codes, 3).tolist() == [1, 2, 1]


def test_a_numba_that_cannot_be_imported_leaves_the_numpy_kernels(tmp_path: Any) -> None:
    # numba installed for another package but broken: llvmlite raises OSError when it
    # cannot load its library. A large table is counted by numpy, as without numba.
    broken = tmp_path / "numba"
    broken.mkdir()
    (broken / "__init__.py").write_text(
        "raise OSError(\"Could not find/load shared object file 'libllvmlite.so'\")\n"
    )
    code = (
        "import numpy as np, pandas as pd, tracktr as tt;"
        "from tracktr import _kernels;"
        "_kernels.COMPILED_ROWS = 0;"
        "codes = np.random.default_rng(2).integers(-1, 4, 70_000);"
        "frame = pd.DataFrame({'q': pd.Categorical.from_codes(codes, list('abcd'))});"
        "print(tt.frequencies(frame, 'q').counts['All'].tolist());"
        "print(np.bincount(codes + 1)[1:].tolist());"
        "print(_kernels._compiled(0) is None)"
    )
    path = os.pathsep.join([str(tmp_path), *sys.path])
    env = {**os.environ, "PYTHONPATH": path}
    env.pop("TRACKTR_KERNELS", None)
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", code],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    counted, expected, refused = done.stdout.splitlines()
    assert counted == expected
    assert refused == "True"


@COMPILED
def test_at_the_real_threshold_the_public_tables_are_the_same() -> None:
    # COMPILED_ROWS as shipped (the tests above lower it): rows weighted 0 on block edges,
    # a small weight and then a refused one, weights of 2 then 3 decimal places, by= and
    # total=False: the same tables and the same errors.
    n = _kernels.COMPILED_ROWS
    rng = np.random.default_rng(19)
    weights = np.round(rng.random(n) + 0.5, 2)
    weights[n // 2 :] += 0.005
    weights[[0, _kernels.BLOCK - 1, _kernels.BLOCK, n - 1]] = 0.0
    frame = pd.DataFrame(
        {
            "q": pd.Categorical.from_codes(rng.integers(-1, 6, n), list("abcdef")),
            "g": pd.Categorical.from_codes(rng.integers(-1, 3, n), list("xyz")),
            "w": weights,
        }
    )
    used: list[int] = []
    loaded = _kernels._compiled(n)
    assert loaded is not None
    counting = loaded.weighted_run

    def counted(*args: Any, **options: Any) -> Any:
        used.append(len(args[0]))
        return counting(*args, **options)

    def tables() -> list[str]:
        made = []
        for tiny in (1e-140, 1e-200):  # a small weight, then one refused (naming its row)
            frame.loc[3 * _kernels.BLOCK, "w"] = tiny
            for table in (
                lambda: tt.frequencies(frame, "q", by="g", weights="w"),
                lambda: tt.frequencies(frame, "q", weights="w", total=False),
                lambda: tt.crosstab(frame, "q", "g", weights="w"),
                lambda: tt.frequencies(frame, "q"),
            ):
                try:
                    made.append(table().to_markdown())
                except tt.TracktrError as error:
                    made.append(f"{type(error).__name__}: {error}")
        return made

    with mock.patch.dict(os.environ, {"TRACKTR_KERNELS": "numpy"}):
        numpy_made = tables()
    assert used == []
    with (
        mock.patch.dict(os.environ, {"TRACKTR_KERNELS": "auto"}),
        mock.patch.object(loaded, "weighted_run", counted),
    ):
        compiled = tables()
    assert used  # the compiled kernel counted
    assert numpy_made == compiled

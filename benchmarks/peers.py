"""tracktr against polars, DuckDB, pyarrow and pandas on every path of issue 16, as ratios.

Run ``python benchmarks/peers.py`` (``--quick`` stops the counting sizes at 1e6;
``--runs 2`` repeats the whole set to show that the ratios hold; ``--only NAME`` runs one
benchmark). Each (benchmark, method, size) runs in a fresh Python
process, like ``benchmarks/engines.py``: the child builds its data, records its resident
memory, then times the work (best of ``--repeat``; a call under a millisecond is timed in
a loop of about 20 ms and reported per call, see :func:`best_of`) and reports its peak memory
(``VmHWM``, reset once the data are built, so it is the peak while the method ran; the
peak of the whole process, ``ru_maxrss``, where it cannot be reset). ``data MiB`` is the
memory after building the data, so ``peak - data`` is what the method itself added at its
high-water mark. The ratio is the method's time divided by tracktr's: above 1, tracktr is faster.

Measured (the rows of the issue's table):

- ``one-way``: one 7-option categorical column, 1e3 to 1e7 rows. ``tt.frequencies``
  against ``polars value_counts``, DuckDB ``GROUP BY``, ``pandas value_counts``,
  ``np.bincount`` of the int8 codes (which widens them to ``intp`` first) and one
  vectorised read of the codes (``np.count_nonzero``: the memory-bound floor).
- ``two-way``: 7 options by 10 groups, weighted and not, 1e3 to 1e7 rows; weighted with
  5% of the weights 0 (tracktr also counts those respondents, for its note), and with
  weights of two decimal places (tracktr checks every weight for them, to give the
  exact decimal sums).
- ``multi``: 50 indicator columns (int8) by 10 groups, 1e3 to 1e7 rows (50 MB of
  indicators at 1e6).
- ``delimited``: one ``"a;b;c"`` text column of 8 options, 1e6 rows.
- ``small``: a 7 x 2 table, its percentages and its Markdown, n = 100 and 1e4.
- ``survey``: every tabulable question of the trackTR survey, tabulated and rendered; also
  with the cache of label Indexes cleared before each pass (what a first pass costs).
- ``intervals``: ``proportion_ci`` on 77 cells, cell by cell and as one array call.
- ``import``: what ``import tracktr`` adds after ``import pandas``, timed inside a fresh
  interpreter, beside ``import pandas`` itself (with its start-up), bytecode cached.
- ``reproduce``: ``tt.reproduce()`` in a process that has imported tracktr, and the
  ``tracktr reproduce`` command from start to end.
- ``Survey.validate``: the trackTR data stacked to 1e4 and 1e5 rows, against the cell by
  cell checks it replaced.
- ``chunked CSV``: ten questions of a CSV file tabulated in chunks of 1e5 rows by
  ``tt.io.tabulate_csv``, against pandas' chunked ``value_counts`` and DuckDB's
  ``read_csv``; 1e5 and 1e6 rows (10 and 98 MB), and 1e7 rows (1 GB, written once to the
  temporary directory and reused) with ``--csv-1e7``. Throughput is the file's size over
  the time; ``peak MiB`` shows whether memory grows with the file.

Timing is never asserted; figures go to ``docs/performance.rst`` with the command and the
machine's load average.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

OPTIONS = [f"option {i}" for i in range(7)]
GROUPS = [f"group {i}" for i in range(10)]
Work = Callable[[], object]


LOOP_SECONDS = 0.02
"""A timing of a call shorter than a millisecond loops over the call for about this long."""


def best_of(work: Work, repeat: int) -> tuple[float, float]:
    """Return the best wall-clock and the best CPU time of `repeat` timings, in seconds a call.

    CPU time is this process's and its finished children's (user + system): on a machine
    shared with other work it is what the method itself cost, where wall-clock time also
    counts the time the method waited for a core.

    A call shorter than a millisecond is timed in a loop of as many calls as take about
    `LOOP_SECONDS` (each timing is then that loop's time over its calls), for every method
    alike. Timed one call at a time, a few microseconds of work measured the cold state
    that the first calls after the warm-up run in: Python's own code is not yet
    specialised by the interpreter (3.11's adaptive bytecode needs a function to run a few
    times first; a Rust or C peer has no such warm-up), the processor's caches and branch
    predictors hold the parent's work; and a clock's or ``getrusage``'s own cost (about a
    microsecond) was inside the wall-clock interval. A loop measures the steady cost of a
    call, as ``timeit`` does, for tracktr and its peers alike; the garbage collector stays
    on (what a method allocates, it pays for), and each call's result is freed within the
    loop (its deallocation is the method's cost too).
    """
    first = _timed(work, 1)
    if first[2] or first[0] >= 1e-3:  # timed itself, or long: `repeat` calls, as before
        timings = [first] + [_timed(work, 1) for _ in range(repeat - 1)]
    else:
        calls = max(1, min(100_000, round(LOOP_SECONDS / max(first[0], 1e-7))))
        timings = [_timed(work, calls) for _ in range(repeat)]
    return min(t[0] for t in timings), min(t[1] for t in timings)


def _timed(work: Work, calls: int) -> tuple[float, float, bool]:
    """Return the wall-clock and CPU seconds a call of `calls` calls, and if work timed itself.

    The CPU clock is read outside the wall-clock interval, so that reading it is not in
    the wall-clock time.
    """
    start_cpu = _cpu()
    start = time.perf_counter()
    for _ in range(calls):
        result = work()
    elapsed = time.perf_counter() - start
    used = _cpu() - start_cpu
    # A work that times itself (the import benchmark) returns its own seconds.
    if calls == 1 and isinstance(result, tuple) and all(isinstance(x, float) for x in result):
        return result[0], result[1], True
    return elapsed / calls, used / calls, False


def _cpu() -> float:
    """CPU seconds used so far by this process and its children that have finished."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def rss_mib() -> float:
    """Resident memory of this process now, in MiB (Linux), else its peak."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak() -> bool:
    """Reset this process's peak resident memory (Linux); return whether it could.

    Then :func:`peak_mib` is the peak since the data were built, not the peak of building
    them (which, for wide frames, hid what the method itself used).
    """
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")
    except OSError:
        return False
    return True


def peak_mib() -> float:
    """Peak resident memory (``VmHWM``) of this process since :func:`reset_peak`, in MiB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def single(n: int, groups: int = 2, seed: int = 0) -> pd.DataFrame:
    """`n` answers to a 7-option question, a `groups`-level banner and a weight."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "q": pd.Categorical.from_codes(
                rng.integers(0, 7, n, dtype=np.int8), categories=OPTIONS
            ),
            "g": pd.Categorical.from_codes(
                rng.integers(0, groups, n, dtype=np.int8), categories=GROUPS[:groups]
            ),
            "w": rng.random(n) * 2,
        }
    )


def indicators(n: int, k: int = 50, seed: int = 1) -> pd.DataFrame:
    """`n` respondents ticking each of `k` options with probability 0.2, in 10 groups."""
    rng = np.random.default_rng(seed)
    # Column by column, into one int8 block: no n x k float matrix (4 GB at 1e7) raises the
    # peak memory before the method runs.
    block = np.empty((k, n), dtype=np.int8)
    for j in range(k):
        np.less(rng.random(n), 0.2, out=block[j], casting="unsafe")
    df = pd.DataFrame(block.T, columns=[f"o{j}" for j in range(k)], copy=False)
    df["g"] = pd.Categorical.from_codes(rng.integers(0, 10, n, dtype=np.int8), categories=GROUPS)
    return df


def delimited(n: int, seed: int = 2) -> tuple[pd.DataFrame, list[str]]:
    """`n` cells of options joined by ";": every subset of 8 options can occur."""
    rng = np.random.default_rng(seed)
    options = [f"opt{j}" for j in range(8)]
    subsets = [";".join(o for j, o in enumerate(options) if mask >> j & 1) for mask in range(256)]
    cells = np.array(subsets, dtype=object)[rng.integers(1, 256, n)]
    return pd.DataFrame({"q": pd.Series(cells, dtype="str")}), options


def duck(frame: pd.DataFrame) -> Any:
    import duckdb

    connection = duckdb.connect()
    connection.register("answers", frame)
    connection.execute("CREATE TABLE t AS SELECT * FROM answers")
    connection.unregister("answers")
    return connection


# -- the work of each method, built on its data --------------------------------------------


def one_way(method: str, n: int) -> Work:
    import tracktr as tt

    df = single(n)[["q"]]
    if method == "tracktr":
        return lambda: tt.frequencies(df, "q", options=OPTIONS)
    if method == "numpy.bincount (floor)":
        codes = df["q"].cat.codes.to_numpy()
        return lambda: np.bincount(codes, minlength=7)
    if method == "one read of the codes (memory floor)":
        # What streaming the int8 codes once costs (a vectorised count of non-zero bytes):
        # no counting method can be faster than this.
        codes = df["q"].cat.codes.to_numpy()
        return lambda: np.count_nonzero(codes)
    if method == "pandas value_counts":
        return lambda: df["q"].value_counts(sort=False)
    if method == "polars":
        import polars as pl

        frame = pl.from_pandas(df)
        # The column is read by its name in every call, as tracktr, pandas and DuckDB read
        # it: a bound ``value_counts`` of a Series selected once left that out (about 1 µs
        # of polars' 7 at 1e3 rows).
        return lambda: frame["q"].value_counts()  # noqa: PLW0108 (selected in each call)
    if method == "DuckDB":
        connection = duck(df)
        return lambda: connection.execute("SELECT q, count(*) FROM t GROUP BY q").fetchall()
    raise ValueError(method)


def two_way(
    method: str, n: int, *, weighted: bool, zeros: float = 0.0, places: int | None = None
) -> Work:
    import tracktr as tt

    df = single(n, groups=10)
    if zeros:  # respondents weighted 0 (tracktr counts them too, for its note)
        df["w"] = df["w"].where(np.random.default_rng(1).random(n) >= zeros, 0.0)
    if places is not None:  # weights such as 1.25, none 0 (tracktr sums them exactly)
        df["w"] = df["w"].round(places).clip(lower=10.0**-places)
    if not weighted:
        df = df[["q", "g"]]
    weights = "w" if weighted else None
    if method == "tracktr":
        return lambda: tt.frequencies(df, "q", options=OPTIONS, by="g", weights=weights)
    if method == "pandas groupby":
        # The groupby is rebuilt on every call, as a user's code would (its grouper is cached).
        if weighted:
            return lambda: df.groupby(["q", "g"], observed=False)["w"].sum()  # noqa: PLW0108
        return lambda: df.groupby(["q", "g"], observed=False).size()
    if method == "polars":
        import polars as pl

        frame = pl.from_pandas(df)
        if weighted:
            return lambda: frame.group_by("q", "g").agg(pl.col("w").sum())
        return lambda: frame.group_by("q", "g").len()
    if method == "DuckDB":
        connection = duck(df)
        what = "sum(w)" if weighted else "count(*)"
        sql = f"SELECT q, g, {what} FROM t GROUP BY q, g"
        return lambda: connection.execute(sql).fetchall()
    raise ValueError(method)


def multi(method: str, n: int) -> Work:
    import tracktr as tt

    df = indicators(n)
    columns = [c for c in df.columns if c != "g"]
    if method == "tracktr":
        return lambda: tt.multi_response(df, "set", columns=columns, by="g")
    if method == "pandas groupby":
        return lambda: df.groupby("g", observed=False)[columns].sum()  # noqa: PLW0108
    if method == "polars":
        import polars as pl

        frame = pl.from_pandas(df)
        return lambda: frame.group_by("g").agg(pl.col(columns).sum())
    if method == "DuckDB":
        connection = duck(df)
        sums = ", ".join(f"sum({c})" for c in columns)
        return lambda: connection.execute(f"SELECT g, {sums} FROM t GROUP BY g").fetchall()
    raise ValueError(method)


def split(method: str, n: int) -> Work:
    import tracktr as tt

    df, options = delimited(n)
    if method == "tracktr":
        return lambda: tt.multi_response(df, "q", options=options, separator=";")
    if method == "pyarrow split_pattern":
        import pyarrow as pa
        import pyarrow.compute as pc

        array = pa.array(df["q"])
        return lambda: pc.value_counts(pc.list_flatten(pc.split_pattern(array, ";")))
    if method == "pandas str.split":
        return lambda: df["q"].str.split(";").explode().value_counts()
    if method == "polars":
        import polars as pl

        frame = pl.from_pandas(df)
        return lambda: frame.select(pl.col("q").str.split(";").explode().value_counts())
    if method == "DuckDB":
        connection = duck(df)
        sql = "SELECT o, count(*) FROM (SELECT unnest(string_split(q, ';')) AS o FROM t) GROUP BY o"
        return lambda: connection.execute(sql).fetchall()
    raise ValueError(method)


def small(method: str, n: int) -> Work:
    import tracktr as tt

    df = single(n)[["q", "g"]]
    if method == "tracktr":

        def table() -> object:
            t = tt.frequencies(df, "q", options=OPTIONS, by="g")
            return t.percentages(), t.to_markdown()

        return table
    if method == "pandas value_counts":
        return lambda: df["q"].value_counts(normalize=True)
    if method == "pandas crosstab":
        return lambda: pd.crosstab(df["q"], df["g"], normalize="columns", margins=True)
    raise ValueError(method)


def survey(method: str, n: int) -> Work:
    import tracktr as tt

    codebook = tt.surveys.tracktr_2015()
    data = tt.datasets.tracktr_2015()
    tabulable = [
        q.id for q in codebook.questions if q.type in ("single", "ordinal", "multi", "grid")
    ]
    if method == "tracktr":
        return lambda: [tt.tabulate(data, q, survey=codebook).to_markdown() for q in tabulable]
    if method == "tracktr, label cache cleared":
        # Tables reuse the pandas Index of labels they built before (tracktr.tabulate);
        # cleared before each pass, every table builds its own, as in a first pass.
        from tracktr.tabulate import _built_index

        def first_pass() -> object:
            _built_index.cache_clear()
            return [tt.tabulate(data, q, survey=codebook).to_markdown() for q in tabulable]

        return first_pass
    raise ValueError(method)


def intervals(method: str, n: int) -> Work:
    import tracktr as tt
    from tracktr.compare._intervals import proportion_intervals

    rng = np.random.default_rng(3)
    bases = rng.integers(20, 300, 77)
    counts = rng.integers(0, bases + 1)
    tt.proportion_ci(1, 2)  # scipy imported before timing
    if method == "tracktr (array)":
        return lambda: proportion_intervals(counts, bases)
    if method == "proportion_ci per cell":
        pairs = list(zip(counts.tolist(), bases.tolist(), strict=True))
        return lambda: [tt.proportion_ci(c, b) for c, b in pairs]
    raise ValueError(method)


def validate(method: str, n: int) -> Work:
    """Survey.validate on the trackTR data stacked to `n` rows, vectorised or cell by cell."""
    import tracktr as tt
    from tracktr.survey import _validate

    codebook = tt.surveys.tracktr_2015()
    data = tt.datasets.tracktr_2015()
    copies = -(-n // len(data))
    big = pd.concat([data] * copies, ignore_index=True).head(n)
    big[codebook.respondent_id] = np.arange(1, len(big) + 1)
    if method == "cell by cell":
        # The checks cell by cell (routing reads distinct cells on both paths).
        _validate._VECTORISED_FROM = 10**12
    return lambda: codebook.validate(big)


def chunked_csv(method: str, n: int) -> Work:
    """Ten 7-option questions in a CSV file of `n` rows, tabulated in chunks of 1e5 rows."""
    import tracktr as tt

    questions = [f"q{i}" for i in range(10)]
    path = csv_file(n, questions)
    megabytes = os.path.getsize(path) / 1e6
    print(f"{megabytes:.0f} MB file", file=sys.stderr)
    if method == "tracktr":
        codebook = tt.Survey.from_dict(
            {
                "title": "Benchmark",
                "questions": [
                    {"id": q, "type": "single", "text": q, "options": OPTIONS} for q in questions
                ],
            }
        )
        return lambda: tt.io.tabulate_csv(path, codebook, questions, chunksize=100_000)
    if method == "pandas chunks":

        def counts() -> object:
            totals: dict[str, pd.Series] = {}
            for chunk in pd.read_csv(path, chunksize=100_000, dtype=str):
                for q in questions:
                    part = chunk[q].value_counts()
                    totals[q] = part if q not in totals else totals[q].add(part, fill_value=0)
            return totals

        return counts
    if method == "DuckDB":
        import duckdb

        connection = duckdb.connect()
        sql = " UNION ALL ".join(
            f"SELECT '{q}' AS q, {q} AS v, count(*) FROM read_csv('{path}') GROUP BY ALL"
            for q in questions
        )
        return lambda: connection.execute(sql).fetchall()
    raise ValueError(method)


def csv_file(n: int, questions: list[str]) -> str:
    """Write (once: later children reuse it) the benchmark's CSV file of `n` rows.

    The file is written a million rows at a time, so that the child's memory before the
    timed work is not the whole file's frame (1e7 rows: 1 GB of text).
    """
    import tempfile

    path = os.path.join(tempfile.gettempdir(), f"tracktr-bench-{n}.csv")
    if os.path.exists(path):
        return path
    rng = np.random.default_rng(4)
    partial = f"{path}.{os.getpid()}.part"
    for start in range(0, n, 10**6):
        size = min(10**6, n - start)
        frame = pd.DataFrame({q: np.array(OPTIONS)[rng.integers(0, 7, size)] for q in questions})
        frame.insert(0, "respondent_id", np.arange(start + 1, start + size + 1))
        frame.to_csv(partial, index=False, mode="a" if start else "w", header=not start)
    os.replace(partial, path)
    return path


def compiled_env() -> dict[str, str]:
    """Return the environment of a timed command: bytecode caching on, as when installed.

    Without it (``PYTHONDONTWRITEBYTECODE=1``, as on some CI machines and sandboxes) every
    run compiles tracktr from source, while pandas comes from its installed ``.pyc``
    files. The cache goes to a folder of its own, not into the source tree.
    """
    import tempfile

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = os.path.join(tempfile.gettempdir(), "tracktr-bench-pycache")
    return env


def reproduce(method: str, n: int) -> Work:
    import tracktr as tt

    if method == "tracktr":
        return tt.reproduce
    if method == "tracktr reproduce (command)":
        command = [sys.executable, "-m", "tracktr.cli", "reproduce"]
        env = compiled_env()
        return lambda: subprocess.run(command, capture_output=True, check=True, env=env)
    raise ValueError(method)


def import_time(method: str, n: int) -> Work:
    env = compiled_env()
    if method == "import pandas":
        command = [sys.executable, "-c", "import pandas"]
        return lambda: subprocess.run(command, check=True, env=env)
    # Only what `import tracktr` adds to a process that has imported pandas, timed inside
    # the fresh interpreter (its start-up, and pandas, are not counted).
    code = (
        "import time, pandas; start, cpu = time.perf_counter(), time.process_time(); "
        "import tracktr; print(time.perf_counter() - start, time.process_time() - cpu)"
    )
    command = [sys.executable, "-c", code]

    def added() -> tuple[float, float]:
        done = subprocess.run(command, check=True, env=env, capture_output=True, text=True)
        wall, cpu = (float(x) for x in done.stdout.split())
        return wall, cpu

    return added


BENCHMARKS: dict[str, tuple[Callable[[str, int], Work], list[str]]] = {
    "one-way": (
        one_way,
        [
            "tracktr",
            "numpy.bincount (floor)",
            "one read of the codes (memory floor)",
            "pandas value_counts",
            "polars",
            "DuckDB",
        ],
    ),
    "two-way": (
        lambda m, n: two_way(m, n, weighted=False),
        ["tracktr", "pandas groupby", "polars", "DuckDB"],
    ),
    "two-way weighted": (
        lambda m, n: two_way(m, n, weighted=True),
        ["tracktr", "pandas groupby", "polars", "DuckDB"],
    ),
    "two-way weighted, 5% weight 0": (
        lambda m, n: two_way(m, n, weighted=True, zeros=0.05),
        ["tracktr", "pandas groupby", "polars", "DuckDB"],
    ),
    "two-way weighted, 2 decimal places": (
        lambda m, n: two_way(m, n, weighted=True, places=2),
        ["tracktr", "pandas groupby", "polars", "DuckDB"],
    ),
    "multi-response 50x10": (multi, ["tracktr", "pandas groupby", "polars", "DuckDB"]),
    "delimited text": (
        split,
        ["tracktr", "pyarrow split_pattern", "pandas str.split", "polars", "DuckDB"],
    ),
    "small table + % + markdown": (
        small,
        ["tracktr", "pandas value_counts", "pandas crosstab"],
    ),
    "trackTR survey, all tables rendered": (
        survey,
        ["tracktr", "tracktr, label cache cleared"],
    ),
    "intervals, 77 cells": (intervals, ["tracktr (array)", "proportion_ci per cell"]),
    "reproduce": (reproduce, ["tracktr", "tracktr reproduce (command)"]),
    "Survey.validate": (validate, ["tracktr", "cell by cell"]),
    "chunked CSV, 10 questions": (chunked_csv, ["tracktr", "pandas chunks", "DuckDB"]),
    "import": (import_time, ["tracktr after pandas", "import pandas"]),
}


BIG_CSV: list[int] = []
"""The 1e7-row chunked CSV case (1 GB of text, minutes a method): added by ``--csv-1e7``."""


def sizes(name: str, quick: bool) -> list[int]:
    """Return the sizes a benchmark runs at (no 1e7 rows, and no 1e6 CSV, with --quick)."""
    return {
        "one-way": [10**3, 10**4, 10**5, 10**6] + ([] if quick else [10**7]),
        "two-way": [10**3, 10**4, 10**5, 10**6] + ([] if quick else [10**7]),
        "two-way weighted": [10**3, 10**4, 10**5, 10**6] + ([] if quick else [10**7]),
        "two-way weighted, 5% weight 0": [10**4, 10**6],
        "two-way weighted, 2 decimal places": [10**4, 10**6] + ([] if quick else [10**7]),
        "multi-response 50x10": [10**3, 10**4, 10**5, 10**6] + ([] if quick else [10**7]),
        "delimited text": [10**4, 10**6],
        "small table + % + markdown": [100, 10**4],
        "trackTR survey, all tables rendered": [151],
        "intervals, 77 cells": [77],
        "reproduce": [151],
        "Survey.validate": [10**4, 10**5],
        "chunked CSV, 10 questions": [10**5] if quick else [10**5, 10**6, *BIG_CSV],
        "import": [0],
    }[name]


def run_child(name: str, method: str, n: int, repeat: int) -> dict[str, Any]:
    """Build the data and time one method here (a fresh process); return the figures."""
    build, _ = BENCHMARKS[name]
    work = build(method, n)
    data = rss_mib()
    reset = reset_peak()
    work()  # warm up: first-call imports and caches are not what is measured
    seconds, cpu = best_of(work, repeat)
    peak = peak_mib() if reset else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "data_mib": round(data),
        "peak_mib": round(peak),
    }


def child(name: str, method: str, n: int, repeat: int) -> dict[str, Any]:
    """Run one method in a fresh process; return its row."""
    command = [
        sys.executable,
        __file__,
        "--child",
        name,
        "--method",
        method,
        "--rows",
        str(n),
        "--repeat",
        str(repeat),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    row: dict[str, Any] = {"benchmark": name, "rows": n, "method": method}
    if done.returncode != 0:
        row["error"] = (done.stderr.strip().splitlines() or ["?"])[-1]
        return row
    return {**row, **json.loads(done.stdout.strip().splitlines()[-1])}


def machine() -> str:
    """Describe the machine and its load when the figures were taken."""
    import duckdb
    import polars as pl
    import pyarrow as pa

    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, load average {load}; Python "
        f"{platform.python_version()}, numpy {np.__version__}, pandas {pd.__version__}, "
        f"polars {pl.__version__}, DuckDB {duckdb.__version__}, pyarrow {pa.__version__}"
    )


def size(n: int) -> str:
    """Return 1e6 for a power of ten, else the number itself ("" for none)."""
    if n == 0:
        return ""
    exponent = len(str(n)) - 1
    return f"1e{exponent}" if n == 10**exponent and n >= 1000 else str(n)


def report(rows: list[dict[str, Any]]) -> str:
    """Return a Markdown table: time per method, ratio to tracktr (the first method), memory.

    ``cpu ms`` is the CPU time of the best run (process and children): under load it is
    the fairer measure of a method's own cost.
    """
    ours = {
        (r["run"], r["benchmark"], r["rows"]): r["seconds"]
        for r in rows
        if r["method"] == BENCHMARKS[r["benchmark"]][1][0] and "seconds" in r
    }
    lines = [
        (
            "| run | benchmark | rows | method | ms | cpu ms | ratio to tracktr | peak MiB "
            "| data MiB |"
        ),
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        if "error" in r:
            lines.append(
                f"| {r['run']} | {r['benchmark']} | {size(r['rows'])} | {r['method']} | "
                f"failed: {r['error']} | | | | |"
            )
            continue
        base = ours.get((r["run"], r["benchmark"], r["rows"]))
        ratio = f"{r['seconds'] / base:.2f}" if base else ""
        lines.append(
            f"| {r['run']} | {r['benchmark']} | {size(r['rows'])} | {r['method']} | "
            f"{r['seconds'] * 1e3:.3f} | {r['cpu_seconds'] * 1e3:.3f} | {ratio} | "
            f"{r['peak_mib']} | {r['data_mib']} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="no 1e7-row cases")
    parser.add_argument("--runs", type=int, default=1, help="repeat the whole set")
    parser.add_argument("--repeat", type=int, default=5, help="timings per method (best of)")
    parser.add_argument("--only", action="append", help="run only this benchmark")
    parser.add_argument(
        "--csv-1e7", action="store_true", help="add the 1e7-row chunked CSV case (1 GB file)"
    )
    parser.add_argument("--child")
    parser.add_argument("--method")
    parser.add_argument("--rows", type=int, default=0)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_child(args.child, args.method, args.rows, args.repeat)))
        return
    if args.csv_1e7:
        BIG_CSV.append(10**7)
    names = args.only or list(BENCHMARKS)
    rows = []
    started = time.perf_counter()
    print(f"machine at start: {machine()}", file=sys.stderr)
    for run in range(1, args.runs + 1):
        for name in names:
            _, methods = BENCHMARKS[name]
            for n in sizes(name, args.quick):
                # Big cases are timed fewer times: each pass is seconds long already.
                repeat = args.repeat if n < 10**7 else max(2, args.repeat // 2)
                for method in methods:
                    row = {"run": run, **child(name, method, n, repeat)}
                    rows.append(row)
                    print(row, file=sys.stderr)
    print(f"Machine: {machine()} (at the end)\n")
    print(f"Command: python benchmarks/peers.py {' '.join(sys.argv[1:])}".rstrip())
    print(f"Wall time: {time.perf_counter() - started:.0f} s\n")
    print(report(rows))


if __name__ == "__main__":
    main()

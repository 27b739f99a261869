"""Tabulating where the data live: pandas, polars and DuckDB frames, and a Parquet scan.

Run ``python benchmarks/engines.py`` (``--rows 1e7``; ``--scan-rows 1e8`` for the Parquet
file, ``--quick`` for 1e6 and 1e7). Each method runs in a fresh Python process, so that its
peak memory (``ru_maxrss``) is its own: the process builds (or opens) the data, then times
the work, best of three. Measured:

- ``frames``: 10 questions (7 options each) by 2 banners (2 and 9 groups), 20 tables, from
  an in-memory frame: tracktr on pandas (categoricals, the numpy kernels), tracktr on a
  polars frame and on a DuckDB relation (the counting pushed down to the engine), and the
  engines' own grouped counts without tracktr (``polars group_by`` and DuckDB SQL) as the
  floor of what pushing down can cost.
- ``scan``: the same 20 tables from a Parquet file of ``--scan-rows`` rows through
  ``tt.io.scan`` (DuckDB), one query per table (``Scan.tabulate``) and one per question
  (``Scan.tables``), DuckDB's own 20 grouped queries and one ``GROUPING SETS`` query as
  floors, against pandas reading the file (as categoricals, its cheapest form) and
  tabulating it in memory.

Timing is never asserted; the figures go to ``docs/performance.rst`` with the command.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from _common import best_of

QUESTIONS = [f"q{i}" for i in range(10)]
BANNERS = {"region": 9, "funder": 2}
OPTIONS = [f"option {i}" for i in range(7)]


def frame(n: int, seed: int = 0) -> pd.DataFrame:
    """`n` respondents: 10 questions of 7 options and 2 banners, as pandas categoricals."""
    rng = np.random.default_rng(seed)
    columns = {
        q: pd.Categorical.from_codes(rng.integers(0, 7, n, dtype=np.int8), categories=OPTIONS)
        for q in QUESTIONS
    }
    for banner, groups in BANNERS.items():
        labels = [f"{banner} {i}" for i in range(groups)]
        columns[banner] = pd.Categorical.from_codes(
            rng.integers(0, groups, n, dtype=np.int8), categories=labels
        )
    return pd.DataFrame(columns)


def survey() -> Any:
    import tracktr as tt

    questions = [{"id": q, "type": "single", "text": q, "options": OPTIONS} for q in QUESTIONS] + [
        {"id": b, "type": "single", "text": b, "options": [f"{b} {i}" for i in range(g)]}
        for b, g in BANNERS.items()
    ]
    return tt.Survey.from_dict({"title": "Benchmark", "questions": questions})


def tables(data: Any) -> list[Any]:
    import tracktr as tt

    return [
        tt.frequencies(data, q, options=OPTIONS, by=banner) for q in QUESTIONS for banner in BANNERS
    ]


def method(name: str, n: int, parquet: str | None) -> float:
    """Build the data for method `name`, then time the 20 tables; return the seconds."""
    if name == "tracktr on pandas":
        data = frame(n)
        return best_of(lambda: tables(data))
    if name == "tracktr on polars":
        import polars as pl

        data = pl.from_pandas(frame(n))
        return best_of(lambda: tables(data))
    if name == "polars group_by (no tracktr)":
        import polars as pl

        data = pl.from_pandas(frame(n))
        return best_of(lambda: [data.group_by(q, b).len() for q in QUESTIONS for b in BANNERS])
    if name == "tracktr on DuckDB":
        import duckdb

        connection = duckdb.connect()
        connection.register("answers", frame(n))
        connection.execute("CREATE TABLE t AS SELECT * FROM answers")
        relation = connection.table("t")
        return best_of(lambda: tables(relation))
    if name == "DuckDB SQL (no tracktr)":
        import duckdb

        connection = duckdb.connect()
        connection.register("answers", frame(n))
        connection.execute("CREATE TABLE t AS SELECT * FROM answers")
        return best_of(
            lambda: [
                connection.execute(f"SELECT {q}, {b}, count(*) FROM t GROUP BY ALL").fetchall()
                for q in QUESTIONS
                for b in BANNERS
            ]
        )
    if name == "tt.io.scan, Scan.tabulate x 20":
        import tracktr as tt

        assert parquet is not None
        scanned = tt.io.scan(parquet, survey())
        return best_of(
            lambda: [scanned.tabulate(q, by=b) for q in QUESTIONS for b in BANNERS], repeat=1
        )
    if name in {"tt.io.scan, Scan.tables", "tt.io.scan, Scan.tables (1 query)"}:
        import tracktr as tt

        assert parquet is not None
        scanned = tt.io.scan(parquet, survey())
        return best_of(lambda: scanned.tables(QUESTIONS, by=list(BANNERS)), repeat=1)
    if name in {"DuckDB 20 queries (no tracktr)", "DuckDB GROUPING SETS (no tracktr)"}:
        import duckdb

        assert parquet is not None
        relation = duckdb.connect().read_parquet(parquet)
        if name.startswith("DuckDB 20"):
            return best_of(
                lambda: [
                    relation.aggregate(f"{q}, {b}, count(*)", f"{q}, {b}").fetchall()
                    for q in QUESTIONS
                    for b in BANNERS
                ],
                repeat=1,
            )
        columns = ", ".join([*QUESTIONS, *BANNERS])
        sets = ", ".join(f"({q}, {b})" for q in QUESTIONS for b in BANNERS)
        sql = (
            f"SELECT {columns}, GROUPING({columns}), count(*) FROM t "
            f"GROUP BY GROUPING SETS ({sets})"
        )
        return best_of(lambda: relation.query("t", sql).fetchall(), repeat=1)
    if name == "pandas read_parquet + tracktr":
        assert parquet is not None

        columns = [*QUESTIONS, *BANNERS]

        def work() -> None:
            # Dictionary-encoded columns read straight into categoricals: pandas' cheapest
            # form of these data (one byte a cell), so the comparison is a fair one.
            data = pd.read_parquet(parquet, columns=columns, read_dictionary=columns)
            tables(data)

        return best_of(work, repeat=1)
    msg = f"unknown method {name!r}"
    raise ValueError(msg)


def child(name: str, n: int, parquet: str | None) -> dict[str, Any]:
    """Run one method in a fresh process; return its seconds and peak memory."""
    command = [sys.executable, __file__, "--child", name, "--rows", str(n)]
    if parquet:
        command += ["--parquet", parquet]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return {"method": name, "rows": n, "error": done.stderr.strip().splitlines()[-1:]}
    return {"method": name, "rows": n, **json.loads(done.stdout.strip().splitlines()[-1])}


def write_parquet(n: int, path: Path) -> None:
    """Write an `n`-row Parquet file of the benchmark's columns with DuckDB, in bounded memory."""
    import duckdb

    def pick(column: str, labels: list[str], salt: int) -> str:
        cases = " ".join(f"WHEN {i} THEN '{label}'" for i, label in enumerate(labels))
        return f"CASE hash(i * {salt + 7}) % {len(labels)} {cases} END AS {column}"

    columns = [pick(q, OPTIONS, k) for k, q in enumerate(QUESTIONS)]
    columns += [
        pick(b, [f"{b} {i}" for i in range(g)], 100 + k) for k, (b, g) in enumerate(BANNERS.items())
    ]
    select = ", ".join(["i AS respondent_id", *columns])
    duckdb.connect().execute(
        f"COPY (SELECT {select} FROM range({n}) AS r(i)) TO '{path}' (FORMAT parquet)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=float, default=1e7)
    parser.add_argument("--scan-rows", type=float, default=1e8)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--scan-only", action="store_true", help="only the Parquet scan")
    parser.add_argument("--child")
    parser.add_argument("--parquet")
    args = parser.parse_args()
    if args.child:
        seconds = method(args.child, int(args.rows), args.parquet)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps({"seconds": seconds, "peak_mib": round(peak)}))
        return
    sizes = [10**6, 10**7] if args.quick else [int(args.rows)]
    results = []
    frames = [
        "tracktr on pandas",
        "tracktr on polars",
        "polars group_by (no tracktr)",
        "tracktr on DuckDB",
        "DuckDB SQL (no tracktr)",
    ]
    for n in [] if args.scan_only else sizes:
        results += [child(name, n, None) for name in frames]
    scan_rows = 10**6 if args.quick else int(args.scan_rows)
    with tempfile.TemporaryDirectory() as folder:
        parquet = Path(folder) / "answers.parquet"
        started = time.perf_counter()
        write_parquet(scan_rows, parquet)
        print(
            f"wrote {scan_rows:.0e} rows in {time.perf_counter() - started:.0f} s, "
            f"{parquet.stat().st_size / 2**20:.0f} MiB",
            file=sys.stderr,
        )
        scans = [
            "tt.io.scan, Scan.tabulate x 20",
            "tt.io.scan, Scan.tables",
            "DuckDB 20 queries (no tracktr)",
            "DuckDB GROUPING SETS (no tracktr)",
            "pandas read_parquet + tracktr",
        ]
        for name in scans:
            results.append(child(name, scan_rows, str(parquet)))
    print(f"machine: {os.cpu_count()} cores; 20 tables (10 questions x 2 banners)")
    print(f"{'method':34} {'rows':>8} {'seconds':>9} {'ratio':>7} {'peak MiB':>9}")
    print(f"load average at the end: {os.getloadavg()}")
    # Ratios: in-memory frames against tracktr on pandas; the scan against pandas reading
    # the same Parquet file.
    pandas_time = {
        (r["rows"], "frame"): r["seconds"]
        for r in results
        if r["method"] == "tracktr on pandas" and "seconds" in r
    }
    pandas_time.update(
        {
            (r["rows"], "file"): r["seconds"]
            for r in results
            if r["method"].startswith("pandas read_parquet") and "seconds" in r
        }
    )
    for r in results:
        if "error" in r:
            print(f"{r['method']:34} {r['rows']:>8.0e} failed: {r['error']}")
            continue
        kind = "frame" if r["method"] in frames else "file"
        base = pandas_time.get((r["rows"], kind))
        ratio = f"{r['seconds'] / base:7.2f}" if base else "      -"
        print(f"{r['method']:34} {r['rows']:>8.0e} {r['seconds']:9.3f} {ratio} {r['peak_mib']:9}")


if __name__ == "__main__":
    main()

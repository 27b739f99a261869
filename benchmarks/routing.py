"""Routing: who was asked each of five routed questions, against pandas, polars and DuckDB.

Run ``python benchmarks/routing.py`` (``--rows 10000 --rows 1000000`` for other sizes,
``--runs 2`` to repeat the set and show that the ratios hold, ``--repeat`` timings per
method). Each (method, size) runs in a fresh Python process, as in ``benchmarks/peers.py``
(whose timing and memory helpers this script uses): the child builds its data, then times
the work (best of ``--repeat``) and reports its peak memory while the work ran.

The data are a frame as ``pandas.read_csv`` gives it: option labels as text (``object``,
as pandas 2 reads it, or with ``--text str`` pandas 3's ``str`` dtype, stored by pyarrow),
a few blanks in each routing question, a 6-option tick-all-that-apply set as 1/0
integers. Five questions are routed by conditions of every shape
(:mod:`tracktr.survey._routing`): one answer, ``all``, ``any``, ``not``, a set's ticks,
and a nested mix. Each method counts the respondents asked each question:

- ``tracktr``: ``Survey.asked_frame`` of the routed questions (the public call: it reads
  each routing column's distinct cells once for every question,
  :func:`tracktr.survey._cells.evaluate`);
- ``tracktr tables``: the table of each routed question (``tt.frequencies(data, q,
  survey=survey)``, on a copy of the frame whose routed-out answers are blanked before
  timing), whose respondents not asked are the routing's (each table reads its routing
  and marks its routed-out blanks not asked: what tabulating a routed question costs).
  The routing columns' distinct cells are kept between calls on the same unchanged frame
  (:func:`tracktr.survey._distinct.kept_distinct`), so after the first table they are
  not read again;
- ``tracktr tables (cold)``: the same tables, the kept distinct cells forgotten before
  each run: what the first tables of a frame cost (each routing column read once);
- ``pandas``: the same conditions written by hand as ``isin`` masks;
- ``polars`` and ``DuckDB``: the same conditions as expressions and as one SQL query, on
  the engine's own copy of the frame (made before timing). A blank answer matches no
  option, so ``NULL IN (...)`` is read as false before ``NOT`` (SQL would keep it NULL);
- ``pandas tables``, ``polars tables`` and ``DuckDB tables``: the peers of ``tracktr
  tables``, on the same blanked copy: each routed question's routing as above, then the
  count of its answers among those asked (``value_counts`` of the masked column; one
  grouped query a table, the routed-out rows counted as "not asked").

Before timing, every method's counts are checked to be the same at 1e4 rows. The ratio is
the method's processor time divided by tracktr's (``tracktr tables``' for the tables):
above 1, tracktr is faster. Timing is never
asserted; figures go to ``docs/performance.rst`` with the command and the machine's load.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from peers import best_of, machine, peak_mib, reset_peak, rss_mib, size

REGIONS = [f"region {i}" for i in range(8)]
SIZES = ["1-9", "10-49", "50-249", "250+"]
SERVICES = [f"service {i}" for i in range(6)]
ANSWERS = [f"answer {i}" for i in range(5)]
METHODS = [
    "tracktr",
    "pandas",
    "polars",
    "DuckDB",
    "tracktr tables",
    "tracktr tables (cold)",
    "pandas tables",
    "polars tables",
    "DuckDB tables",
]
NA = "<not asked>"
Work = Callable[[], list[int]]

# The routing of each routed question, as codebook mappings.
ROUTES: dict[str, dict[str, Any]] = {
    "q_member": {"question": "member", "in": ["Yes"]},
    "q_north": {
        "all": [
            {"question": "member", "in": ["Yes"]},
            {"question": "region", "in": REGIONS[:3]},
        ]
    },
    "q_large": {
        "any": [
            {"question": "size", "in": SIZES[2:]},
            {"not": {"question": "region", "in": [REGIONS[7]]}},
        ]
    },
    "q_services": {"question": "services", "in": SERVICES[:2]},
    "q_nested": {
        "all": [
            {"question": "member", "in": ["Yes"]},
            {
                "any": [
                    {"question": "size", "in": ["250+"]},
                    {"question": "services", "in": [SERVICES[3]]},
                ]
            },
            {"not": {"question": "region", "in": [REGIONS[5]]}},
        ]
    },
}


def codebook() -> Any:
    """Return the codebook: three routing questions, a set, five routed questions."""
    import tracktr as tt

    services = [
        {"code": i + 1, "label": label, "column": f"s_{i}"} for i, label in enumerate(SERVICES)
    ]
    questions: list[dict[str, Any]] = [
        {"id": "member", "type": "single", "text": "Member?", "options": ["Yes", "No"]},
        {"id": "region", "type": "single", "text": "Region?", "options": REGIONS},
        {"id": "size", "type": "ordinal", "text": "Staff?", "options": SIZES},
        {"id": "services", "type": "multi", "text": "Which?", "options": services},
    ]
    questions += [
        {"id": q, "type": "single", "text": q, "options": ANSWERS, "ask_if": route}
        for q, route in ROUTES.items()
    ]
    return tt.Survey.from_dict({"title": "Routing benchmark", "questions": questions})


def frame(n: int, seed: int = 0, text: str = "object") -> pd.DataFrame:
    """`n` respondents as read from a CSV file: labels as text, ticks as 1/0, some blanks.

    `text` is the dtype of the labels: ``"object"`` (pandas 2's ``read_csv``) or ``"str"``
    (pandas 3's: text stored by pyarrow, a blank as NaN).
    """
    rng = np.random.default_rng(seed)

    def labels(options: list[str], blank: float) -> pd.Series:
        cells = np.array(options, dtype=object)[rng.integers(0, len(options), n)]
        cells[rng.random(n) < blank] = None
        return pd.Series(cells, dtype=object)

    data = pd.DataFrame(
        {
            "respondent_id": np.arange(1, n + 1),
            "member": labels(["Yes", "Yes", "No"], 0.05),
            "region": labels(REGIONS, 0.03),
            "size": labels(SIZES, 0.02),
        }
    )
    for i in range(len(SERVICES)):
        data[f"s_{i}"] = (rng.random(n) < 0.25).astype(np.int64)
    for q in ROUTES:  # answered or not: routing reads only the routing columns
        data[q] = labels(ANSWERS, 0.5)
    if text == "str":
        dtype = pd.StringDtype(na_value=np.nan)
        for column in ["member", "region", "size", *ROUTES]:
            data[column] = data[column].astype(dtype)
    return data


def pandas_masks(data: pd.DataFrame) -> list[pd.Series]:
    """Return the five conditions as pandas masks (a blank matches no ``isin`` list)."""
    member = data["member"].isin(["Yes"])
    north = data["region"].isin(REGIONS[:3])
    not_far = ~data["region"].isin([REGIONS[7]])
    large = data["size"].isin(SIZES[2:])
    services = (data["s_0"] == 1) | (data["s_1"] == 1)
    nested = (
        member
        & (data["size"].isin(["250+"]) | (data["s_3"] == 1))
        & ~data["region"].isin([REGIONS[5]])
    )
    return [member, member & north, large | not_far, services, nested]


def polars_conditions() -> list[Any]:
    """Return the five conditions as polars expressions (a blank matches no list)."""
    import polars as pl

    def isin(column: str, values: list[str]) -> pl.Expr:
        return pl.col(column).is_in(values).fill_null(value=False)

    member = isin("member", ["Yes"])
    return [
        member,
        member & isin("region", REGIONS[:3]),
        isin("size", SIZES[2:]) | ~isin("region", [REGIONS[7]]),
        (pl.col("s_0") == 1) | (pl.col("s_1") == 1),
        member & (isin("size", ["250+"]) | (pl.col("s_3") == 1)) & ~isin("region", [REGIONS[5]]),
    ]


def polars_work(data: pd.DataFrame) -> Work:
    import polars as pl

    frame = pl.from_pandas(data)
    query = [c.sum().alias(f"c{i}") for i, c in enumerate(polars_conditions())]
    return lambda: [int(v) for v in frame.select(query).row(0)]


def duckdb_conditions() -> list[str]:
    """Return the five conditions as SQL (``NULL IN (...)`` read as false before NOT)."""

    def isin(column: str, values: list[str]) -> str:
        listed = ", ".join(f"'{v}'" for v in values)
        return f"coalesce({column} IN ({listed}), false)"

    member = isin("member", ["Yes"])
    return [
        member,
        f"{member} AND {isin('region', REGIONS[:3])}",
        f"{isin('size', SIZES[2:])} OR NOT {isin('region', [REGIONS[7]])}",
        "s_0 = 1 OR s_1 = 1",
        (
            f"{member} AND ({isin('size', ['250+'])} OR s_3 = 1) "
            f"AND NOT {isin('region', [REGIONS[5]])}"
        ),
    ]


def duckdb_work(data: pd.DataFrame) -> Work:
    from peers import duck

    connection = duck(data)
    counts = ", ".join(f"count(*) FILTER (WHERE {c})" for c in duckdb_conditions())
    sql = f"SELECT {counts} FROM t"
    return lambda: [int(v) for v in connection.execute(sql).fetchone()]


def blanked(data: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of `data` whose routed-out answers are blank (as a platform writes)."""
    data = data.copy()
    for question, mask in zip(ROUTES, pandas_masks(data), strict=True):
        data[question] = data[question].where(mask.to_numpy())
    return data


def pandas_tables_work(data: pd.DataFrame) -> Work:
    """Tabulate each routed question by hand: ``isin`` masks, then ``value_counts``.

    The answers of those asked (blanks counted) and the number not asked.
    """
    data = blanked(data)

    def work() -> list[int]:
        asked = []
        for question, mask in zip(ROUTES, pandas_masks(data), strict=True):
            data[question][mask].value_counts(dropna=False)
            asked.append(len(data) - int((~mask).sum()))
        return asked

    return work


def polars_tables_work(data: pd.DataFrame) -> Work:
    """Each table as one polars query: the answers of those asked, else "not asked"."""
    import polars as pl

    frame = pl.from_pandas(blanked(data))
    queries = [
        frame.lazy()
        .group_by(
            pl.when(c).then(pl.col(q).fill_null("<skipped>")).otherwise(pl.lit(NA)).alias("v")
        )
        .len()
        for q, c in zip(ROUTES, polars_conditions(), strict=True)
    ]

    def work() -> list[int]:
        asked = []
        for query in queries:
            table = dict(query.collect().iter_rows())
            asked.append(len(frame) - int(table.get(NA, 0)))
        return asked

    return work


def duckdb_tables_work(data: pd.DataFrame) -> Work:
    """Each table as one DuckDB query: the answers of those asked, else "not asked"."""
    from peers import duck

    connection = duck(blanked(data))
    queries = [
        f"SELECT CASE WHEN {c} THEN coalesce({q}, '<skipped>') ELSE '{NA}' END AS v, "
        "count(*) FROM t GROUP BY v"
        for q, c in zip(ROUTES, duckdb_conditions(), strict=True)
    ]
    n = len(data)

    def work() -> list[int]:
        asked = []
        for sql in queries:
            table = dict(connection.execute(sql).fetchall())
            asked.append(n - int(table.get(NA, 0)))
        return asked

    return work


def tables_work(data: pd.DataFrame, *, cold: bool = False) -> Work:
    """Tabulate each routed question, its routed-out answers blanked first (not timed).

    `cold`: forget the routing columns' kept distinct cells first (a private store; the
    code before it had none, and this method is then the same as the other).
    """
    import tracktr as tt

    survey = codebook()
    data = blanked(data)
    from tracktr.survey import _distinct

    kept = getattr(_distinct, "_KEPT", {})

    def work() -> list[int]:
        if cold:
            kept.clear()
        tables = [tt.frequencies(data, q, survey=survey) for q in ROUTES]
        left_out = [{} if t.excluded is None else t.excluded["All"].to_dict() for t in tables]
        return [len(data) - int(out.get("not_asked", 0)) for out in left_out]

    return work


def build(method: str, n: int, text: str = "object") -> Work:
    """Return the timed work of `method` on `n` respondents: the counts asked, per question."""
    data = frame(n, text=text)
    if method == "tracktr":
        survey = codebook()
        return lambda: [int(v) for v in survey.asked_frame(data, list(ROUTES)).sum()]
    if method == "tracktr tables":
        return tables_work(data)
    if method == "tracktr tables (cold)":
        return tables_work(data, cold=True)
    if method == "pandas":
        return lambda: [int(mask.sum()) for mask in pandas_masks(data)]
    if method == "polars":
        return polars_work(data)
    if method == "DuckDB":
        return duckdb_work(data)
    if method == "pandas tables":
        return pandas_tables_work(data)
    if method == "polars tables":
        return polars_tables_work(data)
    if method == "DuckDB tables":
        return duckdb_tables_work(data)
    raise ValueError(method)


def check(text: str, n: int = 10**4) -> list[int]:
    """Return the counts asked, after checking that every method finds the same."""
    counts = {method: build(method, n, text)() for method in METHODS}
    counts["tracktr, question by question"] = [
        int(codebook().asked(frame(n, text=text), q).sum()) for q in ROUTES
    ]
    if len({tuple(c) for c in counts.values()}) != 1:
        raise SystemExit(f"the methods disagree: {counts}")
    return counts["tracktr"]


def run_child(method: str, n: int, repeat: int, text: str) -> dict[str, Any]:
    """Build the data and time one method here (a fresh process); return the figures."""
    work = build(method, n, text)
    data = rss_mib()
    reset = reset_peak()
    work()  # warm up: first-call imports and caches are not what is measured
    seconds, cpu = best_of(work, repeat)
    peak = peak_mib() if reset else float("nan")
    return {"seconds": seconds, "cpu_seconds": cpu, "data_mib": round(data), "peak_mib": peak}


def child(method: str, n: int, repeat: int, text: str) -> dict[str, Any]:
    """Run one method in a fresh process; return its row."""
    command = [sys.executable, __file__, "--child", method, "--rows", str(n)]
    command += ["--repeat", str(repeat), "--text", text]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    row: dict[str, Any] = {"rows": n, "method": method}
    if done.returncode != 0:
        return {**row, "error": (done.stderr.strip().splitlines() or ["?"])[-1]}
    return {**row, **json.loads(done.stdout.strip().splitlines()[-1])}


def report(rows: list[dict[str, Any]]) -> str:
    """Return a Markdown table: time per method, ratio to tracktr in the same run, memory.

    The ratio is of processor time (the machine is often shared): a method's divided by
    ``tracktr tables``' for the tables, by ``tracktr``'s (who was asked) for the others.
    """

    def ours(r: dict[str, Any]) -> float | None:
        method = "tracktr tables" if "tables" in r["method"] else "tracktr"
        found = [
            o["cpu_seconds"]
            for o in rows
            if o["method"] == method
            and o["run"] == r["run"]
            and o["rows"] == r["rows"]
            and "error" not in o
        ]
        return found[0] if found else None

    lines = [
        "| run | rows | method | ms | cpu ms | cpu ratio to tracktr | peak MiB | data MiB |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        if "error" in r:
            lines.append(f"| {r['run']} | {size(r['rows'])} | {r['method']} | {r['error']} |")
            continue
        base = ours(r)
        ratio = f"{r['cpu_seconds'] / base:.2f}" if base else ""
        lines.append(
            f"| {r['run']} | {size(r['rows'])} | {r['method']} | {r['seconds'] * 1e3:.2f} | "
            f"{r['cpu_seconds'] * 1e3:.2f} | {ratio} | {r['peak_mib']:.0f} | {r['data_mib']} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, action="append", help="sizes (1e4, 1e5, 1e6)")
    parser.add_argument("--runs", type=int, default=1, help="repeat the whole set")
    parser.add_argument("--repeat", type=int, default=5, help="timings per method (best of)")
    parser.add_argument(
        "--text", choices=["object", "str"], default="object", help="the labels' dtype"
    )
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_child(args.child, args.rows[0], args.repeat, args.text)))
        return
    started = time.perf_counter()
    print(f"machine at start: {machine()}", file=sys.stderr)
    counts = check(args.text)
    print(f"counts asked at 1e4 rows, the same for every method: {counts}", file=sys.stderr)
    rows = []
    for run in range(1, args.runs + 1):
        for n in args.rows or [10**4, 10**5, 10**6]:
            for method in METHODS:
                row = {"run": run, **child(method, n, args.repeat, args.text)}
                rows.append(row)
                print(row, file=sys.stderr)
    print(f"Machine: {machine()} (at the end)\n")
    print(f"Command: python benchmarks/routing.py {' '.join(sys.argv[1:])}".rstrip())
    print(f"Wall time: {time.perf_counter() - started:.0f} s\n")
    print(report(rows))


if __name__ == "__main__":
    main()

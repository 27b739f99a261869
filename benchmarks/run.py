"""Benchmarks of the tabulation core, side by side with the pandas idiom, as ratios.

Run ``python benchmarks/run.py`` (add ``--quick`` to skip the 1e7 case). Each benchmark is
a plain function with a docstring saying what is measured and against what; each timing is
the best of several runs (the least disturbed by other work on the machine). Not part of
the test run: timing is never asserted.
"""

from __future__ import annotations

import argparse
import os
import platform
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd
from _common import best_of as _best_of

import tracktr as tt

Row = dict[str, Any]


def best_of(function: Callable[[], object], repeat: int = 5) -> float:
    """Return the best of `repeat` runs; five by default, as the core's timings are short."""
    return _best_of(function, repeat)


def single_choice_data(n: int, seed: int = 0) -> pd.DataFrame:
    """`n` respondents answering a 7-option question, in two groups, as categoricals."""
    rng = np.random.default_rng(seed)
    options = [f"option {i}" for i in range(7)]
    return pd.DataFrame(
        {
            "q": pd.Categorical.from_codes(rng.integers(0, 7, n), categories=options),
            "g": pd.Categorical.from_codes(rng.integers(0, 2, n), categories=["CRC", "Other"]),
        }
    )


def bench_frequencies(n: int) -> list[Row]:
    """tt.frequencies(by=) against value_counts, pandas.crosstab and a bare bincount.

    All four count the same categorical column; the bare bincount is handed the integer
    codes already combined with the group codes' arithmetic, the floor any counter has.
    """
    df = single_choice_data(n)
    options = list(df["q"].cat.categories)
    codes = df["q"].cat.codes.to_numpy()
    groups = df["g"].cat.codes.to_numpy()
    timings = {
        "tt.frequencies(by=)": best_of(lambda: tt.frequencies(df, "q", options=options, by="g")),
        "value_counts()": best_of(df["q"].value_counts),
        "pandas.crosstab": best_of(lambda: pd.crosstab(df["q"], df["g"])),
        "numpy.bincount": best_of(
            lambda: np.bincount(codes.astype(np.intp) + 7 * groups.astype(np.intp), minlength=14)
        ),
    }
    ours = timings["tt.frequencies(by=)"]
    return [
        {
            "benchmark": f"single choice, n={n:.0e}",
            "method": method,
            "seconds": seconds,
            "ratio to tracktr": seconds / ours,
        }
        for method, seconds in timings.items()
    ]


def bench_multi_response(n: int, k: int = 50) -> list[Row]:
    """tt.multi_response over k indicator columns by a 2-level group, against groupby().sum().

    The pandas idiom a user would write for one binary column per option is
    ``df.groupby(group)[columns].sum()`` (the shape ``get_dummies`` produces).
    """
    rng = np.random.default_rng(1)
    columns = [f"option_{j}" for j in range(k)]
    df = pd.DataFrame((rng.random((n, k)) < 0.2).astype(np.int8), columns=columns)
    df["g"] = pd.Categorical.from_codes(rng.integers(0, 2, n), categories=["CRC", "Other"])
    ours = best_of(lambda: tt.multi_response(df, "set", columns=columns, by="g"), 3)
    # The groupby is rebuilt on every call, as a user's code would (its grouper is cached).
    theirs = best_of(lambda: df.groupby("g", observed=True)[columns].sum(), 3)  # noqa: PLW0108
    label = f"multi-response, {k} options, n={n:.0e}"
    return [
        {
            "benchmark": label,
            "method": "tt.multi_response(by=)",
            "seconds": ours,
            "ratio to tracktr": 1.0,
        },
        {
            "benchmark": label,
            "method": "groupby().sum()",
            "seconds": theirs,
            "ratio to tracktr": theirs / ours,
        },
    ]


def hamilton(counts: list[int]) -> list[int]:
    """Largest-remainder percentages of one table, the per-table loop a user would write."""
    total = sum(counts)
    exact = [Fraction(100 * c, total) for c in counts]
    floors = [int(e) for e in exact]
    order = sorted(range(len(counts)), key=lambda i: -(exact[i] - floors[i]))
    for i in order[: 100 - sum(floors)]:
        floors[i] += 1
    return floors


def bench_largest_remainder(tables: int = 100_000, cells: int = 7) -> list[Row]:
    """Largest-remainder rounding of many seven-cell tables: one 2-D call against a loop.

    Reports rounded cells per second; the loop is measured on a tenth of the tables and
    scaled, to keep the run short.
    """
    rng = np.random.default_rng(2)
    counts = rng.integers(0, 200, size=(tables, cells))
    counts[:, 0] += 1  # no empty table
    ours = best_of(lambda: tt.percentages(counts, rule="largest_remainder"), 3)
    sample = counts[: tables // 10].tolist()
    loop = best_of(lambda: list(map(hamilton, sample)), 1) * 10
    label = f"largest remainder, {tables:.0e} tables x {cells} cells"
    return [
        {
            "benchmark": label,
            "method": "tt.percentages(2-D)",
            "seconds": ours,
            "ratio to tracktr": 1.0,
            "cells per second": tables * cells / ours,
        },
        {
            "benchmark": label,
            "method": "per-table Python loop",
            "seconds": loop,
            "ratio to tracktr": loop / ours,
            "cells per second": tables * cells / loop,
        },
    ]


def machine() -> str:
    """Describe the machine the figures were measured on."""
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"numpy {np.__version__}, pandas {pd.__version__}, tracktr {tt.__version__}"
    )


def main() -> None:
    """Run every benchmark and print a Markdown table of the results."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="skip the 1e7-respondent case")
    args = parser.parse_args()
    rows: list[Row] = []
    for n in (10**6,) if args.quick else (10**6, 10**7):
        rows += bench_frequencies(n)
    rows += bench_multi_response(10**6)
    rows += bench_largest_remainder()
    frame = pd.DataFrame(rows)
    frame["seconds"] = frame["seconds"].map(lambda s: f"{s:.4f}")
    frame["ratio to tracktr"] = frame["ratio to tracktr"].map(lambda r: f"{r:.2f}")
    if "cells per second" in frame:
        frame["cells per second"] = frame["cells per second"].map(
            lambda c: "" if pd.isna(c) else f"{c:,.0f}"
        )
    frame = frame.fillna("").astype(str)
    header = "| " + " | ".join(frame.columns) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    body = ["| " + " | ".join(row) + " |" for row in frame.to_numpy().tolist()]
    print(f"Machine: {machine()}\n")
    print("\n".join([header, rule, *body]))


if __name__ == "__main__":
    main()

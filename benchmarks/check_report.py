"""How long ``tt.check.report`` takes on a figures file of 10,000 figures.

Run ``python benchmarks/check_report.py`` (``--figures N`` for another size). The file is a
synthetic report of graphs: each has a base (n= up to 2,000), one percentage per option
computed from random counts (half-up), a distribution linking them, a verbal share and a
count restating one option, and a ratio between two options; one percentage in twenty is
one unit off. It is written as CSV, then read and checked; the time is the best of three
runs (wall-clock, and CPU time, which other work on the machine
disturbs less) and covers reading, validating and checking. Not part of the test run.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import tracktr as tt
from tracktr.rounding import percentage_units


def synthetic_report(figures: int, seed: int = 0) -> pd.DataFrame:
    """Return the rows of a figures file with about `figures` rows."""
    rng = np.random.default_rng(seed)
    rows: list[dict[str, Any]] = []
    graph = 0
    while len(rows) < figures:
        graph += 1
        base = int(rng.integers(20, 2001))
        options = int(rng.integers(2, 7))
        counts = rng.multinomial(base, rng.dirichlet(np.ones(options)))
        printed = percentage_units(counts, base)
        source = f"Graph {graph}"
        g = f"g{graph}"
        rows.append({"id": f"{g}_n", "kind": "base", "source": source, "base": base})
        for i, units in enumerate(printed):
            value = int(units) + (1 if rng.random() < 0.05 and units < 100 else 0)
            rows.append(
                {
                    "id": f"{g}_o{i}",
                    "kind": "percent",
                    "source": source,
                    "option": f"option {i}",
                    "value": value,
                    "base": base,
                    "claim": f"option {i}: {value}%",
                }
            )
        parts = "; ".join(f"option {i} = {g}_o{i}" for i in range(options))
        rows.append(
            {
                "id": f"{g}_all",
                "kind": "distribution",
                "source": source,
                "base": base,
                "parts": parts,
                "complete": "yes",
            }
        )
        rows.append(
            {
                "id": f"{g}_text",
                "kind": "count",
                "source": "text",
                "count": int(counts[0]),
                "value": int(printed[0]),
                "restates": f"{g}_n",
            }
        )
        rows.append(
            {
                "id": f"{g}_phrase",
                "kind": "share",
                "source": "text",
                "phrase": "about a third",
                "restates": f"{g}_o0",
            }
        )
        rows.append(
            {
                "id": f"{g}_ratio",
                "kind": "ratio",
                "source": "text",
                "value": 2,
                "qualifier": "about",
                "numerator": f"{g}_o0",
                "denominator": f"{g}_o1",
            }
        )
    # As typed in a spreadsheet: text, whole numbers without ".0" (which would say "printed
    # with one decimal").
    return pd.DataFrame([{k: str(v) for k, v in row.items()} for row in rows[:figures]]).fillna("")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--figures", type=int, default=10_000)
    args = parser.parse_args()
    frame = synthetic_report(args.figures)
    # Keep whole graphs only: a cut-off graph would link to figures beyond the cut.
    last = frame["source"].where(frame["source"] != "text").ffill().iloc[-1]
    frame = frame.loc[frame["source"].where(frame["source"] != "text").ffill() != last]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.csv"
        frame.to_csv(path, index=False)
        times, cpu = [], []
        for _ in range(3):
            start, start_cpu = time.perf_counter(), time.process_time()
            found = tt.check.report(path)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
    print(
        f"{len(frame)} figures, {len(found)} findings ({found.counts()}): best of 3 "
        f"{min(times):.2f} s wall-clock, {min(cpu):.2f} s CPU"
    )


if __name__ == "__main__":
    main()

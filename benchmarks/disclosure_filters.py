"""Disclosure control of many filtered tables: everyone's income and 30 random filters.

``tt.frequencies(data, "income")`` of the 151 organisations of ``tt.datasets.tracktr_2015()``
and of 30 random subsets of them (each keeps 10% to 60% of the rows), protected together
with ``method="heuristic"``, the frame's index named (``data.rename_axis("org")``: a
table's rows say whether it is some of another's) or left as the unnamed ``RangeIndex``
the dataset comes with (the rows cannot tell, and every table whose numbers fit within
another's is linked to it as a part). Prints the numbers hidden of those printed, whether
every requirement is met, wall-clock and processor time, and the warnings.

Run: ``python benchmarks/disclosure_filters.py`` (``--seed N`` for other filters).
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
import pandas as pd

import tracktr as tt


def tables(data: pd.DataFrame, seed: int) -> list[tt.Table]:
    survey = tt.surveys.tracktr_2015()
    rng = np.random.default_rng(seed)
    out = [tt.frequencies(data, "income", survey=survey)]
    for _ in range(30):
        keep = rng.random(len(data)) < rng.uniform(0.1, 0.6)
        out.append(tt.frequencies(data[keep], "income", survey=survey))
    return out


def run(data: pd.DataFrame, seed: int, name: str) -> None:
    """Protect the 31 tables of `data` together; print what was hidden and the time."""
    ts = tables(data, seed)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", tt.DisclosureWarning)
        wall, cpu = time.perf_counter(), time.process_time()
        protected = tt.disclosure.protect(ts, method="heuristic")
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    hidden = sum(
        int(r.suppressed.to_numpy().sum()) + int(r.suppressed_bases.to_numpy().sum())
        for r in protected
    )
    numbers = sum(int(r.suppressed.size) + int(r.suppressed_bases.size) for r in protected)
    print(
        f"{name:8s} hidden {hidden} of {numbers}  met {protected.met}  "
        f"{wall:.1f} s ({cpu:.1f} s CPU)  warnings {len(caught)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=2015)
    args = parser.parse_args()
    data = tt.datasets.tracktr_2015()
    run(data.rename_axis("org"), args.seed, "named")
    run(data, args.seed, "unnamed")


if __name__ == "__main__":
    main()

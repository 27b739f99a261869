"""``tt.multi_response`` of 50 indicator columns by 10 groups, in each layout (issue 16).

Run ``python benchmarks/multi_memory.py ROWS CASE`` in a fresh process per case, e.g.
``python benchmarks/multi_memory.py 1e6 apart``. Cases: the frame of
``benchmarks/peers.py`` (``block``: int8 columns in one pandas block, read in place),
the same columns each assigned on its own (``apart``: copied, one block each), recast
as ``int64``, as ``float`` with blanks in one column (a CSV file's 0/1 columns), and
``weighted``. Prints the best of 3 process (CPU) milliseconds and the memory the method
added above the data (``VmHWM`` reset once the data are built, as in ``peers.py``)
beside the indicators' own size. Timing is never asserted; figures go to
``docs/performance.rst`` with the command and the machine's load average.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))

import peers  # beside this file, found once the path holds it

import tracktr as tt

CASES = ("block", "apart", "int64", "float", "weighted")


def frame(n: int, case: str) -> tuple[pd.DataFrame, list[str], dict[str, Any]]:
    """Return the benchmark's indicators in the layout `case`, their columns, options."""
    df = peers.indicators(n)
    columns = [c for c in df.columns if c != "g"]
    if case == "apart":
        apart = pd.DataFrame({"g": df["g"]})
        for column in columns:
            apart[column] = df[column].to_numpy().copy()
        return apart, columns, {}
    if case == "int64":
        return df.astype(dict.fromkeys(columns, np.int64)), columns, {}
    if case == "float":
        recast = df.astype(dict.fromkeys(columns, np.float64))
        recast.iloc[::7, 0] = np.nan
        return recast, columns, {}
    if case == "weighted":
        df["w"] = np.random.default_rng(0).random(n) * 2
        return df, columns, {"weights": "w"}
    return df, columns, {}


def main() -> None:
    n, case = int(float(sys.argv[1])), sys.argv[2]
    if case not in CASES:
        msg = f"CASE must be one of {CASES}, got {case!r}."
        raise SystemExit(msg)
    df, columns, options = frame(n, case)
    tt.multi_response(df.iloc[:1000], "set", columns=columns, by="g", **options)
    data = peers.rss_mib()
    peers.reset_peak()
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        tt.multi_response(df, "set", columns=columns, by="g", **options)
        best = min(best, time.process_time() - start)
    size = sum(df[c].nbytes for c in columns) / 2**20
    print(
        f"{case} {n}: {best * 1e3:.0f} cpu ms, added {peers.peak_mib() - data:.0f} MiB "
        f"(data {data:.0f} MiB, indicators {size:.0f} MiB)"
    )


if __name__ == "__main__":
    main()

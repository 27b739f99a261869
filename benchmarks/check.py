"""Time tracktr.check at huge bases: every check answers in closed form, in constant memory.

``python benchmarks/check.py`` prints a Markdown table of best-of-3 timings and the peak
memory of each case (``tracemalloc``). Before issue 11, ``tracktr check 50 1000000000``
took 14 s and 1.2 GB, and 100 cells with ``max_base=10**7`` asked for 7.5 GiB; every case
below listed counts or bases one by one.
"""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable

import tracktr as tt

CASES: dict[str, Callable[[], object]] = {
    "percent(50, 1e9), repr": lambda: repr(tt.check.percent(50, 10**9)),
    "percent(50, 1e15), repr": lambda: repr(tt.check.percent(50, 10**15)),
    "percent(94, 1e9 + 7).nearest()": lambda: tt.check.percent(94, 10**9 + 7).nearest(),
    "percent(94.5, 1e8 + 1, 1 decimal).explanation": lambda: (
        tt.check.percent(94.5, 10**8 + 1, decimals=1).explanation
    ),
    "bases(0, 0, max_base=1e15)": lambda: len(
        tt.check.bases(0, 0, max_base=10**15).bases["half_up"]
    ),
    "distribution(100 cells of 1%, max_base=1e7)": lambda: tt.check.distribution(
        [1] * 100, max_base=10**7
    ),
    "distribution(100 cells of 1%, max_base=1e15)": lambda: tt.check.distribution(
        [1] * 100, max_base=10**15
    ),
    "distribution([35, 60, 5], base=1e15)": lambda: tt.check.distribution([35, 60, 5], 10**15),
    "distribution(largest remainder, max_base=1e15)": lambda: tt.check.distribution(
        [34, 33, 33], rule="largest_remainder", max_base=10**15
    ),
    "distribution(largest remainder, base=1e15)": lambda: tt.check.distribution(
        [34, 33, 33], 10**15, rule="largest_remainder"
    ),
}


def measure(function: Callable[[], object], repeat: int = 3) -> tuple[float, float]:
    """Best-of-`repeat` seconds, and the peak MiB allocated by one run."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return best, peak


def main() -> None:
    """Print one row per case."""
    print("| case | seconds | peak MiB |")
    print("|---|---:|---:|")
    for name, function in CASES.items():
        seconds, peak = measure(function)
        print(f"| {name} | {seconds:.4f} | {peak:.1f} |")


if __name__ == "__main__":
    main()

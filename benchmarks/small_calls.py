"""The fixed cost of one small table: ``tt.frequencies`` and ``tt.crosstab`` at 1e3 rows.

Run ``python benchmarks/small_calls.py`` (``--calls N`` per batch, default 1000;
``--batches N``, default 7). Measured, each as the best batch of processor time
(``time.process_time``) divided by its calls, after 300 calls to warm up:

- ``one-way``: ``tt.frequencies(df, "q", options=OPTIONS)``, one 7-option categorical
  column of 1e3 rows (the case of ``benchmarks/peers.py --only one-way``), and the same
  at 1e4 rows;
- ``one-way, options from the categories``: the same without ``options=``;
- ``by a group``: ``tt.frequencies(df, "q", options=OPTIONS, by="g")``, 10 groups;
- ``crosstab``: ``tt.crosstab(df, "q", "g")``.

At these sizes counting takes a few microseconds; the rest is the fixed work around it
(taking the column, its categories, the checks of the options, the fold, the ``Table``).
Compare the code before and after a change by running this script with each tree's
``src`` on ``PYTHONPATH``, one after the other. Not part of the test run; the figures are
in ``docs/performance.rst``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from peers import OPTIONS, single


def cases() -> dict[str, Callable[[], object]]:
    """Return each measured call, on its data."""
    import tracktr as tt

    one, wide, grouped = single(10**3)[["q"]], single(10**4)[["q"]], single(10**3, groups=10)
    return {
        "one-way, 1e3": lambda: tt.frequencies(one, "q", options=OPTIONS),
        "one-way, 1e4": lambda: tt.frequencies(wide, "q", options=OPTIONS),
        "one-way, options from the categories, 1e3": lambda: tt.frequencies(one, "q"),
        "by a group, 1e3": lambda: tt.frequencies(grouped, "q", options=OPTIONS, by="g"),
        "crosstab, 1e3": lambda: tt.crosstab(grouped, "q", "g"),
    }


def per_call(work: Callable[[], object], calls: int, batches: int) -> float:
    """Return the processor time of one call, in ms: the best batch over its calls."""
    for _ in range(300):
        work()
    best = float("inf")
    for _ in range(batches):
        start = time.process_time()
        for _ in range(calls):
            work()
        best = min(best, (time.process_time() - start) / calls)
    return 1000 * best


def main() -> None:
    """Print a Markdown table: each case and its processor time per call."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--batches", type=int, default=7)
    args = parser.parse_args()
    print("| call | CPU ms per call |\n|---|---|")
    for name, work in cases().items():
        print(f"| {name} | {per_call(work, args.calls, args.batches):.3f} |")


if __name__ == "__main__":
    main()

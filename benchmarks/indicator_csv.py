"""``Survey.prepare`` and ``tt.io.tabulate_csv`` on one tick-all-that-apply set (issue 16).

Run ``python benchmarks/indicator_csv.py`` (``--rows 1000000`` for a larger file,
``--repeat 3``). Measured, best of ``--repeat``:

- ``Survey.prepare`` of a frame of 1e5 rows holding one 10-option set in indicator form,
  process (CPU) time;
- ``tt.io.tabulate_csv`` of a CSV file of ``--rows`` rows holding the same set, in chunks
  of 1e5 rows, as the file's megabytes over the wall-clock time; beside it the CPU time
  of the process in the same run (on a machine shared with other work, wall-clock time
  also counts the time spent waiting for a core) and the peak memory while it ran
  (``VmHWM`` reset once the file is written, as in ``benchmarks/peers.py``) beside the
  memory the process held before (``peak - before`` is what tabulating added).

The cells are those of a real export: mostly ``1``/``0``, a tenth of the rows blank (the
set skipped), and one blank cell in a twentieth of the answered rows (read as not
ticked, a change per cell); ``--no-blanks`` writes only ``1``/``0``. Timing is never
asserted; figures go to ``docs/performance.rst`` with the command and the machine's load
average.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable

import numpy as np
import pandas as pd
from peers import peak_mib, reset_peak, rss_mib

import tracktr as tt

OPTIONS = 10


def codebook() -> tt.Survey:
    """Return a codebook of one 10-option set in indicator form."""
    options = [{"code": i + 1, "label": f"option {i}", "column": f"m_{i}"} for i in range(OPTIONS)]
    return tt.Survey.from_dict(
        {
            "title": "Benchmark",
            "questions": [{"id": "m", "type": "multi", "text": "Which?", "options": options}],
        }
    )


def frame(n: int, seed: int = 0, *, blanks: bool = True) -> pd.DataFrame:
    """Return `n` respondents' answers to the set (floats with NaN, as a CSV reader gives)."""
    rng = np.random.default_rng(seed)
    ticks = (rng.random((n, OPTIONS)) < 0.3).astype(float)
    if blanks:
        ticks[rng.random(n) < 0.1, :] = np.nan  # the set skipped
        holes = rng.random(n) < 0.05
        ticks[holes, rng.integers(0, OPTIONS, n)[holes]] = np.nan  # one blank cell
    else:
        ticks = ticks.astype(int)  # every cell 1 or 0: nothing for prepare() to change
    data = pd.DataFrame(ticks, columns=[f"m_{i}" for i in range(OPTIONS)])
    data.insert(0, "respondent_id", np.arange(n))
    return data


def best(work: Callable[[], object], repeat: int, clock: Callable[[], float]) -> float:
    """Return the best of `repeat` timings of ``work()`` by `clock`."""
    times = []
    for _ in range(repeat):
        start = clock()
        work()
        times.append(clock() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10**6)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-blanks", action="store_true", help="every cell 1 or 0")
    args = parser.parse_args()
    blanks = not args.no_blanks
    survey = codebook()
    data = frame(10**5, blanks=blanks)
    seconds = best(lambda: survey.prepare(data), args.repeat, time.process_time)
    print(f"Survey.prepare, 1e5 rows, 10-option indicator set: {seconds:.3f} s CPU")
    name = f"tracktr-indicator-{args.rows}{'' if blanks else '-ticks'}.csv"
    path = os.path.join(tempfile.gettempdir(), name)
    if not os.path.exists(path):
        frame(args.rows, seed=1, blanks=blanks).to_csv(path, index=False)
    megabytes = os.path.getsize(path) / 1e6
    before = rss_mib()
    reset = reset_peak()
    times = []  # (wall-clock, CPU) of each run
    for _ in range(args.repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        tt.io.tabulate_csv(path, survey, ["m"], chunksize=100_000)
        times.append((time.perf_counter() - start, time.process_time() - start_cpu))
    seconds, cpu = min(times)
    peak = f", peak {peak_mib():.0f} MiB (before {before:.0f} MiB)" if reset else ""
    print(
        f"tabulate_csv, {args.rows:,} rows ({megabytes:.0f} MB): {seconds:.2f} s, "
        f"{megabytes / seconds:.0f} MB/s (CPU {cpu:.2f} s, {megabytes / cpu:.0f} MB/s){peak}"
    )


if __name__ == "__main__":
    main()

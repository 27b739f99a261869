"""The counting kernels alone: numpy's against the compiled ones (numba, the ``fast`` extra).

``python benchmarks/kernels_compiled.py`` times ``tracktr._kernels.count_pairs`` (one-way,
7 codes and the blank) and ``weighted_pairs`` (7 x 10, weights plain, of 2 decimal places,
or 5% of them 0) at 1e6 and 1e7 rows, with ``TRACKTR_KERNELS=numpy`` and with the compiled
kernels, alternately in one process: the best wall-clock and processor milliseconds of
seven calls each. Processor time is what a count cost when other work shares the machine;
set ``TRACKTR_THREADS=1`` to see one thread's. Not part of the test run.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

import numpy as np

from tracktr import _kernels


def best_of(work: Callable[[], object], repeat: int = 7) -> tuple[float, float]:
    """Return the best wall-clock and processor milliseconds of `repeat` calls."""
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        work()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return min(wall) * 1e3, min(cpu) * 1e3


def cases(n: int, seed: int = 0) -> dict[str, Callable[[], object]]:
    """Return the counts timed at `n` rows, by name."""
    rng = np.random.default_rng(seed)
    codes = rng.integers(0, 7, n, dtype=np.int8)
    groups = rng.integers(0, 10, n, dtype=np.int8)
    plain = rng.random(n) * 2
    places = np.round(rng.random(n) * 3, 2) + 0.01
    zeros = np.where(rng.random(n) < 0.05, 0.0, rng.random(n) * 2)

    def weighted(w: np.ndarray) -> Callable[[], object]:
        return lambda: _kernels.weighted_pairs(codes, groups, 8, 11, w, low=1e-9)

    return {
        "one-way": lambda: _kernels.count_pairs(codes, None, 8, 1, None),
        "weighted": weighted(plain),
        "weighted, 2 places": weighted(places),
        "weighted, 5% 0": weighted(zeros),
    }


def main() -> None:
    """Print one line a case: numpy's and the compiled kernels' milliseconds."""
    for n in (10**6, 10**7):
        for name, work in cases(n).items():
            timed = []
            for choice in ("numpy", "auto"):
                os.environ["TRACKTR_KERNELS"] = choice
                work()  # loads and warms the kernels
                timed.append(best_of(work))
            (numpy_wall, numpy_cpu), (wall, cpu) = timed
            print(
                f"{n:.0e} {name:20s} numpy {numpy_wall:7.2f} ms (cpu {numpy_cpu:7.2f})"
                f"  compiled {wall:7.2f} ms (cpu {cpu:7.2f})"
            )


if __name__ == "__main__":
    main()

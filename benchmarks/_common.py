"""What the benchmark scripts share: how a timing is taken.

Each script is run as ``python benchmarks/<name>.py``, so this folder is on ``sys.path``
and the scripts import this module as ``_common``.
"""

from __future__ import annotations

import time
from collections.abc import Callable


def best_of(function: Callable[[], object], repeat: int = 3) -> float:
    """Return the best wall-clock time of `repeat` calls, in seconds.

    The best, not the mean: it is the run least disturbed by other work on the machine.
    """
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)

"""Waves of a tracking survey: harmonise codebooks, pool the data, tabulate trends.

Three modules, following the data flow:

- :mod:`~tracktr.waves.harmonise`: a :class:`Harmonisation` map, declared in TOML, says
  how each wave's questions and options line up with a common codebook, and is checked
  against every wave's codebook;
- :mod:`~tracktr.waves.pool`: :func:`pool` stacks the waves into one frame with a
  ``wave`` column and a pooled codebook, and records which organisations (a persistent
  id) answered which waves;
- :mod:`~tracktr.waves.trends`: trend tables (waves as columns, counted by
  :func:`tracktr.frequencies`), wave-on-wave change from the pooled data
  (:func:`change`), and plain-English statements (:func:`describe_change`);
- :mod:`~tracktr.waves.overlap`: the statistics of change between overlapping samples,
  on counts: :func:`compare_overlapping` (Kish's variance, a test that is Pearson's with
  no overlap and McNemar's with full overlap) and :func:`mcnemar`.

Charts are in :mod:`tracktr.waves.plot`. Waves are overlapping samples, not independent
ones: the same organisation answering twice tends to answer alike, so the test of a
change must use the overlap (see :func:`compare_overlapping`).

Examples
--------
>>> import tracktr as tt
>>> pooled = tt.waves.pool(tt.datasets.tracktr_waves(),
...                        harmonise=tt.datasets.tracktr_waves_map(), id="org_id")
>>> pooled.waves
('2015-05', '2015-10')
"""

from __future__ import annotations

from tracktr.waves import plot
from tracktr.waves.harmonise import (
    Harmonisation,
    Harmonised,
    HarmonisedQuestion,
    QuestionMap,
    WaveMap,
)
from tracktr.waves.overlap import McNemarTest, WaveChange, compare_overlapping, mcnemar
from tracktr.waves.pool import KEY, Pooled, pool
from tracktr.waves.trends import change, changes, describe_change, trend

__all__ = [
    "KEY",
    "Harmonisation",
    "Harmonised",
    "HarmonisedQuestion",
    "McNemarTest",
    "Pooled",
    "QuestionMap",
    "WaveChange",
    "WaveMap",
    "change",
    "changes",
    "compare_overlapping",
    "describe_change",
    "mcnemar",
    "plot",
    "pool",
    "trend",
]


def __dir__() -> list[str]:
    """Only the public names, as listed in ``__all__`` (what ``dir()`` and completion show)."""
    return sorted(__all__)

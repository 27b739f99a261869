"""Datasets bundled with tracktr: synthetic trackTR 2015 microdata.

:func:`tracktr_2015` returns 151 **synthetic** organisations answering every question of
the trackTR 2015 codebook (:func:`tracktr.surveys.tracktr_2015`). The answers are made
up: a seeded generator in this package (``python -m tracktr.datasets._generate``) solved
for the counts that reproduce the figures printed in *Change & challenge* (Clinks, NCVO
and TSRC, May 2016) and dealt them to respondents. They are **not** the survey's real
responses, which are not public. Where the report prints a figure that no data can give,
the data take the nearest possible one; :func:`tracktr_2015_departures` lists them.

Both are read from CSV files shipped with the package; loading never runs the generator.

:func:`tracktr_waves` adds a **synthetic first wave** (May 2015, 156 made-up organisations,
91 of them also in the second) with its own codebook, and :func:`tracktr_waves_map` the
harmonisation map of the two waves, for :mod:`tracktr.waves`.

Examples
--------
>>> import tracktr as tt
>>> df = tt.datasets.tracktr_2015()
>>> df.shape
(151, 120)
>>> df.attrs["synthetic"][:14]
'Synthetic data'
"""

from __future__ import annotations

from tracktr.datasets._bundled import SYNTHETIC, tracktr_2015, tracktr_2015_departures
from tracktr.datasets._waves import tracktr_waves, tracktr_waves_map

__all__ = [
    "SYNTHETIC",
    "tracktr_2015",
    "tracktr_2015_departures",
    "tracktr_waves",
    "tracktr_waves_map",
]


def __dir__() -> list[str]:
    """Only the public names, as listed in ``__all__`` (what ``dir()`` and completion show)."""
    return sorted(__all__)

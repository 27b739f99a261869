"""Disclosure control: publish tables without identifying the organisations in them.

A survey of 151 organisations is small enough that a published count of 1 or 2 can point
at one organisation ("Only one organisation ... had a direct funding relationship with the
NPS"). :func:`protect` takes every table that will be published from the same
respondents, hides each sensitive number (a count of 1 to ``threshold - 1``
organisations, and optionally zeros and "everyone" counts), chooses further numbers to
hide by mixed-integer programming (or a fast heuristic on large sets) so that a reader
with a solver and all the tables cannot narrow a sensitive number below its protection
level, and audits the result with the reader's own linear programmes.
:func:`suppress` does the same for one table.

Examples
--------
>>> import pandas as pd
>>> import tracktr as tt
>>> df = pd.DataFrame({"size": ["Small"] * 40 + ["Medium"] * 2 + ["Large"] * 30})
>>> table = tt.frequencies(df, "size", options=["Small", "Medium", "Large"])
>>> tt.disclosure.suppress(table).display_frame()
            All
Small   56 (40)
Medium      [c]
Large       [c]
Base       n=72
"""

from __future__ import annotations

from tracktr.disclosure.protection import protect, suppress
from tracktr.disclosure.suppression import (
    DEFAULT_MARKER,
    DEFAULT_THRESHOLD,
    ProtectedSet,
    Suppression,
)

__all__ = [
    "DEFAULT_MARKER",
    "DEFAULT_THRESHOLD",
    "ProtectedSet",
    "Suppression",
    "protect",
    "suppress",
]


def __dir__() -> list[str]:
    """Only the public names, as listed in ``__all__`` (what ``dir()`` and completion show)."""
    return sorted(__all__)

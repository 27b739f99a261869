"""Respondent ids seen in earlier chunks of a file, in compact sorted arrays.

Reading a file in chunks needs to know whether an id of this chunk came in an earlier
one. A Python set of every id costs about 70 bytes an id; integer ids (the usual export
form) are kept instead as sorted ``int64`` runs, 8 bytes an id, merged like a binary
counter (a run is merged with the one before it when that one is no larger), so there
are at most log2(chunks) runs to search and each id is copied O(log chunks) times.
Other ids (text) keep the exact set, as before.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

__all__ = ["SeenIds"]


class SeenIds:
    """Ids seen so far; :meth:`repeated` reports, then remembers, one chunk's ids."""

    __slots__ = ("_objects", "_runs")

    def __init__(self) -> None:
        self._runs: list[npt.NDArray[np.int64]] = []
        self._objects: set[Any] = set()

    def repeated(self, ids: pd.Series) -> list[Any]:
        """Return the ids of this chunk seen in an earlier one (sorted as text), then add them.

        Ids repeated within the chunk itself are not reported here: validation does that.
        """
        if ids.dtype == np.int64:
            values = ids.to_numpy()
            found = np.zeros(len(values), dtype=bool)
            for run in self._runs:
                at = np.searchsorted(run, values)
                inside = at < len(run)
                found[inside] |= run[at[inside]] == values[inside]
            repeated: list[Any] = sorted(np.unique(values[found]).tolist(), key=str)
            self._add(np.unique(values))
            # An integer id in a text chunk (or the reverse) is a different id, as in a set.
            return repeated
        listed = ids.tolist()
        repeated = sorted({i for i in listed if i in self._objects}, key=str)
        self._objects.update(listed)
        return repeated

    def _add(self, run: npt.NDArray[np.int64]) -> None:
        while self._runs and len(self._runs[-1]) <= len(run):
            run = np.sort(np.concatenate([self._runs.pop(), run]), kind="stable")
        self._runs.append(run)

    @property
    def nbytes(self) -> int:
        """Bytes held by the integer runs (the text ids' set is not counted)."""
        return sum(run.nbytes for run in self._runs)
